"""Blue interceptor autopilots: guidance laws flown at the ACCELERATION level.

`GuidanceController` pairs one lateral law (pn, apn, zem, pursuit) with the
multirotor's axial go-fast term; with no target it climbs to and holds a
loiter point above its launch site. `HoldController` just holds that point.
"""

from __future__ import annotations

import numpy as np

from agents import guidance
from agents.base import Controller, EntitySpec, Observation
from sim.dynamics.layout import ControlLevel

LOITER_HEIGHT_M = 50.0  # above the launch site while waiting for a target
FLOOR_HEIGHT_M = 25.0  # never dive below this height above the terrain chasing a (noisy) track
FLOOR_GAIN = 2.0  # 1/s^2 on the height deficit, plus damping on the sink rate
HOLD_GAIN = 1.0  # 1/s, position error -> velocity, for the loiter
HOLD_DAMPING = 2.0  # 1/s, velocity error -> acceleration


def _yaw_along(velocities: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Face the direction of flight (the FPV camera looks forward); keep yaw when slow."""
    speed = np.hypot(velocities[:, 0], velocities[:, 1])
    return np.where(speed > 2.0, np.arctan2(velocities[:, 1], velocities[:, 0]), previous)


class HoldController(Controller):
    """Climb to LOITER_HEIGHT_M above home and hold there (reserve, or no target)."""

    level = ControlLevel.ACCELERATION

    def reset(self, specs: list[EntitySpec], rng: np.random.Generator) -> None:
        super().reset(specs, rng)
        # Per-entity constants in arrays indexed by entity id: no dict lookups per tick.
        size = max((s.entity_id for s in specs), default=-1) + 1
        self.home = np.zeros((size, 3))
        self.top_speed = np.zeros(size)
        for s in specs:
            self.home[s.entity_id] = np.array(s.home_m) + (0.0, 0.0, float(self.params.get("height_m", LOITER_HEIGHT_M)))
            self.top_speed[s.entity_id] = s.speed_mps

    def loiter(self, obs: Observation) -> np.ndarray:
        home = self.home[obs.ids]
        desired_velocity = HOLD_GAIN * (home - obs.positions_m)
        return HOLD_DAMPING * (desired_velocity - obs.velocities_mps)

    def act(self, obs: Observation) -> np.ndarray:
        return np.column_stack([self.loiter(obs), obs.yaw_rad])


class GuidanceController(HoldController):
    """Guidance law + axial go-fast term. Parameters: `law`, `gain` (N), `axial_gain` (1/s)."""

    LAWS = ("pn", "apn", "zem", "pursuit")

    def __init__(self, law: str = "pn", gain: float = 4.0, axial_gain: float = 1.5, **params) -> None:
        if law not in self.LAWS:
            raise ValueError(f"unknown guidance law '{law}'; known: {', '.join(self.LAWS)}")
        super().__init__(law=law, gain=gain, axial_gain=axial_gain, **params)
        self.law, self.gain, self.axial_gain = law, float(gain), float(axial_gain)
        self._last_target_velocity: dict[int, np.ndarray] = {}

    def _target_acceleration(self, obs: Observation) -> np.ndarray:
        """Finite difference of the target velocity estimate (APN needs it)."""
        out = np.zeros_like(obs.target_velocities_mps)
        for row, entity in enumerate(obs.ids):
            previous = self._last_target_velocity.get(int(entity))
            if previous is not None and obs.dt_s > 0 and obs.has_target[row]:
                out[row] = (obs.target_velocities_mps[row] - previous) / obs.dt_s
            self._last_target_velocity[int(entity)] = obs.target_velocities_mps[row].copy()
        return out

    def act(self, obs: Observation) -> np.ndarray:
        accel = self.loiter(obs)
        rows = np.flatnonzero(obs.has_target)
        if rows.size:
            r = obs.target_positions_m[rows] - obs.positions_m[rows]
            v_own = obs.velocities_mps[rows]
            v_rel = obs.target_velocities_mps[rows] - v_own
            top = self.top_speed[obs.ids[rows]]
            if self.law == "pn":
                lateral = guidance.proportional_navigation(r, v_rel, self.gain)
            elif self.law == "apn":
                lateral = guidance.augmented_pn(r, v_rel, self._target_acceleration(obs)[rows], self.gain)
            elif self.law == "zem":
                lateral = guidance.zero_effort_miss(r, v_rel, self.gain)
            else:
                lateral = guidance.pure_pursuit(r, v_own, top, self.gain)
            axial = guidance.axial_go_fast(r, v_own, top, self.axial_gain) if self.law != "pursuit" else 0.0
            accel[rows] = lateral + axial
        accel[:, 2] = self._keep_off_ground(obs, accel[:, 2])
        return np.column_stack([accel, _yaw_along(obs.velocities_mps, obs.yaw_rad)])

    def _keep_off_ground(self, obs: Observation, vertical: np.ndarray) -> np.ndarray:
        """Below the floor, climb back: radar heights of low threats can read below ground.

        The floor gives way within the last few hundred metres of a target
        that really is low (the onboard seeker has it then)."""
        floor = float(self.params.get("floor_m", FLOOR_HEIGHT_M))
        height = obs.positions_m[:, 2] - obs.ground_height_m
        deficit = floor - height
        locked = np.asarray(obs.extra.get("seeker_lock", np.zeros(len(height), dtype=bool)))
        push = FLOOR_GAIN * deficit - 2.0 * np.minimum(obs.velocities_mps[:, 2], 0.0)
        return np.where((deficit > 0) & ~locked, np.maximum(vertical, push), vertical)
