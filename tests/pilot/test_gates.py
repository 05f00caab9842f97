"""Gates of a training course: the geometry of a pass, the scenario language, and the engine's events."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.config.scenario_area import Gate
from sim.dynamics.layout import ControlLevel
from sim.gates import GateCourse
from sim.pilot_seat import PilotCommand
from sim.piloted_trial import PilotedTrial
from tests.pilot.flights import COURSE


def _course(*gates: Gate, ground_m: float = 0.0) -> GateCourse:
    return GateCourse.build(list(gates), lambda x, y: np.full(np.shape(x), ground_m))


def _passes(course: GateCourse, before, after) -> list[int]:
    _, gates, _ = course.passes(np.array([before], dtype=float), np.array([after], dtype=float))
    return gates.tolist()


def test_an_upright_gate_counts_a_pass_the_right_way_inside_the_opening() -> None:
    course = _course(Gate(position_m=[10, 0, 3], size_m=[4, 2]))  # faces east, opening y -2..2, z 2..4
    assert _passes(course, (9, 0, 3), (11, 0, 3)) == [0]
    assert _passes(course, (9, 1.9, 2.1), (10.5, 1.9, 2.1)) == [0]
    assert _passes(course, (11, 0, 3), (9, 0, 3)) == []  # the wrong way
    assert _passes(course, (9, 2.1, 3), (11, 2.1, 3)) == []  # beside it
    assert _passes(course, (9, 0, 4.2), (11, 0, 4.2)) == []  # over it
    assert _passes(course, (8, 0, 3), (9.9, 0, 3)) == []  # not there yet
    assert _passes(course, (9, 0, 3), (10, 0, 3)) == [0]  # onto the plane counts


def test_yaw_height_above_terrain_and_horizontal_gates() -> None:
    north = _course(Gate(position_m=[0, 50, 3], size_m=[2, 2], yaw_deg=90), ground_m=20.0)
    assert _passes(north, (0, 49, 23), (0, 51, 23)) == [0]  # 3 m above ground at 20 m
    assert _passes(north, (0, 49, 3), (0, 51, 3)) == []
    assert _passes(north, (-1, 50.5, 23), (1, 50.5, 23)) == []  # across it, not through
    pad = _course(Gate(position_m=[40, 0, 0.5], size_m=[3, 1], yaw_deg=90, horizontal=True))
    assert _passes(pad, (40, 1.4, 1.0), (40, 1.4, 0.2)) == [0]  # 3 m along yaw (north), 1 m across
    assert _passes(pad, (41, 0, 1.0), (41, 0, 0.2)) == []
    assert _passes(pad, (40, 0, 0.2), (40, 0, 1.0)) == []  # upward does not land


def test_events_carry_gate_point_time_and_speed() -> None:
    course = _course(Gate(name="a", position_m=[10, 0, 3], size_m=[4, 4]), Gate(position_m=[12, 0, 3], size_m=[4, 4]))
    events = course.events(2.0, 0.5, np.array([7]), np.array([[9.0, 0.0, 3.0]]), np.array([[13.0, -0.0, 3.0]]))
    assert events == [
        {"t_s": 2.0, "kind": "gate_passed", "entity_id": 7, "gate": 0, "name": "a", "crossing_t_s": 1.625,
         "speed_mps": 8.0, "x_m": 10.0, "y_m": 0.0, "z_m": 3.0},
        {"t_s": 2.0, "kind": "gate_passed", "entity_id": 7, "gate": 1, "crossing_t_s": 1.875,
         "speed_mps": 8.0, "x_m": 12.0, "y_m": 0.0, "z_m": 3.0}]
    assert GateCourse.build([], None) is None


def test_a_scripted_pass_through_a_gate_is_an_event() -> None:
    trial = PilotedTrial(COURSE, out_dir=None, duration_s=4.5)
    climb, cruise = (PilotCommand(v, ControlLevel.POSITION) for v in ((0.0, 0.0, 3.0, 0.0), (20.0, 0.0, 3.0, 0.0)))
    while not trial.done:
        trial.seat.push(climb if trial.t_s < 2.0 else cruise)
        trial.tick()
    trial.finish()
    passes = [e for e in trial.events if e["kind"] == "gate_passed"]
    assert [(e["entity_id"], e["gate"], e["name"]) for e in passes] == [(0, 0, "first")]
    assert 2.0 < passes[0]["crossing_t_s"] <= passes[0]["t_s"] and abs(passes[0]["z_m"] - 3.0) < 0.5


SCENARIO = """\
kind: scenario
meta: {name: gates-test, description: gates, duration_s: 10}
area:
  size_m: [200, 200]
  gates:
    - {name: g, position_m: [0, 0, 3], size_m: [4, 4]}
{extra}"""


@pytest.mark.parametrize("gate, fragment, line", [
    ("    - {position_m: [99, 0, 3], size_m: [4, 4]}",
     "area.gates[1].position_m: x = 101 m (with its 2 m extent) lies outside the area", 7),
    ("    - {position_m: [0, 10, -1], size_m: [4, 4]}", "area.gates[1]: position_m height -1 m is below the ground", 7),
    ("    - {position_m: [0, 10, 3], size_m: [4, 0]}", "area.gates[1].size_m[1]", 7),
    ("    - {position_m: [0, 10], size_m: [4, 4]}", "area.gates[1].position_m", 7),
    ("    - {position_m: [0, 10, 3], size_m: [4, 4], tilt_deg: 3}", "area.gates[1].tilt_deg", 7),
    ("    - {name: g, position_m: [0, 10, 3], size_m: [4, 4]}", "area.gates[1].name", 7),
])
def test_bad_gates_are_one_line_with_file_line_and_field(gate: str, fragment: str, line: int, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gates.yaml"
    path.write_text(SCENARIO.replace("{extra}", gate + "\n"), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"{path}:{line}:") and fragment in err, err


def test_too_many_scheduled_launches_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "launches.yaml"
    blue = ("blue:\n  launch_sites:\n    - {name: pad, position_m: [0, 0], magazine: {interceptor-quad: 1},\n"
            "       launch_at_s: [0, 5]}\n")
    path.write_text(SCENARIO.replace("{extra}", blue), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "blue.launch_sites[0].launch_at_s: 2 scheduled launches but the magazine may hold only 1" in err
