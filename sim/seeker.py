"""Terminal guidance on the interceptor's own camera (DOMAIN.md section 4, practice).

Mid-course, an interceptor flies on the ground cue: the fused radar/acoustic
track, metres to tens of metres off. Near the target its onboard camera
acquires the threat closest to where the cue points, and from then on the
guidance law gets the threat's measured position (camera-grade accuracy).
That hand-off is where most of the final miss is decided.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import math

import numpy as np
from numba import njit

from sim.entities import RED

if TYPE_CHECKING:
    from sim.loop import TrialLoop

SEEKER_RANGE_M = 500.0  # estimate: an FPV camera resolves a drone-size target at a few hundred metres
CUE_GATE_M = 250.0  # the threat must lie this close to where the ground cue points
SEEKER_NOISE_M = 0.1  # 1-sigma position error of the camera-derived target fix


def seeker_lock(loop: "TrialLoop", ids: np.ndarray, positions: np.ndarray, targets: np.ndarray,
                target_velocities: np.ndarray, has_target: np.ndarray) -> np.ndarray:
    """Replace cued targets by camera fixes where a threat is in seeker range; returns the lock mask.

    `positions` are the seekers' TRUE positions (what the camera sees from); `targets` the
    ground cues. A camera measures the threat relative to the drone, so its fix is expressed
    where the drone's navigation believes it is: believed own position + measured offset
    (= threat truth + the drone's navigation error, loop.nav_error). Guidance subtracting the
    believed own position (Observation.positions_m) then gets the true line of sight, drift
    or not; a fix in truth coordinates would be off by the whole GNSS-denied drift."""
    red = loop.entities.flying(RED)
    lock = np.zeros(len(ids), dtype=bool)
    if red.size == 0:
        return lock
    red_pos = loop.bodies.positions(red)  # cached for the tick: several groups ask
    nav = loop.nav_error[ids]
    # The drone points its camera where the cue lies relative to its believed position:
    # in true coordinates, the cue shifted by -nav (reach and gate then compare like with like).
    best = _acquire(positions, targets - nav, has_target, red_pos, SEEKER_RANGE_M, CUE_GATE_M)
    hit_rows = np.flatnonzero(best >= 0)
    if hit_rows.size:
        noise = loop.seeker_rng.normal(0.0, SEEKER_NOISE_M, size=(len(hit_rows), 3))
        threats = best[hit_rows]
        targets[hit_rows] = red_pos[threats] + nav[hit_rows] + noise
        target_velocities[hit_rows] = loop.bodies.velocities(red[threats])
        lock[hit_rows] = True
    return lock


@njit(cache=True, error_model="numpy")
def _acquire(own: np.ndarray, cues: np.ndarray, has_cue: np.ndarray, threats: np.ndarray, seeker_range: float,
             gate: float) -> np.ndarray:
    """Per seeker: the threat in range nearest to its cue and inside the gate, or -1.

    Only seekers whose cue lies within range + gate can have a threat in view."""
    out = np.full(own.shape[0], -1, dtype=np.int64)
    reach = seeker_range + gate
    for i in range(own.shape[0]):
        if not has_cue[i]:
            continue
        qx, qy, qz = cues[i, 0] - own[i, 0], cues[i, 1] - own[i, 1], cues[i, 2] - own[i, 2]
        if math.sqrt(qx * qx + qy * qy + qz * qz) > reach:
            continue
        best = gate * gate
        for j in range(threats.shape[0]):
            dx, dy, dz = threats[j, 0] - own[i, 0], threats[j, 1] - own[i, 1], threats[j, 2] - own[i, 2]
            if dx * dx + dy * dy + dz * dz > seeker_range * seeker_range:
                continue
            cx, cy, cz = threats[j, 0] - cues[i, 0], threats[j, 1] - cues[i, 1], threats[j, 2] - cues[i, 2]
            gap = cx * cx + cy * cy + cz * cz
            if gap <= best:
                best = gap
                out[i] = j
    return out
