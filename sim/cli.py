"""`slab`: the Soldiers Lab command line.

Each subcommand is a module in sim/commands with `register(subparsers)`,
which adds its parser and sets `func=run(args) -> int`. To add a command,
write the module and append it to COMMANDS.

Bad input never shows a traceback: every ConfigError is printed as one
line on stderr and the exit code is 2.
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

from sim.commands import EXIT_BAD_INPUT, airframes, bench, demo, preview, run, schema, validate, version
from sim.commands import eval as evaluate
from sim.commands import calibrate, fly, rates
from sim.commands import leaderboard, rerun as rerun_cmd
from sim.commands import train
from agents.policy_files import trusting_policies
from agents.registry import PluginError
from sim.config.errors import ConfigError

COMMANDS: list[ModuleType] = [version, validate, airframes, schema, preview, run, bench, demo, evaluate, rates, calibrate,
                             rerun_cmd, leaderboard, fly, train]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slab", description="Soldiers Lab: fly prototype drones, test autopilots, log every trial.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and usage errors; return it as a code
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with trusting_policies(getattr(args, "trust", False)):  # --trust: outside policy files may load
            return args.func(args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (PluginError, FileExistsError) as exc:  # a broken controller; a record that would be overwritten
        print(f"slab {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
