"""The Intercept-v0 step, compiled: one call advances every world of a batch.

Per control step: the action becomes each interceptor's command, the threats'
autopilots steer (cruise to the target asset, terminal dive), one batched
physics call per sub-step moves every interceptor, one call moves every
threat, then per world: closest approach over the period (hit), crash, leak,
miss, time limit, reward terms, observation, and (batched envs) the
automatic reset (`sim.envs.intercept_reset`).
"""

from __future__ import annotations

import math

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.dynamics.fixed_wing import step_fixed_wings
from sim.envs import layout as E
from sim.envs.intercept_geometry import (OBS_DIM, RANGE_SCALE_M, WAVE_SPEED, _asset_distance,  # noqa: F401
                                         _closest_approach, _observe)
from sim.envs.intercept_reset import _reset_world, intercept_reset  # noqa: F401
from sim.envs.jit import env_kernel
from sim.envs.kernel_common import (advance_quads, apply_action, clear_out, crashed, ground_height, record)

DIVE_FACTOR = 1.5  # dive when the aim point is within 1.5 x the height above it (as red's `direct`)
MISS_PASS_M = 30.0  # a pass this close, then opening, is a miss (sim.engagement.MISS_REPORT_M)


@env_kernel()
def _steer_threat(ws, wc, task, waves, cfg, heights, i):
    """Cruise at the wave's height over the terrain toward the aim point, then dive onto it (latched)."""
    x, y, z = ws[W.POS, i], ws[W.POS + 1, i], ws[W.POS + 2, i]
    gx, gy, gz = task[E.GOAL, i], task[E.GOAL + 1, i], task[E.GOAL + 2, i]
    horizontal = math.sqrt((gx - x) ** 2 + (gy - y) ** 2)
    if wc[W.CMD_LEVEL, i] == 2.0 or horizontal < DIVE_FACTOR * max(z - gz, 1.0):
        wc[0, i], wc[1, i], wc[2, i], wc[W.CMD_LEVEL, i] = gx, gy, gz, 2.0
    else:
        wc[0, i], wc[1, i] = gx, gy
        wc[2, i] = ground_height(cfg, heights, x, y) + task[E.ALTITUDE, i]
        wc[3, i] = waves[int(task[E.WAVE, i]), WAVE_SPEED]
        wc[W.CMD_LEVEL, i] = 1.0


@env_kernel()
def intercept_step(actions, n, qs, qp, qc, streams, wrench, ws, wp, wc, task, rng, cfg, template, sites, waves,
                   wave_params, assets, heights, obs, final_obs, out, mode):
    """One control step of every world (see the module docstring); `mode` is an AutoReset value."""
    for i in range(n):
        if task[E.PENDING, i] != 0.0:  # frozen through the physics, reset below
            qs[L.ALIVE, i] = 0.0
            ws[W.ALIVE, i] = 0.0
            continue
        for j in range(3):
            task[E.QUAD_PREV + j, i] = qs[L.POS + j, i]
            task[E.WING_PREV + j, i] = ws[W.POS + j, i]
        apply_action(actions, qs, qp, qc, cfg, i, task[E.FRAME_COS, i], task[E.FRAME_SIN, i])
        _steer_threat(ws, wc, task, waves, cfg, heights, i)
    advance_quads(qs, qp, qc, streams, wrench, task, cfg)
    threat_steps = int(cfg[E.THREAT_SUBSTEPS])
    step_fixed_wings(ws, wp, wc, cfg[E.DT] * cfg[E.SUBSTEPS] / threat_steps, threat_steps)
    weights = cfg[E.WEIGHTS:E.WEIGHTS + 6]
    inv_period = 1.0 / (cfg[E.DT] * cfg[E.SUBSTEPS])
    for i in range(n):
        if task[E.PENDING, i] != 0.0:
            _reset_world(qs, qp, qc, ws, wp, wc, task, rng, cfg, template, sites, waves, wave_params, assets,
                         heights, obs, i)
            clear_out(out, i)
            continue
        closest = _closest_approach(task, qs, ws, i)
        outcome = E.NO_OUTCOME
        if closest <= cfg[E.LETHAL_R]:
            outcome = E.HIT
            ws[W.ALIVE, i] = 0.0
        else:
            outcome = crashed(qs, cfg, i)
            tx, ty, tz = ws[W.POS, i], ws[W.POS + 1, i], ws[W.POS + 2, i]
            if outcome != E.NO_OUTCOME:
                pass
            elif _asset_distance(assets, int(task[E.ASSET, i]), tx, ty, tz) <= cfg[E.LEAK_R]:
                outcome = E.LEAK
            elif tz < ground_height(cfg, heights, tx, ty):
                outcome = E.THREAT_LOST
        steps = task[E.STEP, i] + 1.0
        qs[L.GROUND_Z, i] = ground_height(cfg, heights, qs[L.POS, i], qs[L.POS + 1, i])
        prev_range, prev_zem = task[E.PREV_RANGE, i], task[E.PREV_ZEM, i]
        # The threat's mean ground velocity over the period: exact for its straight legs, and no trig.
        tvx = (ws[W.POS, i] - task[E.WING_PREV, i]) * inv_period
        tvy = (ws[W.POS + 1, i] - task[E.WING_PREV + 1, i]) * inv_period
        tvz = (ws[W.POS + 2, i] - task[E.WING_PREV + 2, i]) * inv_period
        rng_m, zem = _observe(qs, ws, task, cfg, obs, i, steps, tvx, tvy, tvz)
        task[E.MIN_DIST, i] = min(task[E.MIN_DIST, i], closest)
        if outcome == E.NO_OUTCOME and task[E.MIN_DIST, i] <= MISS_PASS_M and rng_m > prev_range:
            outcome = E.MISS  # a near pass, now opening (the engine's miss report)
        terminated = outcome != E.NO_OUTCOME
        truncated = (not terminated) and steps >= cfg[E.MAX_STEPS]
        if truncated:
            outcome = E.TIMEOUT
        zem = math.log(1.0 + zem)
        if outcome == E.HIT:  # the shaping terms close to zero at the hit
            rng_m, zem = 0.0, 0.0
        soc = qs[L.SOC, i]
        closing = weights[0] * (prev_range - rng_m) / RANGE_SCALE_M
        aim = weights[1] * (prev_zem - zem)
        hit = weights[2] if outcome == E.HIT else 0.0
        miss = -weights[3] if outcome == E.LEAK or outcome == E.TIMEOUT or outcome == E.MISS else 0.0
        crash = -weights[4] if outcome == E.CRASH or outcome == E.OUT_OF_AREA else 0.0
        energy = -weights[5] * (task[E.PREV_SOC, i] - soc) * 100.0
        task[E.PREV_RANGE, i], task[E.PREV_ZEM, i], task[E.PREV_SOC, i] = rng_m, zem, soc
        record(out, task, i, closing, aim, hit, miss, crash, energy, terminated, truncated, outcome,
               task[E.MIN_DIST, i])
        if terminated or truncated:
            if mode == 1:
                task[E.PENDING, i] = 1.0
            elif mode == 2:
                for j in range(obs.shape[1]):
                    final_obs[i, j] = obs[i, j]
                _reset_world(qs, qp, qc, ws, wp, wc, task, rng, cfg, template, sites, waves, wave_params,
                             assets, heights, obs, i)
