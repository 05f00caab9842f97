"""resolve(): every distribution sampled, reproducibly from the seed, and inside its field's limits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel

from sim.config.distributions import TRUNCATE_SD, Normal, is_distribution
from sim.config.resolve import Draw, resolve, scenario_yaml
from sim.config.scenario import Scenario
from sim.config.scenario_loading import load_scenario
from tests.scenarios.scenario_texts import VALID_SCENARIO, mutate


@pytest.fixture
def scenario(tmp_path: Path) -> Scenario:
    path = tmp_path / "test-scenario.yaml"
    path.write_text(VALID_SCENARIO, encoding="utf-8")
    return load_scenario(path)


def _values(draws: tuple[Draw, ...]) -> dict[str, float | int]:
    return {draw.path: draw.value for draw in draws}


def _walk(value: object) -> list[object]:
    if isinstance(value, BaseModel):
        return [value] + [x for name in type(value).model_fields for x in _walk(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [x for item in value for x in _walk(item)]
    if isinstance(value, dict):
        return [x for item in value.values() for x in _walk(item)]
    return [value]


def test_every_distribution_is_sampled(scenario: Scenario) -> None:
    resolved = resolve(scenario, np.random.default_rng(1))
    assert set(_values(resolved.draws)) == {
        "weather.wind_speed_mps", "red.waves[0].count", "red.waves[0].start_s",
        "blue.interceptors[0].params.navigation_constant"}
    assert not any(is_distribution(node) for node in _walk(resolved.scenario))
    assert any(is_distribution(node) for node in _walk(scenario))  # the input is untouched


def test_samples_have_the_field_types_and_limits(scenario: Scenario) -> None:
    for seed in range(50):
        s = resolve(scenario, np.random.default_rng(seed)).scenario
        count = s.red.waves[0].count
        assert isinstance(count, int) and 2 <= count <= 5
        assert isinstance(s.weather.wind_speed_mps, float) and 2 <= s.weather.wind_speed_mps <= 6
        assert 30 - 3 * 5 <= s.red.waves[0].start_s <= 30 + 3 * 5
        assert s.blue.interceptors[0].params["navigation_constant"] in (3, 4, 5)


def test_same_seed_same_scenario(scenario: Scenario) -> None:
    a = resolve(scenario, np.random.default_rng(42))
    b = resolve(scenario, np.random.default_rng(42))
    assert a.scenario == b.scenario and a.draws == b.draws


def test_different_seeds_differ(scenario: Scenario) -> None:
    results = {tuple(_values(resolve(scenario, np.random.default_rng(seed)).draws).values()) for seed in range(10)}
    assert len(results) == 10


def test_a_value_depends_only_on_its_own_field(tmp_path: Path) -> None:
    # Adding a distribution elsewhere must not shift the others (per-field streams).
    base_path, more_path = tmp_path / "a.yaml", tmp_path / "b.yaml"
    base_path.write_text(VALID_SCENARIO, encoding="utf-8")
    more_path.write_text(mutate(VALID_SCENARIO, "wind_from_deg: 270", "wind_from_deg: {uniform: [0, 90]}"))
    base = _values(resolve(load_scenario(base_path), np.random.default_rng(5)).draws)
    more = _values(resolve(load_scenario(more_path), np.random.default_rng(5)).draws)
    assert set(more) - set(base) == {"weather.wind_from_deg"}
    assert all(more[path] == value for path, value in base.items())


def test_resolved_scenario_round_trips_through_yaml(scenario: Scenario, tmp_path: Path) -> None:
    resolved = resolve(scenario, np.random.default_rng(3))
    path = tmp_path / "scenario.yaml"
    path.write_text(scenario_yaml(resolved.scenario), encoding="utf-8")
    again = load_scenario(path)
    assert again == resolved.scenario
    assert resolve(again, np.random.default_rng(99)).draws == ()  # nothing left to sample


def test_library_scenario_same_seed_same_result() -> None:
    scenario = load_scenario("saturation-raid")
    first = resolve(scenario, np.random.default_rng(2026))
    assert first == resolve(scenario, np.random.default_rng(2026))
    assert first.scenario != resolve(scenario, np.random.default_rng(2027)).scenario


def test_normal_is_truncated() -> None:
    normal = Normal(normal=[0.0, 1.0])
    rng = np.random.default_rng(0)
    samples = [normal.sample(rng) for _ in range(20_000)]
    assert max(abs(x) for x in samples) <= TRUNCATE_SD
    assert 0.95 < float(np.std(samples)) < 1.0  # truncation at 3 sd trims the spread only slightly


def test_defaults_filled_in(scenario: Scenario) -> None:
    resolved = resolve(scenario, np.random.default_rng(0))
    assert resolved.lethal_radius_m("interceptor-quad") == 1.0  # from the airframe's payload
    assert resolved.kill_probability("interceptor-quad") == 0.9  # from rules.kill
    assert resolved.kill_probability("test-proto") == 1.0
    assert resolved.unit_cost_usd("shahed-136") == 35000
    assert resolved.airframes["test-proto"].top_speed_kmh.value == 310
    assert resolved.airframes["test-proto"].name == "test-proto"
    assert resolved.interceptor("test-proto").controller == "apn"
    assert resolved.signature("shahed-136")["rcs_m2"] == 0.1
