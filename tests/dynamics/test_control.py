"""The cascaded controller: position step response and body-rate tracking.

The figures asserted here are the ones written in docs/physics.md.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import hover_motor_speed
from sim.world import World

SETTLE_LIMIT_S = 3.5  # documented in docs/physics.md
RATE_RMS_LIMIT = 0.10  # fraction of the commanded rate, after 0.25 s


def position_step(quad, axis: int, distance_m: float = 5.0):
    world = World(seed=11)
    start = np.array([0.0, 0.0, 30.0])
    world.add_quadrotor(quad, tuple(start))
    target = start.copy()
    target[axis] += distance_m
    world.quads.set_command(0, L.ControlLevel.POSITION, [*target, 0.0])
    trace = []
    for _ in range(240 * 10):
        world.step(1)
        trace.append(world.quads.positions[0, axis])
    return np.array(trace) - start[axis]


def settling_time_s(trace: np.ndarray, target: float, band: float) -> float:
    outside = np.flatnonzero(np.abs(trace - target) > band)
    return 0.0 if outside.size == 0 else (outside[-1] + 1) / 240.0


@pytest.mark.parametrize("axis", [0, 2], ids=["horizontal", "vertical"])
def test_position_step_settles_without_overshoot(quad, axis):
    trace = position_step(quad, axis)
    overshoot = (trace.max() - 5.0) / 5.0
    assert overshoot < 0.10, f"overshoot {overshoot:.1%}"
    assert settling_time_s(trace, 5.0, 0.10) <= SETTLE_LIMIT_S


def test_body_rate_tracking(quad):
    world = World(seed=12)
    world.add_quadrotor(quad.model_copy(update={"battery": None}), (0.0, 0.0, 100.0))
    hover = (hover_motor_speed(quad) / quad.motors.max_speed_rad_s) ** 2
    command = math.radians(min(200.0, 0.5 * quad.limits.max_rate_deg_s[0]))
    world.quads.set_command(0, L.ControlLevel.RATES, [command, 0.0, 0.0, hover])
    errors = []
    for k in range(240):  # one second of a steady roll
        world.step(1)
        if k >= 60:
            errors.append(world.quads.state[L.OMEGA, 0] - command)
    rms = math.sqrt(np.mean(np.square(errors))) / command
    assert rms < RATE_RMS_LIMIT, f"rate RMS error {rms:.1%} of command"
