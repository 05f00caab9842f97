"""Intercept-v0's tables, geometry and observation, compiled (used by its step and reset kernels).

The observation is documented in `sim/envs/intercept.py` and docs/envs.md.
"""

from __future__ import annotations

import math

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.envs import layout as E
from sim.envs.jit import env_kernel
from sim.envs.kernel_common import body_axes, clip_obs, compress

# Columns of the waves table (one row per wave the threat may come from).
WAVE_CX, WAVE_CY, WAVE_RADIUS, WAVE_SX, WAVE_SY, WAVE_ALT, WAVE_HEADING, WAVE_SPEED, WAVE_ASSET = range(9)
WAVE_COLS = 9  # WAVE_HEADING: ENU rad, NaN = toward the target; WAVE_SPEED m/s, 0 = the airframe's cruise
# Columns of the assets table: footprint centre, ground height, half sizes (z: half the height), cos and
# sin of the yaw.
ASSET_CX, ASSET_CY, ASSET_Z, ASSET_HX, ASSET_HY, ASSET_HZ, ASSET_COS, ASSET_SIN = range(8)
ASSET_COLS = 8
OBS_DIM = 34
RANGE_SCALE_M = 1000.0
SHORT_RANGE_KNEE_M = 100.0  # observation 4 is range / (range + 100 m): fine resolution near the end
ZEM_KNEE_M = 10.0  # the predicted-miss observation is zem / (|zem| + 10 m) per axis


@env_kernel()
def _threat_velocity(ws, wp, i):
    """Ground velocity (m/s) of world i's threat: air velocity plus mean wind."""
    speed, yaw, gamma = ws[W.SPEED, i], ws[W.YAW, i], ws[W.GAMMA, i]
    horizontal = speed * math.cos(gamma)
    return (horizontal * math.cos(yaw) + wp[W.WIND, i], horizontal * math.sin(yaw) + wp[W.WIND + 1, i],
            speed * math.sin(gamma) + wp[W.WIND + 2, i])


@env_kernel()
def _asset_distance(assets, a, x, y, z):
    """Distance (m) from a point to the upright yawed box of asset a (0 inside)."""
    rx, ry = x - assets[a, ASSET_CX], y - assets[a, ASSET_CY]
    c, s = assets[a, ASSET_COS], assets[a, ASSET_SIN]
    ox = max(abs(c * rx + s * ry) - assets[a, ASSET_HX], 0.0)
    oy = max(abs(-s * rx + c * ry) - assets[a, ASSET_HY], 0.0)
    oz = max(abs(z - assets[a, ASSET_Z] - assets[a, ASSET_HZ]) - assets[a, ASSET_HZ], 0.0)
    return math.sqrt(ox * ox + oy * oy + oz * oz)


@env_kernel()
def _closest_approach(task, qs, ws, i):
    """Minimum interceptor-threat distance (m) over the control period, both moving linearly (sim.engagement)."""
    d0x = task[E.WING_PREV, i] - task[E.QUAD_PREV, i]
    d0y = task[E.WING_PREV + 1, i] - task[E.QUAD_PREV + 1, i]
    d0z = task[E.WING_PREV + 2, i] - task[E.QUAD_PREV + 2, i]
    ex = (ws[W.POS, i] - task[E.WING_PREV, i]) - (qs[L.POS, i] - task[E.QUAD_PREV, i])
    ey = (ws[W.POS + 1, i] - task[E.WING_PREV + 1, i]) - (qs[L.POS + 1, i] - task[E.QUAD_PREV + 1, i])
    ez = (ws[W.POS + 2, i] - task[E.WING_PREV + 2, i]) - (qs[L.POS + 2, i] - task[E.QUAD_PREV + 2, i])
    s = min(max(-(d0x * ex + d0y * ey + d0z * ez) / max(ex * ex + ey * ey + ez * ez, 1e-12), 0.0), 1.0)
    cx, cy, cz = d0x + s * ex, d0y + s * ey, d0z + s * ez
    return math.sqrt(cx * cx + cy * cy + cz * cz)


@env_kernel()
def _observe(qs, ws, task, cfg, obs, i, steps, tvx, tvy, tvz):
    """Write world i's observation (float32, in the line-of-sight frame) given the threat's ground
    velocity (m/s); return the range and the predicted miss distance (m)."""
    px, py, pz = qs[L.POS, i], qs[L.POS + 1, i], qs[L.POS + 2, i]
    vx, vy, vz = qs[L.VEL, i], qs[L.VEL + 1, i], qs[L.VEL + 2, i]
    rx, ry, rz = ws[W.POS, i] - px, ws[W.POS + 1, i] - py, ws[W.POS + 2, i] - pz
    ux, uy, uz = tvx - vx, tvy - vy, tvz - vz
    rng = max(math.sqrt(rx * rx + ry * ry + rz * rz), 1e-6)
    # The frame turns with the horizontal line of sight; held when the target is within 1 m of the vertical.
    horizontal = math.sqrt(rx * rx + ry * ry)
    if horizontal > 1.0:
        task[E.FRAME_COS, i], task[E.FRAME_SIN, i] = rx / horizontal, ry / horizontal
    c, s = task[E.FRAME_COS, i], task[E.FRAME_SIN, i]
    r_dot_u = rx * ux + ry * uy + rz * uz
    inv_r2 = 1.0 / (rng * rng)
    wx, wy, wz = (ry * uz - rz * uy) * inv_r2, (rz * ux - rx * uz) * inv_r2, (rx * uy - ry * ux) * inv_r2
    t_go = max(-r_dot_u / max(ux * ux + uy * uy + uz * uz, 1e-9), 0.0)
    zx, zy, zz = rx + ux * t_go, ry + uy * t_go, rz + uz * t_go
    bxx, bxy, bxz, bzx, bzy, bzz = body_axes(qs, i)
    o = obs[i]
    o[0], o[1], o[2] = (c * rx + s * ry) / rng, (-s * rx + c * ry) / rng, rz / rng
    o[3] = clip_obs(rng / RANGE_SCALE_M)
    o[4] = compress(rng, SHORT_RANGE_KNEE_M)
    o[5] = clip_obs(-r_dot_u / rng / 100.0)
    o[6], o[7], o[8] = clip_obs(10.0 * (c * wx + s * wy)), clip_obs(10.0 * (-s * wx + c * wy)), clip_obs(10.0 * wz)
    o[9], o[10], o[11] = clip_obs((c * ux + s * uy) / 100.0), clip_obs((-s * ux + c * uy) / 100.0), clip_obs(uz / 100.0)
    o[12], o[13] = clip_obs((c * vx + s * vy) / 100.0), clip_obs((-s * vx + c * vy) / 100.0)
    o[14] = clip_obs(vz / 100.0)
    o[15], o[16] = clip_obs((c * tvx + s * tvy) / 100.0), clip_obs((-s * tvx + c * tvy) / 100.0)
    o[17] = clip_obs(tvz / 100.0)
    o[18], o[19] = compress(c * zx + s * zy, ZEM_KNEE_M), compress(-s * zx + c * zy, ZEM_KNEE_M)
    o[20] = compress(zz, ZEM_KNEE_M)
    o[21] = clip_obs(t_go / 10.0)
    o[22], o[23], o[24] = c * bzx + s * bzy, -s * bzx + c * bzy, bzz
    o[25], o[26], o[27] = c * bxx + s * bxy, -s * bxx + c * bxy, bxz
    o[28] = clip_obs(qs[L.OMEGA, i] / 10.0)
    o[29] = clip_obs(qs[L.OMEGA + 1, i] / 10.0)
    o[30] = clip_obs(qs[L.OMEGA + 2, i] / 10.0)
    o[31] = clip_obs((pz - qs[L.GROUND_Z, i]) / 1000.0)
    o[32] = qs[L.SOC, i]
    o[33] = min(steps / cfg[E.MAX_STEPS], 1.0)
    return rng, math.sqrt(zx * zx + zy * zy + zz * zz)
