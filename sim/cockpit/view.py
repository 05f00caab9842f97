"""One cockpit frame into a pygame surface: scene, video link, OSD, tactical map.

The app builds a `CockpitView` once per trial and calls `draw` every frame:

    loop = cockpit_loop(scenario, control_hz=frame_hz)           # sim.cockpit.session
    view = CockpitView(static_scene_from_setup(loop.setup), (640, 480), latency_s=0.025,
                       video_kind=VideoKind.ANALOG)
    snapshots, osd = SnapshotBuilder(loop), HudStateBuilder(loop, entity_id)
    freeze_heap()                                                # once, after set-up
    every frame: poll input, loop.tick() when due, then
        snapshot = snapshots.build()
        view.draw(window_surface, snapshot, CameraRig(CameraMode.FPV, entity_id), osd.build(snapshot, "ANGLE"))
        pygame.display.flip()

The default context is offscreen EGL: Mesa's software rasteriser here, the GPU's
driver where there is one, so the same code serves both. For a pygame OPENGL
window without read-back see sim/cockpit/render/overlay.py (no video-link effects there).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import Enum

import moderngl
import numpy as np
import pygame

from sim.cockpit.hud import Hud
from sim.cockpit.hud_state import HudState
from sim.cockpit.render.camera import CameraPose, chase_camera, fpv_camera, heading_of, look_at
from sim.cockpit.render.renderer import SceneRenderer, offscreen_context
from sim.cockpit.render.scene import SceneSnapshot, StaticScene
from sim.cockpit.tactical_map import TacticalMap
from sim.cockpit.video_link import VideoKind, VideoLink


class CameraMode(str, Enum):
    FPV = "fpv"
    CHASE = "chase"


@dataclass(frozen=True)
class CameraRig:
    """Which view, on whom. None for uptilt / FOV: the airframe's camera (pilot profiles may override)."""

    mode: CameraMode = CameraMode.FPV
    entity_id: int | None = None
    uptilt_deg: float | None = None
    fov_deg: float | None = None
    chase_distance_m: float | None = None  # None: about 18 airframe sizes (3 m for a 7-inch quad)
    chase_height_m: float | None = None  # None: a third of the distance


class CockpitView:
    """Renderer + video link + HUD + map for frames of `size` pixels (context injected or EGL offscreen)."""

    def __init__(self, static: StaticScene, size: tuple[int, int] = (640, 480),
                 ctx: moderngl.Context | None = None, latency_s: float = 0.0,
                 video_kind: VideoKind = VideoKind.ANALOG, map_px: int | None = None, max_fps: float = 250.0) -> None:
        self.static, self.size = static, (int(size[0]), int(size[1]))
        self.ctx = ctx if ctx is not None else offscreen_context()
        self.renderer = SceneRenderer(self.ctx, static, self.size)
        self.video = VideoLink(self.size, latency_s, video_kind, max_fps)
        self.hud = Hud(self.size)
        self.map = TacticalMap(static, map_px or self.size[1] // 3)
        self.show_map = True
        self.stage_s = np.zeros(4)  # last frame: render + read-back, present, OSD, map (seconds)

    def camera(self, snapshot: SceneSnapshot, rig: CameraRig) -> CameraPose:
        e = rig.entity_id
        if e is None or not 0 <= e < len(snapshot):  # nobody to follow: look over the area from its edge
            half = self.static.area_size_m[1] / 2
            return look_at(np.array([0.0, -half, 300.0]), np.zeros(3))
        pos, quat, vel = snapshot.positions_m[e], snapshot.quaternions[e], snapshot.velocities_mps[e]
        if rig.mode == CameraMode.FPV:
            uptilt = rig.uptilt_deg if rig.uptilt_deg is not None else self._airframe(self.static.uptilt_deg, e, 25.0)
            fov = rig.fov_deg if rig.fov_deg is not None else self._airframe(self.static.fov_deg, e, 120.0)
            return fpv_camera(pos, quat, uptilt, fov)
        distance = rig.chase_distance_m or min(max(18.0 * float(snapshot.scale_m[e]), 2.5), 40.0)
        height = rig.chase_height_m if rig.chase_height_m is not None else distance / 3.0
        return chase_camera(pos, heading_of(quat, vel), distance, height)

    @staticmethod
    def _airframe(values: np.ndarray, e: int, default: float) -> float:
        return float(values[e]) if e < len(values) else default

    def draw(self, target: pygame.Surface, snapshot: SceneSnapshot, rig: CameraRig, state: HudState,
             dest: tuple[int, int] = (0, 0)) -> CameraPose:
        """Render, read back into the video ring, present (delayed, degraded), then OSD and map."""
        clock = time.perf_counter
        t0 = clock()
        cam = self.camera(snapshot, rig)
        fpv = rig.mode == CameraMode.FPV and rig.entity_id is not None
        self.renderer.render(snapshot, cam, hide_entity=rig.entity_id if fpv else None)
        self.renderer.read_into(self.video.write_buffer())  # waits for the rasteriser
        self.video.commit(snapshot.t_s)
        t1 = clock()
        self.video.present(target, snapshot.t_s, state.video_quality if fpv else 1.0, dest)
        t2 = clock()
        self.hud.draw(target, state, cam, fpv=fpv, offset=dest)
        t3 = clock()
        if self.show_map:
            side = self.map.side
            self.map.draw(target, (dest[0] + self.size[0] - side - 6, dest[1] + self.size[1] - side - 6),
                          snapshot, state)
        self.stage_s[:] = (t1 - t0, t2 - t1, t3 - t2, clock() - t3)
        return cam
