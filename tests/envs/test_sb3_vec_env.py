"""The stable-baselines3 VecEnv: SB3's step semantics, and PPO trains on it."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from stable_baselines3 import PPO
from stable_baselines3.common.vec_env import VecEnv

from sim.envs.sb3_vec import SoldiersLabVecEnv


def test_sb3_semantics_terminal_observation_and_episode_info():
    env = SoldiersLabVecEnv("soldiers_lab/Intercept-v0", num_envs=3, seed=4, time_limit_s=1.0)
    assert isinstance(env, VecEnv) and env.num_envs == 3
    obs = env.reset()
    assert obs.shape == (3, 34) and obs.dtype == np.float32
    zeros = np.zeros((3, 3), np.float32)
    for _ in range(29):
        obs, rewards, dones, infos = env.step(zeros)
        assert not dones.any() and infos == [{}, {}, {}]
    obs, rewards, dones, infos = env.step(zeros)
    assert dones.all() and rewards.dtype == np.float32
    for i, info in enumerate(infos):
        assert info["TimeLimit.truncated"] is True and info["outcome"] == "timeout"
        assert info["terminal_observation"].shape == (34,) and info["terminal_observation"][33] == 1.0
        assert obs[i, 33] == 0.0  # reset in the same step
        assert info["episode"]["l"] == 30
        assert np.isclose(info["episode"]["r"], sum(info["reward_terms"].values()))
        assert info["is_success"] is False


def test_seeding_follows_sb3():
    a = SoldiersLabVecEnv("soldiers_lab/Hover-v0", num_envs=2)
    b = SoldiersLabVecEnv("soldiers_lab/Hover-v0", num_envs=2)
    assert a.seed(3) == [3, 4]
    b.seed(3)
    assert np.array_equal(a.reset(), b.reset())
    assert a.get_attr("render_mode") == [None, None] and a.env_is_wrapped(object) == [False, False]


@pytest.mark.slow
def test_ppo_learns_on_the_batched_vec_env():
    torch.set_num_threads(1)
    env = SoldiersLabVecEnv("soldiers_lab/Intercept-v0", num_envs=16, seed=0, start="handoff")
    model = PPO("MlpPolicy", env, n_steps=32, batch_size=128, n_epochs=2, seed=0, device="cpu")
    before = [p.detach().clone() for p in model.policy.parameters()]
    model.learn(total_timesteps=16 * 32 * 3)
    assert model.num_timesteps == 16 * 32 * 3
    assert any(not torch.equal(a, b) for a, b in zip(before, model.policy.parameters()))
    actions, _ = model.predict(env.reset(), deterministic=True)
    assert actions.shape == (16, 3) and np.all(np.abs(actions) <= 1.0)
