"""Pooled statistics of `slab eval`: Wilson intervals (golden values) and pooling over episodes."""

from __future__ import annotations

import pytest

from trials.evaluation import Episode, aggregate, wilson_interval
from trials.metrics import compute_metrics, metric_samples
from tests.trials.test_metrics import COSTS, engagement


@pytest.mark.parametrize("successes, trials, low, high", [
    (8, 10, 0.4902, 0.9433),  # textbook example (e.g. Wikipedia's Wilson score interval)
    (50, 100, 0.4038, 0.5962),
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (1, 1, 0.2065, 1.0),
])
def test_wilson_interval_golden_values(successes, trials, low, high):
    got = wilson_interval(successes, trials)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_edges():
    assert wilson_interval(0, 0) is None
    narrow, wide = wilson_interval(80, 100), wilson_interval(80, 100, confidence=0.99)
    assert wide[0] < narrow[0] < 0.8 < narrow[1] < wide[1]
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def summary(spawned, killed, expended, defender, attacker, leaked=0, damage=0.0):
    return {"threats_spawned": spawned, "threats_killed": killed, "threats_leaked": leaked,
            "interceptors_launched": expended, "interceptors_expended": expended, "defender_cost_usd": defender,
            "attacker_cost_destroyed_usd": attacker, "asset_damage_eur": damage}


def test_aggregate_pools_over_episodes_not_means_of_rates():
    episodes = [
        Episode(1, summary(1, 1, 1, 4000.0, 35000.0), [0.5], [30.0], "rec/1"),
        Episode(2, summary(9, 3, 6, 24000.0, 105000.0, leaked=6, damage=9e6), [0.2, 8.0, 12.0, 0.9], [50.0, 70.0, 10.0]),
    ]
    row = aggregate("pn", episodes)
    # Pooled: 4 kills of 10 threats (the mean of per-episode rates would say (1 + 1/3) / 2 = 0.667).
    assert row["intercept_rate"] == 0.4 and row["threats"] == 10 and row["threats_killed"] == 4
    assert row["intercept_rate_ci95"] == pytest.approx([round(x, 4) for x in wilson_interval(4, 10)])
    assert row["leaker_rate"] == 0.6
    assert row["mean_time_to_intercept_s"] == 40.0 and row["median_time_to_intercept_s"] == 40.0
    assert row["mean_miss_distance_m"] == pytest.approx(4.32) and row["median_miss_distance_m"] == 0.9
    assert row["interceptors_per_kill"] == 1.75
    assert row["cost_exchange_ratio"] == round(28000 / 140000, 4) and row["cost_per_kill_usd"] == 7000.0
    assert row["mean_asset_damage_eur"] == 4.5e6
    assert row["agent"] == "pn" and row["episodes"] == 2 and row["seeds"] == [1, 2]
    assert row["records"] == ["rec/1", None]


def test_aggregate_without_kills_or_threats_says_none():
    row = aggregate("hold", [Episode(5, summary(0, 0, 0, 0.0, 0.0))])
    assert row["intercept_rate"] is None and row["intercept_rate_ci95"] is None
    assert row["mean_time_to_intercept_s"] is None and row["cost_exchange_ratio"] is None
    assert row["interceptors_per_kill"] is None


def test_metric_samples_are_what_the_summary_statistics_come_from():
    samples = metric_samples(engagement())
    assert samples == {"miss_distance_m": [0.4, 0.8, 0.2], "time_to_intercept_s": [30.0, 39.0]}
    stats = compute_metrics(engagement(), COSTS)
    assert stats["miss_distance_m"]["count"] == 3 and stats["time_to_intercept_s"]["mean"] == 34.5
