"""`imr-check text LETTER`: the text the checker reads, so report line numbers can be followed.

For a PDF this is the extracted text, pages separated by form feeds: the lines that report
line numbers count.
"""

from __future__ import annotations

from typing import Annotated

import typer

from checker.run.exitcodes import EXIT_FAILED, EXIT_USAGE


def text(
    letter: Annotated[str, typer.Argument(help="One letter file (.txt or .pdf), or - for stdin.")],
    numbers: Annotated[
        bool, typer.Option("--numbers", "-n", help="Prefix each line with its number and page.")
    ] = False,
) -> None:
    """Print the text of a letter as the checker reads it (a PDF's extracted text).

    Example: imr-check text -n letters/004.pdf | sed -n 80,90p
    """
    from pathlib import Path

    from checker.pipeline import LetterError, decode_source
    from checker.read.ingest import read_source
    from checker.read.pages import page_map

    if letter != "-" and not Path(letter).exists():
        typer.echo(f"imr-check: no such file: {letter}", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        body, _ = decode_source(read_source(letter))
    except LetterError as error:
        typer.echo(f"imr-check: {letter}: {error.problem.message}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    if not numbers:
        typer.echo(body, nl=not body.endswith("\n"))
        return
    pages = page_map(body)
    for number, line in enumerate(body.split("\n"), start=1):
        page = f"p{pages.page_of(number)} " if pages else ""
        typer.echo(f"{page}{number:>5}  {line.replace(chr(12), '')}")
