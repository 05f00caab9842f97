"""Rate curves: the golden values of DOMAIN.md section 7, the cap, and the CLI-dump import."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.config.errors import ConfigError
from sim.control.betaflight_dump import load_betaflight_dump, parse_betaflight_dump
from sim.control.rates import (ActualRates, BetaflightRates, RatesByAxis, actual_deg_per_s, betaflight_deg_per_s,
                               rate_curve)

XS = (0.25, 0.5, 0.75, 1.0)
GOLDEN = [
    (BetaflightRates(rc_rate=1.0, super_rate=0.7, expo=0.0), (60.6, 153.8, 315.8, 666.7)),
    (BetaflightRates(rc_rate=1.0, super_rate=0.7, expo=0.3), (42.7, 113.5, 261.0, 666.7)),
    (ActualRates(center_deg_per_s=70, max_deg_per_s=670, expo=0.0), (55.0, 185.0, 390.0, 670.0)),
    (ActualRates(center_deg_per_s=70, max_deg_per_s=670, expo=0.5), (36.3, 114.7, 274.6, 670.0)),
]


@pytest.mark.parametrize("rates, x, expected",
                         [(rates, x, value) for rates, values in GOLDEN for x, value in zip(XS, values)])
def test_golden_values(rates, x: float, expected: float) -> None:
    assert rates.deg_per_s(x) == pytest.approx(expected, abs=0.05)  # equal to 0.1 deg/s when rounded
    assert round(rates.deg_per_s(x), 1) == expected


@pytest.mark.parametrize("rates", [r for r, _ in GOLDEN])
def test_curves_are_odd_and_zero_at_centre(rates) -> None:
    assert rates.deg_per_s(0.0) == 0.0
    for x in XS:
        assert rates.deg_per_s(-x) == pytest.approx(-rates.deg_per_s(x))


def test_cap_at_1998() -> None:
    assert betaflight_deg_per_s(1.0, 2.55, 1.0, 0.0) == 1998.0
    assert betaflight_deg_per_s(-1.0, 2.55, 1.0, 0.0) == -1998.0
    assert actual_deg_per_s(1.0, 200, 2500, 0.0) == 1998.0
    assert BetaflightRates(rc_rate=2.0, super_rate=0.8, limit_deg_per_s=1000).deg_per_s(1.0) == 1000.0


def test_rc_rate_above_two_grows_faster() -> None:
    # r = 2.5 -> 2.5 + 14.54 * 0.5 = 9.77 -> 200 * 9.77 * x
    assert betaflight_deg_per_s(0.5, 2.5, 0.0, 0.0) == pytest.approx(977.0)
    assert betaflight_deg_per_s(0.5, 2.0, 0.0, 0.0) == pytest.approx(200.0)


def test_stick_outside_range_is_clamped_and_nan_refused() -> None:
    assert ActualRates().deg_per_s(1.5) == ActualRates().deg_per_s(1.0)
    with pytest.raises(ValueError, match="finite"):
        ActualRates().deg_per_s(float("nan"))


@pytest.mark.parametrize("make, field", [
    (lambda: BetaflightRates(rc_rate=0.0), "rc_rate"), (lambda: BetaflightRates(rc_rate=3.0), "rc_rate"),
    (lambda: BetaflightRates(super_rate=1.2), "super_rate"), (lambda: BetaflightRates(expo=-0.1), "expo"),
    (lambda: ActualRates(center_deg_per_s=-1), "center"), (lambda: ActualRates(expo=2), "expo"),
    (lambda: ActualRates(limit_deg_per_s=3000), "limit"),
])
def test_bad_parameters(make, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        make()


def test_rate_curve_and_axes() -> None:
    rates = RatesByAxis(yaw=BetaflightRates())
    assert rate_curve(rates.roll, [0.0, 1.0]) == [0.0, 670.0]
    assert rates.for_axis("yaw").deg_per_s(1.0) == pytest.approx(666.67, abs=0.01)
    assert rates.deg_per_s(1.0, -1.0, 0.0) == (670.0, -670.0, 0.0)


DUMP = """\
# diff all
# version
# Betaflight / STM32F7X2 (S7X2) 4.4.2 Jun 10 2023 / 08:00:00 (024f8e13d) MSP API: 1.45
feature -AIRMODE
set gyro_lpf1_static_hz = 0

rateprofile 0
set rates_type = ACTUAL
set roll_rc_rate = 7
set pitch_rc_rate = 8
set roll_srate = 67
set pitch_srate = 80
set roll_expo = 50
set yaw_srate = 40

rateprofile 1
set rates_type = BETAFLIGHT
set roll_rc_rate = 100
set roll_srate = 70
set roll_expo = 30
set yaw_rc_rate = 120

# restore original rateprofile selection
rateprofile 0
"""


def test_dump_actual_rates_are_tens_of_deg_per_s() -> None:
    rates = parse_betaflight_dump(DUMP)
    assert rates.roll == ActualRates(center_deg_per_s=70, max_deg_per_s=670, expo=0.5)
    assert rates.pitch == ActualRates(center_deg_per_s=80, max_deg_per_s=800, expo=0.0)
    assert rates.yaw == ActualRates(center_deg_per_s=70, max_deg_per_s=400)  # centre: the ACTUAL default
    assert [round(rates.roll.deg_per_s(x), 1) for x in XS] == [36.3, 114.7, 274.6, 670.0]


def test_dump_betaflight_rates_are_hundredths() -> None:
    rates = parse_betaflight_dump(DUMP, rateprofile=1)
    assert rates.roll == BetaflightRates(rc_rate=1.0, super_rate=0.7, expo=0.3)
    assert rates.yaw == BetaflightRates(rc_rate=1.2, super_rate=0.7, expo=0.0)
    assert [round(rates.roll.deg_per_s(x), 1) for x in XS] == [42.7, 113.5, 261.0, 666.7]


def test_dump_without_rates_type_is_betaflight_with_legacy_names() -> None:
    rates = parse_betaflight_dump("set rc_rate = 100\nset rc_expo = 30\nset roll_srate = 70\n"
                                  "set rc_rate_yaw = 90\nset roll_super_rate = 70  # alias\n")
    assert rates.roll == rates.pitch.__class__(rc_rate=1.0, super_rate=0.7, expo=0.3)
    assert rates.pitch.super_rate == 0.7  # the default for what the dump leaves out
    assert rates.yaw.rc_rate == 0.9


def test_per_axis_name_beats_legacy_name() -> None:
    rates = parse_betaflight_dump("set roll_rc_rate = 150\nset rc_rate = 100\n")
    assert (rates.roll.rc_rate, rates.pitch.rc_rate) == (1.5, 1.0)


@pytest.mark.parametrize("text, line, col, field, words", [
    ("set roll_rc_rate = 7\nset rates_type = KISS\n", 2, 18, "rates_type", "not supported"),
    ("set rates_type = ACTUAL\n\nset roll_expo = 1.5\n", 3, 17, "roll_expo", "whole number"),
    ("set roll_rc_rate = 300\n", 1, 20, "roll_rc_rate", "rc_rate must be in (0, 2.55]"),
    ("set rates_type = ACTUAL\nset yaw_expo = 150\n", 2, 16, "yaw_expo", "expo must be in [0, 1]"),
    ("feature -AIRMODE\n", 1, 1, "", "no rate settings"),
])
def test_dump_errors_are_positioned(text: str, line: int, col: int, field: str, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_betaflight_dump(text, "dump.txt")
    error = info.value
    assert (error.file, error.line, error.col, error.field) == ("dump.txt", line, col, field)
    assert words in error.message
    assert "\n" not in str(error)


def test_missing_rateprofile_and_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="rate profile 3 is not in the dump"):
        parse_betaflight_dump(DUMP, rateprofile=3)
    with pytest.raises(ConfigError, match="file not found"):
        load_betaflight_dump(tmp_path / "none.txt")
    path = tmp_path / "dump.txt"
    path.write_text(DUMP)
    assert load_betaflight_dump(path).roll.expo == 0.5
