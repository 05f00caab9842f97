"""Calibration wizard: as a state machine, as a pygame app fed with injected events, and as `slab calibrate`."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from sim.cli import main
from sim.cockpit.calibrate_app import CalibrationApp, Outcome
from sim.cockpit.calibration import ArmSwitch, DeviceKind, StickMode
from sim.cockpit.pilot_input import PilotInputs
from sim.cockpit.profile import PilotProfile, load_profile, profile_path
from sim.cockpit.wizard import CalibrationWizard, WizardAction, WizardStep
from sim.commands import calibrate as calibrate_command
from tests.cockpit.fakes import EDGETX_GUID, XBOX_GUID, FakeJoystick, FakeJoysticks, edgetx, key, move, press

PAD_REST = [0.05, -0.1, -1.0, 0.0, 0.12, -1.0]  # gamepad sticks rest off centre; triggers at -1


def script_gamepad(pad: FakeJoystick) -> None:
    """Post the events of a soldier calibrating a pad (Mode 2, yaw flipped, deadband +0.02)."""
    for axis, value in enumerate(PAD_REST):
        move(pad, axis, value)
    key(pygame.K_RETURN)  # centre
    for axis in (0, 1, 3, 4):
        move(pad, axis, -1.0)
        move(pad, axis, 1.0)
        move(pad, axis, PAD_REST[axis])
    key(pygame.K_RETURN)  # extremes
    for axis, value in ((1, -1.0), (0, 1.0), (4, -1.0), (3, 1.0)):  # left up, left right, right up, right right
        move(pad, axis, value)
        move(pad, axis, PAD_REST[axis])
    press(pad, 5)  # arm button
    key(pygame.K_2)  # Mode 2
    key(pygame.K_y)  # flip yaw
    key(pygame.K_RETURN)
    key(pygame.K_UP)
    key(pygame.K_UP)
    key(pygame.K_RETURN)  # deadband 0.10, save


def check_gamepad_calibration(profile: PilotProfile) -> None:
    cal = profile.calibration_for(XBOX_GUID, "Xbox 360 Controller")
    assert cal is not None and cal.kind is DeviceKind.GAMEPAD and cal.mode is StickMode.MODE_2
    assert (cal.roll.axis, cal.pitch.axis, cal.yaw.axis, cal.throttle.axis) == (3, 4, 0, 1)
    assert (cal.roll.inverted, cal.pitch.inverted, cal.yaw.inverted, cal.throttle.inverted) == (False, True, True, True)
    assert (cal.throttle.min, cal.throttle.centre, cal.throttle.max) == (-1.0, -0.1, 1.0)
    assert (cal.yaw.centre, cal.pitch.centre) == (0.05, 0.12)
    assert (cal.roll.deadband, cal.yaw.deadband, cal.throttle.deadband) == (0.1, 0.1, 0.0)
    assert cal.arm == ArmSwitch(button=5)


def test_app_driven_by_injected_events_saves_the_calibration(pg, joysticks, config_dir: Path) -> None:
    pad = joysticks.present(0, FakeJoystick(50))
    script_gamepad(pad)
    app = CalibrationApp(PilotProfile(callsign="hawk"), profile_path(), manager=joysticks.manager())
    assert app.run(max_frames=50, fps=0) is Outcome.SAVED
    assert app.saved_path == config_dir / "pilot.yaml"
    profile = load_profile()
    assert profile.callsign == "hawk"  # the rest of the profile is kept
    check_gamepad_calibration(profile)


def test_slab_calibrate(pg, joysticks: FakeJoysticks, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(calibrate_command, "make_manager", joysticks.manager)
    script_gamepad(joysticks.present(0, FakeJoystick(51)))
    assert main(["calibrate", "--max-frames", "50"]) == 0
    assert "saved the calibration of Xbox 360 Controller (gamepad)" in capsys.readouterr().out
    check_gamepad_calibration(load_profile())


def test_corrupt_profile_exit_2_and_reset_starts_afresh(pg, joysticks, monkeypatch, capsys, config_dir) -> None:
    monkeypatch.setattr(calibrate_command, "make_manager", joysticks.manager)
    config_dir.mkdir(parents=True)
    path = config_dir / "pilot.yaml"
    path.write_text("callsign: hawk\ndevices:\n  - guid: abc\n    nme: pad\n")
    assert main(["calibrate", "--max-frames", "5"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"{path}:4:5: devices[0].nme: unknown key (did you mean 'name'?)\n"
    script_gamepad(joysticks.present(0, FakeJoystick(52)))
    assert main(["calibrate", "--reset", "--max-frames", "50"]) == 0
    assert "starting a fresh profile" in capsys.readouterr().out
    profile = load_profile()
    assert profile.callsign == "pilot" and len(profile.devices) == 1  # afresh: the old callsign is gone
    assert (config_dir / "pilot.yaml.bak").read_text().startswith("callsign: hawk")


def test_escape_cancels_and_saves_nothing(pg, joysticks, monkeypatch, capsys) -> None:
    monkeypatch.setattr(calibrate_command, "make_manager", joysticks.manager)
    key(pygame.K_ESCAPE)  # before any device is connected
    assert main(["calibrate", "--max-frames", "5"]) == 1
    assert "nothing saved" in capsys.readouterr().err and not profile_path().exists()


def test_unplug_pauses_until_the_same_device_returns(pg, joysticks) -> None:
    pad = joysticks.present(0, FakeJoystick(53))
    for axis, value in enumerate(PAD_REST):
        move(pad, axis, value)
    key(pygame.K_RETURN)
    app = CalibrationApp(PilotProfile(), profile_path(), manager=joysticks.manager())
    assert app.run(max_frames=1, fps=0) is Outcome.FRAME_LIMIT
    assert app.device is not None and app.wizard.step is WizardStep.EXTREMES
    joysticks.unplug(0)
    joysticks.plug(0, FakeJoystick(54, name="Other pad"))  # not ours: ignored
    assert app.run(max_frames=2, fps=0) is Outcome.FRAME_LIMIT
    assert app.device is None and app.wizard.step is WizardStep.EXTREMES  # paused, progress kept
    joysticks.plug(1, FakeJoystick(55, axes=list(PAD_REST)))
    key(pygame.K_BACKSPACE)  # start over
    assert app.run(max_frames=2, fps=0) is Outcome.FRAME_LIMIT
    assert app.device is not None and app.device.instance_id == 55 and app.wizard.step is WizardStep.CENTRE


def test_radio_mode_1_with_switch_arm() -> None:
    """A radio whose throttle sat at the bottom during 'centre'; armed by a switch; Mode 1 chosen."""
    radio = edgetx(60)
    wizard = CalibrationWizard(EDGETX_GUID, radio.name, DeviceKind.RC_RADIO, radio.axes)
    wizard.action(WizardAction.NEXT)  # centre (throttle axis 2 at -1)
    wizard.action(WizardAction.NEXT)
    assert wizard.step is WizardStep.EXTREMES and "only 0 axes" in wizard.message
    for axis in range(4):
        wizard.axis(axis, -1.0)
        wizard.axis(axis, 1.0)
        wizard.axis(axis, -1.0 if axis == 2 else 0.0)
    wizard.action(WizardAction.NEXT)
    assert wizard.step is WizardStep.LEFT_UP
    wizard.axis(2, -0.5)  # a quarter of the travel: not a deliberate push yet
    assert wizard.step is WizardStep.LEFT_UP
    wizard.axis(2, 1.0)  # left stick up = throttle channel on a Mode 2 radio
    wizard.axis(3, 1.0)  # still away from centre on another axis: must come back first
    assert wizard.step is WizardStep.LEFT_RIGHT
    wizard.axis(3, 0.0)
    wizard.axis(3, 1.0)
    wizard.axis(3, 0.0)
    wizard.axis(1, 1.0)
    wizard.axis(1, 0.0)
    wizard.axis(0, -1.0)  # this radio reports roll right as negative
    wizard.axis(0, 0.0)
    assert wizard.step is WizardStep.ARM
    wizard.axis(4, 1.0)  # flip the arm switch
    assert wizard.step is WizardStep.MODE
    wizard.action(WizardAction.MODE_1)
    assert wizard.preview() is not None
    wizard.action(WizardAction.NEXT)
    for _ in range(3):
        wizard.action(WizardAction.DEADBAND_DOWN)
    wizard.action(WizardAction.NEXT)
    cal = wizard.result()
    assert cal.mode is StickMode.MODE_1 and cal.kind is DeviceKind.RC_RADIO
    # Mode 1: left stick vertical (axis 2) is pitch, right stick vertical (axis 1) is throttle.
    assert (cal.pitch.axis, cal.throttle.axis, cal.yaw.axis, cal.roll.axis) == (2, 1, 3, 0)
    assert cal.roll.inverted and not cal.pitch.inverted and not cal.throttle.inverted
    assert cal.throttle.centre == 0.0  # radio throttle: mid travel, not where it rested
    assert cal.pitch.centre == 0.0  # recorded at the bottom, outside the middle 80 %: mid travel
    assert cal.arm == ArmSwitch(axis=4, threshold=0.0, above=True)
    assert cal.roll.deadband == 0.0 and cal.roll.expo == 0.0


def test_result_before_done_is_an_error() -> None:
    wizard = CalibrationWizard(XBOX_GUID, "pad", DeviceKind.GAMEPAD, [0.0] * 6)
    with pytest.raises(RuntimeError, match="centre"):
        wizard.result()


def test_saved_calibration_is_used_when_flying(pg, joysticks) -> None:
    pad = joysticks.present(0, FakeJoystick(56, axes=list(PAD_REST)))
    before = PilotInputs(PilotProfile(), manager=joysticks.manager())
    before.start()
    assert before.calibration is not None and before.calibration.yaw.inverted is False  # the default
    script_gamepad(pad)
    app = CalibrationApp(PilotProfile(), profile_path(), manager=joysticks.manager())
    assert app.run(max_frames=50, fps=0) is Outcome.SAVED
    after = PilotInputs(load_profile(), manager=joysticks.manager())
    after.start()
    assert after.calibration is not None and after.calibration.yaw.inverted is True
    move(pad, 0, 1.0)  # left stick right: yaw, flipped in the wizard
    after.handle_events(pygame.event.get())
    assert after.read(0.02).sticks.yaw == pytest.approx(-1.0)


def test_live_bars_are_drawn(pg, joysticks) -> None:
    pad = joysticks.present(0, FakeJoystick(57))
    for axis, value in enumerate(PAD_REST):
        move(pad, axis, value)
    key(pygame.K_RETURN)
    for axis in (0, 1, 3, 4):
        move(pad, axis, -1.0)
        move(pad, axis, 1.0)
        move(pad, axis, PAD_REST[axis])
    key(pygame.K_RETURN)
    for axis, value in ((1, -1.0), (0, 1.0), (4, -1.0), (3, 1.0)):
        move(pad, axis, value)
        move(pad, axis, PAD_REST[axis])
    press(pad, 0)
    key(pygame.K_2)
    move(pad, 3, 1.0)  # roll full right: its bar fills the right half
    app = CalibrationApp(PilotProfile(), profile_path(), manager=joysticks.manager())
    assert app.run(max_frames=2, fps=0) is Outcome.FRAME_LIMIT
    assert app.wizard.step is WizardStep.INVERSION and app.wizard.preview().roll == 1.0
    screen = pygame.display.get_surface()
    bar_pixels = sum(screen.get_at((x, y))[:3] == (80, 180, 255)
                     for x in range(0, 640, 4) for y in range(0, 480, 2))
    assert bar_pixels > 100


def test_list_devices(pg, joysticks, monkeypatch, capsys) -> None:
    monkeypatch.setattr(calibrate_command, "make_manager", joysticks.manager)
    assert main(["calibrate", "--list"]) == 2 and "no gamepad or radio" in capsys.readouterr().err
    joysticks.present(0, FakeJoystick(58))
    joysticks.present(1, edgetx(59))
    assert main(["calibrate", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("0  Xbox 360 Controller  (gamepad, 6 axes")
    assert lines[1].startswith("1  EdgeTX Radiomaster TX16S Joystick  (rc_radio, 8 axes")
