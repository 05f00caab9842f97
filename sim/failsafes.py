"""What a drone does once its control link has been lost for longer than the hold time.

The airframe file says which (`failsafe`): land (descend where it is), drop
(motors off), return (fly home), hover (hold where it is), continue (the
drone's own autopilot flies its pre-set route and attack on: autonomous
munitions; the loop keeps its controller's commands and never asks here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.dynamics.layout import ControlLevel
from sim.entities import Kind

if TYPE_CHECKING:
    from sim.loop import TrialLoop

LAND_DESCENT_MPS = 2.0
RETURN_HEIGHT_M = 30.0


def failsafe_commands(loop: "TrialLoop", ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Commands (n, 4) and levels (n,) overriding the controllers of drones in failsafe."""
    values, levels = loop.bodies.commands(ids)
    positions = loop.bodies.positions(ids)
    resolved = loop.setup.resolved
    for row, entity in enumerate(ids):
        if loop.entities.kind_array[entity] != Kind.QUADROTOR:
            continue  # fixed wings: fly on with the last command
        action = resolved.airframes[loop.entities.airframe[entity]].failsafe
        if action == "land":
            values[row], levels[row] = (0.0, 0.0, -LAND_DESCENT_MPS, 0.0), ControlLevel.VELOCITY
        elif action == "drop":
            values[row], levels[row] = (0.0, 0.0, 0.0, 0.0), ControlLevel.MOTORS
        elif action == "return":
            home = np.array(loop.entities.home_m[entity]) + (0.0, 0.0, RETURN_HEIGHT_M)
            values[row], levels[row] = (*home, 0.0), ControlLevel.POSITION
        elif action == "hover":
            values[row], levels[row] = (*positions[row], 0.0), ControlLevel.POSITION
    return values, levels
