"""`slab rates`: table, exact JSON, PNG plot, dump and profile sources, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main
from tests.cockpit.test_rates import DUMP


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["rates", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_exactly_x_and_deg_per_s(capsys) -> None:
    code, out, err = run(capsys, "--type", "betaflight", "--rc-rate", "1.0", "--super-rate", "0.7",
                         "--expo", "0.3", "--at=-1,0,0.25,0.5,0.75,1", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["x", "deg_per_s"]
    assert data["x"] == [-1.0, 0.0, 0.25, 0.5, 0.75, 1.0]
    assert [round(v, 1) for v in data["deg_per_s"]] == [-666.7, 0.0, 42.7, 113.5, 261.0, 666.7]


def test_table_with_actual_defaults(capsys) -> None:
    code, out, _ = run(capsys, "--type", "actual", "--center", "70", "--max", "670", "--expo", "0.5")
    assert code == 0
    lines = out.strip().splitlines()
    assert "actual center 70 deg/s, max 670 deg/s, expo 0.50" in lines[0]
    assert [line.split() for line in lines[2:]] == [
        ["0.00", "0.0"], ["0.25", "36.3"], ["0.50", "114.7"], ["0.75", "274.6"], ["1.00", "670.0"]]


def test_plot_writes_a_png(capsys, tmp_path: Path) -> None:
    png = tmp_path / "curve.png"
    code, out, _ = run(capsys, "--plot", str(png), "--json")
    assert code == 0 and json.loads(out)["deg_per_s"][-1] == 670.0
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000


def test_from_dump(capsys, tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(DUMP)
    code, out, _ = run(capsys, "--from-dump", str(dump), "--axis", "pitch", "--at", "1", "--json")
    assert code == 0 and json.loads(out) == {"x": [1.0], "deg_per_s": [800.0]}
    code, out, _ = run(capsys, "--from-dump", str(dump), "--rateprofile", "1", "--at", "0.25", "--json")
    assert round(json.loads(out)["deg_per_s"][0], 1) == 42.7


@pytest.mark.parametrize("argv, words", [
    (["--type", "betaflight", "--rc-rate", "100"], "--rc-rate must be in (0, 2.55]"),
    (["--type", "betaflight", "--super-rate", "abc"], "--super-rate: expected a number"),
    (["--type", "actual", "--rc-rate", "1"], "--rc-rate does not apply to --type actual"),
    (["--expo", "1.5"], "--expo must be in [0, 1]"),
    (["--expo", "inf"], "finite"),
    (["--at", "0,1.5"], "--at: stick positions must be in [-1, 1]"),
    (["--at", "0,,1"], "--at"),
    (["--type", "kiss"], "invalid choice"),
    (["--rateprofile", "x"], "invalid int value"),
    (["--from-dump", "missing.txt"], "missing.txt:1:1: file not found"),
    (["--from-dump", "x.txt", "--type", "actual"], "use only one of --from-dump, --type options"),
])
def test_bad_values_one_line_exit_2(capsys, argv: list[str], words: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert words in err and err.count("\n") == 1, err


def test_bad_dump_line_is_positioned(capsys, tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text("rateprofile 0\nset rates_type = ACTUAL\nset roll_srate = lots\n")
    code, _, err = run(capsys, "--from-dump", str(dump))
    assert code == 2 and err == f"{dump}:3:18: roll_srate: expected a whole number (the CLI stores rates as " \
                                "integers), got 'lots'\n"


def test_profile_rates(capsys, config_dir: Path) -> None:
    code, out, err = run(capsys, "--profile", "--at", "1", "--json")
    assert code == 0 and json.loads(out) == {"x": [1.0], "deg_per_s": [670.0]} and "default rates" in err
    config_dir.mkdir(parents=True)
    (config_dir / "pilot.yaml").write_text(
        "callsign: hawk\nrates:\n  yaw: {type: betaflight, rc_rate: 1.0, super_rate: 0.7, expo: 0.0}\n")
    code, out, err = run(capsys, "--profile", "--axis", "yaw", "--at", "0.25", "--json")
    assert code == 0 and err == "" and round(json.loads(out)["deg_per_s"][0], 1) == 60.6


def test_corrupt_profile_one_line_exit_2(capsys, config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    path = config_dir / "pilot.yaml"
    path.write_text("callsign: hawk\nrates:\n  roll:\n    type: actual\n    expo: high\n")
    code, out, err = run(capsys, "--profile")
    assert code == 2 and out == ""
    assert err == f"{path}:5:11: rates.roll.expo: expected a number, got str 'high'\n"


def test_save_a_dump_into_the_profile(capsys, tmp_path: Path, config_dir: Path) -> None:
    from sim.cockpit.profile import load_profile
    from sim.control.rates import ActualRates

    dump = tmp_path / "dump.txt"
    dump.write_text(DUMP)
    code, out, err = run(capsys, "--from-dump", str(dump), "--save", "--json")
    assert code == 0 and json.loads(out)["deg_per_s"][-1] == 670.0
    assert err == f"saved the roll, pitch and yaw rates to {config_dir / 'pilot.yaml'}\n"
    rates = load_profile().rates.to_rates()
    assert rates.roll == ActualRates(70, 670, 0.5) and rates.pitch == ActualRates(80, 800, 0.0)
    assert rates.yaw == ActualRates(70, 400, 0.0)
    code, _, err = run(capsys, "--type", "betaflight", "--rc-rate", "1.2", "--axis", "yaw", "--save")
    assert code == 0 and "saved the yaw rates" in err
    rates = load_profile().rates.to_rates()
    assert rates.roll == ActualRates(70, 670, 0.5) and rates.yaw.rc_rate == 1.2  # only yaw changed
    code, _, err = run(capsys, "--profile", "--save")
    assert code == 2 and "--save needs rates to save" in err
