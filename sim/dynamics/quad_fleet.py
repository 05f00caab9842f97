"""The quadrotors of a world (or of a batch of worlds) as struct-of-arrays.

Airframe files are turned into parameter rows once, at spawn time; after that
the compiled kernel sees only arrays. A batch of independent worlds is the
concatenation of their fleets: every row carries its own parameters and random
stream, so no per-world bookkeeping is needed on the hot path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.config.airframe import Quadrotor
from sim.control.inner_loops import ARM_COMPONENT
from sim.dynamics import layout as L
from sim.dynamics.noise import seed_streams
from sim.dynamics.quadrotor import step_quadrotors
from sim.dynamics.rotation import euler_from_quaternions

STANDARD_GRAVITY = 9.80665  # m/s^2
SEA_LEVEL_AIR_DENSITY = 1.225  # kg/m^3, ISA


@dataclass(frozen=True)
class Atmosphere:
    """What the weather contributes to every body's parameters."""

    wind_mps: tuple[float, float, float] = (0.0, 0.0, 0.0)  # mean wind, world ENU
    gust_sigma_mps: float = 0.0  # turbulence standard deviation per axis
    gust_tau_s: float = 2.0  # turbulence correlation time
    air_density_kg_m3: float = SEA_LEVEL_AIR_DENSITY
    gravity_mps2: float = STANDARD_GRAVITY


def thrust_coefficient(airframe: Quadrotor, gravity: float = STANDARD_GRAVITY) -> float:
    """kf in N/(rad/s)^2, from the cited thrust-to-weight ratio at full motor speed."""
    max_total = airframe.motors.thrust_to_weight.value * airframe.mass_kg.value * gravity
    return max_total / 4.0 / airframe.motors.max_speed_rad_s ** 2


def hover_motor_speed(airframe: Quadrotor, gravity: float = STANDARD_GRAVITY) -> float:
    """Motor speed (rad/s) at which four motors hold the airframe's weight."""
    kf = thrust_coefficient(airframe, gravity)
    return math.sqrt(airframe.mass_kg.value * gravity / (4.0 * kf))


def params_row(airframe: Quadrotor, atmosphere: Atmosphere) -> np.ndarray:
    """One row of the parameter array for this airframe in this weather."""
    row = np.zeros(L.PARAM_COLS)
    body, motors, limits, gains = airframe.body, airframe.motors, airframe.limits, airframe.gains
    row[L.MASS] = airframe.mass_kg.value
    row[L.INERTIA:L.INERTIA + 3] = body.inertia_kg_m2
    row[L.ARM] = body.arm_length_m
    row[L.KF] = thrust_coefficient(airframe, atmosphere.gravity_mps2)
    row[L.KM_RATIO] = motors.yaw_torque_per_thrust_m
    row[L.MAX_W] = motors.max_speed_rad_s
    row[L.MOTOR_TAU] = motors.time_constant_s
    row[L.DRAG_LIN:L.DRAG_LIN + 3] = body.drag_linear_n_s_per_m
    row[L.DRAG_AREA] = body.drag_area_m2
    row[L.PROP_R] = body.prop_radius_m if body.ground_effect else 0.0
    row[L.AIR_DENSITY] = atmosphere.air_density_kg_m3
    row[L.WIND:L.WIND + 3] = atmosphere.wind_mps
    row[L.GUST_SIGMA] = atmosphere.gust_sigma_mps
    row[L.GUST_TAU] = atmosphere.gust_tau_s
    if airframe.battery is not None:
        row[L.BAT_CAPACITY] = airframe.battery.capacity_mah * 3.6  # mAh -> A s
        row[L.BAT_CELLS] = airframe.battery.cells
        row[L.BAT_R] = airframe.battery.internal_resistance_ohm
        row[L.BAT_HOVER_A] = airframe.battery.hover_current_a
    row[L.MAX_TILT] = math.radians(limits.max_tilt_deg)
    row[L.TAN_MAX_TILT] = math.tan(row[L.MAX_TILT])
    row[L.MAX_RATE:L.MAX_RATE + 3] = np.radians(limits.max_rate_deg_s)
    row[L.MAX_CLIMB] = limits.max_climb_mps
    row[L.MAX_DESCENT] = limits.max_descent_mps
    row[L.RATE_P:L.RATE_P + 3] = gains.rate_p
    row[L.RATE_I:L.RATE_I + 3] = gains.rate_i
    row[L.RATE_D:L.RATE_D + 3] = gains.rate_d
    row[L.ATT_P:L.ATT_P + 3] = gains.attitude_p
    row[L.VEL_P:L.VEL_P + 3] = gains.velocity_p
    row[L.VEL_I:L.VEL_I + 3] = gains.velocity_i
    row[L.POS_P:L.POS_P + 3] = gains.position_p
    row[L.MAX_SPEED_CMD] = gains.max_speed_cmd_mps
    row[L.GRAVITY] = atmosphere.gravity_mps2
    row[L.INV_MASS] = 1.0 / row[L.MASS]
    row[L.INV_INERTIA:L.INV_INERTIA + 3] = 1.0 / row[L.INERTIA:L.INERTIA + 3]
    row[L.INV_KF] = 1.0 / row[L.KF]
    row[L.INV_ARM_COMPONENT] = 1.0 / (row[L.ARM] * ARM_COMPONENT)
    row[L.INV_KM] = 1.0 / row[L.KM_RATIO]
    row[L.QUAD_DRAG] = 0.5 * row[L.AIR_DENSITY] * row[L.DRAG_AREA]
    row[L.ALPHA_DT] = -1.0  # motor-lag factor not computed yet
    return row


def initial_state_row(airframe: Quadrotor, position_m, yaw_rad: float, hovering: bool,
                      gravity: float = STANDARD_GRAVITY) -> np.ndarray:
    """State row at spawn: level, at rest, motors spun up to hover when airborne."""
    row = np.zeros(L.STATE_COLS)
    row[L.POS:L.POS + 3] = position_m
    row[L.QUAT:L.QUAT + 4] = (math.cos(yaw_rad / 2), 0.0, 0.0, math.sin(yaw_rad / 2))
    row[L.MOTOR:L.MOTOR + 4] = hover_motor_speed(airframe, gravity) if hovering else 0.0
    row[L.SOC] = 1.0
    row[L.BAT_SCALE] = 1.0
    row[L.ALIVE] = 1.0
    # Setpoints a hovering body holds until its first outer-loop update.
    row[L.ATT_SET:L.ATT_SET + 4] = row[L.QUAT:L.QUAT + 4]
    row[L.THRUST_SET] = airframe.mass_kg.value * gravity
    return row


@dataclass
class QuadFleet:
    """Quadrotors as columns of (quantities, bodies) arrays; `step` advances all at once.

    `wrench` holds, per body, the last step's applied force (world frame, N,
    gravity excluded) and the motors' torque (body frame, N m). `steps` counts
    physics steps taken; it keys the kernel's slower stages (outer loops,
    battery, turbulence), so fleets stepped in lockstep update on the same steps.
    """

    state: np.ndarray = field(default_factory=lambda: np.zeros((L.STATE_COLS, 0)))
    params: np.ndarray = field(default_factory=lambda: np.zeros((L.PARAM_COLS, 0)))
    cmd: np.ndarray = field(default_factory=lambda: np.zeros((L.CMD_COLS, 0)))
    streams: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    wrench: np.ndarray = field(default_factory=lambda: np.zeros((6, 0)))
    airframes: list[str] = field(default_factory=list)
    steps: int = 0

    def __len__(self) -> int:
        return self.state.shape[1]

    def add(self, airframe: Quadrotor, position_m, yaw_rad: float, rng: np.random.Generator,
            atmosphere: Atmosphere = Atmosphere(), hovering: bool = True) -> int:
        """Spawn a quadrotor holding its position; returns its index."""
        state = initial_state_row(airframe, position_m, yaw_rad, hovering, atmosphere.gravity_mps2)
        hold = np.array([*position_m, yaw_rad, float(L.ControlLevel.POSITION)])
        self.state = np.column_stack([self.state, state])
        self.params = np.column_stack([self.params, params_row(airframe, atmosphere)])
        self.cmd = np.column_stack([self.cmd, hold])
        self.streams = np.concatenate([self.streams, seed_streams(rng, 1)])
        self.wrench = np.column_stack([self.wrench, np.zeros(6)])
        self.airframes.append(airframe.name)
        return len(self) - 1

    def step(self, dt: float, n_steps: int = 1) -> None:
        step_quadrotors(self.state, self.params, self.cmd, self.streams, self.wrench, dt, n_steps, self.steps)
        self.steps += n_steps

    def set_command(self, index: int, level: L.ControlLevel, values) -> None:
        self.cmd[:4, index] = values
        self.cmd[L.CMD_LEVEL, index] = float(level)

    def body(self, index: int) -> np.ndarray:
        """The state column of one body (a view: writes go to the fleet)."""
        return self.state[:, index]

    @property
    def positions(self) -> np.ndarray:
        """(N, 3) view of positions, m."""
        return self.state[L.POS:L.POS + 3].T

    @property
    def velocities(self) -> np.ndarray:
        """(N, 3) view of velocities, m/s."""
        return self.state[L.VEL:L.VEL + 3].T

    @property
    def quaternions(self) -> np.ndarray:
        """(N, 4) view of attitudes (w, x, y, z)."""
        return self.state[L.QUAT:L.QUAT + 4].T

    @property
    def alive(self) -> np.ndarray:
        return self.state[L.ALIVE] != 0.0

    @property
    def euler_rad(self) -> np.ndarray:
        return euler_from_quaternions(self.quaternions)

    @classmethod
    def concatenate(cls, fleets: list["QuadFleet"]) -> "QuadFleet":
        """One fleet holding the bodies of several (e.g. a batch of independent worlds)."""
        if len({f.steps for f in fleets}) > 1:
            raise ValueError("fleets to batch must have taken the same number of steps")
        return cls(
            state=np.column_stack([f.state for f in fleets]),
            params=np.column_stack([f.params for f in fleets]),
            cmd=np.column_stack([f.cmd for f in fleets]),
            streams=np.concatenate([f.streams for f in fleets]),
            wrench=np.column_stack([f.wrench for f in fleets]),
            airframes=[name for f in fleets for name in f.airframes],
            steps=fleets[0].steps if fleets else 0,
        )
