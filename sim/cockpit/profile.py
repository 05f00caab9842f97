"""The pilot profile: callsign, rates, flight mode, camera and video settings, device calibrations.

One YAML file per user, `pilot.yaml` in the config folder: $SOLDIERS_LAB_CONFIG_DIR
if set (tests), else $XDG_CONFIG_HOME/soldiers-lab, else ~/.config/soldiers-lab
(%APPDATA%\\soldiers-lab on Windows). A missing file means the defaults. The file
is validated on load with strict models; a corrupt or hand-edited profile
raises one ConfigError at file:line:col naming the field. Writes go to a
temporary file renamed over the old one, so a crash never leaves half a profile.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import Field, ValidationError

from sim.cockpit.calibration import DeviceCalibration, enum_field
from sim.cockpit.flight_modes import FlightMode
from sim.cockpit.profile_errors import profile_error
from sim.config.airframe import Strict
from sim.config.yaml_positions import load_yaml_with_positions
from sim.control.rates import (ACTUAL_DEG_PER_S_MAX, RATE_LIMIT_DEG_PER_S, RC_RATE_MAX, ActualRates,
                               AxisRates, BetaflightRates, RatesByAxis)
from trials.atomic import atomic_write_text

CONFIG_DIR_ENV = "SOLDIERS_LAB_CONFIG_DIR"
PROFILE_FILE = "pilot.yaml"

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
RateLimit = Annotated[float, Field(gt=0.0, le=RATE_LIMIT_DEG_PER_S)]


class BetaflightRateSettings(Strict):
    type: Literal["betaflight"]
    rc_rate: Annotated[float, Field(gt=0.0, le=RC_RATE_MAX)] = 1.0
    super_rate: Fraction = 0.7
    expo: Fraction = 0.0
    limit_deg_per_s: RateLimit = RATE_LIMIT_DEG_PER_S

    def to_rates(self) -> BetaflightRates:
        return BetaflightRates(self.rc_rate, self.super_rate, self.expo, self.limit_deg_per_s)


class ActualRateSettings(Strict):
    type: Literal["actual"]
    center_deg_per_s: Annotated[float, Field(gt=0.0, le=ACTUAL_DEG_PER_S_MAX)] = 70.0
    max_deg_per_s: Annotated[float, Field(ge=0.0, le=ACTUAL_DEG_PER_S_MAX)] = 670.0
    expo: Fraction = 0.0
    limit_deg_per_s: RateLimit = RATE_LIMIT_DEG_PER_S

    def to_rates(self) -> ActualRates:
        return ActualRates(self.center_deg_per_s, self.max_deg_per_s, self.expo, self.limit_deg_per_s)


RateSettings = Annotated[Union[BetaflightRateSettings, ActualRateSettings], Field(discriminator="type")]
RATE_SETTING_MODELS = {"betaflight": BetaflightRateSettings, "actual": ActualRateSettings}


def rate_settings(rates: AxisRates) -> BetaflightRateSettings | ActualRateSettings:
    """Profile form of one axis's rates."""
    if isinstance(rates, BetaflightRates):
        return BetaflightRateSettings(type="betaflight", rc_rate=rates.rc_rate, super_rate=rates.super_rate,
                                      expo=rates.expo, limit_deg_per_s=rates.limit_deg_per_s)
    return ActualRateSettings(type="actual", center_deg_per_s=rates.center_deg_per_s,
                              max_deg_per_s=rates.max_deg_per_s, expo=rates.expo,
                              limit_deg_per_s=rates.limit_deg_per_s)


class ProfileRates(Strict):
    roll: RateSettings = ActualRateSettings(type="actual")
    pitch: RateSettings = ActualRateSettings(type="actual")
    yaw: RateSettings = ActualRateSettings(type="actual")

    def to_rates(self) -> RatesByAxis:
        return RatesByAxis(self.roll.to_rates(), self.pitch.to_rates(), self.yaw.to_rates())

    @classmethod
    def from_rates(cls, rates: RatesByAxis) -> "ProfileRates":
        return cls(roll=rate_settings(rates.roll), pitch=rate_settings(rates.pitch), yaw=rate_settings(rates.yaw))


class CameraOverrides(Strict):
    """None keeps the airframe's own camera figure."""

    uptilt_deg: Annotated[float, Field(ge=-30.0, le=60.0)] | None = None
    fov_deg: Annotated[float, Field(gt=10.0, lt=180.0)] | None = None


class PilotProfile(Strict):
    version: Literal[1] = 1
    callsign: Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9 _.-]*$")] = "pilot"
    flight_mode: enum_field(FlightMode) = FlightMode.ANGLE  # type: ignore[valid-type]
    rates: ProfileRates = ProfileRates()
    angle_limit_deg: Annotated[float, Field(gt=0.0, lt=90.0)] = 60.0
    assisted_speed_mps: Annotated[float, Field(gt=0.0, le=100.0)] = 10.0
    failsafe_hold_s: Annotated[float, Field(ge=0.0, le=10.0)] = 0.5
    video_latency_ms: Annotated[float, Field(ge=0.0, le=100.0)] = 0.0
    camera: CameraOverrides = CameraOverrides()
    devices: list[DeviceCalibration] = []

    def calibration_for(self, guid: str, name: str) -> DeviceCalibration | None:
        """The saved calibration of the device with this SDL GUID and name, if any."""
        return next((device for device in self.devices if device.matches(guid, name)), None)

    def with_device(self, calibration: DeviceCalibration) -> "PilotProfile":
        """A copy with `calibration` replacing the one of the same device (or added)."""
        others = [d for d in self.devices if not d.matches(calibration.guid, calibration.name)]
        return self.model_copy(update={"devices": [*others, calibration]})

    def with_rates(self, rates: RatesByAxis) -> "PilotProfile":
        return self.model_copy(update={"rates": ProfileRates.from_rates(rates)})


def config_dir() -> Path:
    """The folder of the pilot profile (see the module docstring for the order)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg and Path(xdg).is_absolute():  # the XDG spec says to ignore relative paths
        return Path(xdg) / "soldiers-lab"
    appdata = os.environ.get("APPDATA")
    if os.name == "nt" and appdata:
        return Path(appdata) / "soldiers-lab"
    return Path.home() / ".config" / "soldiers-lab"


def profile_path() -> Path:
    return config_dir() / PROFILE_FILE


def profile_from_data(file: str, data: dict[str, Any], positions: Any) -> PilotProfile:
    try:
        return PilotProfile.model_validate(data)
    except ValidationError as exc:
        raise profile_error(exc, file, positions, PilotProfile, RATE_SETTING_MODELS) from None


def load_profile(path: str | os.PathLike[str] | None = None) -> PilotProfile:
    """The profile at `path` (default: `profile_path()`); defaults if there is no file yet."""
    path = Path(path) if path is not None else profile_path()
    if not path.exists():
        return PilotProfile()
    data, positions = load_yaml_with_positions(path)
    return profile_from_data(str(path), data, positions)


_HEADER = ("# Soldiers Lab pilot profile. Written by `slab calibrate`; safe to edit by hand\n"
           "# (checked on load; `slab calibrate --reset` starts afresh). Units are in the names.\n")


def save_profile(profile: PilotProfile, path: str | os.PathLike[str] | None = None) -> Path:
    """Write `profile` atomically; returns the path written."""
    path = Path(path) if path is not None else profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(profile.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    atomic_write_text(path, _HEADER + text)
    return path


def reset_profile(path: str | os.PathLike[str] | None = None) -> Path | None:
    """Start afresh: move an existing profile to `pilot.yaml.bak` (hand edits stay recoverable).

    Returns the backup path, or None when there was no profile.
    """
    path = Path(path) if path is not None else profile_path()
    if not path.exists():
        return None
    backup = path.with_name(path.name + ".bak")
    os.replace(path, backup)
    return backup
