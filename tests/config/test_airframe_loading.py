"""load_airframe / validate_file: typed models out, or a positioned ConfigError."""

from __future__ import annotations

import pytest

from airframe_texts import VALID_QUAD, VALID_WING, line_of, mutate
from sim.config.airframe import FixedWing, Quadrotor
from sim.config.errors import ConfigError
from sim.config.loading import (FILE_KINDS, FileKind, load_airframe, load_airframe_file,
                                register_file_kind, validate_file)


def test_loads_quadrotor(write) -> None:
    airframe = load_airframe(write())
    assert isinstance(airframe, Quadrotor)
    assert airframe.mass_kg.value == 1.5 and airframe.motors.thrust_to_weight.range == [4, 10]


def test_loads_fixed_wing_from_str_path(write) -> None:
    airframe = load_airframe(str(write(VALID_WING, name="test-wing")))
    assert isinstance(airframe, FixedWing) and airframe.cruise_speed_kmh.value == 160


def test_discriminator_tag_dropped_from_field(write) -> None:
    path = write(mutate(VALID_WING, "  max_bank_deg: 30", "  max_bank_deg: 95"), name="test-wing")
    with pytest.raises(ConfigError) as info:
        load_airframe_file(path)
    assert info.value.field == "performance.max_bank_deg"
    assert info.value.message == "must be < 85, got 95"
    assert info.value.line == line_of(VALID_WING, "max_bank_deg")


def test_missing_kind_reported_by_loader(write) -> None:
    with pytest.raises(ConfigError, match="missing field 'kind' \\(one of: quadrotor, fixed_wing\\)"):
        load_airframe_file(write(mutate(VALID_QUAD, "kind: quadrotor\n", "")))


def test_unknown_kind_reported_by_loader(write) -> None:
    with pytest.raises(ConfigError) as info:
        load_airframe_file(write(mutate(VALID_QUAD, "kind: quadrotor", "kind: heli")))
    assert (info.value.line, info.value.col, info.value.field) == (2, 7, "kind")
    assert "unknown kind 'heli'; expected one of: quadrotor, fixed_wing" in info.value.message


def test_misspelt_key_beats_the_missing_field_it_causes(write) -> None:
    # Pydantic lists "missing drag_area_m2" first; the typo is the line to fix.
    with pytest.raises(ConfigError) as info:
        load_airframe_file(write(mutate(VALID_QUAD, "drag_area_m2:", "drag_aera_m2:")))
    assert info.value.field == "body.drag_aera_m2"
    assert "did you mean 'drag_area_m2'" in info.value.message


def test_first_error_in_file_order(write) -> None:
    text = mutate(VALID_QUAD, "max_climb_mps: 30", "max_climb_mps: -1")
    text = mutate(text, "{value: 1.5,", "{value: -1.5,")
    with pytest.raises(ConfigError) as info:
        load_airframe_file(write(text))
    assert info.value.field == "mass_kg.value"


def test_name_must_match_stem(write) -> None:
    with pytest.raises(ConfigError) as info:
        load_airframe_file(write(name="copy-of-test-quad"))
    assert info.value.field == "name" and info.value.line == 1
    assert "rename both" in info.value.message


def test_validate_file_description(write) -> None:
    assert validate_file(write()) == "airframe quadrotor 'test-quad'"


def test_file_kind_registry_is_extensible(write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sim.config.loading.FILE_KINDS", dict(FILE_KINDS))
    register_file_kind("scenario", FileKind(
        label="a scenario (top-level scenario: NAME)",
        detect=lambda data: "scenario" in data,
        validate=lambda file, data, positions: f"scenario '{data['scenario']}'"))
    assert validate_file(write("scenario: swarm\n", name="swarm")) == "scenario 'swarm'"
    with pytest.raises(ConfigError, match="or a scenario"):
        validate_file(write("other: 1\n", name="other"))
