"""Letters per second with and without the rules, on the example letters copied N times.

    python bench/rules.py [N] [DIR]   (default: 2000 letters, copies of examples/letters in turn;
                                       DIR: take the *.txt letters of DIR instead)

Prints the rulebook load time, and letters/s for parsing alone, for parsing plus the default
rulebook, and for the rules alone (applied to letters parsed beforehand), on one core.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from checker.pipeline import check, read_letter
from checker.rulebook.book import load_rulebook, parse_only_rulebook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "letters"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    sources = sorted((Path(sys.argv[2]) if len(sys.argv) > 2 else EXAMPLES).glob("*.txt"))
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index in range(count):
            source = sources[index % len(sources)]
            path = Path(folder) / f"{index:06d}_{source.name}"
            path.write_bytes(source.read_bytes())
            paths.append(path)
        started = time.perf_counter()
        rulebook = load_rulebook(None)
        load_seconds = time.perf_counter() - started
        parser_only = parse_only_rulebook()
        print(f"rulebook load: {load_seconds * 1000:.0f} ms, {len(rulebook.rules)} rules")
        for label, book in (("parse only", parser_only), ("parse + rules", rulebook)):
            flags = 0
            started = time.perf_counter()
            for path in paths:
                result = check(path.read_text(encoding="utf-8"), book, str(path))
                flags += result.flag_count
            seconds = time.perf_counter() - started
            print(f"{label:>14}: {count} letters in {seconds:.2f} s = {count / seconds:,.0f} letters/s ({flags} flags)")
        # The rules alone: letters parsed once, the rulebook applied to each.
        letters = [read_letter(path.read_text(encoding="utf-8"), rulebook.vocabulary)[0] for path in paths]
        started = time.perf_counter()
        for letter in letters:
            rulebook.apply(letter)
        seconds = time.perf_counter() - started
        print(f"{'rules alone':>14}: {count} letters in {seconds:.2f} s = {count / seconds:,.0f} letters/s")


if __name__ == "__main__":
    main()
