"""The scale case: 300 targets, 3 radars, a 10,000-node acoustic grid, 2 cameras, all at 1 Hz.

Prints wall time per simulated second (target: <= 3 ms on the 2-core lab machine).
Timing is not asserted (shared CI machines vary); the picture's sanity is.
"""

from __future__ import annotations

import time

import numpy as np

from sim.config.scenario_sensors import Sensors
from sim.geometry import Box, StaticGeometry
from sim.sensors import SensorSuite

from .builders import acoustic, eo_ir, radar, targets


def _scale_case(geo: StaticGeometry, seed: int = 0) -> SensorSuite:
    cfg = Sensors(
        radars=[radar(f"radar-{k}", (x, -3000.0), detection={"range_m": 15_000.0, "false_alarms_per_hour": 36.0})
                for k, x in enumerate((-5000.0, 0.0, 5000.0))],
        acoustic=[acoustic(grid={"center_m": [0.0, 0.0], "size_m": [19_800.0, 19_800.0], "spacing_m": 200.0},
                           detection={"range_m": 500.0, "false_alarms_per_hour": 36.0})],
        eo_ir=[eo_ir(f"cam-{k}", (x, -2000.0), detection={"range_m": 5000.0}) for k, x in enumerate((-2000.0, 2000.0))])
    return SensorSuite(cfg, np.random.default_rng(seed), geo.terrain_height, geo.line_of_sight)


def _run(boxes: list[Box]) -> tuple[float, float, object]:
    """(median wall ms, mean CPU ms) per simulated second over 60 s after a 10 s start, and the final picture."""
    rng = np.random.default_rng(1)
    n = 300
    p0 = np.column_stack([rng.uniform(-10_000, 10_000, n), rng.uniform(5000, 15_000, n), rng.uniform(30, 500, n)])
    v = np.column_stack([rng.normal(0.0, 5.0, n), np.full(n, -50.0), np.zeros(n)])
    with StaticGeometry("flat", boxes) as geo:
        suite = _scale_case(geo)
        assert sum(getattr(u, "node_count", 0) for u in suite._units) == 10_000
        wall, cpu = [], 0.0
        for t in range(70):
            tg = targets(p0 + v * t, v, ids=np.arange(1000, 1000 + n))
            w0, c0 = time.perf_counter(), time.process_time()
            suite.update(float(t), tg)
            if t >= 10:  # after compilation and track start-up
                wall.append(time.perf_counter() - w0)
                cpu += time.process_time() - c0
        pic = suite.picture(69.0)
    return float(np.median(wall)) * 1e3, cpu / len(wall) * 1e3, pic


def test_scale_case_speed_and_sanity(capsys):
    town = [Box((x, y, 10.0), (30.0, 30.0, 20.0)) for x in range(-9000, 9001, 1500) for y in range(-9000, 9001, 1500)]
    lines = []
    for label, boxes in (("open ground", []), (f"{len(town)} buildings (LOS rays)", town)):
        runs = [_run(boxes) for _ in range(3)]  # best of three: the machine is shared
        wall, cpu, pic = min(runs, key=lambda r: r[0])
        lines.append(f"{label}: {wall:.2f} ms wall (median), {cpu:.2f} ms CPU per simulated second")
        ok = pic.confirmed & (pic.truth_ids >= 0)
        assert len(np.unique(pic.truth_ids[ok])) > 250  # nearly every target is held
        assert len(pic) < 1.3 * 300  # and duplicates stay few
    with capsys.disabled():
        print("\n[sensors] 300 targets, 3 radars + 10,000-node acoustic grid + 2 EO/IR at 1 Hz; "
              + "; ".join(lines) + f"; {len(pic)} tracks, {int(pic.confirmed.sum())} confirmed")
