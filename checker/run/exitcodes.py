"""The exit statuses of every `imr-check` command, defined once."""

# Every letter was read and nothing counted at or above --fail-on; every rule test case passed.
EXIT_CLEAN = 0
# A counted flag at or above --fail-on, a letter that could not be read, a failing rule test case.
EXIT_FAILED = 1
# A usage or configuration error: bad option, missing path, bad configuration or rulebook data.
EXIT_USAGE = 2
