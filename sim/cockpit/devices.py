"""Gamepads and RC radios through pygame joystick events, with hot-plug.

`DeviceManager` keeps the connected joysticks and their latest axis and button
values, fed by pygame events: JOYDEVICEADDED / JOYDEVICEREMOVED (SDL also
sends ADDED for devices present at start; `start()` opens those directly and
the duplicate ADDED events are ignored by instance id), JOYAXISMOTION,
JOYBUTTONDOWN / UP. Devices are identified by SDL GUID + name (for the
calibration) and by instance id (for events). Opening a joystick goes through
`open_joystick(device_index)`, `pygame.joystick.Joystick` by default; tests
pass fake joystick objects with the same methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Iterable, Protocol

import pygame

from sim.cockpit.calibration import DeviceKind
from sim.cockpit.device_kind import detect_kind


class JoystickLike(Protocol):
    """The part of pygame.joystick.JoystickType the manager uses."""

    def get_instance_id(self) -> int: ...
    def get_guid(self) -> str: ...
    def get_name(self) -> str: ...
    def get_numaxes(self) -> int: ...
    def get_numbuttons(self) -> int: ...
    def get_numhats(self) -> int: ...
    def get_axis(self, axis: int) -> float: ...
    def get_button(self, button: int) -> bool: ...


@dataclass
class InputDevice:
    """A connected joystick and its latest raw values."""

    device_index: int  # pygame device index when it was opened (`--device N`)
    instance_id: int  # SDL instance id, carried by its events
    guid: str
    name: str
    kind: DeviceKind
    axes: list[float]
    buttons: list[bool]
    joystick: Any = field(repr=False)
    presses: list[int] = field(default_factory=list)  # buttons pressed since the last take_presses

    @property
    def num_axes(self) -> int:
        return len(self.axes)

    def take_presses(self) -> list[int]:
        presses, self.presses = self.presses, []
        return presses


class ChangeKind(str, Enum):
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class DeviceChange:
    kind: ChangeKind
    device: InputDevice


def _default_open(device_index: int) -> JoystickLike:
    joystick = pygame.joystick.Joystick(device_index)
    joystick.init()
    return joystick


class DeviceManager:
    def __init__(self, open_joystick: Callable[[int], JoystickLike] | None = None,
                 joystick_count: Callable[[], int] | None = None) -> None:
        self._open = open_joystick or _default_open
        self._count = joystick_count or pygame.joystick.get_count
        self._devices: dict[int, InputDevice] = {}  # by instance id

    @property
    def devices(self) -> list[InputDevice]:
        """Connected devices in device-index order."""
        return sorted(self._devices.values(), key=lambda d: (d.device_index, d.instance_id))

    def start(self) -> list[DeviceChange]:
        """Open every device already present (call after pygame.init())."""
        if self._count is pygame.joystick.get_count and not pygame.joystick.get_init():
            pygame.joystick.init()
        changes = [self._add(index) for index in range(self._count())]
        return [change for change in changes if change is not None]

    def _add(self, device_index: int) -> DeviceChange | None:
        try:
            joystick = self._open(device_index)
            instance_id = int(joystick.get_instance_id())
        except (pygame.error, IndexError, ValueError):
            return None  # unplugged again before we got to it
        if instance_id in self._devices:
            return None  # present at start: opened already, SDL's ADDED event is a repeat
        num_axes, num_buttons = joystick.get_numaxes(), joystick.get_numbuttons()
        guid, name = str(joystick.get_guid()), str(joystick.get_name())
        device = InputDevice(
            device_index=device_index, instance_id=instance_id, guid=guid, name=name,
            kind=detect_kind(guid, name, num_axes, joystick.get_numhats()),
            axes=[float(joystick.get_axis(i)) for i in range(num_axes)],
            buttons=[bool(joystick.get_button(i)) for i in range(num_buttons)], joystick=joystick)
        self._devices[instance_id] = device
        return DeviceChange(ChangeKind.ADDED, device)

    def handle(self, event: pygame.event.Event) -> DeviceChange | None:
        """Apply one pygame event; returns a change for hot-plug events."""
        if event.type == pygame.JOYDEVICEADDED:
            return self._add(event.device_index)
        device = self._devices.get(getattr(event, "instance_id", -1))
        if device is None:
            return None
        if event.type == pygame.JOYDEVICEREMOVED:
            del self._devices[device.instance_id]
            return DeviceChange(ChangeKind.REMOVED, device)
        if event.type == pygame.JOYAXISMOTION:
            if event.axis >= len(device.axes):
                device.axes.extend([0.0] * (event.axis + 1 - len(device.axes)))
            device.axes[event.axis] = float(event.value)
        elif event.type in (pygame.JOYBUTTONDOWN, pygame.JOYBUTTONUP):
            down = event.type == pygame.JOYBUTTONDOWN
            if event.button >= len(device.buttons):
                device.buttons.extend([False] * (event.button + 1 - len(device.buttons)))
            device.buttons[event.button] = down
            if down:
                device.presses.append(event.button)
        return None

    def process(self, events: Iterable[pygame.event.Event]) -> list[DeviceChange]:
        """Apply a batch of events (e.g. `pygame.event.get()`); returns the hot-plug changes."""
        changes = [self.handle(event) for event in events]
        return [change for change in changes if change is not None]

    def find(self, instance_id: int) -> InputDevice | None:
        return self._devices.get(instance_id)

    def pick(self, device_index: int | None = None) -> InputDevice | None:
        """The device opened as pygame device `device_index`, or the first one when None."""
        devices = self.devices
        if device_index is None:
            return devices[0] if devices else None
        return next((d for d in devices if d.device_index == device_index), None)
