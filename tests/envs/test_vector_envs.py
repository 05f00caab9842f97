"""The gymnasium vector environments: API, autoreset modes, and world i == a single env seeded s + i."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode

from sim.envs.layout import Outcome
from sim.envs.vector import InterceptVectorEnv

from .gym_helpers import IDS

SHORT = {"time_limit_s": 1.0}  # 30 control steps: episodes end often


@pytest.mark.parametrize("env_id", IDS)
def test_make_vec_gives_one_batch_with_gymnasium_spaces(env_id):
    envs = gym.make_vec(env_id, num_envs=5)
    single = gym.make(env_id)
    assert envs.metadata["autoreset_mode"] == AutoresetMode.NEXT_STEP
    assert envs.single_observation_space == single.observation_space
    assert envs.single_action_space == single.action_space
    obs, info = envs.reset(seed=0)
    assert obs.shape == (5, *single.observation_space.shape) and obs.dtype == np.float32
    obs, rewards, terminated, truncated, info = envs.step(envs.action_space.sample())
    assert rewards.shape == terminated.shape == truncated.shape == (5,)
    assert terminated.dtype == truncated.dtype == np.bool_
    assert set(info["reward_terms"]) >= set(single.unwrapped.task.term_names)
    total = sum(info["reward_terms"][name] for name in single.unwrapped.task.term_names)
    np.testing.assert_allclose(rewards, total, rtol=1e-12, atol=1e-12)
    assert envs.observation_space.contains(obs)


@pytest.mark.parametrize("env_id", IDS)
def test_batched_world_equals_single_env_of_the_same_seed(env_id):
    """Bit for bit, through episode ends and next-step autoresets, in gusty wind (port scenario)."""
    n, seed, steps = 4, 100, 80
    envs = gym.make_vec(env_id, num_envs=n, **SHORT)
    singles = [gym.make(env_id, **SHORT) for _ in range(n)]
    actions = np.random.default_rng(0).uniform(-1, 1, (steps, n, envs.single_action_space.shape[0]))
    actions = actions.astype(np.float32)
    obs, _ = envs.reset(seed=seed)
    for i, env in enumerate(singles):
        env.reset(seed=seed + i)
    pending = [False] * n
    ends = 0
    for t in range(steps):
        obs, rewards, terminated, truncated, _ = envs.step(actions[t])
        for i, env in enumerate(singles):
            if pending[i]:  # the vector env resets this world now, ignoring its action
                expected, reward, term, trunc = env.reset()[0], 0.0, False, False
                pending[i] = False
            else:
                expected, reward, term, trunc, _ = env.step(actions[t, i])
                pending[i] = term or trunc
                ends += pending[i]
            assert np.array_equal(obs[i], expected), (t, i)
            assert rewards[i] == reward and terminated[i] == term and truncated[i] == trunc
    assert ends >= n  # every world crossed at least one episode end


def test_next_step_autoreset_reports_the_end_then_starts_over():
    envs = InterceptVectorEnv(num_envs=3, **SHORT)
    envs.reset(seed=1)
    zeros = np.zeros((3, 3), np.float32)
    for _ in range(29):
        _, _, terminated, truncated, info = envs.step(zeros)
        assert not (terminated | truncated).any() and "outcome" not in info
    obs_end, _, terminated, truncated, info = envs.step(zeros)
    assert truncated.all() and not terminated.any()
    assert (info["outcome"] == Outcome.TIMEOUT).all() and info["_outcome"].all()
    assert (info["miss_distance_m"] > 0).all() and not info["is_success"].any()
    obs_new, rewards, terminated, truncated, info = envs.step(zeros)
    assert (rewards == 0).all() and not (terminated | truncated).any()
    assert not np.array_equal(obs_new, obs_end)
    assert (obs_new[:, 33] == 0).all()  # elapsed-time fraction: a fresh episode


def test_same_step_autoreset_returns_final_observations():
    envs = InterceptVectorEnv(num_envs=2, autoreset_mode=AutoresetMode.SAME_STEP, **SHORT)
    envs.reset(seed=1)
    zeros = np.zeros((2, 3), np.float32)
    for _ in range(29):
        envs.step(zeros)
    obs, _, _, truncated, info = envs.step(zeros)
    assert truncated.all() and info["_final_obs"].all()
    assert info["final_obs"][0].shape == (34,) and info["final_obs"][0][33] == 1.0
    assert (obs[:, 33] == 0).all()  # already the next episode
    assert (info["final_info"]["outcome"] == Outcome.TIMEOUT).all()


def test_disabled_autoreset_and_reset_mask():
    envs = InterceptVectorEnv(num_envs=3, autoreset_mode=AutoresetMode.DISABLED, **SHORT)
    first, _ = envs.reset(seed=5)
    for _ in range(5):
        moved, *_ = envs.step(np.zeros((3, 3), np.float32))
    obs, _ = envs.reset(options={"reset_mask": np.array([True, False, False])})
    assert obs[0, 33] == 0.0 and np.array_equal(obs[1:], moved[1:])
    obs, _ = envs.reset(seed=5)
    assert np.array_equal(obs, first)
