"""Radars and EO/IR cameras: one site, a coverage sector, range/azimuth/elevation fixes.

Both follow the same look: geometry -> coverage -> Pd draw -> line of sight
(rays only for would-be detections, the costly part) -> noisy spherical fix
with its covariance -> Poisson false alarms spread over the coverage.
They differ in the signature term (RCS vs size), the exponent k (40 vs 20),
the noise (radar ranges well; a camera has accurate bearings and poor range)
and the camera's blindness: a visible-band camera sees nothing at night and
nothing beyond the visibility; a thermal one ignores both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from sim.config.scenario_sensors import EoIr, Radar
from sim.sensors.detection import MIN_RANGE_M, false_alarm_count, rcs_db, size_db
from sim.sensors.pointing_kernel import candidates, spherical_fixes
from sim.sensors.types import Detections, Targets

COVARIANCE_FLOOR_M = 0.5  # isotropic 1-sigma added to every fix: keeps noise-free sensors invertible
LineOfSight = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class PointingModel:
    """Plain numbers for one radar or camera (built from the scenario model)."""

    name: str
    site_m: np.ndarray  # (3,) ENU, terrain height + mast height
    k: float  # SNR slope in dB per decade of range
    signature: Callable[[Targets], np.ndarray]  # dB over the reference target
    range_50_m: float
    pd_max: float
    slope_per_db: float
    false_alarms_per_hour: float
    azimuth_deg: float
    width_deg: float
    elevation_min_deg: float
    elevation_max_deg: float
    range_noise_frac: float
    azimuth_noise_rad: float
    elevation_noise_rad: float
    max_range_m: float = math.inf  # hard cut (visibility for a visible-band camera)
    blind: bool = False  # e.g. a visible-band camera at night


def _common(cfg: Radar | EoIr, site_m: np.ndarray) -> dict:
    d, c = cfg.detection, cfg.coverage
    return dict(name=cfg.name, site_m=site_m, range_50_m=float(d.range_m), pd_max=float(d.pd_max),
                slope_per_db=float(d.slope_per_db), false_alarms_per_hour=float(d.false_alarms_per_hour),
                azimuth_deg=float(c.azimuth_deg), width_deg=float(c.width_deg),
                elevation_min_deg=float(c.elevation_min_deg), elevation_max_deg=float(c.elevation_max_deg),
                range_noise_frac=float(cfg.range_noise_frac))


def radar_model(cfg: Radar, site_m: np.ndarray) -> PointingModel:
    ref = float(cfg.reference_rcs_m2)
    return PointingModel(k=40.0, signature=lambda tg: rcs_db(tg.rcs_m2, ref),
                         azimuth_noise_rad=math.radians(cfg.bearing_noise_deg),
                         elevation_noise_rad=math.radians(cfg.elevation_noise_deg), **_common(cfg, site_m))


def eo_ir_model(cfg: EoIr, site_m: np.ndarray, light: str, visibility_m: float) -> PointingModel:
    ref = float(cfg.reference_size_m)
    visible = cfg.band == "visible"
    bearing = math.radians(cfg.bearing_noise_deg)
    return PointingModel(k=20.0, signature=lambda tg: size_db(tg.size_m, ref),
                         azimuth_noise_rad=bearing, elevation_noise_rad=bearing,
                         max_range_m=float(visibility_m) if visible else math.inf,
                         blind=visible and light == "night", **_common(cfg, site_m))


class PointingSensor:
    def __init__(self, index: int, model: PointingModel, line_of_sight: LineOfSight | None) -> None:
        self.index = index
        self.model = model
        self.name = model.name
        self._los = line_of_sight

    def look(self, t_s: float, targets: Targets, rng: np.random.Generator, look_period_s: float) -> Detections:
        """One look at time `t_s`; draws from `rng` in a fixed order."""
        m = self.model
        pos = np.ascontiguousarray(targets.positions_m, dtype=np.float64).reshape(-1, 3)
        u = rng.random(len(pos))
        if m.blind or len(pos) == 0:
            idx, r, az, el = np.empty(0, dtype=np.int64), np.empty(0), np.empty(0), np.empty(0)
        else:
            sig = np.ascontiguousarray(m.signature(targets), dtype=np.float64).reshape(-1)
            idx, r, az, el = candidates(pos, m.site_m, sig, u, m.k, m.range_50_m, m.pd_max, m.slope_per_db,
                                        m.azimuth_deg, m.width_deg, m.elevation_min_deg, m.elevation_max_deg,
                                        m.max_range_m, MIN_RANGE_M)
            if self._los is not None and idx.size:
                vis = np.asarray(self._los(np.broadcast_to(m.site_m, (idx.size, 3)), pos[idx]), dtype=bool)
                idx, r, az, el = idx[vis], r[vis], az[vis], el[vis]
        fix, cov = self._fix(r, az, el, rng.standard_normal((idx.size, 3)))
        real = Detections(self.index, t_s, fix, cov, np.asarray(targets.ids, dtype=np.int64)[idx], r)
        fa_m, fa_cov = self._false_alarms(rng, look_period_s)
        return Detections.merge(self.index, t_s, real, fa_m, fa_cov)

    def _fix(self, rng_m: np.ndarray, az: np.ndarray, el: np.ndarray,
             noise: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m = self.model
        return spherical_fixes(m.site_m, rng_m, az, el, noise, m.range_noise_frac, m.azimuth_noise_rad,
                               m.elevation_noise_rad, MIN_RANGE_M, COVARIANCE_FLOOR_M)

    def _false_alarms(self, rng: np.random.Generator, look_period_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Clutter uniform in range (up to the 50 % range), azimuth sector and elevation band above ground."""
        m = self.model
        n = 0 if m.blind else false_alarm_count(rng, m.false_alarms_per_hour, look_period_s)
        if n == 0:
            return np.empty((0, 3)), np.empty((0, 3, 3))
        u = rng.random((n, 3))
        r = MIN_RANGE_M + u[:, 0] * (min(m.range_50_m, m.max_range_m) - MIN_RANGE_M)
        a = np.radians(m.azimuth_deg + (u[:, 1] - 0.5) * m.width_deg)
        lo = max(m.elevation_min_deg, 0.0) if m.elevation_max_deg > 0.0 else m.elevation_min_deg
        e = np.radians(lo + u[:, 2] * (m.elevation_max_deg - lo))
        return self._fix(r, a, e, np.zeros((n, 3)))
