"""Scenario models for what blue sees: radars, acoustic networks, EO/IR cameras, signatures.

Detection model the engine is meant to implement (one family for all sensors,
so trainers tune one set of words): per look, inside coverage and line of sight,

    Pd = pd_max / (1 + exp(-slope_per_db * SNR_dB))
    SNR_dB = k * log10(range_m / R) + signature term

with k = 40 for radar (radar equation, R^-4) plus 10*log10(rcs / reference_rcs);
k = 20 for acoustic (spherical spreading) plus (sound level - reference level);
k = 20 for EO/IR plus 20*log10(size / reference_size). So `range_m` is the range
at which a reference target is seen half the time (at pd_max = 1).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.config.airframe import Source, Strict
from sim.config.distributions import number, support
from sim.config.scenario_area import XY, Compass, Name
from sim.config.scenario_forces import AirframeName


class Coverage(Strict):
    """Field of view (or of regard): an azimuth sector and an elevation band."""

    azimuth_deg: Compass = Field(default=0.0, description="boresight, degrees clockwise from north")
    width_deg: number(gt=0, le=360) = Field(default=360.0, description="sector width; 360 = all round")
    elevation_min_deg: number(ge=-90, le=90) = -10.0
    elevation_max_deg: number(ge=-90, le=90) = 90.0

    @model_validator(mode="after")
    def _band(self) -> "Coverage":
        if support(self.elevation_min_deg)[1] >= support(self.elevation_max_deg)[0]:
            raise ValueError("elevation_min_deg must be below elevation_max_deg")
        return self


class Detection(Strict):
    range_m: number(gt=0, le=500_000) = Field(description="range of 50 % detection of the reference target")
    pd_max: number(gt=0, le=1) = Field(default=0.95, description="detection probability per look at short range")
    slope_per_db: number(gt=0, le=10) = Field(default=0.5, description="steepness of Pd against SNR in dB")
    false_alarms_per_hour: number(ge=0) = 0.0


class Confirm(Strict):
    """A track is confirmed after m detections in the last n looks."""

    m: Annotated[int, Field(ge=1, le=100)] = 3
    n: Annotated[int, Field(ge=1, le=100)] = 5

    @model_validator(mode="after")
    def _m_of_n(self) -> "Confirm":
        if self.m > self.n:
            raise ValueError(f"m-of-n needs m <= n, got {self.m} of {self.n}")
        return self


class _Sensor(Strict):
    name: Name
    position_m: XY
    height_m: number(ge=0, le=2000) = Field(default=5.0, description="antenna or lens height above ground")
    update_hz: number(gt=0, le=1000) = 1.0
    coverage: Coverage = Field(default_factory=Coverage)
    detection: Detection
    line_of_sight: bool = Field(default=True, description="terrain and buildings block it")
    confirm: Confirm = Field(default_factory=Confirm)
    source: Source = Field(description="where the range and noise figures come from")


class Radar(_Sensor):
    reference_rcs_m2: number(gt=0) = Field(default=0.1, description="radar cross-section detection.range_m refers to")
    range_noise_frac: number(ge=0, le=1) = Field(default=0.015, description="1-sigma range error / range")
    bearing_noise_deg: number(ge=0, le=90) = 1.5
    elevation_noise_deg: number(ge=0, le=90) = 1.5


class EoIr(_Sensor):
    band: Literal["visible", "thermal"] = Field(
        default="thermal", description="visible needs daylight and is cut by visibility; thermal works at night")
    reference_size_m: number(gt=0) = Field(default=2.5, description="target span detection.range_m refers to")
    bearing_noise_deg: number(ge=0, le=90) = 0.2
    range_noise_frac: number(ge=0, le=1) = Field(default=0.1, description="passive ranging error / range")
    coverage: Coverage = Field(default_factory=lambda: Coverage(width_deg=60.0))


class Grid(Strict):
    """Nodes on a regular grid: a cheap way to write a large microphone network."""

    center_m: Annotated[list[float], Field(min_length=2, max_length=2)]
    size_m: Annotated[list[Annotated[float, Field(ge=0)]], Field(min_length=2, max_length=2)]
    spacing_m: Annotated[float, Field(gt=0)]

    def shape(self) -> tuple[int, int]:
        """(nodes east-west, nodes north-south)."""
        nx, ny = (int(size // self.spacing_m) + 1 for size in self.size_m)
        return nx, ny

    def nodes(self) -> list[tuple[float, float]]:
        """Node positions, row by row from the south-west corner."""
        cx, cy = self.center_m
        nx, ny = self.shape()
        x0, y0 = cx - (nx - 1) * self.spacing_m / 2, cy - (ny - 1) * self.spacing_m / 2
        return [(x0 + i * self.spacing_m, y0 + j * self.spacing_m) for j in range(ny) for i in range(nx)]


MAX_ACOUSTIC_NODES = 20_000


class Acoustic(Strict):
    """A microphone network: each node hears within `detection`, the network reports fused fixes."""

    name: Name
    nodes_m: list[XY] = Field(default_factory=list)
    grid: Grid | None = None
    height_m: number(ge=0, le=500) = 2.0
    update_hz: number(gt=0, le=100) = 1.0
    detection: Detection
    reference_level_db: number(ge=0, le=200) = Field(
        default=100.0, description="source level (dB at 1 m) of the target detection.range_m refers to")
    position_noise_m: number(ge=0) = Field(default=50.0, description="1-sigma error of a fused fix")
    latency_s: number(ge=0, le=60) = Field(default=2.0, description="delay from sound to report")
    line_of_sight: bool = Field(default=False, description="sound bends round obstacles: off by default")
    confirm: Confirm = Field(default_factory=Confirm)
    source: Source

    @model_validator(mode="after")
    def _some_nodes(self) -> "Acoustic":
        if not self.nodes_m and self.grid is None:
            raise ValueError("needs nodes_m or a grid")
        count = len(self.nodes_m) + (math.prod(self.grid.shape()) if self.grid else 0)  # no list: may be huge
        if count > MAX_ACOUSTIC_NODES:
            raise ValueError(f"{count} nodes; at most {MAX_ACOUSTIC_NODES} (widen the grid spacing)")
        return self


class Signature(Strict):
    """How visible an airframe is. Unset fields fall back to DEFAULT_SIGNATURES by role."""

    rcs_m2: number(gt=0) | None = None
    sound_level_db: number(ge=0, le=200) | None = Field(default=None, description="dB at 1 m")
    size_m: number(gt=0) | None = Field(default=None, description="span seen by EO/IR")
    source: Source


# Estimates per airframe role (DOMAIN.md: small drones ~0.01 m^2, a Shahed ~0.1-0.5 m^2).
DEFAULT_SIGNATURES: dict[str, dict[str, float]] = {
    "one-way-attack": {"rcs_m2": 0.1, "sound_level_db": 100.0, "size_m": 2.5},
    "loitering-munition": {"rcs_m2": 0.05, "sound_level_db": 85.0, "size_m": 1.0},
    "strike": {"rcs_m2": 0.01, "sound_level_db": 80.0, "size_m": 0.3},
    "interceptor": {"rcs_m2": 0.01, "sound_level_db": 80.0, "size_m": 0.3},
    "recon": {"rcs_m2": 0.01, "sound_level_db": 75.0, "size_m": 0.35},
    "reference": {"rcs_m2": 0.001, "sound_level_db": 60.0, "size_m": 0.1},
}


class Sensors(Strict):
    truth: bool = Field(default=False, description="blue controllers see ground truth instead of fused tracks")
    radars: list[Radar] = Field(default_factory=list)
    acoustic: list[Acoustic] = Field(default_factory=list)
    eo_ir: list[EoIr] = Field(default_factory=list)
    signatures: dict[AirframeName, Signature] = Field(default_factory=dict)

    def all(self) -> list[Radar | Acoustic | EoIr]:
        return [*self.radars, *self.acoustic, *self.eo_ir]
