"""Config -> TaskSpec: everything a batch of worlds needs, computed once per environment.

The flight core is stepped at `physics_hz`, the agent acts at `control_hz`;
the ratio is the number of physics sub-steps per env step (8 by default).
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass
from typing import Callable

import numpy as np

from sim.config.resolve import ResolvedScenario
from sim.dynamics.fixed_wing import PARAM_COLS as WING_PARAM_COLS
from sim.dynamics.layout import ControlLevel
from sim.dynamics.quadrotor import GUST_EVERY
from sim.dynamics.quad_fleet import Atmosphere, initial_state_row, params_row
from sim.envs import goal_kernel, intercept_geometry, intercept_kernel
from sim.envs import layout as E
from sim.envs.config import CommonConfig, HoverConfig, InterceptConfig, WaypointConfig
from sim.envs.scenario_tables import (Ground, assets_table, ground, lethal_radius_m, load_resolved, quad_airframe,
                                      sites_table, waves_table, weather_ranges)
from sim.envs.spaces import action_scale, parse_level

INTERCEPT_TERMS = ("closing", "aim", "hit", "miss", "crash", "energy")
LAUNCH_TIME_LIMIT_S, HANDOFF_TIME_LIMIT_S = 120.0, 30.0
DOCTRINE_START_FRACTION = 0.75  # default start range: 0.75 to 1 x the doctrine's launch range
HOVER_TERMS = ("position", "velocity", "rates", "crash", "energy")  # kernel slots 0, 1, 2, 4, 5
WAYPOINT_TERMS = ("progress", "velocity", "rates", "reached", "crash", "energy")


@dataclass(frozen=True)
class TaskSpec:
    """The arrays and kernels of one environment; shared by its single and batched forms."""

    name: str
    level: ControlLevel
    obs_dim: int
    term_names: tuple[str, ...]
    term_slots: tuple[int, ...]  # kernel term slot of each name
    cfg: np.ndarray
    quad_state: np.ndarray  # (STATE_COLS,) spawn template: hovering, level, at rest
    quad_params: np.ndarray  # (PARAM_COLS,)
    sites: np.ndarray
    waves: np.ndarray
    wave_params: np.ndarray
    assets: np.ndarray
    heights: np.ndarray
    step_kernel: Callable
    reset_kernel: Callable
    resolved: ResolvedScenario
    site_names: tuple[str, ...]
    wave_names: tuple[str, ...] = ()


def _common(config: CommonConfig, resolved: ResolvedScenario, terrain: Ground, written) -> tuple:
    level = parse_level(config.control_level)
    substeps = config.physics_hz / config.control_hz
    if substeps < 1 or abs(substeps - round(substeps)) > 1e-9:
        raise ValueError(f"physics_hz ({config.physics_hz}) must be a whole multiple of control_hz "
                         f"({config.control_hz})")
    substeps = round(substeps)
    airframe = quad_airframe(resolved, config.airframe)
    area = resolved.scenario.area
    cfg = np.zeros(E.CFG_LEN)
    cfg[E.DT] = 1.0 / config.physics_hz
    cfg[E.SUBSTEPS] = substeps
    cfg[E.GUST_PHASE] = math.gcd(substeps, GUST_EVERY)
    cfg[E.LEVEL] = float(level)
    time_limit_s = config.time_limit_s
    if time_limit_s is None:  # Intercept-v0's default depends on where the interceptor starts
        time_limit_s = HANDOFF_TIME_LIMIT_S if getattr(config, "start", "") == "handoff" else LAUNCH_TIME_LIMIT_S
    cfg[E.MAX_STEPS] = max(1, round(time_limit_s * config.control_hz))
    cfg[E.SCALE] = action_scale(level, airframe, config.accel_scale_mps2, config.position_step_m)
    cfg[E.GROUND_FLAT] = 1.0 if terrain.flat else 0.0
    cfg[E.GROUND_Z] = terrain.base_z_m
    cfg[E.HM_X0], cfg[E.HM_Y0] = terrain.origin_xy_m
    cfg[E.HM_CELL] = terrain.cell_size_m
    cfg[E.HALF_X], cfg[E.HALF_Y] = area.size_m[0] / 2, area.size_m[1] / 2
    cfg[E.CEILING] = area.ceiling_m
    (cfg[E.WIND_SPEED:E.WIND_SPEED + 2], cfg[E.WIND_FROM:E.WIND_FROM + 2],
     cfg[E.GUST_SIGMA:E.GUST_SIGMA + 2]) = weather_ranges(written)
    cfg[E.THREAT_SUBSTEPS] = 1
    quad_params = params_row(airframe, Atmosphere())  # wind and turbulence are drawn per episode
    quad_state = initial_state_row(airframe, (0.0, 0.0, 0.0), 0.0, hovering=True)
    sites, site_names = sites_table(resolved, config.launch_site)
    return level, airframe, cfg, quad_state, quad_params, sites, tuple(site_names)


def intercept_spec(config: InterceptConfig) -> TaskSpec:
    written, resolved = load_resolved(config.scenario, config.scenario_seed)
    terrain = ground(resolved)
    level, airframe, cfg, quad_state, quad_params, sites, site_names = _common(config, resolved, terrain, written)
    waves, wave_params, wave_names = waves_table(resolved, config.wave)
    if config.threat_substeps < 1:
        raise ValueError("threat_substeps must be at least 1")
    cfg[E.THREAT_SUBSTEPS] = config.threat_substeps
    start = config.start_range_m
    if start is None:
        doctrine = resolved.scenario.blue.doctrine.launch_range_m
        start = (DOCTRINE_START_FRACTION * doctrine, doctrine) if doctrine is not None else (math.inf, math.inf)
    cfg[E.START_RANGE:E.START_RANGE + 2] = sorted(start)
    cfg[E.LETHAL_R] = lethal_radius_m(resolved, airframe)
    cfg[E.LEAK_R] = float(resolved.scenario.rules.leak_radius_m)
    cfg[E.WEIGHTS:E.WEIGHTS + 6] = astuple(config.rewards)
    cfg[E.START_HEIGHT] = config.start_height_m
    if config.start not in ("launch", "handoff"):
        raise ValueError(f"start must be 'launch' or 'handoff', got {config.start!r}")
    cfg[E.HANDOFF] = 1.0 if config.start == "handoff" else 0.0
    cfg[E.HANDOFF_RANGE:E.HANDOFF_RANGE + 2] = sorted(config.handoff_range_m)
    cfg[E.HANDOFF_ASPECT] = math.radians(config.handoff_aspect_deg)
    cfg[E.HANDOFF_HEIGHT:E.HANDOFF_HEIGHT + 2] = sorted(config.handoff_height_m)
    cfg[E.HANDOFF_SPEED:E.HANDOFF_SPEED + 2] = sorted(config.handoff_speed_mps)
    cfg[E.HANDOFF_ERROR] = math.radians(config.handoff_error_deg)
    return TaskSpec("Intercept-v0", level, intercept_kernel.OBS_DIM, INTERCEPT_TERMS, tuple(range(6)), cfg,
                    quad_state, quad_params, sites, waves, wave_params, assets_table(resolved, terrain),
                    terrain.heights_m, intercept_kernel.intercept_step, intercept_kernel.intercept_reset,
                    resolved, site_names, tuple(wave_names))


def goal_spec(config: HoverConfig | WaypointConfig) -> TaskSpec:
    written, resolved = load_resolved(config.scenario, config.scenario_seed)
    terrain = ground(resolved)
    level, airframe, cfg, quad_state, quad_params, sites, site_names = _common(config, resolved, terrain, written)
    cfg[E.GOAL_SCALE] = config.goal_scale_m
    cfg[E.LOST_DIST] = config.lost_distance_m
    if isinstance(config, WaypointConfig):
        if config.waypoints < 1:
            raise ValueError("waypoints must be at least 1")
        cfg[E.WAYPOINTS] = config.waypoints
        cfg[E.WAYPOINT_DIST:E.WAYPOINT_DIST + 2] = sorted(config.waypoint_distance_m)
        cfg[E.WAYPOINT_AGL:E.WAYPOINT_AGL + 2] = sorted(config.waypoint_height_m)
        cfg[E.GOAL_RADIUS] = config.reach_radius_m
        cfg[E.START_HEIGHT] = config.start_height_m
        cfg[E.WEIGHTS:E.WEIGHTS + 6] = astuple(config.rewards)
        name, names, slots = "Waypoint-v0", WAYPOINT_TERMS, tuple(range(6))
    else:
        cfg[E.START_HEIGHT] = config.hover_height_m
        cfg[E.START_OFFSET] = config.start_offset_m
        r = config.rewards
        cfg[E.WEIGHTS:E.WEIGHTS + 6] = (r.position, r.velocity, r.rates, 0.0, r.crash, r.energy)
        name, names, slots = "Hover-v0", HOVER_TERMS, (0, 1, 2, 4, 5)
    return TaskSpec(name, level, goal_kernel.OBS_DIM, names, slots, cfg, quad_state, quad_params, sites,
                    np.zeros((1, intercept_geometry.WAVE_COLS)), np.zeros((1, WING_PARAM_COLS)),
                    np.zeros((1, intercept_geometry.ASSET_COLS)), terrain.heights_m, goal_kernel.goal_step,
                    goal_kernel.goal_reset, resolved, site_names)
