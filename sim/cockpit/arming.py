"""Arming: motors run only after a deliberate arm with the throttle low, as on a real flight controller.

Two kinds of arm input: a toggle press (gamepad button, keyboard key) and a
level switch (an RC radio's arm switch on an AUX channel). A switch arms on its
off -> on edge only, so a radio plugged in with the switch already on does not
arm until the switch is cycled. Arming is refused (and the reason kept, for
the HUD) when the throttle stick is not low. A switch moved to off, or a
toggle press while armed, disarms at any throttle.
"""

from __future__ import annotations

from enum import Enum

from sim.cockpit.sticks import Sticks

THROTTLE_LOW = -0.9  # throttle stick position at or below which arming is allowed (5 % of travel)


class ArmBlock(str, Enum):
    """Why the last arm attempt was refused (NONE when it was not)."""

    NONE = "none"
    THROTTLE_HIGH = "throttle must be low to arm"
    LINK_LOST = "no link to the controls"


class Arming:
    def __init__(self, throttle_low: float = THROTTLE_LOW) -> None:
        self.throttle_low = throttle_low
        self.armed = False
        self.block = ArmBlock.NONE
        self._switch_was_on: bool | None = None  # unknown until the first reading

    def _try_arm(self, sticks: Sticks, link_ok: bool) -> None:
        if not link_ok:
            self.block = ArmBlock.LINK_LOST
        elif sticks.throttle > self.throttle_low:
            self.block = ArmBlock.THROTTLE_HIGH
        else:
            self.armed, self.block = True, ArmBlock.NONE

    def disarm(self) -> None:
        self.armed = False

    def update(self, sticks: Sticks, toggle_pressed: bool = False, switch_on: bool | None = None,
               link_ok: bool = True) -> bool:
        """Apply this tick's arm inputs; returns whether the drone is armed.

        `switch_on` is None when the device has no arm switch. While the link
        is lost nothing changes: the failsafe decides what the drone does.
        """
        if switch_on is not None:
            # A switch first seen "on" counts as already on: it must be cycled to arm.
            was_on = switch_on if self._switch_was_on is None else self._switch_was_on
            self._switch_was_on = switch_on
            if link_ok and was_on and not switch_on:
                self.disarm()
            elif switch_on and not was_on and not self.armed:
                self._try_arm(sticks, link_ok)
        if toggle_pressed and link_ok and self.armed:
            self.disarm()
        elif toggle_pressed and not self.armed:
            self._try_arm(sticks, link_ok)
        return self.armed
