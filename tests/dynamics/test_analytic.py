"""Section 6 of the flight-core issue: the model against analytic results."""

from __future__ import annotations

import math

import numpy as np

from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import STANDARD_GRAVITY, hover_motor_speed
from sim.world import World

from .airframe_sets import QUADS, WINGS

DT = 1.0 / 240.0


def test_library_has_every_kind():
    assert len(QUADS) >= 4 and len(WINGS) >= 2


def test_hover_thrust_equals_weight(quad):
    # Battery off: a loaded pack sags, which is tested on its own below.
    world = World(seed=1)
    world.add_quadrotor(quad.model_copy(update={"battery": None}), (0.0, 0.0, 50.0))
    hover = hover_motor_speed(quad) / quad.motors.max_speed_rad_s
    world.quads.set_command(0, L.ControlLevel.MOTORS, [hover**2] * 4)  # throttle is thrust-linear
    world.step(240)
    kf = world.quads.params[L.KF, 0]
    thrust = kf * np.sum(world.quads.state[L.MOTOR:L.MOTOR + 4, 0] ** 2)
    weight = quad.mass_kg.value * STANDARD_GRAVITY
    assert abs(thrust - weight) / weight < 0.005


def test_hover_holds_altitude_for_10_s(quad):
    world = World(seed=1)
    world.add_quadrotor(quad, (0.0, 0.0, 20.0))  # spawns holding its position
    heights = []
    for _ in range(300):  # 10 s at a 30 Hz control rate
        world.step(8)
        heights.append(world.quads.positions[0, 2])
    assert np.max(np.abs(np.array(heights) - 20.0)) < 0.05


def test_free_fall_without_drag_matches_analytic(quad):
    still = quad.model_copy(update={"body": quad.body.model_copy(update={
        "drag_linear_n_s_per_m": [0.0, 0.0, 0.0], "drag_area_m2": 0.0, "ground_effect": False})})
    world = World(seed=2)
    world.add_quadrotor(still, (0.0, 0.0, 100.0), hovering=False)
    world.quads.set_command(0, L.ControlLevel.MOTORS, [0.0] * 4)
    world.step(480)  # 2 s
    expected = 100.0 - 0.5 * STANDARD_GRAVITY * 2.0**2
    assert abs(world.quads.positions[0, 2] - expected) < 1e-3


def test_terminal_velocity_matches_analytic(quad):
    world = World(seed=3)
    world.add_quadrotor(quad, (0.0, 0.0, 5000.0), hovering=False)
    world.quads.set_command(0, L.ControlLevel.MOTORS, [0.0] * 4)
    world.step(240 * 60)
    mass, g = quad.mass_kg.value, STANDARD_GRAVITY
    # Falling level along body z: m g = c_z v + 0.5 rho CdA v^2.
    a = 0.5 * 1.225 * quad.body.drag_area_m2
    b = quad.body.drag_linear_n_s_per_m[2]
    expected = (-b + math.sqrt(b * b + 4 * a * mass * g)) / (2 * a)
    measured = -world.quads.velocities[0, 2]
    assert abs(measured - expected) / expected < 0.02


def test_fixed_wing_turn_radius(wing):
    from sim.dynamics import fixed_wing as W

    world = World(seed=4)
    speed = wing.cruise_speed_kmh.value / 3.6
    world.add_fixed_wing(wing, (0.0, 0.0, 500.0), yaw_rad=0.0)
    # Command the reverse heading: the autopilot banks to its limit and turns.
    world.wings.set_command(0, W.FixedWingLevel.HEADING, [speed, math.pi - 1e-3, 500.0, 0.0])
    track = []
    for _ in range(int(120 / DT)):
        world.step(1)
        bank = world.wings.state[W.BANK, 0]
        if abs(abs(bank) - math.radians(wing.performance.max_bank_deg)) < 1e-9:
            track.append(world.wings.positions[0, :2].copy())
        if abs(world.wings.state[W.YAW, 0]) > math.pi * 0.9:
            break
    points = np.array(track)
    assert len(points) > 50, "never flew a steady turn at the bank limit"
    # Least-squares circle fit through the steady-turn points.
    A = np.column_stack([2 * points, np.ones(len(points))])
    rhs = (points**2).sum(axis=1)
    cx, cy, c = np.linalg.lstsq(A, rhs, rcond=None)[0]
    radius = math.sqrt(c + cx * cx + cy * cy)
    expected = speed**2 / (STANDARD_GRAVITY * math.tan(math.radians(wing.performance.max_bank_deg)))
    assert abs(radius - expected) / expected < 0.02


def test_battery_sag_lowers_thrust_over_a_flight(quad):
    if quad.battery is None:
        return
    world = World(seed=5)
    world.add_quadrotor(quad, (0.0, 0.0, 50.0))
    world.quads.set_command(0, L.ControlLevel.MOTORS, [1.0] * 4)  # full throttle drains fastest
    kf = world.quads.params[L.KF, 0]
    world.step(24)
    early = kf * np.sum(world.quads.state[L.MOTOR:L.MOTOR + 4, 0] ** 2)
    world.step(240 * 300)
    late = kf * np.sum(world.quads.state[L.MOTOR:L.MOTOR + 4, 0] ** 2)
    assert world.quads.state[L.SOC, 0] < 0.9
    assert late < 0.97 * early
