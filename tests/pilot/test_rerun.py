"""A scripted 10-second flight through the pilot seat writes a record that `slab rerun` reproduces exactly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.dynamics.layout import ControlLevel
from sim.pilot_seat import PilotCommand
from sim.piloted_trial import PilotedTrial
from sim.rerun import rerun
from tests.pilot.flights import COURSE, REPLUG_S, UNPLUG_S, course_pilot
from trials import TrialRecord
from trials.input_log import read_inputs
from trials.schema import INPUT_COLUMNS, INPUTS_FILE


def test_the_flight_is_recorded(flown: Path) -> None:
    record = TrialRecord.open(flown)
    assert record.status == "completed" and record.meta["pilot_callsign"] == "Kestrel"
    seat = record.meta["pilot_seat"]
    assert seat == {"entity_id": 0, "side": "blue", "airframe": "interceptor-quad", "duration_s": 10.0,
                    "control_hz": 30.0}
    inputs = record.inputs()
    assert inputs.column_names == list(INPUT_COLUMNS)
    assert inputs.num_rows == 300  # every control tick of 10 s at 30 Hz, from t = 0 on the pad
    rows = inputs.to_pylist()
    assert [r["tick"] for r in rows] == list(range(300))
    assert {r["flown_by"] for r in rows[:6]} == {"idle"} and rows[6]["flown_by"] == "pilot"
    assert rows[0]["cmd_level"] == int(ControlLevel.MOTORS) and not rows[0]["armed"]
    assert rows[100]["cmd_level"] == int(ControlLevel.VELOCITY) and rows[100]["flight_mode"] == "assisted"
    unplugged = [r for r in rows if r["link"] == "holding"]
    assert unplugged and all(r["device"] == "none" for r in unplugged)
    kinds = [e["kind"] for e in record.events()]
    assert kinds[:2] == ["spawn", "launch"] and kinds[-1] == "end"
    passes = record.events({"gate_passed"})
    assert [(e["gate"], e["name"]) for e in passes] == [(0, "first"), (1, "second")]
    assert abs(passes[0]["x_m"] - 15.0) < 1e-6 and 1.0 < passes[0]["z_m"] < 5.0
    lost, regained = record.events({"link_lost"}), record.events({"link_regained"})
    assert [e["t_s"] for e in lost] == [pytest.approx(UNPLUG_S)] and lost[0]["cause"] == "device_unplugged"
    assert [e["t_s"] for e in regained] == [pytest.approx(REPLUG_S)]


def test_rerun_reproduces_events_and_summary(flown: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = rerun(flown)
    assert report.match and report.piloted and report.first_difference is None
    assert report.rerun_events == report.recorded_events == len(TrialRecord.open(flown).events())
    assert main(["rerun", str(flown), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["match"] and out["events_match"] and out["summary_match"]


def _perturbed_copy(flown: Path, tmp_path: Path, tick: int, change) -> Path:
    copy = tmp_path / flown.name
    shutil.copytree(flown, copy)
    table = pq.read_table(copy / INPUTS_FILE)
    rows = table.to_pylist()
    assert rows[tick]["pushed"]
    change(rows[tick])
    pq.write_table(type(table).from_pylist(rows, schema=table.schema), copy / INPUTS_FILE)
    return copy


def test_a_perturbed_input_makes_the_rerun_differ(flown: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # Half a metre per second more climb for one tick, a second before the first gate.
    copy = _perturbed_copy(flown, tmp_path, 120, lambda row: row.update(cmd_2=row["cmd_2"] + 0.5))
    report = rerun(copy)
    assert not report.match and not report.events_match
    diff = report.first_difference
    assert diff["where"] == "events" and diff["recorded"]["kind"] == "gate_passed"
    assert diff["recorded"]["z_m"] != diff["rerun"]["z_m"]
    assert main(["rerun", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "DIFFERS" in out and "first difference at event" in out


def test_an_edited_summary_is_a_difference(flown: Path, tmp_path: Path) -> None:
    copy = tmp_path / flown.name
    shutil.copytree(flown, copy)
    summary = json.loads((copy / "summary.json").read_text())
    summary["interceptors_launched"] = 2
    (copy / "summary.json").write_text(json.dumps(summary))
    report = rerun(copy)
    assert report.events_match and not report.summary_match
    assert report.first_difference == {"where": "summary", "path": "interceptors_launched", "recorded": 2,
                                       "rerun": 1}


@pytest.mark.parametrize("make", ["missing", "not-a-record", "aborted", "no-inputs", "bad-input"])
def test_bad_folders_exit_2_with_one_line(make: str, flown: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "record"
    if make == "not-a-record":
        folder.mkdir()
    elif make != "missing":
        shutil.copytree(flown, folder)
    if make == "aborted":
        meta = json.loads((folder / "meta.json").read_text())
        (folder / "meta.json").write_text(json.dumps({**meta, "status": "aborted", "abort_reason": "x"}))
    if make == "no-inputs":
        (folder / INPUTS_FILE).unlink()
    if make == "bad-input":
        folder = _perturbed_copy(flown, tmp_path / "bad", 100, lambda row: row.update(cmd_level=99))
    assert main(["rerun", str(folder)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(folder) in err and "Traceback" not in err


def test_a_quit_flight_reruns_to_the_recorded_tick(tmp_path: Path) -> None:
    trial = PilotedTrial(COURSE, callsign="Hawk", out_dir=tmp_path)
    while trial.t_s < 4.0 - 1e-9:
        trial.seat.push(course_pilot(trial))
        trial.tick()
    result = trial.finish("quit")
    assert result.end_reason == "quit" and result.summary["sim_time_s"] == pytest.approx(4.0)
    assert TrialRecord.open(result.folder).events()[-1] == {"kind": "end", "reason": "quit", "t_s": 4.0}
    assert rerun(result.folder).match


def test_inputs_are_readable_while_the_trial_runs(tmp_path: Path) -> None:
    trial = PilotedTrial(COURSE, callsign="Hawk", out_dir=tmp_path, duration_s=3.0)
    for _ in range(75):  # 2.5 s: two batches of t 0..1.0 and 1.033..2.033 reached the stream
        trial.seat.push(PilotCommand((0.0, 0.0, 0.0, 0.0), ControlLevel.MOTORS, armed=False))
        trial.tick()
    live = read_inputs(trial.folder)
    assert live.num_rows == 62 and live.column("tick").to_pylist()[:3] == [0, 1, 2]
    assert TrialRecord.open(trial.folder).status == "incomplete"
    while not trial.done:
        trial.tick()  # no new input: the last one is held
    assert trial.finish().end_reason == "duration"
    assert TrialRecord.open(trial.folder).inputs().num_rows == 90
    assert not (trial.folder / "inputs.arrows").exists()


def test_a_headless_record_reruns_too(tmp_path: Path) -> None:
    assert main(["run", "training-hover-and-land", "--duration", "3", "--out", str(tmp_path), "--json"]) == 0
    folder = next(tmp_path.iterdir())
    report = rerun(folder)
    assert report.match and not report.piloted and TrialRecord.open(folder).inputs() is None


def test_rerun_knows_the_quit_reason_without_loading_the_engine() -> None:
    import sim.piloted_trial
    import sim.rerun

    assert sim.rerun.QUIT == sim.piloted_trial.QUIT == "quit"
