"""The fixed-wing bodies of a world as struct-of-arrays, stepped by one kernel call."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.config.airframe import FixedWing
from sim.dynamics import fixed_wing as W
from sim.dynamics.quad_fleet import Atmosphere

KMH = 1.0 / 3.6  # km/h -> m/s


def params_row(airframe: FixedWing, atmosphere: Atmosphere) -> np.ndarray:
    perf = airframe.performance
    row = np.zeros(W.PARAM_COLS)
    row[W.MIN_SPEED] = perf.stall_speed_kmh * KMH
    row[W.MAX_SPEED] = airframe.top_speed_kmh.value * KMH
    row[W.CRUISE_SPEED] = airframe.cruise_speed_kmh.value * KMH
    # An airframe that cannot dive keeps its top speed as the dive limit.
    row[W.DIVE_SPEED] = (perf.dive_speed_kmh or airframe.top_speed_kmh.value) * KMH
    row[W.MAX_BANK] = math.radians(perf.max_bank_deg)
    row[W.ROLL_RATE] = math.radians(perf.max_roll_rate_deg_s)
    row[W.MAX_CLIMB] = perf.max_climb_mps
    row[W.MAX_DESCENT] = perf.max_descent_mps
    row[W.MAX_ACCEL] = perf.max_accel_mps2
    row[W.SPEED_TAU] = perf.speed_time_constant_s
    row[W.HEADING_P] = airframe.gains.heading_p
    row[W.ALT_P] = airframe.gains.altitude_p
    row[W.WIND:W.WIND + 3] = atmosphere.wind_mps
    row[W.GRAVITY] = atmosphere.gravity_mps2
    row[W.MASS] = airframe.mass_kg.value
    return row


@dataclass
class WingFleet:
    """Fixed-wing bodies as columns of (quantities, bodies) arrays; `step` advances all at once."""

    state: np.ndarray = field(default_factory=lambda: np.zeros((W.STATE_COLS, 0)))
    params: np.ndarray = field(default_factory=lambda: np.zeros((W.PARAM_COLS, 0)))
    cmd: np.ndarray = field(default_factory=lambda: np.zeros((W.CMD_COLS, 0)))
    airframes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return self.state.shape[1]

    def add(self, airframe: FixedWing, position_m, yaw_rad: float,
            atmosphere: Atmosphere = Atmosphere(), speed_mps: float | None = None) -> int:
        """Spawn in level flight at cruise speed, holding heading and altitude."""
        row = np.zeros(W.STATE_COLS)
        row[W.POS:W.POS + 3] = position_m
        row[W.SPEED] = speed_mps if speed_mps is not None else airframe.cruise_speed_kmh.value * KMH
        row[W.YAW] = yaw_rad
        row[W.ALIVE] = 1.0
        hold = np.array([row[W.SPEED], yaw_rad, position_m[2], 0.0, float(W.FixedWingLevel.HEADING)])
        self.state = np.column_stack([self.state, row])
        self.params = np.column_stack([self.params, params_row(airframe, atmosphere)])
        self.cmd = np.column_stack([self.cmd, hold])
        self.airframes.append(airframe.name)
        return len(self) - 1

    def step(self, dt: float, n_steps: int = 1) -> None:
        W.step_fixed_wings(self.state, self.params, self.cmd, dt, n_steps)

    def set_command(self, index: int, level: W.FixedWingLevel, values) -> None:
        self.cmd[:4, index] = values
        self.cmd[W.CMD_LEVEL, index] = float(level)

    @property
    def alive(self) -> np.ndarray:
        return self.state[W.ALIVE] != 0.0

    @property
    def positions(self) -> np.ndarray:
        return self.state[W.POS:W.POS + 3].T

    @property
    def velocities(self) -> np.ndarray:
        """Ground velocity (m/s), air velocity plus mean wind."""
        return W.ground_velocities(self.state, self.params)
