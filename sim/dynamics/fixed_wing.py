"""Batched point-mass fixed-wing model: bank-to-turn, climb and speed limits, dive.

Adequate for Shahed-class cruise and Lancet-class terminal dives (DOMAIN.md
section 3): the airframe flies coordinated turns, turn rate = g tan(bank) / V,
rolls at a limited rate, changes airspeed with a first-order lag under an
acceleration cap, and climbs or descends within its limits. Its autopilot
(heading / waypoint / dive) is compiled into the same kernel.
"""

from __future__ import annotations

import math
from enum import IntEnum

import numpy as np
from numba import njit

from sim.dynamics.layout import KERNEL_OPTIONS

# state rows (arrays are (quantities, bodies), like the quadrotors')
POS, SPEED, YAW, GAMMA, BANK, ALIVE, CONTACT = 0, 3, 4, 5, 6, 7, 8  # POS 0:3 (m); YAW course ENU (rad)
STATE_COLS = 9
# parameter rows
MIN_SPEED, MAX_SPEED, DIVE_SPEED, CRUISE_SPEED = 0, 1, 2, 3  # m/s
MAX_BANK, ROLL_RATE = 4, 5  # rad, rad/s
MAX_CLIMB, MAX_DESCENT, MAX_ACCEL, SPEED_TAU = 6, 7, 8, 9  # m/s, m/s, m/s^2, s
HEADING_P, ALT_P = 10, 11  # rad of bank per rad of heading error; 1/s
WIND = 12  # 12:15 mean wind, world, m/s
GRAVITY, MASS = 15, 16
PARAM_COLS = 17
CMD_LEVEL = 4
CMD_COLS = 5
BANK_RESPONSE = 5.0  # 1/s: how fast bank follows its command before the roll-rate cap
MAX_DIVE_ANGLE = math.radians(80.0)
SIN_MAX_DIVE, COS_MAX_DIVE = math.sin(MAX_DIVE_ANGLE), math.cos(MAX_DIVE_ANGLE)


class FixedWingLevel(IntEnum):
    """HEADING: speed (m/s), yaw (rad), altitude (m). WAYPOINT: x, y, z (m), speed (m/s; 0 = cruise).
    DIVE: x, y, z of the aim point (m); flies at dive speed straight at it."""

    HEADING = 0
    WAYPOINT = 1
    DIVE = 2


@njit(inline="always", **KERNEL_OPTIONS)
def _clamp(x, low, high):
    return low if x < low else (high if x > high else x)


@njit(inline="always", **KERNEL_OPTIONS)
def _wrap(angle):
    return (angle + math.pi) % (2.0 * math.pi) - math.pi


@njit(inline="always", **KERNEL_OPTIONS)
def _step_body(state, params, cmd, i, dt):
    level = int(cmd[CMD_LEVEL, i])
    x, y, z = state[POS, i], state[POS + 1, i], state[POS + 2, i]
    speed, yaw, bank = state[SPEED, i], state[YAW, i], state[BANK, i]
    g = params[GRAVITY, i]
    diving = level == 2
    if level == 0:
        speed_cmd, yaw_cmd, alt_cmd = cmd[0, i], cmd[1, i], cmd[2, i]
    else:
        dx, dy = cmd[0, i] - x, cmd[1, i] - y
        yaw_cmd = math.atan2(dy, dx)
        alt_cmd = cmd[2, i]
        speed_cmd = cmd[3, i] if level == 1 and cmd[3, i] > 0.0 else params[CRUISE_SPEED, i]
        if diving:
            speed_cmd = params[DIVE_SPEED, i]

    top = params[DIVE_SPEED, i] if diving else params[MAX_SPEED, i]
    gamma = state[GAMMA, i]
    accel_cap = params[MAX_ACCEL, i] + (g * math.sin(-gamma) if gamma < 0.0 else 0.0)
    accel = _clamp((speed_cmd - speed) / params[SPEED_TAU, i], -accel_cap, accel_cap)
    speed = _clamp(speed + accel * dt, params[MIN_SPEED, i], top)

    bank_cmd = _clamp(params[HEADING_P, i] * _wrap(yaw_cmd - yaw), -params[MAX_BANK, i], params[MAX_BANK, i])
    roll_step = params[ROLL_RATE, i] * dt
    bank += _clamp(BANK_RESPONSE * (bank_cmd - bank) * dt, -roll_step, roll_step)
    yaw_rate = g * math.tan(bank) / speed

    # sin and cos of the flight-path angle from the geometry that sets it (no sin/cos of
    # an angle just computed by asin/atan2: transcendentals are most of this kernel's cost).
    if diving:
        horizontal = math.sqrt((cmd[0, i] - x) ** 2 + (cmd[1, i] - y) ** 2)
        drop = alt_cmd - z
        gamma = math.atan2(drop, horizontal)
        if gamma < -MAX_DIVE_ANGLE:
            gamma, sin_gamma, cos_gamma = -MAX_DIVE_ANGLE, -SIN_MAX_DIVE, COS_MAX_DIVE
        else:
            slant = math.sqrt(horizontal * horizontal + drop * drop)
            sin_gamma, cos_gamma = (drop / slant, horizontal / slant) if slant > 0.0 else (0.0, 1.0)
    else:
        climb = _clamp(params[ALT_P, i] * (alt_cmd - z), -params[MAX_DESCENT, i], params[MAX_CLIMB, i])
        sin_gamma = _clamp(climb / speed, -1.0, 1.0)
        gamma = math.asin(sin_gamma)
        cos_gamma = math.sqrt(1.0 - sin_gamma * sin_gamma)

    # Midpoint heading keeps the circle radius exact to O(dt^2) in a steady turn.
    mid_yaw = yaw + 0.5 * yaw_rate * dt
    horizontal_speed = speed * cos_gamma
    state[POS, i] = x + (horizontal_speed * math.cos(mid_yaw) + params[WIND, i]) * dt
    state[POS + 1, i] = y + (horizontal_speed * math.sin(mid_yaw) + params[WIND + 1, i]) * dt
    state[POS + 2, i] = z + (speed * sin_gamma + params[WIND + 2, i]) * dt
    state[SPEED, i] = speed
    state[YAW, i] = _wrap(yaw + yaw_rate * dt)
    state[GAMMA, i] = gamma
    state[BANK, i] = bank


@njit(**KERNEL_OPTIONS)
def step_fixed_wings(state, params, cmd, dt, n_steps):
    """Advance every live fixed-wing body `n_steps` steps of `dt` seconds, in place."""
    for i in range(state.shape[1]):
        for _ in range(n_steps):
            if state[ALIVE, i] == 0.0:
                break
            _step_body(state, params, cmd, i, dt)


@njit(cache=True, error_model="numpy")  # allocates: not a KERNEL_OPTIONS kernel
def ground_velocities(state, params):
    """(bodies, 3) ground velocity: air velocity from speed, course and flight-path angle, plus mean wind."""
    out = np.empty((state.shape[1], 3))
    for i in range(state.shape[1]):
        speed, yaw, gamma = state[SPEED, i], state[YAW, i], state[GAMMA, i]
        horizontal = speed * math.cos(gamma)
        out[i, 0] = horizontal * math.cos(yaw) + params[WIND, i]
        out[i, 1] = horizontal * math.sin(yaw) + params[WIND + 1, i]
        out[i, 2] = speed * math.sin(gamma) + params[WIND + 2, i]
    return out
