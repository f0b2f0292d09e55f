"""Parse a short phrase with a Lark grammar, with exactly the result of Lark's contextual lexer,
for a fraction of Lark's per-call cost.

Lark's contextual lexer reads each token with a scanner of the terminals the parser's current
state accepts (and the ignored ones), in Lark's order (its BasicLexer sorts so): the first that
matches at the place wins, ignored terminals are skipped. Here one combined pattern per set of
accepted terminals does that scan, and its tokens feed Lark's own LALR tables and tree builder,
so the tree is Lark's. A short phrase costs Lark more in setting up its lexer and parser per
call than in parsing; this path sets up nothing. Anything it cannot vouch for (text with a line
break, a character no terminal matches, a parse error) is handed to Lark's own parser, so
results and error messages are Lark's.
"""

from __future__ import annotations

import re

from lark import Lark, Token, Tree
from lark.lexer import PatternRE
from lark.parsers.lalr_parser_state import ParserState


class _Fallback(Exception):
    """The fast path cannot reproduce Lark's lexing for this text."""


class TokenParser:
    """Parses one line of text with `grammar`; falls back to `grammar.parse`."""

    def __init__(self, grammar: Lark) -> None:
        self.grammar = grammar
        self.enabled = (
            grammar.options.parser == "lalr"
            and grammar.options.lexer == "contextual"
            and not grammar.options.lexer_callbacks
            and grammar.options.postlex is None
        )
        if not self.enabled:
            return
        conf = grammar.lexer_conf
        # Lark's order for terminals that match at the same place (its BasicLexer sorts so).
        self._terminals = sorted(
            conf.terminals, key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name)
        )
        self._ignore = frozenset(conf.ignore)
        self._flags = conf.g_regex_flags
        self._conf = grammar.parse_interactive("").parser_state.parse_conf
        self.enabled = len(self._terminals) < 100 and all(  # Python's limit on named groups in one pattern
            isinstance(t.pattern, PatternRE) or t.pattern.type == "str" for t in self._terminals
        )
        # The scanner of each parser state, made when a state first reads a token.
        self._scanners: dict[int, re.Pattern[str]] = {}
        self._by_accepted: dict[frozenset[str], re.Pattern[str]] = {}

    def _scanner(self, state: int) -> re.Pattern[str]:
        found = self._scanners.get(state)
        if found is None:
            accepted = frozenset(self._conf.states[state]) | self._ignore
            found = self._by_accepted.get(accepted)
            if found is None:
                alternation = "|".join(
                    f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in self._terminals if t.name in accepted
                )
                found = self._by_accepted[accepted] = re.compile(alternation or r"(?!x)x", self._flags)
            self._scanners[state] = found
        return found

    def parse(self, text: str) -> Tree[Token]:
        """The parse tree of `text`, as `grammar.parse` gives it."""
        if self.enabled and "\n" not in text and "\r" not in text:
            try:
                return self._parse(text)
            except Exception:  # the fast path only vouches for clean parses; Lark explains the rest
                pass
        return self.grammar.parse(text)

    def _parse(self, text: str) -> Tree[Token]:
        state = ParserState(self._conf, None)  # type: ignore[arg-type]
        feed = state.feed_token
        stack = state.state_stack
        scanner = self._scanner
        ignore = self._ignore
        position, size = 0, len(text)
        token: Token | None = None
        while position < size:
            found = scanner(stack[-1]).match(text, position)
            if found is None:
                raise _Fallback(position)
            end = found.end()
            kind = found.lastgroup
            assert kind is not None
            if kind not in ignore:
                token = Token(kind, found.group(), position, 1, position + 1, 1, end + 1, end)
                feed(token)
            position = end
        last = Token.new_borrow_pos("$END", "", token) if token is not None else Token("$END", "", 0, 1, 1)
        tree: Tree[Token] = feed(last, True)
        return tree
