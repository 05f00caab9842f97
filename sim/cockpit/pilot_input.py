"""The pilot's input each control tick: sticks and arm inputs from a device, or the keyboard.

Source rules: the device picked (`--device N`, else the first connected) is
read through its saved calibration (or the default for its kind). With no
device at all the keyboard flies. Once a device has been in use, unplugging it
is a lost link (`connected` False, for the failsafe), not a switch to the
keyboard: keys in a hurry would be worse than the failsafe. Plugging in any
device resumes. Space on the keyboard always works as an arm toggle.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable

import pygame

from sim.cockpit.calibration import DeviceCalibration, default_calibration
from sim.cockpit.devices import ChangeKind, DeviceChange, DeviceManager, InputDevice
from sim.cockpit.keyboard import KeyboardSticks
from sim.cockpit.profile import PilotProfile
from sim.cockpit.sticks import Sticks, StickShaper


class InputSource(str, Enum):
    DEVICE = "device"
    KEYBOARD = "keyboard"
    NONE = "none"  # the device in use was unplugged


@dataclass(frozen=True)
class PilotInput:
    """One tick of pilot input (what the trial record stores to re-fly a flight)."""

    sticks: Sticks
    arm_pressed: bool  # a toggle press (button or Space) this tick
    arm_switch: bool | None  # a radio's arm switch position; None without one
    connected: bool  # False while the device in use is unplugged
    source: InputSource
    device_name: str | None = None


class PilotInputs:
    def __init__(self, profile: PilotProfile, manager: DeviceManager | None = None,
                 keyboard: KeyboardSticks | None = None, device_index: int | None = None) -> None:
        self.profile = profile
        self.manager = manager or DeviceManager()
        self.keyboard = keyboard or KeyboardSticks()
        self.device_index = device_index
        self.device: InputDevice | None = None
        self.calibration: DeviceCalibration | None = None
        self._shaper: StickShaper | None = None
        self._had_device = False

    def start(self) -> list[DeviceChange]:
        """Open the devices present now and pick one."""
        changes = self.manager.start()
        self._select()
        return changes

    def calibration_for(self, device: InputDevice) -> DeviceCalibration:
        saved = self.profile.calibration_for(device.guid, device.name)
        return saved or default_calibration(device.guid, device.name, device.kind, device.num_axes)

    def _select(self) -> None:
        device = self.manager.pick(self.device_index) or (self.manager.pick() if self._had_device else None)
        if device is None:
            return
        self.device, self._had_device = device, True
        self.calibration = self.calibration_for(device)
        self._shaper = StickShaper(self.calibration)
        device.take_presses()  # presses made while it was not in use do not arm

    def handle_events(self, events: Iterable[pygame.event.Event]) -> list[DeviceChange]:
        """Feed this tick's pygame events; returns hot-plug changes (for the HUD)."""
        events = list(events)
        self.keyboard.process(events)
        changes = self.manager.process(events)
        for change in changes:
            if change.kind is ChangeKind.REMOVED and self.device is change.device:
                self.device, self._shaper = None, None
        if self.device is None and any(c.kind is ChangeKind.ADDED for c in changes):
            self._select()
        return changes

    def read(self, dt_s: float) -> PilotInput:
        """This tick's input; `dt_s` advances the keyboard's slewing sticks."""
        key_sticks = self.keyboard.update(dt_s)
        space = self.keyboard.take_arm_press()
        if self.device is None or self._shaper is None or self.calibration is None:
            if self._had_device:
                return PilotInput(Sticks(), space, None, False, InputSource.NONE)
            return PilotInput(key_sticks, space, None, True, InputSource.KEYBOARD)
        device, arm = self.device, self.calibration.arm
        presses = device.take_presses()
        switch: bool | None = None
        if arm.axis is not None and arm.axis < device.num_axes:
            value = device.axes[arm.axis]
            switch = value > arm.threshold if arm.above else value < arm.threshold
        pressed = space or (arm.button is not None and presses.count(arm.button) % 2 == 1)
        return PilotInput(self._shaper.shape(device.axes), pressed, switch, True, InputSource.DEVICE, device.name)
