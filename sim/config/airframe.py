"""Typed airframe models: what an `airframes/*.yaml` file may say.

Every figure that stands for the real world is a `Figure` (value, the public
range it was taken from, and a source). Model constants that are ours (gains,
drag areas tuned to a cited top speed) live in sections that carry a `source`
string saying how they were obtained. Units are in the field names; SI inside
the engine, km/h only where public figures are quoted in km/h.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]
Vec3Positive = Annotated[list[Positive], Field(min_length=3, max_length=3)]
Vec3NonNegative = Annotated[list[NonNegative], Field(min_length=3, max_length=3)]
Source = Annotated[str, Field(min_length=3)]


class Strict(BaseModel):
    """Base for config models: unknown keys rejected, no silent coercion, immutable.

    YAML's `.inf`/`.nan` are floats too; they would pass `gt=0` (inf) or an
    unranged Figure (nan) and poison the physics, so they are refused.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Figure(Strict):
    """A real-world figure: the value we fly with, the public range, the source."""

    value: float
    range: Annotated[list[float], Field(min_length=2, max_length=2)] | None = None
    source: Source

    @model_validator(mode="after")
    def _value_inside_range(self) -> "Figure":
        if self.range is not None:
            low, high = self.range
            if low > high:
                raise ValueError(f"range [{low}, {high}] is reversed")
            if not low <= self.value <= high:
                raise ValueError(f"value {self.value} lies outside its range [{low}, {high}]")
        return self


class PositiveFigure(Figure):
    value: Positive


class QuadBody(Strict):
    source: Source
    arm_length_m: Positive
    inertia_kg_m2: Vec3Positive
    drag_linear_n_s_per_m: Vec3NonNegative = Field(
        description="body-frame linear drag coefficients (x, y, z); dominant at low speed")
    drag_area_m2: NonNegative = Field(
        description="Cd*A for quadratic drag, dominant at high speed")
    prop_radius_m: Positive = Field(description="propeller radius, used by the ground-effect model")
    ground_effect: bool = True


class QuadMotors(Strict):
    source: Source
    thrust_to_weight: PositiveFigure
    max_speed_rad_s: Positive
    yaw_torque_per_thrust_m: Positive = Field(description="km/kf: reaction torque per newton of thrust")
    time_constant_s: Annotated[float, Field(gt=0, le=0.5)]


class Battery(Strict):
    source: Source
    cells: Annotated[int, Field(ge=1, le=14)]
    capacity_mah: Positive
    internal_resistance_ohm: NonNegative = Field(description="pack resistance, drives voltage sag")
    hover_current_a: Positive = Field(description="current drawn at hover, scales with thrust^1.5")


class QuadLimits(Strict):
    source: Source
    max_tilt_deg: Annotated[float, Field(gt=0, lt=90)]
    max_rate_deg_s: Vec3Positive
    max_climb_mps: Positive
    max_descent_mps: Positive


class QuadGains(Strict):
    """Cascaded controller gains, per axis (roll, pitch, yaw) or (x, y, z)."""

    source: Source
    rate_p: Vec3NonNegative
    rate_i: Vec3NonNegative
    rate_d: Vec3NonNegative
    attitude_p: Vec3NonNegative
    velocity_p: Vec3NonNegative
    velocity_i: Vec3NonNegative
    position_p: Vec3NonNegative
    max_speed_cmd_mps: Positive = Field(description="cap on the speed the position loop asks for")


class LatencyFigure(Figure):
    """Glass-to-glass video delay; 0-100 ms is what the cockpit can emulate."""

    value: Annotated[float, Field(ge=0, le=100)]


class Video(Strict):
    """The FPV video link as the cockpit emulates it (DOMAIN.md section 6): analog degrades into
    snow under jamming, digital freezes; latency analog 5-15 ms, HD digital 15-45 ms."""

    kind: Literal["analog", "digital"]
    latency_ms: LatencyFigure


class Camera(Strict):
    uptilt_deg: Annotated[float, Field(ge=-30, le=60)] = 25.0
    fov_deg: Annotated[float, Field(gt=10, lt=180)] = 120.0
    video: Video | None = Field(default=None, description="FPV video link; none: a clean picture, no delay")


class Payload(Strict):
    warhead_kg: Figure | None = None
    lethal_radius_m: PositiveFigure | None = None


class AirframeCommon(Strict):
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    display_name: str
    version: str
    description: str
    role: Literal["interceptor", "strike", "recon", "one-way-attack", "loitering-munition", "reference"]
    link: Literal["radio", "fibre", "autonomous"] = "radio"
    failsafe: Literal["land", "drop", "return", "hover", "continue"] = "land"
    mass_kg: PositiveFigure
    unit_cost_usd: PositiveFigure
    top_speed_kmh: PositiveFigure
    payload: Payload = Payload()
    camera: Camera = Camera()


class Quadrotor(AirframeCommon):
    kind: Literal["quadrotor"]
    body: QuadBody
    motors: QuadMotors
    battery: Battery | None = None
    limits: QuadLimits
    gains: QuadGains


class FixedWingPerformance(Strict):
    source: Source
    stall_speed_kmh: Positive
    max_bank_deg: Annotated[float, Field(gt=0, lt=85)]
    max_roll_rate_deg_s: Positive
    max_climb_mps: Positive
    max_descent_mps: Positive
    max_accel_mps2: Positive
    speed_time_constant_s: Positive
    dive_speed_kmh: Positive | None = Field(default=None, description="terminal dive speed; None: cannot dive")


class FixedWingGains(Strict):
    source: Source
    heading_p: Positive = Field(description="bank angle per radian of heading error")
    altitude_p: Positive = Field(description="climb rate (m/s) per metre of altitude error")


class FixedWing(AirframeCommon):
    kind: Literal["fixed_wing"]
    cruise_speed_kmh: PositiveFigure
    span_m: PositiveFigure | None = None
    length_m: PositiveFigure | None = None
    range_km: PositiveFigure | None = None
    performance: FixedWingPerformance
    gains: FixedWingGains

    @model_validator(mode="after")
    def _speeds_ordered(self) -> "FixedWing":
        stall = self.performance.stall_speed_kmh
        if not stall < self.cruise_speed_kmh.value <= self.top_speed_kmh.value:
            raise ValueError("speeds must satisfy stall < cruise <= top")
        return self


Airframe = Annotated[Union[Quadrotor, FixedWing], Field(discriminator="kind")]
