"""`slab leaderboard SCENARIO [--logs DIR] [--json]`: the best piloted trial of each callsign.

Scores are defined in trials/leaderboard.py: gate courses by completion and
time, intercept scenarios by intercept rate then time of the last kill.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.commands import EXIT_BAD_INPUT


def _score_text(kind: str | None, score: dict) -> str:
    if kind == "course":
        if score["completed"]:
            return f"{score['course_time_s']:8.2f} s  all {score['gates']} gates"
        crash = ", crashed" if score["crashed"] else ""
        return f"     DNF    {score['gates_in_order']}/{score['gates']} gates{crash}"
    if kind == "intercept":
        last = f"last kill {score['last_kill_s']:.1f} s" if score["last_kill_s"] is not None else "no kill"
        return f"{100 * score['intercept_rate']:5.0f} %  {score['threats_killed']}/{score['threats_spawned']}  {last}"
    return f"{'crashed' if score['crashed'] else 'no crash'}  ended {score['sim_time_s']} s"


def run(args: argparse.Namespace) -> int:
    from sim.config.scenario_loading import scenario_names
    from trials.leaderboard import leaderboard

    if not args.logs.is_dir():
        print(f"slab leaderboard: {args.logs}: no such folder of trial records", file=sys.stderr)
        return EXIT_BAD_INPUT
    name = Path(args.scenario).stem if args.scenario.endswith((".yaml", ".yml")) else args.scenario
    kind, entries, skipped = leaderboard(name, args.logs)
    if not entries and name not in scenario_names():
        print(f"slab leaderboard: no piloted trials of '{name}' in {args.logs}, and it is no library scenario "
              f"({', '.join(scenario_names())})", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        rows = [{"rank": k + 1, "callsign": e.callsign, "trial_id": e.trial_id, "airframe": e.airframe,
                 "started_utc": e.started_utc, **e.score} for k, e in enumerate(entries)]
        print(json.dumps({"scenario": name, "kind": kind, "rows": rows, "skipped_records": skipped}, indent=2))
        return 0
    if not entries:
        print(f"No piloted trials of {name} in {args.logs} yet.")
        return 0
    print(f"Leaderboard: {name} ({kind})")
    for k, e in enumerate(entries, start=1):
        print(f"{k:3d}. {e.callsign:<16} {_score_text(kind, e.score)}  {e.airframe or ''}  {e.trial_id}")
    if skipped:
        print(f"({skipped} unreadable record{'s' * (skipped != 1)} skipped)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "leaderboard", help="best piloted trial per callsign of a scenario",
        description="Rank soldiers' callsigns on one scenario from the trial records: gate courses by "
                    "completion and course time, intercept scenarios by intercept rate then time of the last kill.")
    parser.add_argument("scenario", help="scenario name (meta.name) or its YAML file")
    parser.add_argument("--logs", type=Path, default=Path("trial-logs"), help="folder of trial records")
    parser.add_argument("--json", action="store_true", help="print the leaderboard as JSON")
    parser.set_defaults(func=run)
