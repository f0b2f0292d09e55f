"""Stage 1, reading: path -> bytes -> text.

In: a path (or standard input). Out: `Source` (bytes or a read error), then decoded text (UTF-8,
Windows-1252, or a PDF's text layer with its pages), then `NormalizedText`: the lines the parser
reads, each mapped back to its line in the original file.
"""
