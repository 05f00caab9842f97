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


@njit(inline="always", **_OPTIONS)
def _collision_direction(rx, ry, rz, tx, ty, tz, speed):
    """Unit vector from the interceptor to where a constant-velocity target is met at `speed`.

    Solves |r + v_T t| = speed * t for the smallest t > 0; with no such t (the
    target is as fast, or outruns), the line of sight."""
    margin = speed * speed - (tx * tx + ty * ty + tz * tz)
    r_dot_v = rx * tx + ry * ty + rz * tz
    disc = r_dot_v * r_dot_v + margin * (rx * rx + ry * ry + rz * rz)
    t = (r_dot_v + math.sqrt(disc)) / margin if margin > EPS and disc >= 0.0 else 0.0
    dx, dy, dz = rx + tx * t, ry + ty * t, rz + tz * t
    norm = math.sqrt(max(dx * dx + dy * dy + dz * dz, EPS))
    return dx / norm, dy / norm, dz / norm


@njit(**_OPTIONS)
def axial_go_fast(r: np.ndarray, v_own: np.ndarray, v_target: np.ndarray, top_speed_mps: np.ndarray,
                  gain: float) -> np.ndarray:
    """Multirotor axial term: build speed along the collision course up to top speed.

    PN only turns the velocity; a multirotor must also build it. The push goes
    along the collision course at the interceptor's current speed (toward the
    point where the target, held at constant velocity, would be met) until the
    speed along it reaches top speed; with no collision triangle yet (just
    after take-off, still slower than the target) along the line of sight. On
    the collision course the push is all along the velocity and leaves the
    lateral work to the guidance law. Pushing along the line of sight all the
    way instead adds a pursuit term that PN must fight (the LOS and the course
    differ by the lead angle, 20-45 deg against a crossing Shahed) and that, in
    the endgame where the LOS swings, drags the velocity after the target: 29 %
    of in-envelope PN runs then missed a 1 m lethal radius (docs/guidance.md).
    Pushing along the current velocity fails the other way: after a take-off it
    points up, PN's closing speed is ~0 and nothing turns it.
    """
    out = np.empty_like(r)
    for i in range(r.shape[0]):
        speed = math.sqrt(v_own[i, 0] ** 2 + v_own[i, 1] ** 2 + v_own[i, 2] ** 2)
        dx, dy, dz = _collision_direction(r[i, 0], r[i, 1], r[i, 2], v_target[i, 0], v_target[i, 1],
                                          v_target[i, 2], speed)
        along = v_own[i, 0] * dx + v_own[i, 1] * dy + v_own[i, 2] * dz
        push = gain * max(top_speed_mps[i] - along, 0.0)
        out[i, 0], out[i, 1], out[i, 2] = push * dx, push * dy, push * dz
    return out
