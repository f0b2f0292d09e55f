"""The guideline index (rules/guidelines.yaml): which guidelines have a rulebook, how a citation
names each, and which request dates each version governs.

`GuideSet` joins the index with each guideline's sections, so a cited reference can be placed:
which guideline (and version) it names, and which of its sections and chapters it cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checker.datafiles.yamlio import DataError, YamlDocument
from checker.model import CitationSource
from checker.parse.guideline import Chapter, Guideline, Section

_DROP = frozenset({"mtus", "california", "ca", "the", "guidelines", "guideline"})


def title_key(title: str) -> str:
    """A cited title as the index compares it: no case, punctuation, year, 'MTUS' or 'Guidelines'."""
    words = re.sub(r"[^a-z0-9]+", " ", title.lower().replace("&", " and ")).split()
    return " ".join(w for w in words if w not in _DROP and not re.fullmatch(r"(?:19|20)\d\d", w))


@dataclass(frozen=True)
class CitedAs:
    source: str
    titles: frozenset[str] = frozenset()  # title keys; empty: any title of the source
    chapters: bool = False
    year: str | None = None


@dataclass(frozen=True)
class IndexEntry:
    id: str
    title: str
    folder: str
    document: str
    mtus: bool
    cited_as: tuple[CitedAs, ...]
    example: str
    governs_from: date | None = None
    governs_until: date | None = None
    dated_for: frozenset[str] = frozenset()  # drug classes it governs by date over `dated_by`

    def governs(self, when: date) -> bool:
        return (self.governs_from is None or self.governs_from <= when) and (
            self.governs_until is None or when <= self.governs_until
        )


@dataclass(frozen=True)
class GuidelineIndex:
    path: str
    name: str
    version: str
    core: str
    shared: tuple[str, ...]
    default: str
    dated_by: str
    entries: tuple[IndexEntry, ...]

    def entry(self, guideline_id: str) -> IndexEntry | None:
        return next((e for e in self.entries if e.id == guideline_id), None)

    def folder(self, entry: IndexEntry) -> Path:
        return Path(self.path).parent / entry.folder

    def versions(self, document: str) -> list[IndexEntry]:
        return [e for e in self.entries if e.document == document]


def build_index(document: YamlDocument) -> GuidelineIndex:
    """The index from a schema-valid guidelines.yaml; DataError for a duplicate id or a bad reference."""
    data = document.data
    entries: list[IndexEntry] = []
    for index, raw in enumerate(data["guidelines"]):
        where = ("guidelines", index)
        if any(e.id == raw["id"] for e in entries):
            raise DataError(document.path, f"duplicate guideline id {raw['id']!r}", document.line_of(where), "id")
        governs = raw.get("governs", {})
        entries.append(
            IndexEntry(
                id=raw["id"],
                title=raw["title"],
                folder=raw["folder"],
                document=raw["document"],
                mtus=bool(raw.get("mtus", False)),
                cited_as=tuple(
                    CitedAs(
                        c["source"],
                        frozenset(title_key(t) for t in c.get("titles", ())),
                        bool(c.get("chapters", False)),
                        c.get("year"),
                    )
                    for c in raw["cited_as"]
                ),
                example=raw["example"],
                governs_from=_date(governs.get("from")),
                governs_until=_date(governs.get("until")),
                dated_for=frozenset(raw.get("dated_for", ())),
            )
        )
    ids = {e.id for e in entries}
    reserved = {data["core"], *data.get("shared", ())} & ids
    if reserved:
        raise DataError(
            document.path, f"a guideline cannot use the name of the core or shared rules: {sorted(reserved)}"
        )
    if data["default"] not in ids:
        line = document.line_of(("default",))
        raise DataError(
            document.path, f"unknown guideline {data['default']!r} (known: {', '.join(sorted(ids))})", line, "default"
        )
    default_entry = next(e for e in entries if e.id == data["default"])
    dated_by = data.get("dated_by", default_entry.document)
    if not any(e.document == dated_by for e in entries):
        line = document.line_of(("dated_by",))
        raise DataError(document.path, f"no guideline has document {dated_by!r}", line, "dated_by")
    return GuidelineIndex(
        path=document.path,
        name=data["name"],
        version=data["version"],
        core=data["core"],
        shared=tuple(data.get("shared", ())),
        default=data["default"],
        dated_by=dated_by,
        entries=tuple(entries),
    )


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Placed:
    """A cited reference placed in a guideline: its index entries (the versions it may be), the
    chapter it names, and the sections of it that resolve."""

    source: CitationSource
    candidates: tuple[IndexEntry, ...]
    exact: bool  # the citation's year names one version
    chapters: tuple[Chapter, ...] = ()
    sections: tuple[Section | None, ...] = ()  # per cited section name; None: not a known name


@dataclass(frozen=True)
class GuideSet:
    """The index and every guideline's sections: what citations are checked against."""

    index: GuidelineIndex
    guidelines: dict[str, Guideline] = field(default_factory=dict)
    _placed: dict[CitationSource, Placed] = field(default_factory=dict, compare=False, repr=False)

    def place(self, source: CitationSource) -> Placed:
        """Which guideline (and version) a cited reference names, and what of it is cited (worked
        out once for each distinct reference: letters repeat the same few)."""
        placed = self._placed.get(source)
        if placed is None:
            if len(self._placed) > 4096:
                self._placed.clear()
            placed = self._placed[source] = self._place(source)
        return placed

    def _place(self, source: CitationSource) -> Placed:
        key = title_key(source.title)
        exact: list[IndexEntry] = []
        loose: list[IndexEntry] = []
        for entry in self.index.entries:
            for cited in entry.cited_as:
                if cited.source != source.source or not self._title_matches(entry, cited, source.title, key):
                    continue
                if cited.year is not None and source.year == cited.year:
                    exact.append(entry)
                else:  # no year, or another year of a known document: the letter's date decides
                    loose.append(entry)
                break
        candidates = exact or _whole_documents(self.index, loose)
        if not candidates:
            return Placed(source, (), False)
        guideline = self.guidelines.get(candidates[0].id)
        chapters: tuple[Chapter, ...] = ()
        sections: tuple[Section | None, ...] = ()
        if guideline is not None:
            named = guideline.chapter(source.title)
            if named is not None:
                chapters = (named,)
            else:  # a free-text citation names its chapters in its pieces
                chapters = tuple(dict.fromkeys(c for piece in source.sections for c in guideline.chapters_in(piece)))
            sections = tuple(guideline.resolve(name) for name in source.sections)
        return Placed(source, tuple(candidates), bool(exact), chapters, sections)

    def _title_matches(self, entry: IndexEntry, cited: CitedAs, title: str, key: str) -> bool:
        if cited.chapters:
            guideline = self.guidelines.get(entry.id)
            return guideline is not None and guideline.chapter(title) is not None
        return not cited.titles or key in cited.titles


def _whole_documents(index: GuidelineIndex, loose: list[IndexEntry]) -> list[IndexEntry]:
    """Every version of each document a loose match names, in index order."""
    documents = list(dict.fromkeys(e.document for e in loose))
    return [e for d in documents for e in index.versions(d)]
