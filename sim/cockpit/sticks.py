"""Stick shaping: raw SDL axis -> calibrated -> deadband and rescale -> inversion -> stick expo.

The result is `Sticks`, four numbers in [-1, 1] in the pilot's convention
(roll +right, pitch +forward, yaw +right, throttle +up). Rates (deg/s) are the
flight mode's business (`sim.cockpit.flight_modes`), so angle mode can use the
same sticks. Pure maths over a `DeviceCalibration`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from sim.cockpit.calibration import Channel, ChannelCalibration, DeviceCalibration


@dataclass(frozen=True)
class Sticks:
    """Normalised sticks. Throttle is the stick position: -1 fully down, +1 fully up."""

    roll: float = 0.0
    pitch: float = 0.0
    yaw: float = 0.0
    throttle: float = -1.0

    @property
    def throttle_fraction(self) -> float:
        """Throttle as 0..1 (stick down .. up): the collective thrust fraction in acro and angle."""
        return 0.5 * (self.throttle + 1.0)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return self.roll, self.pitch, self.yaw, self.throttle


def _clip(value: float) -> float:
    return min(1.0, max(-1.0, value))


def normalise(raw: float, calibration: ChannelCalibration) -> float:
    """Raw axis value -> [-1, 1], centre -> 0. Each side is scaled on its own, so an
    off-centre rest position still gives -1 and +1 at the calibrated ends. NaN -> 0."""
    if not math.isfinite(raw):
        return 0.0
    offset = raw - calibration.centre
    span = calibration.max - calibration.centre if offset >= 0.0 else calibration.centre - calibration.min
    return _clip(offset / span)


def apply_deadband(value: float, deadband: float) -> float:
    """0 inside +-deadband; outside, rescaled so the edge of the band is 0 and full stick stays 1."""
    magnitude = abs(value)
    if magnitude <= deadband:
        return 0.0
    return math.copysign((magnitude - deadband) / (1.0 - deadband), value)


def apply_expo(value: float, expo: float) -> float:
    """Softer centre, same ends: e*x^3 + (1-e)*x."""
    return expo * value ** 3 + (1.0 - expo) * value


def shape_channel(raw: float, calibration: ChannelCalibration) -> float:
    """One channel through the whole pipeline."""
    value = apply_deadband(normalise(raw, calibration), calibration.deadband)
    if calibration.inverted:
        value = -value
    return _clip(apply_expo(value, calibration.expo))


class StickShaper:
    """Turns a device's raw axis values into `Sticks` with its calibration."""

    def __init__(self, calibration: DeviceCalibration) -> None:
        self.calibration = calibration

    def channel(self, axes: Sequence[float], channel: Channel) -> float:
        cal = self.calibration.channel(channel)
        if cal.axis >= len(axes):
            return -1.0 if channel is Channel.THROTTLE else 0.0  # device lacks the axis: safe value
        return shape_channel(axes[cal.axis], cal)

    def shape(self, axes: Sequence[float]) -> Sticks:
        return Sticks(*(self.channel(axes, channel) for channel in
                        (Channel.ROLL, Channel.PITCH, Channel.YAW, Channel.THROTTLE)))
