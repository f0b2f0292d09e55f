"""Parse a short phrase with a Lark grammar, with exactly the result of Lark's contextual lexer,
for a fraction of Lark's per-call cost.

Where every state the parser can be in when the next token is read accepts every terminal, the
contextual lexer is one scanner: Lark's terminals in Lark's order (its BasicLexer sorts so),
the first that matches at the place wins, ignored terminals are skipped. One combined pattern
does that scan here, and its tokens feed Lark's own LALR tables and tree builder, so the tree is
Lark's. A phrase of short text costs Lark more in setting up its lexer and parser per call than
in parsing; this path sets up nothing. Anything it cannot vouch for (a grammar that narrows its
terminals by state, text with a line break, a character no terminal matches, a parse error) is
handed to Lark's own parser, so results and error messages are Lark's.
"""

from __future__ import annotations

import re

from lark import Lark, Token, Tree
from lark.lexer import PatternRE
from lark.parsers.lalr_analysis import Shift
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
        terminals = sorted(
            conf.terminals, key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name)
        )
        self._ignore = frozenset(conf.ignore)
        self._conf = grammar.parse_interactive("").parser_state.parse_conf
        wanted = {t.name for t in terminals} - self._ignore
        reading = _lexing_states(self._conf.states, self._conf.start_state, wanted)
        self.enabled = (
            len(terminals) < 100  # Python's limit on named groups in one pattern
            and all(isinstance(t.pattern, PatternRE) or t.pattern.type == "str" for t in terminals)
            and all(wanted <= set(actions) for actions in reading)
        )
        if self.enabled:
            alternation = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)
            self._pattern = re.compile(alternation, conf.g_regex_flags)

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
        match = self._pattern.match
        ignore = self._ignore
        position, size = 0, len(text)
        token: Token | None = None
        while position < size:
            found = match(text, position)
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


def _lexing_states(
    states: dict[int, dict[str, tuple[object, object]]], start: int, terminals: set[str]
) -> list[dict[str, tuple[object, object]]]:
    """The action tables of the states the parser is in when it reads a token: the start state
    and every state a terminal is shifted into (Lark's tables write a goto as a shift too; a state
    a reduction leads to reads no token: the token that caused the reduction is already read)."""
    shifted = {
        arg
        for actions in states.values()
        for name, (action, arg) in actions.items()
        if action is Shift and name in terminals and isinstance(arg, int)
    }
    return [states[start], *(states[s] for s in shifted)]
