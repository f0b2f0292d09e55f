"""Stage 6, triage: a letter's flags -> flags baselined and waived.

In: a `LetterResult`, a baseline file and a waivers file. Out: the result with baselined flags
left out and waived flags marked, before any report sees it.
"""
