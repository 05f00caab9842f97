"""Scenario -> the plain arrays the environment kernels read (built once, at construction).

A scenario is loaded and resolved once (its distributions drawn with one
seed); what varies per episode (spawn point, launch site, wave, start range,
wind and turbulence) is drawn inside the kernels from these tables, so a
reset never touches the config layer or pybullet.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.config.airframe import FixedWing, Quadrotor
from sim.config.distributions import support
from sim.config.loading import load_airframe
from sim.config.resolve import DEFAULT_LETHAL_RADIUS_M, ResolvedScenario, resolve
from sim.config.scenario import Scenario
from sim.config.scenario_loading import load_scenario
from sim.dynamics.quad_fleet import Atmosphere
from sim.dynamics.wing_fleet import params_row as wing_params_row
from sim.envs import intercept_geometry as K
from sim.terrain import Heightmap, heightmap_height

ScenarioLike = str | os.PathLike[str] | Scenario


@dataclass(frozen=True)
class Ground:
    """Flat ground at `base_z_m`, or a heightmap (outside it: `base_z_m`, its lowest point)."""

    flat: bool
    base_z_m: float
    heights_m: np.ndarray  # (ny, nx); a dummy 2x2 grid when flat
    origin_xy_m: tuple[float, float]
    cell_size_m: float

    def height(self, x_m: float, y_m: float) -> float:
        if self.flat:
            return self.base_z_m
        return float(heightmap_height(Heightmap(self.heights_m, self.cell_size_m), x_m, y_m))


def load_resolved(scenario: ScenarioLike, seed: int | None = None) -> tuple[Scenario, ResolvedScenario]:
    """The scenario as written (distributions kept) and resolved with `seed` (default: its meta.seed)."""
    written = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    rng = np.random.default_rng(written.meta.seed if seed is None else seed)
    return written, resolve(written, rng)


def weather_ranges(written: Scenario) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    """Wind speed (m/s), wind direction (compass deg, from) and turbulence sigma (m/s): each the support
    of the scenario's value, from which every episode draws uniformly."""
    weather = written.weather
    return (tuple(map(float, support(weather.wind_speed_mps))), tuple(map(float, support(weather.wind_from_deg))),
            tuple(map(float, support(weather.gust_sigma_mps))))


def ground(resolved: ResolvedScenario) -> Ground:
    """The scenario's terrain, built as the engine builds it (sim.trial_setup): a heightmap file, hills
    sampled on a grid of the area at `cell_size_m`, or flat ground at z = 0."""
    area = resolved.scenario.area
    terrain = area.terrain
    if terrain.heightmap is not None:
        path = Path(terrain.heightmap)
        heights = np.load(path) if path.suffix.lower() == ".npy" else np.loadtxt(path, delimiter=",")
    elif terrain.hills:
        step = terrain.cell_size_m
        nx, ny = (int(math.ceil(size / step)) + 1 for size in area.size_m)
        gx, gy = np.meshgrid((np.arange(nx) - (nx - 1) / 2) * step, (np.arange(ny) - (ny - 1) / 2) * step)
        heights = np.zeros_like(gx)
        for hill in terrain.hills:
            heights += hill.height_m * np.exp(-((gx - hill.center_m[0]) ** 2 + (gy - hill.center_m[1]) ** 2)
                                              / (2.0 * hill.radius_m ** 2))
    else:
        return Ground(True, 0.0, np.zeros((2, 2)), (0.0, 0.0), 1.0)
    grid = Heightmap(np.asarray(heights, dtype=float), terrain.cell_size_m)
    return Ground(False, float(grid.heights_m.min()), np.ascontiguousarray(grid.heights_m), grid.origin_xy_m,
                  float(terrain.cell_size_m))


def quad_airframe(resolved: ResolvedScenario, name: str) -> Quadrotor:
    """A scenario airframe (prototypes included) or a built-in one, which must be a quadrotor."""
    airframe = resolved.airframes.get(name) or load_airframe(name)
    if not isinstance(airframe, Quadrotor):
        raise ValueError(f"airframe '{name}' is a {airframe.kind}; the environments fly quadrotors")
    return airframe


def lethal_radius_m(resolved: ResolvedScenario, airframe: Quadrotor) -> float:
    """The scenario's kill rule for this airframe, else its payload's lethal radius (as the engine)."""
    rule = resolved.scenario.rules.kill.get(airframe.name)
    if rule is not None and rule.lethal_radius_m is not None:
        return float(rule.lethal_radius_m)
    radius = airframe.payload.lethal_radius_m
    return radius.value if radius is not None else DEFAULT_LETHAL_RADIUS_M


def sites_table(resolved: ResolvedScenario, launch_site: str | None) -> tuple[np.ndarray, list[str]]:
    """(S, 2) launch-site positions: every site of the scenario, or the one named."""
    sites = resolved.scenario.blue.launch_sites
    if launch_site is not None:
        sites = [s for s in sites if s.name == launch_site]
        if not sites:
            known = ", ".join(s.name for s in resolved.scenario.blue.launch_sites)
            raise ValueError(f"no launch site '{launch_site}' in scenario '{resolved.scenario.meta.name}'; "
                             f"known: {known}")
    if not sites:
        raise ValueError(f"scenario '{resolved.scenario.meta.name}' has no launch site")
    return np.array([s.position_m for s in sites], dtype=float).reshape(-1, 2), [s.name for s in sites]


def assets_table(resolved: ResolvedScenario, terrain: Ground) -> np.ndarray:
    """(A, ASSET_COLS): each asset's box standing on the terrain under its centre."""
    rows = []
    for asset in resolved.scenario.area.assets:
        x, y = asset.position_m
        sx, sy, sz = asset.size_m
        yaw = math.radians(asset.yaw_deg)
        rows.append((x, y, terrain.height(x, y), sx / 2, sy / 2, sz / 2, math.cos(yaw), math.sin(yaw)))
    return np.array(rows, dtype=float).reshape(-1, K.ASSET_COLS)


def waves_table(resolved: ResolvedScenario, wave: str | int | None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(W, WAVE_COLS) and their airframes' (W, wing params) for the waves the threat may come from:
    the one named (or indexed), else every wave of fixed-wing drones with a target asset."""
    sc = resolved.scenario
    waves = list(sc.red.waves)
    if wave is not None:
        chosen = [w for k, w in enumerate(waves) if w.name == wave or k == wave]
        if not chosen:
            raise ValueError(f"no wave {wave!r} in scenario '{sc.meta.name}'; known: "
                             + ", ".join(w.name for w in waves))
        waves = chosen
    assets = [a.name for a in sc.area.assets]
    usable = [w for w in waves
              if isinstance(resolved.airframes[w.airframe], FixedWing) and w.target is not None]
    if not usable:
        raise ValueError(f"scenario '{sc.meta.name}' has no wave of fixed-wing threats with a target asset "
                         f"(among: {', '.join(w.name for w in waves)}); Intercept-v0 needs one")
    rows, params = [], []
    for w in usable:
        circle = w.spawn.radius_m is not None
        size = w.spawn.size_m or (0.0, 0.0)
        heading = math.radians(90.0 - w.heading_deg) if w.heading_deg is not None else math.nan
        rows.append((w.spawn.center_m[0], w.spawn.center_m[1], w.spawn.radius_m if circle else 0.0, size[0],
                     size[1], w.altitude_m, heading, (w.speed_kmh or 0.0) / 3.6, assets.index(w.target)))
        params.append(wing_params_row(resolved.airframes[w.airframe], Atmosphere()))
    return np.array(rows, dtype=float), np.array(params, dtype=float), [w.name for w in usable]
