"""imr-check: a rule-engine linter for IMR final determination letters."""

__version__ = "0.1.0"
