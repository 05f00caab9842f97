"""Sample every distribution of a scenario into plain numbers: `resolve(scenario, rng)`.

Reproducibility: resolve draws ONE 63-bit integer `key` from `rng`, then
samples each distribution from its own generator seeded with
(key, blake2b-64 of the field's dotted path, e.g. `red.waves[1].count`). So a
value depends only on the trial's rng state and where the field is written:
adding, removing or reordering other distributions never changes it, and
the order of the walk (fields in declaration order, list items and mapping
entries as written) does not affect any value. Give resolve its own stream of the
trial seed (e.g. World.scenario_seed) so its single draw shifts nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import yaml
from pydantic import BaseModel

from sim.config.distributions import Distribution, is_distribution
from sim.config.scenario import Scenario
from sim.config.scenario_airframes import AnyAirframe, scenario_airframes
from sim.config.scenario_forces import Interceptor
from sim.config.scenario_sensors import DEFAULT_SIGNATURES
from sim.config.yaml_positions import PathKey, dotted

DEFAULT_LETHAL_RADIUS_M = 1.0  # when neither the rules nor the airframe's payload say


@dataclass(frozen=True)
class Draw:
    """One sampled distribution: where it was written, what it was, what came out."""

    path: str
    distribution: Distribution
    value: float | int


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario with plain numbers only, plus the airframes it flies and the defaults filled in."""

    scenario: Scenario
    draws: tuple[Draw, ...]
    airframes: Mapping[str, AnyAirframe] = field(repr=False)

    def interceptor(self, airframe: str) -> Interceptor:
        return self.scenario.blue.interceptor(airframe)

    def lethal_radius_m(self, airframe: str) -> float:
        rule = self.scenario.rules.kill.get(airframe)
        if rule is not None and rule.lethal_radius_m is not None:
            return float(rule.lethal_radius_m)
        payload = self.airframes[airframe].payload.lethal_radius_m
        return payload.value if payload is not None else DEFAULT_LETHAL_RADIUS_M

    def kill_probability(self, airframe: str) -> float:
        rule = self.scenario.rules.kill.get(airframe)
        return float(rule.kill_probability) if rule is not None else 1.0

    def unit_cost_usd(self, airframe: str) -> float:
        override = self.scenario.rules.unit_costs.get(airframe)
        return float(override.unit_cost_usd) if override else self.airframes[airframe].unit_cost_usd.value

    def signature(self, airframe: str) -> dict[str, float]:
        """rcs_m2, sound_level_db, size_m: scenario values, else defaults by the airframe's role."""
        values = dict(DEFAULT_SIGNATURES[self.airframes[airframe].role])
        written = self.scenario.sensors.signatures.get(airframe)
        if written is not None:
            values.update({k: float(v) for k, v in written.model_dump(exclude={"source"}).items() if v is not None})
        return values


def _stream(key: int, path: PathKey) -> np.random.Generator:
    digest = hashlib.blake2b(dotted(path).encode("utf-8"), digest_size=8).digest()
    return np.random.default_rng([key, int.from_bytes(digest, "little")])


def _sample(value: Any, path: PathKey, key: int, draws: list[Draw]) -> Any:
    if is_distribution(value):
        sampled = value.sample(_stream(key, path))
        draws.append(Draw(dotted(path), value, sampled))
        return sampled
    if isinstance(value, BaseModel):
        return {name: _sample(getattr(value, name), path + (name,), key, draws)
                for name in type(value).model_fields}
    if isinstance(value, list):
        return [_sample(item, path + (i,), key, draws) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {k: _sample(v, path + (k,), key, draws) for k, v in value.items()}
    return value


def resolve(scenario: Scenario, rng: np.random.Generator) -> ResolvedScenario:
    """Every distribution in `scenario` replaced by a sample (see module docstring); pure."""
    key = int(rng.integers(0, 2**63 - 1))
    draws: list[Draw] = []
    data = _sample(scenario, (), key, draws)
    plain = Scenario.model_validate(data)  # distributions stay inside their field's limits, so this passes
    return ResolvedScenario(plain, tuple(draws), scenario_airframes(plain))


def scenario_yaml(scenario: Scenario) -> str:
    """The scenario as complete YAML (defaults written out) that loads back to an equal Scenario."""
    header = "# Resolved scenario written by Soldiers Lab; every default is written out.\n"
    body = yaml.safe_dump(scenario.model_dump(mode="json"), sort_keys=False, allow_unicode=True, width=100)
    return header + body
