"""Seeded determinism of the single environments: same seed, same trajectory, bit for bit."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

from .gym_helpers import IDS, rollout


@pytest.mark.parametrize("env_id", IDS)
def test_same_seed_same_trajectory_across_episodes(env_id):
    # A short time limit makes the run cross several episode ends (resets without a seed).
    env_a, env_b = gym.make(env_id, time_limit_s=1.0), gym.make(env_id, time_limit_s=1.0)
    actions = np.random.default_rng(7).uniform(-1, 1, (100, env_a.action_space.shape[0])).astype(np.float32)
    obs_a, rewards_a, dones_a = rollout(env_a, actions, seed=11)
    obs_b, rewards_b, dones_b = rollout(env_b, actions, seed=11)
    assert sum(dones_a) >= 3
    assert dones_a == dones_b and rewards_a == rewards_b
    assert all(np.array_equal(a, b) for a, b in zip(obs_a, obs_b, strict=True))


@pytest.mark.parametrize("env_id", IDS)
def test_other_seeds_and_unseeded_resets_start_elsewhere(env_id):
    env = gym.make(env_id)
    first, _ = env.reset(seed=1)
    again, _ = env.reset()
    other, _ = env.reset(seed=2)
    assert not np.array_equal(first, again) and not np.array_equal(first, other)
    assert np.array_equal(env.reset(seed=1)[0], first)
