"""Which interceptor goes after which threat: three doctrines as pure functions over arrays.

Each function pairs n interceptors with m threats and returns, per interceptor,
the index of its threat or -1 (none). A threat gets at most one interceptor
per call; a command post owing several shots at a threat lists it once per
missing shot.

- `nearest`: the closest (interceptor, threat) pair first, then the closest of
  what is left, and so on (greedy on distance).
- `most_dangerous`: threats by time to the nearest protected asset (horizontal
  distance / speed), smallest first; each takes the nearest free interceptor.
- `optimal`: the pairing that minimises the summed predicted time to intercept
  (Hungarian method, scipy's linear_sum_assignment); a pair with no intercept
  (the threat outruns the interceptor) is never made.
"""

from __future__ import annotations

from enum import Enum

import numpy as np
from scipy.optimize import linear_sum_assignment

NONE = -1
_NO_INTERCEPT_COST_S = 1e9  # stands in for "never" in the cost matrix (the solver needs finite costs)


class AssignmentPolicy(str, Enum):
    NEAREST = "nearest"
    MOST_DANGEROUS = "most_dangerous"
    OPTIMAL = "optimal"


def distances_m(interceptors_m: np.ndarray, threats_m: np.ndarray) -> np.ndarray:
    """(n, m) straight-line distances."""
    return np.linalg.norm(interceptors_m[:, None, :] - threats_m[None, :, :], axis=-1)


def time_to_asset_s(threats_m: np.ndarray, threat_velocities_mps: np.ndarray, assets_m: np.ndarray) -> np.ndarray:
    """(m,) horizontal distance to the nearest asset over the threat's speed; inf with no asset or no speed."""
    if len(assets_m) == 0 or len(threats_m) == 0:
        return np.full(len(threats_m), np.inf)
    distance = np.linalg.norm(threats_m[:, None, :2] - assets_m[None, :, :2], axis=-1).min(axis=1)
    speed = np.linalg.norm(threat_velocities_mps, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(distance <= 0.0, 0.0, distance / speed)


def intercept_times_s(interceptors_m: np.ndarray, speeds_mps: np.ndarray | float, threats_m: np.ndarray,
                      threat_velocities_mps: np.ndarray) -> np.ndarray:
    """(n, m) time for interceptor i, flying straight at `speeds_mps[i]`, to meet threat j held at
    constant velocity: smallest t > 0 with |r + v t| = s t; inf where the triangle does not close."""
    speed = np.broadcast_to(np.asarray(speeds_mps, dtype=float), (len(interceptors_m),))[:, None]
    r = threats_m[None, :, :] - interceptors_m[:, None, :]
    v = np.broadcast_to(threat_velocities_mps[None, :, :], r.shape)
    margin = speed ** 2 - np.einsum("ijk,ijk->ij", v, v)
    r_dot_v = np.einsum("ijk,ijk->ij", r, v)
    disc = r_dot_v ** 2 + margin * np.einsum("ijk,ijk->ij", r, r)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (r_dot_v + np.sqrt(np.maximum(disc, 0.0))) / margin
    return np.where((margin > 0.0) & (disc >= 0.0) & (t >= 0.0), t, np.inf)


def assign_nearest(interceptors_m: np.ndarray, threats_m: np.ndarray) -> np.ndarray:
    """Greedy on distance: the closest free pair, repeatedly (ties: lower indices first)."""
    out = np.full(len(interceptors_m), NONE, dtype=np.int64)
    if len(interceptors_m) == 0 or len(threats_m) == 0:
        return out
    d = distances_m(interceptors_m, threats_m)
    taken = np.zeros(len(threats_m), dtype=bool)
    for flat in np.argsort(d, axis=None, kind="stable"):
        i, j = divmod(int(flat), len(threats_m))
        if out[i] == NONE and not taken[j]:
            out[i], taken[j] = j, True
            if taken.all() or (out != NONE).all():
                break
    return out


def assign_most_dangerous(interceptors_m: np.ndarray, threats_m: np.ndarray, threat_velocities_mps: np.ndarray,
                          assets_m: np.ndarray) -> np.ndarray:
    """Threats by time to asset, smallest first (ties keep their order); each takes the nearest free interceptor."""
    out = np.full(len(interceptors_m), NONE, dtype=np.int64)
    free = np.ones(len(interceptors_m), dtype=bool)
    d = distances_m(interceptors_m, threats_m) if len(interceptors_m) and len(threats_m) else None
    for j in np.argsort(time_to_asset_s(threats_m, threat_velocities_mps, assets_m), kind="stable"):
        if not free.any():
            break
        i = int(np.argmin(np.where(free, d[:, j], np.inf)))
        out[i], free[i] = j, False
    return out


def assign_optimal(cost_s: np.ndarray) -> np.ndarray:
    """Minimum-total-cost pairing of the (n, m) cost matrix; inf entries are pairs never made."""
    out = np.full(cost_s.shape[0], NONE, dtype=np.int64)
    if cost_s.size == 0:
        return out
    finite = np.isfinite(cost_s)
    rows, cols = linear_sum_assignment(np.where(finite, cost_s, _NO_INTERCEPT_COST_S))
    keep = finite[rows, cols]
    out[rows[keep]] = cols[keep]
    return out


def assign(policy: AssignmentPolicy | str, interceptors_m: np.ndarray, interceptor_speeds_mps: np.ndarray | float,
           threats_m: np.ndarray, threat_velocities_mps: np.ndarray, assets_m: np.ndarray) -> np.ndarray:
    """Threat index per interceptor (-1: none) under `policy`."""
    policy = AssignmentPolicy(policy)
    if policy is AssignmentPolicy.NEAREST:
        return assign_nearest(interceptors_m, threats_m)
    if policy is AssignmentPolicy.MOST_DANGEROUS:
        return assign_most_dangerous(interceptors_m, threats_m, threat_velocities_mps, assets_m)
    cost = intercept_times_s(interceptors_m, interceptor_speeds_mps, threats_m, threat_velocities_mps)
    return assign_optimal(cost)
