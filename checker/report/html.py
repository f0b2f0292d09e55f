"""One self-contained HTML page a QA reviewer opens in a browser: no scripts, no external fetches.

A summary first (letters, items, flags by severity and category, with inline SVG bar charts),
an index of letters, then each letter with its items, decisions and flags, and the evidence
lines highlighted among the lines around them. The summary needs every letter, so the index
rows and letter sections wait in spools (on disk past 1 MiB); evidence context is read back
from one letter at a time, so memory stays bounded on very large runs.
"""

from __future__ import annotations

from html import escape

from checker.model import SEVERITIES, Flag, ItemResult, LetterResult
from checker.report.base import Formatter, Spool, flag_parts, location
from checker.report.base import count as count_of
from checker.report.context import ContextLine, context_blocks, evidence_span, letter_lines
from checker.report.views import Summary

CONTEXT_RADIUS = 4  # original lines either side; letters have a blank line after most lines
SEVERITY_COLORS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}

STYLE = """
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --paper: #fff; --bg: #f4f6fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: var(--bg); }
header, main, #summary, #index { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header h1 { margin: 24px 0 4px; font-size: 24px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 10px; margin: 16px 0; }
.totals div { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.totals dt { color: var(--muted); font-size: 13px; }
.totals dd { margin: 0; font-size: 26px; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { flex: 1 1 420px; margin: 0; background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
         padding: 12px 14px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
table { border-collapse: collapse; width: 100%; background: var(--paper); }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
#index table { margin: 16px 0; border: 1px solid var(--line); }
.letter { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; margin: 18px 0;
          padding: 4px 18px 14px; }
.letter h2 { font-size: 17px; margin: 12px 0 2px; word-break: break-all; }
.letter.clean { border-left: 5px solid #2e7d32; }
.letter.flagged { border-left: 5px solid #c62828; }
.letter.unreadable { border-left: 5px solid #6a1b9a; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff;
         vertical-align: middle; background: #2e7d32; }
.badge.error { background: #c62828; } .badge.warning { background: #ef6c00; } .badge.info { background: #1565c0; }
.badge.waived, .badge.unreadable { background: #6b7280; }
.problem { color: #6a1b9a; }
.flag { border: 1px solid var(--line); border-left: 4px solid var(--sev); border-radius: 6px; margin: 10px 0;
        padding: 6px 12px; }
.flag h3 { font-size: 14px; margin: 4px 0; }
.flag .message { margin: 4px 0 6px; }
.flag.waived { opacity: 0.75; }
.waiver { color: var(--muted); font-style: italic; margin: 2px 0 6px; }
.parts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 4px 0 6px; }
.parts dt { color: var(--muted); font-weight: 600; } .parts dd { margin: 0; }
.context .role { display: inline-block; width: 6.5em; color: var(--muted); user-select: none; }
.context { margin: 6px 0; padding: 6px 0; background: #fafbfd; border: 1px solid var(--line); border-radius: 4px;
           font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; }
.context .row { display: block; padding: 0 10px; }
.context .ln { display: inline-block; width: 3.5em; color: var(--muted); user-select: none; }
.context mark { display: block; background: #fff3b0; padding: 0 10px; color: inherit; }
.context .gap { display: block; color: var(--muted); padding: 0 10px; }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def bar_chart(counts: list[tuple[str, int, str]], label_width: int = 210) -> str:
    """A horizontal bar chart as inline SVG: one (label, count, colour) per bar."""
    if not counts:
        return '<p class="meta">No flags.</p>'
    row, bar_max = 26, 300
    top = max(n for _, n, _ in counts) or 1
    parts = [
        f'<svg role="img" width="{label_width + bar_max + 50}" height="{row * len(counts) + 4}" '
        f'viewBox="0 0 {label_width + bar_max + 50} {row * len(counts) + 4}">'
    ]
    for index, (label, count, color) in enumerate(counts):
        y = index * row + 2
        width = max(2, round(bar_max * count / top)) if count else 0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{_e(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="18" rx="3" fill="{color}"/>'
            f'<text x="{label_width + width + 6}" y="{y + 16}">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


class HtmlFormatter(Formatter):
    def begin(self) -> None:
        self._index = Spool()
        self._body = Spool()
        self._count = 0

    def letter(self, result: LetterResult) -> None:
        self._count += 1
        anchor = f"letter-{self._count}"
        counted = [f for _, f in result.flagged() if f.waived is None]
        waived = sum(1 for _, f in result.flagged() if f.waived is not None)
        if result.status == "error":
            kind, badge = "unreadable", '<span class="badge unreadable">unreadable</span>'
        elif counted:
            worst = min((f.severity for f in counted), key=SEVERITIES.index)
            kind, badge = (
                "flagged",
                f'<span class="badge {worst}">{len(counted)} flag{"s" * (len(counted) != 1)}</span>',
            )
        else:
            kind, badge = "clean", '<span class="badge">no flags</span>'
        if waived:
            badge += f' <span class="badge waived">{waived} waived</span>'
        self._index.write(
            f'<tr class="{kind}"><td><a href="#{anchor}">{_e(result.path)}</a></td><td>{len(result.items)}</td>'
            f"<td>{badge}</td></tr>\n"
        )
        self._body.write(self._section(result, anchor, kind, badge))

    def _section(self, result: LetterResult, anchor: str, kind: str, badge: str) -> str:
        out = [f'<section class="letter {kind}" id="{anchor}" data-path="{_e(result.path)}">']
        out.append(f'<h2><a href="#{anchor}">{_e(result.path)}</a> {badge}</h2>')
        if result.status == "error":
            out.extend(
                f'<p class="problem">{_e(location(result.path, p.line))}: {_e(p.message)}</p>' for p in result.errors
            )
            out.append("</section>\n")
            return "".join(out)
        out.append(f'<p class="meta">{_e(result.layout or "")} layout · {count_of(len(result.items), "item")}</p>')
        out.extend(
            f'<p class="problem">warning: {_e(location(result.path, p.line))}: {_e(p.message)}</p>'
            for p in result.warnings
        )
        out.append(
            '<table class="items"><thead><tr><th>line</th><th>treatment</th><th>drug</th><th>class</th>'
            "<th>decision</th><th>UR</th><th>guideline</th><th>flags</th></tr></thead><tbody>"
        )
        for item_result in result.items:
            item = item_result.item
            out.append(
                f"<tr><td>{item.line}</td><td>{_e(item.treatment.text)}</td><td>{_e(item.drug or '')}</td>"
                f"<td>{_e(item.drug_class)}</td><td>{_e(item.decision)}</td><td>{_e(item.ur_status)}</td>"
                f"<td>{_e(_guideline(item_result))}</td><td>{len(item_result.flags)}</td></tr>"
            )
            out.extend(
                f'<tr class="note"><td></td><td colspan="7">note: {_e(p.message)}</td></tr>' for p in item_result.notes
            )
        out.append("</tbody></table>")
        pairs = list(result.flagged())
        if pairs:
            lines = letter_lines(result.path) if any(f.evidence for _, f in pairs) else None
            out.extend(self._flag(item, flag, lines) for item, flag in pairs)
        out.append("</section>\n")
        return "".join(out)

    def _flag(self, item: ItemResult | None, flag: Flag, lines: list[str] | None) -> str:
        about = f"{item.item.treatment.text} ({item.item.decision})" if item is not None else "the letter"
        waived = " waived" if flag.waived is not None else ""
        out = [
            f'<article class="flag{waived}" style="--sev: {SEVERITY_COLORS[flag.severity]}">',
            f'<h3><span class="badge {flag.severity}">{flag.severity}</span> <code>{_e(flag.rule)}</code> '
            f"{_e(flag.category)} · {_e(about)}</h3>",
            f'<p class="message">{_e(flag.message)}</p>',
        ]
        if flag.waived is not None:
            out.append(f'<p class="waiver">Waived: {_e(flag.waived)}</p>')
        parts = flag_parts(flag)
        if parts:
            out.append('<dl class="parts">')
            out.extend(f'<dt class="{label}">{label}</dt><dd class="{label}">{_e(text)}</dd>' for label, text in parts)
            out.append("</dl>")
        if flag.evidence:
            out.append(_context_html(flag, lines))
        out.append("</article>")
        return "".join(out)

    def end(self, summary: Summary) -> None:
        write = self.stream.write
        run = self.run
        write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
        write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        title = f"{count_of(summary.flags, 'flag')} in {count_of(summary.letters, 'letter')}"
        write(f"<title>imr-check report: {title}</title>\n")
        write(f"<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>imr-check report</h1>")
        write(
            f'<p class="meta">imr-check {_e(run.tool_version)} · rulebook {_e(run.rulebook_name)} '
            f"{_e(run.rulebook_version)} ({count_of(run.rule_count, 'rule')}) · "
            f"fails on {_e(run.fail_on)}</p></header>\n"
        )
        write(self._summary(summary))
        write('<section id="index"><h2>Letters</h2><table><thead><tr><th>letter</th><th>items</th><th>flags</th>')
        write("</tr></thead><tbody>\n")
        self._index.copy_to(self.stream)
        write('</tbody></table></section>\n<main id="letters">\n')
        self._body.copy_to(self.stream)
        write("</main>\n</body>\n</html>\n")

    def _summary(self, summary: Summary) -> str:
        totals = [
            ("letters", "Letters", summary.letters),
            ("items", "Items", summary.items),
            ("flags", "Flags", summary.flags),
            ("flagged-letters", "Flagged letters", summary.flagged_letters),
            ("unreadable", "Unreadable", summary.errors),
            ("waived", "Waived", summary.waived),
            ("baselined", "In baseline", summary.baselined),
        ]
        cells = "".join(f'<div><dt>{label}</dt><dd id="sum-{key}">{n}</dd></div>' for key, label, n in totals)
        severities = [(s, summary.by_severity.get(s, 0), SEVERITY_COLORS[s]) for s in SEVERITIES]
        categories = [(c, n, "#455a64") for c, n in sorted(summary.by_category.items(), key=lambda kv: (-kv[1], kv[0]))]
        severity_chart, category_chart = bar_chart(severities, 90), bar_chart(categories)
        return (
            f'<section id="summary"><dl class="totals">{cells}</dl><div class="charts">'
            f'<figure id="chart-severity"><figcaption>Flags by severity</figcaption>{severity_chart}</figure>'
            f'<figure id="chart-category"><figcaption>Flags by category</figcaption>{category_chart}</figure>'
            "</div></section>\n"
        )


def _context_html(flag: Flag, lines: list[str] | None) -> str:
    """The evidence lines highlighted among their neighbours; just the evidence if the file is gone."""
    if lines is None:
        blocks = [[ContextLine(e.line, e.text, True) for e in flag.evidence]]
    else:
        marked = set().union(*(evidence_span(lines, e.line, e.text) for e in flag.evidence))
        blocks = context_blocks(lines, marked, CONTEXT_RADIUS)
    roles = {e.line: e.role or "found" for e in flag.evidence}
    out = ['<div class="context">']
    for index, block in enumerate(blocks):
        if index:
            out.append('<span class="gap">⋯</span>')
        for line in block:
            role = (
                f'<span class="role">{_e(roles[line.number])}</span>' if line.evidence and line.number in roles else ""
            )
            body = f'<span class="ln">{line.number}</span>{role}{_e(line.text.rstrip())}'
            out.append(f'<mark class="evidence">{body}</mark>' if line.evidence else f'<span class="row">{body}</span>')
    out.append("</div>")
    return "".join(out)


def _guideline(result: ItemResult) -> str:
    """The rulebook that judged an item, as a cell shows it."""
    return result.guideline.id if result.guideline is not None else ""
