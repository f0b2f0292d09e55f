"""Stage 2, parsing: normalized text -> `Letter`.

In: `NormalizedText` and the parser's `Vocabulary` (drug lexicon, section names, phrasing). Out: a
`Letter` whose items carry their treatment, decision, citations, conclusion and UR account. One
reader per layout (`standard`, `format2`, `format3`), each with its Lark grammar; `layouts`
detects which one a letter uses. The item-level readers (treatment, citation, conclusion, UR
status) are shared by every layout.
"""
