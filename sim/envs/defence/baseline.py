"""The built-in `pn` autopilot's law, computed from the env's observations alone.

A baseline to measure learned policies against, and the proof that the
env's actions fly the interceptors: proportional navigation (N = 4) plus the
multirotor's axial go-fast term toward the assigned target; without a target,
climb to and hold LOITER_HEIGHT_M; never dive below FLOOR_HEIGHT_M chasing a
track until the seeker has the threat. Same gains as agents/interceptor.py.
"""

from __future__ import annotations

import numpy as np
from pettingzoo import AECEnv, ParallelEnv

from agents import guidance
from sim.envs.defence.observations import HEIGHT_SCALE_M, SPEED_SCALE_MPS, field_bounds, unsquash_range

LOITER_HEIGHT_M = 50.0
FLOOR_HEIGHT_M = 25.0
FLOOR_GAIN = 2.0  # 1/s^2 on the height deficit
HOLD_GAIN = 1.0  # 1/s, height error -> climb rate
HOLD_DAMPING = 2.0  # 1/s, velocity error -> acceleration


class ProportionalNavigationPolicy:
    """`policy(observations) -> actions` for a defence_v0 env, parallel or AEC (call after reset)."""

    def __init__(self, env: ParallelEnv | AECEnv, gain: float = 4.0, axial_gain: float = 1.5) -> None:
        self.env, self.gain, self.axial_gain = env, float(gain), float(axial_gain)
        self.column = {name: k for k, (name, _, _) in enumerate(field_bounds(env.unwrapped.n_tracks))}

    def _get(self, obs: np.ndarray, *names: str) -> np.ndarray:
        return obs[:, [self.column[n] for n in names]].astype(float)

    def __call__(self, observations: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        agents = list(observations)
        if not agents:
            return {}
        obs = np.stack([observations[a] for a in agents])
        v_own = self._get(obs, "own_vx", "own_vy", "own_vz") * SPEED_SCALE_MPS
        height = self._get(obs, "height")[:, 0] * HEIGHT_SCALE_M
        has = self._get(obs, "has_target")[:, 0] > 0.5
        locked = self._get(obs, "seeker_lock")[:, 0] > 0.5
        r = self._get(obs, "target_los_x", "target_los_y", "target_los_z") * unsquash_range(
            self._get(obs, "target_range"))
        v_rel = self._get(obs, "target_rel_vx", "target_rel_vy", "target_rel_vz") * SPEED_SCALE_MPS
        limits = [self.env.unwrapped.limits(a) for a in agents]
        top = np.array([lim.top_speed_mps for lim in limits])
        # No target: hold position, climbing to the loiter height.
        accel = -HOLD_DAMPING * v_own
        accel[:, 2] += HOLD_DAMPING * HOLD_GAIN * (LOITER_HEIGHT_M - height)
        if has.any():
            rows = np.flatnonzero(has)
            v_target = v_rel[rows] + v_own[rows]
            accel[rows] = (guidance.proportional_navigation(r[rows], v_rel[rows], self.gain)
                           + guidance.axial_go_fast(r[rows], v_own[rows], v_target, top[rows], self.axial_gain))
        push = FLOOR_GAIN * (FLOOR_HEIGHT_M - height) - 2.0 * np.minimum(v_own[:, 2], 0.0)
        low = (height < FLOOR_HEIGHT_M) & ~locked
        accel[low, 2] = np.maximum(accel[low, 2], push[low])
        # Normalise; shrink the whole vector (not each axis) so its direction survives saturation.
        scale = np.array([lim.horizontal_mps2 for lim in limits])
        action = accel / scale[:, None]
        action /= np.maximum(np.abs(action).max(axis=1), 1.0)[:, None]
        return {a: action[k].astype(np.float32) for k, a in enumerate(agents)}
