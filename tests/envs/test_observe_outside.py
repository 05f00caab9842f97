"""sim.envs.observe: the Intercept-v0 observation and action mapping, reusable outside the environment."""

from __future__ import annotations

import numpy as np

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.envs import layout as E
from sim.envs.intercept import InterceptEnv
from sim.envs.observe import acceleration_command, intercept_observation

from .gym_helpers import pn_action


def test_observation_from_one_interceptors_state_is_the_envs():
    env = InterceptEnv(start="handoff")
    obs, _ = env.reset(seed=3)
    b, period = env._batch, 1.0 / 30.0
    for step in range(1, 40):
        obs, *_ = env.step(pn_action(obs))
        threat_vel = (b.ws[W.POS:W.POS + 3, 0] - b.task[E.WING_PREV:E.WING_PREV + 3, 0]) / period
        frame = (b.task[E.FRAME_COS, 0], b.task[E.FRAME_SIN, 0])
        ours, frame_out = intercept_observation(b.qs[:, 0], b.ws[W.POS:W.POS + 3, 0], threat_vel,
                                                step / b.spec.cfg[E.MAX_STEPS], frame)
        assert np.array_equal(ours, obs) and frame_out == frame


def test_acceleration_command_is_what_the_env_applies():
    env = InterceptEnv()
    env.reset(seed=1)
    b = env._batch
    frame = (b.task[E.FRAME_COS, 0], b.task[E.FRAME_SIN, 0])
    action = np.array([0.5, -0.25, 2.0], np.float32)
    env.step(action)
    assert np.allclose(acceleration_command(action, frame), b.qc[:4, 0], rtol=0, atol=1e-12)
    assert b.qc[L.CMD_LEVEL, 0] == float(L.ControlLevel.ACCELERATION)
