"""The cascaded multirotor controller, one body at a time, compiled.

position -> velocity -> acceleration -> attitude -> body rates -> torques -> motors.
A command enters at its declared level and runs down the rest of the cascade.
Gains are normalised by the airframe's mass and inertia (rate gains are angular
acceleration per rad/s of error), so one set of defaults suits a 27 g
Crazyflie and a 1.5 kg interceptor alike; each airframe file may retune them.

The batched kernel in `sim.dynamics.quadrotor` calls `motor_speed_targets` for
every body at every physics step; there is no Python on that path.
"""

from __future__ import annotations

import math

from numba import njit

from sim.dynamics import layout as L
from sim.dynamics.layout import KERNEL_OPTIONS
from sim.dynamics.rotation import from_euler, multiply, rotate

# Motor positions on the X frame (body FLU) as unit directions, and spin signs:
# front-left, rear-left, rear-right, front-right; diagonals spin the same way.
_S = 0.7071067811865476
ARM_COMPONENT = _S  # each motor's x and y offset, as a fraction of the arm length
MOTOR_X = (_S, -_S, -_S, _S)
MOTOR_Y = (_S, _S, -_S, -_S)
MOTOR_SPIN = (1.0, -1.0, 1.0, -1.0)
INTEGRATOR_LIMIT = 0.5  # rad: cap on the rate loop's integrated error after saturation
VELOCITY_INTEGRATION_BAND = 0.5  # m/s: integrate velocity error only inside this band
VELOCITY_INTEGRAL_LIMIT = 10.0  # m: cap on the velocity loop's integrated error
OUTER_EVERY = 4.0  # physics steps per outer-loop update: 60 Hz at 240 Hz physics


@njit(inline="always", **KERNEL_OPTIONS)
def _clamp(x: float, low: float, high: float) -> float:
    return low if x < low else (high if x > high else x)


@njit(inline="always", **KERNEL_OPTIONS)
def _velocity_to_acceleration(s, p, vx, vy, vz, dt):
    """PI velocity loop; returns a world acceleration request (m/s^2)."""
    vz = _clamp(vz, -p[L.MAX_DESCENT], p[L.MAX_CLIMB])
    ex = vx - s[L.VEL]
    ey = vy - s[L.VEL + 1]
    ez = vz - s[L.VEL + 2]
    # Integral separation: integrate only near the setpoint, so the integrator
    # trims steady wind and drag without winding up during large manoeuvres.
    ix = s[L.VEL_INT] + (ex * dt if abs(ex) < VELOCITY_INTEGRATION_BAND else 0.0)
    iy = s[L.VEL_INT + 1] + (ey * dt if abs(ey) < VELOCITY_INTEGRATION_BAND else 0.0)
    iz = s[L.VEL_INT + 2] + (ez * dt if abs(ez) < VELOCITY_INTEGRATION_BAND else 0.0)
    ix = _clamp(ix, -VELOCITY_INTEGRAL_LIMIT, VELOCITY_INTEGRAL_LIMIT)
    iy = _clamp(iy, -VELOCITY_INTEGRAL_LIMIT, VELOCITY_INTEGRAL_LIMIT)
    iz = _clamp(iz, -VELOCITY_INTEGRAL_LIMIT, VELOCITY_INTEGRAL_LIMIT)
    s[L.VEL_INT] = ix
    s[L.VEL_INT + 1] = iy
    s[L.VEL_INT + 2] = iz
    return (p[L.VEL_P] * ex + p[L.VEL_I] * ix,
            p[L.VEL_P + 1] * ey + p[L.VEL_I + 1] * iy,
            p[L.VEL_P + 2] * ez + p[L.VEL_I + 2] * iz)


@njit(inline="always", **KERNEL_OPTIONS)
def _acceleration_to_attitude(s, p, ax, ay, az, yaw, max_thrust):
    """Thrust vector for the requested acceleration, within tilt and thrust limits.

    The vertical component has priority: when thrust or tilt saturate, the
    horizontal request is shortened so the drone keeps its altitude.
    """
    mass = p[L.MASS]
    fz = mass * (az + p[L.GRAVITY])
    fz = _clamp(fz, 0.05 * max_thrust, max_thrust)
    fx = mass * ax
    fy = mass * ay
    horizontal = math.sqrt(fx * fx + fy * fy)
    limit = fz * p[L.TAN_MAX_TILT]
    spare = math.sqrt(max(max_thrust * max_thrust - fz * fz, 0.0))
    limit = min(limit, spare)
    if horizontal > limit:
        scale = limit / horizontal
        fx *= scale
        fy *= scale
    norm = math.sqrt(fx * fx + fy * fy + fz * fz)
    zx, zy, zz = fx / norm, fy / norm, fz / norm
    # Desired body axes from z and the yaw heading (x_c = heading in the horizontal plane).
    cx, cy = math.cos(yaw), math.sin(yaw)
    yx, yy, yz = zy * 0.0 - zz * cy, zz * cx - zx * 0.0, zx * cy - zy * cx
    ny = math.sqrt(yx * yx + yy * yy + yz * yz)
    yx, yy, yz = yx / ny, yy / ny, yz / ny
    xx, xy, xz = yy * zz - yz * zy, yz * zx - yx * zz, yx * zy - yy * zx
    qw, qx, qy, qz = _quat_from_axes(xx, xy, xz, yx, yy, yz, zx, zy, zz)
    # Collective thrust: the part of the request along the current body z axis.
    bx, by, bz = rotate(s[L.QUAT], s[L.QUAT + 1], s[L.QUAT + 2], s[L.QUAT + 3], 0.0, 0.0, 1.0)
    thrust = max(fx * bx + fy * by + fz * bz, 0.0)
    return qw, qx, qy, qz, thrust


@njit(inline="always", **KERNEL_OPTIONS)
def _quat_from_axes(xx, xy, xz, yx, yy, yz, zx, zy, zz):
    """Quaternion of the rotation matrix with columns x, y, z (Shepperd's method)."""
    trace = xx + yy + zz
    if trace > 0.0:
        r = 2.0 * math.sqrt(trace + 1.0)
        return 0.25 * r, (yz - zy) / r, (zx - xz) / r, (xy - yx) / r
    if xx > yy and xx > zz:
        r = 2.0 * math.sqrt(1.0 + xx - yy - zz)
        return (yz - zy) / r, 0.25 * r, (yx + xy) / r, (zx + xz) / r
    if yy > zz:
        r = 2.0 * math.sqrt(1.0 + yy - xx - zz)
        return (zx - xz) / r, (yx + xy) / r, 0.25 * r, (zy + yz) / r
    r = 2.0 * math.sqrt(1.0 + zz - xx - yy)
    return (xy - yx) / r, (zx + xz) / r, (zy + yz) / r, 0.25 * r


@njit(inline="always", **KERNEL_OPTIONS)
def _attitude_to_rates(s, p, dw, dx, dy, dz):
    """Rate setpoint that turns the body toward the desired attitude (body frame)."""
    ew, ex, ey, ez = multiply(s[L.QUAT], -s[L.QUAT + 1], -s[L.QUAT + 2], -s[L.QUAT + 3], dw, dx, dy, dz)
    if ew < 0.0:  # take the short way round
        ex, ey, ez = -ex, -ey, -ez
    return (_clamp(2.0 * p[L.ATT_P] * ex, -p[L.MAX_RATE], p[L.MAX_RATE]),
            _clamp(2.0 * p[L.ATT_P + 1] * ey, -p[L.MAX_RATE + 1], p[L.MAX_RATE + 1]),
            _clamp(2.0 * p[L.ATT_P + 2] * ez, -p[L.MAX_RATE + 2], p[L.MAX_RATE + 2]))


@njit(inline="always", **KERNEL_OPTIONS)
def _pi_axis(s, p, k, error, dt):
    """One axis of the rate loop: angular acceleration request (rad/s^2)."""
    integral = _clamp(s[L.RATE_INT + k] + error * dt, -INTEGRATOR_LIMIT, INTEGRATOR_LIMIT)
    s[L.RATE_INT + k] = integral
    return p[L.RATE_P + k] * error + p[L.RATE_I + k] * integral


@njit(inline="always", **KERNEL_OPTIONS)
def _rates_to_torques(s, p, rx, ry, rz, dt):
    """PI rate loop with gyroscopic feed-forward; torques in N m (body)."""
    ixx, iyy, izz = p[L.INERTIA], p[L.INERTIA + 1], p[L.INERTIA + 2]
    wx, wy, wz = s[L.OMEGA], s[L.OMEGA + 1], s[L.OMEGA + 2]
    ax = _pi_axis(s, p, 0, rx - wx, dt)
    ay = _pi_axis(s, p, 1, ry - wy, dt)
    az = _pi_axis(s, p, 2, rz - wz, dt)
    s[L.RATE_SET] = rx
    s[L.RATE_SET + 1] = ry
    s[L.RATE_SET + 2] = rz
    # Gyroscopic feed-forward: w x I w, so fast yaw does not couple into roll/pitch.
    gx = wy * izz * wz - wz * iyy * wy
    gy = wz * ixx * wx - wx * izz * wz
    gz = wx * iyy * wy - wy * ixx * wx
    return ixx * ax + gx, iyy * ay + gy, izz * az + gz


@njit(inline="always", **KERNEL_OPTIONS)
def _mix(p, thrust, tx, ty, tz, t_max):
    """Per-motor thrusts (N) for a collective thrust and body torques.

    The closed-form inverse of the X-frame allocation (motor order and signs in
    MOTOR_X, MOTOR_Y, MOTOR_SPIN). When a motor would saturate, all four shift
    together first, so the torques (attitude authority) survive at the cost of
    collective thrust, like Betaflight's airmode.
    """
    roll = tx / (p[L.ARM] * _S)
    pitch = ty / (p[L.ARM] * _S)
    yaw = tz / p[L.KM_RATIO]
    t0 = 0.25 * (thrust + roll - pitch + yaw)
    t1 = 0.25 * (thrust + roll + pitch - yaw)
    t2 = 0.25 * (thrust - roll + pitch + yaw)
    t3 = 0.25 * (thrust - roll - pitch - yaw)
    low = min(min(t0, t1), min(t2, t3))
    high = max(max(t0, t1), max(t2, t3))
    shift = 0.0
    if high > t_max:
        shift = t_max - high
    if low + shift < 0.0:
        shift = -low if high - low <= t_max else 0.5 * (t_max - high - low)
    return (_clamp(t0 + shift, 0.0, t_max), _clamp(t1 + shift, 0.0, t_max),
            _clamp(t2 + shift, 0.0, t_max), _clamp(t3 + shift, 0.0, t_max))


@njit(inline="always", **KERNEL_OPTIONS)
def _outer_loops(s, p, level, c0, c1, c2, yaw, dt, max_thrust):
    """Position -> velocity -> acceleration -> attitude and thrust setpoints, stored in the state."""
    if level == 5:  # POSITION -> velocity request
        vx = p[L.POS_P] * (c0 - s[L.POS])
        vy = p[L.POS_P + 1] * (c1 - s[L.POS + 1])
        vz = p[L.POS_P + 2] * (c2 - s[L.POS + 2])
        speed = math.sqrt(vx * vx + vy * vy)
        cap = p[L.MAX_SPEED_CMD]
        if speed > cap:
            vx *= cap / speed
            vy *= cap / speed
        c0, c1, c2 = vx, vy, vz
        level = 4
    if level == 4:  # VELOCITY -> acceleration request
        c0, c1, c2 = _velocity_to_acceleration(s, p, c0, c1, c2, dt)
    dw, dx, dy, dz, thrust = _acceleration_to_attitude(s, p, c0, c1, c2, yaw, max_thrust)
    s[L.ATT_SET], s[L.ATT_SET + 1], s[L.ATT_SET + 2], s[L.ATT_SET + 3] = dw, dx, dy, dz
    s[L.THRUST_SET] = thrust


@njit(inline="always", **KERNEL_OPTIONS)
def motor_thrust_targets(s, p, c, dt, max_speed_scale):
    """Run the cascade from the body's command level down to four motor thrusts (N)."""
    level = int(c[L.CMD_LEVEL])
    t_max_motor = p[L.KF] * (p[L.MAX_W] * max_speed_scale) ** 2
    max_thrust = 4.0 * t_max_motor
    c0, c1, c2, c3 = c[0], c[1], c[2], c[3]
    if max_thrust <= 0.0:  # flat battery: nothing to control with
        return 0.0, 0.0, 0.0, 0.0
    if level == 0:  # MOTORS
        return (_clamp(c0, 0.0, 1.0) * t_max_motor, _clamp(c1, 0.0, 1.0) * t_max_motor,
                _clamp(c2, 0.0, 1.0) * t_max_motor, _clamp(c3, 0.0, 1.0) * t_max_motor)
    thrust = 0.0
    if level >= 3:
        # Outer loops (position, velocity, acceleration -> attitude) run every
        # OUTER_EVERY physics steps, like a flight controller's 60 Hz position
        # loop over its fast attitude loop; the setpoint waits in the state.
        phase = s[L.OUTER_PHASE]
        if phase <= 0.0:
            _outer_loops(s, p, level, c0, c1, c2, c3, dt * OUTER_EVERY, max_thrust)
            phase = OUTER_EVERY
        s[L.OUTER_PHASE] = phase - 1.0
        thrust = s[L.THRUST_SET]
        c0, c1, c2 = _attitude_to_rates(s, p, s[L.ATT_SET], s[L.ATT_SET + 1], s[L.ATT_SET + 2], s[L.ATT_SET + 3])
    elif level == 2:  # ATTITUDE (roll, pitch, yaw) -> rates
        tilt_limit = p[L.MAX_TILT]
        dw, dx, dy, dz = from_euler(_clamp(c0, -tilt_limit, tilt_limit), _clamp(c1, -tilt_limit, tilt_limit), c2)
        thrust = _clamp(c3, 0.0, 1.0) * max_thrust
        c0, c1, c2 = _attitude_to_rates(s, p, dw, dx, dy, dz)
    else:  # RATES
        thrust = _clamp(c3, 0.0, 1.0) * max_thrust
        c0 = _clamp(c0, -p[L.MAX_RATE], p[L.MAX_RATE])
        c1 = _clamp(c1, -p[L.MAX_RATE + 1], p[L.MAX_RATE + 1])
        c2 = _clamp(c2, -p[L.MAX_RATE + 2], p[L.MAX_RATE + 2])
    s[L.THRUST_SET] = thrust
    tx, ty, tz = _rates_to_torques(s, p, c0, c1, c2, dt)
    return _mix(p, thrust, tx, ty, tz, t_max_motor)

