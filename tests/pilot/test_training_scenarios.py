"""The training progression: three short scenarios, valid, briefed, and runnable headless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.config.scenario_loading import load_scenario
from sim.piloted_trial import PilotedTrial

TRAINING = ["training-hover-and-land", "training-gate-course", "training-first-intercept"]


def test_they_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *(f"scenarios/{name}.yaml" for name in TRAINING)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


@pytest.mark.parametrize("name", TRAINING)
def test_briefing_and_a_pilot_controller(name: str) -> None:
    scenario = load_scenario(name)
    assert len(scenario.meta.description) > 300 and "headless" in scenario.meta.description
    assert [entry.controller for entry in scenario.blue.interceptors] == ["pilot"]


@pytest.mark.parametrize("name, gates", [("training-hover-and-land", 2), ("training-gate-course", 7)])
def test_courses_run_headless_with_the_autopilot_hovering(name: str, gates: int, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert len(load_scenario(name).area.gates) == gates
    assert main(["run", name, "--duration", "8", "--out", str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["interceptors_launched"] == 1 and summary["end_reason"] == "duration"  # launch_at_s: [0]
    from trials import TrialRecord

    frames = TrialRecord.open(Path(summary["record"])).frames(["t_s", "z_m"]).to_pylist()
    assert frames[-1]["z_m"] > 3.0  # the hold autopilot climbed


def test_first_intercept_headless_autopilot_kills(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "training-first-intercept", "--out", str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["threats_killed"] == 1 and summary["end_reason"] == "all_resolved"


def test_piloted_first_intercept_seats_the_only_interceptor_facing_the_threat() -> None:
    trial = PilotedTrial("training-first-intercept", out_dir=None, duration_s=3.0)
    loop = trial.loop
    assert loop.entities.airframe[trial.entity_id] == "interceptor-quad"
    assert not any(loop.setup.sites[0].parked.values())  # no AI interceptor left to launch
    while not trial.done:
        trial.tick()
    assert loop.post.target_of(trial.entity_id) is not None  # assigned the threat: the HUD can box it
    quat = loop.world.quads.state[6:10, loop.entities.fleet_array[trial.entity_id]]
    assert abs(quat[3]) < 0.05  # yaw ~0: the threat is due east of the pad
    trial.finish("quit")
