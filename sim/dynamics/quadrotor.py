"""Batched quadrotor dynamics: one compiled call advances every body n steps.

Model (docs/physics.md): per-motor thrust kf*w^2 and reaction torque
km/kf * thrust; first-order motor lag (exact discretisation); body-frame linear
drag plus isotropic quadratic drag on the air-relative velocity; mean wind plus
Ornstein-Uhlenbeck turbulence per body; Cheeseman-Bennett ground effect;
battery sag limiting motor speed.

Integration: forces and torques are held over a step (the controller's
zero-order hold). Velocity advances by its acceleration and position with the
mean of old and new velocity (exact for a constant force: free fall matches
z0 - g t^2/2 to rounding, where Bullet's semi-implicit Euler lags by v*dt/2);
body rates follow Euler's equations by Heun's method and attitude the mean rate
through the quaternion exponential.

Multi-rate, like a flight controller: every physics step runs the vectorised
physics stage (inner control loops, motors, forces, integration) over all
bodies at once; every OUTER_EVERY steps a scalar stage updates the outer
control loops and the battery; every GUST_EVERY steps another draws turbulence.
The stages are keyed to the fleet's step counter, so all bodies (and all
worlds of a batch) update on the same steps.
"""

from __future__ import annotations

import math

from numba import njit

from sim.control.inner_loops import attitude_rates, body_torques, clamp, mix, rate_integral, rate_torques
from sim.control.outer_loops import OUTER_EVERY, outer_setpoints
from sim.dynamics import layout as L
from sim.dynamics.layout import KERNEL_OPTIONS
from sim.dynamics.noise import normal_pair
from sim.dynamics.rotation import integrate_body_rate, rotate, rotate_inverse

LANDING_SPEED_MPS = 3.0  # touching the ground faster than this is a crash
CELL_FULL_V = 4.2
CELL_EMPTY_V = 3.5
CONTACT_NONE, CONTACT_LANDED, CONTACT_CRASHED = 0.0, 1.0, 2.0
GUST_EVERY = 16  # physics steps between turbulence draws (15 Hz at 240 Hz); gusts vary over seconds
GROUND_EFFECT_CAP = 0.5  # cap on R/(4h): the Cheeseman-Bennett formula diverges at h -> 0


@njit(inline="always", **KERNEL_OPTIONS)
def _prepare(params, dt):
    """Motor-lag factors for this time step (recomputed only when dt changes)."""
    for i in range(params.shape[1]):
        if params[L.ALPHA_DT, i] != dt:
            params[L.ALPHA, i] = 1.0 - math.exp(-dt / params[L.MOTOR_TAU, i])
            params[L.ALPHA_DT, i] = dt


@njit(inline="always", **KERNEL_OPTIONS)
def _battery(s, p, dt):
    """Drain the pack over dt at the last step's thrust; return available motor-speed fraction."""
    capacity = p[L.BAT_CAPACITY]
    if capacity <= 0.0:
        return 1.0
    soc = s[L.SOC]
    if soc <= 0.0:
        return 0.0
    load = max(s[L.THRUST_TOTAL], 0.0) / (p[L.MASS] * p[L.GRAVITY])
    current = p[L.BAT_HOVER_A] * load * math.sqrt(load)  # ~ thrust^1.5 (momentum theory)
    s[L.SOC] = max(soc - current * dt / capacity, 0.0)
    cells = p[L.BAT_CELLS]
    voltage = cells * (CELL_EMPTY_V + (CELL_FULL_V - CELL_EMPTY_V) * soc) - current * p[L.BAT_R]
    return max(voltage, 0.0) / (cells * CELL_FULL_V)


@njit(inline="always", **KERNEL_OPTIONS)
def _slow_stage(state, params, cmd, dt):
    """Battery and outer control loops of every live body, every OUTER_EVERY steps."""
    for i in range(state.shape[1]):
        s, p, c = state[:, i], params[:, i], cmd[:, i]
        if s[L.ALIVE] == 0.0:
            continue
        scale = _battery(s, p, dt)
        s[L.BAT_SCALE] = scale
        max_thrust = 4.0 * p[L.KF] * (p[L.MAX_W] * scale) ** 2
        outer_setpoints(s, p, c, dt, max_thrust)


@njit(inline="always", **KERNEL_OPTIONS)
def gust_body(state, params, streams, i, dt):
    """Exact Ornstein-Uhlenbeck update of body i's turbulence over dt (also used per world by sim.envs)."""
    sigma = params[L.GUST_SIGMA, i]
    if sigma <= 0.0 or state[L.ALIVE, i] == 0.0:
        return
    decay = math.exp(-dt / params[L.GUST_TAU, i])
    spread = sigma * math.sqrt(1.0 - decay * decay)
    n0, n1 = normal_pair(streams, i)
    n2, _ = normal_pair(streams, i)
    state[L.GUST, i] = state[L.GUST, i] * decay + spread * n0
    state[L.GUST + 1, i] = state[L.GUST + 1, i] * decay + spread * n1
    state[L.GUST + 2, i] = state[L.GUST + 2, i] * decay + spread * n2


@njit(inline="always", **KERNEL_OPTIONS)
def _gust_stage(state, params, streams, dt):
    """Every body's turbulence over dt."""
    for i in range(state.shape[1]):
        gust_body(state, params, streams, i, dt)


@njit(**KERNEL_OPTIONS)
def _physics_stage(state, params, cmd, wrench, dt):
    """One physics step of every body. Branch-free (selects only): it vectorises.

    Dead bodies are computed too, with a zero time step that freezes them:
    cheaper in SIMD lanes than branching around them, and it keeps every store
    unconditional (a conditional store would stop vectorisation).
    """
    for i in range(state.shape[1]):
        alive = state[L.ALIVE, i] != 0.0
        h = dt if alive else 0.0
        level = cmd[L.CMD_LEVEL, i]
        px, py, pz = state[L.POS, i], state[L.POS + 1, i], state[L.POS + 2, i]
        ux, uy, uz = state[L.VEL, i], state[L.VEL + 1, i], state[L.VEL + 2, i]
        qw, qx, qy, qz = state[L.QUAT, i], state[L.QUAT + 1, i], state[L.QUAT + 2, i], state[L.QUAT + 3, i]
        ox, oy, oz = state[L.OMEGA, i], state[L.OMEGA + 1, i], state[L.OMEGA + 2, i]
        jxx, jyy, jzz = params[L.INERTIA, i], params[L.INERTIA + 1, i], params[L.INERTIA + 2, i]
        kf, max_w = params[L.KF, i], params[L.MAX_W, i] * state[L.BAT_SCALE, i]
        t_max = kf * max_w * max_w

        # Inner loops: rate setpoint from the attitude setpoint (levels >= ATTITUDE)
        # or straight from the command (RATES), then PI + feed-forward, then mixer.
        sx, sy, sz = attitude_rates(qw, qx, qy, qz, state[L.ATT_SET, i], state[L.ATT_SET + 1, i],
                                    state[L.ATT_SET + 2, i], state[L.ATT_SET + 3, i],
                                    params[L.ATT_P, i], params[L.ATT_P + 1, i], params[L.ATT_P + 2, i])
        # Every load happens unconditionally and choices are made between
        # values: a load inside a conditional arm is a branch LLVM will not
        # if-convert, and a branch stops the loop from vectorising.
        c0, c1, c2, c3 = cmd[0, i], cmd[1, i], cmd[2, i], cmd[3, i]
        acro = level < 2.0
        rx = c0 if acro else sx
        ry = c1 if acro else sy
        rz = c2 if acro else sz
        rx = clamp(rx, -params[L.MAX_RATE, i], params[L.MAX_RATE, i])
        ry = clamp(ry, -params[L.MAX_RATE + 1, i], params[L.MAX_RATE + 1, i])
        rz = clamp(rz, -params[L.MAX_RATE + 2, i], params[L.MAX_RATE + 2, i])
        thrust_set = state[L.THRUST_SET, i]
        thrust = clamp(c3, 0.0, 1.0) * 4.0 * t_max if acro else thrust_set
        ex, ey, ez = rx - ox, ry - oy, rz - oz
        direct = level < 1.0  # MOTORS: four throttles, thrust-linear; the rate loop idles
        hi = 0.0 if direct else h
        ix = rate_integral(state[L.RATE_INT, i], ex, hi)
        iy = rate_integral(state[L.RATE_INT + 1, i], ey, hi)
        iz = rate_integral(state[L.RATE_INT + 2, i], ez, hi)
        tx, ty, tz = rate_torques(ex, ey, ez, ix, iy, iz, params[L.RATE_P, i], params[L.RATE_P + 1, i],
                                  params[L.RATE_P + 2, i], params[L.RATE_I, i], params[L.RATE_I + 1, i],
                                  params[L.RATE_I + 2, i], ox, oy, oz, jxx, jyy, jzz)
        # Derivative on the measured rate (not the error): no kick when the setpoint jumps.
        inv_h = 1.0 / dt
        tx -= jxx * params[L.RATE_D, i] * (ox - state[L.RATE_PREV, i]) * inv_h
        ty -= jyy * params[L.RATE_D + 1, i] * (oy - state[L.RATE_PREV + 1, i]) * inv_h
        tz -= jzz * params[L.RATE_D + 2, i] * (oz - state[L.RATE_PREV + 2, i]) * inv_h
        t0, t1, t2, t3 = mix(thrust, tx, ty, tz, params[L.INV_ARM_COMPONENT, i], params[L.INV_KM, i], t_max)
        t0 = clamp(c0, 0.0, 1.0) * t_max if direct else t0
        t1 = clamp(c1, 0.0, 1.0) * t_max if direct else t1
        t2 = clamp(c2, 0.0, 1.0) * t_max if direct else t2
        t3 = clamp(c3, 0.0, 1.0) * t_max if direct else t3

        # Motors: first-order lag on speed toward the target thrust's speed.
        alpha = params[L.ALPHA, i] if alive else 0.0
        inv_kf = params[L.INV_KF, i]
        motor0, motor1, motor2, motor3 = state[L.MOTOR, i], state[L.MOTOR + 1, i], state[L.MOTOR + 2, i], state[L.MOTOR + 3, i]
        w0 = motor0 + (math.sqrt(t0 * inv_kf) - motor0) * alpha
        w1 = motor1 + (math.sqrt(t1 * inv_kf) - motor1) * alpha
        w2 = motor2 + (math.sqrt(t2 * inv_kf) - motor2) * alpha
        w3 = motor3 + (math.sqrt(t3 * inv_kf) - motor3) * alpha
        ground_z = state[L.GROUND_Z, i]
        ratio = min(params[L.PROP_R, i] / (4.0 * max(pz - ground_z, 1e-6)), GROUND_EFFECT_CAP)
        gain = kf / (1.0 - ratio * ratio)  # Cheeseman-Bennett ground effect
        f0, f1, f2, f3 = gain * w0 * w0, gain * w1 * w1, gain * w2 * w2, gain * w3 * w3
        total = f0 + f1 + f2 + f3
        mx, my, mz = body_torques(f0, f1, f2, f3, params[L.ARM, i], params[L.KM_RATIO, i])

        # Forces: thrust along body z, drag on the air-relative velocity.
        fx, fy, fz = rotate(qw, qx, qy, qz, 0.0, 0.0, total)
        rvx = ux - params[L.WIND, i] - state[L.GUST, i]
        rvy = uy - params[L.WIND + 1, i] - state[L.GUST + 1, i]
        rvz = uz - params[L.WIND + 2, i] - state[L.GUST + 2, i]
        bx, by, bz = rotate_inverse(qw, qx, qy, qz, rvx, rvy, rvz)
        dx, dy, dz = rotate(qw, qx, qy, qz, -params[L.DRAG_LIN, i] * bx,
                            -params[L.DRAG_LIN + 1, i] * by, -params[L.DRAG_LIN + 2, i] * bz)
        quad = params[L.QUAD_DRAG, i] * math.sqrt(rvx * rvx + rvy * rvy + rvz * rvz)
        fx += dx - quad * rvx
        fy += dy - quad * rvy
        fz += dz - quad * rvz

        # Integration.
        inv_mass = params[L.INV_MASS, i]
        vx = ux + fx * inv_mass * h
        vy = uy + fy * inv_mass * h
        vz = uz + (fz * inv_mass - params[L.GRAVITY, i]) * h
        jx, jy, jz = params[L.INV_INERTIA, i], params[L.INV_INERTIA + 1, i], params[L.INV_INERTIA + 2, i]
        ax, ay, az = _angular_acceleration(mx, my, mz, ox, oy, oz, jxx, jyy, jzz, jx, jy, jz)
        bx, by, bz = _angular_acceleration(mx, my, mz, ox + ax * h, oy + ay * h, oz + az * h,
                                           jxx, jyy, jzz, jx, jy, jz)
        wx = ox + 0.5 * (ax + bx) * h
        wy = oy + 0.5 * (ay + by) * h
        wz = oz + 0.5 * (az + bz) * h
        nw, nx, ny, nz = integrate_body_rate(qw, qx, qy, qz, 0.5 * (ox + wx), 0.5 * (oy + wy), 0.5 * (oz + wz), h)
        npx = px + 0.5 * (ux + vx) * h
        npy = py + 0.5 * (uy + vy) * h
        npz = pz + 0.5 * (uz + vz) * h

        # Ground: resting contact stops the body; a hard impact is a crash.
        below = npz < ground_z
        crashed = below & (-vz > LANDING_SPEED_MPS)
        contact = state[L.CONTACT, i]
        lifted = npz > ground_z + 0.01
        contact = CONTACT_CRASHED if crashed else (
            CONTACT_LANDED if below else (CONTACT_NONE if lifted else contact))
        npz = ground_z if below else npz
        stop = 0.0 if below else 1.0
        vx, vy, vz, wx, wy, wz = vx * stop, vy * stop, vz * stop, wx * stop, wy * stop, wz * stop

        _store(state, L.POS, i, npx, npy, npz)
        _store(state, L.VEL, i, vx, vy, vz)
        _store(state, L.OMEGA, i, wx, wy, wz)
        _store(state, L.QUAT, i, nw, nx, ny)
        state[L.QUAT + 3, i] = nz
        _store(state, L.RATE_INT, i, ix, iy, iz)
        _store(state, L.MOTOR, i, w0, w1, w2)
        state[L.MOTOR + 3, i] = w3
        _store(state, L.RATE_SET, i, rx, ry, rz)
        _store(state, L.RATE_PREV, i, ox, oy, oz)
        state[L.THRUST_TOTAL, i] = total
        state[L.CONTACT, i] = contact
        state[L.ALIVE, i] = 0.0 if crashed | (not alive) else 1.0
        _store(wrench, 0, i, fx, fy, fz)  # world-frame force, gravity excluded
        _store(wrench, 3, i, mx, my, mz)  # body-frame motor torque


@njit(inline="always", **KERNEL_OPTIONS)
def _store(array, row, i, a, b, c):
    """Write three consecutive rows of column i."""
    array[row, i] = a
    array[row + 1, i] = b
    array[row + 2, i] = c


@njit(inline="always", **KERNEL_OPTIONS)
def _angular_acceleration(tx, ty, tz, wx, wy, wz, ixx, iyy, izz, jx, jy, jz):
    """Euler's equations, diagonal inertia I (inverse J): dw/dt = J (tau - w x Iw)."""
    return ((tx - (wy * izz * wz - wz * iyy * wy)) * jx,
            (ty - (wz * ixx * wx - wx * izz * wz)) * jy,
            (tz - (wx * iyy * wy - wy * ixx * wx)) * jz)


@njit(**KERNEL_OPTIONS)
def step_quadrotors(state, params, cmd, streams, wrench, dt, n_steps, first_step):
    """Advance every body `n_steps` physics steps of `dt` seconds, in place.

    Arrays are column-per-body (shape (columns, bodies)), so each quantity is
    contiguous across bodies and the physics stage runs in SIMD lanes.
    `first_step` is the fleet's step counter, which keys the slower stages.
    """
    _prepare(params, dt)
    for k in range(n_steps):
        step = first_step + k
        if step % OUTER_EVERY == 0:
            _slow_stage(state, params, cmd, dt * OUTER_EVERY)
        if step % GUST_EVERY == 0:
            _gust_stage(state, params, streams, dt * GUST_EVERY)
        _physics_stage(state, params, cmd, wrench, dt)
