"""`imr-check text LETTER`: the text the checker reads, so report line numbers can be followed.

For a PDF this is the extracted text, pages separated by form feeds: the lines that report
line numbers count.
"""

from __future__ import annotations

import click

from checker.cli.options import fail
from checker.run.exitcodes import EXIT_FAILED


@click.command("text", short_help="The text of a letter as the checker reads it (a PDF's text layer).")
@click.argument("letter", metavar="LETTER")
@click.option("--numbers", "-n", is_flag=True, help="Prefix each line with its number and page.")
def text(letter: str, numbers: bool) -> None:
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
        click.echo(body, nl=not body.endswith("\n"))
        return
    pages = page_map(body)
    for number, line in enumerate(body.split("\n"), start=1):
        page = f"p{pages.page_of(number)} " if pages else ""
        click.echo(f"{page}{number:>5}  {line.replace(chr(12), '')}")
