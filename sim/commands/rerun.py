"""`slab rerun TRIAL_FOLDER [--json]`: re-simulate a recorded trial headless and check it matches.

Exit 0 when the events and the summary are exactly the recorded ones, 1 at the
first difference (printed), 2 for a folder that is not a completed record.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.commands import EXIT_BAD_INPUT

EXIT_DIFFERENT = 1


def _short(value: object, limit: int = 300) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def run(args: argparse.Namespace) -> int:
    from sim.rerun import RerunError, rerun

    try:
        report = rerun(args.folder)
    except RerunError as exc:
        print(f"slab rerun: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, sort_keys=True))
    elif report.match:
        print(f"rerun of {report.folder}: events match ({report.recorded_events}), summary matches")
    else:
        diff = report.first_difference or {}
        where = (f"event {diff['index']}" if diff.get("where") == "events"
                 else f"summary field {diff.get('path')}")
        print(f"rerun of {report.folder}: DIFFERS (events {'match' if report.events_match else 'differ'}, "
              f"summary {'matches' if report.summary_match else 'differs'}); first difference at {where}:\n"
              f"  recorded: {_short(diff.get('recorded'))}\n  rerun:    {_short(diff.get('rerun'))}")
    return 0 if report.match else EXIT_DIFFERENT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rerun", help="re-simulate a trial record headless and check it reproduces exactly",
        description="Rebuild the trial from its scenario.yaml, seed and recorded pilot input, run it without a "
                    "window, and compare events and summary with the record. Exit 0: identical; 1: they differ "
                    "(the first difference is shown); 2: not a completed trial record.")
    parser.add_argument("folder", type=Path, metavar="TRIAL_FOLDER", help="a trial record folder")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--trust", action="store_true",
                        help="allow policy files (policy:PATH.zip) from outside the project's agents/policies/: "
                             "they hold pickles, which can run code when loaded")
    parser.set_defaults(func=run)
