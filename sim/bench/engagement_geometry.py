"""One-on-one engagement geometries for guidance Monte-Carlo runs, and the envelope they come from.

The envelope (docs/guidance.md) is where a Sting-class interceptor is expected
to hit a Shahed-class drone: the interceptor hovers at rest at its loiter
height over the launch point when the engagement starts (a ground cue has just
handed it a target); the target flies level at its airframe's cruise speed,
1.5-4 km away horizontally, 100-1000 m above ground, approaching or crossing
(aspect 0-90 deg: never flying away). At that aspect and a speed ratio above 1
(300 vs 170 km/h) a collision triangle always exists, so every geometry has an
intercept (agents.assignment.intercept_times_s gives its time at a given speed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

LAUNCH_HEIGHT_M = 50.0  # agents.interceptor.LOITER_HEIGHT_M: where a launched interceptor waits


@dataclass(frozen=True)
class Envelope:
    """Ranges the geometries are drawn from, uniformly (angles in degrees)."""

    range_m: tuple[float, float] = (1500.0, 4000.0)  # horizontal, launch point to target
    altitude_m: tuple[float, float] = (100.0, 1000.0)  # target height above the (flat) ground
    # |target course - bearing from the target to the launch point|: 0 head-on, 90 crossing
    aspect_deg: tuple[float, float] = (0.0, 90.0)
    launch_height_m: float = LAUNCH_HEIGHT_M

    def crossing(self) -> Envelope:
        """The same envelope with every target crossing at exactly 90 degrees."""
        return replace(self, aspect_deg=(90.0, 90.0))


@dataclass(frozen=True)
class Weave:
    """Weaving target: lateral (horizontal, normal to its course) acceleration A sin(2 pi t / T + phase).

    Flown by banking: A = g tan(bank), so A must stay under g tan(max bank)
    of the airframe (6.9 m/s^2 for a Shahed-136 at 35 deg); the phase is random per engagement.
    """

    amplitude_mps2: float = 5.0  # ~0.5 g, bank ~27 deg
    period_s: float = 8.0  # roll rate needed 27 deg * 2 pi / 8 s = 21 deg/s, under the airframe's 30


@dataclass(frozen=True)
class Geometries:
    """n engagements: initial states, all arrays with n rows."""

    interceptor_m: np.ndarray  # (n, 3) start position (at rest, hovering)
    target_m: np.ndarray  # (n, 3) start position
    target_course_rad: np.ndarray  # (n,) ENU heading of the target's velocity
    target_speed_mps: float
    weave_phase_rad: np.ndarray  # (n,) used only against weaving targets

    def __len__(self) -> int:
        return len(self.target_course_rad)

    def take(self, rows: slice | np.ndarray) -> Geometries:
        """The engagements `rows` of this set."""
        return Geometries(self.interceptor_m[rows], self.target_m[rows], self.target_course_rad[rows],
                          self.target_speed_mps, self.weave_phase_rad[rows])

    @property
    def target_velocity_mps(self) -> np.ndarray:
        c = self.target_course_rad
        return self.target_speed_mps * np.column_stack([np.cos(c), np.sin(c), np.zeros_like(c)])


def sample_geometries(n: int, seed: int, target_speed_mps: float, envelope: Envelope = Envelope()) -> Geometries:
    """n geometries drawn from `envelope`; the same seed gives the same draws for any law."""
    rng = np.random.default_rng(seed)
    range_m = rng.uniform(*envelope.range_m, n)
    bearing = rng.uniform(0.0, 2.0 * math.pi, n)  # from the launch point to the target
    altitude = rng.uniform(*envelope.altitude_m, n)
    aspect = np.radians(rng.uniform(*envelope.aspect_deg, n)) * rng.choice([-1.0, 1.0], n)
    phase = rng.uniform(0.0, 2.0 * math.pi, n)
    target = np.column_stack([range_m * np.cos(bearing), range_m * np.sin(bearing), altitude])
    interceptor = np.zeros((n, 3))
    interceptor[:, 2] = envelope.launch_height_m
    # The bearing from the target back to the launch point is bearing + pi; the course turns off it by the aspect.
    course = np.mod(bearing + math.pi + aspect, 2.0 * math.pi)
    return Geometries(interceptor, target, course, float(target_speed_mps), phase)

