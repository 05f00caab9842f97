"""Section 6 of the flight-core issue: the model against analytic results.

The experiments are in sim/bench/validation.py (also run by `slab bench
validation`); this file asserts the issue's figures on every built-in airframe.
"""

from __future__ import annotations

from sim.bench.validation import (battery_sag, free_fall_error_m, hover_altitude_deviation_m, hover_thrust_error,
                                  terminal_velocity, turn_radius)

from .airframe_sets import QUADS, WINGS


def test_library_has_every_kind():
    assert len(QUADS) >= 4 and len(WINGS) >= 2


def test_hover_thrust_equals_weight(quad):
    # At the hover throttle, battery off, after 1 s: |thrust - m g| / m g.
    assert abs(hover_thrust_error(quad)) < 0.005


def test_hover_holds_altitude_for_10_s(quad):
    # Position hold at 20 m in still air, worst |z - 20| over 10 s.
    assert hover_altitude_deviation_m(quad, seconds=10.0) < 0.05


def test_free_fall_without_drag_matches_analytic(quad):
    # Motors off, drag and ground effect off: z(2 s) = z0 - g (2 s)^2 / 2.
    assert abs(free_fall_error_m(quad, seconds=2.0)) < 1e-3


def test_terminal_velocity_matches_analytic(quad):
    # 60 s falling level, motors off: m g = c_z v + 0.5 rho CdA v^2.
    fall = terminal_velocity(quad)
    assert abs(fall.measured_mps - fall.expected_mps) / fall.expected_mps < 0.02


def test_fixed_wing_turn_radius(wing):
    # Reverse-heading command: the autopilot banks to its limit; circle fitted to the steady turn.
    turn = turn_radius(wing)
    assert turn.steady_points > 50, "never flew a steady turn at the bank limit"
    # expected_m = V^2 / (g tan(max bank)) at cruise speed.
    assert abs(turn.measured_m - turn.expected_m) / turn.expected_m < 0.02


def test_battery_sag_lowers_thrust_over_a_flight(quad):
    sag = battery_sag(quad)  # full throttle to half charge (300 s at most); None without a battery
    if sag is None:
        return
    assert sag.state_of_charge < 0.9
    assert sag.thrust_late_n < 0.97 * sag.thrust_early_n
