"""Page breaks: the page of each line, and which repeated edge lines are page furniture."""

from __future__ import annotations

from checker.read.pages import page_furniture, page_map


def test_no_form_feed_means_no_pages() -> None:
    assert page_map("one\ntwo\n") is None


def test_a_page_starts_on_the_line_of_its_first_text() -> None:
    pages = page_map("a\nb\n\fc\nd\n\f\n\ne\n")
    assert pages is not None and pages.starts == (3, 7)
    assert [pages.page_of(n) for n in range(1, 8)] == [1, 1, 2, 2, 2, 2, 3]
    assert pages.pages == 3


def test_header_repeated_on_every_page_but_the_letterhead_is_furniture() -> None:
    text = "Letterhead\nbody one\nPage 1 of 3\fCase CM15-1\nbody two\nPage 2 of 3\fCase CM15-1\nbody three\nPage 3 of 3"
    furniture = page_furniture(text)
    assert "Case CM15-1" in furniture
    assert "Page 7 of 9" in furniture  # page numbers are masked in lines that say "page"
    assert "body two" not in furniture and "Letterhead" not in furniture


def test_an_edge_line_on_only_some_pages_is_kept() -> None:
    text = "a\nDecision rationale:\fb\nc\fDecision rationale:\nd\fe\nf"
    assert "Decision rationale:" not in page_furniture(text)


def test_a_sentence_that_happens_to_end_two_pages_is_not_furniture() -> None:
    pages = [
        "IMR Case Number CM15-0000001\nThe request for MRI is not medically\nnecessary.",
        "IMR Case Number CM15-0000001\nThe request for PT is not medically\nnecessary.",
        "IMR Case Number CM15-0000001\nThe request for Norco is medically\nnecessary.",
    ]
    furniture = page_furniture("\f".join(pages))
    assert "necessary." not in furniture
    assert "IMR Case Number CM15-0000001" in furniture


def test_furniture_recurs_on_every_page_after_the_first() -> None:
    pages = ["Letterhead\nbody one", "Footer A\nbody two", "body three\nFooter B", "Footer A\nbody four"]
    furniture = page_furniture("\f".join(pages))
    assert "Footer A" not in furniture  # missing from page three
