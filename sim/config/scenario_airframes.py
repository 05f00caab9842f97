"""The airframes a scenario flies: built-in ones by name, and its prototypes.

A prototype is a built-in airframe's YAML data with the scenario's `override`
merged in (mappings merge key by key, anything else replaces), named after
the prototype, and validated by the same Airframe models as a file would be,
so a variant can never be something an airframe file could not be.
"""

from __future__ import annotations

from typing import Any, Iterable

from pydantic import TypeAdapter, ValidationError

from sim.config.airframe import Airframe, FixedWing, Quadrotor
from sim.config.errors import ConfigError
from sim.config.library import airframe_path
from sim.config.loading import AIRFRAME_MODELS, load_airframe
from sim.config.pydantic_errors import to_config_error
from sim.config.scenario import Prototype, Scenario
from sim.config.yaml_positions import PathKey, PositionMap, dotted, load_yaml_with_positions

AnyAirframe = Quadrotor | FixedWing
_ADAPTER: TypeAdapter[AnyAirframe] = TypeAdapter(Airframe)


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`base` with `override` laid over it; nested mappings merge, other values replace."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class _UnderPrefix:
    """A PositionMap view that places airframe paths inside the scenario's `override`."""

    def __init__(self, positions: PositionMap, prefix: PathKey) -> None:
        self._positions, self._prefix = positions, prefix

    def value_position(self, loc: Iterable[str | int]) -> tuple[int, int]:
        return self._positions.value_position(self._prefix + tuple(loc))

    def key_position(self, loc: Iterable[str | int]) -> tuple[int, int]:
        path = self._prefix + tuple(loc)
        if path in self._positions:
            return self._positions.key_position(path)
        return self._positions.value_position(path)  # not written in the override: the nearest part that is


def build_prototype(name: str, prototype: Prototype, file: str = "<scenario>",
                    positions: PositionMap | None = None) -> AnyAirframe:
    """Merge and validate one prototype; errors point into its `override` in `file`."""
    base, _ = load_yaml_with_positions(airframe_path(prototype.base))
    data = deep_merge(base, prototype.override)
    data["name"] = name
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        prefix: PathKey = ("prototypes", name, "override")
        view = _UnderPrefix(positions or PositionMap(), prefix)
        error = to_config_error(exc, file, view, union_models=AIRFRAME_MODELS)  # type: ignore[arg-type]
        field = dotted(prefix + tuple(error.field.split("."))) if error.field else dotted(prefix)
        raise ConfigError(file, error.line, error.col, field,
                          f"{error.message} (in prototype '{name}' based on '{prototype.base}')") from None


def airframe_names_used(scenario: Scenario) -> list[str]:
    """Every airframe name the scenario flies or refers to, in first-use order."""
    names = [wave.airframe for wave in scenario.red.waves]
    for site in scenario.blue.launch_sites:
        names.extend(site.magazine)
    names.extend(entry.airframe for entry in scenario.blue.interceptors)
    names.extend(scenario.prototypes)
    return list(dict.fromkeys(names))


def scenario_airframes(scenario: Scenario) -> dict[str, AnyAirframe]:
    """name -> validated airframe for every airframe the scenario uses (prototypes merged)."""
    found: dict[str, AnyAirframe] = {}
    for name in airframe_names_used(scenario):
        prototype = scenario.prototypes.get(name)
        found[name] = build_prototype(name, prototype) if prototype else load_airframe(name)
    return found
