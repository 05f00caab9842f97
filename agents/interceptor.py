"""Blue interceptor autopilots: guidance laws flown at the ACCELERATION level.

`GuidanceController` pairs one lateral law (pn, apn, zem, pursuit) with the
multirotor's axial go-fast term; with no target it climbs to and holds a
loiter point above its launch site. `HoldController` just holds that point.
"""

from __future__ import annotations

import numpy as np

from agents.base import Controller, EntitySpec, Observation
from agents.interceptor_kernel import LAW_CODES, guidance_commands
from sim.dynamics.layout import ControlLevel

LOITER_HEIGHT_M = 50.0  # above the launch site while waiting for a target
FLOOR_HEIGHT_M = 25.0  # never dive below this height above the terrain chasing a (noisy) track
FLOOR_GAIN = 2.0  # 1/s^2 on the height deficit, plus damping on the sink rate
HOLD_GAIN = 1.0  # 1/s, position error -> velocity, for the loiter
HOLD_DAMPING = 2.0  # 1/s, velocity error -> acceleration


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
        self._last_target_velocity = np.zeros((0, 3))  # by entity id; NaN: not seen yet

    def reset(self, specs: list[EntitySpec], rng: np.random.Generator) -> None:
        super().reset(specs, rng)
        # Grown, not replaced: reset runs again as entities join, and history must survive it.
        seen = self._last_target_velocity
        self._last_target_velocity = np.full((max(len(self.home), len(seen)), 3), np.nan)
        self._last_target_velocity[:len(seen)] = seen

    def _target_acceleration(self, obs: Observation) -> np.ndarray:
        """The target's acceleration (APN needs it): given in `extra` (truth, a filter's), else
        a finite difference of the target velocity estimate since the entity's previous tick."""
        given = obs.extra.get("target_accelerations_mps2")
        if given is not None:
            return np.asarray(given, dtype=float)
        velocity = obs.target_velocities_mps
        previous = self._last_target_velocity[obs.ids]
        out = np.zeros_like(velocity)
        if obs.dt_s > 0:
            rows = obs.has_target & ~np.isnan(previous[:, 0])
            out[rows] = (velocity[rows] - previous[rows]) / obs.dt_s
        self._last_target_velocity[obs.ids] = velocity
        return out

    def act(self, obs: Observation) -> np.ndarray:
        n = len(obs.ids)
        locked = obs.extra.get("seeker_lock")
        locked = np.zeros(n, dtype=bool) if locked is None else np.asarray(locked, dtype=bool)
        accel = self._target_acceleration(obs) if self.law == "apn" else np.zeros((n, 3))
        return guidance_commands(LAW_CODES[self.law], self.gain, self.axial_gain, HOLD_GAIN, HOLD_DAMPING,
                                 float(self.params.get("floor_m", FLOOR_HEIGHT_M)), FLOOR_GAIN,
                                 obs.positions_m, obs.velocities_mps, obs.yaw_rad, obs.target_positions_m,
                                 obs.target_velocities_mps, obs.has_target, obs.ground_height_m, locked,
                                 self.home[obs.ids], self.top_speed[obs.ids], accel)
