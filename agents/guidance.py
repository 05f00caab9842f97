"""Guidance laws as pure vectorised functions (DOMAIN.md section 4).

Every function takes (n, 3) arrays: r = target - interceptor, v_rel = dr/dt,
and returns an acceleration request (n, 3) in m/s^2, world frame, gravity
excluded (the cascaded controller compensates gravity and enforces tilt and
thrust limits). Rows with no target must be masked by the caller.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-9


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cross product of (n, 3) arrays (np.cross costs ~20x more for small n)."""
    out = np.empty_like(a)
    out[:, 0] = a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1]
    out[:, 1] = a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2]
    out[:, 2] = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    return out


def _norm(v: np.ndarray) -> np.ndarray:
    return np.sqrt(np.einsum("ij,ij->i", v, v))


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(_norm(v), EPS)[:, None]


def closing_speed(r: np.ndarray, v_rel: np.ndarray) -> np.ndarray:
    """Vc = -d|r|/dt (positive while closing), m/s."""
    return -np.einsum("ij,ij->i", r, v_rel) / np.maximum(_norm(r), EPS)


def los_rate(r: np.ndarray, v_rel: np.ndarray) -> np.ndarray:
    """Line-of-sight angular velocity Omega = (r x v_rel) / |r|^2, rad/s."""
    return _cross(r, v_rel) / np.maximum(np.einsum("ij,ij->i", r, r), EPS)[:, None]


def proportional_navigation(r: np.ndarray, v_rel: np.ndarray, gain: float) -> np.ndarray:
    """True PN: a = N * Vc * (Omega x r_hat), normal to the line of sight."""
    omega = los_rate(r, v_rel)
    return gain * closing_speed(r, v_rel)[:, None] * _cross(omega, _unit(r))


def augmented_pn(r: np.ndarray, v_rel: np.ndarray, target_accel: np.ndarray, gain: float) -> np.ndarray:
    """APN: PN plus (N/2) times the target's acceleration normal to the line of sight."""
    los = _unit(r)
    normal = target_accel - np.einsum("ij,ij->i", target_accel, los)[:, None] * los
    return proportional_navigation(r, v_rel, gain) + 0.5 * gain * normal


def zero_effort_miss(r: np.ndarray, v_rel: np.ndarray, gain: float, min_t_go_s: float = 0.1) -> np.ndarray:
    """ZEM form: a = N * ZEM_perp / t_go^2 with t_go = R / Vc."""
    vc = np.maximum(closing_speed(r, v_rel), 1.0)
    t_go = np.maximum(_norm(r) / vc, min_t_go_s)
    zem = r + v_rel * t_go[:, None]
    los = _unit(r)
    zem_perp = zem - np.einsum("ij,ij->i", zem, los)[:, None] * los
    return gain * zem_perp / (t_go**2)[:, None]


def pure_pursuit(r: np.ndarray, v_own: np.ndarray, speed_mps: np.ndarray, gain: float) -> np.ndarray:
    """Steer the velocity straight at the target: a = k (speed * r_hat - v)."""
    return gain * (speed_mps[:, None] * _unit(r) - v_own)


def axial_go_fast(r: np.ndarray, v_own: np.ndarray, top_speed_mps: np.ndarray, gain: float) -> np.ndarray:
    """Multirotor axial term: build speed along the line of sight up to top speed.

    PN only turns the velocity; a multirotor must also build it. Pushing along
    the line of sight (not along the current velocity, which points up after a
    take-off) until the interceptor's own speed toward the target reaches its
    top speed leaves the lateral work to the guidance law.
    """
    los = _unit(r)
    toward = np.einsum("ij,ij->i", v_own, los)
    return gain * np.maximum(top_speed_mps - toward, 0.0)[:, None] * los
