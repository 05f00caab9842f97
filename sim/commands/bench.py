"""`slab bench physics`: speed figures measured on this machine (see docs/performance.md)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="measure the simulator's speed on this machine")
    targets = parser.add_subparsers(dest="target", metavar="TARGET", required=True)
    physics = targets.add_parser("physics", help="flight-core steps per second vs raw pybullet")
    physics.add_argument("--json", action="store_true", help="print one JSON object")
    physics.add_argument("--quick", action="store_true", help="shorter runs (under 30 s)")
    physics.set_defaults(func=_physics)


def _physics(args: argparse.Namespace) -> int:
    from sim.bench.physics import main  # imported late: pybullet and numba load only when benchmarking

    return main(quick=args.quick, as_json=args.json)
