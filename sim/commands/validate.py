"""`slab validate FILE...`: check config files, one line per file."""

from __future__ import annotations

import argparse
import sys

from sim.commands import EXIT_BAD_INPUT
from sim.config.errors import ConfigError
from sim.config.loading import validate_file


def run(args: argparse.Namespace) -> int:
    # Check every file even after a failure, so one run lists all problems.
    bad = 0
    for file in args.files:
        try:
            description = validate_file(file)
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            bad += 1
        else:
            print(f"ok  {file} ({description})")
    return EXIT_BAD_INPUT if bad else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate", help="check scenario and airframe YAML files",
        description="Validate config files; exit 0 if all are good, 2 if any is bad.")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.set_defaults(func=run)
