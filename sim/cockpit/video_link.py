"""The FPV video link: latency, analog snow, digital freeze.

Frames are read back straight into a ring of preallocated BGRA buffers, each
wrapped once in a pygame surface (`frombuffer` shares the memory), keyed by
the sim time they show. `present` blits the newest frame at least `latency_s`
old, then degrades it by the link quality (0 unusable .. 1 clean, as
`sim.ew.ElectronicWarfare` reports it): analog video fades into snow
gradually; digital video holds its last good picture (freezes) once the
quality drops below `FREEZE_BELOW`, as HD systems do.
"""

from __future__ import annotations

import math
from enum import Enum

import numpy as np
import pygame

MAX_LATENCY_S = 0.1
FREEZE_BELOW = 0.35  # digital: under this quality the decoder keeps the last good frame
NOISE_MARGIN_PX = 64  # the noise field is larger than the frame; a random window of it is shown


class VideoKind(str, Enum):
    ANALOG = "analog"
    DIGITAL = "digital"


class VideoLink:
    def __init__(self, size: tuple[int, int], latency_s: float = 0.0, kind: VideoKind = VideoKind.ANALOG,
                 max_fps: float = 250.0, seed: int = 0) -> None:
        if not 0.0 <= latency_s <= MAX_LATENCY_S:
            raise ValueError(f"video latency {latency_s * 1000:g} ms is outside 0-{MAX_LATENCY_S * 1000:g} ms")
        self.size, self.kind, self.latency_s = (int(size[0]), int(size[1])), VideoKind(kind), float(latency_s)
        w, h = self.size
        capacity = int(math.ceil(latency_s * max_fps)) + 2
        self.buffers = [np.zeros((h, w, 4), dtype=np.uint8) for _ in range(capacity)]
        self.surfaces = [pygame.image.frombuffer(b, self.size, "BGRA") for b in self.buffers]
        for surface in self.surfaces:
            surface.set_alpha(None)  # opaque: the blit is a copy, not a blend (~30 % faster)
        self.times = np.full(capacity, -np.inf)
        self.order = np.full(capacity, -1, dtype=np.int64)  # commit sequence: the newest wins ties in time
        self._next, self._count = 0, 0
        self.rng = np.random.default_rng(seed)
        self._noise: pygame.Surface | None = None
        self._frozen: pygame.Surface | None = None
        self._last_good: tuple[int, int] | None = None  # (slot, commit number) last shown unfrozen
        self.frozen = False

    def write_buffer(self) -> np.ndarray:
        """The (h, w, 4) uint8 buffer the next frame is read back into."""
        return self.buffers[self._next]

    def commit(self, t_s: float) -> None:
        """The frame just written into `write_buffer()` shows sim time `t_s`."""
        self.times[self._next], self.order[self._next] = t_s, self._count
        self._count += 1
        self._next = (self._next + 1) % len(self.buffers)

    def delayed_slot(self, t_s: float) -> int:
        """The newest frame shown at or before `t_s - latency` (the oldest kept one if none is that old)."""
        due = (self.times <= t_s - self.latency_s + 1e-9) & (self.order >= 0)
        if due.any():
            return int(np.argmax(np.where(due, self.order, -1)))
        kept = self.order >= 0
        return int(np.argmin(np.where(kept, self.order, np.iinfo(np.int64).max))) if kept.any() else 0

    def delayed_time(self, t_s: float) -> float:
        return float(self.times[self.delayed_slot(t_s)])

    def present(self, target: pygame.Surface, t_s: float, quality: float = 1.0,
                dest: tuple[int, int] = (0, 0)) -> None:
        """Blit the delayed frame into `target`, degraded by the link quality."""
        quality = min(max(float(quality), 0.0), 1.0)
        slot = self.delayed_slot(t_s)
        if self.kind == VideoKind.DIGITAL:
            if quality < FREEZE_BELOW:
                if self._frozen is None:
                    # Keep the last good picture while the ring moves on (one copy, on entering the freeze).
                    last = self._last_good
                    good = last is not None and self.order[last[0]] == last[1]
                    self._frozen = self.surfaces[last[0] if good else slot].copy()
                self.frozen = True
                target.blit(self._frozen, dest)
                return
            self.frozen, self._frozen = False, None
        self._last_good = (slot, int(self.order[slot]))
        target.blit(self.surfaces[slot], dest)
        if self.kind == VideoKind.ANALOG and quality < 1.0:
            self._snow(target, 1.0 - quality, dest)

    def _snow(self, target: pygame.Surface, amount: float, dest: tuple[int, int]) -> None:
        """Grey noise over the picture, thicker with `amount`; a few torn lines when heavy."""
        w, h = self.size
        if self._noise is None:
            size = (w + NOISE_MARGIN_PX, h + NOISE_MARGIN_PX)
            grey = self.rng.integers(0, 256, size=size[::-1], dtype=np.uint8)
            pixels = np.repeat(grey[:, :, None], 4, axis=2)
            # A plain surface (no per-pixel alpha) blends with a surface alpha ~3x faster.
            self._noise = pygame.Surface(size)
            self._noise.blit(pygame.image.frombuffer(pixels, size, "BGRA"), (0, 0))
        dx, dy = (int(v) for v in self.rng.integers(0, NOISE_MARGIN_PX, size=2))
        self._noise.set_alpha(min(255, int(round(255 * amount ** 1.3))))  # light snow stays see-through
        target.blit(self._noise, dest, pygame.Rect(dx, dy, w, h))
        if amount > 0.5:
            for row in self.rng.integers(0, h, size=int(8 * amount)):
                shade = 255 if row % 2 else 0
                target.fill((shade, shade, shade), (dest[0], dest[1] + int(row), w, 1 + int(row) % 3))
