"""The tool's own data files: where the shipped grammar, rules and schemas are, YAML loaded with the
line of every field, JSON Schema validation (and its cache), and vetting of user-supplied regexes.

In: a path to a data file. Out: plain data with line numbers, or DataErrors naming file, line and field.
"""
