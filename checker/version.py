"""The version of imr-check, read by the build and shown by `imr-check --version`."""

__version__ = "0.1.0"
