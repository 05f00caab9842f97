"""`slab bench physics`: the flight core's speed, side by side with raw pybullet.

Every figure is measured in this run on this machine, one core: the batched
kernel with the full model (motor lag, drag, gusts, ground effect, battery) and
the cascaded position controller, stepped through `World.step` the way the
engagement loop uses it (control at 30 Hz, 8 physics sub-steps of 1/240 s per
call); and the pybullet reference stepping the same number of bodies from
Python. Peak memory is measured in a fresh process holding one world of one drone.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

import numpy as np

from sim.bench.pybullet_reference import raw_pybullet_per_body_step_us
from sim.config.loading import load_airframe
from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import Atmosphere
from sim.world import World

SUBSTEPS = 8  # 240 Hz physics / 30 Hz control
BODY_COUNTS = (1, 10, 100, 1000)
REFERENCE_COUNTS = (1, 10, 100)
WEATHER = Atmosphere(wind_mps=(4.0, 1.0, 0.0), gust_sigma_mps=1.5, gust_tau_s=2.0)


@dataclass(frozen=True)
class Budget:
    """How long each measurement runs (seconds of wall clock, roughly)."""

    seconds: float
    reference_steps: int


FULL = Budget(seconds=2.0, reference_steps=2000)
QUICK = Budget(seconds=0.5, reference_steps=400)


def fleet_world(n_bodies: int, airframe: str = "interceptor-quad") -> World:
    """A world of `n_bodies` interceptors holding scattered positions in gusty wind."""
    frame = load_airframe(airframe)
    world = World(seed=1, atmosphere=WEATHER)
    rng = np.random.default_rng(0)
    for k in range(n_bodies):
        start = (rng.uniform(-500, 500), rng.uniform(-500, 500), rng.uniform(30, 300))
        world.add_quadrotor(frame, start)
        target = np.array(start) + rng.uniform(-50, 50, size=3)
        world.quads.set_command(k, L.ControlLevel.POSITION, [*target, 0.0])
    return world


def time_world(world: World, seconds: float, substeps: int = SUBSTEPS) -> float:
    """Physics steps per second of wall clock (all bodies of the world)."""
    world.step(substeps)  # compile / warm caches outside the clock
    calls = 0
    start = time.perf_counter()
    while True:
        for _ in range(50):
            world.step(substeps)
        calls += 50
        # Minutes of sim time pass per wall second: keep packs charged so every
        # body keeps running the whole model instead of falling out of the sky.
        world.quads.state[L.SOC] = 1.0
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return calls * substeps / elapsed


def peak_memory_one_drone_mb() -> float:
    """Peak RSS of a fresh interpreter flying one drone for 10 s of sim time."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork+exec, so a child
    # would report this (larger) benchmark process's peak.
    code = ("from sim.bench.physics import fleet_world;"
            "w = fleet_world(1); [w.step(8) for _ in range(300)];"
            "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024.0


def run(budget: Budget) -> dict:
    single = time_world(fleet_world(1), budget.seconds)
    per_call = time_world(fleet_world(1), budget.seconds / 2, substeps=1)
    per_body = {}
    for n in BODY_COUNTS:
        steps_per_s = time_world(fleet_world(n), budget.seconds)
        per_body[str(n)] = 1e6 / (steps_per_s * n)
    reference = {str(n): raw_pybullet_per_body_step_us(n, max(20, budget.reference_steps // n))
                 for n in REFERENCE_COUNTS}
    return {
        "single_body_steps_per_s": single,
        "single_body_steps_per_s_one_step_per_call": per_call,
        "per_body_step_us": per_body,
        "raw_pybullet_per_body_step_us": reference,
        "speedup_vs_pybullet_at_100": reference["100"] / per_body["100"],
        "speedup_1000_vs_pybullet_100": reference["100"] / per_body["1000"],
        "peak_memory_one_drone_mb": peak_memory_one_drone_mb(),
        "physics_hz": 240,
        "substeps_per_call": SUBSTEPS,
        "airframe": "interceptor-quad",
        "model": "motor lag, linear+quadratic drag, wind+gusts, ground effect, battery sag, cascaded position control",
        "python": sys.version.split()[0],
        "bench_process_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }


def format_table(result: dict) -> str:
    lines = [
        "Soldiers Lab physics benchmark (one core, 240 Hz physics, 8 sub-steps per control call)",
        f"  single interceptor, full model + controller: {result['single_body_steps_per_s']:>12,.0f} steps/s "
        f"({result['single_body_steps_per_s'] / 240:,.0f}x real time)",
        f"  same, one physics step per call:            "
        f"{result['single_body_steps_per_s_one_step_per_call']:>12,.0f} steps/s",
        "",
        f"  {'bodies':>7}  {'ours us/body-step':>18}  {'raw pybullet us/body-step':>26}  {'speed-up':>9}",
    ]
    for n in BODY_COUNTS:
        ours = result["per_body_step_us"][str(n)]
        ref = result["raw_pybullet_per_body_step_us"].get(str(n))
        ref_text = f"{ref:26.3f}" if ref is not None else f"{'-':>26}"
        ratio = f"{ref / ours:8.0f}x" if ref is not None else f"{'-':>9}"
        lines.append(f"  {n:>7}  {ours:18.4f}  {ref_text}  {ratio}")
    lines += [
        "",
        f"  1,000 bodies vs raw pybullet at 100 bodies: {result['speedup_1000_vs_pybullet_100']:,.0f}x faster per body-step",
        f"  peak memory, one world of one drone: {result['peak_memory_one_drone_mb']:.0f} MB",
    ]
    return "\n".join(lines)


def main(quick: bool, as_json: bool) -> int:
    result = run(QUICK if quick else FULL)
    print(json.dumps(result, indent=2) if as_json else format_table(result))
    return 0
