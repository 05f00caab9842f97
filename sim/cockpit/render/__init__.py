"""OpenGL rendering of the cockpit scene (moderngl): camera maths, meshes, shaders, renderer."""

from sim.cockpit.render.camera import CameraPose, chase_camera, fpv_camera, look_at, project
from sim.cockpit.render.renderer import SceneRenderer, offscreen_context
from sim.cockpit.render.scene import SceneSnapshot, SnapshotBuilder, StaticScene, make_snapshot, \
    static_scene_from_setup

__all__ = ["CameraPose", "SceneRenderer", "SceneSnapshot", "SnapshotBuilder", "StaticScene", "chase_camera",
           "fpv_camera", "look_at", "make_snapshot", "offscreen_context", "project", "static_scene_from_setup"]
