"""Shared helpers of the gymnasium environment tests."""

from __future__ import annotations

import numpy as np

import sim.envs  # noqa: F401  (registers the ids)

IDS = ("soldiers_lab/Hover-v0", "soldiers_lab/Waypoint-v0", "soldiers_lab/Intercept-v0")


def pn_action(obs: np.ndarray, gain: float = 4.0, axial_mps2: float = 60.0, scale_mps2: float = 40.0) -> np.ndarray:
    """Proportional navigation from Intercept-v0's observation (ACCELERATION level): N Vc (Omega x los)
    plus a go-fast term along the line of sight, in the env's normalised action units."""
    los, closing, omega = obs[0:3], obs[5] * 100.0, obs[6:9] / 10.0
    accel = gain * closing * np.cross(omega, los) + axial_mps2 * los
    return np.clip(accel / scale_mps2, -1.0, 1.0).astype(np.float32)


def rollout(env, actions: np.ndarray, seed: int) -> tuple[list[np.ndarray], list[float], list[bool]]:
    """Observations, rewards and done flags of one run of fixed actions, resetting without a seed after an end."""
    obs, _ = env.reset(seed=seed)
    observations, rewards, dones = [obs], [], []
    for action in actions:
        obs, reward, terminated, truncated, _ = env.step(action)
        observations.append(obs)
        rewards.append(reward)
        dones.append(terminated or truncated)
        if terminated or truncated:
            obs, _ = env.reset()
            observations.append(obs)
    return observations, rewards, dones
