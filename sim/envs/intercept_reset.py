"""Intercept-v0's reset, compiled: a new engagement per world, drawn from the world's own stream."""

from __future__ import annotations

import math

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.dynamics.noise import uniform
from sim.envs import layout as E
from sim.envs.intercept_geometry import (ASSET_CX, ASSET_CY, ASSET_HZ, ASSET_Z, WAVE_ALT, WAVE_ASSET, WAVE_CX,
                                         WAVE_CY, WAVE_HEADING, WAVE_RADIUS, WAVE_SPEED, WAVE_SX, WAVE_SY,
                                         _observe, _threat_velocity)
from sim.envs.jit import env_kernel
from sim.envs.kernel_common import clear_out, clear_task, draw_weather, ground_height, reset_quad

MIN_LEAD_M = 1500.0  # the threat never starts closer than this to its target
MIN_HANDOFF_HEIGHT_M = 20.0  # a hand-off never starts lower than this above the ground


@env_kernel()
def _nearest_site(sites, px, py, ux, uy, track):
    """The launch site nearest to the threat's track from (px, py) along (ux, uy) for `track` metres
    (the command post's natural choice)."""
    best, bx, by = math.inf, sites[0, 0], sites[0, 1]
    for k in range(sites.shape[0]):
        ox, oy = sites[k, 0] - px, sites[k, 1] - py
        t = min(max(ox * ux + oy * uy, 0.0), track)
        d = (ox - t * ux) ** 2 + (oy - t * uy) ** 2
        if d < best:
            best, bx, by = d, sites[k, 0], sites[k, 1]
    return bx, by


@env_kernel()
def _handoff(qs, qp, qc, template, cfg, heights, i, tx, ty, tz, heading, u1, u2, u3, u4, u5, u6,
             wind_x, wind_y, sigma):
    """World i's interceptor already airborne near the threat, flying roughly at it (terminal hand-off):
    at a drawn range, bearing from the threat's heading and height, speed and pointing error."""
    rng_m = cfg[E.HANDOFF_RANGE] + (cfg[E.HANDOFF_RANGE + 1] - cfg[E.HANDOFF_RANGE]) * u1
    bearing = heading + (2.0 * u2 - 1.0) * cfg[E.HANDOFF_ASPECT]
    dz = cfg[E.HANDOFF_HEIGHT] + (cfg[E.HANDOFF_HEIGHT + 1] - cfg[E.HANDOFF_HEIGHT]) * u3
    horizontal = math.sqrt(max(rng_m * rng_m - dz * dz, 0.0))
    x, y = tx + horizontal * math.cos(bearing), ty + horizontal * math.sin(bearing)
    ground_z = ground_height(cfg, heights, x, y)
    z = max(tz + dz, ground_z + MIN_HANDOFF_HEIGHT_M)
    look = math.atan2(ty - y, tx - x)
    reset_quad(qs, qp, qc, template, i, x, y, z, look, ground_z, wind_x, wind_y, sigma)
    speed = cfg[E.HANDOFF_SPEED] + (cfg[E.HANDOFF_SPEED + 1] - cfg[E.HANDOFF_SPEED]) * u4
    off = (2.0 * u5 - 1.0) * cfg[E.HANDOFF_ERROR]  # horizontal pointing error
    climb = math.atan2(tz - z, math.sqrt((tx - x) ** 2 + (ty - y) ** 2)) + (2.0 * u6 - 1.0) * cfg[E.HANDOFF_ERROR]
    qs[L.VEL, i] = speed * math.cos(climb) * math.cos(look + off)
    qs[L.VEL + 1, i] = speed * math.cos(climb) * math.sin(look + off)
    qs[L.VEL + 2, i] = speed * math.sin(climb)


@env_kernel()
def _reset_world(qs, qp, qc, ws, wp, wc, task, rng, cfg, template, sites, waves, wave_params, assets,
                 heights, obs, i):
    """A new engagement in world i (drawn from its own stream), and its first observation."""
    clear_task(task, i)
    n_waves = waves.shape[0]
    w = min(int(uniform(rng, i) * n_waves), n_waves - 1)
    u1, u2, u_range = uniform(rng, i), uniform(rng, i), uniform(rng, i)
    wind_x, wind_y, sigma = draw_weather(rng, cfg, i)
    if waves[w, WAVE_RADIUS] > 0.0:  # a circle: uniform over its area
        radius, angle = waves[w, WAVE_RADIUS] * math.sqrt(u1), 2.0 * math.pi * u2
        px, py = waves[w, WAVE_CX] + radius * math.cos(angle), waves[w, WAVE_CY] + radius * math.sin(angle)
    else:
        px, py = waves[w, WAVE_CX] + (u1 - 0.5) * waves[w, WAVE_SX], waves[w, WAVE_CY] + (u2 - 0.5) * waves[w, WAVE_SY]
    a = int(waves[w, WAVE_ASSET])
    gx, gy = assets[a, ASSET_CX], assets[a, ASSET_CY]
    gz = assets[a, ASSET_Z] + 2.0 * assets[a, ASSET_HZ]
    track = max(math.sqrt((gx - px) ** 2 + (gy - py) ** 2), 1e-6)
    ux, uy = (gx - px) / track, (gy - py) / track
    sx, sy = _nearest_site(sites, px, py, ux, uy, track)
    # Start where the track first comes within the drawn range of the launch site
    # (its nearest point if it never does), at least MIN_LEAD_M short of the target.
    start_range = cfg[E.START_RANGE] + (cfg[E.START_RANGE + 1] - cfg[E.START_RANGE]) * u_range
    ox, oy = px - sx, py - sy
    b, c = ox * ux + oy * uy, ox * ox + oy * oy - start_range * start_range
    t = 0.0
    if c > 0.0:
        disc = b * b - c
        t = max(-b - math.sqrt(disc) if disc >= 0.0 else -b, 0.0)
    t = min(t, max(track - MIN_LEAD_M, 0.0))
    tx, ty = px + t * ux, py + t * uy
    tz = ground_height(cfg, heights, tx, ty) + waves[w, WAVE_ALT]
    heading = waves[w, WAVE_HEADING]
    yaw = math.atan2(uy, ux) if t > 0.0 or math.isnan(heading) else heading
    for row in range(ws.shape[0]):
        ws[row, i] = 0.0
    for row in range(wp.shape[0]):
        wp[row, i] = wave_params[w, row]
    wp[W.WIND, i], wp[W.WIND + 1, i] = wind_x, wind_y
    speed = waves[w, WAVE_SPEED]
    ws[W.POS, i], ws[W.POS + 1, i], ws[W.POS + 2, i] = tx, ty, tz
    ws[W.SPEED, i] = speed if speed > 0.0 else wp[W.CRUISE_SPEED, i]
    ws[W.YAW, i] = yaw
    ws[W.ALIVE, i] = 1.0
    wc[0, i], wc[1, i], wc[2, i], wc[3, i], wc[W.CMD_LEVEL, i] = gx, gy, tz, speed, 1.0
    sz = ground_height(cfg, heights, sx, sy)
    task[E.SITE, i], task[E.SITE + 1, i], task[E.SITE + 2, i] = sx, sy, sz
    h1, h2, h3, h4, h5, h6 = (uniform(rng, i), uniform(rng, i), uniform(rng, i), uniform(rng, i),
                              uniform(rng, i), uniform(rng, i))
    if cfg[E.HANDOFF] != 0.0:
        _handoff(qs, qp, qc, template, cfg, heights, i, tx, ty, tz, yaw, h1, h2, h3, h4, h5, h6,
                 wind_x, wind_y, sigma)
        look = math.atan2(ty - qs[L.POS + 1, i], tx - qs[L.POS, i])
    else:
        look = math.atan2(ty - sy, tx - sx)
        reset_quad(qs, qp, qc, template, i, sx, sy, sz + cfg[E.START_HEIGHT], look, sz, wind_x, wind_y, sigma)
    task[E.GOAL, i], task[E.GOAL + 1, i], task[E.GOAL + 2, i] = gx, gy, gz
    task[E.WAVE, i], task[E.ALTITUDE, i], task[E.ASSET, i] = w, waves[w, WAVE_ALT], a
    task[E.FRAME_COS, i], task[E.FRAME_SIN, i] = math.cos(look), math.sin(look)
    tvx, tvy, tvz = _threat_velocity(ws, wp, i)
    rng0, zem = _observe(qs, ws, task, cfg, obs, i, 0.0, tvx, tvy, tvz)
    task[E.PREV_RANGE, i], task[E.PREV_ZEM, i], task[E.MIN_DIST, i] = rng0, math.log(1.0 + zem), rng0


@env_kernel()
def intercept_reset(which, n, qs, qp, qc, streams, wrench, ws, wp, wc, task, rng, cfg, template, sites, waves,
                    wave_params, assets, heights, obs, out):
    """Reset the worlds (of the first n columns) where `which` is non-zero; first observations to `obs`."""
    for i in range(n):
        if which[i] != 0:
            _reset_world(qs, qp, qc, ws, wp, wc, task, rng, cfg, template, sites, waves, wave_params, assets,
                         heights, obs, i)
            clear_out(out, i)
