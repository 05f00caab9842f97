"""Fake joysticks with pygame's joystick methods, and helpers to post pygame events."""

from __future__ import annotations

import pygame

from sim.cockpit.devices import DeviceManager

XBOX_GUID = "030000005e0400008e02000014010000"  # USB 045e:028e, SDL's layout
EDGETX_GUID = "0300000009120000544f000000020000"  # USB 1209:4f54 (EdgeTX / OpenTX)


class FakeJoystick:
    def __init__(self, instance_id: int, guid: str = XBOX_GUID, name: str = "Xbox 360 Controller",
                 num_axes: int = 6, num_buttons: int = 11, num_hats: int = 1,
                 axes: list[float] | None = None) -> None:
        self.instance_id, self.guid, self.name = instance_id, guid, name
        self.axes = list(axes) if axes is not None else [0.0] * num_axes
        self.num_buttons, self.num_hats = num_buttons, num_hats

    def get_instance_id(self) -> int:
        return self.instance_id

    def get_guid(self) -> str:
        return self.guid

    def get_name(self) -> str:
        return self.name

    def get_numaxes(self) -> int:
        return len(self.axes)

    def get_numbuttons(self) -> int:
        return self.num_buttons

    def get_numhats(self) -> int:
        return self.num_hats

    def get_axis(self, axis: int) -> float:
        return self.axes[axis]

    def get_button(self, button: int) -> bool:
        return False


def edgetx(instance_id: int) -> FakeJoystick:
    """A Mode 2 EdgeTX radio: 8 axes in AETR order, throttle at the bottom, arm switch (axis 4) off."""
    return FakeJoystick(instance_id, EDGETX_GUID, "EdgeTX Radiomaster TX16S Joystick", num_buttons=24, num_hats=0,
                        axes=[0.0, 0.0, -1.0, 0.0, -1.0, -1.0, -1.0, -1.0])


class FakeJoysticks:
    """The joysticks 'plugged in', by pygame device index; plug / unplug post SDL's events."""

    def __init__(self) -> None:
        self.by_index: dict[int, FakeJoystick] = {}

    def open(self, device_index: int) -> FakeJoystick:
        if device_index not in self.by_index:
            raise pygame.error("Invalid joystick device number")
        return self.by_index[device_index]

    def count(self) -> int:
        return len(self.by_index)

    def manager(self) -> DeviceManager:
        return DeviceManager(open_joystick=self.open, joystick_count=self.count)

    def present(self, device_index: int, joystick: FakeJoystick) -> FakeJoystick:
        """Connected before start (no event)."""
        self.by_index[device_index] = joystick
        return joystick

    def plug(self, device_index: int, joystick: FakeJoystick) -> FakeJoystick:
        self.by_index[device_index] = joystick
        post(pygame.JOYDEVICEADDED, device_index=device_index, guid=joystick.guid)
        return joystick

    def unplug(self, device_index: int) -> None:
        joystick = self.by_index.pop(device_index)
        post(pygame.JOYDEVICEREMOVED, instance_id=joystick.instance_id)


def post(event_type: int, **fields) -> None:
    pygame.event.post(pygame.event.Event(event_type, **fields))


def move(joystick: FakeJoystick, axis: int, value: float) -> None:
    """Move an axis: the fake's value and SDL's JOYAXISMOTION event."""
    if axis < len(joystick.axes):
        joystick.axes[axis] = value
    post(pygame.JOYAXISMOTION, instance_id=joystick.instance_id, joy=joystick.instance_id, axis=axis, value=value)


def press(joystick: FakeJoystick, button: int) -> None:
    post(pygame.JOYBUTTONDOWN, instance_id=joystick.instance_id, joy=joystick.instance_id, button=button)
    post(pygame.JOYBUTTONUP, instance_id=joystick.instance_id, joy=joystick.instance_id, button=button)


def key(key_code: int, up: bool = True) -> None:
    post(pygame.KEYDOWN, key=key_code, mod=0, unicode="", scancode=0)
    if up:
        post(pygame.KEYUP, key=key_code, mod=0, unicode="", scancode=0)
