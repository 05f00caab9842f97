"""soldiers_lab/Intercept-v0: one interceptor quad against one fixed-wing threat from a scenario.

Each episode draws, from the scenario (default `port-night-shahed-wave`): one of
its waves of fixed-wing threats with a target asset (or the `wave` named), a
spawn point in the wave's region, and the weather (wind speed and direction,
turbulence: uniform over the scenario's ranges). The threat flies straight at
its target asset at the wave's height above the terrain and dives onto it
from 1.5 x its height above it (red's `direct`; routes and weaving are not
flown). The interceptor (`airframe`, default `interceptor-quad`) flies from
the launch site nearest to the threat's track (or the `launch_site` named).

Start (`start`): "launch" (default): the episode begins where the threat's
track first comes within the drawn `start_range_m` of the site (default 0.75
to 1 x the scenario doctrine's `launch_range_m`; the track's nearest point if
it never does; at least 1.5 km short of the target), the interceptor hovering
`start_height_m` over its pad. "handoff": the interceptor starts airborne at
`handoff_range_m` (300-1500 m) from the threat, within `handoff_aspect_deg` of
its heading, `handoff_height_m` above or below it, flying at
`handoff_speed_mps` roughly at it (within `handoff_error_deg`): the terminal
phase after a ground-cued mid-course, with short episodes.

Physics: the interceptor at `physics_hz` (240) with its full model and
cascaded controller; the agent acts at `control_hz` (30), 8 physics steps per
env step. The threat's point-mass model steps `threat_substeps` times per env
step (default 1, i.e. at 30 Hz: it flies straight legs and gentle turns); hits
are found as the engine finds them, from the closest approach over the step
with both moving linearly. Terrain: the scenario's (flat, hills or heightmap),
sampled in the kernels; buildings are not modelled.

Ends (terminated) on: a hit (closest approach within the lethal radius: the
scenario's kill rule, else the airframe's payload figure; the kill probability
is not applied), a miss (a pass within 30 m, then the range opening: the
engine's miss report), a crash (ground contact faster than 3 m/s) or leaving
the area / ceiling, the threat reaching its target asset (within the
scenario's `leak_radius_m` of its box) or flying into the terrain. Truncated
at `time_limit_s` (default 120 s from the pad, 30 s from a hand-off).

Action: see `sim.envs.spaces`; default level ACCELERATION: 3 numbers in
[-1, 1] x `accel_scale_mps2` (40 m/s^2) along the line-of-sight frame's axes,
gravity compensated, nose on the line of sight.

Observation (34 float32, each within [-10, 10]), in the line-of-sight frame:
x along the horizontal line of sight to the threat, y to its left, z up (the
frame is held while the threat is within 1 m of the vertical):

| index | meaning | scale |
|---|---|---|
| 0-2 | unit line-of-sight vector | 1 |
| 3 | range | / 1000 m |
| 4 | range, fine near the end | range / (range + 100 m) |
| 5 | closing speed | / 100 m/s |
| 6-8 | line-of-sight rate vector (r x v_rel / r^2) | x 10, rad/s |
| 9-11 | relative velocity, threat minus own | / 100 m/s |
| 12-14 | own velocity | / 100 m/s |
| 15-17 | threat ground velocity (mean over the last step) | / 100 m/s |
| 18-20 | predicted miss vector at closest approach if nobody accelerates | z / (abs(z) + 10 m) per axis |
| 21 | time to that closest approach | / 10 s |
| 22-24 | body z (thrust) axis | unit vector |
| 25-27 | body x (nose) axis | unit vector |
| 28-30 | body rates roll, pitch, yaw (body frame) | / 10 rad/s |
| 31 | height above the ground | / 1000 m |
| 32 | battery state of charge | 0..1 |
| 33 | elapsed fraction of the time limit | 0..1 |

Reward: the sum of the terms of `InterceptRewards`, reported each step in
`info["reward_terms"]`: `closing` (range closed, per km) and `aim` (reduction
of ln(1 + predicted miss in m)), shaping terms that telescope to their
initial values at a hit; `hit` (+10), `miss` (-5 when the pass misses, the
threat leaks or time runs out), `crash` (-10), `energy` (-0.01 per percent
of battery). The last step adds `outcome`, `is_success` (a hit) and
`miss_distance_m` (the closest approach of the episode).
"""

from __future__ import annotations

from typing import Any, ClassVar

from sim.envs import layout as E
from sim.envs.base import SoldiersLabEnv
from sim.envs.config import InterceptConfig
from sim.envs.layout import Outcome
from sim.envs.tasks import TaskSpec, intercept_spec


class InterceptEnv(SoldiersLabEnv):
    __doc__ = __doc__
    config_type: ClassVar[type[InterceptConfig]] = InterceptConfig
    success: ClassVar[tuple[Outcome, ...]] = (Outcome.HIT,)

    @staticmethod
    def build_task(config: InterceptConfig) -> TaskSpec:
        return intercept_spec(config)

    def _episode_info(self, info: dict[str, Any], out: list[float]) -> None:
        super()._episode_info(info, out)
        info["miss_distance_m"] = out[E.CLOSEST]
