"""A trained policy flying interceptors in full trials (`ppo-interceptor`, `policy:path/to/policy.zip`).

The policy was trained on soldiers_lab/Intercept-v0; in a trial it must see
what it saw there and its action must mean what it meant. Both come from the
environment's own compiled code (`sim.envs.observe`): the observation is built
from each interceptor's state as the engine's `Observation` gives it (own
position, velocity, yaw, ground height; the assigned target's estimate) and
the action becomes the same ACCELERATION command in the same line-of-sight
frame. The entries a trial cannot supply (attitude, rates, battery, elapsed
time) were masked in training and are masked here by the same function
(agents/training/observation.py), as the manifest records.

What the environment does not cover is handled as the built-in laws do:
without a target an interceptor loiters over its launch site, and until the
seeker locks it keeps `floor_m` (25 m) above the ground, since mid-course
track heights of low drones can read below it. Parameters: `floor_m`,
`height_m` (loiter). The policy's deterministic (mean) action is computed with
numpy from the file's weights (agents/policy_net.py).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from agents.base import EntitySpec, Observation
from agents.interceptor import FLOOR_GAIN, FLOOR_HEIGHT_M, HoldController
from agents.plugin_guard import PluginError, one_line
from agents.policy_files import check_trusted, read_manifest
from agents.policy_net import NumpyPolicy
from agents.training.observation import ENGINE_BLIND_INDICES, INTERCEPT_ID, mask_observations
from sim.dynamics import layout as L
from sim.dynamics.layout import ControlLevel
from sim.envs.intercept_geometry import OBS_DIM
from sim.envs.observe import acceleration_command, intercept_observation


def _loaded_policy(path: Path, manifest: dict[str, Any], reference: str) -> NumpyPolicy:
    """The policy network in `path` (after the trust check), checked against Intercept-v0's spaces."""
    check_trusted(path)
    if manifest.get("algo", "ppo") != "ppo":
        raise PluginError(f"controller '{reference}': algorithm '{manifest.get('algo')}' is not supported (ppo)")
    space = manifest.get("action_space") or {}
    try:
        policy = NumpyPolicy.load(path, str(manifest.get("activation", "tanh")), np.asarray(space.get("low", -1.0)),
                                  np.asarray(space.get("high", 1.0)))
    except Exception as exc:  # a corrupt or foreign zip, or weights of another architecture
        raise PluginError(f"controller '{reference}': policy {path} failed to load: {one_line(exc)}") from None
    if (policy.obs_dim, policy.action_dim) != (OBS_DIM, 3):
        raise PluginError(f"controller '{reference}': network maps {policy.obs_dim} -> {policy.action_dim} numbers, "
                          f"not Intercept-v0's {OBS_DIM} -> 3")
    return policy


def _environment_settings(manifest: dict[str, Any], reference: str) -> float:
    """The action scale (m/s^2) of the Intercept-v0 configuration(s) the policy was trained with."""
    from sim.envs.config import InterceptConfig, build
    from sim.envs.spaces import parse_level

    if manifest["env_id"] != INTERCEPT_ID:
        raise PluginError(f"controller '{reference}': trained on {manifest['env_id']}; only {INTERCEPT_ID} "
                          "policies fly interceptors in trials")
    options = manifest.get("env_options") or {}
    scales = set()
    for option_set in options if isinstance(options, list) else [options]:  # a list: a training mixture
        try:
            config = build(InterceptConfig, None, option_set)
            level = parse_level(config.control_level)
        except (TypeError, ValueError) as exc:
            raise PluginError(f"controller '{reference}': manifest env_options: {one_line(exc)}") from None
        if level != ControlLevel.ACCELERATION:
            raise PluginError(f"controller '{reference}': trained at the {level.name.lower()} level; "
                              "only acceleration-level policies fly in trials")
        scales.add(float(config.accel_scale_mps2))
    if len(scales) != 1:
        raise PluginError(f"controller '{reference}': trained with different accel_scale_mps2 {sorted(scales)}")
    return scales.pop()


def trial_observation(position_m: np.ndarray, velocity_mps: np.ndarray, yaw_rad: float, ground_m: float,
                      target_m: np.ndarray, target_velocity_mps: np.ndarray, frame: tuple[float, float] | None,
                      mask: tuple[int, ...]) -> tuple[np.ndarray, tuple[float, float]]:
    """One interceptor's Intercept-v0 observation from what a trial's Observation holds, `mask` zeroed,
    and its line-of-sight frame (pass it back next tick). Attitude (level, nose on `yaw_rad`), rates
    (0) and battery (full) are placeholders: the entries they feed must be in `mask`."""
    state = np.zeros(L.STATE_COLS)
    state[L.POS:L.POS + 3] = position_m
    state[L.VEL:L.VEL + 3] = velocity_mps
    state[L.QUAT:L.QUAT + 4] = (math.cos(0.5 * yaw_rad), 0.0, 0.0, math.sin(0.5 * yaw_rad))
    state[L.SOC], state[L.GROUND_Z], state[L.ALIVE] = 1.0, ground_m, 1.0
    obs, frame = intercept_observation(state, target_m, target_velocity_mps, 0.0, frame)
    return mask_observations(obs, mask), frame


class PolicyController(HoldController):
    """Flies a group of interceptors with a trained Intercept-v0 policy (ACCELERATION level)."""

    level = ControlLevel.ACCELERATION

    def __init__(self, policy: str | Path, reference: str | None = None, floor_m: float = FLOOR_HEIGHT_M,
                 **params: Any) -> None:
        super().__init__(floor_m=floor_m, **params)
        path = Path(policy)
        self.reference = reference or f"policy:{path}"
        if not path.is_file():
            raise PluginError(f"controller '{self.reference}': policy file {path} not found")
        self.manifest = read_manifest(path, self.reference)  # plain JSON, checked before anything is unpickled
        self.scale_mps2 = _environment_settings(self.manifest, self.reference)
        self.mask = tuple(int(i) for i in self.manifest.get("obs_mask", ()))
        if not set(ENGINE_BLIND_INDICES) <= set(self.mask):
            raise PluginError(f"controller '{self.reference}': trained seeing attitude, rates, battery or time, "
                              "which a trial does not give a controller; train it with the default mask: engine")
        self.policy = _loaded_policy(path, self.manifest, self.reference)
        self.floor_m = float(floor_m)
        self._frames: dict[int, tuple[float, float]] = {}  # line-of-sight frame per entity, as the env holds it

    def reset(self, specs: list[EntitySpec], rng: np.random.Generator) -> None:
        super().reset(specs, rng)
        self._frames = {}

    def observations(self, obs: Observation, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[float, float]]]:
        """Intercept-v0 observations (len(rows), OBS_DIM), masked as in training, and each row's frame."""
        out = np.zeros((len(rows), OBS_DIM), dtype=np.float32)
        frames = []
        for k, row in enumerate(rows.tolist()):
            entity = int(obs.ids[row])
            out[k], frame = trial_observation(obs.positions_m[row], obs.velocities_mps[row], float(obs.yaw_rad[row]),
                                              float(obs.ground_height_m[row]), obs.target_positions_m[row],
                                              obs.target_velocities_mps[row], self._frames.get(entity), self.mask)
            self._frames[entity] = frame
            frames.append(frame)
        return out, frames

    def act(self, obs: Observation) -> np.ndarray:
        out = self.act_loiter(obs)
        rows = np.flatnonzero(obs.has_target & np.isfinite(obs.target_positions_m).all(axis=1))
        if rows.size:
            features, frames = self.observations(obs, rows)
            for row, action, frame in zip(rows.tolist(), self.policy(features), frames):
                out[row] = acceleration_command(action, frame, self.scale_mps2)
        self._keep_floor(obs, out)
        return out

    def act_loiter(self, obs: Observation) -> np.ndarray:
        return np.column_stack([self.loiter(obs), obs.yaw_rad])

    def _keep_floor(self, obs: Observation, out: np.ndarray) -> None:
        """Climb back above `floor_m` over the ground unless the seeker has locked (as the built-in laws)."""
        locked = obs.extra.get("seeker_lock")
        locked = np.zeros(len(obs.ids), dtype=bool) if locked is None else np.asarray(locked, dtype=bool)
        deficit = self.floor_m - (obs.positions_m[:, 2] - obs.ground_height_m)
        push = FLOOR_GAIN * deficit - 2.0 * np.minimum(obs.velocities_mps[:, 2], 0.0)
        low = (deficit > 0.0) & ~locked
        out[low, 2] = np.maximum(out[low, 2], push[low])
