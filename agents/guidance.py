"""Guidance laws as pure functions over arrays (DOMAIN.md section 4).

Every function takes (n, 3) arrays: r = target - interceptor, v_rel = dr/dt,
and returns an acceleration request (n, 3) in m/s^2, world frame, gravity
excluded (the cascaded controller compensates gravity and enforces tilt and
thrust limits). Rows with no target must be masked by the caller.

They are compiled (numba), one loop over rows each: the engagement loop calls
them every control tick, and as numpy expressions their ~30 small array
operations cost more than the arithmetic.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

EPS = 1e-9
_OPTIONS = dict(cache=True, error_model="numpy")


@njit(inline="always", **_OPTIONS)
def _los(rx, ry, rz, vx, vy, vz):
    """Range, closing speed Vc = -d|r|/dt, and line-of-sight rate Omega = (r x v) / |r|^2."""
    r2 = max(rx * rx + ry * ry + rz * rz, EPS)
    rng = math.sqrt(r2)
    closing = -(rx * vx + ry * vy + rz * vz) / rng
    return rng, closing, (ry * vz - rz * vy) / r2, (rz * vx - rx * vz) / r2, (rx * vy - ry * vx) / r2


@njit(**_OPTIONS)
def closing_speed(r: np.ndarray, v_rel: np.ndarray) -> np.ndarray:
    """Vc = -d|r|/dt (positive while closing), m/s."""
    out = np.empty(r.shape[0])
    for i in range(r.shape[0]):
        out[i] = _los(r[i, 0], r[i, 1], r[i, 2], v_rel[i, 0], v_rel[i, 1], v_rel[i, 2])[1]
    return out


@njit(**_OPTIONS)
def los_rate(r: np.ndarray, v_rel: np.ndarray) -> np.ndarray:
    """Line-of-sight angular velocity Omega = (r x v_rel) / |r|^2, rad/s."""
    out = np.empty_like(r)
    for i in range(r.shape[0]):
        _, _, out[i, 0], out[i, 1], out[i, 2] = _los(r[i, 0], r[i, 1], r[i, 2], v_rel[i, 0], v_rel[i, 1], v_rel[i, 2])
    return out


@njit(**_OPTIONS)
def proportional_navigation(r: np.ndarray, v_rel: np.ndarray, gain: float) -> np.ndarray:
    """True PN: a = N * Vc * (Omega x r_hat), normal to the line of sight."""
    out = np.empty_like(r)
    for i in range(r.shape[0]):
        rng, vc, ox, oy, oz = _los(r[i, 0], r[i, 1], r[i, 2], v_rel[i, 0], v_rel[i, 1], v_rel[i, 2])
        ux, uy, uz = r[i, 0] / rng, r[i, 1] / rng, r[i, 2] / rng
        k = gain * vc
        out[i, 0] = k * (oy * uz - oz * uy)
        out[i, 1] = k * (oz * ux - ox * uz)
        out[i, 2] = k * (ox * uy - oy * ux)
    return out


@njit(**_OPTIONS)
def augmented_pn(r: np.ndarray, v_rel: np.ndarray, target_accel: np.ndarray, gain: float) -> np.ndarray:
    """APN: PN plus (N/2) times the target's acceleration normal to the line of sight."""
    out = proportional_navigation(r, v_rel, gain)
    for i in range(r.shape[0]):
        rng = math.sqrt(max(r[i, 0] ** 2 + r[i, 1] ** 2 + r[i, 2] ** 2, EPS))
        along = (target_accel[i, 0] * r[i, 0] + target_accel[i, 1] * r[i, 1] + target_accel[i, 2] * r[i, 2]) / rng
        for k in range(3):
            out[i, k] += 0.5 * gain * (target_accel[i, k] - along * r[i, k] / rng)
    return out


@njit(**_OPTIONS)
def zero_effort_miss(r: np.ndarray, v_rel: np.ndarray, gain: float, min_t_go_s: float = 0.1) -> np.ndarray:
    """ZEM form: a = N * ZEM_perp / t_go^2 with t_go = R / Vc."""
    out = np.empty_like(r)
    for i in range(r.shape[0]):
        rng, vc = _los(r[i, 0], r[i, 1], r[i, 2], v_rel[i, 0], v_rel[i, 1], v_rel[i, 2])[:2]
        t_go = max(rng / max(vc, 1.0), min_t_go_s)
        zem = (r[i, 0] + v_rel[i, 0] * t_go, r[i, 1] + v_rel[i, 1] * t_go, r[i, 2] + v_rel[i, 2] * t_go)
        along = (zem[0] * r[i, 0] + zem[1] * r[i, 1] + zem[2] * r[i, 2]) / rng
        for k in range(3):
            out[i, k] = gain * (zem[k] - along * r[i, k] / rng) / (t_go * t_go)
    return out


@njit(**_OPTIONS)
def pure_pursuit(r: np.ndarray, v_own: np.ndarray, speed_mps: np.ndarray, gain: float) -> np.ndarray:
    """Steer the velocity straight at the target: a = k (speed * r_hat - v)."""
    out = np.empty_like(r)
    for i in range(r.shape[0]):
        rng = math.sqrt(max(r[i, 0] ** 2 + r[i, 1] ** 2 + r[i, 2] ** 2, EPS))
        for k in range(3):
            out[i, k] = gain * (speed_mps[i] * r[i, k] / rng - v_own[i, k])
    return out


@njit(**_OPTIONS)
def axial_go_fast(r: np.ndarray, v_own: np.ndarray, top_speed_mps: np.ndarray, gain: float) -> np.ndarray:
    """Multirotor axial term: build speed along the line of sight up to top speed.

    PN only turns the velocity; a multirotor must also build it. Pushing along
    the line of sight (not along the current velocity, which points up after a
    take-off) until the interceptor's own speed toward the target reaches its
    top speed leaves the lateral work to the guidance law.
    """
    out = np.empty_like(r)
    for i in range(r.shape[0]):
        rng = math.sqrt(max(r[i, 0] ** 2 + r[i, 1] ** 2 + r[i, 2] ** 2, EPS))
        toward = (v_own[i, 0] * r[i, 0] + v_own[i, 1] * r[i, 1] + v_own[i, 2] * r[i, 2]) / rng
        push = gain * max(top_speed_mps[i] - toward, 0.0) / rng
        for k in range(3):
            out[i, k] = push * r[i, k]
    return out
