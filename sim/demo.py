"""The headless demo flight: one interceptor quad chases one Shahed-136.

A stand-in for a full scenario trial (a later issue adds records and
reports): it shows the flight core end to end and reports what a soldier
or an analyst asks first: did it hit, how fast, at what cost.

The interceptor flies lead pursuit (a velocity command at top speed toward
the predicted intercept point). It lives here, not in a guidance library,
because it is only the demo's autopilot; real guidance laws come later.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import numpy as np

from sim.config.airframe import FixedWing, Quadrotor
from sim.config.loading import load_airframe
from sim.dynamics.fixed_wing import FixedWingLevel
from sim.dynamics.layout import ControlLevel
from sim.world import World

INTERCEPTOR = "interceptor-quad"
TARGET = "shahed-136"
PHYSICS_HZ = 240.0
CONTROL_HZ = 30.0
MAX_TIME_S = 120.0
DEFAULT_LETHAL_RADIUS_M = 1.5  # DOMAIN: ~0.5 m (ram) to ~1.5 m (net/charge)
KMH = 1.0 / 3.6
# Within this range the loop checks the distance every physics step, not every
# control tick: at ~130 m/s closing speed a tick covers ~4 m, more than the lethal radius.
ENDGAME_RANGE_M = 30.0
# Result fields read from the wall clock: the only ones that differ between runs of a seed.
WALL_CLOCK_FIELDS = ("startup_s", "wall_time_s", "real_time_factor")


@dataclass(frozen=True)
class DemoResult:
    """What the demo prints; also the `--json` object, field for field."""

    seed: int
    interceptor: str  # short airframe names

    target: str
    outcome: str  # "intercept" or "miss"
    time_to_intercept_s: float | None
    closest_approach_m: float
    lethal_radius_m: float
    interceptor_peak_speed_kmh: float
    interceptor_distance_flown_m: float
    target_start_m: list[float]
    target_heading_deg: float
    interceptor_unit_cost_usd: float
    target_unit_cost_usd: float
    cost_exchange_ratio: float  # target cost destroyed per interceptor cost spent (0 on a miss)
    sim_time_s: float
    physics_hz: float
    control_hz: float
    startup_s: float  # airframe loading and kernel compilation (or cache load)
    wall_time_s: float  # the flight loop only
    real_time_factor: float | None

    def to_dict(self) -> dict:
        return asdict(self)


def intercept_time_s(rel_pos_m: np.ndarray, target_vel_mps: np.ndarray, speed_mps: float) -> float:
    """Time for a pursuer at `speed_mps` to meet a constant-velocity target.

    Solves |r + v t| = s t for the smallest t > 0. If the target is as fast as
    the pursuer the triangle may not close: fall back to range / speed.
    """
    range_m = float(np.linalg.norm(rel_pos_m))
    speed_margin = speed_mps**2 - float(target_vel_mps @ target_vel_mps)
    if speed_margin <= 1e-9:
        return range_m / speed_mps
    r_dot_v = float(rel_pos_m @ target_vel_mps)
    return (r_dot_v + math.sqrt(r_dot_v**2 + speed_margin * range_m**2)) / speed_margin


def lead_pursuit_velocity(own_pos_m: np.ndarray, target_pos_m: np.ndarray,
                          target_vel_mps: np.ndarray, speed_mps: float) -> np.ndarray:
    """Velocity command (m/s, world) at `speed_mps` toward the predicted intercept point."""
    t_go = intercept_time_s(target_pos_m - own_pos_m, target_vel_mps, speed_mps)
    aim = target_pos_m + target_vel_mps * t_go - own_pos_m
    norm = float(np.linalg.norm(aim))
    return aim * (speed_mps / norm) if norm > 1e-9 else np.zeros(3)


def lethal_radius_m(airframe: Quadrotor | FixedWing) -> float:
    radius = airframe.payload.lethal_radius_m
    return radius.value if radius is not None else DEFAULT_LETHAL_RADIUS_M


def target_start(seed: int) -> tuple[tuple[float, float, float], float]:
    """Shahed start point (m) and heading (rad): crossing east ~3 km north, varied by the seed."""
    rng = np.random.default_rng(seed)
    x = -1500.0 + rng.uniform(-300.0, 300.0)
    y = 3000.0 + rng.uniform(-200.0, 200.0)
    z = rng.uniform(300.0, 500.0)
    heading = math.radians(rng.uniform(-10.0, 10.0))  # ENU: 0 is east
    return (x, y, z), heading


def run_demo(seed: int = 0, max_time_s: float = MAX_TIME_S) -> DemoResult:
    """Fly the demo engagement; deterministic for a seed except the wall-clock fields."""
    startup_start = time.perf_counter()
    interceptor = load_airframe(INTERCEPTOR)
    target = load_airframe(TARGET)
    top_speed = interceptor.top_speed_kmh.value * KMH
    radius = lethal_radius_m(interceptor)
    start, heading = target_start(seed)

    world = World(seed=seed, physics_hz=PHYSICS_HZ)
    i = world.add_quadrotor(interceptor, (0.0, 0.0, 0.0))
    j = world.add_fixed_wing(target, start, yaw_rad=heading)
    world.wings.set_command(j, FixedWingLevel.HEADING,
                            [target.cruise_speed_kmh.value * KMH, heading, start[2], 0.0])
    substeps = round(PHYSICS_HZ / CONTROL_HZ)
    world.step(0)  # compiles (or loads cached) kernels, so the real-time factor measures flight only

    closest = math.inf
    peak_speed = flown = 0.0
    hit_time: float | None = None
    wall_start = time.perf_counter()
    startup = wall_start - startup_start
    while world.time_s < max_time_s and hit_time is None:
        own, tgt = world.quads.positions[i].copy(), world.wings.positions[j].copy()
        cmd = lead_pursuit_velocity(own, tgt, world.wings.velocities[j], top_speed)
        yaw = math.atan2(cmd[1], cmd[0])  # nose (and camera) along the flight path
        world.quads.set_command(i, ControlLevel.VELOCITY, [*cmd, yaw])
        near = np.linalg.norm(tgt - own) < ENDGAME_RANGE_M
        crashed = False
        for _ in range(substeps if near else 1):
            before = world.quads.positions[i].copy()
            crashed = bool(world.step(1 if near else substeps)) or crashed
            flown += float(np.linalg.norm(world.quads.positions[i] - before))
            peak_speed = max(peak_speed, float(np.linalg.norm(world.quads.velocities[i])))
            distance = float(np.linalg.norm(world.wings.positions[j] - world.quads.positions[i]))
            closest = min(closest, distance)
            if distance < radius:
                hit_time = world.time_s
                break
        if crashed:  # the interceptor hit the ground, or the target did: engagement over
            break
    wall = time.perf_counter() - wall_start

    hit = hit_time is not None
    interceptor_cost = interceptor.unit_cost_usd.value
    target_cost = target.unit_cost_usd.value
    return DemoResult(
        seed=seed, interceptor=INTERCEPTOR, target=TARGET,
        outcome="intercept" if hit else "miss",
        time_to_intercept_s=round(hit_time, 4) if hit else None,
        closest_approach_m=round(closest, 3), lethal_radius_m=radius,
        interceptor_peak_speed_kmh=round(peak_speed / KMH, 1),
        interceptor_distance_flown_m=round(flown, 1),
        target_start_m=[round(v, 1) for v in start],
        target_heading_deg=round(math.degrees(heading), 2),
        interceptor_unit_cost_usd=interceptor_cost, target_unit_cost_usd=target_cost,
        cost_exchange_ratio=round(target_cost / interceptor_cost, 2) if hit else 0.0,
        sim_time_s=round(world.time_s, 4), physics_hz=PHYSICS_HZ, control_hz=CONTROL_HZ,
        startup_s=round(startup, 3), wall_time_s=round(wall, 3),
        real_time_factor=round(world.time_s / wall, 1) if wall > 0 else None,
    )
