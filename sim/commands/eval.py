"""`slab eval SCENARIO --agent A [--agent B ...] --episodes N [--seed S] [--out DIR] [--json]`.

Each agent flies the blue interceptors (all blue groups) for N episodes
over the seeds S, S+1, ..., S+N-1, the same seeds for every agent (S
defaults to the scenario's seed), so the agents face the same raids,
weather and sensor noise draws. Every episode is a normal trial with its
record, under DIR/eval-<scenario>-s<S>-<UTC time>/<k>-<agent>/; the pooled
figures (trials/evaluation.py) are printed as a table, or with --json as a
list of one object per agent, and saved as evaluation.json beside the
records. Plug-ins are loaded and checked before the first episode, so a
broken one costs nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sim.commands import EXIT_BAD_INPUT

DEFAULT_EPISODES = 5


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="compare autopilots on a scenario over the same seeds")
    parser.add_argument("scenario", help="library scenario name or path to a scenario YAML")
    parser.add_argument("--agent", action="append", required=True, metavar="CONTROLLER",
                        help="controller flying the blue interceptors: a built-in name (pn, apn, zem, pursuit...), "
                             "path/to/file.py:Class, package.module:Class or an entry point; repeat to compare")
    parser.add_argument("--episodes", type=int, default=DEFAULT_EPISODES,
                        help=f"episodes per agent (default {DEFAULT_EPISODES})")
    parser.add_argument("--seed", type=int, default=None,
                        help="first seed; episodes use SEED, SEED+1, ... (default: the scenario's seed)")
    parser.add_argument("--out", type=Path, default=Path("trial-logs"),
                        help="folder for the trial records (default: trial-logs)")
    parser.add_argument("--duration", type=float, default=None, help="simulated seconds per episode")
    parser.add_argument("--json", action="store_true", help="print one JSON object per agent")
    parser.add_argument("--trust", action="store_true",
                        help="allow policy files (policy:PATH.zip) from outside the project's agents/policies/: "
                             "they hold pickles, which can run code when loaded")
    parser.set_defaults(func=run)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text.replace("\\", "/").rsplit("/", 1)[-1]).strip("-.") or "agent"


def _preflight(scenario: Any, seed: int, agent: str) -> None:
    """Load and check the agent's plug-in once, before any episode (raises PluginError)."""
    from agents.overrides import apply_agents, blue_groups
    from agents.registry import BUILTIN, make_controller
    from sim.config.resolve import resolve
    from sim.trial_setup import resolve_stream

    resolved = resolve(scenario, resolve_stream(seed)).scenario  # controller params may be random
    checked = apply_agents(resolved, {"blue": agent}, Path.cwd())
    for airframe in blue_groups(checked):
        entry = checked.blue.interceptor(airframe)
        if entry.controller not in BUILTIN:
            make_controller(entry.controller, "blue", dict(entry.params))


def _cell(value: Any, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def format_table(rows: list[dict[str, Any]]) -> str:
    """One line per agent, the figures of trials.evaluation.aggregate."""
    header = ["agent", "episodes", "threats", "intercept rate [95 % CI]", "time to intercept",
              "miss mean / median", "interceptors/kill", "cost-exchange"]
    lines = [header]
    for row in rows:
        ci = row["intercept_rate_ci95"]
        rate = _cell(row["intercept_rate"], ".3f") + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")
        lines.append([row["agent"], str(row["episodes"]), str(row["threats"]), rate,
                      _cell(row["mean_time_to_intercept_s"], ".1f") + " s",
                      f"{_cell(row['mean_miss_distance_m'], '.1f')} / {_cell(row['median_miss_distance_m'], '.1f')} m",
                      _cell(row["interceptors_per_kill"], ".2f"), _cell(row["cost_exchange_ratio"], ".3f")])
    widths = [max(len(line[k]) for line in lines) for k in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines)


def run(args: argparse.Namespace) -> int:
    from sim.config.scenario_loading import load_scenario
    from sim.trial import run_trial
    from trials import TrialRecord, new_trial_id
    from trials.evaluation import Episode, aggregate
    from trials.metrics import metric_samples

    if args.episodes < 1:
        print(f"slab eval: --episodes must be at least 1, got {args.episodes}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.duration is not None and not args.duration > 0:
        print(f"slab eval: --duration must be positive, got {args.duration}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if len(set(args.agent)) != len(args.agent):
        print("slab eval: an --agent is given twice", file=sys.stderr)
        return EXIT_BAD_INPUT
    scenario = load_scenario(args.scenario)
    first = scenario.meta.seed if args.seed is None else int(args.seed)
    seeds = list(range(first, first + args.episodes))
    for agent in args.agent:
        _preflight(scenario, first, agent)
    folder = args.out / ("eval-" + new_trial_id(scenario.meta.name, first, datetime.now(timezone.utc)))
    folder.mkdir(parents=True, exist_ok=False)  # an existing one: FileExistsError, one line from sim.cli
    rows = []
    for k, agent in enumerate(args.agent, start=1):
        episodes = []
        for seed in seeds:
            result = run_trial(args.scenario, seed=seed, out_dir=folder / f"{k}-{_slug(agent)}",
                               duration_s=args.duration, agents={"blue": agent})
            samples = metric_samples(TrialRecord.open(result.folder).events())
            episodes.append(Episode(seed, result.summary, samples["miss_distance_m"],
                                    samples["time_to_intercept_s"], str(result.folder)))
            s = result.summary
            print(f"  {agent}  seed {seed}: {s['threats_killed']}/{s['threats_spawned']} threats killed, "
                  f"{s['interceptors_expended']} interceptors expended ({result.wall_time_s:.1f} s)",
                  file=sys.stderr, flush=True)
        rows.append(aggregate(agent, episodes))
    (folder / "evaluation.json").write_text(json.dumps(rows, indent=2) + "\n")
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"slab eval {scenario.meta.name}: {args.episodes} episode{'s' * (args.episodes != 1)} per agent, "
          f"seeds {seeds[0]}..{seeds[-1]}")
    print(format_table(rows))
    print(f"Records: {folder}")
    return 0
