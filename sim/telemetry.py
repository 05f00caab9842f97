"""What the loop hands out: frames for the record, targets for the sensors, a truth picture."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from numba import njit

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.dynamics.rotation import to_euler
from sim.entities import FLYING
from sim.sensors import Targets, TrackPicture
from trials.frame_block import BLOCK_ROW, FrameBlock
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


# Columns of the gathered telemetry block, in order.
_FIELDS = ("x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps", "roll_rad", "pitch_rad", "yaw_rad",
           "cmd_0", "cmd_1", "cmd_2", "cmd_3", "cmd_level", "thrust_set_n",
           "rate_set_x_rad_s", "rate_set_y_rad_s", "rate_set_z_rad_s")


@njit(cache=True, error_model="numpy")
def _gather_into(out, rows, ids, kinds, fleet, quad_state, quad_cmd, wing_state, wing_cmd, wing_params):
    """Field k of _FIELDS of entity ids[j] into out[rows[k], j], from either fleet's arrays: one compiled
    pass, not ~30 numpy calls. `kinds` and `fleet` are the entity table's (indexed by entity id)."""
    for row in range(ids.shape[0]):
        e = ids[row]
        i = fleet[e]
        if kinds[e] == 0:  # quadrotor
            for k in range(3):
                out[rows[k], row] = quad_state[L.POS + k, i]
                out[rows[3 + k], row] = quad_state[L.VEL + k, i]
            roll, pitch, yaw = to_euler(quad_state[L.QUAT, i], quad_state[L.QUAT + 1, i],
                                        quad_state[L.QUAT + 2, i], quad_state[L.QUAT + 3, i])
            out[rows[6], row], out[rows[7], row], out[rows[8], row] = roll, pitch, yaw
            for k in range(4):
                out[rows[9 + k], row] = quad_cmd[k, i]
            out[rows[13], row] = quad_cmd[L.CMD_LEVEL, i]
            out[rows[14], row] = quad_state[L.THRUST_SET, i]
            for k in range(3):
                out[rows[15 + k], row] = quad_state[L.RATE_SET + k, i]
        else:  # fixed wing: ground velocity = air velocity + mean wind
            speed, yaw, gamma = wing_state[W.SPEED, i], wing_state[W.YAW, i], wing_state[W.GAMMA, i]
            for k in range(3):
                out[rows[k], row] = wing_state[W.POS + k, i]
            out[rows[3], row] = speed * math.cos(gamma) * math.cos(yaw) + wing_params[W.WIND, i]
            out[rows[4], row] = speed * math.cos(gamma) * math.sin(yaw) + wing_params[W.WIND + 1, i]
            out[rows[5], row] = speed * math.sin(gamma) + wing_params[W.WIND + 2, i]
            out[rows[6], row], out[rows[7], row], out[rows[8], row] = wing_state[W.BANK, i], gamma, yaw
            for k in range(4):
                out[rows[9 + k], row] = wing_cmd[k, i]
            out[rows[13], row] = wing_cmd[W.CMD_LEVEL, i] + FIXED_WING_LEVEL_OFFSET
            for k in range(14, 18):
                out[rows[k], row] = math.nan


_IDENTITY_ROWS = np.arange(len(_FIELDS), dtype=np.int64)


def gather_state(loop: "TrialLoop", ids: np.ndarray) -> np.ndarray:
    """(len(_FIELDS), n) block of position, velocity, attitude, command and set-point rows of `ids`."""
    entities, world = loop.entities, loop.world
    out = np.empty((len(_FIELDS), len(ids)))  # one contiguous row per field: cheap columns
    _gather_into(out, _IDENTITY_ROWS, ids, entities.kind_array, entities.fleet_array, world.quads.state,
                 world.quads.cmd, world.wings.state, world.wings.cmd, world.wings.params)
    return out


# Block rows the gathered fields go to, in _FIELDS order (passed to the kernel, not baked into its cache).
_FIELD_ROWS = np.array([BLOCK_ROW[name] for name in _FIELDS], dtype=np.int64)
# Block rows _fill_block writes itself, in the order it unpacks them.
_SPECIAL_ROWS = np.array([BLOCK_ROW[name] for name in
                          ("entity_id", "side", "airframe", "alive", "cmd_level", "link_ok", "nav_error_m")],
                         dtype=np.int64)


@njit(cache=True, error_model="numpy")
def _fill_block(ids, kinds, fleet, quad_state, quad_cmd, wing_state, wing_cmd, wing_params, status, side_code,
                airframe_code, link_ok, nav_error, field_rows, special_rows, n_rows):
    """Every frame column of `ids` as one float64 block (trials.frame_block) in one compiled pass."""
    n = ids.shape[0]
    block = np.empty((n_rows, n))
    _gather_into(block, field_rows, ids, kinds, fleet, quad_state, quad_cmd, wing_state, wing_cmd, wing_params)
    row_id, row_side, row_airframe, row_alive, row_level, row_link, row_nav = special_rows
    for j in range(n):
        i = ids[j]
        flying = status[i] == FLYING
        block[row_id, j] = i
        block[row_side, j] = side_code[i]
        block[row_airframe, j] = airframe_code[i]
        block[row_alive, j] = 1.0 if flying else 0.0
        if not flying:
            block[row_level, j] = NO_COMMAND_LEVEL
        block[row_link, j] = 1.0 if link_ok[i] else 0.0
        block[row_nav, j] = math.sqrt(nav_error[i, 0] ** 2 + nav_error[i, 1] ** 2 + nav_error[i, 2] ** 2)
    return block


def frame_block(loop: "TrialLoop", ids: np.ndarray) -> FrameBlock:
    """One telemetry row per entity in `ids` (trials.schema.FRAME_COLUMNS), as a fresh FrameBlock."""
    entities, world = loop.entities, loop.world
    values = _fill_block(ids, entities.kind_array, entities.fleet_array, world.quads.state, world.quads.cmd,
                         world.wings.state, world.wings.cmd, world.wings.params, entities.status,
                         entities.side_array, entities.airframe_codes, loop.link_ok, loop.nav_error,
                         _FIELD_ROWS, _SPECIAL_ROWS, len(BLOCK_ROW))
    return FrameBlock(values, entities.frame_dictionaries)


def assigned_targets(picture: TrackPicture, order: np.ndarray, tracks: np.ndarray,
                     age_s: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each controller's assigned track from the picture, predicted `age_s` ahead at constant velocity.

    `order` sorts the picture's track ids. Returns (targets (n, 3), NaN where
    none; their velocities (n, 3), zero where none; has_target (n,))."""
    return _lookup_tracks(picture.track_ids, order, picture.positions_m, picture.velocities_mps,
                          np.asarray(tracks, dtype=np.int64), float(age_s))


@njit(cache=True)
def _lookup_tracks(track_ids, order, positions, velocities, tracks, age_s):
    n = tracks.shape[0]
    targets = np.full((n, 3), np.nan)
    target_velocities = np.zeros((n, 3))
    has_target = np.zeros(n, dtype=np.bool_)
    sorted_ids = track_ids[order]
    for i in range(n):
        if tracks[i] < 0 or sorted_ids.shape[0] == 0:
            continue
        slot = np.searchsorted(sorted_ids, tracks[i])
        if slot < sorted_ids.shape[0] and sorted_ids[slot] == tracks[i]:
            j = order[slot]
            has_target[i] = True
            for k in range(3):
                target_velocities[i, k] = velocities[j, k]
                targets[i, k] = positions[j, k] + age_s * velocities[j, k]
    return targets, target_velocities, has_target
