"""Intercept-v0 observation entries a trial cannot supply, held at 0 in training and in flight.

The engine's `Observation` gives a controller its own position, velocity,
yaw and ground height and the target estimate, but not the attitude, body
rates or battery charge the environment's observation also holds; and a
trial has no episode for the elapsed fraction to be a fraction of (an
interceptor may be re-tasked). A policy meant to fly in trials is trained
with these entries masked, by the same function its controller applies, so
what it sees in a trial is exactly what it saw in training.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

# 22-27 body z and x axes, 28-30 body rates, 32 battery charge, 33 elapsed fraction (docs/envs.md).
ENGINE_BLIND_INDICES: tuple[int, ...] = (*range(22, 31), 32, 33)
INTERCEPT_ID = "soldiers_lab/Intercept-v0"


def default_mask(env_id: str) -> tuple[int, ...]:
    """The mask a policy trained on `env_id` gets unless told otherwise: only Intercept-v0 flies in trials."""
    return ENGINE_BLIND_INDICES if env_id == INTERCEPT_ID else ()


def mask_observations(obs: np.ndarray, indices: Sequence[int]) -> np.ndarray:
    """`obs` (..., obs_dim) with the entries `indices` set to 0 (in place; returned for chaining)."""
    if len(indices):
        obs[..., list(indices)] = 0.0
    return obs

