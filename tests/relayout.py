"""Rewrite a standard-layout letter in the other published layouts, from what the parser read.

The rewritten letter says the same things (case summary, items, cited sections and pages,
rationales, reviewer specialty) in format2's or format3's headings and prose, so a test can
check that the rules flag it as they flag the original.
"""

from __future__ import annotations

import textwrap

from checker.model import Citation, CitationSource, Item, Letter


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(" ".join(text.split()), width=94, break_long_words=False, break_on_hyphens=False))


def _pages(source: CitationSource) -> str:
    if not source.pages:
        return ""
    single = len(source.pages) == 1 and source.pages[0].first == source.pages[0].last
    return f", {'page' if single else 'pages'} {', '.join(str(p) for p in source.pages)}"


def _source_prose(source: CitationSource) -> str:
    cited = "".join(f", {s}" for s in source.sections) + _pages(source)
    if source.source == "MTUS":
        return f"the Chronic Pain Medical Treatment Guidelines (2009){cited}, which are part of the MTUS."
    if source.source == "ODG":
        return f"the Official Disability Guidelines (ODG){cited}, which are not part of the MTUS."
    if source.source == "ACOEM":
        return f"the ACOEM Practice Guidelines, 2nd Edition (2004){cited}."
    return f"{source.title}."


def citation_prose(citation: Citation | None, who: str) -> str:
    if citation is None or not citation.sources:
        return f"The {who} did not cite any evidence-based criteria for the decision."
    first, *rest = citation.sources
    lead = "its" if who == "Claims Administrator" else "his/her"
    sentences = [f"The {who} based {lead} decision on {_source_prose(first)}"]
    sentences += [f"The {who} also cited {_source_prose(s)}" for s in rest]
    return " ".join(sentences)


def _citation(item: Item, role: str) -> Citation | None:
    return next((c for c in item.citations if c.role == role), None)


def as_format2(letter: Letter) -> str:
    summary = letter.sections["case_summary"].text
    out = [
        "Notice of Independent Medical Review Determination",
        "",
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        _wrap(
            "MAXIMUS Federal Services sent the complete case file to an expert reviewer. The expert reviewer is"
            f" Board Certified in {letter.reviewer_specialty or 'Internal Medicine'} and is licensed to practice"
            " in California."
        ),
        "",
        "CLINICAL CASE SUMMARY",
        _wrap(summary),
        "",
        "DOCUMENTS REVIEWED",
        "1. Utilization Review Determination",
        "2. Medical records from the primary treating physician",
        "",
        "IMR DECISION(S) AND RATIONALE(S)",
        "",
    ]
    for item in letter.items:
        out += [
            f"{item.index}. Is the request for {item.treatment.text} medically necessary and appropriate?",
            "",
            "Section of the Medical Treatment Utilization Schedule (MTUS) cited by the Claims Administrator:",
            _wrap(citation_prose(_citation(item, "claims_administrator"), "Claims Administrator")),
            "",
            "Section of the MTUS used by the Expert Reviewer for the decision:",
            _wrap(citation_prose(_citation(item, "reviewer"), "Expert Reviewer")),
            "",
            "Rationale for the Decision:",
            _wrap(item.rationale.text),
            "",
        ]
    return "\n".join(out)


def as_format3(letter: Letter) -> str:
    out = ["MEDICAL PROFESSIONAL REVIEW", "", "ISSUE AT DISPUTE:"]
    out += [f"{i.index}. {i.treatment.text}: {i.decision.capitalize()}" for i in letter.items]
    out += ["", "CASE SUMMARY:", _wrap(letter.sections["case_summary"].text), ""]
    out += ["DOCUMENTS REVIEWED FOR DETERMINATION:", "1. Utilization Review Determination", ""]
    out += ["MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:"]
    for item in letter.items:
        reviewer = _citation(item, "reviewer")
        sources = " ".join(_source_prose(s) for s in reviewer.sources) if reviewer else "None cited."
        out.append(_wrap(f"{item.index}. {item.treatment.text}: {sources}"))
    out += ["", "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:"]
    out += [_wrap(f"{i.index}. {i.treatment.text}: {i.rationale.text}") for i in letter.items]
    out += [
        "",
        "MEDICAL REVIEWER QUALIFICATIONS:",
        f"The reviewer is Board Certified in {letter.reviewer_specialty or 'Internal Medicine'} and is licensed"
        " to practice in California.",
    ]
    return "\n".join(out)
