"""Statistics over many episodes of one agent (what `slab eval` reports); pure functions.

Pooling: every figure is computed over everything the episodes hold, not
as a mean of per-episode figures, so an episode with 30 threats weighs
three times one with 10. The intercept rate is all threats killed over all
threats spawned; its 95 % interval is Wilson's score interval on those
pooled counts, which treats each threat as an independent trial (threats of
one raid share conditions, so read it as a lower bound on the uncertainty).
Time to intercept is pooled over every kill, miss distance over every pass
(intercepts and misses); interceptors per kill and the cost-exchange ratio
are ratios of totals. Ratios with a zero denominator are None, as in
trials.metrics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist, mean, median
from typing import Any, Mapping, Sequence


@dataclass(frozen=True)
class Episode:
    """One trial of the agent: its summary (trials.metrics) and the samples behind it."""

    seed: int
    summary: Mapping[str, Any]
    miss_distances_m: Sequence[float] = ()
    times_to_intercept_s: Sequence[float] = ()
    record: str | None = None  # the trial record's folder


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval for a binomial proportion; None when there were no trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be within 0..{trials}, got {successes}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    p, z2 = successes / trials, z * z
    denominator = 1.0 + z2 / trials
    center = (p + z2 / (2.0 * trials)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / trials + z2 / (4.0 * trials * trials)) / denominator
    # At 0 and n successes the bounds are exactly 0 and 1; rounding would leave 1e-17.
    low = 0.0 if successes == 0 else max(0.0, center - half)
    high = 1.0 if successes == trials else min(1.0, center + half)
    return low, high


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def aggregate(agent: str, episodes: Sequence[Episode]) -> dict[str, Any]:
    """One agent's figures pooled over its episodes (see the module docstring)."""
    total = lambda key: sum(float(e.summary.get(key) or 0) for e in episodes)  # noqa: E731
    spawned, killed = int(total("threats_spawned")), int(total("threats_killed"))
    expended = int(total("interceptors_expended"))
    defender, attacker = total("defender_cost_usd"), total("attacker_cost_destroyed_usd")
    misses = [float(m) for e in episodes for m in e.miss_distances_m]
    times = [float(t) for e in episodes for t in e.times_to_intercept_s]
    interval = wilson_interval(killed, spawned)
    return {
        "agent": agent,
        "episodes": len(episodes),
        "seeds": [e.seed for e in episodes],
        "threats": spawned,
        "threats_killed": killed,
        "threats_leaked": int(total("threats_leaked")),
        "intercept_rate": _ratio(killed, spawned),
        "intercept_rate_ci95": None if interval is None else [round(interval[0], 4), round(interval[1], 4)],
        "leaker_rate": _ratio(total("threats_leaked"), spawned),
        "mean_time_to_intercept_s": _round(mean(times) if times else None, 2),
        "median_time_to_intercept_s": _round(median(times) if times else None, 2),
        "passes": len(misses),
        "mean_miss_distance_m": _round(mean(misses) if misses else None, 3),
        "median_miss_distance_m": _round(median(misses) if misses else None, 3),
        "interceptors_launched": int(total("interceptors_launched")),
        "interceptors_expended": expended,
        "interceptors_per_kill": _ratio(expended, killed),
        "defender_cost_usd": round(defender, 2),
        "attacker_cost_destroyed_usd": round(attacker, 2),
        "cost_exchange_ratio": _ratio(defender, attacker),
        "cost_per_kill_usd": _ratio(defender, killed),
        "mean_asset_damage_eur": _round(total("asset_damage_eur") / len(episodes), 2) if episodes else None,
        "records": [e.record for e in episodes],
    }
