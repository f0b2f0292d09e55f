"""`imr-check baseline`: record today's flags so later runs report and gate on new ones only."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli import options as opt
from checker.cli import rules as cli_rules


def baseline_command(
    paths: opt.Paths,
    output: Annotated[
        str, typer.Option("--output", "-o", help="The baseline file to write.")
    ] = "imr-check-baseline.json",
    waivers: opt.Waivers = None,
    glob: opt.Glob = None,
    max_bytes: opt.MaxBytes = None,
    rules: cli_rules.RulesOption = None,
    extra_rules: cli_rules.ExtraRulesOption = None,
    disable: cli_rules.DisableOption = None,
    severity: cli_rules.SeverityOption = None,
    jobs: opt.Jobs = None,
    config: opt.Config = None,
    quiet: opt.Quiet = False,
    verbose: opt.Verbose = False,
) -> None:
    """Record the flags the letters raise today; `--baseline FILE` then reports new flags only.

    Example: imr-check baseline letters/ -o imr-check-baseline.json
    """
    from checker.run import session

    given = opt.shared_values(
        glob=glob, max_bytes=max_bytes, rules=rules, extra_rules=extra_rules, disable=disable, severity=severity,
        waivers=waivers, jobs=jobs, quiet=quiet, verbose=verbose,
    )  # fmt: skip
    opt.exit_with(lambda: session.record_baseline(session.build_settings(given, config), paths, output))
