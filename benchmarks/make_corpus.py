"""Make a corpus of IMR letters, with a labels file of planted inconsistencies.

    python benchmarks/make_corpus.py 1000 /tmp/corpus --seed 1
    python benchmarks/make_corpus.py 1000 /tmp/corpus --mode examples

`--mode examples` recombines the parts of the five example letters (benchmarks/corpus/recombined.py).

A share of letters (`--defect-rate`) gets one planted inconsistency. `OUT_DIR/labels.yaml` says,
as tools/score.py reads it, what a correct checker reports on every item: `required` categories,
and `allowed` ones that a planted change may also make defensible. The same seed gives the same
corpus, byte for byte.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import data, plan, realistic, recombined  # noqa: E402
from benchmarks.corpus.document import render_text  # noqa: E402
from benchmarks.corpus.layouts import Writer  # noqa: E402
from benchmarks.corpus.recombined import PLANTED as CATEGORIES  # noqa: E402

MODES = ("realistic", "examples")

Labels = list[dict[str, object]]


def letters(
    count: int, seed: int, defect_rate: float, mode: str, pdf_share: float = 0.0, force: bool = False
) -> Iterator[tuple[str | bytes, Labels]]:
    """Each letter (text, or a PDF's bytes) with its labels."""
    if mode == "examples":
        if pdf_share:
            raise ValueError("--pdf-share needs --mode realistic")
        return recombined.letters(count, seed, defect_rate)
    if mode == "realistic":
        return realistic_letters(count, seed, defect_rate, pdf_share, force)
    raise ValueError(f"unknown mode {mode!r}; one of {', '.join(MODES)}")


def realistic_letters(
    count: int, seed: int, defect_rate: float, pdf_share: float, force: bool
) -> Iterator[tuple[str | bytes, Labels]]:
    rng = random.Random(seed)
    planner, writer = realistic.Planner(rng, force), Writer(rng)
    shapes = data.shapes()
    for number in range(count):
        letter_plan = planner.letter(defect_rate)
        document = writer.document(letter_plan)
        # Its own generator, so that the share of PDFs changes no letter's content.
        own = random.Random(f"{seed}:{number}")
        if own.random() < pdf_share:
            from benchmarks.corpus.pdf import render_pdf

            document.running_header = own.random() < float(shapes["running_header"][letter_plan.layout])
            yield render_pdf(document), plan.labels(letter_plan)
        else:
            yield render_text(document, own), plan.labels(letter_plan)


def make(
    count: int,
    out_dir: Path,
    seed: int,
    defect_rate: float,
    mode: str = "realistic",
    pdf_share: float = 0.0,
    force: bool = False,
) -> Counter[str]:
    """Write `count` letters and labels.yaml into `out_dir`; the planted categories, counted."""
    import yaml

    out_dir.mkdir(parents=True, exist_ok=True)
    labels: dict[str, Labels] = {}
    planted: Counter[str] = Counter()
    width = len(str(count - 1))
    for number, (letter, items) in enumerate(letters(count, seed, defect_rate, mode, pdf_share, force)):
        if isinstance(letter, bytes):
            name = f"{number:0{width}d}.pdf"
            (out_dir / name).write_bytes(letter)
        else:
            name = f"{number:0{width}d}.txt"
            (out_dir / name).write_text(letter, encoding="utf-8")
        labels[name] = items
        for item in items:
            planted.update(item["required"])  # type: ignore[arg-type]
    header = f"# Labels for {count} generated letters (seed {seed}, {mode}); read by tools/score.py.\n"
    (out_dir / "labels.yaml").write_text(header + yaml.safe_dump(labels, sort_keys=True, width=120), encoding="utf-8")
    return planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many letters")
    parser.add_argument("out_dir", type=Path, help="where to write them (and labels.yaml)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=MODES, default="realistic")
    parser.add_argument("--defect-rate", type=float, default=0.4, help="share of letters with a planted defect")
    parser.add_argument("--pdf-share", type=float, default=0.0, help="share of letters written as PDF (needs fpdf2)")
    parser.add_argument(
        "--force-defects",
        action="store_true",
        help="plant every category evenly, putting drug items in where needed (skews the kinds of items)",
    )
    args = parser.parse_args(argv)
    planted = make(args.count, args.out_dir, args.seed, args.defect_rate, args.mode, args.pdf_share, args.force_defects)
    total = sum(planted.values())
    print(f"{args.count} letters in {args.out_dir}; {total} planted inconsistencies:")
    for category in CATEGORIES:
        print(f"  {category:30s} {planted[category]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
