"""Action and observation spaces of the environments, per control level.

Every action is a float32 vector in [-1, 1] (values outside are clipped),
scaled into the flight core's command at the chosen level
(`sim.dynamics.layout.ControlLevel`, cascade in docs/physics.md):

| level | action | command |
|---|---|---|
| MOTORS | 4: one per motor | throttle (a + 1) / 2 of each motor's max thrust |
| RATES | 4: roll, pitch, yaw rate, thrust | a x the airframe's rate limit (rad/s); thrust (a + 1) / 2 of max |
| ATTITUDE | 4: roll, pitch, yaw, thrust | a x max tilt (rad); yaw = frame yaw + a x pi; thrust (a + 1) / 2 |
| ACCELERATION | 3: x, y, z in the frame | a x `accel_scale_mps2` (m/s^2, gravity compensated) |
| VELOCITY | 3: x, y, z in the frame | a x the airframe's `max_speed_cmd_mps` (m/s) |
| POSITION | 3: x, y, z in the frame | setpoint = own position + a x `position_step_m` (m) |

"The frame" is the environment's observation frame: the line-of-sight frame
for Intercept-v0, world ENU for Hover-v0 and Waypoint-v0. At the three vector
levels the nose points along the frame's x axis.
"""

from __future__ import annotations

import numpy as np
from gymnasium import spaces

from sim.config.airframe import Quadrotor
from sim.dynamics.layout import ControlLevel

OBS_LIMIT = 10.0  # every observation component is clipped to [-OBS_LIMIT, OBS_LIMIT]
VECTOR_LEVELS = (ControlLevel.ACCELERATION, ControlLevel.VELOCITY, ControlLevel.POSITION)


def parse_level(level: ControlLevel | int | str) -> ControlLevel:
    """A ControlLevel from itself, its value or its name (case-insensitive, e.g. "acceleration")."""
    if isinstance(level, str):
        try:
            return ControlLevel[level.strip().upper()]
        except KeyError:
            known = ", ".join(m.name.lower() for m in ControlLevel)
            raise ValueError(f"unknown control level '{level}'; known: {known}") from None
    return ControlLevel(int(level))


def action_dim(level: ControlLevel) -> int:
    return 3 if level in VECTOR_LEVELS else 4


def action_space(level: ControlLevel) -> spaces.Box:
    return spaces.Box(-1.0, 1.0, shape=(action_dim(level),), dtype=np.float32)


def observation_space(dim: int) -> spaces.Box:
    return spaces.Box(-OBS_LIMIT, OBS_LIMIT, shape=(dim,), dtype=np.float32)


def action_scale(level: ControlLevel, airframe: Quadrotor, accel_scale_mps2: float, position_step_m: float) -> float:
    """What an action of 1 means at the vector levels (m/s^2, m/s or m); unused at the others."""
    if level == ControlLevel.ACCELERATION:
        return float(accel_scale_mps2)
    if level == ControlLevel.VELOCITY:
        return float(airframe.gains.max_speed_cmd_mps)
    return float(position_step_m)
