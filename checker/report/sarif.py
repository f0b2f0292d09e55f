"""SARIF 2.1.0, as GitHub code scanning reads it.

The driver lists every rule of the rulebook (id, name, descriptions, help with the guideline,
default level). Each flag is one result with its rule, level, message, the letter's path
relative to the working directory and the evidence's start line, and a partial fingerprint
that ignores line numbers (the baseline's), so code scanning tracks a flag across edits.
Results stream out letter by letter; unreadable letters become tool notifications at the end.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from checker.model import Flag, ItemResult, LetterResult
from checker.report.base import Formatter, flag_line, flag_page, missing_text
from checker.report.ruleinfo import RuleInfo
from checker.report.views import Summary
from checker.triage.baseline import fingerprint, letter_key

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "imrCheck/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_RESULTS, _INVOCATIONS = "@@results@@", "@@invocations@@"


def artifact_uri(path: str) -> str:
    return quote(letter_key(path), safe="/")


def rule_descriptor(info: RuleInfo) -> dict[str, Any]:
    short = info.description or f"{info.category} check"
    full = info.full_description or short
    if info.criterion:
        full += f" Criterion: {info.criterion}"
    if info.check:
        full += f" Check: {info.check}"
    parts = [("Criterion", info.criterion), ("Check", info.check), ("Guideline", info.guideline)]
    help_text = "".join([info.full_description or short, *(f"\n\n{k}: {v}" for k, v in parts if v)])
    help_markdown = "".join([info.full_description or short, *(f"\n\n**{k}:** {v}" for k, v in parts if v)])
    descriptor: dict[str, Any] = {
        "id": info.id,
        "name": info.name or info.id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS.get(info.severity, "warning")},
        "properties": {"category": info.category, "tags": [info.category]},
    }
    if info.help_uri:
        descriptor["helpUri"] = info.help_uri
    return descriptor


class SarifFormatter(Formatter):
    def begin(self) -> None:
        self._rule_index = {info.id: index for index, info in enumerate(self.run.rules)}
        self._notifications: list[dict[str, Any]] = []
        self._first = True
        driver = {
            "name": "imr-check",
            "version": self.run.tool_version,
            "semanticVersion": self.run.tool_version,
            "rules": [rule_descriptor(info) for info in self.run.rules],
            "properties": {"rulebook": {"name": self.run.rulebook_name, "version": self.run.rulebook_version}},
        }
        document = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": driver},
                    "columnKind": "unicodeCodePoints",
                    "results": _RESULTS,
                    "invocations": _INVOCATIONS,
                }
            ],
        }
        # Written around the results list, so results stream out as letters finish.
        head, self._tail = json.dumps(document, indent=2, ensure_ascii=False).split(json.dumps(_RESULTS))
        self.stream.write(head + "[")

    def letter(self, result: LetterResult) -> None:
        for problem in result.errors:
            self._notify(result, problem.message, problem.line, "error")
        for problem in result.warnings:
            self._notify(result, problem.message, problem.line, "warning")
        for item, flag in result.flagged():
            body = json.dumps(self._result(result, item, flag), ensure_ascii=False)
            self.stream.write(("\n" if self._first else ",\n") + body)
            self._first = False

    def end(self, summary: Summary) -> None:
        invocation = {
            "executionSuccessful": True,
            "toolExecutionNotifications": self._notifications,
            "properties": {"summary": summary.to_dict()},
        }
        self.stream.write(("\n" if not self._first else "") + "]")
        self.stream.write(self._tail.replace(json.dumps(_INVOCATIONS), json.dumps([invocation], ensure_ascii=False)))
        self.stream.write("\n")

    def _result(self, letter: LetterResult, item: ItemResult | None, flag: Flag) -> dict[str, Any]:
        treatment = item.item.treatment.text if item is not None else ""
        location = {"artifactLocation": {"uri": artifact_uri(letter.path)}}
        line, page = flag_line(item, flag), flag_page(item, flag)
        if line:
            region: dict[str, Any] = {"startLine": line}
            if flag.evidence and flag.evidence[0].text:
                region["snippet"] = {"text": flag.evidence[0].text}
            if page is not None:
                region["properties"] = {"page": page}  # the PDF page the extracted line is on
            location["region"] = region
        out: dict[str, Any] = {
            "ruleId": flag.rule,
            "level": LEVELS[flag.severity],
            "message": {"text": flag.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(letter.path, treatment, flag)},
            "properties": {"category": flag.category, "severity": flag.severity},
        }
        for key, value in (("criterion", flag.criterion), ("check", flag.check)):
            if value:
                out["properties"][key] = value
        if flag.missing:
            out["properties"]["missing"] = missing_text(flag)
        if page is not None:
            out["properties"]["page"] = page
        if flag.rule in self._rule_index:
            out["ruleIndex"] = self._rule_index[flag.rule]
        if item is not None:
            out["properties"].update(
                {"treatment": treatment, "decision": item.item.decision, "drug_class": item.item.drug_class}
            )
        if len(flag.evidence) > 1:
            out["relatedLocations"] = [
                {
                    "id": index,
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(letter.path)},
                        "region": {
                            "startLine": e.line,
                            "snippet": {"text": e.text},
                            **({"properties": {"page": e.page}} if e.page is not None else {}),
                        },
                    },
                    "message": {"text": e.role or "found"},
                }
                for index, e in enumerate(flag.evidence[1:], start=1)
            ]
        if flag.waived is not None:
            out["suppressions"] = [{"kind": "external", "justification": flag.waived}]
        return out

    def _notify(self, letter: LetterResult, message: str, line: int | None, level: str) -> None:
        location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(letter.path)}}
        if line:
            location["region"] = {"startLine": line}
        self._notifications.append(
            {"level": level, "message": {"text": message}, "locations": [{"physicalLocation": location}]}
        )
