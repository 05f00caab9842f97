"""Keyboard fallback when no gamepad or radio is connected: the same normalised sticks.

Keys, laid out like a Mode 2 radio (left hand throttle and yaw, right hand
pitch and roll):

| key            | does                                                |
|----------------|-----------------------------------------------------|
| W / S          | throttle up / down (stays where it is left)         |
| A / D          | yaw left / right                                    |
| Up / Down      | pitch forward / back                                |
| Left / Right   | roll left / right                                   |
| Space          | arm / disarm (arming needs the throttle at the bottom) |

Keys are on or off, so each stick slews toward full deflection while its key is
held and back to centre when released (`stick_rate_per_s`), which keeps
keyboard flying smooth enough to aim. With `centring_throttle` (assisted
mode) the throttle behaves like the other sticks: released = hold altitude.
P, R, Esc and the number keys are left free for the cockpit app.
"""

from __future__ import annotations

from typing import Iterable

import pygame

from sim.cockpit.sticks import Sticks

# (negative key, positive key) per stick.
ROLL_KEYS = (pygame.K_LEFT, pygame.K_RIGHT)
PITCH_KEYS = (pygame.K_DOWN, pygame.K_UP)
YAW_KEYS = (pygame.K_a, pygame.K_d)
THROTTLE_KEYS = (pygame.K_s, pygame.K_w)
ARM_KEY = pygame.K_SPACE


def _toward(value: float, target: float, step: float) -> float:
    return min(target, value + step) if value < target else max(target, value - step)


class KeyboardSticks:
    def __init__(self, stick_rate_per_s: float = 4.0, throttle_rate_per_s: float = 0.8,
                 centring_throttle: bool = False) -> None:
        self.stick_rate_per_s = stick_rate_per_s  # 4/s: centre to full in 0.25 s
        self.throttle_rate_per_s = throttle_rate_per_s  # 0.8/s: bottom to top in 2.5 s
        self.centring_throttle = centring_throttle
        self._held: set[int] = set()
        self._arm_presses = 0
        self._sticks = Sticks(throttle=0.0 if centring_throttle else -1.0)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            self._held.add(event.key)
            if event.key == ARM_KEY:
                self._arm_presses += 1
        elif event.type == pygame.KEYUP:
            self._held.discard(event.key)

    def process(self, events: Iterable[pygame.event.Event]) -> None:
        for event in events:
            self.handle(event)

    def _target(self, keys: tuple[int, int]) -> float:
        return float(keys[1] in self._held) - float(keys[0] in self._held)

    def update(self, dt_s: float) -> Sticks:
        """Advance the slewing sticks by `dt_s` and return them."""
        step = self.stick_rate_per_s * dt_s
        s = self._sticks
        roll = _toward(s.roll, self._target(ROLL_KEYS), step)
        pitch = _toward(s.pitch, self._target(PITCH_KEYS), step)
        yaw = _toward(s.yaw, self._target(YAW_KEYS), step)
        if self.centring_throttle:
            throttle = _toward(s.throttle, self._target(THROTTLE_KEYS), step)
        else:
            throttle = min(1.0, max(-1.0, s.throttle + self._target(THROTTLE_KEYS) * self.throttle_rate_per_s * dt_s))
        self._sticks = Sticks(roll, pitch, yaw, throttle)
        return self._sticks

    @property
    def sticks(self) -> Sticks:
        return self._sticks

    def take_arm_press(self) -> bool:
        """Whether Space was pressed (an odd number of times) since the last call."""
        pressed, self._arm_presses = self._arm_presses % 2 == 1, 0
        return pressed
