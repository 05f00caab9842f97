"""Scripted red behaviours: direct, route, low-level, weaving, dive.

One class flies a wave: it follows the route (waypoints, then the target
asset), at the wave's altitude or hugging the terrain, optionally weaving,
and ends with a terminal dive onto the target. Fixed wings get WAYPOINT/DIVE
commands (per row, so the level column is returned); multirotors (FPV strike
drones) get VELOCITY commands.

Parameters (scenario `params`): `height_m` (low-level: height above terrain,
default 30), `weave_m` (weaving: lateral amplitude, default 250 for wings,
25 for quads), `weave_period_s` (default 12 / 4), `dive_start_m` (horizontal
distance at which the terminal dive starts; default 1.5 x height above the
target, 3 x for `dive`), `capture_m` (waypoint reached, default 150 / 15).
"""

from __future__ import annotations

import math

import numpy as np

from agents.base import Controller, EntitySpec, Observation
from sim.dynamics.fixed_wing import FixedWingLevel
from sim.dynamics.layout import ControlLevel

BEHAVIOURS = ("direct", "route", "low-level", "weaving", "dive")
QUAD_CLIMB_GAIN = 1.0  # 1/s, height error -> climb rate for multirotors


class RedBehaviour(Controller):
    level = FixedWingLevel.WAYPOINT  # per-row levels are returned in column 4

    def __init__(self, behaviour: str = "direct", **params) -> None:
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown red behaviour '{behaviour}'; known: {', '.join(BEHAVIOURS)}")
        super().__init__(behaviour=behaviour, **params)
        self.behaviour = behaviour

    def reset(self, specs: list[EntitySpec], rng: np.random.Generator) -> None:
        super().reset(specs, rng)
        first = specs[0]
        # A wave shares its route, target, altitude and airframe: vectorise over its drones.
        self.wing = first.airframe.kind == "fixed_wing"
        self.route = np.array([*first.waypoints_m] + ([first.target_m] if first.target_m is not None else []),
                              dtype=float).reshape(-1, 3)
        self.has_target = first.target_m is not None
        self.cruise_altitude_m = first.cruise_altitude_m
        self.speed_mps = first.speed_mps
        self.top_speed_mps = first.airframe.top_speed_kmh.value / 3.6
        # Entity id -> row of this wave, as an array: looked up for the whole wave every decision.
        self.row_of = np.full(max(s.entity_id for s in specs) + 1, -1, dtype=np.int64)
        self.row_of[[s.entity_id for s in specs]] = np.arange(len(specs))
        self.legs = np.zeros(len(specs), dtype=int)
        # Weaving phase per drone, so a wave does not weave in step.
        self.phase = rng.uniform(0.0, 2.0 * math.pi, size=len(specs))

    def _param(self, name: str, wing_default: float, quad_default: float) -> float:
        return float(self.params.get(name, wing_default if self.wing else quad_default))

    def act(self, obs: Observation) -> np.ndarray:
        rows = self.row_of[np.asarray(obs.ids, dtype=np.int64)]
        position = obs.positions_m
        last = len(self.route) - 1
        capture = self._param("capture_m", 150.0, 15.0)
        legs = self.legs[rows]
        for _ in range(last):  # advance past every waypoint already reached
            reached = (legs < last) & (np.hypot(*(self.route[legs, :2] - position[:, :2]).T) < capture)
            if not reached.any():
                break
            legs = legs + reached
        self.legs[rows] = legs
        aim = self.route[legs].copy()
        final = (legs == last) & self.has_target
        # Waypoints carry their own height; the leg to the target is flown at cruise height.
        height = np.where(final, self.cruise_altitude_m, aim[:, 2] - obs.ground_height_m)
        if self.behaviour == "low-level":
            height = np.full(len(rows), self._param("height_m", 30.0, 30.0))
        cruise_z = obs.ground_height_m + height
        horizontal = np.hypot(*(aim[:, :2] - position[:, :2]).T)
        above = np.maximum(position[:, 2] - aim[:, 2], 1.0)
        dive_factor = 3.0 if self.behaviour == "dive" else 1.5
        dive_start = float(self.params["dive_start_m"]) if "dive_start_m" in self.params else dive_factor * above
        diving = final & (horizontal < dive_start)
        if self.behaviour == "weaving":
            aim = np.where(diving[:, None], aim, self._weave(aim, position, obs.t_s, rows))
        return self._wing_commands(aim, cruise_z, diving) if self.wing else \
            self._quad_commands(aim, position, cruise_z, diving)

    def _weave(self, aim: np.ndarray, position: np.ndarray, t_s: float, rows: np.ndarray) -> np.ndarray:
        amplitude = self._param("weave_m", 250.0, 25.0)
        period = self._param("weave_period_s", 12.0, 4.0)
        along = _unit2(aim[:, :2] - position[:, :2])
        lateral = np.column_stack([-along[:, 1], along[:, 0]])
        offset = amplitude * np.sin(2.0 * math.pi * t_s / period + self.phase[rows])
        # Aim a fixed distance ahead with a lateral offset: the track snakes around the route.
        ahead = position[:, :2] + along * (4.0 * amplitude) + lateral * offset[:, None]
        return np.column_stack([ahead, aim[:, 2]])

    def _wing_commands(self, aim: np.ndarray, cruise_z: np.ndarray, diving: np.ndarray) -> np.ndarray:
        z = np.where(diving, aim[:, 2], cruise_z)
        speed = np.where(diving, 0.0, self.speed_mps)
        level = np.where(diving, float(FixedWingLevel.DIVE), float(FixedWingLevel.WAYPOINT))
        return np.column_stack([aim[:, 0], aim[:, 1], z, speed, level])

    def _quad_commands(self, aim: np.ndarray, position: np.ndarray, cruise_z: np.ndarray,
                       diving: np.ndarray) -> np.ndarray:
        flat = _unit2(aim[:, :2] - position[:, :2]) * self.speed_mps
        cruise = np.column_stack([flat, QUAD_CLIMB_GAIN * (cruise_z - position[:, 2])])
        to_target = aim - position
        dive = to_target / np.maximum(np.linalg.norm(to_target, axis=1), 1e-6)[:, None] * self.top_speed_mps
        velocity = np.where(diving[:, None], dive, cruise)
        yaw = np.arctan2(to_target[:, 1], to_target[:, 0])
        return np.column_stack([velocity, yaw, np.full(len(yaw), float(ControlLevel.VELOCITY))])


def _unit2(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1), 1e-6)[:, None]
