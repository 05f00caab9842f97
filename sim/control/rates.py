"""Stick -> body-rate curves of the two Betaflight rate types pilots bring with them.

Pure functions of one stick position x in [-1, 1] returning deg/s, re-derived
from the formulas of DOMAIN.md section 7 (Betaflight itself is GPL; no code is
taken from it). Values are in configurator units, not CLI integers:
rc_rate 1.00 (CLI 100), super rate 0.70 (CLI 70), expo 0.30 (CLI 30); Actual
rates take centre and max in deg/s. `sim.control.betaflight_dump` converts CLI
integers. Every curve is odd (r(-x) = -r(x)) and capped at +-1998 deg/s, the
firmware's setpoint limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Union

RATE_LIMIT_DEG_PER_S = 1998.0  # Betaflight's hard setpoint cap (rate_limit default and maximum)
RC_RATE_MAX = 2.55  # CLI stores rc_rate as a uint8 in hundredths
RC_RATE_BOOST_FROM = 2.0  # above this rc_rate grows 14.54x faster (lets rc_rate reach ~1998 deg/s)
RC_RATE_BOOST = 14.54
ACTUAL_DEG_PER_S_MAX = 2550.0  # CLI stores Actual centre/max as uint8 tens of deg/s
SUPER_FACTOR_FLOOR = 0.01  # keeps 1 / (1 - |x| * s) finite at s = 1


class RatesType(str, Enum):
    """Rate type, as `set rates_type = ...` names it (lower case here)."""

    BETAFLIGHT = "betaflight"
    ACTUAL = "actual"


class Axis(str, Enum):
    ROLL = "roll"
    PITCH = "pitch"
    YAW = "yaw"


def _stick(x: float) -> float:
    if not math.isfinite(x):
        raise ValueError(f"stick position must be a finite number, got {x!r}")
    return min(1.0, max(-1.0, float(x)))


def _cap(rate_deg_per_s: float, limit_deg_per_s: float) -> float:
    return min(limit_deg_per_s, max(-limit_deg_per_s, rate_deg_per_s))


def check_range(name: str, value: float, low: float, high: float, low_open: bool = False) -> float:
    """`value` if low <= value <= high (low < value when low_open), else ValueError naming `name`."""
    if not math.isfinite(value) or value > high or value < low or (low_open and value == low):
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must be in {bracket}{low:g}, {high:g}], got {value:g}")
    return float(value)


def betaflight_deg_per_s(x: float, rc_rate: float, super_rate: float, expo: float,
                         limit_deg_per_s: float = RATE_LIMIT_DEG_PER_S) -> float:
    """Betaflight rate type: rate (deg/s) at stick x for rc_rate, super rate and expo."""
    x = _stick(x)
    magnitude = abs(x)
    shaped = x * magnitude ** 3 * expo + x * (1.0 - expo)  # expo bends the centre, keeps the ends
    rc = rc_rate + RC_RATE_BOOST * (rc_rate - RC_RATE_BOOST_FROM) if rc_rate > RC_RATE_BOOST_FROM else rc_rate
    rate = 200.0 * rc * shaped
    # Super rate steepens the outer stick; it uses |x| before expo.
    rate /= min(1.0, max(SUPER_FACTOR_FLOOR, 1.0 - magnitude * super_rate))
    return _cap(rate, limit_deg_per_s)


def actual_deg_per_s(x: float, center_deg_per_s: float, max_deg_per_s: float, expo: float,
                     limit_deg_per_s: float = RATE_LIMIT_DEG_PER_S) -> float:
    """Actual rate type: centre sensitivity C (slope at x = 0), max rate M at full stick."""
    x = _stick(x)
    curve = x ** 5 * expo + x * (1.0 - expo)
    rate = x * center_deg_per_s + max(0.0, max_deg_per_s - center_deg_per_s) * abs(x) * curve
    return _cap(rate, limit_deg_per_s)


@dataclass(frozen=True)
class BetaflightRates:
    """One axis in Betaflight rates (configurator units: rc_rate 1.00, super 0.70, expo 0.30)."""

    rc_rate: float = 1.0
    super_rate: float = 0.7
    expo: float = 0.0
    limit_deg_per_s: float = RATE_LIMIT_DEG_PER_S

    def __post_init__(self) -> None:
        check_range("rc_rate", self.rc_rate, 0.0, RC_RATE_MAX, low_open=True)
        check_range("super_rate", self.super_rate, 0.0, 1.0)
        check_range("expo", self.expo, 0.0, 1.0)
        check_range("rate limit (deg/s)", self.limit_deg_per_s, 0.0, RATE_LIMIT_DEG_PER_S, low_open=True)

    @property
    def type(self) -> RatesType:
        return RatesType.BETAFLIGHT

    def deg_per_s(self, x: float) -> float:
        return betaflight_deg_per_s(x, self.rc_rate, self.super_rate, self.expo, self.limit_deg_per_s)

    def describe(self) -> str:
        return f"betaflight rc_rate {self.rc_rate:.2f}, super_rate {self.super_rate:.2f}, expo {self.expo:.2f}"


@dataclass(frozen=True)
class ActualRates:
    """One axis in Actual rates (Betaflight's default since 4.3: 70 / 670 / 0)."""

    center_deg_per_s: float = 70.0
    max_deg_per_s: float = 670.0
    expo: float = 0.0
    limit_deg_per_s: float = RATE_LIMIT_DEG_PER_S

    def __post_init__(self) -> None:
        check_range("center (deg/s)", self.center_deg_per_s, 0.0, ACTUAL_DEG_PER_S_MAX, low_open=True)
        check_range("max (deg/s)", self.max_deg_per_s, 0.0, ACTUAL_DEG_PER_S_MAX)
        check_range("expo", self.expo, 0.0, 1.0)
        check_range("rate limit (deg/s)", self.limit_deg_per_s, 0.0, RATE_LIMIT_DEG_PER_S, low_open=True)

    @property
    def type(self) -> RatesType:
        return RatesType.ACTUAL

    def deg_per_s(self, x: float) -> float:
        return actual_deg_per_s(x, self.center_deg_per_s, self.max_deg_per_s, self.expo, self.limit_deg_per_s)

    def describe(self) -> str:
        return (f"actual center {self.center_deg_per_s:g} deg/s, max {self.max_deg_per_s:g} deg/s, "
                f"expo {self.expo:.2f}")


AxisRates = Union[BetaflightRates, ActualRates]


@dataclass(frozen=True)
class RatesByAxis:
    """The rates of roll, pitch and yaw (each axis may use either type)."""

    roll: AxisRates = ActualRates()
    pitch: AxisRates = ActualRates()
    yaw: AxisRates = ActualRates()

    def for_axis(self, axis: Axis | str) -> AxisRates:
        return getattr(self, Axis(axis).value)

    def deg_per_s(self, roll_x: float, pitch_x: float, yaw_x: float) -> tuple[float, float, float]:
        """Rates (deg/s) of the three axes for three stick positions."""
        return self.roll.deg_per_s(roll_x), self.pitch.deg_per_s(pitch_x), self.yaw.deg_per_s(yaw_x)


def rate_curve(rates: AxisRates, xs: Iterable[float]) -> list[float]:
    """deg/s at every stick position of `xs`."""
    return [rates.deg_per_s(x) for x in xs]
