"""Input-to-frame latency of the cockpit pipeline, measured by injecting a stick step.

At the start of a frame (where the app polls pygame events) the flown
interceptor's command becomes a hard roll-rate step, as a pilot's stick
would make it: written to the body and enforced over its AI group's
decisions. The probe then counts frames until (1) the body's roll rate has
moved towards the command (the physics consumed it) and (2) the video link
shows a frame rendered from that state; poll-to-display is the sim time from
the poll to that frame plus the wall time the frame took to produce. The event
itself may wait up to one frame for the poll, as any frame-based input does.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from sim.cockpit.video_link import VideoLink
from sim.dynamics import layout as L
from sim.dynamics.layout import ControlLevel
from sim.entities import FLYING, Kind

if TYPE_CHECKING:
    from sim.bench.cockpit import CockpitRun

STICK_ROLL_RAD_S = 8.0  # a full roll stick at Betaflight-like rates (~460 deg/s)
STICK_THRUST = 0.3  # collective, 0..1 of max thrust
RESPONSE_RAD_S = 0.5  # roll-rate change that counts as "the body responded"
SETTLE_FRAMES = 60  # half a second of AI flight before each step (and after the previous probe)


class StickOverride:
    """Wraps a group's controller: one entity's row becomes the pilot's command."""

    def __init__(self, inner, entity: int, command: np.ndarray) -> None:
        self.inner, self.entity, self.command = inner, entity, command
        self.level = inner.level

    def act(self, obs):
        out = np.asarray(self.inner.act(obs), dtype=float)
        if out.shape[1] == 4:
            out = np.column_stack([out, np.full(len(out), float(self.inner.level))])
        rows = np.flatnonzero(obs.ids == self.entity)
        out[rows, :4], out[rows, 4] = self.command, float(ControlLevel.RATES)
        return out


def _step(run: "CockpitRun", entity: int, max_frames: int) -> tuple[int, int, float] | None:
    """One stick step; (frames until the body responds, until the picture shows it, poll to display ms)."""
    from sim.bench.cockpit import FRAME_HZ

    loop = run.loop
    for _ in range(SETTLE_FRAMES):  # the AI flies steady again (and the ring is full)
        run.frame()
    if loop.entities.status[entity] != FLYING:
        return None
    fleet = int(loop.entities.fleet_array[entity])
    omega_x = lambda: float(loop.world.quads.state[L.OMEGA, fleet])  # noqa: E731  body roll rate
    before = omega_x()
    sign = -1.0 if before > 0.0 else 1.0  # step against the present roll rate: an unambiguous response
    group = loop.setup.groups[loop.entities.group[entity]]
    command = np.array([sign * STICK_ROLL_RAD_S, 0.0, 0.0, STICK_THRUST])
    saved, group.controller = group.controller, StickOverride(group.controller, entity, command)
    poll_t = loop.t_s  # the event is polled at the start of the next frame
    loop.bodies.command(np.array([entity]), command[None, :], np.array([float(ControlLevel.RATES)]))
    in_world = None
    try:
        for k in range(max_frames):
            start = time.perf_counter()
            run.frame()
            wall_ms = (time.perf_counter() - start) * 1000.0
            if in_world is None and sign * (omega_x() - before) > RESPONSE_RAD_S:
                in_world, state_t = k, loop.t_s
            if in_world is not None and run.view.video.delayed_time(loop.t_s) >= state_t - 1e-9:
                # Frames are 1/FRAME_HZ apart: frame k ends k frame periods plus its own time after the poll.
                return in_world, k, (loop.t_s - poll_t) * 1000.0 - 1000.0 / FRAME_HZ + wall_ms
    finally:
        group.controller = saved
    return None


def probe(run: "CockpitRun", video_latency_s: float, steps: int = 5, max_frames: int = 60) -> dict:
    """Stick steps on the flown interceptor with `video_latency_s` of video latency."""
    from sim.bench.cockpit import FRAME_HZ, SIZE

    entity, loop = run.rig.entity_id, run.loop
    result = {"video_latency_ms": video_latency_s * 1000.0}
    if entity is None or run.rig.mode.value != "fpv" or loop.entities.kind_array[entity] != Kind.QUADROTOR:
        return {**result, "skipped": "no interceptor in the air"}
    saved_video = run.view.video
    run.view.video = VideoLink(SIZE, video_latency_s, max_fps=FRAME_HZ)
    try:
        found = [s for s in (_step(run, entity, max_frames) for _ in range(steps)) if s is not None]
    finally:
        run.view.video = saved_video
    if not found:
        return {**result, "skipped": "the interceptor left the air or did not respond"}
    in_world, shown, ms = (np.array(v) for v in zip(*found))
    bound = 1000.0 / FRAME_HZ + video_latency_s * 1000.0
    return {**result, "steps": len(found), "frames_until_in_world_max": int(in_world.max()),
            "frames_until_shown_max": int(shown.max()), "poll_to_display_ms_median": round(float(np.median(ms)), 2),
            "poll_to_display_ms_max": round(float(ms.max()), 2), "bound_ms": round(bound, 2),
            "within_bound": bool(np.median(ms) <= bound)}
