"""Stage 4, the rulebook: YAML -> compiled rules, applied to a `Letter`.

In: a rulebook directory (rules, sections, concepts, test cases). Out: a `Rulebook` whose `apply`
turns a `Letter` into flags. `loader` validates and compiles the files, `conditions` is the
condition language, `rule` is one compiled rule, `book` is the rulebook and how it is loaded.
"""
