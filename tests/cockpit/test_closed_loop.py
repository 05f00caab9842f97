"""The flight modes' commands flown by the real flight core: stick directions match what a pilot expects."""

from __future__ import annotations

import math

from sim.cockpit.flight_modes import AircraftState, FlightMode, FlightModeController
from sim.cockpit.pilot import flight_mode_settings
from sim.cockpit.profile import PilotProfile
from sim.cockpit.sticks import Sticks
from sim.config.library import load_builtin_airframe
from sim.dynamics import layout as L
from sim.world import World

CONTROL_EVERY = 4  # physics steps per control tick: 60 Hz at 240 Hz


def fly(mode: FlightMode, sticks: Sticks, seconds: float) -> tuple[World, list[AircraftState]]:
    """Fly the interceptor (heading east, 100 m up) with constant sticks; the states at each tick."""
    airframe = load_builtin_airframe("interceptor-quad").model_copy(update={"battery": None})
    world = World(seed=3)
    world.add_quadrotor(airframe, (0.0, 0.0, 100.0))
    modes = FlightModeController(flight_mode_settings(PilotProfile(), airframe), mode)
    states = []
    for _ in range(int(seconds * 60)):
        state = AircraftState(tuple(world.quads.state[L.QUAT:L.QUAT + 4, 0]), tuple(world.quads.positions[0]))
        states.append(state)
        command = modes.command(sticks, True, state)
        world.quads.set_command(0, command.level, list(command.values))
        world.step(CONTROL_EVERY)
    return world, states


def hover_stick() -> float:
    """Throttle stick position giving hover thrust (T/W 6: 1/6 of max)."""
    return 2.0 / 6.0 - 1.0


def roll_pitch(state: AircraftState) -> tuple[float, float]:
    w, x, y, z = state.attitude_wxyz
    roll = math.atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y))
    pitch = math.asin(max(-1.0, min(1.0, 2 * (w * y - z * x))))
    return roll, pitch


def test_angle_pitch_forward_flies_along_the_heading() -> None:
    world, states = fly(FlightMode.ANGLE, Sticks(pitch=0.3, throttle=hover_stick() + 0.05), 2.0)
    vx, vy, _ = world.quads.velocities[0]
    assert vx > 3.0 and abs(vy) < 0.2 * vx  # heading east: forward is +x
    assert 15.0 < math.degrees(roll_pitch(states[-1])[1]) < 21.0  # 0.3 of 60 deg, nose down


def test_angle_roll_right_flies_right_and_yaw_right_turns_clockwise() -> None:
    world, _ = fly(FlightMode.ANGLE, Sticks(roll=0.3, throttle=hover_stick() + 0.05), 2.0)
    vx, vy, _ = world.quads.velocities[0]
    assert vy < -3.0 and abs(vx) < 0.2 * abs(vy)  # heading east: right is south (-y)
    _, states = fly(FlightMode.ANGLE, Sticks(yaw=0.5, throttle=hover_stick()), 1.0)
    turned = math.degrees(states[-1].yaw_rad)
    assert -185.0 < turned < -120.0  # clockwise at about 185 deg/s (half stick, Actual defaults)


def test_acro_roll_right_rolls_right_at_the_rate() -> None:
    _, states = fly(FlightMode.ACRO, Sticks(roll=0.25, throttle=hover_stick()), 0.25)
    roll, _ = roll_pitch(states[-1])
    assert 8.0 < math.degrees(roll) < 55.0 * 0.25 + 1.0  # 55 deg/s for 0.25 s, minus spin-up


def test_assisted_holds_altitude_and_flies_at_the_stick_speed() -> None:
    world, states = fly(FlightMode.ASSISTED, Sticks(pitch=0.5, throttle=0.0), 4.0)
    vx, vy, vz = world.quads.velocities[0]
    assert abs(vx - 5.0) < 0.5 and abs(vy) < 0.3
    assert abs(world.quads.positions[0][2] - 100.0) < 1.0  # centred throttle: altitude held
    world, _ = fly(FlightMode.ASSISTED, Sticks(throttle=1.0), 3.0)
    assert world.quads.velocities[0][2] > 20.0  # full throttle: the airframe's max climb (25 m/s)


def test_horizon_behaves_like_angle_near_the_centre() -> None:
    _, states = fly(FlightMode.HORIZON, Sticks(roll=0.3, throttle=hover_stick()), 1.5)
    assert 15.0 < math.degrees(roll_pitch(states[-1])[0]) < 21.0  # holds 0.3 x 60 deg, does not keep rolling
