"""Compile each Lark grammar once per process (LALR, contextual lexer, cached on disk), and the
fast feeders of its tables for line grammars and short phrases."""

from __future__ import annotations

from functools import cache

from lark import Lark

from checker.datafiles.resources import grammar_path
from checker.parse.linefeed import LineParser
from checker.parse.tokenfeed import TokenParser


@cache
def load(name: str, start: str = "start") -> Lark:
    path = grammar_path(name)
    return Lark(
        path.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        start=start,
        cache=True,
        source_path=str(path),
    )


@cache
def line_parser(name: str, every_line: bool = False) -> LineParser:
    """A fast parser for a line-level grammar (one token per line); see `linefeed`. With
    `every_line`, the tree holds a LINE token for every line, as Lark's parse gives it."""
    return LineParser(load(name), every_line=every_line)


@cache
def phrase_parser(name: str) -> TokenParser:
    """A fast parser for a grammar of short phrases (treatments); see `tokenfeed`."""
    return TokenParser(load(name))
