"""`slab leaderboard`: scores per scenario kind, best trial per callsign, from real piloted records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.dynamics.layout import ControlLevel
from sim.pilot_seat import PilotCommand
from sim.piloted_trial import PilotedTrial
from tests.pilot.flights import course_pilot
from trials.leaderboard import course_score, leaderboard, scenario_kind


def _gate(t: float, gate: int, entity: int = 0) -> dict:
    return {"t_s": t, "kind": "gate_passed", "entity_id": entity, "gate": gate, "crossing_t_s": t - 0.01}


def test_course_score_needs_every_gate_in_order_and_no_crash() -> None:
    clean = [_gate(3.0, 0), _gate(4.0, 2), _gate(5.0, 1), _gate(6.0, 0, entity=9), _gate(8.0, 2)]
    assert course_score(clean, 0, 3) == {"completed": True, "gates_in_order": 3, "gates": 3, "crashed": False,
                                         "course_time_s": 5.0}
    assert course_score(clean[:3], 0, 3)["gates_in_order"] == 2  # gate 2 before gate 1 does not count
    crashed = clean + [{"t_s": 9.0, "kind": "crash", "entity_id": 0, "cause": "ground"}]
    assert course_score(crashed, 0, 3)["completed"] is False
    assert course_score([], 0, 3)["course_time_s"] is None


def test_scenario_kinds() -> None:
    assert scenario_kind({"area": {"gates": [{}]}, "red": {"waves": [{}]}}) == "course"
    assert scenario_kind({"area": {"gates": []}, "red": {"waves": [{}]}}) == "intercept"
    assert scenario_kind({"area": {}}) == "flight"


def _slow_pilot(trial):
    command = course_pilot(trial)
    if command.level == ControlLevel.VELOCITY and command.values[0] > 0:
        return PilotCommand((command.values[0] * 0.7, 0.0, 0.0, 0.0), command.level, flight_mode="assisted")
    return command


SPRINT = Path(__file__).parent / "scenarios" / "pilot-sprint.yaml"


def _fly(root: Path, folder: str, callsign: str | None, pilot=course_pilot, duration_s: float | None = None) -> None:
    PilotedTrial(SPRINT, callsign=callsign, out_dir=root / folder, duration_s=duration_s).fly(pilot)


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> Path:
    """Kestrel fast and slow, Osprey slow, Heron stopped after gate 0, a flight without callsign, a broken record."""
    root = tmp_path_factory.mktemp("leaderboard")
    _fly(root, "kestrel-slow", "Kestrel", _slow_pilot)
    _fly(root, "kestrel-fast", "Kestrel")
    _fly(root, "osprey", "Osprey", _slow_pilot)
    _fly(root, "heron", "Heron", duration_s=5.5)
    _fly(root, "nobody", None)
    (root / "junk").mkdir()
    (root / "junk" / "meta.json").write_text("{not json")
    return root


def test_best_trial_per_callsign_ranked(logs: Path) -> None:
    kind, entries, skipped = leaderboard("pilot-sprint", logs)
    assert kind == "course" and skipped == 1
    assert [e.callsign for e in entries] == ["Kestrel", "Osprey", "Heron"]
    kestrel, osprey, heron = (e.score for e in entries)
    assert kestrel["completed"] and osprey["completed"] and not heron["completed"]
    assert kestrel["course_time_s"] < osprey["course_time_s"]  # Kestrel's faster run is the one kept
    assert heron["gates_in_order"] == 1 and heron["course_time_s"] is None
    assert entries[0].trial_id == next((logs / "kestrel-fast").iterdir()).name


def test_cli_text_and_json(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["leaderboard", "pilot-sprint", "--logs", str(logs), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "course" and [r["callsign"] for r in out["rows"]] == ["Kestrel", "Osprey", "Heron"]
    assert out["rows"][0]["rank"] == 1 and out["skipped_records"] == 1
    assert main(["leaderboard", "pilot-sprint", "--logs", str(logs)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Leaderboard: pilot-sprint (course)") and "Kestrel" in text.splitlines()[1]


def test_cli_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["leaderboard", "training-gate-course", "--logs", str(tmp_path / "missing")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["leaderboard", "no-such-scenario", "--logs", str(tmp_path)]) == 2
    assert "no-such-scenario" in capsys.readouterr().err
    assert main(["leaderboard", "training-gate-course", "--logs", str(tmp_path)]) == 0
    assert "No piloted trials" in capsys.readouterr().out
