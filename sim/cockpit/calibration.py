"""Per-device stick calibration as stored in the pilot profile, and the Mode 1 / Mode 2 presets.

A device's calibration says, for each pilot channel (roll, pitch, yaw,
throttle), which SDL axis drives it, the raw minimum / centre / maximum of
that axis, whether it is inverted, its deadband and its stick expo. It is
stored per device, keyed by SDL GUID + name (two pads of the same model share
one calibration). Pure data and maths: no pygame here.

Sign convention after calibration (`sim.cockpit.sticks.Sticks`): roll +1 is
right, pitch +1 is stick forward (nose down), yaw +1 is right, throttle +1 is
full. SDL reports stick *up* as negative, so gamepad pitch and throttle axes
are inverted by default; RC radios report channel values, where up is positive.
"""

from __future__ import annotations

from enum import Enum, IntEnum
from typing import Annotated, Any, TypeVar

from pydantic import Field, PlainSerializer, PlainValidator, model_validator

from sim.config.airframe import Strict

E = TypeVar("E", bound=Enum)


def enum_field(enum_cls: type[E]) -> Any:
    """A pydantic type for `enum_cls` read from YAML by exact value: no True for 1, no "2" for 2."""
    values = [member.value for member in enum_cls]

    def check(value: Any) -> E:
        if isinstance(value, enum_cls):
            return value
        if type(value) in (str, int) and value in values:
            return enum_cls(value)
        raise ValueError(f"must be one of {', '.join(repr(v) for v in values)}, got {value!r}")

    return Annotated[enum_cls, PlainValidator(check), PlainSerializer(lambda member: member.value)]


class Channel(str, Enum):
    """What a pilot controls with the sticks."""

    ROLL = "roll"
    PITCH = "pitch"
    YAW = "yaw"
    THROTTLE = "throttle"


class StickAxis(str, Enum):
    """A physical stick direction; Mode presets map channels onto these."""

    LEFT_X = "left_x"
    LEFT_Y = "left_y"
    RIGHT_X = "right_x"
    RIGHT_Y = "right_y"


class StickMode(IntEnum):
    """Mode 2 (throttle and yaw on the left stick) is the FPV norm; Mode 1 swaps throttle and pitch."""

    MODE_1 = 1
    MODE_2 = 2


class DeviceKind(str, Enum):
    GAMEPAD = "gamepad"
    RC_RADIO = "rc_radio"  # EdgeTX / OpenTX radio in USB joystick mode


MODE_PRESETS: dict[StickMode, dict[Channel, StickAxis]] = {
    StickMode.MODE_2: {Channel.THROTTLE: StickAxis.LEFT_Y, Channel.YAW: StickAxis.LEFT_X,
                       Channel.PITCH: StickAxis.RIGHT_Y, Channel.ROLL: StickAxis.RIGHT_X},
    StickMode.MODE_1: {Channel.PITCH: StickAxis.LEFT_Y, Channel.YAW: StickAxis.LEFT_X,
                       Channel.THROTTLE: StickAxis.RIGHT_Y, Channel.ROLL: StickAxis.RIGHT_X},
}

# Defaults by device kind. Gamepad thumbsticks are short and rest up to ~0.25
# off centre: a deadband and some stick expo help. Radios rest within ~0.03
# and apply their own curves, so the simulator adds no expo for them.
DEFAULT_DEADBAND = {DeviceKind.GAMEPAD: 0.08, DeviceKind.RC_RADIO: 0.01}
DEFAULT_STICK_EXPO = {DeviceKind.GAMEPAD: 0.3, DeviceKind.RC_RADIO: 0.0}
MIN_HALF_SPAN = 0.05  # raw units between centre and each end; less is a stuck or unmoved axis


class ChannelCalibration(Strict):
    """One channel: raw SDL axis `axis`, its calibrated ends, inversion, deadband, expo."""

    axis: Annotated[int, Field(ge=0, le=63)]
    min: Annotated[float, Field(ge=-1.5, le=1.5)] = -1.0
    centre: Annotated[float, Field(ge=-1.5, le=1.5)] = 0.0
    max: Annotated[float, Field(ge=-1.5, le=1.5)] = 1.0
    inverted: bool = False
    deadband: Annotated[float, Field(ge=0.0, le=0.5)] = 0.0
    expo: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0

    @model_validator(mode="after")
    def _ordered(self) -> "ChannelCalibration":
        if not (self.min + MIN_HALF_SPAN <= self.centre <= self.max - MIN_HALF_SPAN):
            raise ValueError(f"needs min < centre < max at least {MIN_HALF_SPAN} apart, got "
                             f"min {self.min}, centre {self.centre}, max {self.max}")
        return self


class ArmSwitch(Strict):
    """What arms: a button (each press toggles) or a switch axis (armed while past `threshold`)."""

    button: Annotated[int, Field(ge=0, le=255)] | None = None
    axis: Annotated[int, Field(ge=0, le=63)] | None = None
    threshold: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.4
    above: bool = True  # armed when the axis is above the threshold (else below)

    @model_validator(mode="after")
    def _one_source(self) -> "ArmSwitch":
        if (self.button is None) == (self.axis is None):
            raise ValueError("give exactly one of 'button' or 'axis'")
        return self


class DeviceCalibration(Strict):
    """A device's calibration, as saved in the profile under `devices:`."""

    guid: str
    name: str
    kind: enum_field(DeviceKind)  # type: ignore[valid-type]
    mode: enum_field(StickMode) = StickMode.MODE_2  # type: ignore[valid-type]
    roll: ChannelCalibration
    pitch: ChannelCalibration
    yaw: ChannelCalibration
    throttle: ChannelCalibration
    arm: ArmSwitch

    def channel(self, channel: Channel) -> ChannelCalibration:
        return getattr(self, Channel(channel).value)

    def matches(self, guid: str, name: str) -> bool:
        return self.guid == guid and self.name == name

    def max_axis(self) -> int:
        """Highest SDL axis index this calibration reads (to check it fits the device)."""
        arm_axis = self.arm.axis if self.arm.axis is not None else -1
        return max(arm_axis, *(self.channel(c).axis for c in Channel))


def default_layout(kind: DeviceKind, num_axes: int) -> dict[StickAxis, tuple[int, bool]]:
    """Guess of stick axis -> (SDL axis, up/right is negative) before the wizard has run.

    Gamepads: SDL lists the left stick as axes 0, 1; the right stick as 3, 4 on
    six-axis pads (2 and 5 are the triggers on Linux) or 2, 3 on four-axis pads.
    RC radios send channels in the radio's order, EdgeTX's default AETR
    (aileron 0, elevator 1, throttle 2, rudder 3), which for a Mode 2 radio is
    right X, right Y, left Y, left X, up positive.
    """
    if kind is DeviceKind.RC_RADIO:
        return {StickAxis.RIGHT_X: (0, False), StickAxis.RIGHT_Y: (1, False),
                StickAxis.LEFT_Y: (2, False), StickAxis.LEFT_X: (3, False)}
    right_x, right_y = (3, 4) if num_axes >= 6 else (2, 3)
    return {StickAxis.LEFT_X: (0, False), StickAxis.LEFT_Y: (1, True),
            StickAxis.RIGHT_X: (right_x, False), StickAxis.RIGHT_Y: (right_y, True)}


def calibration_from_layout(guid: str, name: str, kind: DeviceKind, mode: StickMode,
                            layout: dict[StickAxis, tuple[int, bool]],
                            ends: dict[int, tuple[float, float, float]] | None = None,
                            deadband: float | None = None, arm: ArmSwitch | None = None) -> DeviceCalibration:
    """Channels for `mode` over a physical layout; `ends` gives raw (min, centre, max) per SDL axis."""
    ends = ends or {}
    deadband = DEFAULT_DEADBAND[kind] if deadband is None else deadband
    channels = {}
    for channel, stick in MODE_PRESETS[mode].items():
        axis, negative_up = layout[stick]
        low, centre, high = ends.get(axis, (-1.0, 0.0, 1.0))
        is_throttle = channel is Channel.THROTTLE
        channels[channel.value] = ChannelCalibration(
            axis=axis, min=low, centre=centre, max=high, inverted=negative_up,
            deadband=0.0 if is_throttle else deadband,
            expo=0.0 if is_throttle else DEFAULT_STICK_EXPO[kind])
    if arm is None:
        arm = ArmSwitch(axis=4) if kind is DeviceKind.RC_RADIO else ArmSwitch(button=0)
    return DeviceCalibration(guid=guid, name=name, kind=kind, mode=mode, arm=arm, **channels)


def default_calibration(guid: str, name: str, kind: DeviceKind, num_axes: int) -> DeviceCalibration:
    """What an uncalibrated device flies with: Mode 2 over the default layout of its kind.

    RC radios arm on channel 5 (SDL axis 4, the usual AUX1 arm switch); gamepads on button 0.
    """
    return calibration_from_layout(guid, name, kind, StickMode.MODE_2, default_layout(kind, num_axes))
