"""Devices through pygame events: present at start, hot-plug, axis and button events, radio detection."""

from __future__ import annotations

import pygame

from sim.cockpit.calibration import DeviceKind
from sim.cockpit.device_kind import EDGETX_VID_PID, detect_kind, guid_vid_pid
from sim.cockpit.devices import ChangeKind
from tests.cockpit.fakes import EDGETX_GUID, XBOX_GUID, FakeJoystick, edgetx, move, press


def test_guid_carries_vendor_and_product() -> None:
    assert guid_vid_pid(XBOX_GUID) == (0x045E, 0x028E)
    assert guid_vid_pid(EDGETX_GUID) == EDGETX_VID_PID
    assert guid_vid_pid("05000000" + "00" * 12) is None  # no vendor id
    assert guid_vid_pid("not hex") is None and guid_vid_pid("0300") is None
    assert guid_vid_pid("030000004c050000cc09000000016800") == (0x054C, 0x09CC)  # DualShock 4


def test_radio_detection() -> None:
    assert detect_kind(EDGETX_GUID, "whatever", 8) is DeviceKind.RC_RADIO  # by vid:pid
    assert detect_kind("00" * 16, "OpenTX Taranis Joystick", 8) is DeviceKind.RC_RADIO  # by name
    assert detect_kind("00" * 16, "Generic HID", 8, num_hats=0) is DeviceKind.RC_RADIO  # 8 axes, no d-pad
    assert detect_kind(XBOX_GUID, "Xbox 360 Controller", 6, num_hats=1) is DeviceKind.GAMEPAD
    assert detect_kind("00" * 16, "Some pad", 8, num_hats=1) is DeviceKind.GAMEPAD


def test_present_at_start_and_sdl_repeat_is_ignored(pg, joysticks) -> None:
    pad = joysticks.present(0, FakeJoystick(10))
    manager = joysticks.manager()
    changes = manager.start()
    assert [(c.kind, c.device.instance_id) for c in changes] == [(ChangeKind.ADDED, 10)]
    device = manager.pick()
    assert device is not None and device.guid == XBOX_GUID and device.kind is DeviceKind.GAMEPAD
    pygame.event.post(pygame.event.Event(pygame.JOYDEVICEADDED, device_index=0, guid=pad.guid))  # SDL's repeat
    assert manager.process(pygame.event.get()) == [] and len(manager.devices) == 1


def test_hot_plug_add_and_remove(pg, joysticks) -> None:
    manager = joysticks.manager()
    assert manager.start() == [] and manager.pick() is None
    radio = joysticks.plug(0, edgetx(21))
    pad = joysticks.plug(1, FakeJoystick(22))
    changes = manager.process(pygame.event.get())
    assert [(c.kind, c.device.instance_id) for c in changes] == [(ChangeKind.ADDED, 21), (ChangeKind.ADDED, 22)]
    assert manager.pick().kind is DeviceKind.RC_RADIO and manager.pick(1).instance_id == 22
    assert manager.pick(5) is None
    move(radio, 2, 0.25)
    press(pad, 3)
    move(pad, 9, 0.5)  # an axis beyond what the device said it has: grows
    assert manager.process(pygame.event.get()) == []
    assert manager.find(21).axes[2] == 0.25
    assert manager.find(22).take_presses() == [3] and manager.find(22).take_presses() == []
    assert manager.find(22).buttons[3] is False and manager.find(22).axes[9] == 0.5
    joysticks.unplug(0)
    changes = manager.process(pygame.event.get())
    assert [(c.kind, c.device.instance_id) for c in changes] == [(ChangeKind.REMOVED, 21)]
    assert [d.instance_id for d in manager.devices] == [22]
    move(radio, 2, 1.0)  # events of a removed device are ignored
    assert manager.process(pygame.event.get()) == [] and manager.find(21) is None


def test_device_gone_before_it_was_opened(pg, joysticks) -> None:
    manager = joysticks.manager()
    pygame.event.post(pygame.event.Event(pygame.JOYDEVICEADDED, device_index=3, guid=""))
    assert manager.process(pygame.event.get()) == []
