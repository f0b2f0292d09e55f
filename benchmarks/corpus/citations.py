"""What an item's guideline lines cite, chosen from guidelines.yaml, and how each layout writes it.

The standard layout: "Decision based on MTUS Low Back Complaints 2004, Section(s): Special
Studies." and the other three sentence shapes; the older layouts: the same sources as prose
("The Expert Reviewer based his/her decision on ..."), with the 2009 Chronic Pain guideline's
pages.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from benchmarks.corpus import data

ACTOR = {"claims_administrator": "Claims Administrator", "reviewer": "Expert Reviewer"}


@dataclass
class Reference:
    document: str  # "Low Back Complaints 2004", or two joined: "Acupuncture Treatment 2007, and Chronic ..."
    sections: list[str] = field(default_factory=list)


@dataclass
class CitationPlan:
    shape: str  # mtus | mtus+odg | odg | none
    references: list[Reference] = field(default_factory=list)
    odg: str = ""  # the Non-MTUS citation's text
    # For the older layouts: the 2009 Chronic Pain section and pages, or an ACOEM chapter.
    legacy: str = ""

    def standard(self, role: str) -> str:
        actor = ACTOR[role]
        if self.shape == "none":
            return f"The {actor} did not cite any medical evidence for its decision."
        parts: list[str] = []
        if self.shape == "odg":
            parts.append(f"The {actor} based their decision on recommendation(s) outside of the MTUS Guidelines.")
        else:
            cited = ", and ".join(
                ref.document + (f", Section(s): {', '.join(ref.sections)}" if ref.sections else "")
                for ref in self.references
            )
            parts.append(f"Decision based on MTUS {cited}.")
        if self.shape in ("odg", "mtus+odg"):
            parts.append(f"Decision based on Non-MTUS Citation {self.odg}")
        return " ".join(parts)

    def prose(self, role: str) -> str:
        """Format2's sentences: "The Expert Reviewer based his/her decision on ..."."""
        actor = ACTOR[role]
        whose = "its" if role == "claims_administrator" else "his/her"
        if self.shape == "none":
            return f"The {actor} did not cite any evidence-based criteria for the decision."
        sentences = []
        if self.legacy:
            sentences.append(f"The {actor} based {whose} decision on {self.legacy}")
        if self.shape in ("odg", "mtus+odg"):
            lead = "also cited" if sentences else f"based {whose} decision on"
            sentences.append(f"The {actor} {lead} {self.odg_prose()}")
        return " ".join(sentences)

    def relied_upon(self) -> str:
        """Format3's guideline section: the sources, as a list of titles."""
        if self.shape == "none":
            return "No guideline was cited."
        sources = [self.legacy] if self.legacy else []
        if self.shape in ("odg", "mtus+odg"):
            sources.append(self.odg_prose())
        return " ".join(sources)

    def odg_prose(self) -> str:
        text = self.odg.rstrip(".")
        for lead in ("Official Disability Guidelines (ODG), ", "Official Disability Guidelines, ", "ODG, ", "ODG "):
            if text.startswith(lead):
                text = text[len(lead) :]
                break
        return f"the Official Disability Guidelines (ODG), {text}, which are not part of the MTUS."


class Citer:
    """Chooses citations for items, as the published letters' proportions have them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.table = data.guidelines()

    def chapter(self, region: str | None) -> dict[str, object]:
        chapters: dict[str, dict[str, object]] = self.table["chapters"]
        return chapters.get(region or "lumbar", chapters["lumbar"])

    def odg(self, guide: str, region: str | None, topic: str | None = None) -> str:
        spec = self.table["guides"][guide]["odg"]
        chapter = str(self.chapter(region)["odg"]) if spec["chapter"] == "region" else spec["chapter"]
        chosen = topic or self.rng.choice(spec["topics"])
        form = data.weighted(self.rng, self.table["odg_forms"])
        updated = f"{self.rng.randint(1, 12)}/{self.rng.randint(1, 28)}/{self.rng.choice([15, 16])}"
        return data.fill(form["text"], {"chapter": chapter, "topic": chosen, "updated": updated})

    def mtus(self, guide: str, region: str | None, fill_section: dict[str, list[str]]) -> Reference | None:
        options = self.table["guides"][guide].get("mtus") or []
        if region == "hip":
            options = [o for o in options if o["doc"] not in ("chapter", "postsurgical")]
        if not options:
            return None
        option = self.rng.choice(options)
        sections = list(self.rng.choice(option["sections"]))
        document = option["doc"]
        if document == "chapter":
            document = str(self.chapter(region)["mtus"])
        elif document == "postsurgical":
            document = "Postsurgical Treatment 2009"
        out: list[str] = []
        for section in sections:
            out += fill_section.get(section, [section])
        return Reference(document, out)

    def plan(
        self, role: str, guide: str, region: str | None, fill_section: dict[str, list[str]], odg_topic: str | None
    ) -> CitationPlan:
        if guide == "none":
            return CitationPlan("none")
        shapes = dict(self.table["shapes"][role])
        reference = self.mtus(guide, region, fill_section)
        if reference is None:
            shapes = {k: v for k, v in shapes.items() if k in ("odg", "none")}
        shape = data.weighted_key(self.rng, shapes)
        plan = CitationPlan(shape)
        if reference is not None and shape in ("mtus", "mtus+odg"):
            if role == "claims_administrator" and self.rng.random() < self.table["shapes"]["ca_bare_chapter"]:
                reference.sections = []
            plan.references.append(reference)
        if shape in ("odg", "mtus+odg"):
            plan.odg = self.odg(guide, region, odg_topic)
        return plan
