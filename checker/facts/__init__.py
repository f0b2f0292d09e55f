"""Stage 3, facts: `Letter` -> what a rule can name.

In: a parsed `Letter` and the rulebook's concepts. Out: per item, `ItemFacts` (facts by name and the
state of each concept, computed when a rule asks). Three levels of reading: `passage` (one
passage: which sentences are case facts and what they document), `letter` (what is read once per
letter and shared by its items), `item` (the facts of one item); `measures` reads numbers.
"""
