"""The smallest autopilot: each drone flies straight at its target, one drone at a time.

    slab run port-night-shahed-wave --agent blue=hello.py:Hello

`SingleController` calls `act_one` once per drone in the air; return the 4
command numbers at `level`. Here VELOCITY: vx, vy, vz in m/s (east, north,
up) and a yaw in rad. agents/examples/lead_pursuit.py does better.
"""

from __future__ import annotations

import numpy as np

from agents.base import ControlLevel, Observation, SingleController


class Hello(SingleController):
    level = ControlLevel.VELOCITY

    def act_one(self, obs: Observation, row: int) -> tuple[float, float, float, float]:
        if not obs.has_target[row]:
            return (0.0, 0.0, 2.0, 0.0)  # no target yet: climb slowly
        to_target = obs.target_positions_m[row] - obs.positions_m[row]
        vx, vy, vz = 80.0 * to_target / max(float(np.linalg.norm(to_target)), 1e-6)  # 80 m/s straight at it
        return (vx, vy, vz, float(np.arctan2(vy, vx)))
