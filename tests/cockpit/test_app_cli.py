"""`slab fly` from the command line: bad input is one line and exit 2; the demo pilot flies headless."""

from __future__ import annotations

import json

import pytest

from sim.cli import main
from sim.commands.fly import display_problem
from trials import TrialRecord


def one_line_error(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    return err


def test_unknown_scenario(capsys):
    assert "no-such-scenario" in one_line_error(capsys, ["fly", "no-such-scenario"])


def test_broken_scenario_file_names_file_and_line(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text("kind: scenario\nmeta:\n  name: broken\n  duration_s: -5\n", encoding="utf-8")
    err = one_line_error(capsys, ["fly", str(path)])
    assert f"{path}:" in err


@pytest.mark.parametrize("airframe", ["shahed-136", "no-such-drone"])
def test_bad_airframe(capsys, airframe):
    err = one_line_error(capsys, ["fly", "training-hover-and-land", "--airframe", airframe])
    assert f"airframe '{airframe}'" in err and "blue airframes: interceptor-quad" in err


def test_fixed_wing_is_refused(capsys):
    err = one_line_error(capsys, ["fly", "training-first-intercept", "--side", "red"])
    assert "'shahed-136' is a fixed wing" in err


def test_corrupt_profile_names_file_line_and_field(config_dir, capsys):
    config_dir.mkdir(parents=True)
    (config_dir / "pilot.yaml").write_text("version: 1\nrates:\n  roll: {type: actual, expo: high}\n",
                                           encoding="utf-8")
    err = one_line_error(capsys, ["fly", "training-hover-and-land"])
    assert f"{config_dir / 'pilot.yaml'}:3:" in err and "rates.roll.expo" in err


@pytest.mark.parametrize("argv", [["--size", "big"], ["--size", "10x10"], ["--duration", "0"], ["--mode", "sport"],
                                  ["--callsign", ""], ["--callsign", "x" * 40], ["--side", "green"]])
def test_bad_options(capsys, argv):
    one_line_error(capsys, ["fly", "training-hover-and-land", *argv])


def test_no_display(monkeypatch, capsys):
    for name in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    err = one_line_error(capsys, ["fly", "training-hover-and-land"])
    assert err.startswith("slab fly: no display")


def test_display_problem_rules():
    assert display_problem({}, "linux") is not None
    assert display_problem({"SDL_VIDEODRIVER": "dummy"}, "linux") is None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "win32") is None


def test_demo_pilot_flies_headless_and_skips_the_debrief(tmp_path, capsys):
    code = main(["fly", "training-hover-and-land", "--duration", "1.5", "--autopilot-demo", "--size", "320x240",
                 "--callsign", "Demo", "--out", str(tmp_path), "--screenshot", str(tmp_path / "shot.png")])
    out = capsys.readouterr().out
    assert code == 0 and "Record: " in out and "Feedback: " in out
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    record = TrialRecord.open(folder)
    assert record.status == "completed" and record.meta["pilot_callsign"] == "Demo"
    assert json.loads((folder / "feedback.json").read_text())["skipped"] is True
    assert (tmp_path / "shot.png").is_file()
