"""The `imr-check` command line: one module per command, wired together in `app`.

In: argv. Out: a report on standard output or a file, messages on standard error, an exit status.
"""
