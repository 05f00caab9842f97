"""The gymnasium ids: registration, gymnasium's and stable-baselines3's checkers, options, info."""

from __future__ import annotations

import math
import warnings

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from stable_baselines3.common.env_checker import check_env as sb3_check_env

from sim.dynamics.layout import ControlLevel
from sim.envs.intercept import InterceptEnv

from .gym_helpers import IDS


def test_ids_register_on_import_and_through_the_module_form():
    for env_id in IDS:
        assert env_id in gym.registry
        assert gym.spec(env_id).vector_entry_point.startswith("sim.envs.vector:")
    env = gym.make("sim.envs:soldiers_lab/Hover-v0")
    assert isinstance(env.unwrapped, gym.Env) and env.spec.id == "soldiers_lab/Hover-v0"


@pytest.mark.parametrize("env_id", IDS)
def test_gymnasium_checker_passes(env_id):
    env = gym.make(env_id)
    check_env(env.unwrapped)


@pytest.mark.parametrize("env_id", IDS)
def test_stable_baselines3_checker_passes(env_id):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # SB3 only warns about spaces it handles badly: none allowed
        sb3_check_env(gym.make(env_id).unwrapped, warn=True)


@pytest.mark.parametrize("level", list(ControlLevel))
def test_every_control_level_passes_the_checker(level):
    env = gym.make("soldiers_lab/Intercept-v0", control_level=level.name.lower())
    assert env.action_space.shape == ((3,) if level >= ControlLevel.ACCELERATION else (4,))
    assert env.action_space.dtype == np.float32 and np.all(env.action_space.low == -1.0)
    check_env(env.unwrapped)


def test_default_levels_and_spaces():
    assert gym.make("soldiers_lab/Hover-v0").unwrapped.task.level == ControlLevel.ATTITUDE
    assert gym.make("soldiers_lab/Waypoint-v0").unwrapped.task.level == ControlLevel.VELOCITY
    env = gym.make("soldiers_lab/Intercept-v0")
    assert env.unwrapped.task.level == ControlLevel.ACCELERATION
    assert env.observation_space.shape == (34,) and env.observation_space.dtype == np.float32


@pytest.mark.parametrize("env_id", IDS)
def test_reward_is_the_sum_of_its_named_terms(env_id):
    env = gym.make(env_id)
    names = env.unwrapped.task.term_names
    env.reset(seed=3)
    for _ in range(60):
        obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
        assert tuple(info["reward_terms"]) == names
        assert math.isclose(reward, sum(info["reward_terms"].values()), rel_tol=1e-12, abs_tol=1e-12)
        assert obs.dtype == np.float32 and env.observation_space.contains(obs)
        if terminated or truncated:
            assert "outcome" in info and "is_success" in info
            env.reset()


def test_reward_weights_are_named_options():
    env = InterceptEnv(rewards={"hit": 25.0, "energy": 0.0})
    assert env.config.rewards.hit == 25.0 and env.config.rewards.closing == 1.0
    env.reset(seed=0)
    _, _, _, _, info = env.step(np.zeros(3, np.float32))
    assert info["reward_terms"]["energy"] == 0.0


@pytest.mark.parametrize("options, error", [
    ({"colour": "red"}, TypeError),
    ({"control_level": "warp"}, ValueError),
    ({"wave": "no-such-wave"}, ValueError),
    ({"launch_site": "nowhere"}, ValueError),
    ({"start": "sideways"}, ValueError),
    ({"airframe": "shahed-136"}, ValueError),
    ({"physics_hz": 240.0, "control_hz": 70.0}, ValueError),
    ({"render_mode": "human"}, ValueError),
    ({"scenario": "fpv-swarm-vs-position"}, ValueError),  # its threats are quadrotors
])
def test_bad_options_say_what_is_wrong(options, error):
    with pytest.raises(error):
        InterceptEnv(**options)


def test_scenario_and_wave_and_site_options():
    env = InterceptEnv(scenario="single-shahed-training", launch_site="depot-pad", wave="lone-shahed")
    assert env.task.site_names == ("depot-pad",) and env.task.wave_names == ("lone-shahed",)
    assert gym.make("soldiers_lab/Intercept-v0").unwrapped.task.wave_names == ("wave-1", "wave-2", "wave-3")
