"""Each normalization on a small inline fixture, and the map back to original lines."""

from __future__ import annotations

from checker.read.normalize import normalize


def lines(text: str) -> list[tuple[int, str]]:
    norm = normalize(text)
    return list(zip(norm.numbers, norm.lines, strict=True))


def test_blank_line_doubling_and_trailing_spaces_are_dropped() -> None:
    assert lines("First line \n\nSecond line  \n\n \nThird\n") == [(1, "First line"), (3, "Second line"), (6, "Third")]


def test_crlf_and_lone_cr_count_as_one_line_break() -> None:
    assert lines("a\r\n\r\nb\rc\n") == [(1, "a"), (3, "b"), (4, "c")]


def test_form_feed_splits_without_changing_line_numbers() -> None:
    assert lines("end of page\fPage 2 of 4\fnext page\n") == [(1, "end of page"), (1, "next page")]


def test_page_footer_lines_are_dropped() -> None:
    assert lines("text\nPage 2 of 4\nmore\n") == [(1, "text"), (3, "more")]


def test_word_split_across_lines_is_rejoined_with_its_hyphen() -> None:
    norm = normalize("a second line option short-\n\nterm (less than two weeks) of acute\n")
    assert norm.lines == ("a second line option short-term", "(less than two weeks) of acute")
    # The fragment keeps its own original line number.
    passage = norm.passage(0, 2)
    assert passage.line_at(passage.text.index("term")) == 3
    assert passage.line_at(passage.text.index("short")) == 1


def test_date_split_across_lines_is_rejoined() -> None:
    norm = normalize("Objective findings (09-\n\n03- 2015) included lumbar tenderness\n")
    assert norm.lines == ("Objective findings (09-03-2015)", "included lumbar tenderness")


def test_date_split_inside_a_line_is_rejoined() -> None:
    assert normalize("authorization dated 08-28- 2015 requested").lines == ("authorization dated 08-28-2015 requested",)
    assert normalize("data (09- 03-2015), included").lines == ("data (09-03-2015), included",)


def test_strength_split_across_lines_is_rejoined() -> None:
    assert normalize("The request for Norco 10-\n325mg #90 is not").lines == (
        "The request for Norco 10-325mg",
        "#90 is not",
    )


def test_spaced_hyphen_is_not_a_split_word() -> None:
    assert normalize("L4 - L5 and L5 -\nS1; and chronic").lines == ("L4 - L5 and L5 -", "S1; and chronic")


def test_capitalised_next_line_is_not_pulled_up() -> None:
    assert normalize("drug-\nRelated").lines == ("drug-", "Related")


def test_typographic_characters_become_plain() -> None:
    text = "\ufeff\u201cQuoted\u201d \u2013 it\u2019s\u00a0here"
    assert normalize(text).lines == ('"Quoted" - it\'s here',)


def test_runs_of_spaces_collapse() -> None:
    assert normalize("Norco 10/325mg #360:  Upheld").lines == ("Norco 10/325mg #360: Upheld",)


def test_empty_text() -> None:
    norm = normalize("")
    assert norm.lines == () and norm.numbers == ()
