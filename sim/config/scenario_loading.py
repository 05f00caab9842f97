"""Load a scenario file: YAML -> typed Scenario, cross-checked, or one positioned ConfigError.

Importing this module registers scenarios with `validate_file`, so
`slab validate` accepts scenario and airframe files alike.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.config.controller_names import absolute_plugin
from sim.config.distributions import support
from sim.config.errors import ConfigError
from sim.config.library import SCENARIOS
from sim.config.loading import FileKind, register_file_kind
from sim.config.pydantic_errors import describe
from sim.config.scenario import Scenario
from sim.config.scenario_checks import check_scenario
from sim.config.yaml_positions import PathKey, PositionMap, load_yaml_with_positions


def _is_union_tag(part: str | int) -> bool:
    # sim.config.distributions and scenario_forces tag their unions <like-this>.
    return isinstance(part, str) and part.startswith("<") and part.endswith(">")


def scenario_validation_error(exc: ValidationError, file: str, positions: PositionMap) -> ConfigError:
    """The first error in reading order (missing fields last, as for airframes), positioned."""
    located = []
    for error in exc.errors():
        loc: PathKey = tuple(part for part in error["loc"] if not _is_union_tag(part))
        kind = error["type"]
        if kind == "missing":
            line, col = positions.key_position(loc[:-1])
        elif kind == "extra_forbidden":
            line, col = positions.key_position(loc)
        else:
            line, col = positions.value_position(loc)
        located.append((kind == "missing", line, col, {**error, "loc": loc}))
    _, line, col, error = min(located, key=lambda item: item[:3])
    field, message = describe(error, Scenario)
    return ConfigError(file, line, col, field, message)


def _absolute_paths(scenario: Scenario, base_dir: Path) -> Scenario:
    """Relative heightmap and plug-in paths made absolute, so a copy of the resolved
    scenario in a trial record still finds them."""
    terrain = scenario.area.terrain
    if terrain.heightmap is not None and not Path(terrain.heightmap).is_absolute():
        terrain = terrain.model_copy(update={"heightmap": str((base_dir / terrain.heightmap).resolve())})
    waves = [w.model_copy(update={"behaviour": absolute_plugin(w.behaviour, base_dir)}) for w in scenario.red.waves]
    interceptors = [e.model_copy(update={"controller": absolute_plugin(e.controller, base_dir)})
                    for e in scenario.blue.interceptors]
    return scenario.model_copy(update={
        "area": scenario.area.model_copy(update={"terrain": terrain}),
        "red": scenario.red.model_copy(update={"waves": waves}),
        "blue": scenario.blue.model_copy(update={"interceptors": interceptors}),
    })


def scenario_from_data(file: str | PathLike[str], data: dict[str, Any], positions: PositionMap) -> Scenario:
    """Validate already-loaded YAML data as a scenario written in `file`."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise scenario_validation_error(exc, str(file), positions) from None
    base_dir = Path(file).parent
    check_scenario(scenario, str(file), positions, base_dir)
    return _absolute_paths(scenario, base_dir)


def load_scenario(path_or_name: str | PathLike[str]) -> Scenario:
    """Load and check a scenario by library short name (`port-night-shahed-wave`) or by path."""
    path = SCENARIOS.resolve(path_or_name)
    data, positions = load_yaml_with_positions(path)
    return scenario_from_data(path, data, positions)


def scenario_names() -> list[str]:
    return SCENARIOS.names()


def _validate(file: str, data: dict[str, Any], positions: PositionMap) -> str:
    scenario = scenario_from_data(file, data, positions)
    waves = len(scenario.red.waves)
    threats = int(sum(support(wave.count)[1] for wave in scenario.red.waves))
    return (f"scenario '{scenario.meta.name}', {waves} wave{'s' * (waves != 1)}, "
            f"up to {threats} threat{'s' * (threats != 1)}")


register_file_kind("scenario", FileKind(
    label="a scenario (top-level kind: scenario)",
    # A file with `meta:` but no kind is a scenario that forgot its kind: say so.
    detect=lambda data: data.get("kind") == "scenario" or ("kind" not in data and "meta" in data),
    validate=_validate,
))
