"""The Hover-v0 and Waypoint-v0 step and reset, compiled: one call advances every world of a batch.

One kernel serves both: with cfg WAYPOINTS = 0 the goal is a fixed hover
point; otherwise waypoints are drawn one after another from the last one,
and reaching all of them ends the episode. Observation and reward terms are
documented in `sim/envs/hover.py`, `sim/envs/waypoint.py` and docs/envs.md.
"""

from __future__ import annotations

import math

from sim.dynamics import layout as L
from sim.dynamics.noise import uniform
from sim.envs import layout as E
from sim.envs.jit import env_kernel
from sim.envs.kernel_common import (advance_quads, apply_action, body_axes, clear_out, clear_task, clip_obs,
                                    crashed, draw_weather, ground_height, record, reset_quad)

OBS_DIM = 20
SPEED_SCALE_MPS = 5.0  # speed at which the velocity penalty saturates
RATE_SCALE_RAD_S = 10.0  # body rate at which the rate penalty saturates
EDGE_MARGIN_M = 20.0  # waypoints stay this far inside the area


@env_kernel()
def _goal_distance(qs, task, i):
    ex = task[E.GOAL, i] - qs[L.POS, i]
    ey = task[E.GOAL + 1, i] - qs[L.POS + 1, i]
    ez = task[E.GOAL + 2, i] - qs[L.POS + 2, i]
    return math.sqrt(ex * ex + ey * ey + ez * ez)


@env_kernel()
def _observe(qs, task, cfg, obs, i, steps):
    """Write world i's observation (float32, world ENU frame); return the distance to the goal (m)."""
    scale = cfg[E.GOAL_SCALE]
    ex = task[E.GOAL, i] - qs[L.POS, i]
    ey = task[E.GOAL + 1, i] - qs[L.POS + 1, i]
    ez = task[E.GOAL + 2, i] - qs[L.POS + 2, i]
    distance = math.sqrt(ex * ex + ey * ey + ez * ez)
    bxx, bxy, bxz, bzx, bzy, bzz = body_axes(qs, i)
    o = obs[i]
    o[0], o[1], o[2] = clip_obs(ex / scale), clip_obs(ey / scale), clip_obs(ez / scale)
    o[3] = clip_obs(distance / scale)
    o[4] = clip_obs(qs[L.VEL, i] / 10.0)
    o[5] = clip_obs(qs[L.VEL + 1, i] / 10.0)
    o[6] = clip_obs(qs[L.VEL + 2, i] / 10.0)
    o[7], o[8], o[9] = bzx, bzy, bzz
    o[10], o[11], o[12] = bxx, bxy, bxz
    o[13] = clip_obs(qs[L.OMEGA, i] / 10.0)
    o[14] = clip_obs(qs[L.OMEGA + 1, i] / 10.0)
    o[15] = clip_obs(qs[L.OMEGA + 2, i] / 10.0)
    o[16] = clip_obs((qs[L.POS + 2, i] - qs[L.GROUND_Z, i]) / 100.0)
    o[17] = qs[L.SOC, i]
    o[18] = min(steps / cfg[E.MAX_STEPS], 1.0)
    waypoints = cfg[E.WAYPOINTS]
    o[19] = 1.0 - task[E.MIN_DIST, i] / waypoints if waypoints > 0.0 else 0.0
    return distance


@env_kernel()
def _draw_waypoint(task, cfg, heights, i, x0, y0, u_dist, u_angle, u_height):
    """The next goal: a drawn horizontal distance and bearing from (x0, y0), a drawn height above ground."""
    distance = cfg[E.WAYPOINT_DIST] + (cfg[E.WAYPOINT_DIST + 1] - cfg[E.WAYPOINT_DIST]) * u_dist
    angle = 2.0 * math.pi * u_angle
    limit_x, limit_y = cfg[E.HALF_X] - EDGE_MARGIN_M, cfg[E.HALF_Y] - EDGE_MARGIN_M
    x = min(max(x0 + distance * math.cos(angle), -limit_x), limit_x)
    y = min(max(y0 + distance * math.sin(angle), -limit_y), limit_y)
    height = cfg[E.WAYPOINT_AGL] + (cfg[E.WAYPOINT_AGL + 1] - cfg[E.WAYPOINT_AGL]) * u_height
    task[E.GOAL, i], task[E.GOAL + 1, i], task[E.GOAL + 2, i] = x, y, ground_height(cfg, heights, x, y) + height


@env_kernel()
def _reset_world(qs, qp, qc, task, rng, cfg, template, sites, heights, obs, i):
    """A new episode in world i (drawn from its own stream), and its first observation."""
    clear_task(task, i)
    n_sites = sites.shape[0]
    k = min(int(uniform(rng, i) * n_sites), n_sites - 1)
    o1, o2, o3 = uniform(rng, i), uniform(rng, i), uniform(rng, i)
    w1, w2, w3 = uniform(rng, i), uniform(rng, i), uniform(rng, i)
    wind_x, wind_y, sigma = draw_weather(rng, cfg, i)
    sx, sy = sites[k, 0], sites[k, 1]
    sz = ground_height(cfg, heights, sx, sy)
    z = sz + cfg[E.START_HEIGHT]
    task[E.SITE, i], task[E.SITE + 1, i], task[E.SITE + 2, i] = sx, sy, sz
    if cfg[E.WAYPOINTS] > 0.0:
        x, y = sx, sy
        _draw_waypoint(task, cfg, heights, i, sx, sy, w1, w2, w3)
    else:  # hover: start within START_OFFSET of the hover point, at least 0.5 m above the ground
        task[E.GOAL, i], task[E.GOAL + 1, i], task[E.GOAL + 2, i] = sx, sy, z
        offset = cfg[E.START_OFFSET]
        x, y = sx + (2.0 * o1 - 1.0) * offset, sy + (2.0 * o2 - 1.0) * offset
        z = max(z + (2.0 * o3 - 1.0) * offset, sz + 0.5)
    reset_quad(qs, qp, qc, template, i, x, y, z, 0.0, sz, wind_x, wind_y, sigma)
    task[E.PREV_RANGE, i] = _observe(qs, task, cfg, obs, i, 0.0)


@env_kernel()
def goal_reset(which, n, qs, qp, qc, streams, wrench, ws, wp, wc, task, rng, cfg, template, sites, waves,
               wave_params, assets, heights, obs, out):
    """Reset the worlds (of the first n columns) where `which` is non-zero; first observations to `obs`."""
    for i in range(n):
        if which[i] != 0:
            _reset_world(qs, qp, qc, task, rng, cfg, template, sites, heights, obs, i)
            clear_out(out, i)


@env_kernel()
def goal_step(actions, n, qs, qp, qc, streams, wrench, ws, wp, wc, task, rng, cfg, template, sites, waves,
              wave_params, assets, heights, obs, final_obs, out, mode):
    """One control step of every world; `mode` is an AutoReset value. (ws, wp, wc, waves... unused.)"""
    for i in range(n):
        if task[E.PENDING, i] != 0.0:
            qs[L.ALIVE, i] = 0.0
            continue
        apply_action(actions, qs, qp, qc, cfg, i, 1.0, 0.0)
    advance_quads(qs, qp, qc, streams, wrench, task, cfg)
    weights = cfg[E.WEIGHTS:E.WEIGHTS + 6]
    waypoints = cfg[E.WAYPOINTS]
    scale = cfg[E.GOAL_SCALE]
    for i in range(n):
        if task[E.PENDING, i] != 0.0:
            _reset_world(qs, qp, qc, task, rng, cfg, template, sites, heights, obs, i)
            clear_out(out, i)
            continue
        outcome = crashed(qs, cfg, i)
        qs[L.GROUND_Z, i] = ground_height(cfg, heights, qs[L.POS, i], qs[L.POS + 1, i])
        distance = _goal_distance(qs, task, i)
        reached = 0.0
        if waypoints > 0.0 and outcome == E.NO_OUTCOME and distance <= cfg[E.GOAL_RADIUS]:
            reached = 1.0
            task[E.MIN_DIST, i] += 1.0  # waypoints reached
            if task[E.MIN_DIST, i] >= waypoints:
                outcome = E.DONE
            else:
                _draw_waypoint(task, cfg, heights, i, task[E.GOAL, i], task[E.GOAL + 1, i],
                               uniform(rng, i), uniform(rng, i), uniform(rng, i))
        if outcome == E.NO_OUTCOME and distance > cfg[E.LOST_DIST]:
            outcome = E.LOST
        terminated = outcome != E.NO_OUTCOME
        steps = task[E.STEP, i] + 1.0
        truncated = (not terminated) and steps >= cfg[E.MAX_STEPS]
        if truncated:
            outcome = E.TIMEOUT
        next_distance = _observe(qs, task, cfg, obs, i, steps)
        if waypoints > 0.0:  # progress toward the goal held during this step
            position = weights[0] * (task[E.PREV_RANGE, i] - distance) / scale
        else:  # closeness to the hover point, 1 on it, 0 from GOAL_SCALE away
            position = weights[0] * (1.0 - min(distance / scale, 1.0))
        vx, vy, vz = qs[L.VEL, i], qs[L.VEL + 1, i], qs[L.VEL + 2, i]
        wx, wy, wz = qs[L.OMEGA, i], qs[L.OMEGA + 1, i], qs[L.OMEGA + 2, i]
        velocity = -weights[1] * min(math.sqrt(vx * vx + vy * vy + vz * vz) / SPEED_SCALE_MPS, 1.0)
        rates = -weights[2] * min(math.sqrt(wx * wx + wy * wy + wz * wz) / RATE_SCALE_RAD_S, 1.0)
        bonus = weights[3] * reached
        crash = -weights[4] if outcome == E.CRASH or outcome == E.OUT_OF_AREA or outcome == E.LOST else 0.0
        soc = qs[L.SOC, i]
        energy = -weights[5] * (task[E.PREV_SOC, i] - soc) * 100.0
        task[E.PREV_RANGE, i], task[E.PREV_SOC, i] = next_distance, soc
        record(out, task, i, position, velocity, rates, bonus, crash, energy, terminated, truncated, outcome,
               task[E.MIN_DIST, i])
        if terminated or truncated:
            if mode == 1:
                task[E.PENDING, i] = 1.0
            elif mode == 2:
                for j in range(obs.shape[1]):
                    final_obs[i, j] = obs[i, j]
                _reset_world(qs, qp, qc, task, rng, cfg, template, sites, heights, obs, i)
