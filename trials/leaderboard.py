"""Per-scenario leaderboard of soldiers' callsigns, from piloted trial records.

Only completed records of the scenario with a `pilot_callsign` count; each
callsign keeps its best trial. The score depends on the kind of scenario
(read from the record's own scenario.yaml):

- course (`area.gates`): the soldier's drone must pass every gate in order
  (gate 0, 1, ... as a subsequence of its passes) and never crash. Ranked by
  completed first, then gates passed in order (more is better), then course
  time = crossing time of the last gate - crossing time of gate 0 (less is better).
- intercept (red waves): intercept rate (threats killed / threats spawned,
  higher is better), then the time of the last kill (less is better).
- flight (neither): no crash of the soldier's drone first, then sim time of the end.

Ties go to the earlier trial.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from trials.reader import TrialRecord, TrialRecordError
from trials.schema import META_FILE


@dataclass(frozen=True)
class Entry:
    callsign: str
    trial_id: str
    airframe: str | None
    started_utc: str
    score: dict[str, Any]
    key: tuple  # sort key: smaller is better


def scenario_kind(scenario: dict[str, Any]) -> str:
    """'course', 'intercept' or 'flight' for a scenario mapping (as in scenario.yaml)."""
    if (scenario.get("area") or {}).get("gates"):
        return "course"
    if ((scenario.get("red") or {}).get("waves")):
        return "intercept"
    return "flight"


def course_score(events: list[dict[str, Any]], entity_id: int, gates: int) -> dict[str, Any]:
    """Gates passed in order, course time and completion of `entity_id` on a course of `gates` gates."""
    passes = sorted((e for e in events if e.get("kind") == "gate_passed" and e.get("entity_id") == entity_id),
                    key=lambda e: e.get("crossing_t_s", e["t_s"]))
    crashed = any(e.get("kind") == "crash" and e.get("entity_id") == entity_id for e in events)
    next_gate, start_s, finish_s = 0, None, None
    for event in passes:
        if next_gate < gates and event["gate"] == next_gate:
            t_s = float(event.get("crossing_t_s", event["t_s"]))
            start_s = t_s if next_gate == 0 else start_s
            finish_s = t_s
            next_gate += 1
    completed = next_gate == gates and not crashed
    course_s = round(finish_s - start_s, 4) if completed else None
    return {"completed": completed, "gates_in_order": next_gate, "gates": gates, "crashed": crashed,
            "course_time_s": course_s}


def intercept_score(events: list[dict[str, Any]], summary: dict[str, Any]) -> dict[str, Any]:
    kills = [float(e["t_s"]) for e in events if e.get("kind") == "kill"]
    return {"intercept_rate": summary.get("intercept_rate") or 0.0, "threats_killed": summary.get("threats_killed", 0),
            "threats_spawned": summary.get("threats_spawned", 0), "last_kill_s": max(kills) if kills else None}


def _entry(record: TrialRecord, kind: str, scenario: dict[str, Any]) -> Entry:
    meta, summary, events = record.meta, record.summary or {}, record.events()
    entity = (meta.get("pilot_seat") or {}).get("entity_id")
    if kind == "course":
        score = course_score(events, entity, len(scenario["area"]["gates"]))
        key = (not score["completed"], -score["gates_in_order"], score["course_time_s"] or math.inf)
    elif kind == "intercept":
        score = intercept_score(events, summary)
        key = (-score["intercept_rate"], score["last_kill_s"] if score["last_kill_s"] is not None else math.inf)
    else:
        crashed = any(e.get("kind") == "crash" and e.get("entity_id") == entity for e in events)
        score = {"crashed": crashed, "sim_time_s": summary.get("sim_time_s")}
        key = (crashed, float(summary.get("sim_time_s") or math.inf))
    return Entry(str(meta["pilot_callsign"]), str(meta["trial_id"]), (meta.get("pilot_seat") or {}).get("airframe"),
                 str(meta.get("started_utc", "")), score, key)


def _records(logs_dir: Path) -> list[Path]:
    """Trial folders directly under `logs_dir` or one level deeper (campaign sub-folders)."""
    found = [p.parent for p in logs_dir.glob(f"*/{META_FILE}")] + [p.parent for p in logs_dir.glob(f"*/*/{META_FILE}")]
    return sorted(set(found))


def leaderboard(scenario: str, logs_dir: Path) -> tuple[str | None, list[Entry], int]:
    """(scenario kind, best entry per callsign ranked, unreadable records skipped) for `scenario`."""
    best: dict[str, Entry] = {}
    kind, skipped = None, 0
    for folder in _records(Path(logs_dir)):
        try:
            record = TrialRecord.open(folder)
            if (record.meta.get("scenario") != scenario or record.status != "completed"
                    or not record.meta.get("pilot_callsign")):
                continue
            scenario_map = yaml.safe_load(record.scenario_yaml) or {}
            kind = kind or scenario_kind(scenario_map)
            entry = _entry(record, kind, scenario_map)
        except (TrialRecordError, OSError, yaml.YAMLError, KeyError, TypeError, ValueError):
            skipped += 1
            continue
        current = best.get(entry.callsign)
        if current is None or (entry.key, entry.started_utc) < (current.key, current.started_utc):
            best[entry.callsign] = entry
    ranked = sorted(best.values(), key=lambda e: (e.key, e.started_utc, e.callsign))
    return kind, ranked, skipped
