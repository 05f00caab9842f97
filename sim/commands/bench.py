"""`slab bench physics` / `slab bench trial`: speed figures measured on this machine (docs/performance.md).

`slab bench validation`: the flight model's section-6 figures per airframe (see docs/physics.md).
`slab bench guidance`: guidance laws' Monte-Carlo hit rates and misses (see docs/guidance.md)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="measure the simulator's speed, or validate its flight model")
    targets = parser.add_subparsers(dest="target", metavar="TARGET", required=True)
    physics = targets.add_parser("physics", help="flight-core steps per second vs raw pybullet")
    physics.add_argument("--json", action="store_true", help="print one JSON object")
    physics.add_argument("--quick", action="store_true", help="shorter runs (under 30 s)")
    physics.set_defaults(func=_physics)
    trial = targets.add_parser("trial", help="engagement engine speed on saturation-raid, record on and off")
    trial.add_argument("--json", action="store_true", help="print one JSON object")
    trial.add_argument("--quick", action="store_true", help="first 300 s of the scenario (under 60 s)")
    trial.add_argument("--rounds", type=_positive_int, default=None,
                       help="rounds of record on + record off; figures are medians (default 5, --quick 3)")
    trial.set_defaults(func=_trial)
    cockpit = targets.add_parser("cockpit", help="cockpit frames per second (port-night-shahed-wave, 640x480, "
                                 "offscreen OpenGL, physics in lockstep) and input-to-frame latency")
    cockpit.add_argument("--json", action="store_true", help="print one JSON object")
    cockpit.add_argument("--quick", action="store_true", help="10 s of frames instead of 60 (under 60 s)")
    cockpit.set_defaults(func=_cockpit)
    validation = targets.add_parser(
        "validation", help="flight-model checks per airframe (hover, free fall, steps, top speed...) vs targets",
        description="Fly each airframe through the validation experiments of docs/physics.md and print "
                    "measured figure, target and PASS/FAIL. Exit 0 when all pass, 1 when any fails.")
    validation.add_argument("--airframe", nargs="+", action="extend", metavar="NAME_OR_PATH",
                            help="built-in name or YAML path (default: every built-in airframe)")
    validation.add_argument("--json", action="store_true", help="print one JSON object")
    validation.set_defaults(func=_validation)
    guidance = targets.add_parser("guidance", help="guidance laws' hit rate and miss distance, Monte-Carlo vs Shahed-136")
    guidance.add_argument("--json", action="store_true", help="print one JSON object")
    guidance.add_argument("--quick", action="store_true", help="200 engagements per row instead of 1,000")
    guidance.set_defaults(func=_guidance)
    env = targets.add_parser("env", help="soldiers_lab/Intercept-v0 env steps per second: single env and "
                             "batched worlds (1, 64, 1,024), 240 Hz physics, 30 Hz control")
    env.add_argument("--json", action="store_true", help="print one JSON object")
    env.add_argument("--quick", action="store_true", help="shorter runs (under 60 s)")
    env.set_defaults(func=_env)


def _physics(args: argparse.Namespace) -> int:
    from sim.bench.physics import main  # imported late: pybullet and numba load only when benchmarking

    return main(quick=args.quick, as_json=args.json)


def _validation(args: argparse.Namespace) -> int:
    from sim.bench.validation_report import main  # imported late: numba kernels load only when validating

    return main(args.airframe, as_json=args.json)


def _env(args: argparse.Namespace) -> int:
    from sim.bench.env import main  # imported late: gymnasium and the env kernels load only for this bench

    return main(quick=args.quick, as_json=args.json)


def _guidance(args: argparse.Namespace) -> int:
    from sim.bench.guidance import main  # imported late: numba kernels load only when benchmarking

    return main(quick=args.quick, as_json=args.json)


def _trial(args: argparse.Namespace) -> int:
    from sim.bench.trial import main

    return main(quick=args.quick, as_json=args.json, rounds=args.rounds)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _cockpit(args: argparse.Namespace) -> int:
    from sim.bench.cockpit import main  # imported late: moderngl and pygame load only for this bench

    return main(quick=args.quick, as_json=args.json)
