"""Outer control loops: position -> velocity -> acceleration -> attitude setpoint.

They run at the outer rate (every OUTER_EVERY physics steps, 60 Hz at 240 Hz,
like a flight controller's position loop) in a plain scalar loop over bodies,
and leave an attitude quaternion and a collective thrust in the state, which the
vectorised inner loops (`sim.control.inner_loops`) track at every physics step.
A command enters at its declared level and runs down the rest of the cascade;
ATTITUDE commands (angle mode) are turned into the same setpoint here.
Gains are normalised by mass and inertia, so one set of defaults suits a 27 g
Crazyflie and a 1.5 kg interceptor alike; each airframe file may retune them.
"""

from __future__ import annotations

import math

from numba import njit

from sim.dynamics import layout as L
from sim.dynamics.layout import KERNEL_OPTIONS
from sim.dynamics.rotation import from_euler, rotate

VELOCITY_INTEGRATION_BAND = 0.5  # m/s: integrate velocity error only inside this band
VELOCITY_INTEGRAL_LIMIT = 10.0  # m: cap on the velocity loop's integrated error
OUTER_EVERY = 4  # physics steps per outer-loop update: 60 Hz at 240 Hz physics


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
    # Drag feed-forward from the airframe's own drag model at the requested
    # velocity: without it a P loop settles short of a fast command (at 80 m/s
    # the interceptor's drag is ~4 g), and the integrator is kept for trim only.
    speed = math.sqrt(vx * vx + vy * vy + vz * vz)
    quad = p[L.QUAD_DRAG] * speed
    inv_mass = p[L.INV_MASS]
    return (p[L.VEL_P] * ex + p[L.VEL_I] * ix + (p[L.DRAG_LIN] + quad) * vx * inv_mass,
            p[L.VEL_P + 1] * ey + p[L.VEL_I + 1] * iy + (p[L.DRAG_LIN + 1] + quad) * vy * inv_mass,
            p[L.VEL_P + 2] * ez + p[L.VEL_I + 2] * iz + (p[L.DRAG_LIN + 2] + quad) * vz * inv_mass)


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
    if norm > 0.0:
        zx, zy, zz = fx / norm, fy / norm, fz / norm
    else:
        # No thrust to give (max_thrust 0: an empty pack stops the motors, or sag took the
        # whole voltage): no direction to point, so hold level and ask for nothing.
        # 0/0 here put NaN in the setpoint, then in the whole state of the falling body.
        zx, zy, zz = 0.0, 0.0, 1.0
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
def outer_setpoints(s, p, c, dt, max_thrust):
    """Attitude and thrust setpoints for one body (views of its state, params, command)."""
    level = int(c[L.CMD_LEVEL])
    c0, c1, c2, c3 = c[0], c[1], c[2], c[3]
    if level < 2:  # RATES and MOTORS bypass the outer loops
        return
    if level == 2:  # ATTITUDE (angle mode): roll, pitch, yaw + thrust fraction
        tilt = p[L.MAX_TILT]
        dw, dx, dy, dz = from_euler(_clamp(c0, -tilt, tilt), _clamp(c1, -tilt, tilt), c2)
        thrust = _clamp(c3, 0.0, 1.0) * max_thrust
    else:
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
        dw, dx, dy, dz, thrust = _acceleration_to_attitude(s, p, c0, c1, c2, c3, max_thrust)
    s[L.ATT_SET], s[L.ATT_SET + 1], s[L.ATT_SET + 2], s[L.ATT_SET + 3] = dw, dx, dy, dz
    s[L.THRUST_SET] = thrust
