"""Inner control loops: attitude error -> body rates -> torques -> four motor thrusts.

Pure functions of scalars, inlined into the physics stage's loop over bodies.
They contain no calls and no branches that LLVM cannot turn into selects, so
the loop vectorises across bodies (SIMD); keep them that way.
"""

from __future__ import annotations

from numba import njit

from sim.dynamics.layout import KERNEL_OPTIONS
from sim.dynamics.rotation import multiply

# X frame, body FLU. Motors 0..3: front-left, rear-left, rear-right, front-right, at
# (x, y) = arm * ARM_COMPONENT * (+,+), (-,+), (-,-), (+,-); diagonals spin the same way,
# reacting +, -, +, - km/kf * thrust about z. `mix` and `body_torques` write these signs out.
ARM_COMPONENT = 0.7071067811865476
RATE_INTEGRAL_LIMIT = 0.5  # rad: cap on the rate loop's integrated error after saturation


@njit(inline="always", **KERNEL_OPTIONS)
def clamp(x, low, high):
    return min(max(x, low), high)


@njit(inline="always", **KERNEL_OPTIONS)
def attitude_rates(qw, qx, qy, qz, dw, dx, dy, dz, kx, ky, kz):
    """Body-rate request turning attitude q toward d: 2 * gain * vector part of q* d."""
    ew, ex, ey, ez = multiply(qw, -qx, -qy, -qz, dw, dx, dy, dz)
    sign = 2.0 if ew >= 0.0 else -2.0  # take the short way round
    return sign * kx * ex, sign * ky * ey, sign * kz * ez


@njit(inline="always", **KERNEL_OPTIONS)
def rate_integral(integral, error, dt):
    return clamp(integral + error * dt, -RATE_INTEGRAL_LIMIT, RATE_INTEGRAL_LIMIT)


@njit(inline="always", **KERNEL_OPTIONS)
def rate_torques(ex, ey, ez, ix, iy, iz, px, py, pz, gi_x, gi_y, gi_z, wx, wy, wz, jxx, jyy, jzz):
    """PI rate loop (normalised gains) plus gyroscopic feed-forward w x Iw; N m, body frame."""
    gx = wy * jzz * wz - wz * jyy * wy
    gy = wz * jxx * wx - wx * jzz * wz
    gz = wx * jyy * wy - wy * jxx * wx
    return (jxx * (px * ex + gi_x * ix) + gx,
            jyy * (py * ey + gi_y * iy) + gy,
            jzz * (pz * ez + gi_z * iz) + gz)


@njit(inline="always", **KERNEL_OPTIONS)
def mix(thrust, tx, ty, tz, inv_arm_component, inv_km, t_max):
    """Per-motor thrusts (N) for a collective thrust and body torques.

    The closed-form inverse of the X-frame allocation. When a motor would
    saturate, all four shift together first, so the torques (attitude
    authority) survive at the cost of collective thrust, like airmode.
    """
    roll = tx * inv_arm_component
    pitch = ty * inv_arm_component
    yaw = tz * inv_km
    t0 = 0.25 * (thrust + roll - pitch + yaw)
    t1 = 0.25 * (thrust + roll + pitch - yaw)
    t2 = 0.25 * (thrust - roll + pitch + yaw)
    t3 = 0.25 * (thrust - roll - pitch - yaw)
    low = min(min(t0, t1), min(t2, t3))
    high = max(max(t0, t1), max(t2, t3))
    shift = min(t_max - high, 0.0)
    fits = high - low <= t_max
    lift = -low if fits else 0.5 * (t_max - high - low)
    shift = lift if low + shift < 0.0 else shift
    return (clamp(t0 + shift, 0.0, t_max), clamp(t1 + shift, 0.0, t_max),
            clamp(t2 + shift, 0.0, t_max), clamp(t3 + shift, 0.0, t_max))


@njit(inline="always", **KERNEL_OPTIONS)
def body_torques(f0, f1, f2, f3, arm, km):
    """Torques (N m, body) of four motor thrusts on the X frame."""
    lever = arm * ARM_COMPONENT
    return (lever * (f0 + f1 - f2 - f3),
            lever * (-f0 + f1 + f2 - f3),
            km * (f0 - f1 + f2 - f3))
