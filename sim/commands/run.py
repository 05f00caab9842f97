"""`slab run SCENARIO [--seed N] [--out DIR] [--duration S] [--agent KEY=CONTROLLER ...]`: a headless trial.

`--agent` overrides the scenario's controllers (agents/overrides.py): KEY is
`blue`, `red` or a group (a red wave's name, a blue interceptor airframe);
a group's own override beats its side's. The trial record lists the
controllers used in meta.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.commands import EXIT_BAD_INPUT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="play a scenario headless and write its trial record")
    parser.add_argument("scenario", help="library scenario name or path to a scenario YAML")
    parser.add_argument("--seed", type=int, default=None, help="trial seed (default: the scenario's)")
    parser.add_argument("--out", type=Path, default=Path("trial-logs"), help="folder for trial records")
    parser.add_argument("--duration", type=float, default=None, help="simulated seconds (default: the scenario's)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--agent", action="append", default=[], metavar="KEY=CONTROLLER",
                        help="fly a side or group with CONTROLLER: KEY is blue, red or a group name (red wave, "
                             "blue interceptor airframe; beats its side); CONTROLLER is a built-in name (pn, apn, "
                             "zem, pursuit...), path/to/file.py:Class, package.module:Class or an entry point; "
                             "a bare CONTROLLER means blue=CONTROLLER; repeatable")
    parser.add_argument("--trust", action="store_true",
                        help="allow policy files (policy:PATH.zip) from outside the project's agents/policies/: "
                             "they hold pickles, which can run code when loaded")
    parser.set_defaults(func=run)


class _Progress:
    """A one-line progress bar on a terminal; a line every 10 % otherwise (CI logs stay short)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, t_s: float, duration_s: float) -> None:
        step = int(100 * t_s / duration_s) if duration_s > 0 else 100
        if self.tty and step != self.shown:
            bar = "#" * (step // 4)
            print(f"\r  [{bar:<25}] {step:3d} %  t = {t_s:7.1f} s", end="", file=sys.stderr, flush=True)
        elif not self.tty and step // 10 != self.shown // 10 and duration_s > 120:
            print(f"  ... {step} % (t = {t_s:.0f} s)", file=sys.stderr, flush=True)
        self.shown = step

    def done(self) -> None:
        if self.tty and self.shown >= 0:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from agents.overrides import parse_agent_options
    from sim.summary_text import format_summary
    from sim.trial import run_trial

    if args.duration is not None and not args.duration > 0:
        print(f"slab run: --duration must be positive, got {args.duration}", file=sys.stderr)
        return EXIT_BAD_INPUT
    agents = parse_agent_options(args.agent)
    progress = _Progress()
    try:
        result = run_trial(args.scenario, seed=args.seed, out_dir=args.out, duration_s=args.duration,
                           progress=progress, agents=agents)
    finally:
        progress.done()  # end the progress line before any error message
    if args.json:
        print(json.dumps({"record": str(result.folder), **result.summary}, indent=2))
        return 0
    seed = args.seed
    if seed is None:
        from trials import TrialRecord
        seed = TrialRecord.open(result.folder).meta["seed"]
    print(format_summary(result.summary, Path(str(args.scenario)).stem, seed))
    print(f"  ran {result.summary['sim_time_s']:.0f} s of sim time in {result.wall_time_s:.1f} s "
          f"({result.realtime_factor:.0f}x real time), {result.summary['bodies']} bodies")
    print(f"Record: {result.folder}")
    return 0
