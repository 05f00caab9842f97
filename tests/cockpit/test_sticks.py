"""Stick shaping: calibration, deadband with rescale, inversion, expo, Mode 1 / Mode 2 mapping."""

from __future__ import annotations

import pytest

from sim.cockpit.calibration import (Channel, ChannelCalibration, DeviceKind, StickAxis, StickMode,
                                     calibration_from_layout, default_calibration, default_layout)
from sim.cockpit.sticks import Sticks, StickShaper, apply_deadband, normalise, shape_channel
from tests.cockpit.fakes import EDGETX_GUID, XBOX_GUID


def test_each_side_scales_on_its_own() -> None:
    cal = ChannelCalibration(axis=0, min=-0.8, centre=0.1, max=0.9)
    assert normalise(0.1, cal) == 0.0
    assert normalise(0.9, cal) == pytest.approx(1.0) and normalise(-0.8, cal) == pytest.approx(-1.0)
    assert normalise(0.5, cal) == pytest.approx(0.5) and normalise(-0.35, cal) == pytest.approx(-0.5)
    assert normalise(1.0, cal) == 1.0  # beyond the calibrated end: clipped
    assert normalise(float("nan"), cal) == 0.0


@pytest.mark.parametrize("value, expected", [
    (0.0, 0.0), (0.05, 0.0), (-0.1, 0.0), (0.1 + 1e-12, 0.0), (1.0, 1.0), (-1.0, -1.0), (0.55, 0.5), (-0.55, -0.5)])
def test_deadband_rescales_so_full_stick_is_one(value: float, expected: float) -> None:
    assert apply_deadband(value, 0.1) == pytest.approx(expected, abs=1e-9)


def test_deadband_is_continuous_and_monotonic() -> None:
    xs = [i / 1000 for i in range(-1000, 1001)]
    ys = [apply_deadband(x, 0.2) for x in xs]
    assert all(b >= a for a, b in zip(ys, ys[1:]))
    assert max(abs(b - a) for a, b in zip(ys, ys[1:])) < 0.002


def test_pipeline_order_deadband_inversion_expo() -> None:
    cal = ChannelCalibration(axis=0, min=-1.0, centre=0.2, max=1.0, inverted=True, deadband=0.1, expo=0.5)
    assert shape_channel(0.2, cal) == 0.0  # resting off-centre gamepad stick -> 0
    assert shape_channel(0.25, cal) == 0.0  # inside the deadband around the calibrated centre
    assert shape_channel(1.0, cal) == pytest.approx(-1.0)  # full stick still reaches 1 (inverted)
    assert shape_channel(-1.0, cal) == pytest.approx(1.0)
    half = shape_channel(0.2 + 0.8 * 0.55, cal)  # 0.55 of travel -> 0.5 after deadband -> -0.5 -> expo
    assert half == pytest.approx(-(0.5 * 0.125 + 0.5 * 0.5))


def test_gamepad_default_is_mode_2_with_sdl_up_negative() -> None:
    cal = default_calibration(XBOX_GUID, "Xbox 360 Controller", DeviceKind.GAMEPAD, 6)
    shaper = StickShaper(cal)
    axes = [0.0, -1.0, -1.0, 0.0, 0.0, -1.0]  # left stick up; triggers at rest (-1)
    assert shaper.shape(axes) == Sticks(roll=0.0, pitch=0.0, yaw=0.0, throttle=1.0)
    axes = [1.0, 1.0, -1.0, 1.0, -1.0, -1.0]  # left stick down-right, right stick up-right
    assert shaper.shape(axes) == Sticks(roll=1.0, pitch=1.0, yaw=1.0, throttle=-1.0)
    assert cal.arm.button == 0 and cal.roll.deadband == 0.08 and cal.roll.expo == 0.3
    assert cal.throttle.deadband == 0.0 and cal.throttle.expo == 0.0


def test_mode_1_swaps_throttle_and_pitch() -> None:
    layout = default_layout(DeviceKind.GAMEPAD, 6)
    cal = calibration_from_layout(XBOX_GUID, "pad", DeviceKind.GAMEPAD, StickMode.MODE_1, layout)
    assert (cal.pitch.axis, cal.throttle.axis, cal.yaw.axis, cal.roll.axis) == (1, 4, 0, 3)
    shaper = StickShaper(cal)
    assert shaper.shape([0.0, -1.0, 0.0, 0.0, 0.0, 0.0]).pitch == 1.0  # left stick up: pitch forward
    assert shaper.shape([0.0, 0.0, 0.0, 0.0, -1.0, 0.0]).throttle == 1.0  # right stick up: throttle
    mode2 = calibration_from_layout(XBOX_GUID, "pad", DeviceKind.GAMEPAD, StickMode.MODE_2, layout)
    assert (mode2.pitch.axis, mode2.throttle.axis) == (4, 1)


def test_four_axis_pad_and_radio_layouts() -> None:
    assert default_layout(DeviceKind.GAMEPAD, 4)[StickAxis.RIGHT_Y] == (3, True)
    radio = default_calibration(EDGETX_GUID, "EdgeTX", DeviceKind.RC_RADIO, 8)
    assert (radio.roll.axis, radio.pitch.axis, radio.throttle.axis, radio.yaw.axis) == (0, 1, 2, 3)
    assert not any(radio.channel(c).inverted for c in Channel)  # radios: up is positive
    assert all(radio.channel(c).expo == 0.0 for c in Channel)  # radios bring their own curves
    assert radio.arm.axis == 4 and radio.arm.above
    assert StickShaper(radio).shape([0.5, -0.5, 1.0, 0.0, 0, 0, 0, 0]) == Sticks(
        roll=pytest.approx((0.5 - 0.01) / 0.99), pitch=pytest.approx(-(0.5 - 0.01) / 0.99), yaw=0.0, throttle=1.0)


def test_missing_axis_gives_safe_values() -> None:
    cal = default_calibration(XBOX_GUID, "pad", DeviceKind.GAMEPAD, 6)
    two_axes = StickShaper(cal).shape([0.3, 0.2])  # a two-axis device: no right stick
    assert (two_axes.roll, two_axes.pitch) == (0.0, 0.0)
    assert two_axes.yaw > 0.0 and two_axes.throttle < 0.0
    assert StickShaper(cal).shape([]) == Sticks(0.0, 0.0, 0.0, -1.0)


def test_throttle_fraction() -> None:
    assert Sticks(throttle=-1.0).throttle_fraction == 0.0
    assert Sticks(throttle=0.0).throttle_fraction == 0.5
    assert Sticks(throttle=1.0).throttle_fraction == 1.0
