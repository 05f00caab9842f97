"""Scenario -> world: build every body, group and site a trial needs, before t = 0.

All bodies are created up front and parked (not alive) until they spawn or
launch, so array shapes never change during a run. Spawn points are drawn
from the trial's own seeded stream, in a fixed order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from agents.base import Controller, EntitySpec
from agents.registry import make_controller
from sim.config.resolve import ResolvedScenario
from sim.config.scenario_area import wind_velocity_enu_mps
from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import Atmosphere
from sim.entities import EntityTable, Kind, Side
from sim.geometry import Box, StaticGeometry
from sim.terrain import Heightmap
from sim.world import DEFAULT_PHYSICS_HZ, World

DEFAULT_CONTROL_HZ = 30.0
DEFAULT_LOG_HZ = 10.0
RED_CONTROL_HZ = 5.0  # scripted red flies waypoints; its autopilot steers at physics rate


@dataclass
class Group:
    """The entities one controller instance flies."""

    name: str  # wave or interceptor airframe
    controller: Controller
    side: Side
    entity_ids: list[int]
    specs: list[EntitySpec]
    rate_hz: float
    next_due_s: float = 0.0
    members: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # entity_ids as an array


@dataclass
class Site:
    """A launch site at run time: what is left, and when its pads are free."""

    name: str
    position_m: np.ndarray
    ready_after_s: float
    launch_delay_s: float
    reload_s: float
    pads_free_at_s: list[float]
    parked: dict[str, list[int]] = field(default_factory=dict)  # airframe -> entity ids still in the magazine
    top_speed_mps: dict[str, float] = field(default_factory=dict)  # airframe -> top speed (target assignment)


@dataclass
class Assets:
    names: list[str]
    center_m: np.ndarray  # (n, 3) footprint centre at ground level
    half_size_m: np.ndarray  # (n, 3) half extents (x, y along the box axes; z height / 2)
    yaw_rad: np.ndarray
    value_eur: np.ndarray
    hit_points: np.ndarray  # remaining


@dataclass
class TrialSetup:
    resolved: ResolvedScenario
    seed: int
    world: World
    entities: EntityTable
    groups: list[Group]
    sites: list[Site]
    assets: Assets
    control_hz: float
    log_hz: float


def _ground(resolved: ResolvedScenario) -> Heightmap | str:
    terrain, area = resolved.scenario.area.terrain, resolved.scenario.area
    if terrain.heightmap is not None:
        path = Path(terrain.heightmap)
        heights = np.load(path) if path.suffix.lower() == ".npy" else np.loadtxt(path, delimiter=",")
        return Heightmap(np.asarray(heights, dtype=float), terrain.cell_size_m)
    if not terrain.hills:
        return "flat"
    step = terrain.cell_size_m
    nx, ny = (int(math.ceil(size / step)) + 1 for size in area.size_m)
    x = (np.arange(nx) - (nx - 1) / 2) * step
    y = (np.arange(ny) - (ny - 1) / 2) * step
    gx, gy = np.meshgrid(x, y)
    heights = np.zeros_like(gx)
    for hill in terrain.hills:
        d2 = (gx - hill.center_m[0]) ** 2 + (gy - hill.center_m[1]) ** 2
        heights += hill.height_m * np.exp(-d2 / (2.0 * hill.radius_m**2))
    return Heightmap(heights, step)


def _boxes(items, centers, geometry: StaticGeometry) -> list[Box]:
    """Upright boxes standing on the terrain."""
    out = []
    for item, (cx, cy) in zip(items, centers):
        base = float(geometry.terrain_height(np.array([cx]), np.array([cy]))[0])
        sx, sy, sz = item.size_m
        out.append(Box((cx, cy, base + sz / 2), (sx, sy, sz), math.radians(item.yaw_deg), item.name or ""))
    return out


def _geometry(resolved: ResolvedScenario) -> tuple[StaticGeometry, Assets]:
    """pybullet world of terrain, buildings and asset footprints; asset table for damage."""
    area = resolved.scenario.area
    ground = _ground(resolved)
    with StaticGeometry(ground) as terrain_only:
        boxes = _boxes(area.buildings, [b.center_m for b in area.buildings], terrain_only)
        boxes += _boxes(area.assets, [a.position_m for a in area.assets], terrain_only)
    geometry = StaticGeometry(ground, boxes)
    asset_boxes = boxes[len(area.buildings):]
    table = Assets(
        names=[a.name for a in area.assets],
        center_m=np.array([[b.center_xyz_m[0], b.center_xyz_m[1], b.center_xyz_m[2] - b.size_xyz_m[2] / 2]
                           for b in asset_boxes]).reshape(-1, 3),
        half_size_m=np.array([np.array(b.size_xyz_m) / 2 for b in asset_boxes]).reshape(-1, 3),
        yaw_rad=np.array([b.yaw_rad for b in asset_boxes]),
        value_eur=np.array([a.value_eur for a in area.assets], dtype=float),
        hit_points=np.array([a.hit_points for a in area.assets], dtype=float))
    return geometry, table


def resolve_stream(seed: int) -> np.random.Generator:
    """The trial seed's stream for sampling the scenario (the world's streams are its siblings)."""
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(4)[3])


def _spawn_point(region, rng: np.random.Generator) -> tuple[float, float]:
    cx, cy = region.center_m
    if region.radius_m is not None:
        radius, angle = region.radius_m * math.sqrt(rng.uniform()), rng.uniform(0, 2 * math.pi)
        return cx + radius * math.cos(angle), cy + radius * math.sin(angle)
    sx, sy = region.size_m
    return cx + rng.uniform(-sx / 2, sx / 2), cy + rng.uniform(-sy / 2, sy / 2)


def build_trial(resolved: ResolvedScenario, seed: int) -> TrialSetup:
    sc = resolved.scenario
    weather = sc.weather
    atmosphere = Atmosphere(wind_mps=wind_velocity_enu_mps(weather.wind_speed_mps, weather.wind_from_deg),
                            gust_sigma_mps=float(weather.gust_sigma_mps))
    geometry, assets = _geometry(resolved)
    world = World(seed=seed, physics_hz=sc.meta.physics_hz or DEFAULT_PHYSICS_HZ,
                  atmosphere=atmosphere, geometry=geometry)
    spawn_seq, controller_seq = world.scenario_seed.spawn(2)
    spawn_rng, controller_rng = np.random.default_rng(spawn_seq), np.random.default_rng(controller_seq)
    entities, groups = EntityTable(), []

    def ground_z(x: float, y: float) -> float:
        return float(geometry.terrain_height(np.array([x]), np.array([y]))[0])

    def add_body(airframe, position, yaw) -> tuple[Kind, int]:
        # Parked: not alive (frozen, ignored by collisions) until spawned or launched.
        if airframe.kind == "fixed_wing":
            index = world.add_fixed_wing(airframe, position, yaw)
            world.wings.state[W.ALIVE, index] = 0.0
            return Kind.FIXED_WING, index
        index = world.add_quadrotor(airframe, position, yaw, hovering=False)
        world.quads.state[L.ALIVE, index] = 0.0
        return Kind.QUADROTOR, index

    for wave in sc.red.waves:
        airframe = resolved.airframes[wave.airframe]
        target = None
        if wave.target is not None:
            k = assets.names.index(wave.target)
            target = tuple(assets.center_m[k] + (0.0, 0.0, 2.0 * assets.half_size_m[k, 2]))
        route = tuple((w[0], w[1], ground_z(w[0], w[1]) + (w[2] if len(w) > 2 else wave.altitude_m))
                      for w in wave.waypoints_m)
        # Cruise: the wave's speed, else the airframe's cruise (fixed wing) or 60 % of its top speed (quad).
        default_kmh = (airframe.cruise_speed_kmh.value if airframe.kind == "fixed_wing"
                       else 0.6 * airframe.top_speed_kmh.value)
        speed = (wave.speed_kmh or default_kmh) / 3.6
        group = Group(wave.name, make_controller(wave.behaviour, "red", dict(wave.params)), Side.RED, [], [],
                      RED_CONTROL_HZ)
        for k in range(int(wave.count)):
            x, y = _spawn_point(wave.spawn, spawn_rng)
            z = ground_z(x, y) + wave.altitude_m
            aim = route[0] if route else target
            yaw = (math.radians(90.0 - wave.heading_deg) if wave.heading_deg is not None
                   else math.atan2(aim[1] - y, aim[0] - x))
            kind, index = add_body(airframe, (x, y, z), yaw)
            entity = entities.add(Side.RED, kind, index, wave.airframe, len(groups), (x, y, z),
                                  (wave.spawn.center_m[0], wave.spawn.center_m[1], ground_z(*wave.spawn.center_m) + 2.0),
                                  airframe.link, float(wave.start_s + k * wave.spacing_s))
            group.entity_ids.append(entity)
            group.specs.append(EntitySpec(entity, "red", airframe, (x, y, z), float(wave.altitude_m), speed,
                                          target, route))
        groups.append(group)

    sites = []
    by_airframe: dict[str, Group] = {}
    for site in sc.blue.launch_sites:
        position = np.array([site.position_m[0], site.position_m[1], ground_z(*site.position_m)])
        runtime = Site(site.name, position, float(site.ready_after_s), float(site.launch_delay_s),
                       float(site.reload_s), [0.0] * int(site.pads))
        for name, count in site.magazine.items():
            airframe = resolved.airframes[name]
            if name not in by_airframe:
                entry = resolved.interceptor(name)
                by_airframe[name] = Group(name, make_controller(entry.controller, "blue", dict(entry.params)),
                                          Side.BLUE, [], [], DEFAULT_CONTROL_HZ)
                groups.append(by_airframe[name])
            group = by_airframe[name]
            runtime.parked[name] = []
            runtime.top_speed_mps[name] = airframe.top_speed_kmh.value / 3.6
            for _ in range(int(count)):
                kind, index = add_body(airframe, tuple(position), 0.0)
                entity = entities.add(Side.BLUE, kind, index, name, groups.index(group), tuple(position),
                                      tuple(position + (0.0, 0.0, 2.0)), airframe.link, math.inf)
                runtime.parked[name].append(entity)
                group.entity_ids.append(entity)
                group.specs.append(EntitySpec(entity, "blue", airframe, tuple(position), 50.0,
                                              airframe.top_speed_kmh.value / 3.6))
        sites.append(runtime)

    for group in groups:
        group.members = np.array(group.entity_ids, dtype=np.int64)
        group.controller.reset(group.specs, controller_rng)
    entities.freeze()
    return TrialSetup(resolved, seed, world, entities, groups, sites, assets,
                      float(sc.meta.control_hz or DEFAULT_CONTROL_HZ), float(sc.meta.log_hz or DEFAULT_LOG_HZ))
