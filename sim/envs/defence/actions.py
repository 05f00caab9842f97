"""Agents' normalised actions -> ACCELERATION-level commands, and the controller that hands them to the loop.

An action is three numbers in [-1, 1]: the world-frame (ENU) acceleration the
agent asks for, gravity compensated, as a fraction of its airframe's
horizontal acceleration limit g * tan(max tilt). Zero holds the current
velocity (a hover right after launch). The loop flies the blue interceptor
groups through `ExternalController`, so the engine itself is untouched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from agents.base import Controller, Observation
from sim.dynamics.layout import ControlLevel

MIN_THRUST_FRACTION = 0.05  # the cascade never commands less (sim/control/outer_loops.py)
YAW_ALONG_MIN_SPEED_MPS = 2.0  # below this, keep the heading (the course is noise)


@dataclass(frozen=True)
class InterceptorLimits:
    """What one interceptor airframe can do; positive magnitudes, m/s^2 and m/s."""

    horizontal_mps2: float  # g * tan(max tilt): the lateral acceleration it can hold level
    up_mps2: float  # g * (thrust-to-weight - 1)
    down_mps2: float  # g * (1 - MIN_THRUST_FRACTION * thrust-to-weight)
    top_speed_mps: float

    @classmethod
    def of(cls, airframe, gravity_mps2: float) -> InterceptorLimits:
        ratio = float(airframe.motors.thrust_to_weight.value)
        return cls(gravity_mps2 * math.tan(math.radians(float(airframe.limits.max_tilt_deg))),
                   gravity_mps2 * (ratio - 1.0), gravity_mps2 * max(1.0 - MIN_THRUST_FRACTION * ratio, 0.0),
                   float(airframe.top_speed_kmh.value) / 3.6)


def to_acceleration(action: np.ndarray, limits: InterceptorLimits) -> np.ndarray:
    """Normalised action (3,) -> acceleration request (3,), m/s^2, clipped to the airframe's limits.

    Non-finite numbers count as zero, so a broken policy cannot poison the physics."""
    a = np.asarray(action, dtype=float).reshape(3)
    a = np.clip(np.where(np.isfinite(a), a, 0.0), -1.0, 1.0) * limits.horizontal_mps2
    horizontal = math.hypot(a[0], a[1])
    if horizontal > limits.horizontal_mps2:  # the box's corners ask for more than the tilt allows
        a[:2] *= limits.horizontal_mps2 / horizontal
    a[2] = min(max(a[2], -limits.down_mps2), limits.up_mps2)
    return a


def yaw_along(velocities_mps: np.ndarray, yaw_rad: np.ndarray) -> np.ndarray:
    """Face the direction of flight (the FPV camera looks forward); keep the heading when slow."""
    speed = np.hypot(velocities_mps[:, 0], velocities_mps[:, 1])
    return np.where(speed > YAW_ALONG_MIN_SPEED_MPS, np.arctan2(velocities_mps[:, 1], velocities_mps[:, 0]), yaw_rad)


class CommandBuffer:
    """Acceleration requests by entity id, written by the env before a step, read by the loop during it."""

    def __init__(self, n_entities: int) -> None:
        self.acceleration_mps2 = np.zeros((n_entities, 3))

    def clear(self) -> None:
        self.acceleration_mps2[:] = 0.0  # no action: hold the current velocity

    def set(self, entity: int, acceleration_mps2: np.ndarray) -> None:
        self.acceleration_mps2[entity] = acceleration_mps2


class ExternalController(Controller):
    """Flies a blue group with whatever the env's agents asked for (ACCELERATION level)."""

    level = ControlLevel.ACCELERATION

    def __init__(self, buffer: CommandBuffer) -> None:
        super().__init__()
        self.buffer = buffer

    def act(self, obs: Observation) -> np.ndarray:
        return np.column_stack([self.buffer.acceleration_mps2[obs.ids], yaw_along(obs.velocities_mps, obs.yaw_rad)])
