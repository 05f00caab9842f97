"""Configuration of the environments: what gymnasium.make(ID, **kwargs) accepts, with defaults.

Reward weights are named, one per reward term; `info["reward_terms"]` reports
each term (already weighted) under the same name every step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Mapping, TypeVar

from sim.dynamics.layout import ControlLevel
from sim.envs.scenario_tables import ScenarioLike

T = TypeVar("T")


@dataclass(frozen=True)
class InterceptRewards:
    """Weights of Intercept-v0's reward terms (docs/envs.md)."""

    closing: float = 1.0  # per km of range closed (shaping; sums to the initial range in km)
    aim: float = 0.5  # per unit of ln(1 + predicted miss in m) removed (shaping)
    hit: float = 10.0  # once, at the hit
    miss: float = 5.0  # once, when the threat reaches its asset or time runs out
    crash: float = 10.0  # once, on hitting the ground or leaving the area
    energy: float = 0.01  # per percent of battery charge used


@dataclass(frozen=True)
class HoverRewards:
    """Weights of Hover-v0's reward terms."""

    position: float = 1.0  # per step: 1 on the hover point falling to 0 at `goal_scale_m` away
    velocity: float = 0.2  # per step, times speed / 5 m/s (saturates at 1)
    rates: float = 0.1  # per step, times body rate / 10 rad/s (saturates at 1)
    crash: float = 10.0  # once, on a crash, leaving the area or straying `lost_distance_m` away
    energy: float = 0.0  # per percent of battery charge used


@dataclass(frozen=True)
class WaypointRewards:
    """Weights of Waypoint-v0's reward terms."""

    progress: float = 1.0  # per `goal_scale_m` of distance to the current waypoint closed
    velocity: float = 0.0  # per step, times speed / 5 m/s (saturates at 1)
    rates: float = 0.02  # per step, times body rate / 10 rad/s (saturates at 1)
    reached: float = 5.0  # once per waypoint reached
    crash: float = 10.0  # once, on a crash, leaving the area or straying `lost_distance_m` away
    energy: float = 0.0  # per percent of battery charge used


@dataclass(frozen=True)
class CommonConfig:
    scenario: ScenarioLike = "port-night-shahed-wave"
    control_level: ControlLevel | int | str = ControlLevel.ACCELERATION
    airframe: str = "interceptor-quad"  # the quadrotor the agent flies
    launch_site: str | None = None  # None: every episode draws one of the scenario's sites
    scenario_seed: int | None = None  # draws the scenario's distributions once; None: its meta.seed
    physics_hz: float = 240.0
    control_hz: float = 30.0
    time_limit_s: float | None = None  # truncation; None: 120 s from the pad, 30 s from a hand-off
    accel_scale_mps2: float = 40.0  # ACCELERATION level: an action of 1 (about g tan(75 deg))
    position_step_m: float = 50.0  # POSITION level: an action of 1


@dataclass(frozen=True)
class InterceptConfig(CommonConfig):
    wave: str | int | None = None  # None: every episode draws one of the fixed-wing waves with a target
    # Range from the launch site at which the episode starts, drawn per episode. None: the scenario's
    # doctrine, 0.75 to 1 x its launch_range_m (at the threat's spawn if the doctrine has none).
    start_range_m: tuple[float, float] | None = None
    start_height_m: float = 2.0  # the interceptor starts hovering this high over its pad
    # "launch": the interceptor starts on its pad. "handoff": it starts airborne near the threat, flying
    # roughly at it, as when a ground-cued mid-course hands over to terminal guidance (short episodes).
    start: str = "launch"
    handoff_range_m: tuple[float, float] = (300.0, 1500.0)  # from the threat
    handoff_aspect_deg: float = 60.0  # bearing from the threat's heading, within +- this (0: head-on)
    handoff_height_m: tuple[float, float] = (-100.0, 50.0)  # relative to the threat
    handoff_speed_mps: tuple[float, float] = (30.0, 80.0)
    handoff_error_deg: float = 20.0  # velocity direction off the line of sight, up to this
    threat_substeps: int = 1  # threat model steps per control step (8: the physics rate)
    rewards: InterceptRewards = field(default_factory=InterceptRewards)


@dataclass(frozen=True)
class HoverConfig(CommonConfig):
    control_level: ControlLevel | int | str = ControlLevel.ATTITUDE
    time_limit_s: float = 10.0
    hover_height_m: float = 10.0  # above the launch site's ground
    start_offset_m: float = 2.0  # start uniformly within this much of the hover point, per axis
    goal_scale_m: float = 10.0  # observation scale of the position error; position reward reaches 0 here
    lost_distance_m: float = 50.0
    rewards: HoverRewards = field(default_factory=HoverRewards)


@dataclass(frozen=True)
class WaypointConfig(CommonConfig):
    control_level: ControlLevel | int | str = ControlLevel.VELOCITY
    time_limit_s: float = 60.0
    waypoints: int = 3  # per episode; reaching the last one ends it
    waypoint_distance_m: tuple[float, float] = (20.0, 100.0)  # horizontal, from the previous waypoint
    waypoint_height_m: tuple[float, float] = (10.0, 50.0)  # above the ground
    reach_radius_m: float = 2.0
    start_height_m: float = 2.0
    goal_scale_m: float = 100.0
    lost_distance_m: float = 500.0
    rewards: WaypointRewards = field(default_factory=WaypointRewards)


def build(config_type: type[T], config: T | None, overrides: Mapping[str, Any]) -> T:
    """A config from an optional base plus keyword overrides; `rewards` may be a dict of weights."""
    base = config if config is not None else config_type()
    known = {f.name for f in fields(config_type)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise TypeError(f"unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    values = dict(overrides)
    if isinstance(values.get("rewards"), Mapping):
        values["rewards"] = replace(base.rewards, **values["rewards"])
    return replace(base, **values)
