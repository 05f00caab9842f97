"""Example autopilot: fly each interceptor straight at the point where it will meet its target.

Copy this file to start your own autopilot (docs/agents.md walks through it):

    slab run port-night-shahed-wave --agent blue=lead_pursuit.py:LeadPursuit
    slab eval port-night-shahed-wave --agent pn --agent lead_pursuit.py:LeadPursuit --episodes 5

How it flies. Every control tick (30 Hz) the engine hands it one
`Observation` for all the interceptors it flies that are in the air, and it
returns one row of 4 numbers per interceptor. It works at the VELOCITY
level: the 4 numbers are the velocity wanted, east, north, up (m/s), and a
yaw (rad); the drone's own cascaded controller turns them into tilt,
thrust and motor commands. For each interceptor with a target it:

1. predicts where the target will be when the interceptor, flying at its
   cruise speed (85 % of top speed: a speed the drone can actually hold),
   can get there, assuming the target keeps its velocity;
2. asks for that speed towards the predicted point;
3. adds the target's sideways drift as seen from the drone: on a collision
   course the line of sight does not turn, so any drift means the drone is
   off it (its velocity lags the command, the target changed course);
4. keeps above a floor height unless its camera has the target (radar
   heights of low drones can read below the ground).

With no target it climbs over its launch site and waits there.
"""

from __future__ import annotations

import numpy as np

from agents.base import Controller, ControlLevel, EntitySpec, Observation

WAIT_HEIGHT_M = 50.0  # height above the launch site while there is no target
FLOOR_M = 25.0  # lowest height above the terrain while flying on the ground cue
WAIT_GAIN = 0.5  # 1/s: position error -> velocity while waiting
WAIT_SPEED_MPS = 15.0  # cap on the waiting drone's speed
SPEED_FRACTION = 0.85  # of top speed: at full speed the velocity loop cannot keep up with the command
DRIFT_GAIN = 3.0  # m/s of correction per m/s of sideways drift of the target


def time_to_meet(r: np.ndarray, v_target: np.ndarray, speed: np.ndarray) -> np.ndarray:
    """Earliest t > 0 with |r + v_target t| = speed * t, per row (the intercept triangle).

    r: (n, 3) target minus own position (m); v_target: (n, 3) m/s; speed: (n,) m/s.
    Where the target is too fast to catch, falls back to range / speed.
    """
    a = np.einsum("ij,ij->i", v_target, v_target) - speed**2
    b = 2.0 * np.einsum("ij,ij->i", r, v_target)
    c = np.einsum("ij,ij->i", r, r)
    fallback = np.sqrt(c) / np.maximum(speed, 1e-6)
    disc = b * b - 4.0 * a * c
    root = np.sqrt(np.maximum(disc, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        # a < 0 (we are faster than the target): exactly one positive root, (-b - root) / 2a.
        t = np.where(np.abs(a) > 1e-9, (-b - root) / (2.0 * a), -c / np.where(b != 0.0, b, -1e-9))
    ok = np.isfinite(t) & (t > 0.0) & (disc >= 0.0)
    return np.where(ok, t, fallback)


class LeadPursuit(Controller):
    """Velocity toward the predicted intercept point. Parameters: `speed_fraction`, `drift_gain`."""

    level = ControlLevel.VELOCITY  # what our 4 numbers mean: vx, vy, vz (m/s, east/north/up) + yaw (rad)

    def reset(self, specs: list[EntitySpec], rng: np.random.Generator) -> None:
        """Called before the first tick with every interceptor this controller may fly.

        Interceptors wait in the magazine and are launched during the trial,
        so keep per-drone constants in arrays indexed by entity id: each tick's
        `obs.ids` says which rows of the observation are which drones."""
        super().reset(specs, rng)
        size = max((s.entity_id for s in specs), default=-1) + 1
        self.wait_point = np.zeros((size, 3))
        self.cruise = np.zeros(size)  # m/s, per entity id
        for s in specs:
            self.wait_point[s.entity_id] = np.add(s.home_m, (0.0, 0.0, WAIT_HEIGHT_M))
            self.cruise[s.entity_id] = s.speed_mps * float(self.params.get("speed_fraction", SPEED_FRACTION))
        self.drift_gain = float(self.params.get("drift_gain", DRIFT_GAIN))

    def act(self, obs: Observation) -> np.ndarray:
        n = len(obs.ids)
        # No target: fly back over the launch site at a gentle speed and hover there.
        to_wait = self.wait_point[obs.ids] - obs.positions_m
        velocity = WAIT_GAIN * to_wait
        speed = np.linalg.norm(velocity, axis=1, keepdims=True)
        velocity *= np.minimum(1.0, WAIT_SPEED_MPS / np.maximum(speed, 1e-9))

        rows = np.flatnonzero(obs.has_target)  # rows with an assigned target
        if rows.size:
            cruise = self.cruise[obs.ids[rows]]
            r = obs.target_positions_m[rows] - obs.positions_m[rows]  # line of sight, m
            v_target = obs.target_velocities_mps[rows]
            t_meet = time_to_meet(r, v_target, cruise)
            aim = r + v_target * t_meet[:, None]  # predicted meeting point, relative to us
            distance = np.linalg.norm(aim, axis=1, keepdims=True)
            velocity[rows] = cruise[:, None] * aim / np.maximum(distance, 1e-6)
            # Sideways drift: the relative velocity's part across the line of sight.
            los = r / np.maximum(np.linalg.norm(r, axis=1, keepdims=True), 1e-6)
            v_rel = v_target - obs.velocities_mps[rows]
            drift = v_rel - np.einsum("ij,ij->i", v_rel, los)[:, None] * los
            velocity[rows] += self.drift_gain * drift

        # Floor: the ground cue's height can be tens of metres off; only the camera is trusted low down.
        locked = np.asarray(obs.extra.get("seeker_lock", np.zeros(n, dtype=bool)))
        height = obs.positions_m[:, 2] - obs.ground_height_m
        below = (height < FLOOR_M) & ~locked
        velocity[below, 2] = np.maximum(velocity[below, 2], 1.0 * (FLOOR_M - height[below]))

        # Yaw: face the direction of flight (the camera looks forward); keep the heading when slow.
        moving = np.hypot(obs.velocities_mps[:, 0], obs.velocities_mps[:, 1]) > 2.0
        yaw = np.where(moving, np.arctan2(obs.velocities_mps[:, 1], obs.velocities_mps[:, 0]), obs.yaw_rad)
        return np.column_stack([velocity, yaw])  # shape (n, 4): one row per drone, in obs.ids order
