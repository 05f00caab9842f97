"""What the renderer needs from a trial: a static scene (once) and a snapshot (every frame).

The two builders here are the only code of the cockpit that reads the engine's
internals (the world's fleet arrays, the entity table, the trial setup); the
renderer, HUD and map only see these dataclasses. Frame: ENU metres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.entities import FLYING, Kind
from sim.geometry import Box
from sim.terrain import Heightmap

if TYPE_CHECKING:
    from sim.loop import TrialLoop
    from sim.trial_setup import TrialSetup


@dataclass(frozen=True)
class SceneSnapshot:
    """Every entity's pose at one instant (row = entity id); `alive` = flying now."""

    t_s: float
    positions_m: np.ndarray  # (n, 3)
    quaternions: np.ndarray  # (n, 4) w, x, y, z; body (FLU) -> world
    velocities_mps: np.ndarray  # (n, 3)
    kinds: np.ndarray  # int8 (n,) sim.entities.Kind
    sides: np.ndarray  # int8 (n,) sim.entities.Side
    alive: np.ndarray  # bool (n,)
    scale_m: np.ndarray  # (n,) quadrotor arm length or fixed-wing span

    def __len__(self) -> int:
        return len(self.kinds)


@dataclass(frozen=True)
class Jammer:
    position_m: tuple[float, float, float]  # antenna, ground + height
    footprint_m: float  # nominal radius of control-link denial (see sim.cockpit.tactical_map)


@dataclass(frozen=True)
class StaticScene:
    """Everything that does not move: ground, boxes, sites, sensors, light, per-entity constants."""

    light: str  # "day" | "night"
    visibility_m: float
    area_size_m: tuple[float, float]
    ground: Heightmap | str  # "flat" or a heightmap
    buildings: tuple[Box, ...]
    assets: tuple[Box, ...]
    sites_m: np.ndarray  # (k, 3) launch-site pads
    sensors_m: np.ndarray  # (s, 4) x, y, ground z, mast height of radars and cameras
    jammers: tuple[Jammer, ...] = ()
    airframes: tuple[str, ...] = ()  # per entity
    uptilt_deg: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per entity, airframe camera
    fov_deg: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _ground_z(setup: "TrialSetup", xy) -> float:
    return float(setup.world.geometry.terrain_height(np.array([xy[0]]), np.array([xy[1]]))[0])


def static_scene_from_setup(setup: "TrialSetup") -> StaticScene:
    from sim.cockpit.tactical_map import jammer_footprint_m  # the map owns the footprint rule

    sc, geometry = setup.resolved.scenario, setup.world.geometry
    n_buildings = len(sc.area.buildings)
    masts = [(*s.position_m, _ground_z(setup, s.position_m), float(s.height_m))
             for s in (*sc.sensors.radars, *sc.sensors.eo_ir)]
    jammers = tuple(Jammer((float(j.position_m[0]), float(j.position_m[1]),
                            _ground_z(setup, j.position_m) + float(j.height_m)), jammer_footprint_m(j, sc.ew))
                    for j in sc.ew.jammers)
    airframes = setup.resolved.airframes
    names = tuple(setup.entities.airframe)
    return StaticScene(
        light=sc.weather.light, visibility_m=float(sc.weather.visibility_m),
        area_size_m=(float(sc.area.size_m[0]), float(sc.area.size_m[1])), ground=geometry.ground,
        buildings=tuple(geometry.boxes[:n_buildings]), assets=tuple(geometry.boxes[n_buildings:]),
        sites_m=np.array([s.position_m for s in setup.sites], dtype=float).reshape(-1, 3),
        sensors_m=np.array(masts, dtype=float).reshape(-1, 4), jammers=jammers, airframes=names,
        uptilt_deg=np.array([airframes[n].camera.uptilt_deg for n in names], dtype=float),
        fov_deg=np.array([airframes[n].camera.fov_deg for n in names], dtype=float))


def _scale(airframe) -> float:
    if airframe.kind == "quadrotor":
        return float(airframe.body.arm_length_m)
    return float(airframe.span_m.value) if airframe.span_m is not None else 2.5


def wing_quaternions(yaw: np.ndarray, gamma: np.ndarray, bank: np.ndarray) -> np.ndarray:
    """(n, 4) body (FLU) attitude of fixed wings from course, flight-path angle and bank.

    The wing model's positive bank turns left (yaw grows), i.e. FLU roll = -bank;
    FLU pitch is positive nose down, i.e. pitch = -gamma (Z-Y-X Euler angles)."""
    cr, sr = np.cos(-0.5 * bank), np.sin(-0.5 * bank)
    cp, sp = np.cos(-0.5 * gamma), np.sin(-0.5 * gamma)
    cy, sy = np.cos(0.5 * yaw), np.sin(0.5 * yaw)
    return np.stack([cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy,
                     cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy], axis=1)


class SnapshotBuilder:
    """Builds a `SceneSnapshot` from a running `TrialLoop`; per-entity constants are gathered once."""

    def __init__(self, loop: "TrialLoop") -> None:
        self.loop = loop
        e = loop.entities
        self.kinds, self.sides = e.kind_array.copy(), e.side_array.copy()
        self.quad_ids, self.quad_rows = e.quad_ids, e.quad_fleet
        self.wing_ids, self.wing_rows = e.wing_ids, e.wing_fleet
        airframes = loop.setup.resolved.airframes
        self.scale_m = np.array([_scale(airframes[name]) for name in e.airframe], dtype=float)

    def build(self) -> SceneSnapshot:
        loop = self.loop
        n = len(self.kinds)
        pos, quat, vel = np.empty((n, 3)), np.empty((n, 4)), np.empty((n, 3))
        q = loop.world.quads.state
        pos[self.quad_ids] = q[L.POS:L.POS + 3, self.quad_rows].T
        vel[self.quad_ids] = q[L.VEL:L.VEL + 3, self.quad_rows].T
        quat[self.quad_ids] = q[L.QUAT:L.QUAT + 4, self.quad_rows].T
        if len(self.wing_ids):
            wings = loop.world.wings
            s = wings.state[:, self.wing_rows]
            pos[self.wing_ids] = s[W.POS:W.POS + 3].T
            speed, yaw, gamma = s[W.SPEED], s[W.YAW], s[W.GAMMA]
            wind = wings.params[W.WIND:W.WIND + 3, self.wing_rows]
            vel[self.wing_ids] = (np.stack([speed * np.cos(gamma) * np.cos(yaw), speed * np.cos(gamma) * np.sin(yaw),
                                            speed * np.sin(gamma)]) + wind).T
            quat[self.wing_ids] = wing_quaternions(yaw, gamma, s[W.BANK])
        return SceneSnapshot(float(loop.t_s), pos, quat, vel, self.kinds, self.sides,
                             loop.entities.status == FLYING, self.scale_m)


def make_snapshot(positions_m, quaternions=None, kinds=None, sides=None, alive=None, scale_m=None,
                  velocities_mps=None, t_s: float = 0.0) -> SceneSnapshot:
    """A snapshot from plain arrays (tests, replay of recorded frames); defaults: level blue quads."""
    pos = np.asarray(positions_m, dtype=float).reshape(-1, 3)
    n = len(pos)
    quat = np.tile([1.0, 0.0, 0.0, 0.0], (n, 1)) if quaternions is None else np.asarray(quaternions, float)

    def full(values, default, dtype):
        return np.full(n, default, dtype=dtype) if values is None else np.asarray(values, dtype=dtype)

    return SceneSnapshot(t_s, pos, quat.reshape(n, 4),
                         np.zeros((n, 3)) if velocities_mps is None else np.asarray(velocities_mps, float),
                         full(kinds, int(Kind.QUADROTOR), np.int8), full(sides, 0, np.int8), full(alive, True, bool),
                         full(scale_m, 0.14, float))


def quaternion_from_yaw_pitch_roll(yaw_rad: float, pitch_rad: float = 0.0, roll_rad: float = 0.0) -> np.ndarray:
    """FLU attitude (w, x, y, z) from Z-Y-X Euler angles; pitch positive nose down, as in sim.dynamics."""
    cr, sr = math.cos(roll_rad / 2), math.sin(roll_rad / 2)
    cp, sp = math.cos(pitch_rad / 2), math.sin(pitch_rad / 2)
    cy, sy = math.cos(yaw_rad / 2), math.sin(yaw_rad / 2)
    return np.array([cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy,
                     cr * sp * cy + sr * cp * sy, cr * cp * sy - sr * sp * cy])
