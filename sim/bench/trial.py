"""`slab bench trial`: the engagement engine's speed on the scale scenario.

Runs `saturation-raid` (hundreds of threats and interceptors) with sensors,
guidance and the trial record all on, and the same trial without the record;
the difference is the logging overhead. One process, one core.

Why rounds and medians: on a shared machine one run of the same trial varies
by 10-20 % from the next, so a single pair (record on, record off) gave a
logging overhead anywhere from 0 to 30 % for the same build. Each round runs
both, alternating which goes first (ABBA), so slow spells and any drift over
the process's life fall on both alike; the figures are the medians, and every
run is listed in the JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from sim.trial import run_trial

SCENARIO = "saturation-raid"
QUICK_DURATION_S = 300.0
ROUNDS = 5  # medians of 3 still moved the overhead by +-4 points from one invocation to the next
QUICK_ROUNDS = 3  # keeps --quick under a minute


def _timed(duration_s: float | None, out_dir: Path | None) -> tuple[float, float, dict]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_trial(SCENARIO, out_dir=out_dir, duration_s=duration_s)
    return time.perf_counter() - wall, time.process_time() - cpu, result.summary


def summarise(runs: list[dict], sim_s: float) -> dict:
    """Medians of the recorded and unrecorded runs; overhead = (with - without) / with, signed."""
    recorded = statistics.median(r["wall_s"] for r in runs if r["record"])
    bare = statistics.median(r["wall_s"] for r in runs if not r["record"])
    return {
        "wall_time_s": round(recorded, 3),
        "realtime_factor": round(sim_s / recorded, 2),
        "realtime_factor_without_record": round(sim_s / bare, 2),
        "logging_overhead": round((recorded - bare) / recorded, 4),
        "realtime_factor_range": [round(sim_s / max(r["wall_s"] for r in runs if r["record"]), 2),
                                  round(sim_s / min(r["wall_s"] for r in runs if r["record"]), 2)],
    }


def run(quick: bool, rounds: int | None = None, duration_s: float | None = None) -> dict:
    rounds = rounds or (QUICK_ROUNDS if quick else ROUNDS)
    duration = duration_s if duration_s is not None else (QUICK_DURATION_S if quick else None)
    runs: list[dict] = []
    summary: dict = {}
    load_before = os.getloadavg()[0]  # other work on the machine shows in every figure
    with tempfile.TemporaryDirectory(prefix="slab-bench-") as folder:
        # Load (or compile) every kernel, the record's included, outside the clocks.
        _timed(min(5.0, duration or 5.0), Path(folder) / "warm-up")
        for round_index in range(rounds):
            for record in ((True, False) if round_index % 2 == 0 else (False, True)):
                out = Path(folder) / f"round-{round_index}" if record else None
                wall_s, cpu_s, summary = _timed(duration, out)
                runs.append({"record": record, "wall_s": round(wall_s, 3), "cpu_s": round(cpu_s, 3)})
    sim_s = summary["sim_time_s"]
    return {
        "scenario": SCENARIO,
        "bodies": summary["bodies"],
        "sim_time_s": sim_s,
        "rounds": rounds,
        **summarise(runs, sim_s),
        "threats_spawned": summary["threats_spawned"],
        "interceptors_launched": summary["interceptors_launched"],
        "end_reason": summary["end_reason"],
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "runs": runs,
    }


def format_table(r: dict) -> str:
    low, high = r["realtime_factor_range"]
    return "\n".join([
        f"Soldiers Lab trial benchmark: {r['scenario']} (sensors, guidance and trial record on; one core)",
        f"  bodies                      {r['bodies']}",
        f"  simulated                   {r['sim_time_s']:.0f} s ({r['end_reason']}; "
        f"{r['threats_spawned']} threats spawned, {r['interceptors_launched']} interceptors launched)",
        f"  rounds                      {r['rounds']} (record on and off in each; medians below)",
        f"  wall time                   {r['wall_time_s']:.1f} s",
        f"  real-time factor            {r['realtime_factor']:.1f}x  (runs {low:.1f}-{high:.1f}x; "
        f"{r['realtime_factor_without_record']:.1f}x without the record)",
        f"  logging overhead            {100 * r['logging_overhead']:.1f} % of the run",
        f"  load average                {r['load_average'][0]:.2f} before, {r['load_average'][1]:.2f} after "
        f"(the bench itself adds ~1)",
    ])


def main(quick: bool, as_json: bool, rounds: int | None = None) -> int:
    result = run(quick, rounds)
    print(json.dumps(result, indent=2) if as_json else format_table(result))
    return 0
