"""Target assignment: golden cases worked out by hand, then the command post honouring the doctrine."""

from __future__ import annotations

import itertools
import math
from typing import get_args

import numpy as np
import pytest

from agents.assignment import (NONE, AssignmentPolicy, assign, assign_most_dangerous, assign_nearest,
                               assign_optimal, intercept_times_s, time_to_asset_s)
from sim.command_post import CommandPost
from sim.config.scenario_forces import AssignmentName, Doctrine
from sim.sensors import TrackPicture
from sim.trial_setup import Site


def xyz(*points: tuple[float, float]) -> np.ndarray:
    return np.array([[x, y, 0.0] for x, y in points], dtype=float)


# --- pure functions ------------------------------------------------------------------------

def test_intercept_time_closes_the_triangle() -> None:
    # Threat 1000 m north flying east at 30 m/s, interceptor at 50 m/s: a 3-4-5 triangle, t = 25 s.
    t = intercept_times_s(xyz((0, 0)), 50.0, xyz((0, 1000)), np.array([[30.0, 0.0, 0.0]]))
    assert t[0, 0] == pytest.approx(25.0)
    # Head-on at 1000 m: closing at 50 + 30 m/s. Running away faster than the interceptor: never.
    t = intercept_times_s(xyz((0, 0)), np.array([50.0]), xyz((1000, 0), (1000, 0)),
                          np.array([[-30.0, 0.0, 0.0], [60.0, 0.0, 0.0]]))
    assert t[0, 0] == pytest.approx(1000 / 80) and math.isinf(t[0, 1])


def test_time_to_asset_is_distance_over_speed() -> None:
    threats = xyz((1000, 0), (0, 300), (50, 0))
    velocities = np.array([[-50.0, 0, 0], [0, -10.0, 0], [0, 0, 0]])
    assets = xyz((0, 0), (0, 100))
    np.testing.assert_allclose(time_to_asset_s(threats, velocities, assets), [20.0, 20.0, np.inf])
    assert np.isinf(time_to_asset_s(threats, velocities, np.zeros((0, 3)))).all()


def test_nearest_takes_the_closest_pair_first() -> None:
    # Interceptors at x = 0 and x = 10; threats at x = 11 and x = 30. The closest pair is (1, 0),
    # 1 m; interceptor 0 is left with threat 1 (30 m), although threat 0 is its own nearest.
    out = assign_nearest(xyz((0, 0), (10, 0)), xyz((11, 0), (30, 0)))
    np.testing.assert_array_equal(out, [1, 0])


def test_nearest_with_more_interceptors_than_threats_leaves_the_far_one_idle() -> None:
    out = assign_nearest(xyz((0, 0), (100, 0), (5, 0)), xyz((4, 0)))
    np.testing.assert_array_equal(out, [NONE, NONE, 0])


def test_most_dangerous_serves_the_threat_closest_in_time_first() -> None:
    # Asset at the origin. Threat 0: 2000 m out at 100 m/s (20 s). Threat 1: 1000 m out at 10 m/s
    # (100 s). One interceptor, nearer to threat 1: it still goes after threat 0.
    threats = xyz((2000, 0), (0, 1000))
    velocities = np.array([[-100.0, 0, 0], [0, -10.0, 0]])
    out = assign_most_dangerous(xyz((0, 900)), threats, velocities, xyz((0, 0)))
    np.testing.assert_array_equal(out, [0])
    # Two interceptors: the most dangerous threat takes its nearest, the other gets what is left.
    out = assign_most_dangerous(xyz((1900, 0), (1800, 0)), threats, velocities, xyz((0, 0)))
    np.testing.assert_array_equal(out, [0, 1])


def test_optimal_minimises_the_total_cost() -> None:
    # Greedy would take the 1 s pair and be left with 100 s (total 101); the optimum is 2 + 3 = 5.
    cost = np.array([[1.0, 2.0], [3.0, 100.0]])
    np.testing.assert_array_equal(assign_optimal(cost), [1, 0])
    # Brute force agrees on a random square case.
    rng = np.random.default_rng(0)
    cost = rng.uniform(1, 50, size=(5, 5))
    best = min(itertools.permutations(range(5)), key=lambda p: sum(cost[i, j] for i, j in enumerate(p)))
    np.testing.assert_array_equal(assign_optimal(cost), best)


def test_optimal_never_makes_an_impossible_pair() -> None:
    cost = np.array([[1.0, np.inf], [2.0, np.inf]])
    np.testing.assert_array_equal(assign_optimal(cost), [0, NONE])
    assert assign_optimal(np.zeros((0, 3))).shape == (0,)


def test_dispatch_by_policy_name() -> None:
    interceptors, threats = xyz((0, 0), (10, 0)), xyz((11, 0), (30, 0))
    still = np.zeros((2, 3))
    for policy in AssignmentPolicy:
        out = assign(policy.value, interceptors, 50.0, threats, still, xyz((0, 0)))
        assert sorted(out) == [0, 1]
    with pytest.raises(ValueError):
        assign("random", interceptors, 50.0, threats, still, xyz((0, 0)))


def test_scenario_doctrine_names_match_the_policies() -> None:
    assert set(get_args(AssignmentName)) == {p.value for p in AssignmentPolicy}
    assert Doctrine().assignment == "most_dangerous"


# --- the command post honours the doctrine ------------------------------------------------

def _picture(positions: np.ndarray, velocities: np.ndarray) -> TrackPicture:
    m = len(positions)
    return TrackPicture(np.arange(100, 100 + m), positions, velocities, np.ones(m), np.ones(m, dtype=bool),
                        np.arange(m), np.zeros(m))


def _post(policy: str, asset: tuple[float, float]) -> CommandPost:
    """Interceptors 1 and 2 (80 m/s) were in the pad's magazine and are now all airborne: only
    re-tasking is possible, no launch."""
    site = Site("pad", np.zeros(3), 0.0, 1.0, 1.0, [0.0], {"interceptor-quad": [1, 2]}, {"interceptor-quad": 80.0})
    post = CommandPost([site], 1, None, xyz(asset), assignment=policy)
    site.parked["interceptor-quad"].clear()
    return post


# Two idle interceptors, two threats, asset at the origin. Interceptor 1 at (0, 0), 2 at (3000, 0).
# Threat 100 at (500, 0) flies east at 70 m/s, away from 1 (50 s to catch) and head-on at 2
# (16.7 s). Threat 101 hovers at (0, 1000): 12.5 s from 1, 39.5 s from 2. Nearest pairs 1 with 100
# (500 m) and leaves 2 with 101: 89.5 s in all; optimal swaps them: 29.2 s. Most dangerous: 100
# reaches the asset in 500 / 70 s (101 never), takes its nearest interceptor, 1.
SWAP = (xyz((500, 0), (0, 1000)), np.array([[70.0, 0, 0], [0, 0, 0]]), [1, 2], xyz((0, 0), (3000, 0)), (0, 0))
# One idle interceptor at (0, 0), asset at (5000, 0). Threat 100 at (300, 0) drifts north at 5 m/s
# (940 s from the asset); threat 101 at (0, -2000) flies east at 50 m/s (108 s from it).
DANGER = (xyz((300, 0), (0, -2000)), np.array([[0, 5.0, 0], [50.0, 0, 0]]), [1], xyz((0, 0)), (5000, 0))


@pytest.mark.parametrize("case, policy, expected", [
    (SWAP, "nearest", {1: 100, 2: 101}),
    (SWAP, "most_dangerous", {1: 100, 2: 101}),
    (SWAP, "optimal", {1: 101, 2: 100}),
    (DANGER, "nearest", {1: 100}),
    (DANGER, "most_dangerous", {1: 101}),
    (DANGER, "optimal", {1: 100}),
], ids=lambda v: v if isinstance(v, str) else None)
def test_command_post_retasks_by_doctrine(case, policy: str, expected: dict[int, int]) -> None:
    threats, velocities, airborne, positions, asset = case
    post = _post(policy, asset)
    picture = _picture(threats, velocities)
    assert post.update(0.0, picture, np.array(airborne), positions) == []
    assert post.assignment == expected
    # Assigned interceptors keep their targets while the tracks live.
    post.update(0.2, picture, np.array(airborne), positions)
    assert post.assignment == expected
