"""`slab bench validation`: the section-6 experiments as a report, for built-in and prototype airframes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.bench import validation as V
from sim.cli import main
from sim.config.library import airframe_path


def test_bench_judges_by_the_section_6_figures():
    # The same figures tests/dynamics asserts; the bench must not drift from them.
    assert (V.HOVER_THRUST_TOLERANCE, V.HOVER_ALTITUDE_TOLERANCE_M, V.FREE_FALL_TOLERANCE_M,
            V.TERMINAL_VELOCITY_TOLERANCE) == (0.005, 0.05, 1e-3, 0.02)
    assert (V.STEP_DISTANCE_M, V.SETTLE_BAND_M, V.OVERSHOOT_LIMIT, V.SETTLE_LIMIT_S, V.RATE_RMS_LIMIT) == (
        5.0, 0.10, 0.10, 3.5, 0.10)
    assert (V.TURN_RADIUS_TOLERANCE, V.TWIN_POSITION_LIMIT_M, V.TWIN_ATTITUDE_LIMIT_DEG) == (0.02, 0.01, 0.5)


def test_json_report_for_named_airframes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "validation", "--airframe", "crazyflie-2x", "shahed-136", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [a["name"] for a in report["airframes"]] == ["crazyflie-2x", "shahed-136"] and report["all_passed"]
    quad, wing = ({c["key"]: c for c in a["checks"]} for a in report["airframes"])
    assert {"hover_thrust", "hover_altitude", "free_fall", "terminal_velocity", "position_step_horizontal",
            "position_step_vertical", "rate_tracking", "top_speed", "battery_sag", "pybullet_twin"} == quad.keys()
    assert quad["battery_sag"]["result"] == "n/a"  # the Crazyflie file has no battery
    assert {"cruise_speed", "top_speed", "turn_radius"} == wing.keys()
    assert abs(wing["turn_radius"]["figures"]["relative_error"]) < 0.02


def test_a_developers_own_file_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = airframe_path("crazyflie-2x").read_text(encoding="utf-8")
    proto = tmp_path / "my-proto.yaml"
    proto.write_text(text.replace("name: crazyflie-2x", "name: my-proto", 1), encoding="utf-8")
    assert main(["bench", "validation", "--airframe", str(proto)]) == 0
    out = capsys.readouterr().out
    assert f"my-proto (quadrotor, {proto})" in out and "FAIL" not in out and "all checks passed" in out


def test_a_failing_prototype_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Cite a top-speed range the airframe cannot reach: that check, and only that one, fails.
    text = airframe_path("crazyflie-2x").read_text(encoding="utf-8")
    proto = tmp_path / "too-fast.yaml"
    text = text.replace("name: crazyflie-2x", "name: too-fast", 1)
    text = text.replace("  range: [25, 35]", "  range: [25, 28]", 1)
    text = text.replace("  value: 30", "  value: 28", 1)
    proto.write_text(text, encoding="utf-8")
    assert main(["bench", "validation", "--airframe", str(proto), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    failed = [c["key"] for c in report["airframes"][0]["checks"] if c["result"] == "FAIL"]
    assert failed == ["top_speed"] and not report["all_passed"]


def test_unknown_airframe_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "validation", "--airframe", "no-such-frame"]) == 2
    err = capsys.readouterr().err
    assert "no-such-frame" in err and len(err.strip().splitlines()) == 1
