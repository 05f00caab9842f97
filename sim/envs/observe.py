"""Intercept-v0's observation and action mapping for one interceptor outside the environment.

A policy trained on Intercept-v0 that flies in the engagement engine (an
agent plug-in) must see exactly what it saw in training and have its action
mean what it meant: these functions run the environment's own compiled code
on one interceptor's state, so they cannot drift from it.

    frame = None
    obs, frame = intercept_observation(own, threat_pos, threat_vel, elapsed_fraction=t / limit, frame=frame)
    ax, ay, az, yaw = acceleration_command(policy(obs), frame)   # ControlLevel.ACCELERATION
"""

from __future__ import annotations

import math

import numpy as np

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.envs import layout as E
from sim.envs.intercept_geometry import OBS_DIM, _observe

DEFAULT_ACCEL_SCALE_MPS2 = 40.0  # InterceptConfig.accel_scale_mps2


def intercept_observation(own_state: np.ndarray, threat_pos_m: np.ndarray, threat_vel_mps: np.ndarray,
                          elapsed_fraction: float = 0.0, frame: tuple[float, float] | None = None
                          ) -> tuple[np.ndarray, tuple[float, float]]:
    """Intercept-v0's observation (34 float32) for one interceptor, and the frame to pass next time.

    `own_state` is the interceptor's flight-core state column (`sim.dynamics.layout` rows: position,
    velocity, attitude, rates, ground height, battery); the threat's position and ground velocity
    are world ENU. `frame` is the (cos, sin) of the line-of-sight azimuth returned by the previous
    call (held while the threat is within 1 m of the vertical); None on the first call.
    """
    qs = np.ascontiguousarray(np.asarray(own_state, dtype=float).reshape(L.STATE_COLS, 1))
    ws = np.zeros((W.STATE_COLS, 1))
    ws[W.POS:W.POS + 3, 0] = threat_pos_m
    task = np.zeros((E.TASK_ROWS, 1))
    if frame is None:
        dx, dy = ws[W.POS, 0] - qs[L.POS, 0], ws[W.POS + 1, 0] - qs[L.POS + 1, 0]
        norm = math.hypot(dx, dy)
        frame = (dx / norm, dy / norm) if norm > 0.0 else (1.0, 0.0)
    task[E.FRAME_COS, 0], task[E.FRAME_SIN, 0] = frame
    cfg = np.zeros(E.CFG_LEN)
    cfg[E.MAX_STEPS] = 1.0
    obs = np.zeros((1, OBS_DIM), dtype=np.float32)
    vx, vy, vz = (float(v) for v in threat_vel_mps)
    _observe(qs, ws, task, cfg, obs, 0, float(elapsed_fraction), vx, vy, vz)
    return obs[0], (float(task[E.FRAME_COS, 0]), float(task[E.FRAME_SIN, 0]))


def acceleration_command(action: np.ndarray, frame: tuple[float, float],
                         scale_mps2: float = DEFAULT_ACCEL_SCALE_MPS2) -> tuple[float, float, float, float]:
    """An Intercept-v0 action at the ACCELERATION level as the flight core's command: world
    acceleration (m/s^2, gravity compensated) and yaw (rad), as the environment applies it."""
    a0, a1, a2 = (min(max(float(a), -1.0), 1.0) for a in np.asarray(action)[:3])
    c, s = frame
    return ((c * a0 - s * a1) * scale_mps2, (s * a0 + c * a1) * scale_mps2, a2 * scale_mps2, math.atan2(s, c))
