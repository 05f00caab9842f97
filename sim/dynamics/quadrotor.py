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

from numba import njit

from sim.control.cascade import ARM_COMPONENT, motor_thrust_targets
from sim.dynamics import layout as L
from sim.dynamics.layout import KERNEL_OPTIONS
from sim.dynamics.noise import normal_pair
from sim.dynamics.rotation import integrate_body_rate, rotate, rotate_inverse

LANDING_SPEED_MPS = 3.0  # touching the ground faster than this is a crash
CELL_FULL_V = 4.2
CELL_EMPTY_V = 3.5
CONTACT_NONE, CONTACT_LANDED, CONTACT_CRASHED = 0.0, 1.0, 2.0
GUST_EVERY = 16.0  # physics steps between turbulence draws (15 Hz at 240 Hz)
SLOW_EVERY = 4.0  # physics steps between battery updates
GROUND_EFFECT_RADII = 50.0  # heights (in propeller radii) below which ground effect is computed


@njit(inline="always", **KERNEL_OPTIONS)
def _battery_scale(s, p, dt):
    """Available motor speed as a fraction of full; drains the pack every SLOW_EVERY steps.

    The pack's state changes over minutes, so it is updated at 60 Hz with the
    thrust of the last step, and the sagged voltage is kept in the state.
    """
    capacity = p[L.BAT_CAPACITY]
    if capacity <= 0.0:
        return 1.0
    phase = s[L.BAT_PHASE]
    if phase <= 0.0:
        soc = s[L.SOC]
        load = max(s[L.THRUST_TOTAL], 0.0) / (p[L.MASS] * p[L.GRAVITY])
        current = p[L.BAT_HOVER_A] * load * math.sqrt(load) if soc > 0.0 else 0.0  # ~ thrust^1.5
        s[L.SOC] = max(soc - current * dt * SLOW_EVERY / capacity, 0.0)
        cells = p[L.BAT_CELLS]
        voltage = cells * (CELL_EMPTY_V + (CELL_FULL_V - CELL_EMPTY_V) * soc) - current * p[L.BAT_R]
        s[L.BAT_SCALE] = max(voltage, 0.0) / (cells * CELL_FULL_V) if soc > 0.0 else 0.0
        phase = SLOW_EVERY
    s[L.BAT_PHASE] = phase - 1.0
    return s[L.BAT_SCALE]


@njit(inline="always", **KERNEL_OPTIONS)
def _lag(speed, thrust_target, inv_kf, alpha):
    """First-order motor lag toward the speed that gives the target thrust (exact step)."""
    return speed + (math.sqrt(thrust_target * inv_kf) - speed) * alpha


@njit(inline="always", **KERNEL_OPTIONS)
def _angular_acceleration(tx, ty, tz, wx, wy, wz, ixx, iyy, izz, jx, jy, jz):
    """Euler's equations, diagonal inertia I (inverse J): dw/dt = J (tau - w x Iw)."""
    return ((tx - (wy * izz * wz - wz * iyy * wy)) * jx,
            (ty - (wz * ixx * wx - wx * izz * wz)) * jy,
            (tz - (wx * iyy * wy - wy * ixx * wx)) * jz)


@njit(inline="always", **KERNEL_OPTIONS)
def _step_body(s, p, c, streams, wr, i, dt, alpha, gust_decay, gust_spread):
    scale = _battery_scale(s, p, dt)
    t0, t1, t2, t3 = motor_thrust_targets(s, p, c, dt, scale)
    # Read everything up front: numba cannot tell LLVM that `state` and
    # `params` never alias, so values read after a store would be re-loaded.
    kf, inv_kf, arm, km = p[L.KF], p[L.INV_KF], p[L.ARM], p[L.KM_RATIO]
    prop_r = p[L.PROP_R]
    inv_mass, gravity = p[L.INV_MASS], p[L.GRAVITY]
    ixx, iyy, izz = p[L.INERTIA], p[L.INERTIA + 1], p[L.INERTIA + 2]
    jx, jy, jz = p[L.INV_INERTIA], p[L.INV_INERTIA + 1], p[L.INV_INERTIA + 2]
    cx, cy, cz = p[L.DRAG_LIN], p[L.DRAG_LIN + 1], p[L.DRAG_LIN + 2]
    quad_coef = -0.5 * p[L.AIR_DENSITY] * p[L.DRAG_AREA]
    wind_x, wind_y, wind_z = p[L.WIND], p[L.WIND + 1], p[L.WIND + 2]
    px, py, pz = s[L.POS], s[L.POS + 1], s[L.POS + 2]
    ux, uy, uz = s[L.VEL], s[L.VEL + 1], s[L.VEL + 2]
    qw, qx, qy, qz = s[L.QUAT], s[L.QUAT + 1], s[L.QUAT + 2], s[L.QUAT + 3]
    ox, oy, oz = s[L.OMEGA], s[L.OMEGA + 1], s[L.OMEGA + 2]
    ground_z = s[L.GROUND_Z]

    ground_gain = 1.0
    height = pz - ground_z
    if height < GROUND_EFFECT_RADII * prop_r:  # beyond this the gain is 1 to within 2e-5
        ratio = min(prop_r / (4.0 * max(height, 1e-6)), 0.5)
        ground_gain = 1.0 / (1.0 - ratio * ratio)
    # Motor lag on speed, thrust ~ speed^2 (times the ground-effect gain).
    gain = kf * ground_gain
    w0 = _lag(s[L.MOTOR], t0, inv_kf, alpha)
    w1 = _lag(s[L.MOTOR + 1], t1, inv_kf, alpha)
    w2 = _lag(s[L.MOTOR + 2], t2, inv_kf, alpha)
    w3 = _lag(s[L.MOTOR + 3], t3, inv_kf, alpha)
    s[L.MOTOR], s[L.MOTOR + 1], s[L.MOTOR + 2], s[L.MOTOR + 3] = w0, w1, w2, w3
    f0, f1, f2, f3 = gain * w0 * w0, gain * w1 * w1, gain * w2 * w2, gain * w3 * w3
    total = f0 + f1 + f2 + f3
    s[L.THRUST_TOTAL] = total
    # Torques of the X frame (signs as MOTOR_X, MOTOR_Y, MOTOR_SPIN in sim.control.cascade).
    tx = arm * ARM_COMPONENT * (f0 + f1 - f2 - f3)
    ty = arm * ARM_COMPONENT * (-f0 + f1 + f2 - f3)
    tz = km * (f0 - f1 + f2 - f3)

    # Turbulence: an exact OU update every GUST_EVERY steps. Gusts vary over
    # seconds; drawing them at 15 Hz instead of 240 Hz spares most of the RNG cost.
    if gust_spread > 0.0:
        phase = s[L.GUST_PHASE]
        if phase <= 0.0:
            n0, n1 = normal_pair(streams, i)
            n2, _ = normal_pair(streams, i)
            s[L.GUST] = s[L.GUST] * gust_decay + gust_spread * n0
            s[L.GUST + 1] = s[L.GUST + 1] * gust_decay + gust_spread * n1
            s[L.GUST + 2] = s[L.GUST + 2] * gust_decay + gust_spread * n2
            phase = GUST_EVERY
        s[L.GUST_PHASE] = phase - 1.0

    fx, fy, fz = rotate(qw, qx, qy, qz, 0.0, 0.0, total)
    # Air-relative velocity: drag acts on motion through the (moving) air.
    rx = ux - wind_x - s[L.GUST]
    ry = uy - wind_y - s[L.GUST + 1]
    rz = uz - wind_z - s[L.GUST + 2]
    bx, by, bz = rotate_inverse(qw, qx, qy, qz, rx, ry, rz)
    dx, dy, dz = rotate(qw, qx, qy, qz, -cx * bx, -cy * by, -cz * bz)
    quad = quad_coef * math.sqrt(rx * rx + ry * ry + rz * rz)
    fx += dx + quad * rx
    fy += dy + quad * ry
    fz += dz + quad * rz

    vx = ux + fx * inv_mass * dt
    vy = uy + fy * inv_mass * dt
    vz = uz + (fz * inv_mass - gravity) * dt
    # Euler's equations by Heun's method: the gyroscopic term w x Iw is what
    # makes plain explicit Euler drift in fast multi-axis spins.
    ex, ey, ez = _angular_acceleration(tx, ty, tz, ox, oy, oz, ixx, iyy, izz, jx, jy, jz)
    ax, ay, az = _angular_acceleration(tx, ty, tz, ox + ex * dt, oy + ey * dt, oz + ez * dt,
                                       ixx, iyy, izz, jx, jy, jz)
    wx = ox + 0.5 * (ex + ax) * dt
    wy = oy + 0.5 * (ey + ay) * dt
    wz = oz + 0.5 * (ez + az) * dt
    qw, qx, qy, qz = integrate_body_rate(qw, qx, qy, qz, 0.5 * (ox + wx), 0.5 * (oy + wy), 0.5 * (oz + wz), dt)
    px += 0.5 * (ux + vx) * dt
    py += 0.5 * (uy + vy) * dt
    pz += 0.5 * (uz + vz) * dt
    if pz < ground_z:
        # Resting contact: the ground stops the body; hard impacts are crashes.
        crashed = -vz > LANDING_SPEED_MPS
        s[L.CONTACT] = CONTACT_CRASHED if crashed else CONTACT_LANDED
        if crashed:
            s[L.ALIVE] = 0.0
        pz = ground_z
        vx = vy = vz = 0.0
        wx = wy = wz = 0.0
    elif pz > ground_z + 0.01 and s[L.CONTACT] == CONTACT_LANDED:
        s[L.CONTACT] = CONTACT_NONE

    wr[0], wr[1], wr[2] = fx, fy, fz
    wr[3], wr[4], wr[5] = tx, ty, tz  # body frame: motors turn with the body
    s[L.POS], s[L.POS + 1], s[L.POS + 2] = px, py, pz
    s[L.VEL], s[L.VEL + 1], s[L.VEL + 2] = vx, vy, vz
    s[L.QUAT], s[L.QUAT + 1], s[L.QUAT + 2], s[L.QUAT + 3] = qw, qx, qy, qz
    s[L.OMEGA], s[L.OMEGA + 1], s[L.OMEGA + 2] = wx, wy, wz


@njit(**KERNEL_OPTIONS)
def step_quadrotors(state, params, cmd, streams, wrench, dt, n_steps):
    """Advance every live body `n_steps` physics steps of `dt` seconds, in place.

    Bodies are independent, so the loop runs body-major: one body's row stays
    in cache for all its sub-steps, and per-body constants are computed once.
    The step works on 1-D row views, whose fixed column offsets compile to
    plain loads; 2-D indexing costs a stride multiply and a bounds wrap each.
    """
    for i in range(state.shape[0]):
        s, p, c, wr = state[i], params[i], cmd[i], wrench[i]
        if s[L.ALIVE] == 0.0:
            continue
        alpha = 1.0 - math.exp(-dt / p[L.MOTOR_TAU])
        gust_decay = 1.0
        gust_spread = 0.0
        if p[L.GUST_SIGMA] > 0.0:
            gust_decay = math.exp(-dt * GUST_EVERY / p[L.GUST_TAU])
            gust_spread = p[L.GUST_SIGMA] * math.sqrt(1.0 - gust_decay * gust_decay)
        for _ in range(n_steps):
            if s[L.ALIVE] == 0.0:
                break
            _step_body(s, p, c, streams, wr, i, dt, alpha, gust_decay, gust_spread)
