"""Guidance Monte-Carlo: n independent one-on-one engagements flown in one batched World.

Row k of the quadrotor fleet chases row k of the fixed-wing fleet; they never
interact across rows, so one kernel call per tick advances all n engagements.
The interceptors are flown by the engine's own controller (agents.registry:
`pn`, `apn`, `zem`, `pursuit` = guidance law + axial go-fast at the
ACCELERATION level) on ground truth, every control tick; the targets by their
autopilot (constant course, or weaving). Miss distance is the exact closest
approach between ticks (positions moving linearly over a tick, as the engine's
kill check in sim/engagement.py), and a pass is over when the range opens again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from agents.base import EntitySpec, Observation
from agents.registry import make_controller
from sim.bench.engagement_geometry import Geometries, Weave
from sim.config.airframe import FixedWing, Quadrotor
from sim.config.loading import load_airframe
from sim.config.resolve import DEFAULT_LETHAL_RADIUS_M
from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import QuadFleet
from sim.dynamics.wing_fleet import WingFleet
from sim.engagement import paired_closest_approach
from sim.world import World

INTERCEPTOR = "interceptor-quad"
TARGET = "shahed-136"
PHYSICS_HZ = 240.0
CONTROL_HZ = 30.0  # the engine's blue control rate (sim.trial_setup.DEFAULT_CONTROL_HZ)
MAX_TIME_S = 150.0  # a 4 km crossing at the interceptor's sustained speed takes ~90 s
PASS_OVER_RANGE_M = 200.0  # once this close, the first opening of the range ends the run at the target
TERMINAL_WINDOW_S = 2.0  # the terminal manoeuvre is measured over this long before the pass...
TERMINAL_SKIP_TICKS = 3  # ...leaving out the pass itself, where the line of sight swings through 180 deg


@dataclass(frozen=True)
class EngagementResults:
    """Per-engagement outcomes (n rows) of one law against one geometry set."""

    law: str
    miss_m: np.ndarray  # closest approach over the engagement
    time_s: np.ndarray  # time of the closest approach (end of its tick)
    terminal_accel_mps2: np.ndarray  # RMS of the interceptor's acceleration normal to its velocity, last 2 s
    lethal_radius_m: float

    @property
    def hit(self) -> np.ndarray:
        return self.miss_m <= self.lethal_radius_m

    @property
    def hit_rate(self) -> float:
        return float(self.hit.mean())

    def summary(self) -> dict[str, float | int | None]:
        """Hit rate, miss percentiles (m) and mean time to intercept over the hits (s)."""
        hits = self.time_s[self.hit]
        return {
            "n": len(self.miss_m),
            "hit_rate": round(self.hit_rate, 4),
            "median_miss_m": round(float(np.median(self.miss_m)), 4),
            "p95_miss_m": round(float(np.percentile(self.miss_m, 95)), 4),
            "mean_time_to_intercept_s": round(float(hits.mean()), 2) if hits.size else None,
            "median_terminal_accel_mps2": round(float(np.median(self.terminal_accel_mps2)), 2),
        }


def lethal_radius_m(airframe: Quadrotor) -> float:
    """The interceptor's payload lethal radius (what a scenario uses unless its rules override it)."""
    radius = airframe.payload.lethal_radius_m
    return radius.value if radius is not None else DEFAULT_LETHAL_RADIUS_M


def _build_world(geometries: Geometries, interceptor: Quadrotor, target: FixedWing, seed: int) -> World:
    world = World(seed=seed, physics_hz=PHYSICS_HZ)
    for k in range(len(geometries)):
        start, aim = geometries.interceptor_m[k], geometries.target_m[k]
        world.add_quadrotor(interceptor, tuple(start), math.atan2(aim[1] - start[1], aim[0] - start[0]))
        world.add_fixed_wing(target, tuple(aim), float(geometries.target_course_rad[k]), geometries.target_speed_mps)
    world.quads.cmd[L.CMD_LEVEL] = float(L.ControlLevel.ACCELERATION)
    return world


def wing_accelerations_mps2(world: World) -> np.ndarray:
    """True accelerations (n, 3) of the fixed wings: the coordinated turn of their point-mass model.

    Speed and altitude are held, so the turn, cos(gamma) * g tan(bank) horizontally and
    normal to the course, is all of it (what APN is given here, not a noisy estimate)."""
    state, params = world.wings.state, world.wings.params
    lateral = np.cos(state[W.GAMMA]) * params[W.GRAVITY] * np.tan(state[W.BANK])
    yaw = state[W.YAW]
    return np.column_stack([-np.sin(yaw) * lateral, np.cos(yaw) * lateral, np.zeros_like(yaw)])


def _lateral_accel_mps2(v0: np.ndarray, v1: np.ndarray, dt_s: float) -> np.ndarray:
    """Magnitude of the mean acceleration over a tick normal to the mean velocity (turning, not speeding up)."""
    accel = (v1 - v0) / dt_s
    mean = 0.5 * (v0 + v1)
    unit = mean / np.maximum(np.linalg.norm(mean, axis=1), 1e-6)[:, None]
    return np.linalg.norm(accel - np.einsum("ij,ij->i", accel, unit)[:, None] * unit, axis=1)


class _TerminalWindow:
    """Ring buffer of each row's last lateral accelerations, read out when its pass is over."""

    def __init__(self, n: int, dt_s: float) -> None:
        self.size = round(TERMINAL_WINDOW_S / dt_s) + TERMINAL_SKIP_TICKS
        self.buffer = np.zeros((self.size, n))
        self.rms = np.full(n, np.nan)

    def add(self, tick: int, rows: np.ndarray, lateral: np.ndarray) -> None:
        self.buffer[tick % self.size, rows] = lateral

    def close(self, tick: int, rows: np.ndarray) -> None:
        slots = (tick - np.arange(TERMINAL_SKIP_TICKS, self.size)) % self.size
        self.rms[rows] = np.sqrt(np.mean(self.buffer[np.ix_(slots, rows)] ** 2, axis=0))


def _weave_commands(world: World, phase_rad: np.ndarray, weave: Weave, t_s: float) -> None:
    """Heading commands that make the wings' bank follow the sinusoidal lateral acceleration.

    The wing autopilot banks heading_p * (commanded - current yaw); asking for the
    current yaw plus bank / heading_p therefore asks for that bank directly."""
    state, params, cmd = world.wings.state, world.wings.params, world.wings.cmd
    accel = weave.amplitude_mps2 * np.sin(2.0 * math.pi * t_s / weave.period_s + phase_rad)
    bank = np.arctan(accel / params[W.GRAVITY])
    cmd[1] = state[W.YAW] + bank / params[W.HEADING_P]


def _keep(world: World, keep: np.ndarray) -> None:
    """Drop the finished engagements' bodies: the kernels step every column, finished or not."""
    q, w = world.quads, world.wings
    cols = np.flatnonzero(keep)

    def take(a: np.ndarray) -> np.ndarray:  # contiguous, as the kernels were compiled (and vectorised) for
        return np.ascontiguousarray(a[:, cols])

    world.quads = QuadFleet(state=take(q.state), params=take(q.params), cmd=take(q.cmd), streams=q.streams[cols],
                            wrench=take(q.wrench), airframes=[q.airframes[i] for i in cols], steps=q.steps)
    world.wings = WingFleet(state=take(w.state), params=take(w.params), cmd=take(w.cmd),
                            airframes=[w.airframes[i] for i in cols])


def fly_engagements(geometries: Geometries, law: str = "pn", params: dict | None = None,
                    weave: Weave | None = None, seed: int = 0, max_time_s: float = MAX_TIME_S) -> EngagementResults:
    """Fly every geometry once with the registry's controller `law` (and its `params`); return the misses.

    `seed` is the world's (it seeds turbulence streams; the air is calm here), so results depend
    on the geometries alone."""
    interceptor, target = load_airframe(INTERCEPTOR), load_airframe(TARGET)
    n = len(geometries)
    world = _build_world(geometries, interceptor, target, seed)
    controller = make_controller(law, "blue", dict(params or {}))
    top_speed_mps = interceptor.top_speed_kmh.value / 3.6
    controller.reset([EntitySpec(k, "blue", interceptor, tuple(geometries.interceptor_m[k]), 50.0, top_speed_mps)
                      for k in range(n)], np.random.default_rng(seed))
    substeps = round(PHYSICS_HZ / CONTROL_HZ)
    dt_s = substeps / PHYSICS_HZ
    miss, when = np.full(n, np.inf), np.full(n, np.nan)
    terminal = _TerminalWindow(n, dt_s)
    open_ids = np.arange(n)  # engagement of each fleet column; columns of finished ones are dropped
    tick = 0
    for tick in range(math.ceil(max_time_s / dt_s)):
        if open_ids.size == 0:
            break
        t_s, quads, wings = tick * dt_s, world.quads, world.wings
        if weave is not None:
            _weave_commands(world, geometries.weave_phase_rad[open_ids], weave, t_s)
        own, tgt, own_v = quads.positions.copy(), wings.positions.copy(), quads.velocities.copy()
        m = open_ids.size
        obs = Observation(t_s, dt_s, open_ids, own, own_v, quads.euler_rad[:, 2], tgt, wings.velocities,
                          np.ones(m, dtype=bool), np.ones(m, dtype=bool), np.ones(m, dtype=bool), np.zeros(m),
                          {"target_accelerations_mps2": wing_accelerations_mps2(world)})
        quads.cmd[:4] = np.asarray(controller.act(obs), dtype=float)[:, :4].T
        world.step(substeps)
        own_after, tgt_after = quads.positions, wings.positions
        terminal.add(tick, open_ids, _lateral_accel_mps2(own_v, quads.velocities, dt_s))
        closest = paired_closest_approach(own, own_after, tgt, tgt_after)
        better = closest < miss[open_ids]
        miss[open_ids[better]] = closest[better]
        when[open_ids[better]] = t_s + dt_s
        opening = np.linalg.norm(tgt_after - own_after, axis=1) > np.linalg.norm(tgt - own, axis=1)
        over = (opening & (miss[open_ids] < PASS_OVER_RANGE_M)) | ~quads.alive | ~wings.alive
        if over.any():
            terminal.close(tick, open_ids[over])
            _keep(world, ~over)
            open_ids = open_ids[~over]
    terminal.close(tick, open_ids)  # runs still open at the time limit
    return EngagementResults(law, miss, when, terminal.rms, lethal_radius_m(interceptor))
