"""`slab demo`: the headless demo flight, its JSON, determinism and the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.demo import WALL_CLOCK_FIELDS, intercept_time_s, lead_pursuit_velocity, run_demo

REPO = Path(__file__).resolve().parents[1]


def demo_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["demo", "--json", *args]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1, "--json prints exactly one line"
    return json.loads(out)


def without_wall_clock(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in WALL_CLOCK_FIELDS}


def test_demo_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    r = demo_json(capsys, "--seed", "0")
    assert r["interceptor"] == "interceptor-quad" and r["target"] == "shahed-136"
    assert r["outcome"] == "intercept"
    # The kill is declared only inside the lethal radius, and the clock stops there.
    assert r["closest_approach_m"] < r["lethal_radius_m"] == 1.0
    assert 0.0 < r["time_to_intercept_s"] == r["sim_time_s"] < 120.0
    # A climbing chase over ~3 km: the interceptor flies at least the straight-line range.
    start = np.array(r["target_start_m"])
    assert 2500.0 < np.linalg.norm(start) < 3800.0 and 300.0 <= start[2] <= 500.0
    assert r["interceptor_distance_flown_m"] > 2000.0
    assert 150.0 < r["interceptor_peak_speed_kmh"] <= 315.0
    assert r["interceptor_unit_cost_usd"] == 3500.0 and r["target_unit_cost_usd"] == 35000.0
    assert r["cost_exchange_ratio"] == pytest.approx(10.0)
    assert (r["physics_hz"], r["control_hz"]) == (240.0, 30.0)
    assert r["wall_time_s"] > 0.0 and r["startup_s"] >= 0.0
    assert r["real_time_factor"] == pytest.approx(r["sim_time_s"] / r["wall_time_s"], rel=0.05)


def test_demo_is_deterministic_for_a_seed(capsys: pytest.CaptureFixture[str]) -> None:
    first, again = demo_json(capsys, "--seed", "7"), demo_json(capsys, "--seed", "7")
    other = demo_json(capsys, "--seed", "8")
    assert without_wall_clock(first) == without_wall_clock(again)
    assert first["target_start_m"] != other["target_start_m"]
    assert first["time_to_intercept_s"] != other["time_to_intercept_s"]


def test_a_miss_reports_no_kill_and_no_exchange() -> None:
    result = run_demo(seed=0, max_time_s=5.0)  # far too short to reach a target ~3 km away
    assert result.outcome == "miss" and result.time_to_intercept_s is None
    assert result.cost_exchange_ratio == 0.0
    assert result.closest_approach_m > 2000.0
    assert result.sim_time_s == pytest.approx(5.0, abs=1 / 30)


def test_summary_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    for words in ("interceptor-quad vs shahed-136", "INTERCEPT at", "closest approach", "km/h",
                  "cost exchange     10.0 : 1", "real-time factor"):
        assert words in out


def test_intercept_time_closes_the_triangle() -> None:
    # Target 1000 m north flying east at 30 m/s, pursuer at 50 m/s: 3-4-5 triangle, t = 25 s.
    rel, vel = np.array([0.0, 1000.0, 0.0]), np.array([30.0, 0.0, 0.0])
    assert intercept_time_s(rel, vel, 50.0) == pytest.approx(25.0)
    cmd = lead_pursuit_velocity(np.zeros(3), rel, vel, 50.0)
    np.testing.assert_allclose(cmd, [30.0, 40.0, 0.0])
    # A target as fast as the pursuer: no closed triangle, aim at range / speed ahead.
    assert intercept_time_s(rel, np.array([50.0, 0.0, 0.0]), 50.0) == pytest.approx(20.0)


def test_slab_demo_runs_as_a_command() -> None:
    done = subprocess.run([sys.executable, "-m", "sim.cli", "demo", "--seed", "2"], cwd=REPO,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "INTERCEPT at" in done.stdout
