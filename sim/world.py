"""The world: every flying body's batched state, the static geometry, one seeded RNG.

`World.step` advances all quadrotors and all fixed-wing bodies with one kernel
call each, then asks the static geometry (pybullet) which bodies ran into the
ground or a building on the way. Nothing here knows about sensors, recorders,
viewers or agents: they read the world's arrays and set its commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sim.config.airframe import FixedWing, Quadrotor
from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import Atmosphere, QuadFleet
from sim.dynamics.wing_fleet import WingFleet

DEFAULT_PHYSICS_HZ = 240.0  # quadrotor attitude dynamics need ~4 ms steps; Bullet's default too


class Geometry(Protocol):
    """What the world needs from its static geometry (see sim.geometry)."""

    def crashes(self, prev_pos: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...

    def terrain_height(self, x: np.ndarray, y: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class Crash:
    """A body that hit the ground or a building during the last step call."""

    kind: str  # "quadrotor" or "fixed_wing"
    index: int  # row in that fleet
    point_m: tuple[float, float, float]
    obstacle: int  # 0 ground, k > 0 the k-th box of the geometry


class World:
    """State container for one world (or, by concatenated fleets, a batch of worlds)."""

    def __init__(self, seed: int = 0, physics_hz: float = DEFAULT_PHYSICS_HZ,
                 atmosphere: Atmosphere = Atmosphere(), geometry: Geometry | None = None) -> None:
        if physics_hz <= 0:
            raise ValueError("physics_hz must be positive")
        self.seed = seed
        self.dt = 1.0 / physics_hz
        self.atmosphere = atmosphere
        self.geometry = geometry
        self.time_s = 0.0
        self.steps = 0
        # One seed, split per subsystem, so adding a sensor never shifts the gusts.
        dynamics_seq, self.sensor_seed, self.scenario_seed = np.random.SeedSequence(seed).spawn(3)
        self.dynamics_rng = np.random.default_rng(dynamics_seq)
        self.quads = QuadFleet()
        self.wings = WingFleet()
        # Flat ground: heights never change, so the per-step terrain refresh is skipped.
        self._flat = geometry is None or getattr(geometry, "ground", None) == "flat"

    def add_quadrotor(self, airframe: Quadrotor, position_m, yaw_rad: float = 0.0, hovering: bool = True) -> int:
        index = self.quads.add(airframe, position_m, yaw_rad, self.dynamics_rng, self.atmosphere, hovering)
        if self.geometry is not None:
            self._refresh_ground(np.array([index]))
        return index

    def add_fixed_wing(self, airframe: FixedWing, position_m, yaw_rad: float = 0.0,
                       speed_mps: float | None = None) -> int:
        return self.wings.add(airframe, position_m, yaw_rad, self.atmosphere, speed_mps)

    def step(self, n_steps: int = 1) -> list[Crash]:
        """Advance every body `n_steps` physics steps; return the crashes that happened."""
        quad_before = self.quads.positions.copy()
        wing_before = self.wings.positions.copy()
        quad_alive = self.quads.alive.copy()
        self.quads.step(self.dt, n_steps)
        self.wings.step(self.dt, n_steps)
        self.steps += n_steps
        self.time_s = self.steps * self.dt
        crashes = [Crash("quadrotor", int(i), tuple(self.quads.positions[i]), 0)
                   for i in np.flatnonzero(quad_alive & ~self.quads.alive)]
        # The quadrotor kernel already handles ground contact (landing vs crash).
        crashes += self._collide("quadrotor", self.quads.state, L.ALIVE, quad_before, self.quads.positions,
                                 ground=False)
        crashes += self._collide("fixed_wing", self.wings.state, W.ALIVE, wing_before, self.wings.positions,
                                 ground=True)
        if self.geometry is not None and len(self.quads) and not self._flat:
            self._refresh_ground(np.flatnonzero(self.quads.alive))
        return crashes

    def _collide(self, kind: str, state: np.ndarray, alive_col: int, before: np.ndarray,
                 after: np.ndarray, ground: bool) -> list[Crash]:
        if self.geometry is None:  # flat ground at z = 0 only
            live = np.flatnonzero(state[alive_col] == 1.0)
            hit = (after[live, 2] < 0.0) & ground
            points = after[live].copy()
            points[:, 2] = 0.0
            what = np.zeros(live.size, dtype=int)
        else:
            live = self.geometry.moving_candidates(before, after, state[alive_col])
            if live.size == 0:
                return []
            hit, points, what = self.geometry.crashes(before[live], after[live])
            if not ground:
                hit = hit & (what != 0)
        out = []
        for k in np.flatnonzero(hit):
            row = live[k]
            state[alive_col, row] = 0.0
            state[0:3, row] = points[k]
            out.append(Crash(kind, int(row), tuple(float(v) for v in points[k]), int(what[k])))
        return out

    def _refresh_ground(self, rows: np.ndarray) -> None:
        pos = self.quads.positions[rows]
        self.quads.state[L.GROUND_Z, rows] = self.geometry.terrain_height(pos[:, 0], pos[:, 1])
