"""The OSD drawn with pygame on the read-back frame.

Text is drawn from pre-rendered glyphs (one small alpha blit per character,
no font rendering per frame); the crosshair is a cached surface. Horizon,
flight-path marker and the target box are projected with the same camera the
frame was rendered with, so they sit on the scene (uptilt included).
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from sim.cockpit.hud_state import HudState
from sim.cockpit.render.camera import CameraPose, project

WHITE = (235, 240, 245)
AMBER = (255, 190, 40)
RED = (255, 60, 50)
GREEN = (90, 230, 110)
SHADOW = (0, 0, 0)
TARGET_SPAN_M = 2.5  # box size for the target (Shahed-class span)


class GlyphFont:
    """Printable ASCII pre-rendered with a 1 px shadow; strings are composed once and cached.

    An OSD shows the same few dozen strings frame after frame (the timer changes once a
    second, speed and altitude by whole units), so a frame costs one blit per string."""

    CACHE_SIZE = 512

    def __init__(self, size_px: int, color: tuple[int, int, int]) -> None:
        font = pygame.font.Font(None, size_px)
        self.glyphs: dict[str, pygame.Surface] = {}
        self.advance: dict[str, int] = {}
        for code in range(32, 127):
            ch = chr(code)
            fg, bg = font.render(ch, True, color), font.render(ch, True, SHADOW)
            surf = pygame.Surface((fg.get_width() + 1, fg.get_height() + 1), pygame.SRCALPHA)
            surf.blit(bg, (1, 1))
            surf.blit(fg, (0, 0))
            self.glyphs[ch], self.advance[ch] = surf, fg.get_width()
        self.height = font.get_linesize()
        self._strings: dict[str, pygame.Surface] = {}

    def width(self, text: str) -> int:
        return sum(self.advance.get(ch, 0) for ch in text)

    def _compose(self, text: str) -> pygame.Surface:
        surf = self._strings.get(text)
        if surf is None:
            if len(self._strings) >= self.CACHE_SIZE:
                self._strings.clear()
            surf = pygame.Surface((max(self.width(text), 1) + 1, self.height + 1), pygame.SRCALPHA)
            x = 0
            for ch in text:
                glyph = self.glyphs.get(ch)
                if glyph is not None:
                    surf.blit(glyph, (x, 0))
                    x += self.advance[ch]
            self._strings[text] = surf
        return surf

    def draw(self, target: pygame.Surface, text: str, pos: tuple[float, float], align: str = "left") -> None:
        surf = self._compose(text)
        x, y = pos
        if align != "left":
            x -= (surf.get_width() - 1) / (2 if align == "center" else 1)
        target.blit(surf, (x, y))


def _timer(t_s: float) -> str:
    m, s = divmod(int(t_s), 60)
    return f"{m:02d}:{s:02d}"


class Hud:
    """Draws a `HudState` onto a frame of `size` pixels."""

    def __init__(self, size: tuple[int, int]) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.size = size
        scale = max(size[1] / 480.0, 0.75)
        self.text = {c: GlyphFont(round(20 * scale), c) for c in (WHITE, AMBER, RED, GREEN)}
        self.big = GlyphFont(round(30 * scale), RED)
        self.crosshair = self._crosshair(round(10 * scale))

    @staticmethod
    def _crosshair(arm: int) -> pygame.Surface:
        side = 2 * arm + 3
        surf = pygame.Surface((side, side), pygame.SRCALPHA)
        c = side // 2
        for color, width in ((SHADOW, 3), (WHITE, 1)):
            pygame.draw.line(surf, color, (1, c), (side - 2, c), width)
            pygame.draw.line(surf, color, (c, 1), (c, side - 2), width)
        return surf

    def draw(self, target: pygame.Surface, state: HudState, camera: CameraPose | None, fpv: bool = True,
             offset: tuple[int, int] = (0, 0)) -> None:
        """OSD onto `target` at `offset`; crosshair and horizon only in FPV; target box with any camera."""
        w, h = self.size
        ox, oy = offset
        line = self.text[WHITE].height
        if camera is not None and fpv:
            self._horizon(target, camera, offset)
            if state.velocity_mps is not None and float(np.dot(state.velocity_mps, state.velocity_mps)) > 1.0:
                self._path_marker(target, camera, state.velocity_mps, offset)
            c = self.crosshair
            target.blit(c, (ox + w // 2 - c.get_width() // 2, oy + h // 2 - c.get_height() // 2))
        if camera is not None and state.target_m is not None:
            self._target(target, camera, state, offset)
        bat = self.text[RED if state.battery < 0.2 else AMBER if state.battery < 0.35 else WHITE]
        bat.draw(target, f"BAT {100 * state.battery:3.0f}%", (ox + 8, oy + 6))
        lq = self.text[RED if state.link_quality < 0.3 else AMBER if state.link_quality < 0.7 else WHITE]
        lq.draw(target, f"LQ {100 * state.link_quality:3.0f}%", (ox + 8, oy + 6 + line))
        white = self.text[WHITE]
        white.draw(target, _timer(state.t_s), (ox + w / 2, oy + 6), "center")
        mode = state.flight_mode if state.armed else "DISARMED"
        self.text[WHITE if state.armed else AMBER].draw(target, mode, (ox + w / 2, oy + 6 + line), "center")
        self.text[GREEN].draw(target, f"KILLS {state.kills}", (ox + w - 8, oy + 6), "right")
        self.text[RED if state.leakers else WHITE].draw(target, f"LEAKERS {state.leakers}",
                                                        (ox + w - 8, oy + 6 + line), "right")
        white.draw(target, f"SPD {3.6 * state.speed_mps:4.0f} km/h", (ox + 8, oy + h - 6 - 2 * line))
        white.draw(target, f"ALT {state.altitude_m:5.0f} m", (ox + 8, oy + h - 6 - line))
        for k, warning in enumerate(state.warnings):
            self.big.draw(target, warning, (ox + w / 2, oy + h * 0.62 + k * self.big.height), "center")

    def _horizon(self, target: pygame.Surface, cam: CameraPose, offset: tuple[int, int]) -> None:
        f = cam.forward
        horiz = math.hypot(f[0], f[1])
        if horiz < 1e-3:
            return
        fh = np.array([f[0] / horiz, f[1] / horiz, 0.0])
        side = np.array([fh[1], -fh[0], 0.0])
        dirs = [fh, fh + 0.3 * side]
        for elevation in (10.0, -10.0):
            e = math.radians(elevation)
            dirs.append(fh * math.cos(e) + np.array([0.0, 0.0, math.sin(e)]))
        px, front = project(cam, np.array(dirs), self.size, directions=True)
        if not (front[0] and front[1]):
            return
        along = px[1] - px[0]
        along /= max(np.hypot(*along), 1e-9)
        ox, oy = offset
        centre = px[0] + (ox, oy)
        for sign in (-1, 1):
            a, b = centre + sign * 30 * along, centre + sign * 140 * along
            pygame.draw.line(target, SHADOW, a + 1, b + 1, 3)
            pygame.draw.line(target, WHITE, a, b, 2)
        for k in (2, 3):  # +-10 degree ladder marks
            if front[k]:
                c = px[k] + (ox, oy)
                pygame.draw.line(target, WHITE, c - 20 * along, c + 20 * along, 1)

    def _path_marker(self, target, cam: CameraPose, velocity: np.ndarray, offset) -> None:
        px, front = project(cam, velocity[None, :], self.size, directions=True)
        if front[0]:
            x, y = px[0] + offset
            pygame.draw.circle(target, GREEN, (x, y), 5, 1)
            pygame.draw.line(target, GREEN, (x - 12, y), (x - 5, y))
            pygame.draw.line(target, GREEN, (x + 5, y), (x + 12, y))

    def _target(self, target: pygame.Surface, cam: CameraPose, state: HudState, offset) -> None:
        w, h = self.size
        ox, oy = offset
        rel = np.asarray(state.target_m, dtype=float) - cam.eye_m
        distance = float(np.linalg.norm(rel))
        px, front = project(cam, state.target_m[None, :], self.size)
        x, y = px[0]
        label = f"{state.target_label} {distance:.0f} m" if distance < 10_000 else f"{distance / 1000:.1f} km"
        if front[0] and 0 <= x < w and 0 <= y < h:
            f_px = (w / 2) / math.tan(math.radians(cam.fov_h_deg) / 2)
            half = max(8.0, 0.5 * f_px * TARGET_SPAN_M / max(distance, 1e-3))
            pygame.draw.rect(target, RED, pygame.Rect(ox + x - half, oy + y - half, 2 * half, 2 * half), 2)
            self.text[RED].draw(target, label, (ox + x, oy + y + half + 2), "center")
            return
        # Off screen: an arrow on a ring round the centre, pointing the way to turn.
        cam_xy = rel @ cam.basis.T
        d = np.array([cam_xy[0], -cam_xy[1]])
        if not front[0] and np.hypot(*d) < 1e-6:
            d = np.array([0.0, 1.0])
        d /= max(np.hypot(*d), 1e-9)
        c = np.array([ox + w / 2, oy + h / 2]) + d * 0.38 * h
        n = np.array([-d[1], d[0]])
        pygame.draw.polygon(target, RED, [c + 14 * d, c - 8 * d + 9 * n, c - 8 * d - 9 * n])
        self.text[RED].draw(target, label, (c[0], c[1] + 14), "center")
