"""`slab fly --autopilot-demo`: a scripted keyboard pilot for demos and the real-window test.

It is a frame hook of `CockpitApp`: it posts the pygame events a soldier's
keyboard would, at set sim times: start at the briefing, angle mode, arm,
climb, a little forward flight; then it skips the debrief. Everything goes
through the same event path as a real keyboard, so the record (inputs
included) is an ordinary piloted one and `slab rerun` reproduces it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from sim.cockpit.app import CockpitApp

# (sim time s, key, down): keys go down and up like a soldier's fingers.
SCRIPT: tuple[tuple[float, int, bool], ...] = (
    (0.0, pygame.K_2, True), (0.0, pygame.K_2, False),  # angle mode: keyboard throttle rests at the bottom
    (0.1, pygame.K_SPACE, True), (0.1, pygame.K_SPACE, False),  # arm (throttle down)
    (0.2, pygame.K_w, True), (1.0, pygame.K_w, False),  # throttle up: lift off and climb
    (1.0, pygame.K_s, True), (1.3, pygame.K_s, False),  # back towards hover throttle
    (1.5, pygame.K_UP, True), (2.0, pygame.K_UP, False),  # a little pitch forward
)


def post_key(key: int, down: bool = True) -> None:
    kind = pygame.KEYDOWN if down else pygame.KEYUP
    pygame.event.post(pygame.event.Event(kind, key=key, mod=0, unicode="", scancode=0))


class DemoPilot:
    """Frame hook: scripted keys in flight; Enter at the briefing, Esc at the debrief."""

    def __init__(self, script: tuple[tuple[float, int, bool], ...] = SCRIPT) -> None:
        self.script = script
        self.next = 0
        self.menu_posted: set[str] = set()
        self._flight = None

    def __call__(self, app: CockpitApp) -> None:
        from sim.cockpit.app import Screen

        screen = app.screen
        if screen is Screen.FLIGHT:
            if app.flight is not self._flight:  # a new (or restarted) flight: the script from the start
                self._flight, self.next = app.flight, 0
            while self.next < len(self.script) and self.script[self.next][0] <= app.flight.t_s + 1e-9:
                _, key, down = self.script[self.next]
                post_key(key, down)
                self.next += 1
        elif screen.value not in self.menu_posted:
            self.menu_posted.add(screen.value)
            post_key(pygame.K_RETURN if screen is Screen.BRIEFING else pygame.K_ESCAPE)
