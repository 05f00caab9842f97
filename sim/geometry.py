"""Static world geometry held in pybullet and queried in batches.

Ground (flat or a heightmap), buildings and asset footprints (yawed boxes) live
in one private pybullet DIRECT client per instance, so several worlds can share
a process. Queries take (N, 3) numpy arrays in a local ENU frame (x east,
y north, z up, metres) and answer with arrays. Facts about pybullet 3.2.7 that
shape this module (checked in tests/world/test_geometry.py):

* ``rayTestBatch`` refuses more than 16384 rays and silently returns one result
  short at exactly 16384 (bullet3 issue #4215), so batches are cut at 16383.
* A ray that starts inside a box reports no hit, so "ended inside a box" and
  "ended below the terrain" are checked in numpy as well.
* A heightfield is centred on its AABB, heights included, so the body is lifted
  by (min + max) / 2; it collides as triangles (see ``sim.terrain``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from sim.quiet_pybullet import pb
from numba import njit

from sim.terrain import Heightmap, heightmap_height

__all__ = ["Box", "Ground", "Heightmap", "MAX_RAYS_PER_CALL", "StaticGeometry"]

# One short of the limit, see module docstring.
MAX_RAYS_PER_CALL = int(pb.MAX_RAY_INTERSECTION_BATCH_SIZE) - 1


@dataclass(frozen=True)
class Box:
    """An upright box (building, asset footprint), yawed about its centre."""

    center_xyz_m: tuple[float, float, float]
    size_xyz_m: tuple[float, float, float]
    yaw_rad: float = 0.0
    name: str = ""


Ground = Literal["flat"] | Heightmap


def _as_points(a: np.ndarray, name: str) -> np.ndarray:
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 3:
        raise ValueError(f"{name} must have shape (N, 3), got {arr.shape}")
    return arr


class StaticGeometry:
    """Ground and boxes in a private pybullet client, with batched queries.

    ``what`` codes returned by queries: -1 nothing, 0 ground, k = box index + 1.
    """

    _cid: int | None = None  # so close() / __del__ work if __init__ failed early

    def __init__(
        self,
        ground: Ground = "flat",
        boxes: list[Box] | tuple[Box, ...] = (),
        *,
        prefilter_margin_m: float = 0.1,
        max_rays_per_call: int = MAX_RAYS_PER_CALL,
        ray_threads: int = 1,
    ) -> None:
        if not (isinstance(ground, Heightmap) or (isinstance(ground, str) and ground == "flat")):
            raise ValueError("ground must be 'flat' or a Heightmap")
        self.ground = ground
        self.boxes = tuple(boxes)
        self._margin = float(prefilter_margin_m)
        self._chunk = max(1, min(int(max_rays_per_call), MAX_RAYS_PER_CALL))
        # Ray results do not depend on the thread count (checked bit for bit),
        # only speed does: 0 = all cores was ~1.2-1.6x faster on 2 cores, but
        # 1 keeps a campaign's one-process-per-core pool from oversubscribing.
        self._threads = int(ray_threads)
        self._cid: int | None = pb.connect(pb.DIRECT)
        try:
            what_by_body = self._build()
        except BaseException:
            self.close()
            raise
        # body id -> what code; body -1 (no hit) indexes the spare last entry.
        self._what_lut = np.full(max(what_by_body) + 2, -1, dtype=np.int64)
        self._what_lut[list(what_by_body)] = list(what_by_body.values())
        self._box_arrays()
        is_map = isinstance(ground, Heightmap)
        self._ground_top_m = float(ground.heights_m.max()) if is_map else 0.0

    def _build(self) -> dict[int, int]:
        """Create the pybullet bodies; return {body id: what code}."""
        cid = self._client()
        what: dict[int, int] = {}
        if isinstance(self.ground, Heightmap):
            hm = self.ground
            ny, nx = hm.heights_m.shape
            # Rows run along x (nx of them), columns along y; data index is
            # ix + iy * nx, i.e. the C-order ravel of heights_m[iy, ix].
            shape = pb.createCollisionShape(
                pb.GEOM_HEIGHTFIELD,
                meshScale=[hm.cell_size_m, hm.cell_size_m, 1.0],
                heightfieldData=hm.heights_m.ravel().tolist(),
                numHeightfieldRows=nx,
                numHeightfieldColumns=ny,
                physicsClientId=cid,
            )
            lift = 0.5 * (hm.heights_m.min() + hm.heights_m.max())
            what[self._static_body(shape, (0.0, 0.0, lift), 0.0)] = 0
            floor_z = float(hm.heights_m.min())
        else:
            floor_z = 0.0
        plane = pb.createCollisionShape(pb.GEOM_PLANE, physicsClientId=cid)
        what[self._static_body(plane, (0.0, 0.0, floor_z), 0.0)] = 0
        for k, box in enumerate(self.boxes):
            size = np.asarray(box.size_xyz_m, dtype=np.float64)
            if size.shape != (3,) or not np.all(size > 0):
                raise ValueError(f"box {k} ({box.name!r}) needs three positive sizes")
            shape = pb.createCollisionShape(
                pb.GEOM_BOX, halfExtents=(size / 2).tolist(), physicsClientId=cid
            )
            what[self._static_body(shape, box.center_xyz_m, box.yaw_rad)] = k + 1
        return what

    def _static_body(self, shape: int, pos: tuple[float, float, float], yaw: float) -> int:
        quat = pb.getQuaternionFromEuler([0.0, 0.0, float(yaw)])
        return pb.createMultiBody(
            baseMass=0.0,
            baseCollisionShapeIndex=shape,
            basePosition=[float(v) for v in pos],
            baseOrientation=quat,
            physicsClientId=self._client(),
        )

    def _box_arrays(self) -> None:
        """Box centres, half sizes, yaws and margin-inflated AABBs as arrays."""
        rows = [(*b.center_xyz_m, *b.size_xyz_m, b.yaw_rad) for b in self.boxes]
        table = np.array(rows, dtype=np.float64).reshape(-1, 7)
        self._box_c, self._box_half, self._box_yaw = table[:, :3], table[:, 3:6] / 2, table[:, 6]
        cos, sin = np.abs(np.cos(self._box_yaw)), np.abs(np.sin(self._box_yaw))
        hx, hy, hz = self._box_half.T
        ext = np.stack([cos * hx + sin * hy, sin * hx + cos * hy, hz], axis=1)
        # Stored (3, K) so each axis is a contiguous row for the prefilter.
        self._box_lo_t = np.ascontiguousarray((self._box_c - ext - self._margin).T)
        self._box_hi_t = np.ascontiguousarray((self._box_c + ext + self._margin).T)
        self._box_top_m = float(self._box_hi_t[2].max(initial=-np.inf))

    def _client(self) -> int:
        if self._cid is None:
            raise RuntimeError("StaticGeometry is closed")
        return self._cid

    def close(self) -> None:
        """Disconnect the private pybullet client; further queries raise."""
        if self._cid is not None:
            cid, self._cid = self._cid, None
            pb.disconnect(physicsClientId=cid)

    def __enter__(self) -> StaticGeometry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # Frees the client slot (pybullet allows 1024 per process) when an
        # instance is dropped unclosed. Safe even if the GC runs this inside
        # another instance's pybullet call: only *this* client is touched, and
        # an instance cannot be garbage while its own query is running.
        try:
            self.close()
        except Exception:  # interpreter shutdown: pybullet may already be gone
            pass

    def terrain_height(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Ground height (m) under each (x, y); arrays broadcast together."""
        if not isinstance(self.ground, Heightmap):
            return np.zeros(np.broadcast_shapes(np.shape(x), np.shape(y)))
        return heightmap_height(self.ground, x, y)

    def line_of_sight(
        self, a: np.ndarray, b: np.ndarray, *, end_tolerance_m: float = 0.01
    ) -> np.ndarray:
        """True where the segment a->b is clear of ground and boxes.

        A hit within ``end_tolerance_m`` of b does not block, so a target
        standing on the ground or a wall is still seen. A point inside a box
        is hidden by that box.
        """
        a, b = _as_points(a, "a"), _as_points(b, "b")
        visible = np.ones(len(a), dtype=bool)
        near_ground, near_box = self._candidates(a, b)
        idx = np.flatnonzero(near_ground | near_box)
        if idx.size:
            body, frac = self._cast(a[idx], b[idx])
            length = np.linalg.norm(b[idx] - a[idx], axis=1)
            blocked = (body >= 0) & ((1.0 - frac) * length > end_tolerance_m)
            visible[idx[blocked]] = False
        return visible

    def crashes(
        self, prev_pos: np.ndarray, pos: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which bodies crashed while moving prev_pos -> pos during one step.

        Returns (hit (N,) bool, hit_point (N, 3) with NaN where no hit,
        what (N,) int: -1 none, 0 ground, k box index + 1). The swept segment
        is tested, so a fast body tunnelling through the ground or a wall is
        caught; an endpoint below the terrain or inside a box also counts.
        """
        p0, p1 = _as_points(prev_pos, "prev_pos"), _as_points(pos, "pos")
        if p0.shape != p1.shape:
            raise ValueError("prev_pos and pos must have the same shape")
        n = len(p0)
        near_ground, near_box = self._candidates(p0, p1)
        idx = np.flatnonzero(near_ground | near_box)
        hit = np.zeros(n, dtype=bool)
        point = np.full((n, 3), np.nan)
        what = np.full(n, -1, dtype=np.int64)
        if idx.size == 0:
            return hit, point, what
        body, frac = self._cast(p0[idx], p1[idx])
        got = body >= 0
        sel = idx[got]
        hit[sel] = True
        what[sel] = self._what_lut[body[got]]
        point[sel] = p0[sel] + frac[got, None] * (p1[sel] - p0[sel])
        # Endpoint checks for what rays cannot see (started inside / below).
        rest = idx[~got]
        rest_box = rest[near_box[rest]]
        if rest_box.size:
            k = self._box_containing(p1[rest_box])
            inside = k >= 0
            sel = rest_box[inside]
            hit[sel], what[sel], point[sel] = True, k[inside] + 1, p1[sel]
        rest = rest[~hit[rest] & near_ground[rest]]
        if rest.size:
            ground_z = self.terrain_height(p1[rest, 0], p1[rest, 1])
            below = p1[rest, 2] < ground_z
            sel = rest[below]
            hit[sel], what[sel] = True, 0
            point[sel] = np.column_stack([p1[sel, :2], ground_z[below]])
        return hit, point, what

    def moving_candidates(self, prev_pos: np.ndarray, pos: np.ndarray, alive: np.ndarray) -> np.ndarray:
        """Rows of live bodies whose last move could touch the ground or a box (see `crashes`).

        The world asks this every tick for every body; almost always the answer is empty."""
        near_ground, near_box = self._candidates(prev_pos, pos)
        return np.flatnonzero((near_ground | near_box) & (np.asarray(alive) != 0.0))

    def _candidates(self, p0: np.ndarray, p1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Prefilter: which segments could touch the ground / any box (compiled: runs every tick)."""
        return _segment_candidates(p0, p1, self._ground_top_m + self._margin, self._box_top_m,
                                   self._box_lo_t, self._box_hi_t)

    def _box_containing(self, pts: np.ndarray) -> np.ndarray:
        """Index of a box containing each point, or -1."""
        # (boxes, points) arrays, long axis innermost as in _candidates.
        c, half = self._box_c.T[:, :, None], self._box_half.T[:, :, None]
        dx, dy, dz = np.ascontiguousarray(pts.T)[:, None, :] - c
        cos, sin = np.cos(self._box_yaw)[:, None], np.sin(self._box_yaw)[:, None]
        inside = np.abs(cos * dx + sin * dy) <= half[0]  # rotate by -yaw into the box
        inside &= np.abs(cos * dy - sin * dx) <= half[1]
        inside &= np.abs(dz) <= half[2]
        return np.where(inside.any(axis=0), inside.argmax(axis=0), -1)

    def _cast(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """rayTestBatch in chunks; returns (body id or -1, hit fraction)."""
        cid = self._client()
        bodies, fracs = [], []
        for s in range(0, len(a), self._chunk):
            # ndarrays go in directly: measured faster than .tolist() first.
            res = pb.rayTestBatch(
                a[s : s + self._chunk],
                b[s : s + self._chunk],
                numThreads=self._threads,
                physicsClientId=cid,
            )
            body, _link, frac, _pos, _normal = zip(*res)
            bodies.append(np.fromiter(body, dtype=np.int64, count=len(res)))
            fracs.append(np.fromiter(frac, dtype=np.float64, count=len(res)))
        body, frac = np.concatenate(bodies), np.concatenate(fracs)
        if len(body) != len(a):  # guard against pybullet dropping rays
            raise RuntimeError(f"rayTestBatch returned {len(body)} results for {len(a)} rays")
        return body, frac


@njit(cache=True)
def _segment_candidates(p0: np.ndarray, p1: np.ndarray, ground_top_m: float, box_top_m: float,
                        box_lo_t: np.ndarray, box_hi_t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per segment: may it reach the ground (below the highest terrain), may it overlap a box's AABB.

    Almost every segment is far above both, so a loop that stops at the first
    test is far cheaper than numpy's (boxes, segments) comparison tables."""
    n, n_boxes = p0.shape[0], box_lo_t.shape[1]
    near_ground = np.zeros(n, dtype=np.bool_)
    near_box = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        lo_x, hi_x = min(p0[i, 0], p1[i, 0]), max(p0[i, 0], p1[i, 0])
        lo_y, hi_y = min(p0[i, 1], p1[i, 1]), max(p0[i, 1], p1[i, 1])
        lo_z, hi_z = min(p0[i, 2], p1[i, 2]), max(p0[i, 2], p1[i, 2])
        near_ground[i] = lo_z <= ground_top_m
        if lo_z > box_top_m:
            continue
        for k in range(n_boxes):
            if (box_hi_t[0, k] >= lo_x and box_lo_t[0, k] <= hi_x and box_hi_t[1, k] >= lo_y
                    and box_lo_t[1, k] <= hi_y and box_hi_t[2, k] >= lo_z and box_lo_t[2, k] <= hi_z):
                near_box[i] = True
                break
    return near_ground, near_box
