"""Row layout of the per-world arrays the compiled environment kernels share.

Like the flight core (`sim.dynamics.layout`), every world of a batch is one
column of a few float64 arrays, and indices are plain ints so numba folds them:

- `task` (TASK_ROWS, worlds): what the task tracks per episode (step count,
  observation frame, previous range, episode sums of the reward terms...);
- `out` (OUT_ROWS, worlds): what one env step hands back (reward, flags,
  outcome, per-term rewards);
- `cfg` (CFG_LEN,): the environment's constants (time step, control level,
  action scales, reward weights, scenario geometry limits), the same for
  every world.

Changing this file changes compiled kernels: `sim.envs.jit` hashes it into the
kernel cache folder.
"""

from __future__ import annotations

from enum import IntEnum

# --- task rows (per world) --------------------------------------------
STEP = 0  # control steps taken this episode
RETURN = 1  # sum of rewards this episode
FRAME_COS = 2  # 2, 3: cos and sin of the azimuth of the observation / action frame (ENU, from east)
FRAME_SIN = 3
PREV_RANGE = 4  # interceptor-threat range (intercept) or goal distance (goal tasks) at the last step, m
MIN_DIST = 5  # closest approach so far, m (intercept) / waypoints reached (goal tasks)
PREV_SOC = 6  # battery state of charge at the last step, 0..1
PENDING = 7  # 1: the episode ended and the world resets on its next step (next-step autoreset)
SITE = 8  # 8:11 launch site (intercept) / hover point (goal tasks), world ENU m
GOAL = 11  # 11:14 the threat's aim point (top of the target asset) / current goal, m
WAVE = 14  # index of the wave the threat came from (row of the waves table)
ALTITUDE = 15  # the threat's cruise height above ground, m
QUAD_PREV = 16  # 16:19 interceptor position at the start of the control period, m
WING_PREV = 19  # 19:22 threat position at the start of the control period, m
ASSET = 22  # index of the threat's target asset
PREV_ZEM = 23  # ln(1 + predicted miss in m) at the last step (intercept)
TERM_SUMS = 24  # 24:24+MAX_TERMS episode sums of the reward terms
MAX_TERMS = 6
TASK_ROWS = TERM_SUMS + MAX_TERMS

# --- out rows (per world, written by every step) -----------------------
REWARD = 0
TERMINATED = 1  # 0/1
TRUNCATED = 2  # 0/1
OUTCOME = 3  # Outcome of the episode that ended this step (0 if none)
EP_RETURN = 4  # the ended episode's return
EP_LENGTH = 5  # the ended episode's length, control steps
RESET = 6  # 1: this step reset the world (next-step autoreset: obs is a first observation)
CLOSEST = 7  # the ended episode's closest approach (intercept) or waypoints reached (goal), else 0
TERMS = 8  # 8:8+MAX_TERMS this step's reward terms
EP_TERMS = TERMS + MAX_TERMS  # the ended episode's sums of the reward terms (0 while it runs)
OUT_ROWS = EP_TERMS + MAX_TERMS


class Outcome(IntEnum):
    """How an episode ended (`info["outcome"]`)."""

    NONE = 0
    HIT = 1  # the interceptor passed within its lethal radius of the threat
    CRASH = 2  # the drone hit the ground
    LEAK = 3  # the threat reached its target asset
    TIMEOUT = 4  # time limit (truncation)
    OUT_OF_AREA = 5  # the drone left the scenario's area (or climbed above its ceiling)
    THREAT_LOST = 6  # the threat flew into the terrain
    DONE = 7  # every waypoint reached (Waypoint-v0)
    LOST = 8  # the drone strayed too far from its hover point or waypoints
    MISS = 9  # the interceptor passed within 30 m of the threat and the range is opening again


# The same codes as plain floats, for the kernels (they store them in float rows).
NO_OUTCOME, HIT, CRASH, LEAK, TIMEOUT, OUT_OF_AREA, THREAT_LOST, DONE, LOST, MISS = (float(v) for v in range(10))


class AutoReset(IntEnum):
    """What a kernel does when an episode ends (gymnasium's AutoresetMode, plus none)."""

    DISABLED = 0  # single env: the caller resets
    NEXT_STEP = 1  # gymnasium's default: the next step resets (its action is ignored)
    SAME_STEP = 2  # reset in the same step; the final observation goes to `final_obs` (stable-baselines3)


# --- cfg (shared constants) -------------------------------------------
DT = 0  # physics step, s
SUBSTEPS = 1  # physics steps per control step
LEVEL = 2  # ControlLevel
MAX_STEPS = 3  # control steps before truncation
# 4 spare
GUST_PHASE = 5  # gcd(SUBSTEPS, the flight core's GUST_EVERY): turbulence draws fall on multiples of it
SCALE = 6  # action scale of the ACCELERATION / VELOCITY / POSITION levels (m/s^2, m/s, m; spaces.py)
# 7:10 spare
GROUND_FLAT = 10  # 1: flat ground at GROUND_Z; 0: heightmap
GROUND_Z = 11  # m
HM_X0 = 12  # heightmap south-west node, m
HM_Y0 = 13
HM_CELL = 14  # heightmap cell size, m
HALF_X = 15  # half the area's size, m
HALF_Y = 16
CEILING = 17  # m above the origin
WIND_SPEED = 18  # 18:20 wind speed range drawn per reset (low, high), m/s
WIND_FROM = 20  # 20:22 wind direction range, compass degrees it blows FROM
GUST_SIGMA = 22  # 22:24 turbulence standard deviation range, m/s
START_RANGE = 24  # 24:26 intercept: range from the launch site at which the episode starts, m
LETHAL_R = 26  # m
LEAK_R = 27  # m
WEIGHTS = 28  # 28:28+MAX_TERMS reward weights, in the task's term order
START_HEIGHT = 34  # interceptor start height above the pad / hover height above the site, m
GOAL_SCALE = 35  # goal tasks: observation scale of the goal error, m
GOAL_RADIUS = 36  # goal tasks: waypoint reached within this distance, m
WAYPOINTS = 37  # goal tasks: waypoints per episode (0: hover)
WAYPOINT_DIST = 38  # 38:40 horizontal distance between waypoints (low, high), m
WAYPOINT_AGL = 40  # 40:42 waypoint height above ground (low, high), m
START_OFFSET = 42  # hover: start within this distance of the hover point per axis, m
LOST_DIST = 43  # goal tasks: this far from the goal ends the episode, m
THREAT_SUBSTEPS = 44  # threat model steps per control step
HANDOFF = 45  # intercept: 1 = the interceptor starts airborne near the threat (terminal hand-off), 0 = on its pad
HANDOFF_RANGE = 46  # 46:48 hand-off range from the threat (low, high), m
HANDOFF_ASPECT = 48  # hand-off: bearing from the threat's heading drawn within +- this, rad
HANDOFF_SPEED = 49  # 49:51 hand-off speed (low, high), m/s
HANDOFF_ERROR = 51  # hand-off: velocity direction off the line of sight by up to this, rad
HANDOFF_HEIGHT = 52  # 52:54 hand-off height relative to the threat (low, high), m
CFG_LEN = 54
