"""The OSD on a GPU window: a pygame surface drawn over the scene as one textured triangle.

Offscreen (software rendering) the OSD is drawn with pygame on the read-back
frame. In a pygame OPENGL window there is no read-back: the app renders the
scene straight into `ctx.screen` (SceneRenderer(..., framebuffer=ctx.screen,
read_back=False)), draws the OSD and map into a transparent pygame surface,
and calls `OverlayCompositor.draw(surface)` before `pygame.display.flip()`.
"""

from __future__ import annotations

import moderngl
import pygame

_VERTEX = """
#version 330
out vec2 v_uv;
void main() {
    vec2 corner = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    v_uv = vec2(corner.x * 0.5 + 0.5, 0.5 - corner.y * 0.5);  // pygame rows run top to bottom
    gl_Position = vec4(corner, 0.0, 1.0);
}
"""

_FRAGMENT = """
#version 330
uniform sampler2D overlay;
in vec2 v_uv;
out vec4 frag;
void main() {
    frag = texture(overlay, v_uv);
}
"""


class OverlayCompositor:
    """Uploads an RGBA pygame surface of `size` each frame and alpha-blends it over the framebuffer."""

    def __init__(self, ctx: moderngl.Context, size: tuple[int, int]) -> None:
        self.ctx, self.size = ctx, (int(size[0]), int(size[1]))
        self.texture = ctx.texture(self.size, 4)
        self.texture.filter = (moderngl.NEAREST, moderngl.NEAREST)
        self.program = ctx.program(vertex_shader=_VERTEX, fragment_shader=_FRAGMENT)
        self.vao = ctx.vertex_array(self.program, [])

    def new_surface(self) -> pygame.Surface:
        """A transparent surface to draw the OSD into (clear it with fill((0, 0, 0, 0)) each frame)."""
        return pygame.Surface(self.size, pygame.SRCALPHA)

    def draw(self, surface: pygame.Surface, framebuffer: moderngl.Framebuffer | None = None) -> None:
        self.texture.write(pygame.image.tobytes(surface, "RGBA"))
        (framebuffer or self.ctx.screen).use()
        self.ctx.disable(moderngl.DEPTH_TEST | moderngl.CULL_FACE)
        self.ctx.enable(moderngl.BLEND)
        self.ctx.blend_func = moderngl.SRC_ALPHA, moderngl.ONE_MINUS_SRC_ALPHA
        self.texture.use(0)
        self.vao.render(moderngl.TRIANGLES, vertices=3)
        self.ctx.disable(moderngl.BLEND)

    def release(self) -> None:
        for obj in (self.vao, self.program, self.texture):
            obj.release()
