"""Each airframe's simulated speeds lie inside the public ranges its file cites."""

from __future__ import annotations

import numpy as np

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.world import World


def test_quadrotor_top_speed_inside_cited_range(quad):
    world = World(seed=7)
    # Claimed top speeds are for a fresh pack: leave battery sag out of this one.
    world.add_quadrotor(quad.model_copy(update={"battery": None}), (0.0, 0.0, 1000.0))
    # Ask for far more than it can do, level: it settles where drag balances tilt.
    world.quads.set_command(0, L.ControlLevel.VELOCITY, [500.0, 0.0, 0.0, 0.0])
    speeds = []
    for _ in range(60 * 30):
        world.step(8)
        speeds.append(np.linalg.norm(world.quads.velocities[0, :2]))
    top_kmh = np.mean(speeds[-150:]) * 3.6
    assert np.std(speeds[-150:]) * 3.6 < 1.0, "not settled at a top speed"
    low, high = quad.top_speed_kmh.range
    assert low <= top_kmh <= high, f"simulated top speed {top_kmh:.1f} km/h outside [{low}, {high}]"
    assert abs(world.quads.positions[0, 2] - 1000.0) < 20.0, "lost altitude at top speed"


def test_fixed_wing_cruise_and_top_speed_inside_cited_ranges(wing):
    world = World(seed=8)
    world.add_fixed_wing(wing, (0.0, 0.0, 300.0))
    world.step(240 * 30)  # holds cruise
    cruise_kmh = round(world.wings.state[W.SPEED, 0] * 3.6, 6)
    low, high = wing.cruise_speed_kmh.range
    assert low <= cruise_kmh <= high
    world.wings.set_command(0, W.FixedWingLevel.HEADING, [1000.0, 0.0, 300.0, 0.0])
    world.step(240 * 60)
    top_kmh = round(world.wings.state[W.SPEED, 0] * 3.6, 6)
    low, high = wing.top_speed_kmh.range
    assert low <= top_kmh <= high
