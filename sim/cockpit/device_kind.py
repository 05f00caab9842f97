"""Tell an RC radio in USB joystick mode from a gamepad, from what SDL tells about a joystick.

pygame exposes no USB vendor/product id, but SDL packs them into the joystick
GUID (32 hex digits, 16 bytes): bytes 0-1 bus type (0x03 USB, 0x05 Bluetooth),
2-3 a name CRC (SDL >= 2.26, else 0), 4-5 vendor id and 8-9 product id, both
little-endian, with bytes 6-7 and 10-11 zero. EdgeTX / OpenTX radios use the
pid.codes id 1209:4F54. When the GUID does not carry ids (other drivers,
virtual devices), fall back to heuristics, in order:
1. the name names a radio firmware or maker (EdgeTX, OpenTX, RadioMaster, FrSky,
   Jumper, TBS Tango or Mambo, LiteRadio, FlySky...);
2. eight or more axes and no hat: the radio's HID report is 8 axes and buttons,
   while gamepads have 4-6 axes and a d-pad hat.
"""

from __future__ import annotations

from sim.cockpit.calibration import DeviceKind

EDGETX_VID_PID = (0x1209, 0x4F54)
_USB_BUSES = {0x03, 0x05}
_RADIO_WORDS = ("edgetx", "opentx", "radiomaster", "frsky", "taranis", "jumper", "tbs tango", "tbs mambo",
                "literadio", "flysky", "transmitter")


def guid_vid_pid(guid: str) -> tuple[int, int] | None:
    """(vendor id, product id) packed in an SDL joystick GUID, or None if it carries none."""
    try:
        data = bytes.fromhex(guid)
    except ValueError:
        return None
    if len(data) != 16:
        return None
    bus = int.from_bytes(data[0:2], "little")
    if bus not in _USB_BUSES or data[6:8] != b"\0\0" or data[10:12] != b"\0\0":
        return None
    vendor, product = int.from_bytes(data[4:6], "little"), int.from_bytes(data[8:10], "little")
    return (vendor, product) if vendor else None


def detect_kind(guid: str, name: str, num_axes: int, num_hats: int = 0) -> DeviceKind:
    """RC_RADIO for EdgeTX/OpenTX-like radios (see the module docstring), else GAMEPAD."""
    if guid_vid_pid(guid) == EDGETX_VID_PID:
        return DeviceKind.RC_RADIO
    lowered = name.lower()
    if any(word in lowered for word in _RADIO_WORDS):
        return DeviceKind.RC_RADIO
    if num_axes >= 8 and num_hats == 0:
        return DeviceKind.RC_RADIO
    return DeviceKind.GAMEPAD
