"""`imr-check text LETTER`: the text the checker reads, so report line numbers can be followed.

For a PDF this is the extracted text, pages separated by form feeds: the lines that report
line numbers count.
"""

from typing import Annotated

import typer

from checker.cli.options import fail
from checker.run.exitcodes import EXIT_FAILED


def text(
    letter: Annotated[
        str,
        typer.Argument(metavar="LETTER", show_default=False),
    ],
    numbers: Annotated[
        bool, typer.Option("--numbers", "-n", help="Prefix each line with its number and page.")
    ] = False,
) -> None:
    """Print the text of LETTER (a .txt or .pdf file, or - for standard input) as the checker
    reads it: a PDF's extracted text.

    Example: imr-check text -n letters/004.pdf | sed -n 80,90p
    """
    from pathlib import Path

    from checker.pipeline import LetterError, decode_source
    from checker.read.ingest import read_source
    from checker.read.pages import page_map

    if letter != "-" and not Path(letter).exists():
        fail(f"no such file: {letter}")
    try:
        body, _ = decode_source(read_source(letter))
    except LetterError as error:
        fail(f"{letter}: {error.problem.message}", EXIT_FAILED)
    if not numbers:
        typer.echo(body, nl=not body.endswith("\n"))
        return
    pages = page_map(body)
    for number, line in enumerate(body.split("\n"), start=1):
        page = f"p{pages.page_of(number)} " if pages else ""
        typer.echo(f"{page}{number:>5}  {line.replace(chr(12), '')}")
