"""Compiled helpers every environment kernel calls: commands, physics, terrain, weather, resets.

All work on one world `i` of the batch (one column of the flight core's
arrays), so a task kernel is a loop over worlds around one batched physics call.
"""

from __future__ import annotations

import math

from sim.control.outer_loops import OUTER_EVERY
from sim.dynamics import layout as L
from sim.dynamics.noise import uniform
from sim.dynamics.quadrotor import GUST_EVERY, gust_body, step_quadrotors
from sim.dynamics.rotation import rotate
from sim.envs import layout as E
from sim.envs.jit import env_kernel

# step_quadrotors runs its slower stages on steps where its counter is a
# multiple of OUTER_EVERY (outer loops, battery) or GUST_EVERY (turbulence).
# Stepping it one physics step at a time with one of these counters chooses
# the stages per sub-step, so every world keeps its own turbulence schedule
# (drawn below) whatever the phase of the other worlds' episodes.
WITH_OUTER = OUTER_EVERY  # a multiple of OUTER_EVERY, not of GUST_EVERY
WITHOUT_SLOW = 1  # a multiple of neither


@env_kernel()
def clip1(x):
    """x within [-1, 1] (NaN passes through, so a faulty policy shows)."""
    return -1.0 if x < -1.0 else (1.0 if x > 1.0 else x)


@env_kernel()
def clip_obs(x):
    return -10.0 if x < -10.0 else (10.0 if x > 10.0 else x)


@env_kernel()
def compress(x, knee):
    """x / (|x| + knee): odd, about x / knee near 0, half at `knee`, toward +-1 beyond (no libm call)."""
    return x / (abs(x) + knee)


@env_kernel()
def ground_height(cfg, heights, x, y):
    """Terrain height (m) under (x, y): flat, or the heightmap's triangles as pybullet builds them
    (sim.terrain.heightmap_height); outside the grid the lowest height."""
    if cfg[E.GROUND_FLAT] != 0.0:
        return cfg[E.GROUND_Z]
    ny, nx = heights.shape
    gx = (x - cfg[E.HM_X0]) / cfg[E.HM_CELL]
    gy = (y - cfg[E.HM_Y0]) / cfg[E.HM_CELL]
    if not (gx >= 0.0 and gx <= nx - 1 and gy >= 0.0 and gy <= ny - 1):
        return cfg[E.GROUND_Z]
    ix = min(int(math.floor(gx)), nx - 2)
    iy = min(int(math.floor(gy)), ny - 2)
    u = min(max(gx - ix, 0.0), 1.0)
    v = min(max(gy - iy, 0.0), 1.0)
    h00, h10 = heights[iy, ix], heights[iy, ix + 1]
    h01, h11 = heights[iy + 1, ix], heights[iy + 1, ix + 1]
    if u + v <= 1.0:
        return h00 + u * (h10 - h00) + v * (h01 - h00)
    return h11 + (1.0 - u) * (h01 - h11) + (1.0 - v) * (h10 - h11)


@env_kernel()
def apply_action(actions, qs, qp, qc, cfg, i, c, s):
    """Turn world i's normalised action into its flight-core command (spaces.py documents the scaling).

    Vector levels (acceleration, velocity, position) read the action in the
    observation frame, whose x axis points at azimuth (c, s) = (cos, sin),
    and point the nose along it.
    """
    level = int(cfg[E.LEVEL])
    a0, a1, a2 = clip1(actions[i, 0]), clip1(actions[i, 1]), clip1(actions[i, 2])
    a3 = clip1(actions[i, 3])
    if level == 0:  # MOTORS
        qc[0, i], qc[1, i], qc[2, i], qc[3, i] = 0.5 * (a0 + 1.0), 0.5 * (a1 + 1.0), 0.5 * (a2 + 1.0), 0.5 * (a3 + 1.0)
    elif level == 1:  # RATES
        qc[0, i] = a0 * qp[L.MAX_RATE, i]
        qc[1, i] = a1 * qp[L.MAX_RATE + 1, i]
        qc[2, i] = a2 * qp[L.MAX_RATE + 2, i]
        qc[3, i] = 0.5 * (a3 + 1.0)
    elif level == 2:  # ATTITUDE
        yaw = math.atan2(s, c)
        qc[0, i] = a0 * qp[L.MAX_TILT, i]
        qc[1, i] = a1 * qp[L.MAX_TILT, i]
        qc[2, i] = yaw + a2 * math.pi
        qc[3, i] = 0.5 * (a3 + 1.0)
    else:
        scale = cfg[E.SCALE]
        x, y, z = (c * a0 - s * a1) * scale, (s * a0 + c * a1) * scale, a2 * scale
        if level == 5:  # POSITION: an offset from where the drone is
            x += qs[L.POS, i]
            y += qs[L.POS + 1, i]
            z += qs[L.POS + 2, i]
        qc[0, i], qc[1, i], qc[2, i], qc[3, i] = x, y, z, math.atan2(s, c)


@env_kernel()
def draw_gust(qs, qp, streams, i, dt):
    """World i's turbulence over dt: the flight core's own per-body update."""
    gust_body(qs, qp, streams, i, dt)


@env_kernel()
def advance_quads(qs, qp, qc, streams, wrench, task, cfg):
    """One control period of every quadrotor: SUBSTEPS physics steps in one batched call each.

    Outer loops and battery every OUTER_EVERY sub-steps counted from the start of
    the period; turbulence every GUST_EVERY physics steps counted from the start
    of each world's episode.
    """
    dt = cfg[E.DT]
    substeps = int(cfg[E.SUBSTEPS])
    phase = int(cfg[E.GUST_PHASE])  # draws can only fall on sub-steps that are multiples of this
    for k in range(substeps):
        if k % phase == 0:
            for i in range(qs.shape[1]):
                if (int(task[E.STEP, i]) * substeps + k) % GUST_EVERY == 0:
                    draw_gust(qs, qp, streams, i, dt * GUST_EVERY)
        first = WITH_OUTER if k % OUTER_EVERY == 0 else WITHOUT_SLOW
        step_quadrotors(qs, qp, qc, streams, wrench, dt, 1, first)


@env_kernel()
def draw_weather(rng, cfg, i):
    """Wind vector (ENU, m/s) and turbulence sigma for a new episode, uniform over the configured ranges."""
    speed = cfg[E.WIND_SPEED] + (cfg[E.WIND_SPEED + 1] - cfg[E.WIND_SPEED]) * uniform(rng, i)
    heading = math.radians(cfg[E.WIND_FROM] + (cfg[E.WIND_FROM + 1] - cfg[E.WIND_FROM]) * uniform(rng, i))
    sigma = cfg[E.GUST_SIGMA] + (cfg[E.GUST_SIGMA + 1] - cfg[E.GUST_SIGMA]) * uniform(rng, i)
    # Blowing FROM `heading` (compass): the air moves the opposite way.
    return -speed * math.sin(heading), -speed * math.cos(heading), sigma


@env_kernel()
def reset_quad(qs, qp, qc, template, i, x, y, z, yaw, ground_z, wind_x, wind_y, sigma):
    """World i's quadrotor hovering level at (x, y, z), nose at `yaw`, in the given weather."""
    for row in range(template.shape[0]):
        qs[row, i] = template[row]
    cw, sw = math.cos(0.5 * yaw), math.sin(0.5 * yaw)
    qs[L.POS, i], qs[L.POS + 1, i], qs[L.POS + 2, i] = x, y, z
    qs[L.QUAT, i], qs[L.QUAT + 3, i] = cw, sw
    qs[L.ATT_SET, i], qs[L.ATT_SET + 3, i] = cw, sw
    qs[L.GROUND_Z, i] = ground_z
    qp[L.WIND, i], qp[L.WIND + 1, i] = wind_x, wind_y
    qp[L.GUST_SIGMA, i] = sigma
    qc[0, i], qc[1, i], qc[2, i], qc[3, i] = 0.0, 0.0, 0.0, 0.0


@env_kernel()
def body_axes(qs, i):
    """The body's x (nose) and z (thrust) axes in the world frame."""
    qw, qx, qy, qz = qs[L.QUAT, i], qs[L.QUAT + 1, i], qs[L.QUAT + 2, i], qs[L.QUAT + 3, i]
    xx, xy, xz = rotate(qw, qx, qy, qz, 1.0, 0.0, 0.0)
    zx, zy, zz = rotate(qw, qx, qy, qz, 0.0, 0.0, 1.0)
    return xx, xy, xz, zx, zy, zz


@env_kernel()
def crashed(qs, cfg, i):
    """The drone hit the ground (the flight core's contact model) or left the area."""
    if qs[L.ALIVE, i] == 0.0 or qs[L.CONTACT, i] == 2.0:
        return E.CRASH
    if (abs(qs[L.POS, i]) > cfg[E.HALF_X] or abs(qs[L.POS + 1, i]) > cfg[E.HALF_Y]
            or qs[L.POS + 2, i] > cfg[E.CEILING]):
        return E.OUT_OF_AREA
    return E.NO_OUTCOME


@env_kernel()
def record(out, task, i, t0, t1, t2, t3, t4, t5, terminated, truncated, outcome, closest):
    """Write world i's step results and keep the episode's sums."""
    reward = t0 + t1 + t2 + t3 + t4 + t5
    out[E.REWARD, i] = reward
    out[E.TERMS, i], out[E.TERMS + 1, i], out[E.TERMS + 2, i] = t0, t1, t2
    out[E.TERMS + 3, i], out[E.TERMS + 4, i], out[E.TERMS + 5, i] = t3, t4, t5
    task[E.TERM_SUMS, i] += t0
    task[E.TERM_SUMS + 1, i] += t1
    task[E.TERM_SUMS + 2, i] += t2
    task[E.TERM_SUMS + 3, i] += t3
    task[E.TERM_SUMS + 4, i] += t4
    task[E.TERM_SUMS + 5, i] += t5
    task[E.RETURN, i] += reward
    task[E.STEP, i] += 1.0
    out[E.TERMINATED, i] = 1.0 if terminated else 0.0
    out[E.TRUNCATED, i] = 1.0 if truncated else 0.0
    out[E.OUTCOME, i] = outcome
    out[E.RESET, i] = 0.0
    done = terminated or truncated
    out[E.EP_RETURN, i] = task[E.RETURN, i] if done else 0.0
    out[E.EP_LENGTH, i] = task[E.STEP, i] if done else 0.0
    out[E.CLOSEST, i] = closest if done else 0.0
    for k in range(E.MAX_TERMS):
        out[E.EP_TERMS + k, i] = task[E.TERM_SUMS + k, i] if done else 0.0


@env_kernel()
def clear_out(out, i):
    """World i's step results after a reset: no reward, not done."""
    for row in range(out.shape[0]):
        out[row, i] = 0.0
    out[E.RESET, i] = 1.0


@env_kernel()
def clear_task(task, i):
    for row in range(task.shape[0]):
        task[row, i] = 0.0
    task[E.PREV_SOC, i] = 1.0
    task[E.FRAME_COS, i] = 1.0
