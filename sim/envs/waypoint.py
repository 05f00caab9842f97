"""soldiers_lab/Waypoint-v0: fly a quadrotor through a chain of drawn waypoints near a launch site.

Each episode draws one of the scenario's launch sites and its weather; the
drone starts hovering `start_height_m` (2 m) over the site. Waypoints are
drawn one after another: `waypoint_distance_m` (20-100 m) horizontally from
the previous one (the start for the first) in a random direction, at
`waypoint_height_m` (10-50 m) above the ground. A waypoint is reached within
`reach_radius_m` (2 m); reaching the `waypoints`-th (3) ends the episode as a
success. Physics as in Intercept-v0 (240 Hz physics, 30 Hz control).

Ends (terminated) also on a crash, leaving the area, or straying
`lost_distance_m` (500 m) from the current waypoint; truncated at
`time_limit_s` (60 s).

Action: see `sim.envs.spaces`; default level VELOCITY: 3 numbers in [-1, 1]
x the airframe's `max_speed_cmd_mps`, world (ENU) frame, nose east.

Observation: as Hover-v0 (20 float32), with the current waypoint as the goal,
`goal_scale_m` = 100 m, and index 19 the fraction of waypoints still to reach.

Reward (`WaypointRewards`, in `info["reward_terms"]`): `progress` (distance
to the current waypoint closed, per 100 m), `velocity` (0 by default),
`rates` (-0.02 x body rate / 10 rad/s, saturating), `reached` (+5 per
waypoint), `crash` (-10, once), `energy` (0 by default). The last step adds
`waypoints_reached`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sim.envs import layout as E
from sim.envs.base import SoldiersLabEnv
from sim.envs.config import WaypointConfig
from sim.envs.layout import Outcome
from sim.envs.tasks import TaskSpec, goal_spec


class WaypointEnv(SoldiersLabEnv):
    __doc__ = __doc__
    config_type: ClassVar[type[WaypointConfig]] = WaypointConfig
    success: ClassVar[tuple[Outcome, ...]] = (Outcome.DONE,)

    @staticmethod
    def build_task(config: WaypointConfig) -> TaskSpec:
        return goal_spec(config)

    def _episode_info(self, info: dict[str, Any], out: list[float]) -> None:
        super()._episode_info(info, out)
        info["waypoints_reached"] = int(out[E.CLOSEST])
