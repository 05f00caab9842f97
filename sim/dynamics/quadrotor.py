"""Batched quadrotor dynamics: one compiled call advances every body n steps.

Model (docs/physics.md): per-motor thrust kf*w^2 and reaction torque
km/kf * thrust; first-order motor lag (exact discretisation); body-frame linear
drag plus isotropic quadratic drag on the air-relative velocity; mean wind plus
Ornstein-Uhlenbeck turbulence per body; Cheeseman-Bennett ground effect;
optional battery sag limiting motor speed.

Integration: forces and torques are held over a step (the controller's
zero-order hold). Velocity and body rate advance by their accelerations;
position advances with the mean of old and new velocity and attitude with the
mean body rate through an exact quaternion exponential. That is exact for a
constant acceleration (free fall matches z0 - g t^2/2 to rounding) where plain
semi-implicit Euler, Bullet's scheme, lags by v*dt/2. pybullet stepped finely is
the reference the tests hold this against.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sim.control.cascade import MOTOR_SPIN, MOTOR_X, MOTOR_Y, motor_thrust_targets
from sim.dynamics import layout as L
from sim.dynamics.noise import normal
from sim.dynamics.rotation import integrate_body_rate, rotate, rotate_inverse

LANDING_SPEED_MPS = 3.0  # touching the ground faster than this is a crash
CELL_FULL_V = 4.2
CELL_EMPTY_V = 3.5
CONTACT_NONE, CONTACT_LANDED, CONTACT_CRASHED = 0.0, 1.0, 2.0


@njit(cache=True)
def _battery_scale(state, params, i, dt):
    """Drain the pack for one step; return available motor speed as a fraction of full."""
    capacity = params[i, L.BAT_CAPACITY]
    if capacity <= 0.0:
        return 1.0
    soc = state[i, L.SOC]
    if soc <= 0.0:
        return 0.0
    kf = params[i, L.KF]
    thrust = 0.0
    for j in range(4):
        w = state[i, L.MOTOR + j]
        thrust += kf * w * w
    weight = params[i, L.MASS] * params[i, L.GRAVITY]
    current = params[i, L.BAT_HOVER_A] * (thrust / weight) ** 1.5
    state[i, L.SOC] = max(soc - current * dt / capacity, 0.0)
    cells = params[i, L.BAT_CELLS]
    voltage = cells * (CELL_EMPTY_V + (CELL_FULL_V - CELL_EMPTY_V) * soc) - current * params[i, L.BAT_R]
    return max(voltage, 0.0) / (cells * CELL_FULL_V)


@njit(cache=True, inline="always")
def _angular_acceleration(tx, ty, tz, wx, wy, wz, ixx, iyy, izz):
    """Euler's rigid-body equations with a diagonal inertia: I dw/dt = tau - w x Iw."""
    return ((tx - (wy * izz * wz - wz * iyy * wy)) / ixx,
            (ty - (wz * ixx * wx - wx * izz * wz)) / iyy,
            (tz - (wx * iyy * wy - wy * ixx * wx)) / izz)


@njit(cache=True)
def _step_body(state, params, cmd, streams, wrench, i, dt, thrusts):
    scale = _battery_scale(state, params, i, dt)
    motor_thrust_targets(state, params, cmd, i, dt, scale, thrusts)
    kf = params[i, L.KF]
    alpha = 1.0 - math.exp(-dt / params[i, L.MOTOR_TAU])
    height = state[i, L.POS + 2] - state[i, L.GROUND_Z]
    ground_gain = 1.0
    prop_r = params[i, L.PROP_R]
    if prop_r > 0.0:
        ratio = min(prop_r / (4.0 * max(height, 1e-6)), 0.5)
        ground_gain = 1.0 / (1.0 - ratio * ratio)
    arm = params[i, L.ARM]
    total = 0.0
    tx = 0.0
    ty = 0.0
    tz = 0.0
    for j in range(4):
        w = state[i, L.MOTOR + j]
        w += (math.sqrt(thrusts[j] / kf) - w) * alpha
        state[i, L.MOTOR + j] = w
        t = kf * w * w * ground_gain
        total += t
        tx += arm * MOTOR_Y[j] * t
        ty -= arm * MOTOR_X[j] * t
        tz += params[i, L.KM_RATIO] * MOTOR_SPIN[j] * t

    # Turbulence: exact OU update, so its variance does not depend on dt.
    sigma = params[i, L.GUST_SIGMA]
    if sigma > 0.0:
        decay = math.exp(-dt / params[i, L.GUST_TAU])
        spread = sigma * math.sqrt(1.0 - decay * decay)
        for k in range(3):
            state[i, L.GUST + k] = state[i, L.GUST + k] * decay + spread * normal(streams, i)

    qw, qx, qy, qz = state[i, L.QUAT], state[i, L.QUAT + 1], state[i, L.QUAT + 2], state[i, L.QUAT + 3]
    fx, fy, fz = rotate(qw, qx, qy, qz, 0.0, 0.0, total)
    # Air-relative velocity: drag acts on motion through the (moving) air.
    rx = state[i, L.VEL] - params[i, L.WIND] - state[i, L.GUST]
    ry = state[i, L.VEL + 1] - params[i, L.WIND + 1] - state[i, L.GUST + 1]
    rz = state[i, L.VEL + 2] - params[i, L.WIND + 2] - state[i, L.GUST + 2]
    bx, by, bz = rotate_inverse(qw, qx, qy, qz, rx, ry, rz)
    dx, dy, dz = rotate(qw, qx, qy, qz, -params[i, L.DRAG_LIN] * bx,
                        -params[i, L.DRAG_LIN + 1] * by, -params[i, L.DRAG_LIN + 2] * bz)
    quad = -0.5 * params[i, L.AIR_DENSITY] * params[i, L.DRAG_AREA] * math.sqrt(rx * rx + ry * ry + rz * rz)
    fx += dx + quad * rx
    fy += dy + quad * ry
    fz += dz + quad * rz
    wrench[i, 0], wrench[i, 1], wrench[i, 2] = fx, fy, fz
    wrench[i, 3], wrench[i, 4], wrench[i, 5] = tx, ty, tz  # body frame: motors turn with the body

    mass = params[i, L.MASS]
    gravity = params[i, L.GRAVITY]
    vx = state[i, L.VEL] + fx / mass * dt
    vy = state[i, L.VEL + 1] + fy / mass * dt
    vz = state[i, L.VEL + 2] + (fz / mass - gravity) * dt

    ixx, iyy, izz = params[i, L.INERTIA], params[i, L.INERTIA + 1], params[i, L.INERTIA + 2]
    wx, wy, wz = state[i, L.OMEGA], state[i, L.OMEGA + 1], state[i, L.OMEGA + 2]
    # Euler's equations by Heun's method: the gyroscopic term w x Iw is what
    # makes plain explicit Euler drift in fast multi-axis spins.
    ox, oy, oz = wx, wy, wz
    ex, ey, ez = _angular_acceleration(tx, ty, tz, ox, oy, oz, ixx, iyy, izz)
    px_, py_, pz_ = ox + ex * dt, oy + ey * dt, oz + ez * dt
    fx_, fy_, fz_ = _angular_acceleration(tx, ty, tz, px_, py_, pz_, ixx, iyy, izz)
    wx = ox + 0.5 * (ex + fx_) * dt
    wy = oy + 0.5 * (ey + fy_) * dt
    wz = oz + 0.5 * (ez + fz_) * dt
    qw, qx, qy, qz = integrate_body_rate(qw, qx, qy, qz, 0.5 * (ox + wx), 0.5 * (oy + wy), 0.5 * (oz + wz), dt)

    px = state[i, L.POS] + 0.5 * (state[i, L.VEL] + vx) * dt
    py = state[i, L.POS + 1] + 0.5 * (state[i, L.VEL + 1] + vy) * dt
    pz = state[i, L.POS + 2] + 0.5 * (state[i, L.VEL + 2] + vz) * dt
    if pz < state[i, L.GROUND_Z]:
        # Resting contact: the ground stops the body; hard impacts are crashes.
        state[i, L.CONTACT] = CONTACT_CRASHED if -vz > LANDING_SPEED_MPS else CONTACT_LANDED
        pz = state[i, L.GROUND_Z]
        vx = vy = vz = 0.0
        wx = wy = wz = 0.0
        if state[i, L.CONTACT] == CONTACT_CRASHED:
            state[i, L.ALIVE] = 0.0
    elif state[i, L.CONTACT] == CONTACT_LANDED and pz > state[i, L.GROUND_Z] + 0.01:
        state[i, L.CONTACT] = CONTACT_NONE

    state[i, L.POS], state[i, L.POS + 1], state[i, L.POS + 2] = px, py, pz
    state[i, L.VEL], state[i, L.VEL + 1], state[i, L.VEL + 2] = vx, vy, vz
    state[i, L.QUAT], state[i, L.QUAT + 1], state[i, L.QUAT + 2], state[i, L.QUAT + 3] = qw, qx, qy, qz
    state[i, L.OMEGA], state[i, L.OMEGA + 1], state[i, L.OMEGA + 2] = wx, wy, wz


@njit(cache=True)
def step_quadrotors(state, params, cmd, streams, wrench, dt, n_steps):
    """Advance every live body `n_steps` physics steps of `dt` seconds, in place.

    Bodies are independent, so the loop runs body-major: one body's row stays
    in cache for all its sub-steps.
    """
    thrusts = np.empty(4)
    for i in range(state.shape[0]):
        for _ in range(n_steps):
            if state[i, L.ALIVE] == 0.0:
                break
            _step_body(state, params, cmd, streams, wrench, i, dt, thrusts)
