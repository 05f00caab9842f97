"""A trial summary as a short text a soldier, trainer or developer reads at a glance."""

from __future__ import annotations

from typing import Any


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.0f}"


def _num(value: Any, unit: str = "", digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}{unit}"


def format_summary(summary: dict[str, Any], scenario: str, seed: int) -> str:
    s = summary
    lines = [
        f"Trial: {scenario} (seed {seed}) ended: {s['end_reason']} at t = {s['sim_time_s']:.1f} s",
        f"  threats     {s['threats_spawned']} spawned, {s['threats_killed']} killed, "
        f"{s['threats_leaked']} leaked, {s['threats_unresolved']} still flying",
        f"  intercept rate {_num(s['intercept_rate'] and 100 * s['intercept_rate'], ' %', 0)}, "
        f"leaker rate {_num(s['leaker_rate'] and 100 * s['leaker_rate'], ' %', 0)}",
        f"  interceptors {s['interceptors_launched']} launched, {s['interceptors_expended']} expended, "
        f"{_num(s['interceptors_per_kill'], '', 2)} per kill",
        f"  time to intercept {_num(s['time_to_intercept_s']['mean'], ' s')} mean, "
        f"miss distance {_num(s['miss_distance_m']['median'], ' m', 2)} median",
        f"  kills {_num(s['kill_distance_from_asset_m']['min'], ' m', 0)} from the nearest asset at the closest",
        f"  asset damage EUR {s['asset_damage_eur']:,.0f}",
        f"  cost: defender {_money(s['defender_cost_usd'])} expended, attacker {_money(s['attacker_cost_destroyed_usd'])}"
        f" destroyed, exchange ratio {_num(s['cost_exchange_ratio'], '', 3)}",
    ]
    for sensor, stats in s["first_detection_range_m"].items():
        lines.append(f"  {sensor}: first detections at {_num(stats['mean'] and stats['mean'] / 1000, ' km', 1)} "
                     f"mean ({stats['count']} threats)")
    return "\n".join(lines)
