"""The compiled GuidanceController tick equals the same control law written out in numpy."""

from __future__ import annotations

import numpy as np
import pytest

from agents import guidance
from agents.base import EntitySpec, Observation
from agents.interceptor import FLOOR_GAIN, FLOOR_HEIGHT_M, HOLD_DAMPING, HOLD_GAIN, GuidanceController


def reference(law: str, obs: Observation, home, top, gain, axial_gain, target_accel) -> np.ndarray:
    accel = HOLD_DAMPING * (HOLD_GAIN * (home - obs.positions_m) - obs.velocities_mps)
    rows = np.flatnonzero(obs.has_target)
    r = obs.target_positions_m[rows] - obs.positions_m[rows]
    v_own, v_t = obs.velocities_mps[rows], obs.target_velocities_mps[rows]
    v_rel = v_t - v_own
    lateral = {"pn": lambda: guidance.proportional_navigation(r, v_rel, gain),
               "apn": lambda: guidance.augmented_pn(r, v_rel, target_accel[rows], gain),
               "zem": lambda: guidance.zero_effort_miss(r, v_rel, gain),
               "pursuit": lambda: guidance.pure_pursuit(r, v_own, top[rows], gain)}[law]()
    axial = 0.0 if law == "pursuit" else guidance.axial_go_fast(r, v_own, v_t, top[rows], axial_gain)
    accel[rows] = lateral + axial
    deficit = FLOOR_HEIGHT_M - (obs.positions_m[:, 2] - obs.ground_height_m)
    push = FLOOR_GAIN * deficit - 2.0 * np.minimum(obs.velocities_mps[:, 2], 0.0)
    climb = (deficit > 0) & ~obs.extra["seeker_lock"]
    accel[:, 2] = np.where(climb, np.maximum(accel[:, 2], push), accel[:, 2])
    v = obs.velocities_mps
    yaw = np.where(np.hypot(v[:, 0], v[:, 1]) > 2.0, np.arctan2(v[:, 1], v[:, 0]), obs.yaw_rad)
    return np.column_stack([accel, yaw])


@pytest.mark.parametrize("law", ["pn", "apn", "zem", "pursuit"])
def test_compiled_tick_matches_numpy_reference(law: str) -> None:
    rng = np.random.default_rng(11)
    n = 40
    ids = np.arange(n) * 2  # entity ids are not rows
    specs = [EntitySpec(int(e), "blue", None, tuple(rng.uniform(-500, 500, 3)), 50.0, float(rng.uniform(60, 90)))
             for e in ids]
    controller = GuidanceController(law=law, gain=4.0, axial_gain=1.5)
    controller.reset(specs, rng)
    has_target = rng.random(n) < 0.7
    targets = np.where(has_target[:, None], rng.uniform(-3000, 3000, (n, 3)), np.nan)
    velocities = rng.normal(0, 30, (n, 3))
    velocities[:5, :2] = 0.5  # slow rows keep their yaw
    positions = rng.uniform(-1000, 1000, (n, 3))
    positions[5:15, 2] = rng.uniform(0, 20, 10)  # below the floor: some climb back, locked ones don't
    lock = rng.random(n) < 0.3
    target_accel = rng.normal(0, 3, (n, 3))
    obs = Observation(0.0, 1 / 30, ids, positions, velocities, rng.uniform(-3, 3, n), targets,
                      np.where(has_target[:, None], rng.normal(0, 40, (n, 3)), 0.0), has_target,
                      np.ones(n, bool), np.ones(n, bool), rng.uniform(0, 10, n),
                      {"seeker_lock": lock, "target_accelerations_mps2": target_accel})
    want = reference(law, obs, controller.home[ids], controller.top_speed[ids], 4.0, 1.5, target_accel)
    got = controller.act(obs)
    assert got.shape == (n, 4)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    assert (got[5:15, 2][lock[5:15]] == want[5:15, 2][lock[5:15]]).all()


def test_apn_target_acceleration_is_the_per_entity_finite_difference() -> None:
    """Without a given acceleration, APN differences each entity's target velocity since its last tick,
    across resets that add entities (reference: a dict of each entity's previous velocity)."""
    rng = np.random.default_rng(5)
    specs = [EntitySpec(e, "blue", None, (0.0, 0.0, 0.0), 50.0, 80.0) for e in range(0, 20, 2)]
    controller = GuidanceController(law="apn")
    controller.reset(specs[:5], rng)
    previous: dict[int, np.ndarray] = {}
    nonzero = 0
    for tick in range(40):
        if tick == 10:
            controller.reset(specs, rng)  # entities join: the history of the first five survives
        live = [s.entity_id for s in (specs[:5] if tick < 10 else specs)]
        ids = np.sort(rng.choice(live, size=rng.integers(1, len(live) + 1), replace=False))
        n = len(ids)
        has = rng.random(n) < 0.7
        velocity = np.where(has[:, None], rng.normal(0.0, 40.0, (n, 3)), 0.0)
        obs = Observation(tick / 30, 1 / 30, ids, np.zeros((n, 3)), np.zeros((n, 3)), np.zeros(n),
                          np.zeros((n, 3)), velocity, has, np.ones(n, bool), np.ones(n, bool), np.zeros(n), {})
        want = np.zeros((n, 3))
        for row, entity in enumerate(ids.tolist()):
            if entity in previous and has[row]:
                want[row] = (velocity[row] - previous[entity]) * 30.0
            previous[entity] = velocity[row]
        got = controller._target_acceleration(obs)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-9)
        nonzero += int(np.any(got != 0.0))
    assert nonzero > 20  # the differences were exercised, not only first sightings
