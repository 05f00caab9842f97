"""soldiers_lab/Hover-v0: hold a quadrotor on a point above a launch site of a scenario.

Each episode draws one of the scenario's launch sites (default scenario
`port-night-shahed-wave`) and its weather (wind and turbulence, uniform over
the scenario's ranges); the hover point is `hover_height_m` (10 m) above the
site's ground, and the drone (`airframe`, default `interceptor-quad`) starts
hovering, level and at rest, within `start_offset_m` (2 m) of it per axis.
Physics as in Intercept-v0: 240 Hz physics, 30 Hz control, the scenario's
terrain.

Ends (terminated) on a crash, leaving the area, or straying
`lost_distance_m` (50 m) from the hover point; truncated at `time_limit_s`
(10 s), which counts as a success (`info["is_success"]`).

Action: see `sim.envs.spaces`; default level ATTITUDE (angle mode): roll and
pitch in [-1, 1] x the airframe's max tilt, yaw in [-1, 1] x pi, collective
thrust (a + 1) / 2 of the maximum. The vector levels act in the world (ENU)
frame, nose east.

Observation (20 float32, each clipped to [-10, 10]), world ENU frame:

| index | meaning | scale |
|---|---|---|
| 0-2 | hover point minus position | / `goal_scale_m` (10 m) |
| 3 | distance to it | / `goal_scale_m` |
| 4-6 | velocity | / 10 m/s |
| 7-9 | body z (thrust) axis | unit vector |
| 10-12 | body x (nose) axis | unit vector |
| 13-15 | body rates roll, pitch, yaw (body frame) | / 10 rad/s |
| 16 | height above the ground | / 100 m |
| 17 | battery state of charge | 0..1 |
| 18 | elapsed fraction of the time limit | 0..1 |
| 19 | (waypoints left; always 0 here) | |

Reward (`HoverRewards`, per step, in `info["reward_terms"]`): `position`
(1 on the point, falling linearly to 0 at `goal_scale_m`), `velocity`
(-0.2 x speed / 5 m/s, saturating), `rates` (-0.1 x body rate / 10 rad/s,
saturating), `crash` (-10, once), `energy` (0 by default).
"""

from __future__ import annotations

from typing import ClassVar

from sim.envs.base import SoldiersLabEnv
from sim.envs.config import HoverConfig
from sim.envs.layout import Outcome
from sim.envs.tasks import TaskSpec, goal_spec


class HoverEnv(SoldiersLabEnv):
    __doc__ = __doc__
    config_type: ClassVar[type[HoverConfig]] = HoverConfig
    success: ClassVar[tuple[Outcome, ...]] = (Outcome.TIMEOUT,)

    @staticmethod
    def build_task(config: HoverConfig) -> TaskSpec:
        return goal_spec(config)
