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
from sim.dynamics.rotation import from_euler, multiply, rotate

# Motor positions on the X frame (body FLU) as unit directions, and spin signs:
# front-left, rear-left, rear-right, front-right; diagonals spin the same way.
_S = 0.7071067811865476
MOTOR_X = (_S, -_S, -_S, _S)
MOTOR_Y = (_S, _S, -_S, -_S)
MOTOR_SPIN = (1.0, -1.0, 1.0, -1.0)
INTEGRATOR_LIMIT = 0.5  # rad: cap on the rate loop's integrated error after saturation
VELOCITY_INTEGRATION_BAND = 0.5  # m/s: integrate velocity error only inside this band
VELOCITY_INTEGRAL_LIMIT = 10.0  # m: cap on the velocity loop's integrated error


@njit(cache=True, inline="always")
def _clamp(x: float, low: float, high: float) -> float:
    return low if x < low else (high if x > high else x)


@njit(cache=True)
def _velocity_to_acceleration(state, params, i, vx, vy, vz, dt):
    """PI velocity loop; returns a world acceleration request (m/s^2)."""
    vz = _clamp(vz, -params[i, L.MAX_DESCENT], params[i, L.MAX_CLIMB])
    ex = vx - state[i, L.VEL]
    ey = vy - state[i, L.VEL + 1]
    ez = vz - state[i, L.VEL + 2]
    # Integral separation: integrate only near the setpoint, so the integrator
    # trims steady wind and drag without winding up during large manoeuvres.
    ix = state[i, L.VEL_INT] + (ex * dt if abs(ex) < VELOCITY_INTEGRATION_BAND else 0.0)
    iy = state[i, L.VEL_INT + 1] + (ey * dt if abs(ey) < VELOCITY_INTEGRATION_BAND else 0.0)
    iz = state[i, L.VEL_INT + 2] + (ez * dt if abs(ez) < VELOCITY_INTEGRATION_BAND else 0.0)
    ix = _clamp(ix, -VELOCITY_INTEGRAL_LIMIT, VELOCITY_INTEGRAL_LIMIT)
    iy = _clamp(iy, -VELOCITY_INTEGRAL_LIMIT, VELOCITY_INTEGRAL_LIMIT)
    iz = _clamp(iz, -VELOCITY_INTEGRAL_LIMIT, VELOCITY_INTEGRAL_LIMIT)
    state[i, L.VEL_INT] = ix
    state[i, L.VEL_INT + 1] = iy
    state[i, L.VEL_INT + 2] = iz
    return (params[i, L.VEL_P] * ex + params[i, L.VEL_I] * ix,
            params[i, L.VEL_P + 1] * ey + params[i, L.VEL_I + 1] * iy,
            params[i, L.VEL_P + 2] * ez + params[i, L.VEL_I + 2] * iz)


@njit(cache=True)
def _acceleration_to_attitude(state, params, i, ax, ay, az, yaw, max_thrust):
    """Thrust vector for the requested acceleration, within tilt and thrust limits.

    The vertical component has priority: when thrust or tilt saturate, the
    horizontal request is shortened so the drone keeps its altitude.
    """
    mass = params[i, L.MASS]
    fz = mass * (az + params[i, L.GRAVITY])
    fz = _clamp(fz, 0.05 * max_thrust, max_thrust)
    fx = mass * ax
    fy = mass * ay
    horizontal = math.sqrt(fx * fx + fy * fy)
    limit = fz * math.tan(params[i, L.MAX_TILT])
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
    q = state[i, L.QUAT:L.QUAT + 4]
    bx, by, bz = rotate(q[0], q[1], q[2], q[3], 0.0, 0.0, 1.0)
    thrust = max(fx * bx + fy * by + fz * bz, 0.0)
    return qw, qx, qy, qz, thrust


@njit(cache=True, inline="always")
def _quat_from_axes(xx, xy, xz, yx, yy, yz, zx, zy, zz):
    """Quaternion of the rotation matrix with columns x, y, z (Shepperd's method)."""
    trace = xx + yy + zz
    if trace > 0.0:
        s = 2.0 * math.sqrt(trace + 1.0)
        return 0.25 * s, (yz - zy) / s, (zx - xz) / s, (xy - yx) / s
    if xx > yy and xx > zz:
        s = 2.0 * math.sqrt(1.0 + xx - yy - zz)
        return (yz - zy) / s, 0.25 * s, (yx + xy) / s, (zx + xz) / s
    if yy > zz:
        s = 2.0 * math.sqrt(1.0 + yy - xx - zz)
        return (zx - xz) / s, (yx + xy) / s, 0.25 * s, (zy + yz) / s
    s = 2.0 * math.sqrt(1.0 + zz - xx - yy)
    return (xy - yx) / s, (zx + xz) / s, (zy + yz) / s, 0.25 * s


@njit(cache=True)
def _attitude_to_rates(state, params, i, dw, dx, dy, dz):
    """Rate setpoint that turns the body toward the desired attitude (body frame)."""
    q = state[i, L.QUAT:L.QUAT + 4]
    ew, ex, ey, ez = multiply(q[0], -q[1], -q[2], -q[3], dw, dx, dy, dz)
    if ew < 0.0:  # take the short way round
        ex, ey, ez = -ex, -ey, -ez
    return (_clamp(2.0 * params[i, L.ATT_P] * ex, -params[i, L.MAX_RATE], params[i, L.MAX_RATE]),
            _clamp(2.0 * params[i, L.ATT_P + 1] * ey, -params[i, L.MAX_RATE + 1], params[i, L.MAX_RATE + 1]),
            _clamp(2.0 * params[i, L.ATT_P + 2] * ez, -params[i, L.MAX_RATE + 2], params[i, L.MAX_RATE + 2]))


@njit(cache=True)
def _rates_to_torques(state, params, i, rx, ry, rz, dt):
    """PI rate loop with gyroscopic feed-forward; torques in N m (body)."""
    ixx, iyy, izz = params[i, L.INERTIA], params[i, L.INERTIA + 1], params[i, L.INERTIA + 2]
    wx, wy, wz = state[i, L.OMEGA], state[i, L.OMEGA + 1], state[i, L.OMEGA + 2]
    errors = (rx - wx, ry - wy, rz - wz)
    out = [0.0, 0.0, 0.0]
    for k in range(3):
        integral = _clamp(state[i, L.RATE_INT + k] + errors[k] * dt, -INTEGRATOR_LIMIT, INTEGRATOR_LIMIT)
        state[i, L.RATE_INT + k] = integral
        out[k] = params[i, L.RATE_P + k] * errors[k] + params[i, L.RATE_I + k] * integral
    state[i, L.RATE_SET] = rx
    state[i, L.RATE_SET + 1] = ry
    state[i, L.RATE_SET + 2] = rz
    # Gyroscopic feed-forward: w x I w, so fast yaw does not couple into roll/pitch.
    gx = wy * izz * wz - wz * iyy * wy
    gy = wz * ixx * wx - wx * izz * wz
    gz = wx * iyy * wy - wy * ixx * wx
    return ixx * out[0] + gx, iyy * out[1] + gy, izz * out[2] + gz


@njit(cache=True)
def _mix(params, i, thrust, tx, ty, tz, t_max, out_thrusts):
    """Per-motor thrusts (N) for a collective thrust and body torques.

    When a motor would saturate, all four shift together first, so the torques
    (attitude authority) survive at the cost of collective thrust, like airmode.
    """
    arm = params[i, L.ARM]
    km = params[i, L.KM_RATIO]
    low, high = 1e30, -1e30
    for j in range(4):
        # Inverse of the X-frame allocation matrix, closed form.
        value = 0.25 * (thrust + tx / (arm * MOTOR_Y[j]) - ty / (arm * MOTOR_X[j])
                        + tz / (km * MOTOR_SPIN[j]))
        out_thrusts[j] = value
        low = min(low, value)
        high = max(high, value)
    shift = 0.0
    if high > t_max:
        shift = t_max - high
    if low + shift < 0.0:
        shift = -low if high - low <= t_max else 0.5 * (t_max - high - low)
    for j in range(4):
        out_thrusts[j] = _clamp(out_thrusts[j] + shift, 0.0, t_max)


@njit(cache=True)
def motor_thrust_targets(state, params, cmd, i, dt, max_speed_scale, out_thrusts):
    """Run the cascade from the body's command level down to four motor thrusts (N)."""
    level = int(cmd[i, L.CMD_LEVEL])
    t_max_motor = params[i, L.KF] * (params[i, L.MAX_W] * max_speed_scale) ** 2
    max_thrust = 4.0 * t_max_motor
    c0, c1, c2, c3 = cmd[i, 0], cmd[i, 1], cmd[i, 2], cmd[i, 3]
    if level == 0:  # MOTORS
        for j in range(4):
            out_thrusts[j] = _clamp(cmd[i, j], 0.0, 1.0) * t_max_motor
        return
    if level == 5:  # POSITION -> velocity request
        px = params[i, L.POS_P] * (c0 - state[i, L.POS])
        py = params[i, L.POS_P + 1] * (c1 - state[i, L.POS + 1])
        pz = params[i, L.POS_P + 2] * (c2 - state[i, L.POS + 2])
        speed = math.sqrt(px * px + py * py)
        cap = params[i, L.MAX_SPEED_CMD]
        if speed > cap:
            px *= cap / speed
            py *= cap / speed
        c0, c1, c2 = px, py, pz
        level = 4
    if level == 4:  # VELOCITY -> acceleration request
        c0, c1, c2 = _velocity_to_acceleration(state, params, i, c0, c1, c2, dt)
        level = 3
    thrust = 0.0
    if level == 3:  # ACCELERATION -> attitude + thrust
        dw, dx, dy, dz, thrust = _acceleration_to_attitude(state, params, i, c0, c1, c2, c3, max_thrust)
        c0, c1, c2 = _attitude_to_rates(state, params, i, dw, dx, dy, dz)
        level = 1
    elif level == 2:  # ATTITUDE (roll, pitch, yaw) -> rates
        tilt_limit = params[i, L.MAX_TILT]
        dw, dx, dy, dz = from_euler(_clamp(c0, -tilt_limit, tilt_limit), _clamp(c1, -tilt_limit, tilt_limit), c2)
        thrust = _clamp(c3, 0.0, 1.0) * max_thrust
        c0, c1, c2 = _attitude_to_rates(state, params, i, dw, dx, dy, dz)
        level = 1
    else:  # RATES
        thrust = _clamp(c3, 0.0, 1.0) * max_thrust
        c0 = _clamp(c0, -params[i, L.MAX_RATE], params[i, L.MAX_RATE])
        c1 = _clamp(c1, -params[i, L.MAX_RATE + 1], params[i, L.MAX_RATE + 1])
        c2 = _clamp(c2, -params[i, L.MAX_RATE + 2], params[i, L.MAX_RATE + 2])
    state[i, L.THRUST_SET] = thrust
    tx, ty, tz = _rates_to_torques(state, params, i, c0, c1, c2, dt)
    _mix(params, i, thrust, tx, ty, tz, t_max_motor, out_thrusts)

