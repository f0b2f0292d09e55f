"""The command classes typer builds the command line with: the same usage line and command order
on every typer release the project allows, `check` as the default command, and a bare `--color`."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from checker.run.exitcodes import EXIT_USAGE


class Command(TyperCommand):
    """Names each argument in the usage line by its metavar alone (`LETTERS...`, `[PATH]`), as
    click does; typer releases from 0.26 on write a required one in braces (`{LETTERS...}`).
    Help lists options only, and the command's text says what its arguments are: click 8.5
    drops the help text typer 0.21-0.25 give an argument, which would leave an Arguments
    section saying nothing there."""

    # `ctx` is click's Context, which typer releases take from click or from their own copy of it.
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(param.metavar or (param.name or "").upper())
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        records = [param.get_help_record(ctx) for param in self.get_params(ctx) if param.param_type_name == "option"]
        shown = [record for record in records if record is not None]
        if shown:
            with formatter.section("Options"):
                formatter.write_dl(shown)


class CheckCommand(Command):
    """A bare `--color` (last, or before another option) means `--color always`, as `ls --color`
    does. typer declares no option whose value may be left out, so the value is added to the
    command line before it is parsed."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return list(super().parse_args(ctx, with_color_value(args)))


def with_color_value(args: list[str]) -> list[str]:
    out = list(args)
    for index, arg in enumerate(out):
        if arg == "--":
            break
        following = out[index + 1] if index + 1 < len(out) else None
        if arg == "--color" and (following is None or following.startswith("-")):
            out[index] = "--color=always"
    return out


class Group(TyperGroup):
    """Lists its commands in alphabetical order, as click does (typer lists them as added)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(self.commands)


class DefaultCheckGroup(Group):
    """Runs `check` when the first argument is not a command, so `imr-check letters/` works;
    with no arguments at all it prints the help, and exits 2 so an empty file list in a script
    cannot pass as a clean run."""

    own_options = ("--help", "-h", "--version", "-V")

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args:
            typer.echo(ctx.get_help())
            ctx.exit(EXIT_USAGE)
        if args[0] not in self.commands and args[0] not in self.own_options:
            args = ["check", *args]
        return list(super().parse_args(ctx, args))
