"""GuidanceController's whole control tick as one compiled call.

The controller runs every 30 Hz tick for every interceptor group; written as
numpy its ~30 small array operations cost more than the guidance arithmetic
(measured on saturation-raid, `slab bench trial`). Same maths as the laws in
agents/guidance.py, which this calls.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from agents import guidance

LAW_CODES = {"pn": 0, "apn": 1, "zem": 2, "pursuit": 3}
YAW_ALONG_MIN_SPEED_MPS = 2.0  # below this the course is noise: keep the current yaw


@njit(cache=True, error_model="numpy")
def guidance_commands(law: int, gain: float, axial_gain: float, hold_gain: float, hold_damping: float,
                      floor_m: float, floor_gain: float, positions: np.ndarray, velocities: np.ndarray,
                      yaw: np.ndarray, target_positions: np.ndarray, target_velocities: np.ndarray,
                      has_target: np.ndarray, ground: np.ndarray, locked: np.ndarray, home: np.ndarray,
                      top_speed: np.ndarray, target_accel: np.ndarray) -> np.ndarray:
    """(n, 4) ACCELERATION-level commands: x, y, z acceleration (m/s^2, world) and yaw (rad).

    Rows without a target loiter at `home`; rows with one fly the law plus the
    axial go-fast term (none for pursuit, which sets its own speed). Below
    `floor_m` above the ground the vertical command climbs back unless the
    seeker has locked (the target really is low)."""
    n = positions.shape[0]
    out = np.empty((n, 4))
    for i in range(n):
        for k in range(3):
            out[i, k] = hold_damping * (hold_gain * (home[i, k] - positions[i, k]) - velocities[i, k])
    rows = np.flatnonzero(has_target)
    if rows.size:
        r = target_positions[rows] - positions[rows]
        v_own = velocities[rows]
        v_target = target_velocities[rows]
        v_rel = v_target - v_own
        top = top_speed[rows]
        if law == 0:
            lateral = guidance.proportional_navigation(r, v_rel, gain)
        elif law == 1:
            lateral = guidance.augmented_pn(r, v_rel, target_accel[rows], gain)
        elif law == 2:
            lateral = guidance.zero_effort_miss(r, v_rel, gain)
        else:
            lateral = guidance.pure_pursuit(r, v_own, top, gain)
        if law != 3:
            lateral += guidance.axial_go_fast(r, v_own, v_target, top, axial_gain)
        for j in range(rows.size):
            for k in range(3):
                out[rows[j], k] = lateral[j, k]
    for i in range(n):
        deficit = floor_m - (positions[i, 2] - ground[i])
        if deficit > 0.0 and not locked[i]:
            push = floor_gain * deficit - 2.0 * min(velocities[i, 2], 0.0)
            out[i, 2] = max(out[i, 2], push)
        vx, vy = velocities[i, 0], velocities[i, 1]
        out[i, 3] = math.atan2(vy, vx) if math.hypot(vx, vy) > YAW_ALONG_MIN_SPEED_MPS else yaw[i]
    return out
