"""Plain text pages for the cockpit app's menus: fonts scaled to the window, word wrap, a footer."""

from __future__ import annotations

import pygame

BACKGROUND = (16, 20, 26)
TEXT = (228, 232, 236)
DIM = (150, 158, 168)
ACCENT = (255, 190, 40)
GOOD = (90, 230, 110)
BAD = (255, 90, 80)
SELECTED_BG = (44, 58, 78)


class Page:
    """Draws lines top-down on a surface; `y` is the next free line."""

    def __init__(self, size: tuple[int, int]) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.size = size
        scale = max(size[1] / 480.0, 0.6)
        self.body = pygame.font.Font(None, round(22 * scale))
        self.title_font = pygame.font.Font(None, round(34 * scale))
        self.margin = round(18 * scale)
        self.y = self.margin
        self.surface: pygame.Surface | None = None

    def begin(self, surface: pygame.Surface) -> Page:
        self.surface, self.y = surface, self.margin
        surface.fill(BACKGROUND)
        return self

    def wrap(self, text: str, width: int, font: pygame.font.Font | None = None) -> list[str]:
        font = font or self.body
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}".strip()
                if line and font.size(candidate)[0] > width:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
            lines.append(line)
        return lines

    def title(self, text: str, colour=ACCENT) -> None:
        self.surface.blit(self.title_font.render(text, True, colour), (self.margin, self.y))
        self.y += self.title_font.get_linesize() + self.margin // 3

    def text(self, text: str, colour=TEXT, indent: int = 0, max_lines: int | None = None) -> None:
        width = self.size[0] - 2 * self.margin - indent
        lines = self.wrap(text, width)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines - 1] + [lines[max_lines - 1] + " ..."]
        for line in lines:
            self.surface.blit(self.body.render(line, True, colour), (self.margin + indent, self.y))
            self.y += self.body.get_linesize()

    def gap(self, fraction: float = 0.5) -> None:
        self.y += round(self.body.get_linesize() * fraction)

    def footer(self, text: str, colour=ACCENT) -> None:
        lines = self.wrap(text, self.size[0] - 2 * self.margin)
        y = self.size[1] - self.margin - len(lines) * self.body.get_linesize()
        for line in lines:
            self.surface.blit(self.body.render(line, True, colour), (self.margin, y))
            y += self.body.get_linesize()

    def overlay(self, surface: pygame.Surface, lines: list[str]) -> None:
        """Dim the picture and centre a few lines on it (the pause screen)."""
        w, h = surface.get_size()
        shade = pygame.Surface((w, h))
        shade.set_alpha(150)
        surface.blit(shade, (0, 0))
        fonts = [self.title_font] + [self.body] * (len(lines) - 1)
        y = h // 2 - sum(f.get_linesize() for f in fonts) // 2
        for font, line in zip(fonts, lines):
            image = font.render(line, True, ACCENT if font is self.title_font else TEXT)
            surface.blit(image, (w // 2 - image.get_width() // 2, y))
            y += font.get_linesize()

    @property
    def room(self) -> int:
        """Lines of body text that still fit above a two-line footer."""
        return max(0, (self.size[1] - self.margin - 2 * self.body.get_linesize() - self.y) // self.body.get_linesize())
