"""An acoustic network (thousands of cheap microphones) reporting fused fixes with latency.

Model, kept simple on purpose:
* Each target is heard or not by its nearest node (in plan) with the suite's
  Pd at k = 20 (spherical spreading) plus (sound level - reference level).
  Farther nodes hear less and the network's fix is the same whoever hears, so
  only the nearest node decides; more nodes in range do not raise Pd or sharpen
  the fix (a refinement for later).
* The sound heard now left the target `latency_s` ago, so both hearing and the
  reported fix use the extrapolated past position p - v * latency, and the fix
  is stamped with that past epoch: the tracker folds it in as a late measurement.
* The fix is the past position plus isotropic Gaussian noise of
  `position_noise_m` per axis.
* False alarms: Poisson per look, each near a random node within the 50 % range.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from sim.config.scenario_sensors import Acoustic
from sim.sensors.detection import detection_probability, false_alarm_count
from sim.sensors.nodes import GridNodes, ListNodes
from sim.sensors.types import Detections, Targets

FLOOR_M = 0.5  # keeps a noise-free fix invertible in the tracker


class AcousticNetwork:
    def __init__(self, index: int, cfg: Acoustic, terrain_height: Callable[[np.ndarray, np.ndarray], np.ndarray],
                 line_of_sight: Callable[[np.ndarray, np.ndarray], np.ndarray] | None) -> None:
        self.index = index
        self.name = cfg.name
        d = cfg.detection
        self.range_50_m, self.pd_max, self.slope = float(d.range_m), float(d.pd_max), float(d.slope_per_db)
        self.false_alarms_per_hour = float(d.false_alarms_per_hour)
        self.reference_level_db = float(cfg.reference_level_db)
        self.noise_m = float(cfg.position_noise_m)
        self.latency_s = float(cfg.latency_s)
        self._los = line_of_sight if cfg.line_of_sight else None
        mast = float(cfg.height_m)
        self._indexes: list[GridNodes | ListNodes] = []
        if cfg.grid is not None:
            nx, ny = cfg.grid.shape()
            probe = GridNodes(cfg.grid, np.zeros(nx * ny))
            gx = probe.x0 + np.arange(nx) * probe.spacing_m
            gy = probe.y0 + np.arange(ny) * probe.spacing_m
            xx, yy = np.meshgrid(gx, gy)  # (ny, nx), row j is north-south index, as GridNodes stores
            self._indexes.append(GridNodes(cfg.grid, np.asarray(terrain_height(xx, yy)) + mast))
        if cfg.nodes_m:
            xy = np.asarray(cfg.nodes_m, dtype=np.float64).reshape(-1, 2)
            self._indexes.append(ListNodes(xy, np.asarray(terrain_height(xy[:, 0], xy[:, 1])) + mast))
        self.node_count = sum(len(ix.xyz) if isinstance(ix, ListNodes) else ix.nx * ix.ny for ix in self._indexes)

    def nearest_node(self, xy: np.ndarray) -> np.ndarray:
        """(N, 3) nearest node over the grid and the node list."""
        best, best_d2 = self._indexes[0].nearest(xy)
        for index in self._indexes[1:]:
            node, d2 = index.nearest(xy)
            closer = d2 < best_d2
            best[closer], best_d2[closer] = node[closer], d2[closer]
        return best

    def detection_probability(self, positions_m: np.ndarray, sound_level_db: np.ndarray) -> np.ndarray:
        """Pd per look of sources at `positions_m` (no latency applied)."""
        node = self.nearest_node(positions_m[:, :2])
        r = np.linalg.norm(positions_m - node, axis=1)
        return detection_probability(r, self.range_50_m, 20.0, self.pd_max, self.slope,
                                     np.asarray(sound_level_db, dtype=np.float64) - self.reference_level_db)

    def look(self, t_s: float, targets: Targets, rng: np.random.Generator, look_period_s: float) -> Detections:
        past = (np.asarray(targets.positions_m, dtype=np.float64).reshape(-1, 3)
                - self.latency_s * np.asarray(targets.velocities_mps, dtype=np.float64).reshape(-1, 3))
        u = rng.random(len(past))
        idx = np.empty(0, dtype=np.int64)
        r = np.empty(0)
        if len(past):
            node = self.nearest_node(past[:, :2])
            r = np.linalg.norm(past - node, axis=1)
            pd = detection_probability(r, self.range_50_m, 20.0, self.pd_max, self.slope,
                                       np.asarray(targets.sound_level_db, dtype=np.float64) - self.reference_level_db)
            idx = np.flatnonzero(u < pd)
            if self._los is not None and idx.size:
                idx = idx[np.asarray(self._los(node[idx], past[idx]), dtype=bool)]
        fix = past[idx] + self.noise_m * rng.standard_normal((idx.size, 3))
        epoch = t_s - self.latency_s
        real = Detections(self.index, epoch, fix, self._cov(idx.size),
                          np.asarray(targets.ids, dtype=np.int64)[idx], r[idx])
        n = false_alarm_count(rng, self.false_alarms_per_hour, look_period_s)
        fa = np.empty((0, 3))
        if n:
            fa = self._random_points(rng.integers(0, len(self._indexes), n), rng.random((n, 5)))
        return Detections.merge(self.index, epoch, real, fa, self._cov(n))

    def _cov(self, n: int) -> np.ndarray:
        return np.broadcast_to(np.eye(3) * max(self.noise_m, FLOOR_M) ** 2, (n, 3, 3)).copy()

    def _random_points(self, which: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Points within the 50 % range of a random node, 10-200 m above it (where drones fly)."""
        nodes = np.empty((len(which), 3))
        for k, index in enumerate(self._indexes):  # at most two indexes: grid and list
            sel = which == k
            if isinstance(index, GridNodes):
                i = (u[sel, 0] * index.nx).astype(np.int64)
                j = (u[sel, 1] * index.ny).astype(np.int64)
                nodes[sel] = np.stack([index.x0 + i * index.spacing_m, index.y0 + j * index.spacing_m,
                                       index.node_z_m[j, i]], axis=1)
            else:
                nodes[sel] = index.xyz[(u[sel, 0] * len(index.xyz)).astype(np.int64)]
        ang = 2.0 * np.pi * u[:, 2]
        rad = self.range_50_m * np.sqrt(u[:, 3])  # uniform over the disc
        return nodes + np.stack([rad * np.cos(ang), rad * np.sin(ang), 10.0 + 190.0 * u[:, 4]], axis=1)
