"""Scenario models for the ground: area, terrain, buildings, protected assets, weather.

Frame: local ENU, metres, origin at the centre of the area at ground level
(x east, y north, z up). Box yaw (`yaw_deg`) turns a box counter-clockwise
seen from above, as ENU yaw does; compass directions (`*_from_deg`,
`heading_deg`, `azimuth_deg`) are degrees clockwise from north.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.config.airframe import Source, Strict
from sim.config.distributions import integer, number, support

# Names are referenced from other fields (a wave's `target`), so keep them plain.
Name = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
Metres = number()
XY = Annotated[list[Metres], Field(min_length=2, max_length=2,
                                   description="[x east, y north] in metres from the area centre")]
BoxSize = Annotated[list[number(gt=0)], Field(min_length=3, max_length=3,
                                               description="[east-west, north-south, height] in metres")]
Compass = number(ge=0, le=360)


class Hill(Strict):
    """A smooth bump: height * exp(-r^2 / (2 * radius^2)), summed over hills."""

    center_m: XY
    height_m: number(ge=-1000, le=5000) = Field(description="peak height (negative: a hollow)")
    radius_m: number(gt=0) = Field(description="Gaussian radius (standard deviation) of the bump")


class Terrain(Strict):
    """Flat unless a heightmap file or hills are given (not both)."""

    heightmap: str | None = Field(
        default=None, description=".npy or .csv grid of heights in metres, relative to the scenario file; "
        "row 0 is the south edge, column 0 the west edge, grid centred on the origin")
    hills: list[Hill] = Field(default_factory=list)
    cell_size_m: Annotated[float, Field(gt=0, le=1000)] = Field(
        default=20.0, description="grid spacing of the heightmap (or of the grid the hills are sampled on)")

    @model_validator(mode="after")
    def _one_source(self) -> "Terrain":
        if self.heightmap is not None and self.hills:
            raise ValueError("give either a heightmap file or hills, not both")
        if self.heightmap is not None and not self.heightmap.lower().endswith((".npy", ".csv")):
            raise ValueError(f"heightmap must be a .npy or .csv file, got '{self.heightmap}'")
        return self

    @property
    def flat(self) -> bool:
        return self.heightmap is None and not self.hills


class Building(Strict):
    """An obstacle box standing on the ground: blocks flight and line of sight."""

    name: Name | None = None
    center_m: XY
    size_m: BoxSize
    yaw_deg: number(ge=-360, le=360) = 0.0


class Asset(Strict):
    """Something the defence protects. A threat reaching its footprint hits it."""

    name: Name
    description: str = ""
    position_m: XY = Field(description="footprint centre")
    size_m: BoxSize = Field(description="footprint box [east-west, north-south, height] in metres")
    yaw_deg: number(ge=-360, le=360) = 0.0
    value_eur: number(ge=0) = Field(description="replacement or damage value in euros")
    hit_points: integer(ge=1) = Field(default=1, description="hits it takes to destroy it")
    source: Source = Field(description="where value_eur (and the layout) come from")


class Gate(Strict):
    """A rectangular window of a training course, flown through in its direction of passage.

    Upright by default: its opening faces `yaw_deg` (0 = flown through heading
    east, counter-clockwise like box yaw). `horizontal` lays it flat, passed
    downward (a landing window over a pad); `size_m` is then [along yaw, across].
    """

    name: Name | None = None
    position_m: Annotated[list[Metres], Field(min_length=3, max_length=3)] = Field(
        description="[x east, y north, height of the opening's centre above the ground] in metres")
    size_m: Annotated[list[number(gt=0, le=1000)], Field(min_length=2, max_length=2)] = Field(
        description="[width, height] of the opening in metres")
    yaw_deg: number(ge=-360, le=360) = Field(default=0.0, description="direction of passage, ENU yaw")
    horizontal: bool = Field(default=False, description="lying flat, passed downward (e.g. a landing window)")

    @model_validator(mode="after")
    def _above_ground(self) -> "Gate":
        low, _ = support(self.position_m[2])
        if low < 0:
            raise ValueError(f"position_m height {low:g} m is below the ground")
        return self


class Area(Strict):
    size_m: Annotated[list[Annotated[float, Field(gt=0, le=200_000)]], Field(min_length=2, max_length=2)] = Field(
        description="[east-west, north-south] extent in metres, centred on the origin")
    ceiling_m: Annotated[float, Field(gt=0, le=20_000)] = Field(
        default=3000.0, description="top of the playable volume, metres above the origin")
    terrain: Terrain = Field(default_factory=Terrain)
    buildings: list[Building] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list, description="a course flown in order; each pass is a "
                              "`gate_passed` event")

    def contains(self, x_m: float, y_m: float) -> bool:
        """True if (x, y) lies inside the area (edges included)."""
        half_x, half_y = self.size_m[0] / 2, self.size_m[1] / 2
        return -half_x <= x_m <= half_x and -half_y <= y_m <= half_y


class Weather(Strict):
    wind_speed_mps: number(ge=0, le=60) = 0.0
    wind_from_deg: Compass = Field(
        default=0.0, description="direction the wind blows FROM, degrees clockwise from north (as METAR)")
    gust_sigma_mps: number(ge=0, le=30) = Field(default=0.0, description="turbulence standard deviation per axis")
    visibility_m: number(gt=0, le=100_000) = 20_000.0
    light: Literal["day", "night"] = "day"
    source: str | None = None


def wind_velocity_enu_mps(speed_mps: float, from_deg: float) -> tuple[float, float, float]:
    """The air's velocity in ENU for a wind blowing FROM `from_deg` (270 = west wind, blows east)."""
    heading = math.radians(from_deg)
    return (-speed_mps * math.sin(heading), -speed_mps * math.cos(heading), 0.0)
