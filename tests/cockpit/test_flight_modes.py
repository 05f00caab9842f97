"""Flight modes: the command numbers and control level for known sticks; arming."""

from __future__ import annotations

import math

import pytest

from sim.cockpit.arming import ArmBlock, Arming
from sim.cockpit.flight_modes import (IDLE, AircraftState, FlightMode, FlightModeController, FlightModeSettings,
                                      horizon_acro_weight, quaternion_from_euler)
from sim.cockpit.pilot import flight_mode_settings
from sim.cockpit.profile import PilotProfile
from sim.cockpit.sticks import Sticks
from sim.config.library import load_builtin_airframe
from sim.dynamics.layout import ControlLevel
from sim.dynamics.rotation import from_euler

LEVEL = AircraftState()


def controller(mode: FlightMode, **settings) -> FlightModeController:
    return FlightModeController(FlightModeSettings(**settings), mode)


def test_quaternion_convention_matches_the_engine() -> None:
    for angles in [(0.3, -0.2, 1.0), (-1.0, 0.5, -2.5), (0.0, 0.0, 3.0)]:
        assert quaternion_from_euler(*angles) == pytest.approx(tuple(from_euler(*angles)))
    assert AircraftState(quaternion_from_euler(0.2, 0.1, 1.25)).yaw_rad == pytest.approx(1.25)


def test_disarmed_is_motors_idle() -> None:
    for mode in FlightMode:
        command = controller(mode).command(Sticks(1.0, 1.0, 1.0, 1.0), False, LEVEL)
        assert command == IDLE and command.level is ControlLevel.MOTORS and command.values == (0.0,) * 4


def test_acro_sticks_are_body_rates() -> None:
    acro = controller(FlightMode.ACRO)
    command = acro.command(Sticks(roll=1.0, pitch=-0.5, yaw=1.0, throttle=0.0), True, LEVEL)
    assert command.level is ControlLevel.RATES
    p, q, r, thrust = command.values
    assert p == pytest.approx(math.radians(670.0))  # Actual default, full stick
    assert q == pytest.approx(-math.radians(185.0))  # pitch back: nose up (negative about FLU y)
    assert r == pytest.approx(-math.radians(670.0))  # yaw right: clockwise seen from above
    assert thrust == 0.5
    assert acro.command(Sticks(throttle=-1.0), True, LEVEL).values == (0.0, 0.0, 0.0, 0.0)


def test_angle_stick_is_tilt_and_yaw_turns_heading() -> None:
    angle = controller(FlightMode.ANGLE)
    heading = quaternion_from_euler(0.0, 0.0, 1.0)
    roll, pitch, yaw, thrust = angle.command(Sticks(roll=1.0, pitch=0.5, throttle=0.2), True,
                                             AircraftState(heading)).values
    assert angle.command(Sticks(), True, AircraftState(heading)).level is ControlLevel.ATTITUDE
    assert (roll, pitch) == (pytest.approx(math.radians(60.0)), pytest.approx(math.radians(30.0)))
    assert yaw == pytest.approx(1.0) and thrust == pytest.approx(0.6)
    assert angle.command(Sticks(), True, AircraftState(heading)).values[:2] == (0.0, 0.0)  # self-levelling
    # Yaw stick right: a clockwise rate, i.e. a setpoint rate / gain behind in ENU yaw.
    turned = angle.command(Sticks(yaw=0.5), True, AircraftState(heading)).values[2]
    assert turned == pytest.approx(1.0 - math.radians(185.0) / 4.0)
    assert angle.command(Sticks(yaw=1.0), True, AircraftState(heading)).values[2] == pytest.approx(1.0 - 1.5)
    # Stick back to centre: the heading at that moment is held, even as the drone drifts.
    assert angle.command(Sticks(), True, AircraftState(quaternion_from_euler(0, 0, 0.8))).values[2] == 0.8
    assert angle.command(Sticks(), True, AircraftState(quaternion_from_euler(0, 0, 0.7))).values[2] == 0.8


def test_horizon_levels_near_centre_and_flips_at_full_stick() -> None:
    horizon = controller(FlightMode.HORIZON, level_gain_per_s=8.0)
    rolled_right = AircraftState(quaternion_from_euler(0.4, 0.0, 0.7))
    p, q, r, _ = horizon.command(Sticks(throttle=0.0), True, rolled_right).values
    assert horizon.command(Sticks(), True, rolled_right).level is ControlLevel.RATES
    assert p == pytest.approx(-8.0 * 0.4, rel=0.02) and q == pytest.approx(0.0, abs=1e-9) and r == 0.0
    # Full stick: pure acro, whatever the attitude.
    p_full = horizon.command(Sticks(roll=1.0), True, rolled_right).values[0]
    assert p_full == pytest.approx(math.radians(670.0))
    # Blend: 0.75 of deflection with transition 0.5 is half and half.
    assert horizon_acro_weight(Sticks(roll=0.75), 0.5) == pytest.approx(0.5)
    assert horizon_acro_weight(Sticks(pitch=-0.4), 0.5) == 0.0
    blended = horizon.command(Sticks(roll=0.75), True, LEVEL).values[0]
    level_part = 2.0 * 8.0 * math.sin(math.radians(45.0) / 2)  # levelling toward 0.75 * 60 deg from level
    assert blended == pytest.approx(0.5 * level_part + 0.5 * math.radians(390.0))


def test_assisted_velocity_climb_and_altitude_hold() -> None:
    assisted = controller(FlightMode.ASSISTED, assisted_speed_mps=10.0, max_climb_mps=5.0, max_descent_mps=3.0,
                          throttle_hold_band=0.15)
    east = AircraftState(position_m=(0.0, 0.0, 20.0))
    vx, vy, vz, yaw = assisted.command(Sticks(pitch=1.0, roll=0.0, throttle=0.0), True, east).values
    assert assisted.command(Sticks(throttle=0.0), True, east).level is ControlLevel.VELOCITY
    assert (vx, vy, vz, yaw) == (pytest.approx(10.0), pytest.approx(0.0), 0.0, pytest.approx(0.0))
    north = AircraftState(quaternion_from_euler(0.0, 0.0, math.pi / 2), position_m=(0.0, 0.0, 20.0))
    vx, vy, _, _ = assisted.command(Sticks(pitch=1.0, throttle=0.0), True, north).values
    assert (vx, vy) == (pytest.approx(0.0, abs=1e-9), pytest.approx(10.0))
    vx, vy, _, _ = assisted.command(Sticks(roll=1.0, throttle=0.0), True, east).values
    assert (vx, vy) == (pytest.approx(0.0), pytest.approx(-10.0))  # heading east, right is south
    assert assisted.command(Sticks(throttle=1.0), True, east).values[2] == pytest.approx(5.0)
    assert assisted.command(Sticks(throttle=-1.0), True, east).values[2] == pytest.approx(-3.0)
    # Centre throttle holds the altitude where the stick came back to centre.
    assert assisted.command(Sticks(throttle=0.1), True, east).values[2] == 0.0
    sunk = AircraftState(position_m=(0.0, 0.0, 18.0))
    assert assisted.command(Sticks(throttle=-0.05), True, sunk).values[2] == pytest.approx(2.0)


def test_settings_from_profile_and_airframe() -> None:
    airframe = load_builtin_airframe("interceptor-quad")
    settings = flight_mode_settings(PilotProfile(angle_limit_deg=80.0), airframe)
    assert settings.angle_limit_deg == 75.0  # the airframe's max tilt wins
    assert (settings.max_climb_mps, settings.max_descent_mps) == (25.0, 15.0)
    assert (settings.level_gain_per_s, settings.yaw_gain_per_s) == (8.0, 4.0)
    assert flight_mode_settings(PilotProfile()).angle_limit_deg == 60.0


def test_arming_needs_throttle_low() -> None:
    arming = Arming()
    assert not arming.update(Sticks(throttle=0.0), toggle_pressed=True)
    assert arming.block is ArmBlock.THROTTLE_HIGH
    assert arming.update(Sticks(throttle=-1.0), toggle_pressed=True) and arming.block is ArmBlock.NONE
    assert arming.update(Sticks(throttle=0.8))  # stays armed at any throttle
    assert not arming.update(Sticks(throttle=0.8), toggle_pressed=True)  # disarm at any throttle
    assert not arming.update(Sticks(throttle=-1.0), toggle_pressed=True, link_ok=False)
    assert arming.block is ArmBlock.LINK_LOST


def test_arm_switch_needs_an_off_on_edge() -> None:
    arming = Arming()
    assert not arming.update(Sticks(), switch_on=True)  # on when first seen: must be cycled
    assert not arming.update(Sticks(), switch_on=False)
    assert arming.update(Sticks(), switch_on=True)
    assert not arming.update(Sticks(), switch_on=False)
    assert not arming.update(Sticks(throttle=0.5), switch_on=True)  # throttle up: refused...
    assert not arming.update(Sticks(throttle=-1.0), switch_on=True)  # ...until the switch is cycled
    assert not arming.update(Sticks(throttle=-1.0), switch_on=False)
    assert arming.update(Sticks(throttle=-1.0), switch_on=True)
