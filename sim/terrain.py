"""Heightmap terrain: data and the height pybullet's heightfield collides with.

Pure numpy, no pybullet: ``sim.geometry`` builds the heightfield body from a
``Heightmap`` and uses ``heightmap_height`` for its numpy-side checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Heightmap:
    """Terrain heights ``heights_m[iy, ix]`` on a square grid centred at the origin.

    Grid node (ix, iy) sits at x = (ix - (nx - 1) / 2) * cell_size_m and
    y = (iy - (ny - 1) / 2) * cell_size_m (x east, y north, metres). Outside
    the grid the ground is a flat floor at the lowest height.
    """

    heights_m: np.ndarray
    cell_size_m: float

    def __post_init__(self) -> None:
        # pybullet stores heights as float32; keep the same values here so
        # heightmap_height agrees with what rays hit.
        h = np.asarray(self.heights_m, dtype=np.float32).astype(np.float64)
        if h.ndim != 2 or min(h.shape) < 2 or not np.all(np.isfinite(h)):
            raise ValueError("heights_m must be a finite 2-D array of at least 2x2")
        if not self.cell_size_m > 0:
            raise ValueError("cell_size_m must be positive")
        h.setflags(write=False)
        object.__setattr__(self, "heights_m", h)

    @property
    def origin_xy_m(self) -> tuple[float, float]:
        """World position of node (0, 0), the south-west corner."""
        ny, nx = self.heights_m.shape
        return (-(nx - 1) / 2 * self.cell_size_m, -(ny - 1) / 2 * self.cell_size_m)


def heightmap_height(hm: Heightmap, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Height (m) of the terrain surface under each (x, y); arrays broadcast.

    Bullet's btHeightfieldTerrainShape (as pybullet 3.2.7 builds it) splits each
    cell into two triangles along the (i+1, j)-(i, j+1) diagonal, so the surface
    is piecewise *linear*, not bilinear: the two agree on grid nodes and cell
    edges but differ inside a cell by up to a quarter of the corner "twist".
    Reproducing the triangles keeps this function equal to where rays hit.
    """
    x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
    h = hm.heights_m
    ny, nx = h.shape
    x0, y0 = hm.origin_xy_m
    gx, gy = (x - x0) / hm.cell_size_m, (y - y0) / hm.cell_size_m
    inside = (gx >= 0) & (gx <= nx - 1) & (gy >= 0) & (gy <= ny - 1)
    ix = np.clip(np.floor(gx), 0, nx - 2).astype(np.intp)
    iy = np.clip(np.floor(gy), 0, ny - 2).astype(np.intp)
    u, v = np.clip(gx - ix, 0.0, 1.0), np.clip(gy - iy, 0.0, 1.0)
    h00, h10 = h[iy, ix], h[iy, ix + 1]
    h01, h11 = h[iy + 1, ix], h[iy + 1, ix + 1]
    lower = h00 + u * (h10 - h00) + v * (h01 - h00)  # triangle (00, 10, 01)
    upper = h11 + (1 - u) * (h01 - h11) + (1 - v) * (h10 - h11)  # (10, 01, 11)
    z = np.where(u + v <= 1.0, lower, upper)
    return np.where(inside, z, h.min())
