"""Check one letter: decode, normalize, parse, extract, apply the rulebook.

`check(text, rulebook)` needs no files and no globals, so tests, the batch runner and worker
processes all call the same function.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.model import ItemResult, Letter, LetterResult, Problem
from checker.parse import memo
from checker.parse.items import NotALetter
from checker.parse.layouts import read_layout, recognised_layout
from checker.parse.vocabulary import Vocabulary
from checker.read.decode import NotText, decode
from checker.read.ingest import Source
from checker.read.normalize import normalize
from checker.read.pages import page_map, with_pages
from checker.read.pdf import NotAPdf, is_pdf, pdf_text
from checker.rulebook.book import Rulebook

# A letter that ran out of memory: its error says so, and depends on the machine, not the letter alone.
OUT_OF_MEMORY = "checking this letter ran out of memory; stopped"


class LetterError(Exception):
    """A letter that cannot be read or parsed; carries the problem to report and the letter's
    layout when its headings were recognised before parsing failed."""

    def __init__(self, problem: Problem, layout: str | None = None) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.layout = layout


def read_letter(text: str, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    """Parse decoded text into a Letter and warnings; raises LetterError."""
    normalized = normalize(text)
    try:
        return read_layout(normalized, vocabulary)
    except NotALetter as error:
        raise LetterError(Problem(str(error), error.line), recognised_layout(normalized)) from None


def decode_source(source: Source, read_pdf: Callable[[bytes], str] = pdf_text) -> tuple[str, list[Problem]]:
    """The text of a letter read by `ingest`, and decoding warnings; raises LetterError.

    `read_pdf` extracts a PDF's text: in this process by default, or in a helper process that
    can be stopped (`run.pdfhelper`).
    """
    if source.data is None:
        raise LetterError(Problem(source.error or "cannot read"))
    if is_pdf(source.data) or source.path.lower().endswith(".pdf"):
        try:
            return read_pdf(source.data), []
        except NotAPdf as error:
            raise LetterError(Problem(str(error))) from None
    try:
        text, notes = decode(source.data)
    except NotText as error:
        raise LetterError(Problem(str(error))) from None
    return text, [Problem(n, None, "warning") for n in notes]


def check(text: str, rulebook: Rulebook, path: str = "<text>") -> LetterResult:
    """Parse `text` and apply `rulebook`; bad input gives an error result, never an exception."""
    return _check_text(text, rulebook, path, [])


def check_source(source: Source, rulebook: Rulebook, read_pdf: Callable[[bytes], str] = pdf_text) -> LetterResult:
    """Check a letter read by `ingest`, turning read and decode failures into error results."""
    try:
        text, warnings = decode_source(source, read_pdf)
    except LetterError as error:
        return LetterResult(path=source.path, status="error", errors=(error.problem,))
    return _check_text(text, rulebook, source.path, warnings)


def _check_text(text: str, rulebook: Rulebook, path: str, warnings: list[Problem]) -> LetterResult:
    memo.next_letter()
    try:
        letter, problems = read_letter(text, rulebook.vocabulary)
        outcomes = rulebook.apply(letter)
    except LetterError as error:
        return LetterResult(
            path=path, status="error", layout=error.layout, errors=(error.problem,), warnings=tuple(warnings)
        )
    except MemoryError:
        problem = Problem(OUT_OF_MEMORY)
        return LetterResult(path=path, status="error", errors=(problem,), warnings=tuple(warnings))
    except Exception as error:  # a checker bug must cost one letter, never the run
        problem = Problem(
            f"internal error while checking this letter ({type(error).__name__}: {error}); please report it"
        )
        return LetterResult(path=path, status="error", errors=(problem,), warnings=tuple(warnings))
    result = LetterResult(
        path=path,
        status="ok",
        layout=letter.layout,
        items=tuple(
            ItemResult(item, outcome.flags, outcome.guideline, outcome.notes)
            for item, outcome in zip(letter.items, outcomes, strict=True)
        ),
        warnings=tuple(warnings + problems),
    )
    pages = page_map(text)
    return result if pages is None else with_pages(result, pages)
