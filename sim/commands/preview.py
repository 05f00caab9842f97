"""`slab preview SCENARIO`: write a PNG map of a scenario, to see it before running it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.commands import EXIT_BAD_INPUT
from sim.config.scenario_loading import load_scenario


def _seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"seed must be a whole number >= 0, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)  # a bad file raises ConfigError: one line, exit 2
    # Imported here: matplotlib takes a while to load and no other command needs it.
    from sim.preview import write_preview

    out = Path(args.out) if args.out else Path(f"{scenario.meta.name}-preview.png")
    seed = scenario.meta.seed if args.seed is None else args.seed
    try:
        write_preview(scenario, seed, out)
    except OSError as exc:
        print(f"{out}: cannot write the preview: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "preview", help="draw a scenario as a PNG map",
        description="Write a PNG map of a scenario: area, terrain, assets, red waves and routes, "
        "blue launch sites, sensor and jammer coverage. Random numbers are drawn as a trial with "
        "the seed would draw them.")
    parser.add_argument("scenario", metavar="SCENARIO", help="library scenario name or path to a YAML file")
    parser.add_argument("--seed", type=_seed, default=None, help="trial seed (default: the scenario's meta.seed)")
    parser.add_argument("--out", metavar="FILE.png", default=None,
                        help="output file (default: <scenario-name>-preview.png in the current folder)")
    parser.set_defaults(func=run)
