"""The 3-D cockpit scene in OpenGL (moderngl), offscreen or into a window.

Five draw calls per frame at most: the ground (a camera-centred disc, plus the
terrain mesh when there is a heightmap), every box of the static world (one
VBO), quadrotors and fixed wings (one instanced call each), and the sky dome
last, only where nothing else was drawn. Instance rows go into preallocated
arrays; nothing large is allocated per frame.

The context is injected: `offscreen_context()` (EGL, no display; Mesa's
software rasteriser here) for read-back into pygame, or `moderngl.create_context()`
inside a pygame OPENGL window with `framebuffer=ctx.screen, read_back=False`.
"""

from __future__ import annotations

import dataclasses
import os

import moderngl
import numpy as np

from sim.cockpit.render import meshes as M
from sim.cockpit.render import shaders as S
from sim.cockpit.render.camera import CameraPose, projection_matrix, view_matrix
from sim.cockpit.render.palette import Palette, palette_for
from sim.cockpit.render.scene import SceneSnapshot, StaticScene
from sim.entities import Kind, Side

INSTANCE_FLOATS = 11  # position 3, quaternion 4, colour 3, scale 1
FAR_M = 30_000.0
_COLOR_FIELDS = ("sky_zenith", "sky_horizon", "glow", "sun_color", "ambient", "ground", "building", "asset",
                 "pad", "mast", "blue", "red")


def offscreen_context() -> moderngl.Context:
    """A headless OpenGL 3.3+ context through EGL (no window, no X server).

    On Mesa's software rasteriser, rasterise in the calling thread (LP_NUM_THREADS=0)
    unless the user says otherwise: measured here, handing 640x480 frames to worker
    threads cost more than it saved on 2 cores, and far more when the cores are busy."""
    os.environ.setdefault("LP_NUM_THREADS", "0")
    return moderngl.create_standalone_context(require=330, backend="egl")


def swizzled(palette: Palette) -> Palette:
    """The palette with red and blue swapped: shaders then write BGRA bytes as if RGBA."""
    return dataclasses.replace(palette, **{k: tuple(getattr(palette, k)[::-1]) for k in _COLOR_FIELDS})


def static_vertices(static: StaticScene, palette: Palette) -> np.ndarray:
    """Buildings, assets, launch pads and sensor masts as one vertex array."""
    parts = [np.zeros((0, M.STATIC_FLOATS), dtype=np.float32)]
    for box in static.buildings:
        parts.append(M.box_vertices(box.center_xyz_m, box.size_xyz_m, box.yaw_rad, palette.building, M.BUILDING))
    for box in static.assets:
        parts.append(M.box_vertices(box.center_xyz_m, box.size_xyz_m, box.yaw_rad, palette.asset, M.ASSET))
    for x, y, z in static.sites_m:
        parts.append(M.box_vertices((x, y, z + 0.1), (24.0, 24.0, 0.2), 0.0, palette.pad, M.PAD))
    for x, y, z, height in static.sensors_m:
        parts.append(M.box_vertices((x, y, z + height / 2), (1.5, 1.5, height), 0.0, palette.mast, M.PLAIN))
    return np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)


class SceneRenderer:
    """Draws a `StaticScene` plus a `SceneSnapshot` from a `CameraPose`."""

    def __init__(self, ctx: moderngl.Context, static: StaticScene, size: tuple[int, int] = (640, 480),
                 framebuffer: moderngl.Framebuffer | None = None, read_back: bool = True,
                 max_entities: int = 4096) -> None:
        self.ctx, self.static, self.size = ctx, static, (int(size[0]), int(size[1]))
        self.read_back = read_back  # rows top first, BGRA: what pygame.image.frombuffer wants
        self.palette = palette_for(static.light, static.visibility_m)
        p = swizzled(self.palette) if read_back else self.palette
        self.gpu_palette = p
        if framebuffer is None:
            framebuffer = ctx.framebuffer(color_attachments=[ctx.renderbuffer(self.size, components=4)],
                                          depth_attachment=ctx.depth_renderbuffer(self.size))
        self.fbo = framebuffer
        program = lambda vs, fs: ctx.program(vertex_shader=vs, fragment_shader=fs)  # noqa: E731
        self.ground_prog = program(S.GROUND_VERTEX, S.GROUND_FRAGMENT)
        self.static_prog = program(S.STATIC_VERTEX, S.STATIC_FRAGMENT)
        self.entity_prog = program(S.ENTITY_VERTEX, S.ENTITY_FRAGMENT)
        self.sky_prog = program(S.SKY_VERTEX, S.SKY_FRAGMENT)
        self._own: list = []  # GL objects to release

        hm = static.ground if not isinstance(static.ground, str) else None
        floor_z = float(hm.heights_m.min()) - 0.05 if hm is not None else 0.0
        self.floor_z = floor_z
        disc, disc_idx = M.ground_disc(floor_z, FAR_M)
        self.ground_vaos = [self._vao(self.ground_prog, disc, "3f 3f", ("in_pos", "in_normal"), disc_idx)]
        self.terrain_vao = None
        if hm is not None:
            self.terrain_vao = self._vao(self.ground_prog, M.terrain_mesh(hm), "3f 3f", ("in_pos", "in_normal"))
        boxes = static_vertices(static, p)
        self.static_vao = None if len(boxes) == 0 else self._vao(
            self.static_prog, boxes, "3f 3f 3f 2f 1f", ("in_pos", "in_normal", "in_color", "in_uv", "in_material"))
        fog = tuple(float(v) for v in np.add(p.sky_horizon, np.multiply(p.glow, 0.5)))
        self.fog_color = fog
        dome, dome_idx = M.sky_dome(p.sky_zenith, p.sky_horizon, p.glow, fog)
        top = M.sky_color(np.radians([M.SKY_ELEVATIONS_DEG[-1]]), p.sky_zenith, p.sky_horizon, p.glow, fog)[0]
        self.clear_color = tuple(float(v) for v in top)
        self.sky_vao = self._vao(self.sky_prog, dome, "3f 3f", ("in_dir", "in_color"), dome_idx)

        self.max_entities = int(max_entities)
        self.instances = np.zeros((self.max_entities, INSTANCE_FLOATS), dtype=np.float32)
        self.entity_vaos = {}
        for kind, mesh in ((Kind.QUADROTOR, M.quadrotor_mesh()), (Kind.FIXED_WING, M.fixed_wing_mesh())):
            vbo = ctx.buffer(mesh.tobytes())
            ibo = ctx.buffer(reserve=self.max_entities * INSTANCE_FLOATS * 4, dynamic=True)
            vao = ctx.vertex_array(self.entity_prog, [
                (vbo, "3f 3f 1f", "in_pos", "in_normal", "in_shade"),
                (ibo, "3f 4f 3f 1f/i", "i_pos", "i_quat", "i_color", "i_scale")])
            self._own += [vbo, ibo, vao]
            self.entity_vaos[kind] = (vao, ibo)
        self.side_colors = np.array([p.blue, p.red], dtype=np.float32)
        self._set_constants(p, fog)

    def _vao(self, prog, vertices: np.ndarray, layout: str, names: tuple[str, ...], indices=None):
        vbo = self.ctx.buffer(np.ascontiguousarray(vertices, dtype=np.float32).tobytes())
        ibo = self.ctx.buffer(np.ascontiguousarray(indices, dtype=np.int32).tobytes()) if indices is not None else None
        vao = self.ctx.vertex_array(prog, [(vbo, layout, *names)], index_buffer=ibo, index_element_size=4)
        self._own += [o for o in (vbo, ibo, vao) if o is not None]
        return vao

    @staticmethod
    def _set(prog, name: str, value) -> None:
        if name in prog:  # the GLSL compiler drops unused uniforms
            prog[name].value = value

    def _set_constants(self, p: Palette, fog: tuple[float, float, float]) -> None:
        lit = tuple(float(g * (a + s * max(p.sun_dir[2], 0.0))) for g, a, s in zip(p.ground, p.ambient, p.sun_color))
        values = {"sun_dir": p.sun_dir, "sun_color": p.sun_color, "ambient": p.ambient, "night": p.night,
                  "fog_color": fog, "fog_per_m": p.fog_per_m, "ground": p.ground, "lit_base": lit,
                  "window_light": tuple(float(v) * p.night for v in ((0.42, 0.78, 1.0) if self.read_back
                                                                    else (1.0, 0.78, 0.42))),
                  "window_dark": tuple(float(v) * 0.45 for v in p.building)}
        for prog in (self.ground_prog, self.static_prog, self.entity_prog):
            for name, value in values.items():
                self._set(prog, name, value)

    def _fill_instances(self, snapshot: SceneSnapshot, kind: Kind, hide_entity: int | None) -> int:
        visible = snapshot.alive & (snapshot.kinds == kind)
        if hide_entity is not None and 0 <= hide_entity < len(visible):
            visible[hide_entity] = False
        rows = np.flatnonzero(visible)[: self.max_entities]
        n = len(rows)
        if n:
            out = self.instances
            out[:n, 0:3] = snapshot.positions_m[rows]
            out[:n, 3:7] = snapshot.quaternions[rows]
            out[:n, 7:10] = self.side_colors[np.clip(snapshot.sides[rows], Side.BLUE, Side.RED)]
            out[:n, 10] = snapshot.scale_m[rows]
        return n

    def render(self, snapshot: SceneSnapshot, camera: CameraPose, hide_entity: int | None = None) -> None:
        """Draw one frame into the framebuffer (hide the flown body in FPV: the camera sits inside it)."""
        ctx, (w, h) = self.ctx, self.size
        flip = self.read_back
        cam = dataclasses.replace(camera, far_m=FAR_M) if camera.far_m < FAR_M else camera
        mvp = projection_matrix(cam, w / h, flip_y=flip) @ view_matrix(cam)
        mvp_bytes = mvp.T.astype(np.float32).tobytes()  # GL wants column-major
        eye = tuple(float(v) for v in cam.eye_m)
        self.fbo.use()
        ctx.viewport = (0, 0, w, h)
        self.fbo.clear(*self.clear_color, 1.0, depth=1.0)
        ctx.front_face = "cw" if flip else "ccw"  # the y flip mirrors the winding
        ctx.depth_func = "<"
        for prog in (self.ground_prog, self.static_prog, self.entity_prog, self.sky_prog):
            prog["mvp"].write(mvp_bytes)
            prog["eye"].value = eye
        # The ground disc's edge, seen from the eye, plus a margin for the disc's polygonal rim.
        self.sky_prog["below_m"].value = max(eye[2] - self.floor_z, 0.0) / (0.95 * FAR_M) + 1e-3
        # The sky band first, no depth: everything else is drawn over it where it stands.
        ctx.disable(moderngl.CULL_FACE | moderngl.DEPTH_TEST)
        self.sky_vao.render(moderngl.TRIANGLES)
        ctx.enable(moderngl.DEPTH_TEST | moderngl.CULL_FACE)
        # Near things next, so the depth test spares the ground's fragments behind them.
        for kind, (vao, ibo) in self.entity_vaos.items():
            n = self._fill_instances(snapshot, kind, hide_entity)
            if n:
                ibo.write(self.instances[:n])
                vao.render(moderngl.TRIANGLES, instances=n)
        if self.static_vao is not None:
            self.static_vao.render(moderngl.TRIANGLES)
        if self.terrain_vao is not None:  # hills hide hills: terrain writes depth
            self.ground_prog["follow"].value = False
            self.terrain_vao.render(moderngl.TRIANGLES)
        # The flat disc is last and hides nothing: no depth writes (they cost per pixel).
        self.fbo.depth_mask = False
        self.ground_prog["follow"].value = True
        self.ground_vaos[0].render(moderngl.TRIANGLES)
        self.fbo.depth_mask = True

    def read_into(self, buffer) -> None:
        """Copy the frame (rows top first, BGRA bytes when `read_back`) into a preallocated buffer."""
        self.fbo.read_into(buffer, components=4, alignment=1)

    def release(self) -> None:
        for obj in (*self._own, self.ground_prog, self.static_prog, self.entity_prog, self.sky_prog):
            obj.release()
