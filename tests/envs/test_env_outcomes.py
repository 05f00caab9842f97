"""What ends an episode, and scripted pilots that succeed: hits, crashes, leaks, hovering, waypoints."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.scenario_loading import load_scenario
from sim.dynamics import layout as L
from sim.envs.hover import HoverEnv
from sim.envs.intercept import InterceptEnv
from sim.envs.scenario_tables import ground, load_resolved
from sim.envs.waypoint import WaypointEnv

from .gym_helpers import pn_action


def run(env, policy, seed: int, max_steps: int = 10_000) -> tuple[dict, float, int]:
    obs, _ = env.reset(seed=seed)
    total = 0.0
    for step in range(1, max_steps + 1):
        obs, reward, terminated, truncated, info = env.step(policy(obs))
        total += reward
        if terminated or truncated:
            return info, total, step
    raise AssertionError("episode did not end")


def test_proportional_navigation_hits_from_a_handoff():
    env = InterceptEnv(start="handoff")
    outcomes = [run(env, pn_action, seed)[0] for seed in range(12)]
    hits = [info for info in outcomes if info["outcome"] == "hit"]
    assert len(hits) >= 4, [info["outcome"] for info in outcomes]
    for info in hits:
        assert info["is_success"] and info["miss_distance_m"] <= 1.0  # the interceptor's lethal radius
        assert info["reward_terms"]["hit"] == 10.0
    for info in outcomes:
        assert info["outcome"] in ("hit", "miss")


def test_motors_off_on_the_pad_is_a_crash():
    env = InterceptEnv(control_level="motors")
    info, total, steps = run(env, lambda obs: -np.ones(4, np.float32), seed=0)
    assert info["outcome"] == "crash" and info["reward_terms"]["crash"] == -10.0
    assert steps < 30 and total < -9.0


def test_a_threat_left_alone_reaches_its_asset():
    env = InterceptEnv(scenario="single-shahed-training", start_range_m=(1600.0, 1600.0))
    info, _, steps = run(env, lambda obs: np.zeros(3, np.float32), seed=0)
    assert info["outcome"] == "leak" and info["reward_terms"]["miss"] == -5.0
    # The threat starts at least 1.5 km short of its target, at 150 km/h.
    assert steps > 1500.0 / (150 / 3.6) * 30


def test_the_episode_starts_at_the_doctrine_range_from_the_nearest_site():
    env = InterceptEnv(scenario="single-shahed-training")  # head-on: the track crosses the site
    for seed in range(5):
        env.reset(seed=seed)
        b = env._batch
        site, threat = b.task[8:10, 0], b.ws[0:2, 0]
        assert 0.75 * 8000 - 1 <= np.hypot(*(threat - site)) <= 8000 + 1
        assert np.allclose(b.qs[L.POS:L.POS + 2, 0], site)


def test_hover_at_position_level_holds_to_the_time_limit():
    env = HoverEnv(control_level="position")
    info, total, steps = run(env, lambda obs: np.clip(obs[0:3], -1, 1).astype(np.float32) * 0.2, seed=1)
    assert info["outcome"] == "timeout" and info["is_success"] and steps == 300
    assert total > 150  # mostly near the point


def test_waypoints_at_velocity_level_are_all_reached():
    env = WaypointEnv()
    def steer(obs):  # fly at 15 m/s toward the waypoint (error / 100 m in obs 0-2), slower when close
        error_m = obs[0:3] * 100.0
        speed = min(15.0, 0.8 * np.linalg.norm(error_m))
        return (error_m / max(np.linalg.norm(error_m), 1e-6) * speed / 83.3).astype(np.float32)
    info, total, _ = run(env, steer, seed=2)
    assert info["outcome"] == "done" and info["waypoints_reached"] == 3 and info["is_success"]
    assert total > 15.0


def test_terrain_is_the_engines():
    from sim.trial_setup import _ground  # the engine's own terrain (imports pybullet)

    _, resolved = load_resolved(load_scenario("nuclear-plant-mixed-raid"))
    ours, engine = ground(resolved), _ground(resolved)
    assert not ours.flat
    assert np.array_equal(ours.heights_m, engine.heights_m) and ours.origin_xy_m == engine.origin_xy_m


@pytest.mark.parametrize("substeps", [1, 8])
def test_threat_model_rate_is_an_option(substeps):
    env = InterceptEnv(threat_substeps=substeps)
    env.reset(seed=0)
    env.step(np.zeros(3, np.float32))
    assert env.task.cfg[44] == substeps
