"""Re-simulate a recorded trial without a window and compare it with its record.

A trial is a pure function of its scenario.yaml (resolved numbers, seed and
control rate), the software, and for a piloted trial the soldier's recorded
input. So the rerun builds the same trial, pushes every recorded input
(`pushed` rows) back at its tick, stops where the record stopped, and then
compares events and summary with the recorded ones after the same JSON
encoding (numbers as the files hold them). Anything else than equality is a
difference: non-determinism, a changed engine, or an edited record.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.config.scenario_loading import load_scenario
from trials import TrialRecord, TrialRecordError
from trials.atomic import to_json_value
from trials.event_log import encode_event
from trials.schema import SCENARIO_FILE

QUIT = "quit"  # sim.piloted_trial.QUIT; the engine is imported only once the record checked out


class RerunError(ValueError):
    """A record that cannot be rerun (one line, naming the folder)."""


@dataclass(frozen=True)
class RerunReport:
    folder: Path
    piloted: bool
    events_match: bool
    summary_match: bool
    recorded_events: int
    rerun_events: int
    first_difference: dict[str, Any] | None

    @property
    def match(self) -> bool:
        return self.events_match and self.summary_match

    def as_dict(self) -> dict[str, Any]:
        return {"record": str(self.folder), "piloted": self.piloted, "match": self.match,
                "events_match": self.events_match, "summary_match": self.summary_match,
                "recorded_events": self.recorded_events, "rerun_events": self.rerun_events,
                "first_difference": self.first_difference}


def _as_recorded(value: Any) -> Any:
    """A summary as summary.json holds it (same JSON encoding, read back)."""
    return json.loads(json.dumps(value, sort_keys=True, allow_nan=False, default=to_json_value))


def first_difference(recorded: Any, rerun: Any, path: str = "") -> dict[str, Any] | None:
    """Where two JSON values first differ: {"path", "recorded", "rerun"} (None if equal)."""
    if isinstance(recorded, dict) and isinstance(rerun, dict):
        for key in sorted(set(recorded) | set(rerun)):
            found = first_difference(recorded.get(key, "<absent>"), rerun.get(key, "<absent>"), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(recorded, list) and isinstance(rerun, list):
        for k in range(max(len(recorded), len(rerun))):
            a = recorded[k] if k < len(recorded) else "<absent>"
            b = rerun[k] if k < len(rerun) else "<absent>"
            found = first_difference(a, b, f"{path}[{k}]")
            if found:
                return found
        return None
    if recorded == rerun and type(recorded) is type(rerun):
        return None
    return {"path": path.lstrip("."), "recorded": recorded, "rerun": rerun}


def _recorded_inputs(record: TrialRecord) -> dict:
    from sim.pilot_seat import command_from_row

    table = record.inputs()
    if table is None:
        raise RerunError(f"{record.folder}: a piloted trial without its inputs (inputs.parquet or inputs.arrows)")
    commands = {}
    for row in table.to_pylist():
        if row["pushed"]:
            try:
                commands[int(row["tick"])] = command_from_row(row)
            except (ValueError, KeyError, TypeError) as exc:
                raise RerunError(f"{record.folder}: inputs row of tick {row.get('tick')}: {exc}") from None
    return commands


def _rerun_piloted(record: TrialRecord, seat: dict[str, Any], summary: dict[str, Any]) -> tuple[list[dict], dict]:
    from sim.piloted_trial import PilotedTrial

    inputs = _recorded_inputs(record)
    trial = PilotedTrial(record.folder / SCENARIO_FILE, seed=int(record.meta["seed"]), side=seat["side"],
                         airframe=seat.get("airframe"), out_dir=None, duration_s=float(seat["duration_s"]))
    if trial.entity_id != int(seat["entity_id"]):
        trial.abort(RerunError("seat mismatch"))
        raise RerunError(f"{record.folder}: the rerun seats entity {trial.entity_id}, the record flew "
                         f"{seat['entity_id']}")
    # Quitting is the soldier's input too: stop at the recorded tick.
    quit_tick = round(float(summary["sim_time_s"]) / trial.loop.dt_control) if summary["end_reason"] == QUIT else None
    while not trial.done and (quit_tick is None or trial.loop.tick_index < quit_tick):
        command = inputs.get(trial.loop.tick_index)
        if command is not None:
            trial.seat.push(command)
        trial.tick()
    result = trial.finish(QUIT)
    return [json.loads(encode_event(e)) for e in trial.events], result.summary


def _rerun_headless(record: TrialRecord, summary: dict[str, Any]) -> tuple[list[dict], dict]:
    """A trial nobody flew: `run_trial` again (into a scratch record, so the same code writes it)."""
    from sim.trial import run_trial

    duration = float(summary["sim_time_s"]) if summary["end_reason"] == "duration" else None
    with tempfile.TemporaryDirectory(prefix="slab-rerun-") as scratch:
        result = run_trial(record.folder / SCENARIO_FILE, seed=int(record.meta["seed"]), out_dir=Path(scratch),
                           duration_s=duration)
        return TrialRecord.open(result.folder).events(), result.summary


def _compare_events(recorded: list[dict], rerun: list[dict]) -> dict[str, Any] | None:
    for k in range(max(len(recorded), len(rerun))):
        a = recorded[k] if k < len(recorded) else None
        b = rerun[k] if k < len(rerun) else None
        if a != b:
            return {"where": "events", "index": k, "recorded": a, "rerun": b}
    return None


def rerun(folder: Path | str) -> RerunReport:
    """Re-simulate the record in `folder` and compare; RerunError for a folder that cannot be rerun."""
    folder = Path(folder)
    try:
        record = TrialRecord.open(folder)
        summary = record.summary
        recorded_events = record.events()
    except TrialRecordError as exc:
        raise RerunError(str(exc)) from None
    if record.status != "completed" or summary is None:
        raise RerunError(f"{folder}: the record is {record.status}; only a completed trial can be rerun")
    if not (folder / SCENARIO_FILE).is_file():
        raise RerunError(f"{folder}: no {SCENARIO_FILE}")
    load_scenario(folder / SCENARIO_FILE)  # a ConfigError (file:line:field) before the engine is loaded
    from sim.seat_install import SeatError
    seat = record.meta.get("pilot_seat")
    if seat is not None and not (isinstance(seat, dict) and {"entity_id", "side", "duration_s"} <= set(seat)):
        raise RerunError(f"{folder}: meta.json pilot_seat lacks entity_id, side or duration_s")
    try:
        if seat is not None:
            events, rerun_summary = _rerun_piloted(record, seat, summary)
        else:
            events, rerun_summary = _rerun_headless(record, summary)
    except (TrialRecordError, SeatError) as exc:
        raise RerunError(f"{folder}: {exc}") from None
    rerun_summary = _as_recorded(rerun_summary)
    event_difference = _compare_events(recorded_events, events)
    summary_difference = first_difference(summary, rerun_summary)
    difference = event_difference or ({"where": "summary", **summary_difference} if summary_difference else None)
    return RerunReport(folder, seat is not None, event_difference is None, summary_difference is None,
                       len(recorded_events), len(events), difference)
