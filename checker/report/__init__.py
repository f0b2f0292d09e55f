"""Stage 7, reports: results -> text, json, jsonl, sarif, junit, csv, markdown, html.

In: `LetterResult`s, one at a time, and the run's `RunInfo`. Out: the report on a stream. One
module per format (`formats` maps a name to its writer), `views` is the plain-data view they
share (the JSON contract), `output` decides where the report goes.
"""
