"""Every event kind of the record format is produced by some test trial, with the right meaning."""

from __future__ import annotations

from sim.trial import run_trial
from tests.engine.conftest import SCENARIOS
from trials import TrialRecord
from trials.schema import EVENT_KINDS


def kinds(record) -> set[str]:
    return {e["kind"] for e in record.events()}


def test_every_event_kind_is_produced(engine_records):
    produced = set().union(*(kinds(r) for r in engine_records.values()))
    assert produced == set(EVENT_KINDS), f"never produced: {set(EVENT_KINDS) - produced}"


def test_radar_tracks_lead_to_launches_and_kills(engine_records):
    events = engine_records["engine-intercept"].events()
    confirmed = [e for e in events if e["kind"] == "track_confirmed"]
    launches = [e for e in events if e["kind"] == "launch"]
    kills = [e for e in events if e["kind"] == "kill"]
    assert confirmed and launches and len(kills) == 2
    assert min(e["t_s"] for e in launches) >= min(e["t_s"] for e in confirmed)
    intercepts = {e["entity_id"]: e for e in events if e["kind"] == "intercept"}
    for kill in kills:
        assert intercepts[kill["by_id"]]["miss_distance_m"] <= 1.0  # interceptor-quad lethal radius
    assert engine_records["engine-intercept"].summary["intercept_rate"] == 1.0


def test_a_dud_intercept_is_a_miss_and_the_threat_leaks(engine_records):
    events = engine_records["engine-miss"].events()
    assert [e["kind"] for e in events if e["kind"] in ("intercept", "miss", "kill")] == ["intercept", "miss"]
    hit = next(e for e in events if e["kind"] == "asset_hit")
    assert hit["asset"] == "depot" and hit["damage_eur"] == 1_000_000
    summary = engine_records["engine-miss"].summary
    assert summary["threats_leaked"] == 1 and summary["asset_damage_eur"] == 1_000_000
    assert summary["cost_exchange_ratio"] is None  # nothing destroyed: no ratio, not infinity


def test_jamming_fails_the_radio_drone_safe_while_the_fibre_one_flies_on(engine_records):
    events = engine_records["engine-ew"].events()
    spawns = {e["group"]: e["entity_id"] for e in events if e["kind"] == "spawn"}
    radio, fibre = spawns["radio"], spawns["fibre"]
    about = lambda entity, kind: [e for e in events if e["kind"] == kind and e["entity_id"] == entity]  # noqa: E731
    assert about(radio, "link_lost") and about(radio, "failsafe")
    assert about(radio, "failsafe")[0]["action"] == "drop"
    assert about(radio, "link_regained")  # the jammer switched off: control resumes
    assert not about(fibre, "link_lost") and not about(fibre, "failsafe")
    assert about(fibre, "leaker")


def test_crash_into_a_building_and_flat_battery(engine_records):
    events = engine_records["engine-ew"].events()
    spawns = {e["group"]: e["entity_id"] for e in events if e["kind"] == "spawn"}
    crash = next(e for e in events if e["kind"] == "crash")
    assert crash["entity_id"] == spawns["into-the-tower"] and crash["cause"] == "building"
    flat = next(e for e in events if e["kind"] == "out_of_battery")
    assert flat["entity_id"] == spawns["flat-battery"]


def test_a_munition_whose_failsafe_is_continue_flies_its_mission_on_after_losing_its_link(tmp_path):
    """engine-continue: the Lancet's link is jammed on the way in; `continue` means its own
    autopilot keeps flying route and dive (it once held its last waypoint command and circled)."""
    record = TrialRecord.open(run_trial(SCENARIOS / "engine-continue.yaml", out_dir=tmp_path).folder)
    events = record.events()
    kinds = [e["kind"] for e in events]
    failsafe = next(e for e in events if e["kind"] == "failsafe")
    assert failsafe["action"] == "continue"
    assert "leaker" in kinds and "asset_hit" in kinds, kinds
    assert next(e for e in events if e["kind"] == "leaker")["t_s"] > failsafe["t_s"]
