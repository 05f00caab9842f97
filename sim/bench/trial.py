"""`slab bench trial`: the engagement engine's speed on the scale scenario.

Runs `saturation-raid` (hundreds of threats and interceptors) with sensors,
guidance and the trial record all on, then the same trial without the record;
the difference is the logging overhead. One process, one core.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from sim.trial import run_trial

SCENARIO = "saturation-raid"
QUICK_DURATION_S = 300.0


def _timed(duration_s: float | None, out_dir: Path | None) -> tuple[float, dict]:
    start = time.perf_counter()
    result = run_trial(SCENARIO, out_dir=out_dir, duration_s=duration_s)
    return time.perf_counter() - start, result.summary


def run(quick: bool) -> dict:
    duration = QUICK_DURATION_S if quick else None
    with tempfile.TemporaryDirectory(prefix="slab-bench-") as folder:
        # Load (or compile) every kernel, the record's included, outside the clocks.
        _timed(5.0, Path(folder) / "warm-up")
        logged_s, summary = _timed(duration, Path(folder) / "timed")
    bare_s, _ = _timed(duration, None)
    sim_s = summary["sim_time_s"]
    return {
        "scenario": SCENARIO,
        "bodies": summary["bodies"],
        "sim_time_s": sim_s,
        "wall_time_s": round(logged_s, 3),
        "realtime_factor": round(sim_s / logged_s, 2),
        "realtime_factor_without_record": round(sim_s / bare_s, 2),
        "logging_overhead": round(max(logged_s - bare_s, 0.0) / logged_s, 4),
        "threats_spawned": summary["threats_spawned"],
        "interceptors_launched": summary["interceptors_launched"],
        "end_reason": summary["end_reason"],
    }


def format_table(r: dict) -> str:
    return "\n".join([
        f"Soldiers Lab trial benchmark: {r['scenario']} (sensors, guidance and trial record on; one core)",
        f"  bodies                      {r['bodies']}",
        f"  simulated                   {r['sim_time_s']:.0f} s ({r['end_reason']}; "
        f"{r['threats_spawned']} threats spawned, {r['interceptors_launched']} interceptors launched)",
        f"  wall time                   {r['wall_time_s']:.1f} s",
        f"  real-time factor            {r['realtime_factor']:.1f}x  ({r['realtime_factor_without_record']:.1f}x without the record)",
        f"  logging overhead            {100 * r['logging_overhead']:.1f} % of the run",
    ])


def main(quick: bool, as_json: bool) -> int:
    result = run(quick)
    print(json.dumps(result, indent=2) if as_json else format_table(result))
    return 0
