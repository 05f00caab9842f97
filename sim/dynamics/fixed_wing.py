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

from numba import njit

# state columns
POS, SPEED, YAW, GAMMA, BANK, ALIVE, CONTACT = 0, 3, 4, 5, 6, 7, 8  # POS 0:3 (m); YAW course ENU (rad)
STATE_COLS = 9
# parameter columns
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


class FixedWingLevel(IntEnum):
    """HEADING: speed (m/s), yaw (rad), altitude (m). WAYPOINT: x, y, z (m), speed (m/s; 0 = cruise).
    DIVE: x, y, z of the aim point (m); flies at dive speed straight at it."""

    HEADING = 0
    WAYPOINT = 1
    DIVE = 2


@njit(cache=True, inline="always")
def _clamp(x, low, high):
    return low if x < low else (high if x > high else x)


@njit(cache=True, inline="always")
def _wrap(angle):
    return (angle + math.pi) % (2.0 * math.pi) - math.pi


@njit(cache=True)
def _step_body(state, params, cmd, i, dt):
    level = int(cmd[i, CMD_LEVEL])
    x, y, z = state[i, POS], state[i, POS + 1], state[i, POS + 2]
    speed, yaw, bank = state[i, SPEED], state[i, YAW], state[i, BANK]
    g = params[i, GRAVITY]
    diving = level == 2
    if level == 0:
        speed_cmd, yaw_cmd, alt_cmd = cmd[i, 0], cmd[i, 1], cmd[i, 2]
    else:
        dx, dy = cmd[i, 0] - x, cmd[i, 1] - y
        yaw_cmd = math.atan2(dy, dx)
        alt_cmd = cmd[i, 2]
        speed_cmd = cmd[i, 3] if level == 1 and cmd[i, 3] > 0.0 else params[i, CRUISE_SPEED]
        if diving:
            speed_cmd = params[i, DIVE_SPEED]

    top = params[i, DIVE_SPEED] if diving else params[i, MAX_SPEED]
    gamma = state[i, GAMMA]
    accel_cap = params[i, MAX_ACCEL] + (g * math.sin(-gamma) if gamma < 0.0 else 0.0)
    accel = _clamp((speed_cmd - speed) / params[i, SPEED_TAU], -accel_cap, accel_cap)
    speed = _clamp(speed + accel * dt, params[i, MIN_SPEED], top)

    bank_cmd = _clamp(params[i, HEADING_P] * _wrap(yaw_cmd - yaw), -params[i, MAX_BANK], params[i, MAX_BANK])
    roll_step = params[i, ROLL_RATE] * dt
    bank += _clamp(BANK_RESPONSE * (bank_cmd - bank) * dt, -roll_step, roll_step)
    yaw_rate = g * math.tan(bank) / speed

    if diving:
        horizontal = math.sqrt((cmd[i, 0] - x) ** 2 + (cmd[i, 1] - y) ** 2)
        gamma = max(math.atan2(alt_cmd - z, horizontal), -MAX_DIVE_ANGLE)
    else:
        climb = _clamp(params[i, ALT_P] * (alt_cmd - z), -params[i, MAX_DESCENT], params[i, MAX_CLIMB])
        gamma = math.asin(_clamp(climb / speed, -1.0, 1.0))

    # Midpoint heading keeps the circle radius exact to O(dt^2) in a steady turn.
    mid_yaw = yaw + 0.5 * yaw_rate * dt
    horizontal_speed = speed * math.cos(gamma)
    state[i, POS] = x + (horizontal_speed * math.cos(mid_yaw) + params[i, WIND]) * dt
    state[i, POS + 1] = y + (horizontal_speed * math.sin(mid_yaw) + params[i, WIND + 1]) * dt
    state[i, POS + 2] = z + (speed * math.sin(gamma) + params[i, WIND + 2]) * dt
    state[i, SPEED] = speed
    state[i, YAW] = _wrap(yaw + yaw_rate * dt)
    state[i, GAMMA] = gamma
    state[i, BANK] = bank


@njit(cache=True)
def step_fixed_wings(state, params, cmd, dt, n_steps):
    """Advance every live fixed-wing body `n_steps` steps of `dt` seconds, in place."""
    for i in range(state.shape[0]):
        for _ in range(n_steps):
            if state[i, ALIVE] == 0.0:
                break
            _step_body(state, params, cmd, i, dt)
