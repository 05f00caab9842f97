"""`slab demo`: the headless demo flight (sim/demo.py) and its summary."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.demo import DemoResult


def summary(result: DemoResult) -> str:
    """A few readable lines: what flew, did it hit, how fast, at what cost."""
    r = result
    hit = r.outcome == "intercept"
    outcome = (f"INTERCEPT at {r.time_to_intercept_s:.1f} s" if hit
               else f"MISS (no kill within {r.sim_time_s:.0f} s)")
    exchange = (f"{r.cost_exchange_ratio:.1f} : 1 (a ${r.target_unit_cost_usd:,.0f} target for a "
                f"${r.interceptor_unit_cost_usd:,.0f} interceptor)" if hit
                else f"0 : 1 (${r.interceptor_unit_cost_usd:,.0f} spent, "
                     f"${r.target_unit_cost_usd:,.0f} target survives)")
    x, y, z = r.target_start_m
    rtf = f"{r.real_time_factor:,.0f}x" if r.real_time_factor is not None else "n/a"
    return "\n".join([
        f"Soldiers Lab demo (seed {r.seed}): {r.interceptor} vs {r.target}",
        f"  target start      ({x:.0f}, {y:.0f}, {z:.0f}) m, heading {r.target_heading_deg:+.1f} deg",
        f"  outcome           {outcome}",
        f"  closest approach  {r.closest_approach_m:.2f} m (lethal radius {r.lethal_radius_m:.2f} m)",
        f"  peak speed        {r.interceptor_peak_speed_kmh:.0f} km/h",
        f"  distance flown    {r.interceptor_distance_flown_m:,.0f} m",
        f"  cost exchange     {exchange}",
        f"  sim time          {r.sim_time_s:.1f} s at {r.physics_hz:.0f} Hz physics / "
        f"{r.control_hz:.0f} Hz control",
        f"  wall time         {r.wall_time_s:.2f} s (+{r.startup_s:.2f} s start-up), real-time factor {rtf}",
    ])


def run(args: argparse.Namespace) -> int:
    # Imported late: numba kernels load only for commands that fly.
    from sim.demo import run_demo

    result = run_demo(seed=args.seed)
    print(json.dumps(result.to_dict()) if args.json else summary(result))
    return 0  # a miss is a result, not an error


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="headless demo flight: an interceptor quad chases a Shahed-136")
    parser.add_argument("--seed", type=int, default=0, help="varies the Shahed's start a little (default 0)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)
