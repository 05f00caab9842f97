"""What the loop hands out: frames for the record, targets for the sensors, a truth picture."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.entities import Kind, Status
from sim.sensors import Targets, TrackPicture
from trials.schema import FIXED_WING_LEVEL_OFFSET, NO_COMMAND_LEVEL

if TYPE_CHECKING:
    from sim.loop import TrialLoop


def targets_of(ids: np.ndarray, positions: np.ndarray, velocities: np.ndarray,
               signature: dict[str, np.ndarray]) -> Targets:
    return Targets(ids.astype(np.int64), positions, velocities, signature["rcs_m2"][ids],
                   signature["sound_level_db"][ids], signature["size_m"][ids])


def truth_picture(ids: np.ndarray, positions: np.ndarray, velocities: np.ndarray) -> TrackPicture:
    """A perfect air picture (scenario `truth: true`): one confirmed track per threat, id = entity id."""
    n = len(ids)
    return TrackPicture(ids.astype(np.int64), positions, velocities, np.zeros(n), np.ones(n, dtype=bool),
                        ids.astype(np.int64), np.zeros(n))


def frame_columns(loop: "TrialLoop", ids: np.ndarray) -> dict[str, np.ndarray]:
    """One telemetry row per entity in `ids` (trials.schema.FRAME_COLUMNS)."""
    bodies, entities = loop.bodies, loop.entities
    position, velocity, euler = bodies.positions(ids), bodies.velocities(ids), bodies.euler(ids)
    values, levels = bodies.commands(ids)
    levels = levels + np.where(entities.kind_array[ids] == Kind.FIXED_WING, FIXED_WING_LEVEL_OFFSET, 0)
    flying = entities.status[ids] == Status.FLYING
    levels = np.where(flying, levels, NO_COMMAND_LEVEL)
    thrust, rates = bodies.setpoints(ids)
    return {
        "entity_id": ids.astype(np.int32),
        "side": entities.side_names[ids],
        "airframe": entities.airframe_names[ids],
        "x_m": position[:, 0], "y_m": position[:, 1], "z_m": position[:, 2],
        "vx_mps": velocity[:, 0], "vy_mps": velocity[:, 1], "vz_mps": velocity[:, 2],
        "roll_rad": euler[:, 0], "pitch_rad": euler[:, 1], "yaw_rad": euler[:, 2],
        "alive": flying,
        "cmd_level": levels.astype(np.int8),
        "cmd_0": values[:, 0], "cmd_1": values[:, 1], "cmd_2": values[:, 2], "cmd_3": values[:, 3],
        "thrust_set_n": thrust,
        "rate_set_x_rad_s": rates[:, 0], "rate_set_y_rad_s": rates[:, 1], "rate_set_z_rad_s": rates[:, 2],
        "link_ok": loop.link_ok[ids],
        "nav_error_m": np.linalg.norm(loop.nav_error[ids], axis=1),
    }
