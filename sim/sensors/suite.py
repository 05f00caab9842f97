"""The sensor suite the engine loop calls: schedules looks, feeds the tracker, reports events.

Each sensor looks at its own rate (or the scenario-wide `sensor_hz`), on a
fixed schedule t0, t0 + T, t0 + 2T... anchored at the first `update` call; a
tick that skips several looks runs the sensor once. Sensors due at the same
tick run in a fixed order (radars, acoustic networks, cameras, each as
written), all drawing from the one generator the suite was given, so a seed
fixes every look.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from sim.config.scenario_sensors import Acoustic, EoIr, Radar, Sensors
from sim.sensors.acoustic import AcousticNetwork
from sim.sensors.pointing import PointingSensor, eo_ir_model, radar_model
from sim.sensors.tracker import SensorTerms, Tracker
from sim.sensors.types import Targets, TrackPicture

HeightFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
LosFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
_EPS_S = 1e-9  # float slack on the look schedule


class SensorSuite:
    def __init__(self, sensors: Sensors, rng: np.random.Generator, terrain_height: HeightFn,
                 line_of_sight: LosFn | None, light: str = "day", visibility_m: float = 10_000.0,
                 sensor_hz: float | None = None, **tracker_options: float) -> None:
        self._rng = rng
        self._units: list[PointingSensor | AcousticNetwork] = []
        terms: list[SensorTerms] = []
        for index, cfg in enumerate(sensors.all()):
            unit = self._build(index, cfg, terrain_height, line_of_sight, light, visibility_m)
            period = 1.0 / float(sensor_hz if sensor_hz is not None else cfg.update_hz)
            self._units.append(unit)
            terms.append(SensorTerms(cfg.name, int(cfg.confirm.m), int(cfg.confirm.n), period))
        self._period = np.array([s.look_period_s for s in terms])
        self._next_s: np.ndarray | None = None
        self.tracker = Tracker(terms, **tracker_options)
        self._first: list[dict[int, float]] = [{} for _ in self._units]
        self._seen = [np.empty(0, dtype=np.int64) for _ in self._units]  # sorted ids, for vectorised lookups

    @staticmethod
    def _build(index: int, cfg: Radar | Acoustic | EoIr, terrain_height: HeightFn, los: LosFn | None,
               light: str, visibility_m: float) -> PointingSensor | AcousticNetwork:
        if isinstance(cfg, Acoustic):
            return AcousticNetwork(index, cfg, terrain_height, los)
        x, y = (float(v) for v in cfg.position_m)
        ground = float(np.asarray(terrain_height(np.array([x]), np.array([y]))).reshape(-1)[0])
        site = np.array([x, y, ground + float(cfg.height_m)])
        model = radar_model(cfg, site) if isinstance(cfg, Radar) else eo_ir_model(cfg, site, light, visibility_m)
        return PointingSensor(index, model, los if cfg.line_of_sight else None)

    @property
    def names(self) -> list[str]:
        return [u.name for u in self._units]

    def update(self, t_s: float, targets: Targets) -> list[dict]:
        """Run every sensor whose next look is due, feed the tracker, return events."""
        if self._next_s is None:
            self._next_s = np.full(len(self._units), float(t_s))
        events: list[dict] = []
        for s in np.flatnonzero(self._next_s <= t_s + _EPS_S):
            unit, period = self._units[s], float(self._period[s])
            det = unit.look(float(t_s), targets, self._rng, period)
            events += self._first_detections(s, t_s, det.truth_ids, det.true_range_m)
            events += self.tracker.process(float(t_s), det)
            # Next look on the grid strictly after t_s (skipped looks are dropped, not replayed).
            late = np.floor((t_s - self._next_s[s]) / period + _EPS_S) + 1.0
            self._next_s[s] += late * period
        events += self.tracker.expire(float(t_s))
        return events

    def _first_detections(self, s: int, t_s: float, ids: np.ndarray, ranges: np.ndarray) -> list[dict]:
        seen = self._seen[s]
        at = np.minimum(np.searchsorted(seen, ids), max(seen.size - 1, 0))
        new = (ids >= 0) & ((seen[at] != ids) if seen.size else True)
        if not new.any():
            return []
        self._seen[s] = np.union1d(seen, ids[new])
        name, first = self._units[s].name, self._first[s]
        events = []
        for eid, r in zip(ids[new].tolist(), ranges[new].tolist()):
            first[eid] = r
            events.append({"t_s": float(t_s), "kind": "detection", "sensor": name, "entity_id": eid, "range_m": r})
        return events

    def picture(self, t_s: float) -> TrackPicture:
        """Tracks predicted to t_s (constant velocity)."""
        return self.tracker.picture(float(t_s))

    def first_detection_range_m(self) -> dict[str, dict[int, float]]:
        """sensor name -> {entity id: true range at its first detection}."""
        return {u.name: dict(f) for u, f in zip(self._units, self._first)}
