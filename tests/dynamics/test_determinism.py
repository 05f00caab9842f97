"""A world is a pure function of its inputs and seed; batching changes nothing."""

from __future__ import annotations

import numpy as np

from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import Atmosphere, QuadFleet
from sim.world import World

from .airframe_sets import QUADS, WINGS

GUSTY = Atmosphere(wind_mps=(6.0, -2.0, 0.0), gust_sigma_mps=2.5, gust_tau_s=1.5)


def gusty_world(seed: int) -> World:
    world = World(seed=seed, atmosphere=GUSTY)
    for k, quad in enumerate(QUADS):
        world.add_quadrotor(quad, (10.0 * k, 0.0, 40.0))
        world.quads.set_command(k, L.ControlLevel.VELOCITY, [5.0, 2.0 * k, 1.0, 0.3])
    for k, wing in enumerate(WINGS):
        world.add_fixed_wing(wing, (0.0, 100.0 * k, 200.0), yaw_rad=0.5)
    return world


def run(world: World, calls: int = 240) -> tuple[np.ndarray, np.ndarray]:
    for _ in range(calls):
        world.step(8)
    return world.quads.state.copy(), world.wings.state.copy()


def test_same_seed_gives_bit_identical_state():
    quads_a, wings_a = run(gusty_world(42))
    quads_b, wings_b = run(gusty_world(42))
    assert np.array_equal(quads_a, quads_b) and np.array_equal(wings_a, wings_b)
    assert np.any(quads_a[L.GUST:L.GUST + 3] != 0.0), "gusts were not exercised"


def test_other_seed_gives_other_gusts():
    quads_a, _ = run(gusty_world(42), calls=30)
    quads_b, _ = run(gusty_world(43), calls=30)
    assert not np.array_equal(quads_a, quads_b)


def test_batch_of_worlds_equals_single_worlds():
    # 8 worlds of 5 quadrotors: the batch runs mostly in the kernel's SIMD lanes,
    # each single world in its scalar remainder loop; the bits must agree.
    seeds = [3, 5, 8, 13, 21, 34, 55, 89]
    singles = [gusty_world(s) for s in seeds]
    batch = QuadFleet.concatenate([gusty_world(s).quads for s in seeds])
    for world in singles:
        run(world, calls=120)
    for _ in range(120):
        batch.step(1.0 / 240.0, 8)
    expected = np.column_stack([w.quads.state for w in singles])
    assert np.array_equal(batch.state, expected)
