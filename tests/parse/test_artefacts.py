"""Extraction artefacts in the standard layout: each variant of a real letter reads as the original."""

from __future__ import annotations

import pytest

from checker.model import LetterResult
from checker.pipeline import check
from checker.report.views import item_dict
from checker.rulebook.book import Rulebook
from tests.support import EXAMPLES, example_text

NAMES = sorted(p.name for p in EXAMPLES.glob("*.txt"))
NORCO = "003_da630829cdb6960e.txt"


def facts(result: LetterResult, with_ur: bool = True) -> list[tuple]:
    """What must not change when only the extraction differs: each item's reading."""
    assert result.status == "ok", result.errors
    out = []
    for item_result in result.items:
        item = item_result.item
        strength = item.treatment.strength.values if item.treatment.strength else None
        conclusion = item.conclusion.verdict if item.conclusion else None
        pages = tuple((p.first, p.last) for c in item.citations for p in c.pages)
        ur = item.ur_status if with_ur else None
        out.append(
            (item.drug, item.drug_class, strength, item.treatment.quantity, item.decision, ur, conclusion, pages)
        )
    return out


def assert_lines_point_at_treatments(result: LetterResult, text: str) -> None:
    lines = text.replace("\r\n", "\n").split("\n")
    for item_result in result.items:
        item = item_result.item
        first_word = item.treatment.name.split()[0]
        assert first_word.lower() in lines[item.line - 1].lower(), (item.line, lines[item.line - 1])


@pytest.mark.parametrize("name", NAMES)
def test_without_blank_line_doubling(parser_rulebook: Rulebook, name: str) -> None:
    text = example_text(name)
    single = "\n".join(line for line in text.split("\n") if line.strip())
    result = check(single, parser_rulebook)
    assert facts(result) == facts(check(text, parser_rulebook))
    assert_lines_point_at_treatments(result, single)


@pytest.mark.parametrize("name", NAMES)
def test_crlf_line_ends_keep_line_numbers(parser_rulebook: Rulebook, name: str) -> None:
    text = example_text(name)
    original = check(text, parser_rulebook)
    result = check(text.replace("\n", "\r\n"), parser_rulebook)
    assert facts(result) == facts(original)
    assert [i.item.line for i in result.items] == [i.item.line for i in original.items]


def paginate(text: str, breaks: list[int], header: str) -> str:
    """Break `text` into pages before each line number in `breaks`, with a header and footer."""
    lines = text.split("\n")
    total = len(breaks) + 1
    out: list[str] = []
    page = 1
    for number, line in enumerate(lines, start=1):
        if number in breaks:
            out.append(f"Page {page} of {total}")
            page += 1
            out.append(f"\f{header}")
        out.append(line)
    out.append(f"Page {page} of {total}")
    return "\n".join(out)


def test_page_header_and_footer_inside_a_rationale_are_dropped(parser_rulebook: Rulebook) -> None:
    text = example_text(NORCO)
    # Page 2 starts inside the Soma rationale, page 3 inside the Norco rationale.
    paged = paginate(text, [107, 151], "IMR Case Number: CM15-0012345")
    result = check(paged, parser_rulebook)
    assert facts(result) == facts(check(text, parser_rulebook))
    for item_result in result.items:
        rationale = item_result.item.rationale.text
        assert "CM15-0012345" not in rationale and "Page 2" not in rationale
    norco = result.items[2].item
    assert "aberrant (or non adherent) drug-related behaviors" in norco.rationale.text
    assert [i.item.page for i in result.items] == [1, 1, 2]
    assert_lines_point_at_treatments(result, paged)


def test_text_without_page_breaks_has_no_pages(parser_rulebook: Rulebook) -> None:
    result = check(example_text(NORCO), parser_rulebook)
    assert [i.item.page for i in result.items] == [None, None, None]
    assert "page" not in item_dict(result.items[0])


@pytest.mark.parametrize("name", NAMES)
def test_all_caps_item_headers(parser_rulebook: Rulebook, name: str) -> None:
    text = example_text(name)
    original = check(text, parser_rulebook)
    lines = text.split("\n")
    for item_result in original.items:
        lines[item_result.item.line - 1] = lines[item_result.item.line - 1].upper()
    assert facts(check("\n".join(lines), parser_rulebook)) == facts(original)


@pytest.mark.parametrize("split", [":\n\nUpheld", "\n\n: Upheld", "\nUpheld", ":\nUPHELD"])
def test_decision_word_on_the_line_after_the_treatment(parser_rulebook: Rulebook, split: str) -> None:
    text = example_text(NORCO)
    edited = text.replace("Soma 350mg #60:  Upheld", f"Soma 350mg #60{split}")
    result = check(edited, parser_rulebook)
    assert facts(result) == facts(check(text, parser_rulebook))
    soma = result.items[1].item
    assert soma.line == 95 and soma.treatment.text == "Soma 350mg #60"
    assert result.items[2].item.line == 123 + split.count("\n")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Norco 10/325mg", "#120: Upheld"),
        ("Norco", "10/325mg #120: Upheld"),
        ("Norco 10/325mg #120,", "QTY 120: Upheld"),
    ],
)
def test_treatment_wrapped_onto_a_second_line(parser_rulebook: Rulebook, first: str, second: str) -> None:
    text = example_text(NORCO)
    edited = text.replace("Norco 10/325mg #120:  Upheld", f"{first} \n\n{second}")
    result = check(edited, parser_rulebook)
    norco = result.items[2].item
    assert len(result.items) == 3
    assert norco.line == 123
    assert norco.drug == "hydrocodone/acetaminophen" and norco.decision == "upheld"
    assert norco.treatment.quantity == 120
    assert [i.item.line for i in result.items[:2]] == [63, 95]


def test_a_wrapped_rationale_line_is_not_mistaken_for_a_header(parser_rulebook: Rulebook) -> None:
    text = example_text(NORCO)
    # A rationale that ends without a period before the next header stays a rationale.
    edited = text.replace("excacerbation of lumbar pain. \n", "excacerbation of lumbar pain \n")
    assert facts(check(edited, parser_rulebook)) == facts(check(text, parser_rulebook))


def test_five_or_more_items(parser_rulebook: Rulebook) -> None:
    base = example_text(NORCO)
    other = example_text("004_5bb1afb40656a8b8.txt")
    more = other[other.index("Lorozone 750mg #60") :]
    letter = base.rstrip("\n") + "\n\n" + more + "\n" + more
    result = check(letter, parser_rulebook)
    # The appended items take their UR status from the first letter's summary: compare the rest.
    expected = facts(check(base, parser_rulebook), False) + 2 * facts(check(other, parser_rulebook), False)
    assert facts(result, False) == expected
    assert len(result.items) == 9
    assert [i.item.index for i in result.items] == list(range(1, 10))
    assert_lines_point_at_treatments(result, letter)


def test_typographic_characters(parser_rulebook: Rulebook) -> None:
    text = example_text(NORCO)
    edited = (
        text.replace("Norco 10/325mg #120:  Upheld", "Norco\u00a010\u2013325mg #120:\u00a0Upheld")
        .replace("Page(s): 76-79", "Page(s): 76\u201379")
        .replace('the "4 A\'s"', "the \u201c4 A\u2019s\u201d")
        .replace("Soma 350mg #60:  Upheld", "Soma\u202f350mg #60 :\u2003Upheld")
    )
    result = check(edited, parser_rulebook)
    assert facts(result) == facts(check(text, parser_rulebook))
    norco = result.items[2].item
    assert norco.treatment.text == "Norco 10-325mg #120"
    assert '"4 A\'s"' in norco.rationale.text
