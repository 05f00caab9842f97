"""Engagement geometry: proximity kills between ticks, misses, leakers at assets.

At 130 m/s of closing speed an interceptor covers ~4 m per 30 Hz tick, more
than its lethal radius, so sampling positions at ticks would miss most hits.
Positions are taken as moving linearly over the tick and the closest approach
inside it is computed exactly, for every interceptor-threat pair at once.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

MISS_REPORT_M = 30.0  # a pass closer than this (but outside the lethal radius) is reported as a miss


def paired_closest_approach(a0: np.ndarray, a1: np.ndarray, b0: np.ndarray, b1: np.ndarray) -> np.ndarray:
    """Minimum distance (n,) between a[k] and b[k] moving linearly over the tick, pair by pair."""
    d0 = b0 - a0
    delta = (b1 - b0) - (a1 - a0)
    dd = np.einsum("ij,ij->i", delta, delta)
    s = np.clip(-np.einsum("ij,ij->i", d0, delta) / np.maximum(dd, 1e-12), 0.0, 1.0)
    closest = d0 + s[:, None] * delta
    return np.sqrt(np.einsum("ij,ij->i", closest, closest))


@njit(cache=True, error_model="numpy")
def _pass_distance(d0x: float, d0y: float, d0z: float, ex: float, ey: float, ez: float) -> float:
    """Closest approach over the tick of a pair whose offset starts at d0 and changes by e."""
    dd = max(ex * ex + ey * ey + ez * ez, 1e-12)
    s = min(max(-(d0x * ex + d0y * ey + d0z * ez) / dd, 0.0), 1.0)
    cx, cy, cz = d0x + s * ex, d0y + s * ey, d0z + s * ez
    return math.sqrt(cx * cx + cy * cy + cz * cz)


@njit(cache=True, error_model="numpy")
def _nearest_passes(a0: np.ndarray, a1: np.ndarray, b0: np.ndarray, b1: np.ndarray):
    """For each a: index of the b with the closest approach over the tick, and that distance."""
    n_a, n_b = a0.shape[0], b0.shape[0]
    best_index = np.zeros(n_a, dtype=np.int64)
    best_distance = np.full(n_a, np.inf)
    for i in range(n_a):
        for j in range(n_b):
            d0x, d0y, d0z = b0[j, 0] - a0[i, 0], b0[j, 1] - a0[i, 1], b0[j, 2] - a0[i, 2]
            ex = (b1[j, 0] - b0[j, 0]) - (a1[i, 0] - a0[i, 0])
            ey = (b1[j, 1] - b0[j, 1]) - (a1[i, 1] - a0[i, 1])
            ez = (b1[j, 2] - b0[j, 2]) - (a1[i, 2] - a0[i, 2])
            distance = _pass_distance(d0x, d0y, d0z, ex, ey, ez)
            if distance < best_distance[i]:
                best_distance[i] = distance
                best_index[i] = j
    return best_index, best_distance


def proximity_hits_by_side(ids: np.ndarray, side: np.ndarray, interceptor_side: int, threat_side: int,
                           p0: np.ndarray, p1: np.ndarray,
                           lethal_radius_m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Interceptors among `ids` that passed inside their lethal radius of a threat, each with its
    nearest such pass (the exhaustive search is `_nearest_passes`; this one skips pairs that cannot hit).

    `p0`, `p1` (n, 3) are the positions of `ids` before and after the tick; `side` and
    `lethal_radius_m` are indexed by id. Returns (hits, 2) rows into `ids` (interceptor,
    its nearest threat), in interceptor order, and the distances. One compiled call:
    the loop asks every tick and almost always gets nothing back.
    """
    return _side_hits(ids, side, interceptor_side, threat_side, p0, p1, lethal_radius_m)


@njit(cache=True, error_model="numpy")
def _side_hits(ids, side, interceptor_side, threat_side, p0, p1, lethal_radius_m):
    n = ids.shape[0]
    threats = np.empty(n, dtype=np.int64)
    n_threats = 0
    for row in range(n):
        if side[ids[row]] == threat_side:
            threats[n_threats] = row
            n_threats += 1
    hits = np.empty((n, 2), dtype=np.int64)
    distances = np.empty(n)
    n_hits = 0
    for i in range(n):
        if side[ids[i]] != interceptor_side:
            continue
        radius = lethal_radius_m[ids[i]]
        # Any offset component c = d0 + s e (0 <= s <= 1) is at least |d0| - |e| in size: a pair
        # whose bound exceeds the radius cannot hit, nor be the nearest of a hit. The relative
        # margin covers rounding (a few ulps), so the pairs that remain give the full loop's answer.
        reach = radius * (1.0 + 1e-9)
        best, nearest = np.inf, 0
        for k in range(n_threats):
            j = threats[k]
            d0x, d0y, d0z = p0[j, 0] - p0[i, 0], p0[j, 1] - p0[i, 1], p0[j, 2] - p0[i, 2]
            ex = (p1[j, 0] - p0[j, 0]) - (p1[i, 0] - p0[i, 0])
            ey = (p1[j, 1] - p0[j, 1]) - (p1[i, 1] - p0[i, 1])
            ez = (p1[j, 2] - p0[j, 2]) - (p1[i, 2] - p0[i, 2])
            if max(abs(d0x) - abs(ex), abs(d0y) - abs(ey), abs(d0z) - abs(ez)) > reach:
                continue
            distance = _pass_distance(d0x, d0y, d0z, ex, ey, ez)
            if distance < best:
                best, nearest = distance, j
        if best <= radius:
            hits[n_hits, 0], hits[n_hits, 1] = i, nearest
            distances[n_hits] = best
            n_hits += 1
    return hits[:n_hits], distances[:n_hits]


class MissDetector:
    """Reports a miss when an interceptor stops closing on its target after a near pass."""

    def __init__(self) -> None:
        self._last_range: dict[tuple[int, int], float] = {}
        self._closest: dict[tuple[int, int], float] = {}
        self._reported: set[tuple[int, int]] = set()  # pass reported, range still opening

    def update(self, pairs: list[tuple[int, int]], ranges_m: np.ndarray, passes_m: np.ndarray) -> list[tuple[int, int, float]]:
        """`pairs` (interceptor id, target id), their range now and closest approach this tick.

        One report per pass: after a miss the pair is ignored while the range keeps opening
        (each tick's closest approach is then its starting range, often still under
        MISS_REPORT_M); a new run starts when the range closes again."""
        misses = []
        for (pair, now, closest) in zip(pairs, ranges_m, passes_m):
            before = self._last_range.get(pair)
            opening = before is not None and now > before
            self._last_range[pair] = float(now)
            if pair in self._reported:
                if opening:
                    continue
                self._reported.discard(pair)  # closing again: a new run at the target starts
                self._closest[pair] = np.inf
            best = min(self._closest.get(pair, np.inf), float(closest))
            if opening and best < MISS_REPORT_M:
                misses.append((pair[0], pair[1], best))
                self._reported.add(pair)
                best = np.inf
            self._closest[pair] = best
        return misses


def distance_to_boxes(points: np.ndarray, center: np.ndarray, half_size: np.ndarray, yaw: np.ndarray) -> np.ndarray:
    """Distance (n_points, n_boxes) from points to upright yawed boxes (0 inside).

    `center` is the footprint centre at ground level; boxes rise 2 * half_size[:, 2].
    Compiled: the loop asks it for every threat at every slow tick.
    """
    return _distance_to_boxes(np.asarray(points, dtype=np.float64), np.asarray(center, dtype=np.float64),
                              np.asarray(half_size, dtype=np.float64), np.asarray(yaw, dtype=np.float64))


@njit(cache=True, error_model="numpy")
def _box_distance(points, i, center, half_size, k, c, s):
    """Distance from points[i] to box k, whose yaw has cosine c and sine s."""
    rx, ry = points[i, 0] - center[k, 0], points[i, 1] - center[k, 1]
    local_z = points[i, 2] - center[k, 2] - half_size[k, 2]
    ox = max(abs(c * rx + s * ry) - half_size[k, 0], 0.0)
    oy = max(abs(-s * rx + c * ry) - half_size[k, 1], 0.0)
    oz = max(abs(local_z) - half_size[k, 2], 0.0)
    return math.sqrt(ox * ox + oy * oy + oz * oz)


@njit(cache=True, error_model="numpy")
def _distance_to_boxes(points, center, half_size, yaw):
    out = np.empty((points.shape[0], center.shape[0]))
    for k in range(center.shape[0]):
        c, s = math.cos(yaw[k]), math.sin(yaw[k])
        for i in range(points.shape[0]):
            out[i, k] = _box_distance(points, i, center, half_size, k, c, s)
    return out


def boxes_within(points: np.ndarray, center: np.ndarray, half_size: np.ndarray, yaw: np.ndarray,
                 radius_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Points whose nearest box (as `distance_to_boxes`, then argmin) is within `radius_m`: their rows and that box.

    Without the (points, boxes) matrix: asked for every threat at every slow tick, it rarely finds one.
    """
    return _boxes_within(np.asarray(points, dtype=np.float64), np.asarray(center, dtype=np.float64),
                         np.asarray(half_size, dtype=np.float64), np.asarray(yaw, dtype=np.float64),
                         float(radius_m))


_NONE_YET, _SAW_NAN = -1, -2  # _boxes_within's nearest box of a point before it has one, after a NaN


@njit(cache=True, error_model="numpy")
def _boxes_within(points, center, half_size, yaw, radius_m):
    n_points = points.shape[0]
    best = np.full(n_points, np.inf)
    nearest = np.full(n_points, _NONE_YET)
    for k in range(center.shape[0]):  # boxes outermost, as _distance_to_boxes: one cos and sin per box
        c, s = math.cos(yaw[k]), math.sin(yaw[k])
        for i in range(n_points):
            if nearest[i] == _SAW_NAN:
                continue
            distance = _box_distance(points, i, center, half_size, k, c, s)
            if math.isnan(distance):  # argmin picks the first NaN, which is never within reach
                nearest[i] = _SAW_NAN
            elif nearest[i] == _NONE_YET or distance < best[i]:
                best[i], nearest[i] = distance, k
    rows = np.flatnonzero((nearest >= 0) & (best <= radius_m))
    return rows, nearest[rows]
