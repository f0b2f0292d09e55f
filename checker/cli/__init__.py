"""The `imr-check` command line: one module per command, wired together in `app`.

In: argv. Out: a report on standard output or a file, messages on standard error, an exit status.

The modules whose functions are commands do without `from __future__ import annotations`:
typer reads every command's signature on each start, and annotations kept as strings cost it
an `eval` each, about half of building the command line.
"""
