"""Flight modes: normalised sticks -> the four command numbers of an engine control level.

- ACRO: sticks are body rates through the pilot's rates; throttle is collective
  thrust (0..1 of max). Level RATES.
- ANGLE: stick deflection is tilt (full stick = `angle_limit_deg`, default 60),
  centred sticks level the drone; yaw stick turns the heading at the yaw rate.
  Level ATTITUDE.
- HORIZON: angle near the centre, acro at the edges. Below `horizon_transition`
  of stick deflection (max of |roll|, |pitch|; default 0.5) it levels exactly
  like angle; from there to full stick the levelling fades linearly to zero and
  the acro rates take over, so full stick flips. Level RATES (the levelling
  term is computed here with the same law as the engine's attitude loop).
- ASSISTED: for novices and self-centring gamepad sticks. Right stick is ground
  speed forward/right in the heading frame (up to `assisted_speed_mps`),
  throttle stick is climb rate, and inside the centre band the altitude is held.
  Level VELOCITY: the engine has no "attitude + climb rate" level, so this mode
  commands velocity; releasing the sticks stops and hovers in place.

Frames: body FLU (roll +right-wing-down, pitch +nose-down, yaw +left) and world
ENU, as the engine uses. Disarmed: MOTORS level, all zero (motors idle).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from sim.cockpit.sticks import Sticks
from sim.control.rates import RatesByAxis
from sim.dynamics.layout import ControlLevel

Quaternion = tuple[float, float, float, float]  # (w, x, y, z), body -> world


class FlightMode(str, Enum):
    ACRO = "acro"
    ANGLE = "angle"
    HORIZON = "horizon"
    ASSISTED = "assisted"


@dataclass(frozen=True)
class Command:
    """Four command numbers and the control level saying what they mean."""

    values: tuple[float, float, float, float]
    level: ControlLevel


IDLE = Command((0.0, 0.0, 0.0, 0.0), ControlLevel.MOTORS)


@dataclass(frozen=True)
class AircraftState:
    """What the modes need of the flown drone: attitude, and position for altitude hold."""

    attitude_wxyz: Quaternion = (1.0, 0.0, 0.0, 0.0)
    position_m: tuple[float, float, float] | None = None

    @property
    def yaw_rad(self) -> float:
        w, x, y, z = self.attitude_wxyz
        return math.atan2(2.0 * (w * z + x * y), 1.0 - 2.0 * (y * y + z * z))


@dataclass(frozen=True)
class FlightModeSettings:
    rates: RatesByAxis = RatesByAxis()
    angle_limit_deg: float = 60.0
    horizon_transition: float = 0.5  # stick deflection where horizon starts to hand over to acro
    level_gain_per_s: float = 8.0  # self-levelling body rate per radian of tilt error (horizon)
    assisted_speed_mps: float = 10.0
    max_climb_mps: float = 5.0
    max_descent_mps: float = 3.0
    throttle_hold_band: float = 0.15  # assisted: |throttle stick| below this holds altitude
    altitude_gain_per_s: float = 1.0  # assisted: climb rate per metre below the held altitude
    yaw_gain_per_s: float = 4.0  # the engine's attitude-loop yaw gain (airframe gains.attitude_p[2])
    max_yaw_lead_rad: float = 1.5  # heading setpoint never runs further ahead of the drone


def _multiply(a: Quaternion, b: Quaternion) -> Quaternion:
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return (aw * bw - ax * bx - ay * by - az * bz, aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx, aw * bz + ax * by - ay * bx + az * bw)


def quaternion_from_euler(roll_rad: float, pitch_rad: float, yaw_rad: float) -> Quaternion:
    """Z-Y-X (yaw, then pitch, then roll), the engine's convention."""
    return _multiply(_multiply((math.cos(yaw_rad / 2), 0.0, 0.0, math.sin(yaw_rad / 2)),
                               (math.cos(pitch_rad / 2), 0.0, math.sin(pitch_rad / 2), 0.0)),
                     (math.cos(roll_rad / 2), math.sin(roll_rad / 2), 0.0, 0.0))


def _wrap(angle_rad: float) -> float:
    return (angle_rad + math.pi) % (2.0 * math.pi) - math.pi


def acro_rates_rad_s(sticks: Sticks, rates: RatesByAxis) -> tuple[float, float, float]:
    """Body rates (FLU, rad/s) for the sticks: yaw stick right turns clockwise, i.e. negative z."""
    roll, pitch, yaw = rates.deg_per_s(sticks.roll, sticks.pitch, sticks.yaw)
    return math.radians(roll), math.radians(pitch), -math.radians(yaw)


def tilt_setpoints_rad(sticks: Sticks, angle_limit_deg: float) -> tuple[float, float]:
    """(roll, pitch) in angle mode: full stick is the angle limit."""
    limit = math.radians(angle_limit_deg)
    return sticks.roll * limit, sticks.pitch * limit


def horizon_acro_weight(sticks: Sticks, transition: float) -> float:
    """0 (pure levelling) up to `transition` deflection, rising linearly to 1 (pure acro) at full stick."""
    deflection = max(abs(sticks.roll), abs(sticks.pitch))
    if transition >= 1.0:
        return 0.0
    return min(1.0, max(0.0, (deflection - transition) / (1.0 - transition)))


def level_rates_rad_s(attitude: Quaternion, roll_rad: float, pitch_rad: float,
                      gain_per_s: float) -> tuple[float, float]:
    """Body roll and pitch rates turning `attitude` toward (roll, pitch) at its current heading."""
    heading = AircraftState(attitude).yaw_rad
    w, x, y, z = attitude
    ew, ex, ey, _ = _multiply((w, -x, -y, -z), quaternion_from_euler(roll_rad, pitch_rad, heading))
    sign = 2.0 if ew >= 0.0 else -2.0  # the short way round
    return sign * gain_per_s * ex, sign * gain_per_s * ey


def climb_rate_mps(throttle: float, band: float, max_climb_mps: float, max_descent_mps: float) -> float:
    """Assisted throttle: 0 inside the centre band, then linear to the climb / descent limits."""
    magnitude = abs(throttle)
    if magnitude <= band:
        return 0.0
    scaled = min(1.0, (magnitude - band) / (1.0 - band))
    return scaled * (max_climb_mps if throttle > 0.0 else -max_descent_mps)


def assisted_velocity_mps(sticks: Sticks, yaw_rad: float, speed_mps: float) -> tuple[float, float]:
    """World (vx, vy): pitch stick forward along the heading, roll stick to its right."""
    forward, right = sticks.pitch * speed_mps, sticks.roll * speed_mps
    cos_yaw, sin_yaw = math.cos(yaw_rad), math.sin(yaw_rad)
    return forward * cos_yaw + right * sin_yaw, forward * sin_yaw - right * cos_yaw


class FlightModeController:
    """Stateful part of the modes: the heading setpoint and the held altitude."""

    def __init__(self, settings: FlightModeSettings | None = None, mode: FlightMode = FlightMode.ANGLE) -> None:
        self.settings = settings or FlightModeSettings()
        self.mode = FlightMode(mode)
        self.reset()

    def reset(self) -> None:
        self._yaw_setpoint_rad: float | None = None
        self._hold_altitude_m: float | None = None

    def set_mode(self, mode: FlightMode) -> None:
        self.mode = FlightMode(mode)
        self.reset()  # setpoints restart from where the drone is

    def _heading(self, sticks: Sticks, state: AircraftState) -> float:
        """Heading setpoint: the yaw stick stays a rate, as in Betaflight's angle mode.

        The engine's angle level takes an absolute heading and turns toward it at
        gain x error, so a stick rate r becomes a setpoint r / gain ahead of the
        drone; centred, the heading where the stick came back is held.
        """
        yaw = state.yaw_rad
        rate_rad_s = -math.radians(self.settings.rates.yaw.deg_per_s(sticks.yaw))  # stick right: clockwise
        if rate_rad_s == 0.0:
            if self._yaw_setpoint_rad is None:
                self._yaw_setpoint_rad = yaw
            return self._yaw_setpoint_rad
        self._yaw_setpoint_rad = None
        limit = self.settings.max_yaw_lead_rad
        return _wrap(yaw + max(-limit, min(limit, rate_rad_s / self.settings.yaw_gain_per_s)))

    def _climb(self, sticks: Sticks, state: AircraftState) -> float:
        s = self.settings
        climb = climb_rate_mps(sticks.throttle, s.throttle_hold_band, s.max_climb_mps, s.max_descent_mps)
        if climb != 0.0 or state.position_m is None:
            self._hold_altitude_m = None
            return climb
        z = state.position_m[2]
        if self._hold_altitude_m is None:
            self._hold_altitude_m = z
        error = s.altitude_gain_per_s * (self._hold_altitude_m - z)
        return max(-s.max_descent_mps, min(s.max_climb_mps, error))

    def command(self, sticks: Sticks, armed: bool, state: AircraftState) -> Command:
        """The command for this control tick."""
        s = self.settings
        if not armed:
            self.reset()
            return IDLE
        thrust = min(1.0, max(0.0, sticks.throttle_fraction))
        if self.mode is FlightMode.ACRO:
            return Command((*acro_rates_rad_s(sticks, s.rates), thrust), ControlLevel.RATES)
        if self.mode is FlightMode.ANGLE:
            roll, pitch = tilt_setpoints_rad(sticks, s.angle_limit_deg)
            return Command((roll, pitch, self._heading(sticks, state), thrust), ControlLevel.ATTITUDE)
        if self.mode is FlightMode.HORIZON:
            acro_p, acro_q, acro_r = acro_rates_rad_s(sticks, s.rates)
            level_p, level_q = level_rates_rad_s(state.attitude_wxyz, *tilt_setpoints_rad(sticks, s.angle_limit_deg),
                                                 s.level_gain_per_s)
            weight = horizon_acro_weight(sticks, s.horizon_transition)
            return Command(((1.0 - weight) * level_p + weight * acro_p, (1.0 - weight) * level_q + weight * acro_q,
                            acro_r, thrust), ControlLevel.RATES)
        heading = self._heading(sticks, state)
        vx, vy = assisted_velocity_mps(sticks, state.yaw_rad, s.assisted_speed_mps)
        return Command((vx, vy, self._climb(sticks, state), heading), ControlLevel.VELOCITY)
