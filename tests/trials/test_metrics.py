"""Metrics on hand-built engagements with known answers."""

from __future__ import annotations

import pytest

from trials.metrics import compute_metrics

COSTS = {"interceptor-quad": 4000.0, "shahed-136": 35000.0}


def spawn(t, entity, side, airframe):
    return {"t_s": t, "kind": "spawn", "entity_id": entity, "side": side, "airframe": airframe}


def engagement() -> list[dict]:
    """Three Shaheds; two interceptors kill #0 and #1 (one needed a second shot); #2 leaks."""
    return [
        spawn(0.0, 0, "red", "shahed-136"), spawn(0.0, 1, "red", "shahed-136"), spawn(5.0, 2, "red", "shahed-136"),
        {"t_s": 10.0, "kind": "detection", "sensor": "radar", "entity_id": 0, "range_m": 9000.0},
        {"t_s": 11.0, "kind": "detection", "sensor": "radar", "entity_id": 1, "range_m": 8000.0},
        {"t_s": 12.0, "kind": "track_confirmed", "track_id": 7, "entity_id": 0},
        spawn(20.0, 10, "blue", "interceptor-quad"),
        {"t_s": 20.0, "kind": "launch", "entity_id": 10, "site": "pad", "target_id": 0, "track_id": 7},
        spawn(21.0, 11, "blue", "interceptor-quad"),
        {"t_s": 21.0, "kind": "launch", "entity_id": 11, "site": "pad", "target_id": 1},
        spawn(22.0, 12, "blue", "interceptor-quad"),
        {"t_s": 22.0, "kind": "launch", "entity_id": 12, "site": "pad", "target_id": 1},
        {"t_s": 50.0, "kind": "intercept", "entity_id": 10, "target_id": 0, "miss_distance_m": 0.4},
        {"t_s": 50.0, "kind": "kill", "entity_id": 0, "by_id": 10, "asset_distance_m": 3000.0},
        {"t_s": 55.0, "kind": "intercept", "entity_id": 11, "target_id": 1, "miss_distance_m": 0.8},
        {"t_s": 55.0, "kind": "miss", "entity_id": 11, "target_id": 1, "miss_distance_m": 0.8},
        {"t_s": 61.0, "kind": "intercept", "entity_id": 12, "target_id": 1, "miss_distance_m": 0.2},
        {"t_s": 61.0, "kind": "kill", "entity_id": 1, "by_id": 12, "asset_distance_m": 1000.0},
        {"t_s": 90.0, "kind": "leaker", "entity_id": 2, "asset": "port"},
        {"t_s": 90.0, "kind": "asset_hit", "asset": "port", "entity_id": 2, "damage_eur": 2_500_000.0},
        {"t_s": 90.0, "kind": "end", "reason": "all_resolved"},
    ]


def test_counts_rates_and_costs():
    m = compute_metrics(engagement(), COSTS)
    assert (m["threats_spawned"], m["threats_killed"], m["threats_leaked"]) == (3, 2, 1)
    assert m["intercept_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["interceptors_launched"] == 3 and m["interceptors_expended"] == 3
    assert m["interceptors_per_kill"] == 1.5
    assert m["defender_cost_usd"] == 12000.0 and m["attacker_cost_destroyed_usd"] == 70000.0
    assert m["cost_exchange_ratio"] == pytest.approx(12000 / 70000, abs=1e-4)
    assert m["cost_per_kill_usd"] == 6000.0
    assert m["asset_damage_eur"] == 2_500_000.0


def test_timings_distances_and_kill_chain():
    m = compute_metrics(engagement(), COSTS)
    assert m["time_to_intercept_s"]["count"] == 2
    assert m["time_to_intercept_s"]["mean"] == pytest.approx((30.0 + 39.0) / 2)
    assert m["miss_distance_m"]["count"] == 3  # the dud's miss is not counted twice
    assert m["miss_distance_m"]["max"] == 0.8
    assert m["kill_distance_from_asset_m"]["min"] == 1000.0
    assert m["first_detection_range_m"]["radar"]["mean"] == 8500.0
    assert m["kill_chain"]["0"] == {"first_detection_s": 10.0, "intercept_s": 50.0, "launch_s": 20.0,
                                    "track_confirmed_s": 12.0}
    assert m["entities"]["2"]["outcome"] == "leaked" and m["entities"]["11"]["outcome"] == "expended"


def test_nothing_destroyed_gives_no_ratio():
    m = compute_metrics([spawn(0.0, 0, "red", "shahed-136")], COSTS)
    assert m["cost_exchange_ratio"] is None and m["interceptors_per_kill"] is None
    assert m["threats_unresolved"] == 1 and m["intercept_rate"] == 0.0
