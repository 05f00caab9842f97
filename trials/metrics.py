"""A trial's metrics, computed from its events alone (DOMAIN.md section 8).

Pure function of the event list plus prices: the same code scores a live
trial, a record read back from disk, and hand-built engagements in tests.
Every figure is named with its unit; "per kill" ratios are None when nothing
was killed (never a division by zero dressed up as a number).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean, median
from typing import Any, Iterable, Mapping

LOST = ("crash", "out_of_battery")


def _stats(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"count": 0, "mean": None, "median": None, "min": None, "max": None}
    return {"count": len(values), "mean": round(mean(values), 4), "median": round(median(values), 4),
            "min": round(min(values), 4), "max": round(max(values), 4)}


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class _Scan:
    """What one pass over a trial's events gathers."""

    side: dict = field(default_factory=dict)
    airframe: dict = field(default_factory=dict)
    outcome: dict = field(default_factory=dict)
    first: defaultdict = field(default_factory=lambda: defaultdict(dict))
    launch_t: dict = field(default_factory=dict)
    miss_distances: list[float] = field(default_factory=list)  # one per pass
    kill_asset_distance: list[float] = field(default_factory=list)
    time_to_intercept: list[float] = field(default_factory=list)  # one per kill by a launched interceptor
    detection_ranges: defaultdict = field(default_factory=lambda: defaultdict(list))
    damage_eur: float = 0.0


def metric_samples(events: Iterable[Mapping[str, Any]]) -> dict[str, list[float]]:
    """The values behind the per-trial statistics, for pooling over many trials (trials.evaluation)."""
    scan = _scan(events)
    return {"miss_distance_m": scan.miss_distances, "time_to_intercept_s": scan.time_to_intercept}


def _scan(events: Iterable[Mapping[str, Any]]) -> _Scan:
    scan = _Scan()
    side, airframe, outcome, first, launch_t = scan.side, scan.airframe, scan.outcome, scan.first, scan.launch_t
    miss_distances, kill_asset_distance = scan.miss_distances, scan.kill_asset_distance
    time_to_intercept, detection_ranges = scan.time_to_intercept, scan.detection_ranges
    killer_of = {}
    intercepted: set[tuple[int, float]] = set()
    for e in events:
        kind, t, who = e["kind"], float(e["t_s"]), e.get("entity_id")
        if kind == "spawn":
            side[who], airframe[who] = e["side"], e["airframe"]
            outcome.setdefault(who, {"outcome": "flying", "t_s": None})
        elif kind == "launch":
            launch_t[who] = t
            outcome[who] = {"outcome": "flying", "t_s": None}
            if e.get("target_id") is not None:
                first[e["target_id"]].setdefault("launch_s", t)
        elif kind == "detection":
            first[who].setdefault("first_detection_s", t)
            if e.get("range_m") is not None:
                detection_ranges[e["sensor"]].append(float(e["range_m"]))
        elif kind == "track_confirmed" and e.get("entity_id") is not None:
            first[e["entity_id"]].setdefault("track_confirmed_s", t)
        elif kind in ("intercept", "miss"):
            # A dud's miss repeats its intercept (same interceptor, same instant): count the pass once.
            if kind == "intercept" or (who, t) not in intercepted:
                miss_distances.append(float(e["miss_distance_m"]))
            if kind == "intercept":
                intercepted.add((who, t))
                outcome[who] = {"outcome": "expended", "t_s": t}
                first[e["target_id"]].setdefault("intercept_s", t)
        elif kind == "kill":
            outcome[who] = {"outcome": "killed", "t_s": t}
            killer_of[who] = e["by_id"]
            if e.get("asset_distance_m") is not None:
                kill_asset_distance.append(float(e["asset_distance_m"]))
            if e["by_id"] in launch_t:
                time_to_intercept.append(t - launch_t[e["by_id"]])
        elif kind == "leaker":
            outcome[who] = {"outcome": "leaked", "t_s": t, "asset": e["asset"]}
        elif kind == "asset_hit":
            scan.damage_eur += float(e["damage_eur"])
        elif kind in LOST:
            outcome[who] = {"outcome": "crashed" if kind == "crash" else "out_of_battery", "t_s": t}
    return scan


def compute_metrics(events: Iterable[Mapping[str, Any]], unit_cost_usd: Mapping[str, float]) -> dict[str, Any]:
    """Metrics of one trial. `unit_cost_usd`: airframe name -> price (scenario overrides applied)."""
    scan = _scan(events)
    side, airframe, outcome, first, launch_t = scan.side, scan.airframe, scan.outcome, scan.first, scan.launch_t
    red = [k for k, s in side.items() if s == "red"]
    blue = [k for k in launch_t]
    killed = [k for k in red if outcome.get(k, {}).get("outcome") == "killed"]
    leaked = [k for k in red if outcome.get(k, {}).get("outcome") == "leaked"]
    expended = [k for k in blue if outcome.get(k, {}).get("outcome") in ("expended", "crashed", "out_of_battery")]
    price = lambda ids: sum(unit_cost_usd.get(airframe.get(k), 0.0) for k in ids)  # noqa: E731
    defender_cost, attacker_destroyed = price(expended), price(killed)
    return {
        "threats_spawned": len(red),
        "threats_killed": len(killed),
        "threats_leaked": len(leaked),
        "threats_unresolved": sum(1 for k in red if outcome.get(k, {}).get("outcome") == "flying"),
        "intercept_rate": _ratio(len(killed), len(red)),
        "leaker_rate": _ratio(len(leaked), len(red)),
        "interceptors_launched": len(blue),
        "interceptors_expended": len(expended),
        "interceptors_per_kill": _ratio(len(expended), len(killed)),
        "time_to_intercept_s": _stats(scan.time_to_intercept),
        "miss_distance_m": _stats(scan.miss_distances),
        "kill_distance_from_asset_m": _stats(scan.kill_asset_distance),
        "asset_damage_eur": round(scan.damage_eur, 2),
        "defender_cost_usd": round(defender_cost, 2),
        "attacker_cost_destroyed_usd": round(attacker_destroyed, 2),
        "cost_exchange_ratio": _ratio(defender_cost, attacker_destroyed),
        "cost_per_kill_usd": _ratio(defender_cost, len(killed)),
        "first_detection_range_m": {sensor: _stats(r) for sensor, r in sorted(scan.detection_ranges.items())},
        "kill_chain": {str(k): dict(sorted(first.get(k, {}).items())) for k in sorted(red)},
        "entities": {str(k): {"side": side[k], "airframe": airframe.get(k), **outcome.get(k, {"outcome": "flying"})}
                     for k in sorted(side)},
    }
