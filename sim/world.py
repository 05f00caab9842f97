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
    obstacle: int  # 0 ground, k > 0 the k-th box of the geometry, NUMERICAL: its state stopped being finite


NUMERICAL = -1  # Crash.obstacle of a body whose state became NaN or infinite (see World._numerical)


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
        # First, before anything reads the new positions: a body whose state is no longer finite.
        crashes = self._numerical("quadrotor", self.quads.state, L.ALIVE, L.VEL + 3, quad_before, quad_alive)
        crashes += self._numerical("fixed_wing", self.wings.state, W.ALIVE, W.STATE_COLS, wing_before)
        crashes += [Crash("quadrotor", int(i), tuple(self.quads.positions[i]), 0)
                    for i in np.flatnonzero(quad_alive & ~self.quads.alive)]
        # The quadrotor kernel already handles ground contact (landing vs crash).
        crashes += self._collide("quadrotor", self.quads.state, L.ALIVE, quad_before, self.quads.positions,
                                 ground=False)
        crashes += self._collide("fixed_wing", self.wings.state, W.ALIVE, wing_before, self.wings.positions,
                                 ground=True)
        if self.geometry is not None and len(self.quads) and not self._flat:
            self._refresh_ground(np.flatnonzero(self.quads.alive))
        return crashes

    def _numerical(self, kind: str, state: np.ndarray, alive_col: int, checked_rows: int, before: np.ndarray,
                   was_alive: np.ndarray | None = None) -> list[Crash]:
        """Freeze every body whose position or velocity (rows :checked_rows) became NaN or infinite.

        A NaN anywhere in a body's state reaches its position within a step or two (a
        degenerate controller input, a faulty command); left there it would reach the
        sensors, the terrain lookup and the record. The body is frozen where it last was
        finite, its state cleaned (non-finite entries zeroed, a unit attitude), and, if it
        was flying, reported as a crash with obstacle NUMERICAL: a numerical failure of
        the model, not a flight, so the trial goes on without it. Clears `was_alive` of the
        bodies it reports, so they are not reported again as ground crashes. None: the
        bodies alive now were alive before the step (the fixed-wing kernel never clears ALIVE).
        """
        if len(before) == 0 or np.isfinite(state[:checked_rows]).all():  # the usual case: one cheap check
            return []
        if was_alive is None:
            was_alive = state[alive_col] != 0.0
        out = []
        for row in np.flatnonzero(~np.isfinite(state[:checked_rows]).all(axis=0)):
            column = state[:, row]
            column[~np.isfinite(column)] = 0.0
            column[0:3] = before[row]
            if kind == "quadrotor":
                column[L.VEL:L.VEL + 3] = column[L.OMEGA:L.OMEGA + 3] = column[L.MOTOR:L.MOTOR + 4] = 0.0
                for first in (L.QUAT, L.ATT_SET):
                    q = column[first:first + 4]
                    norm = np.linalg.norm(q)
                    column[first:first + 4] = q / norm if norm > 0.0 else (1.0, 0.0, 0.0, 0.0)
            else:
                column[W.SPEED] = 0.0
            column[alive_col] = 0.0
            if was_alive[row]:
                out.append(Crash(kind, int(row), tuple(float(v) for v in before[row]), NUMERICAL))
                was_alive[row] = False
        return out

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
