"""Small builders for sensor tests: config models with test defaults, targets, a run loop."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.config.scenario_sensors import Acoustic, EoIr, Radar, Sensors
from sim.sensors import SensorSuite, Targets

SRC = "test figure"


def radar(name: str = "radar", position_m: tuple[float, float] = (0.0, 0.0), **kw: Any) -> Radar:
    kw.setdefault("detection", {"range_m": 5000.0})
    return Radar(name=name, position_m=list(position_m), source=SRC, **kw)


def eo_ir(name: str = "cam", position_m: tuple[float, float] = (0.0, 0.0), **kw: Any) -> EoIr:
    kw.setdefault("detection", {"range_m": 3000.0})
    return EoIr(name=name, position_m=list(position_m), source=SRC, **kw)


def acoustic(name: str = "mics", **kw: Any) -> Acoustic:
    kw.setdefault("detection", {"range_m": 500.0})
    return Acoustic(name=name, source=SRC, **kw)


def flat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.zeros(np.broadcast_shapes(np.shape(x), np.shape(y)))


def suite(*units: Radar | EoIr | Acoustic, seed: int = 0, los: Any = None, **kw: Any) -> SensorSuite:
    cfg = Sensors(radars=[u for u in units if isinstance(u, Radar)],
                  acoustic=[u for u in units if isinstance(u, Acoustic)],
                  eo_ir=[u for u in units if isinstance(u, EoIr)])
    return SensorSuite(cfg, np.random.default_rng(seed), flat, los, **kw)


def targets(positions_m: Any, velocities_mps: Any = None, *, ids: Any = None, rcs_m2: float | Any = 0.1,
            sound_level_db: float | Any = 100.0, size_m: float | Any = 2.5) -> Targets:
    pos = np.asarray(positions_m, dtype=np.float64).reshape(-1, 3)
    n = len(pos)
    vel = np.zeros((n, 3)) if velocities_mps is None else np.asarray(velocities_mps, dtype=np.float64).reshape(n, 3)
    ids = np.arange(1, n + 1, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
    return Targets(ids, pos, vel, np.broadcast_to(np.asarray(rcs_m2, dtype=np.float64), (n,)).copy(),
                   np.broadcast_to(np.asarray(sound_level_db, dtype=np.float64), (n,)).copy(),
                   np.broadcast_to(np.asarray(size_m, dtype=np.float64), (n,)).copy())


NO_TARGETS = targets(np.empty((0, 3)))


def fly(s: SensorSuite, start_m: Any, vel_mps: Any, seconds: float, dt_s: float = 1.0,
        entity_id: int = 7) -> list[dict]:
    """One target in straight flight, updating every dt_s; returns all events."""
    p0, v = np.asarray(start_m, dtype=np.float64), np.asarray(vel_mps, dtype=np.float64)
    events = []
    for t in np.arange(0.0, seconds + 1e-9, dt_s):
        events += s.update(float(t), targets([p0 + v * t], [v], ids=[entity_id]))
    return events


def kinds(events: list[dict], kind: str) -> list[dict]:
    return [e for e in events if e["kind"] == kind]
