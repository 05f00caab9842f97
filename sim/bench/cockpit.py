"""`slab bench cockpit`: cockpit frames per second on `port-night-shahed-wave`, physics in lockstep.

Offscreen 640x480: the OpenGL scene (moderngl on EGL; Mesa's software
rasteriser on a machine without a GPU), read back into the video link's ring,
blitted into a pygame Surface, OSD and tactical map drawn on it. Frames are
spaced 1/120 s of sim time and the loop ticks whenever a control tick is due
(the cockpit ticks at the frame rate, see sim/cockpit/session.py). The camera
is FPV on the first launched interceptor, a chase view on the first threat
before any launch. The part before the first launch is fast-forwarded without
frames. A frame's time counts everything: ticks due, snapshot, OSD state,
render, read-back, blit, OSD, map. Then the input-to-frame probe
(sim/bench/cockpit_latency.py) injects a stick step and counts frames.
"""

from __future__ import annotations

import json
import os
import time

import numpy as np

from sim.cockpit.hud_state import HudStateBuilder  # sim.cockpit first: it silences pygame's banner (--json)
from sim.cockpit.render.scene import SnapshotBuilder, static_scene_from_setup
from sim.cockpit.session import cockpit_loop, freeze_heap
from sim.cockpit.view import CameraMode, CameraRig, CockpitView
from sim.entities import Kind, Side

import pygame  # noqa: E402

SCENARIO = "port-night-shahed-wave"
SIZE = (640, 480)
FRAME_HZ = 120.0
WARMUP_FRAMES = 60


class CameraPolicy:
    """FPV on the first launched interceptor (then the next one still flying), else chase the first threat."""

    def __init__(self) -> None:
        self.launched: list[int] = []

    def note(self, events: list[dict]) -> None:
        self.launched += [e["entity_id"] for e in events if e["kind"] == "launch"]

    def rig(self, snapshot) -> CameraRig:
        for entity in self.launched:
            if snapshot.alive[entity]:
                return CameraRig(CameraMode.FPV, entity)
        red = np.flatnonzero(snapshot.alive & (snapshot.sides == Side.RED))
        return CameraRig(CameraMode.CHASE, int(red[0]) if red.size else None)


class CockpitRun:
    """The loop, the view and what one frame needs; `frame()` draws the next one and returns its seconds."""

    def __init__(self, control_hz: float | None, video_latency_s: float = 0.0) -> None:
        self.loop = cockpit_loop(SCENARIO, control_hz=control_hz)
        self.policy = CameraPolicy()
        self.view = CockpitView(static_scene_from_setup(self.loop.setup), SIZE, latency_s=video_latency_s,
                                max_fps=FRAME_HZ)
        self.snapshots = SnapshotBuilder(self.loop)
        self.hud = HudStateBuilder(self.loop, None)
        self.surface = pygame.Surface(SIZE)
        self.t0_s, self.index, self.ticks = 0.0, 0, 0
        self.rig = CameraRig(CameraMode.CHASE)
        self.tick_s = 0.0

    def tick(self) -> None:
        events = self.loop.tick()
        self.ticks += 1
        if events:
            self.policy.note(events)

    def fast_forward(self, lead_s: float, limit_s: float) -> None:
        """Tick without frames until a launch is `lead_s` away (or an interceptor flies)."""
        loop = self.loop
        while loop.t_s < limit_s and loop.done_reason is None:
            soon = [o.airborne_at_s for o in loop.post.pending if o.airborne_at_s - loop.t_s <= lead_s]
            if soon or self.policy.launched:
                break
            self.tick()
        self.t0_s, self.index = loop.t_s, 0

    def frame(self) -> float:
        start = time.perf_counter()
        self.index += 1
        due = self.t0_s + self.index / FRAME_HZ
        while self.loop.t_s + 1e-9 < due:
            self.tick()
        ticked = time.perf_counter()
        snapshot = self.snapshots.build()
        self.rig = self.policy.rig(snapshot)
        self.hud.entity_id = self.rig.entity_id
        state = self.hud.build(snapshot, "AUTO")
        self.view.draw(self.surface, snapshot, self.rig, state)
        end = time.perf_counter()
        self.tick_s = ticked - start
        return end - start


def run(quick: bool, control_hz: float | None = FRAME_HZ) -> dict:
    from sim.bench.cockpit_latency import probe  # after the timed frames

    pygame.font.init()  # no display and no audio: the frame is an offscreen Surface
    load_before = os.getloadavg()
    setup_start = time.perf_counter()
    r = CockpitRun(control_hz)
    r.fast_forward(lead_s=2.0 if quick else 5.0, limit_s=400.0)
    setup_s = time.perf_counter() - setup_start
    for _ in range(WARMUP_FRAMES):  # shaders, first allocations, caches
        r.frame()
    freeze_heap()
    frames = int((10.0 if quick else 60.0) * FRAME_HZ)
    times, ticks, stages = np.empty(frames), np.empty(frames), np.empty((frames, 4))
    fpv = np.zeros(frames, dtype=bool)
    t_start_s, ticks_before = r.loop.t_s, r.ticks
    wall = time.perf_counter()
    for k in range(frames):
        times[k] = r.frame()
        ticks[k] = r.tick_s
        stages[k] = r.view.stage_s
        fpv[k] = r.rig.mode == CameraMode.FPV
    wall = time.perf_counter() - wall
    snapshot = r.snapshots.build()
    drawn = snapshot.alive
    ms = times * 1000.0
    result = {
        "scenario": SCENARIO, "size": list(SIZE), "frame_hz": FRAME_HZ, "control_hz": r.loop.setup.control_hz,
        "renderer": r.view.ctx.info.get("GL_RENDERER", "?"),
        "frames": frames, "fps": round(frames / wall, 1), "p99_frame_ms": round(float(np.percentile(ms, 99)), 3),
        "median_frame_ms": round(float(np.median(ms)), 3), "max_frame_ms": round(float(ms.max()), 3),
        "p10_frame_ms": round(float(np.percentile(ms, 10)), 3),  # close to the cost with the cores to itself
        "frames_over_16ms": int(np.count_nonzero(ms > 16.0)),
        "stages_median_ms": {name: round(float(np.median(v)) * 1000.0, 3) for name, v in zip(
            ("ticks", "render_readback", "blit", "osd", "map"), (ticks, *stages.T))},
        "ticks_per_frame": round((r.ticks - ticks_before) / frames, 3),
        "fpv_fraction": round(float(fpv.mean()), 3),
        "sim_time_s": [round(t_start_s, 3), round(r.loop.t_s, 3)],
        "entities_flying_at_end": {"quadrotors": int(np.count_nonzero(drawn & (snapshot.kinds == Kind.QUADROTOR))),
                                   "fixed_wings": int(np.count_nonzero(drawn & (snapshot.kinds == Kind.FIXED_WING)))},
        "setup_and_fast_forward_s": round(setup_s, 2),
    }
    result["input_to_frame"] = [probe(r, latency_s) for latency_s in (0.0, 0.025)]
    result["load_average"] = [round(v, 2) for v in (*load_before, *os.getloadavg()[:1])]
    r.loop.setup.world.geometry.close()
    return result


def format_table(r: dict) -> str:
    s = r["stages_median_ms"]
    lines = [
        f"Soldiers Lab cockpit benchmark: {r['scenario']} at {r['size'][0]}x{r['size'][1]}, "
        f"{r['frame_hz']:.0f} Hz frames, physics in lockstep ({r['control_hz']:.0f} Hz ticks); {r['renderer']}",
        f"  frames                      {r['frames']} (sim {r['sim_time_s'][0]:.1f}-{r['sim_time_s'][1]:.1f} s, "
        f"{100 * r['fpv_fraction']:.0f} % FPV)",
        f"  frames per second           {r['fps']:.1f}",
        f"  frame time                  p10 {r['p10_frame_ms']:.2f} ms, median {r['median_frame_ms']:.2f} ms, "
        f"p99 {r['p99_frame_ms']:.2f} ms, max {r['max_frame_ms']:.1f} ms ({r['frames_over_16ms']} over 16 ms)",
        f"  median stages (ms)          ticks {s['ticks']:.2f}, render+read-back {s['render_readback']:.2f}, "
        f"blit {s['blit']:.2f}, OSD {s['osd']:.2f}, map {s['map']:.2f}",
    ]
    for p in r["input_to_frame"]:
        if "skipped" in p:
            lines.append(f"  input to frame              skipped: {p['skipped']}")
            continue
        lines.append(f"  input to frame, video {p['video_latency_ms']:3.0f} ms  shown {p['frames_until_shown_max']} "
                     f"frame(s) after the poll's frame; poll to display median "
                     f"{p['poll_to_display_ms_median']:.1f} ms, max {p['poll_to_display_ms_max']:.1f} ms "
                     f"({p['steps']} steps; bound one frame + video = {p['bound_ms']:.1f} ms)")
    lines.append(f"  load average                {' / '.join(f'{v:.2f}' for v in r['load_average'][:3])} before, "
                 f"{r['load_average'][3]:.2f} after")
    return "\n".join(lines)


def main(quick: bool, as_json: bool, control_hz: float | None = FRAME_HZ) -> int:
    result = run(quick, control_hz)
    print(json.dumps(result, indent=2) if as_json else format_table(result))
    return 0
