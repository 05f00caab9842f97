"""Nearest microphone node in plan, for up to tens of thousands of nodes and hundreds of targets.

A regular grid needs only arithmetic (round to the nearest row and column,
clamped to the grid). A free node list is binned once into square cells of
about one node each (CSR layout) and searched ring by ring in numba until no
unsearched cell can hold a closer node. Nodes stand at terrain height +
mast height; "nearest" is measured in plan, which equals nearest in 3-D when
the masts stand on level ground.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sim.config.scenario_sensors import Grid


class GridNodes:
    def __init__(self, grid: Grid, node_z_m: np.ndarray) -> None:
        self.nx, self.ny = grid.shape()
        self.spacing_m = float(grid.spacing_m)
        cx, cy = (float(v) for v in grid.center_m)
        self.x0 = cx - (self.nx - 1) * self.spacing_m / 2
        self.y0 = cy - (self.ny - 1) * self.spacing_m / 2
        self.node_z_m = np.asarray(node_z_m, dtype=np.float64).reshape(self.ny, self.nx)

    def nearest(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(N, 3) position of the nearest node to each (x, y) and its plan distance squared."""
        i = np.clip(np.rint((xy[:, 0] - self.x0) / self.spacing_m), 0, self.nx - 1).astype(np.int64)
        j = np.clip(np.rint((xy[:, 1] - self.y0) / self.spacing_m), 0, self.ny - 1).astype(np.int64)
        node = np.stack([self.x0 + i * self.spacing_m, self.y0 + j * self.spacing_m, self.node_z_m[j, i]], axis=1)
        return node, np.sum((node[:, :2] - xy) ** 2, axis=1)


class ListNodes:
    def __init__(self, nodes_xy_m: np.ndarray, node_z_m: np.ndarray) -> None:
        self.xyz = np.column_stack([np.asarray(nodes_xy_m, dtype=np.float64).reshape(-1, 2),
                                    np.asarray(node_z_m, dtype=np.float64)])
        lo, hi = self.xyz[:, :2].min(axis=0), self.xyz[:, :2].max(axis=0)
        span = np.maximum(hi - lo, 1.0)
        # ~one node per cell keeps both the ring search and the memory small.
        self.cell_m = max(1.0, math.sqrt(span[0] * span[1] / len(self.xyz)), float(span.max()) / 4096)
        self.lo = lo
        self.shape = (int(span[1] // self.cell_m) + 1, int(span[0] // self.cell_m) + 1)  # (rows y, cols x)
        cell = self._cell_of(self.xyz[:, :2])
        self.order = np.argsort(cell, kind="stable")
        self.start = np.searchsorted(cell[self.order], np.arange(self.shape[0] * self.shape[1] + 1))

    def _cell_of(self, xy: np.ndarray) -> np.ndarray:
        ix = np.clip(((xy[:, 0] - self.lo[0]) // self.cell_m).astype(np.int64), 0, self.shape[1] - 1)
        iy = np.clip(((xy[:, 1] - self.lo[1]) // self.cell_m).astype(np.int64), 0, self.shape[0] - 1)
        return iy * self.shape[1] + ix

    def nearest(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(N, 3) position of the nearest node to each (x, y) and its plan distance squared."""
        best, d2 = _nearest_in_bins(np.ascontiguousarray(xy, dtype=np.float64), self.xyz, self.order, self.start,
                                    self.lo[0], self.lo[1], self.cell_m, self.shape[0], self.shape[1])
        return self.xyz[best], d2


@njit(cache=True)
def _nearest_in_bins(xy, nodes, order, start, x0, y0, cell, rows, cols):  # pragma: no cover - numba
    n = xy.shape[0]
    best = np.zeros(n, dtype=np.int64)
    best_d2 = np.full(n, np.inf)
    for t in range(n):
        px, py = xy[t, 0], xy[t, 1]
        cx = min(max(int(math.floor((px - x0) / cell)), 0), cols - 1)
        cy = min(max(int(math.floor((py - y0) / cell)), 0), rows - 1)
        # Squared distance from the target to the binned box (0 inside it).
        ox = px - min(max(px, x0), x0 + cols * cell)
        oy = py - min(max(py, y0), y0 + rows * cell)
        out2 = ox * ox + oy * oy
        ring = 0
        while True:
            for iy in range(cy - ring, cy + ring + 1):
                if iy < 0 or iy >= rows:
                    continue
                edge = iy == cy - ring or iy == cy + ring
                step = 1 if edge else 2 * ring  # inner rows: only the two side cells belong to the ring
                ix = cx - ring
                while ix <= cx + ring:
                    if 0 <= ix < cols:
                        c = iy * cols + ix
                        for k in range(start[c], start[c + 1]):
                            node = order[k]
                            dx, dy = nodes[node, 0] - px, nodes[node, 1] - py
                            d2 = dx * dx + dy * dy
                            if d2 < best_d2[t]:
                                best_d2[t], best[t] = d2, node
                    ix += step if step > 0 else 1
            # Cells beyond this ring lie at least ring * cell from the target's projection
            # p' on the box, and for a node q in the box |p - q|^2 >= |p - p'|^2 + |p' - q|^2.
            if best_d2[t] <= out2 + (ring * cell) ** 2 or (ring >= rows and ring >= cols):
                break
            ring += 1
    return best, best_d2
