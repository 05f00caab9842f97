"""An empty pack stops the motors: the drone falls, and its state stays finite.

Regression: with no thrust available (max thrust 0 at an empty pack) the outer loops
normalised a zero thrust vector, 0/0, so the attitude setpoint became NaN and with it,
within a step, the whole state of the drone. The NaN position then reached the sensors
(ew-contested-corridor at 713 s, nuclear-plant-mixed-raid at 348 s: IndexError).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.control.outer_loops import outer_setpoints
from sim.dynamics import layout as L
from sim.dynamics.rotation import rotate
from sim.world import NUMERICAL, World
from tests.dynamics.airframe_sets import QUADS

# The commands in force when the packs ran flat in those two scenarios, and a position hold.
COMMANDS = {
    L.ControlLevel.VELOCITY: (-1.118, -19.969, 28.1, -1.627),  # fibre FPV, red low-level behaviour
    L.ControlLevel.ACCELERATION: (25.726, 112.603, 5.051, -1.677),  # interceptor under APN guidance
    L.ControlLevel.POSITION: (100.0, 50.0, 60.0, 0.5),
}
LEVELS = list(COMMANDS)


def _level_name(level) -> str:
    return level.name.lower()


@pytest.mark.parametrize("level", LEVELS, ids=_level_name)
def test_outer_loops_without_thrust_ask_for_level_flight_and_no_thrust(quad, level):
    world = World(seed=0)
    world.add_quadrotor(quad, (0.0, 0.0, 30.0))
    state, params = world.quads.state[:, 0].copy(), world.quads.params[:, 0].copy()
    command = np.array([*COMMANDS[level], float(level)])
    outer_setpoints(state, params, command, 1.0 / 60.0, 0.0)  # max_thrust 0: the degenerate input
    assert np.isfinite(state).all()
    assert state[L.THRUST_SET] == 0.0
    body_z = rotate(*state[L.ATT_SET:L.ATT_SET + 4], 0.0, 0.0, 1.0)
    np.testing.assert_allclose(body_z, (0.0, 0.0, 1.0), atol=1e-12)


BATTERY_QUADS = [q for q in QUADS if q.battery is not None]  # an airframe without a pack never runs flat


@pytest.mark.parametrize("quad", BATTERY_QUADS, ids=lambda a: a.name)
@pytest.mark.parametrize("level", LEVELS, ids=_level_name)
def test_drone_whose_pack_runs_flat_falls_to_the_ground_with_a_finite_state(quad, level):
    world = World(seed=0)
    world.add_quadrotor(quad, (0.0, 0.0, 30.0))
    world.quads.set_command(0, level, COMMANDS[level])
    world.quads.state[L.SOC, 0] = 1e-9  # empty at the first battery update
    crashes = []
    for _ in range(4 * 30):  # 4 s of control ticks, 8 physics steps each
        crashes += world.step(8)
        assert np.isfinite(world.quads.state[:, 0]).all(), f"non-finite state at t = {world.time_s:.3f} s"
        if not world.quads.alive[0]:
            break
    state = world.quads.state[:, 0]
    assert state[L.SOC] == 0.0 and np.all(state[L.MOTOR:L.MOTOR + 4] < 1e-3 * quad.motors.max_speed_rad_s)
    # A 30 m fall with the motors off hits the ground well above the 3 m/s landing speed.
    assert [c.obstacle for c in crashes] == [0], f"a ground crash, not {NUMERICAL} (numerical failure)"
    assert state[L.CONTACT] == 2.0 and state[L.POS + 2] == pytest.approx(0.0)
