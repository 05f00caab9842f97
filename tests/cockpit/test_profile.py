"""Pilot profile: folder, round trip, atomic writes, and one-line errors for corrupt files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cockpit.calibration import DeviceKind, StickMode, default_calibration
from sim.cockpit.flight_modes import FlightMode
from sim.cockpit.profile import (CameraOverrides, PilotProfile, config_dir, load_profile, profile_path,
                                 reset_profile, save_profile)
from sim.config.errors import ConfigError
from sim.control.rates import ActualRates, BetaflightRates, RatesByAxis
from tests.cockpit.fakes import EDGETX_GUID, XBOX_GUID


def test_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, config_dir: Path) -> None:
    assert profile_path() == config_dir / "pilot.yaml"
    monkeypatch.delenv("SOLDIERS_LAB_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_dir_now() == tmp_path / "xdg" / "soldiers-lab"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config_dir_now() == tmp_path / "home" / ".config" / "soldiers-lab"


def config_dir_now() -> Path:
    return config_dir()


def full_profile() -> PilotProfile:
    pad = default_calibration(XBOX_GUID, "Xbox 360 Controller", DeviceKind.GAMEPAD, 6)
    radio = default_calibration(EDGETX_GUID, "EdgeTX Radiomaster TX16S Joystick", DeviceKind.RC_RADIO, 8)
    profile = PilotProfile(callsign="Hawk 2", flight_mode=FlightMode.HORIZON, failsafe_hold_s=1.0,
                           video_latency_ms=30.0, camera=CameraOverrides(uptilt_deg=30.0, fov_deg=140.0))
    profile = profile.with_rates(RatesByAxis(BetaflightRates(1.2, 0.7, 0.1), ActualRates(80, 800, 0.2),
                                             ActualRates(60, 400, 0.0)))
    return profile.with_device(pad).with_device(radio)


def test_missing_profile_is_the_defaults() -> None:
    profile = load_profile()
    assert profile == PilotProfile()
    assert profile.flight_mode is FlightMode.ANGLE and profile.failsafe_hold_s == 0.5
    assert profile.rates.to_rates() == RatesByAxis()


def test_round_trip(config_dir: Path) -> None:
    profile = full_profile()
    path = save_profile(profile)
    assert path == config_dir / "pilot.yaml" and path.read_text().startswith("# Soldiers Lab pilot profile")
    loaded = load_profile()
    assert loaded == profile
    assert loaded.rates.to_rates().roll == BetaflightRates(1.2, 0.7, 0.1)
    pad = loaded.calibration_for(XBOX_GUID, "Xbox 360 Controller")
    assert pad is not None and pad.kind is DeviceKind.GAMEPAD and pad.mode is StickMode.MODE_2
    assert loaded.calibration_for(XBOX_GUID, "Another name") is None  # GUID + name, not GUID alone
    assert "kind: rc_radio" in path.read_text() and "mode: 2" in path.read_text()


def test_with_device_replaces_the_same_device() -> None:
    profile = full_profile()
    pad = profile.calibration_for(XBOX_GUID, "Xbox 360 Controller")
    assert pad is not None
    updated = profile.with_device(pad.model_copy(update={"mode": StickMode.MODE_1}))
    assert len(updated.devices) == 2
    assert updated.calibration_for(XBOX_GUID, "Xbox 360 Controller").mode is StickMode.MODE_1


def test_write_is_atomic(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_profile(full_profile())
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("trials.atomic.os.replace", crash)
    with pytest.raises(OSError):
        save_profile(PilotProfile(callsign="other"))
    assert path.read_bytes() == before
    assert [p.name for p in config_dir.iterdir()] == ["pilot.yaml"]  # no temporary left behind


def test_reset_keeps_a_backup(config_dir: Path) -> None:
    assert reset_profile() is None
    save_profile(full_profile())
    backup = reset_profile()
    assert backup == config_dir / "pilot.yaml.bak" and not profile_path().exists()
    assert load_profile() == PilotProfile()


GOOD_DEVICE = """\
devices:
  - guid: "030000005e0400008e02000014010000"
    name: Xbox 360 Controller
    kind: gamepad
    mode: 2
    roll: {axis: 3}
    pitch: {axis: 4, inverted: true}
    yaw: {axis: 0}
    throttle: {axis: 1, inverted: true}
    arm: {button: 0}
"""


@pytest.mark.parametrize("text, line, field, words", [
    ("callsign: hawk\nrates: [1, 2\n", 3, "", "invalid YAML"),
    ("callsign: hawk\nflight_mod: acro\n", 2, "flight_mod", "unknown key (did you mean 'flight_mode'?)"),
    ("callsign: hawk\nfailsafe_hold_s: soon\n", 2, "failsafe_hold_s", "expected a number, got str 'soon'"),
    ("video_latency_ms: 250\n", 1, "video_latency_ms", "must be <= 100"),
    ("flight_mode: loop\n", 1, "flight_mode", "must be one of 'acro', 'angle', 'horizon', 'assisted'"),
    ("rates:\n  roll:\n    type: kiss\n", 3, "rates.roll.type", "must be one of 'betaflight' or 'actual'"),
    ("rates:\n  roll:\n    expo: 0.2\n", 2, "rates.roll", "missing field 'type'"),
    ("rates:\n  pitch:\n    type: betaflight\n    super_rat: 0.7\n", 4, "rates.pitch.super_rat",
     "unknown key (did you mean 'super_rate'?)"),
    ("rates:\n  yaw:\n    type: actual\n    center_deg_per_s: -5\n", 4, "rates.yaw.center_deg_per_s", "must be > 0"),
    (GOOD_DEVICE.replace("mode: 2", "mode: 3"), 5, "devices[0].mode", "must be one of 1, 2"),
    (GOOD_DEVICE.replace("mode: 2", "mode: true"), 5, "devices[0].mode", "got True"),
    (GOOD_DEVICE.replace("{axis: 3}", "{axis: three}"), 6, "devices[0].roll.axis", "expected a whole number"),
    (GOOD_DEVICE.replace("{axis: 0}", "{axis: 0, min: 0.5}"), 8, "devices[0].yaw", "min < centre < max"),
    (GOOD_DEVICE.replace("{button: 0}", "{button: 0, axis: 4}"), 10, "devices[0].arm", "exactly one"),
    ("devices:\n  - guid: x\n", 2, "devices[0]", "missing field"),
])
def test_corrupt_profile_one_line(config_dir: Path, text: str, line: int, field: str, words: str) -> None:
    config_dir.mkdir(parents=True)
    path = config_dir / "pilot.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_profile()
    error = info.value
    assert (error.file, error.line, error.field) == (str(path), line, field), str(error)
    assert words in error.message
    assert str(error).startswith(f"{path}:{line}:") and "\n" not in str(error)


def test_hand_edited_good_profile_loads(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "pilot.yaml").write_text("callsign: hawk\nflight_mode: acro\n" + GOOD_DEVICE)
    profile = load_profile()
    assert profile.flight_mode is FlightMode.ACRO
    assert profile.devices[0].pitch.inverted and profile.devices[0].arm.button == 0


def test_the_profile_example_in_the_pilot_guide_is_valid(config_dir: Path) -> None:
    guide = (Path(__file__).parents[2] / "docs" / "pilots.md").read_text()
    example = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    config_dir.mkdir(parents=True)
    (config_dir / "pilot.yaml").write_text(example)
    profile = load_profile()
    assert profile.callsign == "Hawk" and profile.rates.to_rates().yaw == BetaflightRates(1.0, 0.7, 0.0)
    flying = guide.split("## Flying the first training scenario\n", 1)[1]
    for needed in ("slab fly training-hover-and-land", "training-gate-course", "training-first-intercept",
                   "slab leaderboard", "slab rerun", "feedback.json"):
        assert needed in flying, needed
