"""Write a letter plan (benchmarks/corpus/realistic.py) as a document in one of three layouts.

standard: the 2016-2017 published letters (a field table; HOW THE IMR FINAL DETERMINATION WAS
MADE; CLINICAL CASE SUMMARY; IMR ISSUES, DECISIONS AND RATIONALES with "<treatment>: Upheld"
items, each with its two guideline lines and its "Decision rationale:"); format2: numbered
questions ("Is the request for X medically necessary and appropriate?") with prose citations;
format3: MEDICAL PROFESSIONAL REVIEW with ISSUE AT DISPUTE and per-issue guideline and rationale
sections.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from benchmarks.corpus import data
from benchmarks.corpus.document import Document, Para
from benchmarks.corpus.plan import ItemPlan, LetterPlan

NECESSARY = "medically necessary and appropriate"
LONG_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def header_date(day: date) -> str:
    return day.strftime("%m/%d/%Y")


class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.prose = data.prose()

    def document(self, plan: LetterPlan) -> Document:
        return {"standard": self.standard, "format2": self.format2, "format3": self.format3}[plan.layout](plan)

    # --- the three layouts -------------------------------------------------------------------

    def standard(self, plan: LetterPlan) -> Document:
        d = plan.dates
        fields = [
            ("Case Number:", plan.case_number, "", ""),
            ("Date Assigned:", header_date(d["assigned"]), "Date of Injury:", header_date(d["injury"])),
            ("Decision Date:", header_date(d["decided"]), "UR Denial Date:", header_date(d["ur"])),
            ("Priority:", "Standard", "Application Received:", header_date(d["received"])),
        ]
        paras = [
            Para("HOW THE IMR FINAL DETERMINATION WAS MADE", style="heading"),
            Para(self.prose["how_made"]),
            Para("The Expert Reviewer has the following credentials:\n" + self.credentials(plan), style="lines"),
            Para("CLINICAL CASE SUMMARY", style="heading"),
            Para(
                "The expert reviewer developed the following clinical case summary based on a review of the case "
                "file, including all medical records:"
            ),
            Para(self.summary(plan)),
            Para("IMR ISSUES, DECISIONS AND RATIONALES", style="heading"),
            Para(
                "The Final Determination was based on decisions for the disputed items/services set forth below:",
                style="lines",
            ),
        ]
        for item in plan.items:
            lead, decision = self.header(item)
            paras += [
                Para(decision, label=lead),
                Para(item.ca.standard("claims_administrator"), label="Claims Administrator guideline:"),
                Para(item.mx.standard("reviewer"), label="MAXIMUS guideline:"),
                Para(self.rationale(plan, item), label="Decision rationale:"),
            ]
        return Document(plan.case_number, paras, fields=fields)

    def format2(self, plan: LetterPlan) -> Document:
        d = plan.dates
        decisions = {i.decision for i in plan.items}
        final = (
            "UPHOLD" if decisions == {"upheld"} else "OVERTURN" if decisions == {"overturned"} else "OVERTURN IN PART"
        )
        meaning = {
            "UPHOLD": "none of the disputed items/services are medically necessary and appropriate",
            "OVERTURN": "all of the disputed items/services are medically necessary and appropriate",
            "OVERTURN IN PART": "some of the disputed items/services are medically necessary and appropriate",
        }[final]
        head = [
            "MAXIMUS Federal Services, Inc.",
            "Independent Medical Review",
            "Notice of Independent Medical Review Determination",
            f"Dated: {header_date(d['decided'])}",
            f"IMR Case Number: {plan.case_number} Date Assigned: {header_date(d['assigned'])}",
            f"Date of Injury: {header_date(d['injury'])} Date of UR Decision: {header_date(d['ur'])}",
            f"Priority: Standard Application Received: {header_date(d['received'])}",
        ]
        paras = [
            Para("\n".join(head), style="lines"),
            Para("Treatment(s) in Dispute Listed on IMR Application: " + ", ".join(i.treatment for i in plan.items)),
            Para(
                "MAXIMUS Federal Services has completed the Independent Medical Review (IMR) of the above workers' "
                "compensation case. This letter gives the IMR Final Determination and explains how it was made."
            ),
            Para(f"Final Determination: {final}. This means we decided that {meaning}."),
            Para("HOW THE IMR FINAL DETERMINATION WAS MADE", style="heading"),
            Para(
                "MAXIMUS Federal Services sent the complete case file to an expert reviewer. The expert reviewer is "
                f"Board Certified in {plan.specialty} and is licensed to practice in California. He/she has been in "
                "active clinical practice for more than five years and works at least 24 hours a week in active "
                "practice."
            ),
            Para("CLINICAL CASE SUMMARY", style="heading"),
            Para(
                "The expert reviewer developed the following clinical case summary based on a review of the case "
                "file, including all medical records:"
            ),
            Para(self.summary(plan)),
            Para("DOCUMENTS REVIEWED", style="heading"),
            Para(
                "\n".join(["The following documents were considered in the review:", *self.documents(plan)]),
                style="lines",
            ),
            Para("IMR DECISION(S) AND RATIONALE(S)", style="heading"),
        ]
        for number, item in enumerate(plan.items, 1):
            paras += [
                Para(f"{number}. Is the request for {data.lower_first(item.treatment)} {NECESSARY}?"),
                Para(
                    "Section of the Medical Treatment Utilization Schedule (MTUS) cited by the Claims Administrator:",
                    style="heading",
                ),
                Para(item.ca.prose("claims_administrator")),
                Para("Section of the MTUS used by the Expert Reviewer for the decision:", style="heading"),
                Para(item.mx.prose("reviewer")),
                Para("Rationale for the Decision:", style="heading"),
                Para(self.rationale(plan, item)),
            ]
        return Document(plan.case_number, paras, letterhead=False)

    def format3(self, plan: LetterPlan) -> Document:
        d = plan.dates
        head = [
            "MEDICAL PROFESSIONAL REVIEW",
            f"IMR Case Number: {plan.case_number}",
            f"Date of Injury: {header_date(d['injury'])}",
            f"Date of UR Decision: {header_date(d['ur'])}",
        ]
        numbered = list(enumerate(plan.items, 1))
        paras = [
            Para("\n".join(head), style="lines"),
            Para("ISSUE AT DISPUTE:", style="heading"),
            Para("\n".join(f"{n}. {i.treatment}: {i.decision.capitalize()}" for n, i in numbered), style="lines"),
            Para("CASE SUMMARY:", style="heading"),
            Para(self.summary(plan)),
            Para("DOCUMENTS REVIEWED FOR DETERMINATION:", style="heading"),
            Para("\n".join(self.documents(plan)), style="lines"),
            Para("MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:", style="heading"),
        ]
        for n, item in numbered:
            why = "The guideline addresses the request." if item.mx.shape != "none" else ""
            paras.append(Para(f"{n}. {item.treatment}: {item.mx.relied_upon()} {why}".strip()))
        paras.append(
            Para("RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:", style="heading")
        )
        paras += [Para(f"{n}. {item.treatment}: {self.rationale(plan, item)}") for n, item in numbered]
        paras += [
            Para("MEDICAL REVIEWER QUALIFICATIONS:", style="heading"),
            Para(
                f"The reviewer is Board Certified in {plan.specialty} and is licensed to practice in California. "
                "The reviewer has been in active clinical practice for more than five years."
            ),
        ]
        return Document(plan.case_number, paras, letterhead=False)

    # --- parts -------------------------------------------------------------------------------

    def credentials(self, plan: LetterPlan) -> str:
        states = [*plan.states, "California"] if "California" not in plan.states else plan.states
        joiner = self.rng.choice([", ", ","])
        return f"State(s) of Licensure: {joiner.join(states)}\nCertification(s)/Specialty: {plan.specialty}"

    def documents(self, plan: LetterPlan) -> list[str]:
        d = plan.dates
        return [
            f"1. Application of Independent Medical Review, received {header_date(d['received'])}",
            f"2. Utilization Review Determination dated {header_date(d['ur'])}",
            "3. Medical records from the primary treating physician through "
            + header_date(d["ur"] - timedelta(days=9)),
        ]

    def header(self, item: ItemPlan) -> tuple[str, str]:
        """The item's header as a bold lead and the decision word after it."""
        decision = item.decision.capitalize()
        partial = item.partial
        if partial is None:
            return f"{item.treatment}:", decision
        if partial.variant == "remaining":
            return (
                f"{partial.original} was the original request. {partial.authorised} was authorized by the Claims "
                f"Administrator. The remaining IMR eligible portion of the original request, {item.treatment} is:",
                decision,
            )
        return (
            f"{partial.original} was the original request. The Claims Administrator authorized "
            f"{data.lower_first(partial.authorised)}, leaving the original request IMR eligible. The original request, "
            f"{item.treatment} is:",
            decision,
        )

    def slots(self, plan: LetterPlan, item: ItemPlan | None = None) -> dict[str, str]:
        rng = self.rng
        region = item.where if item is not None else plan.region
        pain = rng.randint(5, 9)
        visit = max(plan.dates["ur"] - timedelta(days=rng.randint(7, 40)), plan.dates["injury"] + timedelta(days=2))
        slots = {
            **plan.pronouns,
            "worker": plan.worker,
            "Worker": data.capital(plan.worker),
            "age": str(plan.age),
            "sex": plan.sex,
            "doi": self.short_date(plan.dates["injury"]),
            "visit": self.short_date(visit),
            "rfa": self.short_date(visit + timedelta(days=2)),
            "region": region.phrase,
            "region_bare": region.name.replace(" spine", ""),
            "short": region.short,
            "limb": "arm" if region.key == "cervical" else "leg",
            "side": region.side or rng.choice(["right", "left"]),
            "pain": str(pain),
            "lower": str(max(1, pain - rng.randint(3, 5))),
            "sessions_done": str(rng.choice([6, 8, 10, 12, 18])),
            "weeks_used": str(rng.choice([12, 16, 24, 36])),
            "since": self.long_date(plan.dates["ur"] - timedelta(days=rng.randint(120, 400))),
            "reason": rng.choice(self.prose["ur"]["reasons"]),
            "treatments": data.listing(rng.sample(self.prose["summary"]["treatments"], k=rng.randint(2, 4)), rng),
        }
        if item is not None:
            slots["item"] = item.mention
            slots["drug"] = item.drug.name if item.drug else item.mention
        return slots

    def short_date(self, day: date) -> str:
        style = self.rng.randrange(4)
        if style == 0:
            return f"{day.month}-{day.day}-{day.year % 100}"
        if style == 1:
            return day.strftime("%m-%d-%Y")
        if style == 2:
            return day.strftime("%m/%d/%Y")
        return f"{day.month}/{day.day}/{day.year}"

    def long_date(self, day: date) -> str:
        return f"{LONG_MONTHS[day.month - 1]} {day.day}, {day.year}"

    def summary(self, plan: LetterPlan) -> str:
        rng = self.rng
        table = self.prose["summary"]
        slots = self.slots(plan)
        group = plan.region.group
        say: list[str] = [data.fill(rng.choice(table["opening"]), slots)]
        if rng.random() < 0.5:
            say.append(data.fill(rng.choice(table["mechanism"]), slots))
        say.append(data.fill(rng.choice(table["diagnosis"][group]), slots))
        say.append(data.fill(rng.choice(table["complaint"]), slots))
        say += [data.fill(s, slots) for s in rng.sample(table["course"][group], k=rng.randint(1, 3))]
        say += [
            data.fill(s, slots)
            for s in rng.sample(table["exam"][group], k=min(len(table["exam"][group]), rng.randint(3, 6)))
        ]
        say += [data.fill(s, slots) for s in rng.sample(table["course"]["any"], k=rng.randint(1, 3))]
        if rng.random() < 0.4:
            say.append(data.fill(rng.choice(table["imaging_done"]), slots))
        if rng.random() < 0.5:
            say.append(data.fill(rng.choice(table["medications_any"]), slots))
        say.append(data.fill(rng.choice(table["history"]), slots))
        drugs = [i for i in plan.items if i.drug is not None and not i.drug.compound]
        if drugs:
            say.append(
                data.fill(table["medications"], {"drugs": data.listing([i.drug.name for i in drugs if i.drug], rng)})
            )
        for item in plan.items:
            if item.drug is None:
                continue
            item_slots = self.slots(plan, item)
            if item.documented:
                say += [data.fill(s, item_slots) for s in table["documented"].get(item.drug_class, [])]
            if item.long_use:
                say.append(data.fill(table["long_use"], item_slots))
        if rng.random() < 0.5:
            off = any("opioid-monitoring" in i.required for i in plan.items)
            status = table["work"]["away"] if off else [*table["work"]["working"], *table["work"]["away"]]
            say.append(data.fill(rng.choice(status), slots))
        if rng.random() < 0.85:
            mentions = [i.mention for i in plan.items if not i.associated]
            say.append(data.fill(rng.choice(table["plan"]), {**slots, "items": data.listing(mentions, rng)}))
        say += self.ur_account(plan)
        return " ".join(say)

    def ur_account(self, plan: LetterPlan) -> list[str]:
        rng = self.rng
        table = self.prose["ur"]
        when = {"date": self.short_date(plan.dates["ur"]), "long_date": self.long_date(plan.dates["ur"])}
        reason = {"reason": rng.choice(table["reasons"])}
        denied = [i for i in plan.items if i.ur == "non-certified" and not i.associated]
        out: list[str] = []
        while denied:
            take = len(denied) if len(denied) <= 3 else rng.randint(2, 3)
            group, denied = denied[:take], denied[take:]
            template = data.weighted(rng, table["non-certified"])["text"]
            names = [self.ur_name(i, template) for i in group]
            out.append(data.fill(template, {**when, **reason, "items": data.listing(names, rng)}))
        if any(i.associated and i.ur == "non-certified" for i in plan.items):
            out.append(table["associated"])
        for item in plan.items:
            if item.partial is not None:
                template = data.weighted(rng, table["modified"])["text"]
                partial = item.partial
                out.append(
                    data.fill(
                        template,
                        {
                            **when,
                            "original": data.lower_first(partial.original),
                            "Original": partial.original,
                            "authorised": data.lower_first(partial.authorised),
                            "Authorised": partial.authorised,
                            "remaining": item.treatment,
                        },
                    )
                )
            elif item.ur == "certified":
                template = data.weighted(rng, table["certified"])["text"]
                sentence = data.fill(template, {**when, "items": self.ur_name(item, template)})
                out.insert(rng.randint(0, len(out)), sentence)
        return out

    def ur_name(self, item: ItemPlan, template: str) -> str:
        name = item.mention
        if "The requested {items}" in template:
            for article in ("a ", "an ", "the "):
                name = name.removeprefix(article)
        return name

    def rationale(self, plan: LetterPlan, item: ItemPlan) -> str:
        rng = self.rng
        table = self.prose["rationale"]
        if item.ancillary:
            return item.verdict
        pool = table[item.about]
        slots = self.slots(plan, item)
        guideline = pool["guideline"][item.drug_class] if item.about == "drug" else pool["guideline"]
        # A letter of one item discusses it at length; one of many, each briefly.
        detail = 2 if len(plan.items) == 1 else 1 if len(plan.items) <= 3 else 0
        say: list[str] = []
        if item.first:
            word = "is" if item.positive else "is not"
            say.append(f"The request for {item.treatment} {word} medically necessary.")
        say += [data.fill(s, slots) for s in rng.sample(guideline, k=min(len(guideline), rng.randint(1, 2 + detail)))]
        quote = table["quotes"].get(item.about)
        if quote and rng.random() < 0.3 * (1 + detail):
            say.append(f'{rng.choice(table["quote_leads"])} "{" ".join(quote.split())}"')
        say += rng.sample(table["principles"], k=rng.randint(0, detail))
        say += [
            data.fill(s, slots)
            for s in rng.sample(pool["facts"], k=min(len(pool["facts"]), rng.randint(1, 1 + detail)))
        ]
        say += [data.fill(s, slots) for s in rng.sample(table["records"], k=rng.randint(0, 1 + 2 * detail))]
        reasons = pool["for"] if item.positive else pool["against"]
        say += [data.fill(s, slots) for s in rng.sample(reasons, k=min(len(reasons), rng.choice([1, 1, 2])))]
        if not item.positive and rng.random() < 0.1:
            say.append(rng.choice(table["not_established"]))
        say.append(item.verdict)
        if item.drug_class == "opioid" and rng.random() < 0.7:
            say += table["opioid_notice"]
        return " ".join(say)
