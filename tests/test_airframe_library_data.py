"""Sanity checks on the airframe library data (airframes/*.yaml).

The pydantic models already check types, unknown keys and value-inside-range; these tests
check what a schema cannot: cross-field physics (top speed implied by tilt, thrust and drag),
the published Crazyflie constants, and the relations between airframes (fibre vs radio).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from sim.config.airframe import Airframe, FixedWing, Quadrotor

AIRFRAME_DIR = Path(__file__).resolve().parents[1] / "airframes"
FILES = sorted(AIRFRAME_DIR.glob("*.yaml"))
G = 9.81
RHO = 1.225
RPM_TO_RAD_S = 2.0 * math.pi / 60.0

EXPECTED = {
    "interceptor-quad",
    "fpv-strike-quad",
    "fpv-strike-quad-fibre",
    "recon-quad",
    "shahed-136",
    "lancet-3",
    "crazyflie-2x",
}

DEFAULT_GAINS = {
    "rate_p": [20, 20, 12],
    "rate_i": [2, 2, 1],
    "rate_d": [0, 0, 0],
    "attitude_p": [8, 8, 4],
    "velocity_p": [2.5, 2.5, 3],
    "velocity_i": [0.3, 0.3, 0.5],
    "position_p": [1.2, 1.2, 1.5],
}

_ADAPTER = TypeAdapter(Airframe)


def load(path: Path) -> Quadrotor | FixedWing:
    with path.open() as fh:
        return _ADAPTER.validate_python(yaml.safe_load(fh))


def by_name() -> dict[str, Quadrotor | FixedWing]:
    return {p.stem: load(p) for p in FILES}


def quads() -> list[Quadrotor]:
    return [a for a in by_name().values() if isinstance(a, Quadrotor)]


def usable_tilt_rad(q: Quadrotor) -> float:
    """Max tilt at which max thrust still holds altitude, capped by the tilt limit."""
    tw = q.motors.thrust_to_weight.value
    return min(math.radians(q.limits.max_tilt_deg), math.acos(min(1.0, 1.0 / tw)))


def analytic_top_speed_kmh(q: Quadrotor) -> float:
    """Solve 0.5*rho*CdA*v^2 + c*v = m*g*tan(tilt) for v (level flight at usable tilt)."""
    force = q.mass_kg.value * G * math.tan(usable_tilt_rad(q))
    a = 0.5 * RHO * q.body.drag_area_m2
    c = q.body.drag_linear_n_s_per_m[0]
    if a == 0.0:
        v = force / c
    else:
        v = (-c + math.sqrt(c * c + 4.0 * a * force)) / (2.0 * a)
    return v * 3.6


# --- the library as a whole -------------------------------------------------------------


def test_library_holds_the_expected_airframes():
    assert EXPECTED <= {p.stem for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_validates_and_name_matches_stem(path):
    airframe = load(path)
    assert airframe.name == path.stem


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_starts_with_a_comment_header(path):
    first = path.read_text().splitlines()[0]
    assert first.startswith("#"), "each airframe file opens with a comment saying what it is"


def test_names_and_display_names_unique():
    frames = by_name().values()
    assert len({a.display_name for a in frames}) == len(list(by_name()))


# --- quadrotor physics ------------------------------------------------------------------


@pytest.mark.parametrize("q", quads(), ids=lambda q: q.name)
def test_max_tilt_is_holdable_in_level_flight(q):
    tw = q.motors.thrust_to_weight.value
    assert tw * math.cos(math.radians(q.limits.max_tilt_deg)) >= 1.0
    assert tw * math.cos(usable_tilt_rad(q)) >= 1.0 - 1e-12


@pytest.mark.parametrize("q", quads(), ids=lambda q: q.name)
def test_analytic_top_speed_inside_cited_range(q):
    v = analytic_top_speed_kmh(q)
    low, high = q.top_speed_kmh.range
    assert low <= v <= high, f"{q.name}: analytic top speed {v:.1f} km/h outside [{low}, {high}]"


@pytest.mark.parametrize("q", quads(), ids=lambda q: q.name)
def test_drag_area_was_derived_from_the_top_speed_value(q):
    v = analytic_top_speed_kmh(q)
    assert v == pytest.approx(q.top_speed_kmh.value, rel=0.02)


@pytest.mark.parametrize("q", quads(), ids=lambda q: q.name)
def test_motor_and_body_constants_plausible(q):
    assert 0.01 <= q.motors.time_constant_s <= 0.04
    assert 0.01 <= q.motors.yaw_torque_per_thrust_m <= 0.03
    ixx, iyy, izz = q.body.inertia_kg_m2
    # a flat X quad: yaw inertia largest, and the triangle inequality of rigid bodies holds
    assert izz >= max(ixx, iyy)
    assert izz <= ixx + iyy
    # props must fit between neighbouring motors of an X frame (spacing arm*sqrt(2))
    assert 2 * q.body.prop_radius_m <= q.body.arm_length_m * math.sqrt(2) * 1.01
    # derived kf must be positive and finite, hover must not saturate the motors
    kf = q.motors.thrust_to_weight.value * q.mass_kg.value * G / 4 / q.motors.max_speed_rad_s**2
    hover_rad_s = math.sqrt(q.mass_kg.value * G / 4 / kf)
    assert hover_rad_s < q.motors.max_speed_rad_s


@pytest.mark.parametrize("q", quads(), ids=lambda q: q.name)
def test_gains_are_the_shared_defaults(q):
    for field, expected in DEFAULT_GAINS.items():
        assert getattr(q.gains, field) == pytest.approx(expected), field
    top_mps = q.top_speed_kmh.value / 3.6
    assert q.gains.max_speed_cmd_mps <= top_mps * 1.01


@pytest.mark.parametrize("q", [q for q in quads() if q.battery is not None], ids=lambda q: q.name)
def test_battery_hover_endurance_plausible(q):
    minutes = q.battery.capacity_mah / 1000 / q.battery.hover_current_a * 60
    assert 3 <= minutes <= 60, f"{q.name}: hover endurance {minutes:.1f} min"


# --- specific airframes -----------------------------------------------------------------


def test_interceptor_envelope():
    a = by_name()["interceptor-quad"]
    assert a.role == "interceptor" and a.link == "radio" and a.failsafe == "land"
    assert 1.0 <= a.mass_kg.value <= 2.0
    assert 4.0 <= a.motors.thrust_to_weight.value <= 10.0
    assert a.top_speed_kmh.range == [280, 315]
    assert a.unit_cost_usd.range == [2500, 5000]
    assert a.payload.lethal_radius_m.range == [0.5, 1.5]


def test_fibre_variant_against_radio():
    frames = by_name()
    radio, fibre = frames["fpv-strike-quad"], frames["fpv-strike-quad-fibre"]
    assert radio.link == "radio" and fibre.link == "fibre"
    assert radio.role == fibre.role == "strike"
    # same airframe: same frame, props and motors
    assert fibre.body.arm_length_m == radio.body.arm_length_m
    assert fibre.body.prop_radius_m == radio.body.prop_radius_m
    assert fibre.motors.max_speed_rad_s == radio.motors.max_speed_rad_s
    # same motors => same max thrust: T/W scales inversely with mass
    thrust_radio = radio.motors.thrust_to_weight.value * radio.mass_kg.value
    thrust_fibre = fibre.motors.thrust_to_weight.value * fibre.mass_kg.value
    assert thrust_fibre == pytest.approx(thrust_radio, rel=0.02)
    # heavier (spool), slower, several times the cost
    assert fibre.mass_kg.value > radio.mass_kg.value
    assert fibre.top_speed_kmh.value < radio.top_speed_kmh.value
    assert analytic_top_speed_kmh(fibre) < analytic_top_speed_kmh(radio)
    assert fibre.unit_cost_usd.value >= 2 * radio.unit_cost_usd.value
    assert fibre.body.drag_area_m2 > radio.body.drag_area_m2


def test_strike_quad_figures():
    a = by_name()["fpv-strike-quad"]
    assert 350 <= a.unit_cost_usd.value <= 500
    assert 1.0 <= a.payload.warhead_kg.value <= 2.0
    assert a.payload.warhead_kg.value < a.mass_kg.value


def test_recon_quad_figures():
    a = by_name()["recon-quad"]
    assert a.role == "recon" and a.failsafe == "return"
    assert a.battery is not None and a.battery.cells == 4
    assert a.top_speed_kmh.range[0] <= 70 <= a.top_speed_kmh.range[1]


def test_crazyflie_matches_published_identification():
    cf = by_name()["crazyflie-2x"]
    assert cf.role == "reference"
    assert cf.mass_kg.value == pytest.approx(0.027)
    assert cf.body.arm_length_m == pytest.approx(0.0397)
    assert cf.body.inertia_kg_m2 == pytest.approx([1.4e-5, 1.4e-5, 2.17e-5])
    assert cf.body.prop_radius_m == pytest.approx(0.0231348)
    assert cf.motors.thrust_to_weight.value == pytest.approx(2.25)
    assert cf.body.ground_effect is True
    # the engine derives kf from T/W and max speed; it must reproduce the published kf
    kf_rad = cf.motors.thrust_to_weight.value * cf.mass_kg.value * G / 4 / cf.motors.max_speed_rad_s**2
    kf_rpm = kf_rad * RPM_TO_RAD_S**2
    assert kf_rpm == pytest.approx(3.16e-10, rel=0.01)
    assert cf.motors.yaw_torque_per_thrust_m == pytest.approx(7.94e-12 / 3.16e-10, rel=0.01)
    # linear drag: gym-pybullet-drones' k * sum(rotor rad/s) at hover
    hover_rad_s = math.sqrt(cf.mass_kg.value * G / (4 * 3.16e-10)) * RPM_TO_RAD_S
    assert cf.body.drag_linear_n_s_per_m[0] == pytest.approx(9.1785e-7 * 4 * hover_rad_s, rel=0.01)
    assert cf.body.drag_linear_n_s_per_m[2] == pytest.approx(10.311e-7 * 4 * hover_rad_s, rel=0.01)


def test_shahed_figures():
    s = by_name()["shahed-136"]
    assert isinstance(s, FixedWing)
    assert s.role == "one-way-attack" and s.link == "autonomous" and s.failsafe == "continue"
    assert s.unit_cost_usd.value == 35000  # DOMAIN economics (Patriot > $3M, 85:1)
    assert s.cruise_speed_kmh.range == [150, 185]
    assert 30 <= s.performance.max_bank_deg <= 45
    assert 40 <= s.payload.warhead_kg.value <= 60
    # a coordinated turn at cruise must be wide: radius = V^2 / (g tan bank) > 100 m
    v = s.cruise_speed_kmh.value / 3.6
    assert v * v / (G * math.tan(math.radians(s.performance.max_bank_deg))) > 100


def test_lancet_figures():
    lancet = by_name()["lancet-3"]
    assert isinstance(lancet, FixedWing)
    assert lancet.role == "loitering-munition"
    assert lancet.performance.dive_speed_kmh == pytest.approx(300)
    assert lancet.performance.dive_speed_kmh > lancet.top_speed_kmh.value
    assert 3 <= lancet.payload.warhead_kg.value <= 5
    assert 40 <= lancet.range_km.value <= 50


def test_interceptor_outruns_the_threats():
    frames = by_name()
    interceptor = frames["interceptor-quad"]
    for threat in ("shahed-136", "lancet-3"):
        assert analytic_top_speed_kmh(interceptor) > frames[threat].cruise_speed_kmh.value * 1.3


def test_cost_exchange_favours_the_interceptor():
    frames = by_name()
    assert frames["interceptor-quad"].unit_cost_usd.value * 5 < frames["shahed-136"].unit_cost_usd.value
