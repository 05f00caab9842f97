"""A body whose simulated state stops being finite is a `crash` with cause 'numerical', never a crashed trial.

Whatever puts a NaN in a body's state (a degenerate controller input, as the empty-pack
0/0 of the outer loops did, or a faulty command), the world freezes that body at its last
finite position and the trial goes on: no NaN reaches the sensors, the terrain lookup or
the record.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.config.loading import load_airframe
from sim.config.resolve import resolve
from sim.config.scenario_loading import load_scenario
from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.entities import Kind, Side, Status
from sim.loop import TrialLoop
from sim.trial_setup import build_trial, resolve_stream
from sim.world import NUMERICAL, Crash, World
from trials.event_log import encode_event

SCENARIOS = Path(__file__).parent / "scenarios"


def _world() -> World:
    world = World(seed=3)
    quad = load_airframe("interceptor-quad")
    world.add_quadrotor(quad, (0.0, 0.0, 50.0))
    world.add_quadrotor(quad, (10.0, 0.0, 50.0))
    world.add_fixed_wing(load_airframe("shahed-136"), (0.0, 500.0, 300.0))
    world.step(8)
    return world


def test_world_freezes_a_non_finite_quadrotor_where_it_last_was_finite():
    world = _world()
    before = world.quads.positions[0].copy()
    world.quads.state[L.VEL:L.VEL + 3, 0] = np.nan
    crashes = world.step(8)
    assert crashes == [Crash("quadrotor", 0, tuple(before), NUMERICAL)]
    assert np.isfinite(world.quads.state).all() and np.isfinite(world.wings.state).all()
    assert not world.quads.alive[0] and world.quads.alive[1] and world.wings.alive[0]
    np.testing.assert_array_equal(world.quads.positions[0], before)
    assert world.step(8) == [] and np.isfinite(world.quads.state).all()  # stays frozen, reported once
    np.testing.assert_array_equal(world.quads.positions[0], before)


def test_world_catches_a_nan_command_within_one_control_tick():
    world = _world()
    world.quads.set_command(1, L.ControlLevel.ACCELERATION, [np.nan, 0.0, 0.0, 0.0])
    crashes = world.step(8)
    assert [(c.index, c.obstacle) for c in crashes] == [(1, NUMERICAL)]
    assert np.isfinite(world.quads.state).all() and world.quads.alive[0]


def test_world_freezes_a_non_finite_fixed_wing():
    world = _world()
    before = world.wings.positions[0].copy()
    world.wings.state[W.SPEED, 0] = np.nan
    assert world.step(8) == [Crash("fixed_wing", 0, tuple(before), NUMERICAL)]
    assert np.isfinite(world.wings.state).all() and not world.wings.alive[0]
    np.testing.assert_array_equal(world.wings.positions[0], before)


def test_trial_goes_on_after_a_numerical_failure_with_a_crash_event():
    loaded = load_scenario(SCENARIOS / "engine-ew.yaml")
    setup = build_trial(resolve(loaded, resolve_stream(loaded.meta.seed)), loaded.meta.seed)
    loop = TrialLoop(setup)
    try:
        while loop.entities.flying(Side.RED).size < 2:
            loop.tick()
        victim = int(next(e for e in loop.entities.flying(Side.RED) if loop.entities.kind_array[e] == Kind.QUADROTOR))
        loop.world.quads.state[L.QUAT:L.QUAT + 4, loop.entities.fleet_array[victim]] = np.nan
        events = []
        for _ in range(3 * loop.slow_every):  # past a slow tick: sensors, links, batteries, leakers
            events += loop.tick()
        crash = [e for e in events if e["kind"] == "crash" and e["entity_id"] == victim]
        assert len(crash) == 1 and crash[0]["cause"] == "numerical"
        encode_event(crash[0])  # a valid, finite event of the record format
        assert loop.entities.status[victim] == Status.CRASHED
        loop.run(30.0)  # sensing, command post and every controller rate, with the frozen body about
        assert np.isfinite(loop.bodies.all_positions()).all()
    finally:
        setup.world.geometry.close()
