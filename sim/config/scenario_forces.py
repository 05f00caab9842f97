"""Scenario models for the two sides: red waves of threats, blue launch sites and interceptors.

Controller names (a wave's `behaviour`, an interceptor's `controller`) are
checked against sim.config.controller_names by the scenario cross-checks,
which also know the airframe library; these models only check shapes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag, model_validator

from sim.config.airframe import Strict
from sim.config.distributions import integer, number
from sim.config.scenario_area import XY, Compass, Metres, Name

AirframeName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$",
                                    description="built-in airframe (see `slab airframes`) or a prototype of this scenario")]
ControllerName = Annotated[str, Field(min_length=1, description=(
    "built-in short name (see docs/scenarios.md), `pilot` for a soldier, or a plug-in "
    "`path/to/file.py:Class` / `package.module:Class`"))]


def _param_tag(value: Any) -> str:
    if isinstance(value, bool):
        return "<bool>"
    if isinstance(value, str):
        return "<text>"
    if isinstance(value, list):
        return "<list>"
    return "<num>"


# Controller parameters are the controller's business; numbers may be random.
ParamValue = Annotated[Union[Annotated[number(), Tag("<num>")], Annotated[bool, Tag("<bool>")],
                             Annotated[str, Tag("<text>")], Annotated[list[float], Tag("<list>")]],
                       Discriminator(_param_tag)]
Params = Annotated[dict[str, ParamValue], Field(description="controller parameters, passed as given")]
Waypoint = Annotated[list[Metres], Field(min_length=2, max_length=3, description=(
    "[x east, y north] or [x, y, altitude above ground] in metres"))]


class SpawnRegion(Strict):
    """A circle (`radius_m`) or an axis-aligned box (`size_m`) where a wave's drones appear."""

    center_m: XY
    radius_m: number(gt=0) | None = None
    size_m: Annotated[list[number(gt=0)], Field(min_length=2, max_length=2)] | None = Field(
        default=None, description="[east-west, north-south] in metres")

    @model_validator(mode="after")
    def _one_shape(self) -> "SpawnRegion":
        if (self.radius_m is None) == (self.size_m is None):
            raise ValueError("give radius_m (a circle) or size_m (a box), exactly one")
        return self


class Wave(Strict):
    """`count` drones of one airframe, launched `spacing_s` apart from `start_s` on."""

    name: Name
    airframe: AirframeName
    count: integer(ge=1, le=10_000)
    start_s: number(ge=0) = 0.0
    spacing_s: number(ge=0) = Field(default=0.0, description="time between successive launches in the wave")
    spawn: SpawnRegion
    altitude_m: number(gt=0, le=20_000) = Field(default=100.0, description="cruise height above ground")
    heading_deg: Compass | None = Field(
        default=None, description="initial compass heading; default: towards the first waypoint or the target")
    speed_kmh: number(gt=0, le=2000) | None = Field(default=None, description="cruise speed; default: the airframe's")
    behaviour: ControllerName = Field(default="direct", description="red controller: direct, route, "
                                      "low-level, weaving, dive, pilot or a plug-in")
    params: Params = Field(default_factory=dict)
    target: Name | None = Field(default=None, description="name of the protected asset the wave attacks")
    waypoints_m: list[Waypoint] = Field(default_factory=list, description="route flown before the target")
    source: str | None = Field(default=None, description="provenance of the raid size and profile")

    @model_validator(mode="after")
    def _has_route(self) -> "Wave":
        if self.target is None and not self.waypoints_m:
            raise ValueError("needs a target asset or waypoints_m (or both)")
        if self.behaviour == "route" and not self.waypoints_m:
            raise ValueError("behaviour 'route' needs waypoints_m")
        return self


class Red(Strict):
    waves: list[Wave] = Field(default_factory=list)


class LaunchSite(Strict):
    """Where interceptors take off. Readiness and timing are per site."""

    name: Name
    position_m: XY
    magazine: Annotated[dict[AirframeName, integer(ge=0, le=100_000)], Field(min_length=1)] = Field(
        description="interceptors held here, by airframe")
    ready_after_s: number(ge=0) = Field(default=0.0, description="readiness: no launch before this time")
    launch_delay_s: number(ge=0) = Field(default=5.0, description="from the launch order to airborne")
    reload_s: number(ge=0) = Field(default=10.0, description="minimum time between launches from one pad")
    pads: integer(ge=1, le=1000) = Field(default=1, description="launches that can be under way at once")
    launch_at_s: Annotated[list[number(ge=0, le=86_400)], Field(max_length=1000)] = Field(
        default_factory=list, description="scheduled take-offs (patrols, training flights), whatever the track "
        "picture: each launches the site's next interceptor at that time")
    source: str | None = None


class Interceptor(Strict):
    """How one interceptor airframe is flown. Airframes without an entry fly `pn`."""

    airframe: AirframeName
    controller: ControllerName = "pn"
    params: Params = Field(default_factory=dict)


AssignmentName = Literal["nearest", "most_dangerous", "optimal"]  # agents.assignment.AssignmentPolicy


class Doctrine(Strict):
    shots_per_threat: integer(ge=1, le=10) = Field(default=1, description="interceptors launched at each threat")
    launch_range_m: number(gt=0) | None = Field(
        default=None, description="launch when a confirmed track is this close to the site; default: at once")
    assignment: AssignmentName = Field(default="most_dangerous", description=(
        "which airborne interceptor goes after which threat: nearest (closest pairs first), most_dangerous "
        "(least time to an asset first, nearest interceptor), optimal (least total predicted time to intercept)"))


class Blue(Strict):
    launch_sites: list[LaunchSite] = Field(default_factory=list)
    interceptors: list[Interceptor] = Field(default_factory=list)
    doctrine: Doctrine = Field(default_factory=Doctrine)

    def interceptor(self, airframe: str) -> Interceptor:
        """The entry for `airframe`, or the default (`pn`, no parameters)."""
        for entry in self.interceptors:
            if entry.airframe == airframe:
                return entry
        return Interceptor(airframe=airframe)
