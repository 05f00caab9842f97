"""The scenario language: what a `scenarios/*.yaml` file may say (see docs/scenarios.md).

The models check shapes, types and ranges; sim.config.scenario_checks then
checks the scenario against the airframe library, the controller names and
its own geometry, and sim.config.scenario_loading ties both to file
positions. Sections live in scenario_area / _forces / _sensors / _ew.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from sim.config.airframe import Source, Strict
from sim.config.distributions import number
from sim.config.scenario_area import Area, Weather
from sim.config.scenario_ew import Ew
from sim.config.scenario_forces import AirframeName, Blue, Red
from sim.config.scenario_sensors import Sensors

Hz = Annotated[float, Field(gt=0, le=10_000)]


class Origin(Strict):
    """Where the area centre is on Earth, for exports to geographic tools (Tacview, maps)."""

    latitude_deg: Annotated[float, Field(ge=-90, le=90)]
    longitude_deg: Annotated[float, Field(ge=-180, le=180)]
    altitude_m: float = Field(default=0.0, description="height of the origin above mean sea level")


class Meta(Strict):
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
    description: Annotated[str, Field(min_length=1)] = Field(description="the briefing a soldier reads")
    author: str = ""
    version: str = "1.0.0"
    seed: Annotated[int, Field(ge=0)] = Field(default=0, description="trial seed unless `slab run --seed` says otherwise")
    duration_s: number(gt=0, le=86_400) = Field(description="the trial ends after this much simulated time")
    physics_hz: Hz | None = Field(default=None, description="physics step rate; default: the engine's")
    control_hz: Hz | None = Field(default=None, description="controller rate; default: the engine's")
    sensor_hz: Hz | None = Field(default=None, description="overrides every sensor's update_hz")
    log_hz: Hz | None = Field(default=None, description="trial record frame rate; default: the engine's")
    origin: Origin | None = None


class Kill(Strict):
    lethal_radius_m: number(gt=0, le=100) | None = Field(
        default=None, description="default: the airframe's payload.lethal_radius_m")
    kill_probability: number(ge=0, le=1) = Field(
        default=1.0, description="chance a pass inside the lethal radius kills")
    source: Source


class UnitCost(Strict):
    unit_cost_usd: number(ge=0)
    source: Source


EndCondition = Literal["all_threats_resolved", "any_asset_destroyed", "all_assets_destroyed"]


class Rules(Strict):
    kill: dict[AirframeName, Kill] = Field(default_factory=dict, description="per interceptor airframe")
    collisions: bool = Field(default=True, description="bodies crash into terrain and buildings")
    asset_damage: Literal["hits", "warhead_kg"] = Field(
        default="hits", description="a leaker takes 1 hit point, or its warhead mass in kg")
    leak_radius_m: number(gt=0, le=1000) = Field(
        default=15.0, description="a threat this close to an asset's footprint has reached it")
    end_when: list[EndCondition] = Field(
        default_factory=lambda: ["all_threats_resolved"],
        description="the trial also ends at meta.duration_s")
    unit_costs: dict[AirframeName, UnitCost] = Field(
        default_factory=dict, description="overrides the airframe's unit_cost_usd")


class Prototype(Strict):
    """A variant of a built-in airframe: `override` is merged into it (mappings merge, values replace)."""

    base: AirframeName
    description: str = ""
    override: dict[str, Any] = Field(default_factory=dict, description="nested airframe fields to change")


class Scenario(Strict):
    kind: Literal["scenario"]
    meta: Meta
    area: Area
    weather: Weather = Field(default_factory=Weather)
    red: Red = Field(default_factory=Red)
    blue: Blue = Field(default_factory=Blue)
    sensors: Sensors = Field(default_factory=Sensors)
    ew: Ew = Field(default_factory=Ew)
    rules: Rules = Field(default_factory=Rules)
    prototypes: dict[AirframeName, Prototype] = Field(default_factory=dict)
