"""Parse a line-level Lark grammar fast, with exactly the result of Lark's contextual lexer.

Lark's contextual lexer tries, at every line, the terminals the current parser state accepts,
and the parser shifts one LINE token per ordinary line. For grammars whose terminals each match
one whole line, the same parse comes from less work:

- one combined pattern per line finds the few lines that could be anything but LINE; for those,
  every terminal that matches is listed in Lark's own terminal order;
- the parser state picks among them just as the contextual lexer does: the first listed
  terminal that the state accepts;
- a run of ordinary lines stops being fed once the parser sits in a `LINE*` loop: when one more
  LINE would leave the state stack as it is (worked out on a copy of the stack, from the parse
  table), the remaining lines of the run could only repeat that step, so the last token fed
  takes the run's last line as its `end_line`.

Anything the fast path cannot vouch for (a terminal that spans or splits lines, a parse error)
is handed to Lark's own parser, so results and error messages are Lark's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lark import Lark, Token, Tree
from lark.lexer import PatternRE
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_parser_state import ParserState

_ONE_LINE_PATTERNS = frozenset({"[^\n]*\n", "[^\n]+\n", r"[^\n]*\n", r"[^\n]+\n"})


class _Fallback(Exception):
    """The fast path cannot reproduce Lark's lexing for this text."""


class LineParser:
    """Parses text of newline-terminated lines with `grammar`; falls back to `grammar.parse`."""

    def __init__(self, grammar: Lark, line_terminal: str = "LINE", every_line: bool = False) -> None:
        self.grammar = grammar
        self.line_terminal = line_terminal
        # Feed every line as its own token, without stopping once a run of lines loops: for
        # readers that look at the LINE tokens themselves, the tree is Lark's to the token.
        self.every_line = every_line
        # Lark's order for terminals that match at the same place (its BasicLexer sorts so).
        terminals = sorted(
            grammar.terminals, key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name)
        )
        by_name = {t.name: t for t in terminals}
        plain = by_name.get(line_terminal)
        self.enabled = (
            grammar.options.parser == "lalr"
            and grammar.options.lexer == "contextual"
            and not grammar.lexer_conf.ignore
            and not grammar.options.lexer_callbacks
            and all(isinstance(t.pattern, PatternRE) for t in terminals)
            and plain is not None
            and plain.pattern.value in _ONE_LINE_PATTERNS
            and not plain.pattern.flags
        )
        if not self.enabled:
            return
        flags = grammar.lexer_conf.g_regex_flags
        # Every terminal in Lark's order, LINE included: it matches any line.
        self._order: list[tuple[str, re.Pattern[str] | None]] = [
            (t.name, None if t.name == line_terminal else re.compile(t.pattern.to_regexp(), flags)) for t in terminals
        ]
        special = [t.pattern.to_regexp() for t in terminals if t.name != line_terminal]
        alternation = "|".join(f"(?:{p})" for p in special) or r"(?!x)x"
        self._any = re.compile(alternation, flags)
        # The same test at every line start after the first: led by a literal newline, the
        # search jumps from line to line in C instead of being called once a line.
        self._any_after_newline = re.compile(f"\n(?={alternation})", flags)
        self._conf = grammar.parse_interactive("").parser_state.parse_conf

    def parse(self, lines: Sequence[str]) -> Tree[Token]:
        """The parse tree of `"\\n".join(lines) + "\\n"`, as `grammar.parse` gives it."""
        source = "\n".join(lines) + "\n" if lines else ""
        if self.enabled:
            try:
                return self._parse(lines, source)
            except Exception:  # the fast path only vouches for clean parses; Lark explains the rest
                pass
        return self.grammar.parse(source)

    def _classify(self, lines: Sequence[str], source: str, offsets: list[int]) -> dict[int, list[str]]:
        """For each line some terminal besides LINE matches, the matching terminals in order."""
        line_at = {start: index for index, start in enumerate(offsets[: len(lines)])}
        candidates = [0] if lines and self._any.match(source, 0) is not None else []
        after = (line_at.get(found.start() + 1) for found in self._any_after_newline.finditer(source))
        candidates += [index for index in after if index is not None]
        special: dict[int, list[str]] = {}
        for index in candidates:
            pos, end = offsets[index], offsets[index + 1]
            kinds = []
            for name, pattern in self._order:
                if pattern is None:
                    kinds.append(name)
                    continue
                found = pattern.match(source, pos)
                if found is not None:
                    if found.end() != end:
                        raise _Fallback(name)
                    kinds.append(name)
            special[index] = kinds
        return special

    def _parse(self, lines: Sequence[str], source: str) -> Tree[Token]:
        total = len(lines)
        offsets = [0] * (total + 1)
        for index, line in enumerate(lines):
            offsets[index + 1] = offsets[index] + len(line) + 1
        special = self._classify(lines, source, offsets)
        state = ParserState(self._conf, None)  # type: ignore[arg-type]
        stack = state.state_stack
        states = self._conf.states
        feed = state.feed_token
        plain = self.line_terminal
        starts = sorted(special)
        next_special = iter([*starts, total])
        upcoming = next(next_special)
        index = 0
        token: Token | None = None
        while index < total:
            if index == upcoming:
                accepted = states[stack[-1]]
                kind = next((k for k in special[index] if k in accepted), plain)
                token = _token(kind, lines, offsets, index)
                feed(token)
                index += 1
                upcoming = next(next_special)
                continue
            stop = upcoming
            while index < stop:
                token = _token(plain, lines, offsets, index)
                feed(token)
                index += 1
                if index < stop and not self.every_line and self._line_keeps(stack):
                    # A LINE* loop: the rest of the run would leave the parser exactly here.
                    token.end_line = stop + 1
                    token.end_pos = offsets[stop]
                    index = stop
        end = Token.new_borrow_pos("$END", "", token) if token is not None else Token("$END", "", 0, 1, 1)
        tree: Tree[Token] = feed(end, True)
        return tree

    def _line_keeps(self, stack: list[object]) -> bool:
        """Whether feeding one more LINE would leave the state stack as it is (without feeding it)."""
        states = self._conf.states
        trial = list(stack)
        while True:
            action, arg = states[trial[-1]].get(self.line_terminal, (None, None))
            if action is None:
                return False
            if action is Shift:
                trial.append(arg)
                return trial == stack
            size = len(arg.expansion)
            if size:
                del trial[-size:]
            _, goto = states[trial[-1]][arg.origin.name]
            trial.append(goto)


def _token(kind: str, lines: Sequence[str], offsets: list[int], index: int) -> Token:
    return Token(kind, lines[index] + "\n", offsets[index], index + 1, 1, index + 2, 1, offsets[index + 1])
