"""Load and validate config files: YAML -> typed models, or one ConfigError.

`validate_file` recognises a file by its content through FILE_KINDS, a
registry of detectors -> validators; scenario files plug in there later with
`register_file_kind`, without touching the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Callable, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from sim.config.airframe import Airframe, FixedWing, Quadrotor
from sim.config.errors import ConfigError
from sim.config.library import resolve_airframe
from sim.config.pydantic_errors import to_config_error
from sim.config.yaml_positions import PositionMap, load_yaml_with_positions


def _union_models(union: Any, discriminator: str) -> dict[str, type[BaseModel]]:
    """tag -> model for an `Annotated[Union[...], Field(discriminator=...)]`."""
    members = get_args(get_args(union)[0])
    return {get_args(m.model_fields[discriminator].annotation)[0]: m for m in members}


AIRFRAME_MODELS: dict[str, type[BaseModel]] = _union_models(Airframe, "kind")
_AIRFRAME_ADAPTER: TypeAdapter[Quadrotor | FixedWing] = TypeAdapter(Airframe)


def _check_name_matches_stem(file: str, name: str, positions: PositionMap) -> None:
    # Copy-and-edit is the normal workflow; a copy that keeps the old name
    # would shadow the original in logs and tables.
    stem = Path(file).stem
    if name != stem:
        line, col = positions.value_position(("name",))
        raise ConfigError(file, line, col, "name",
                          f"'{name}' must equal the file name '{stem}' (rename both when copying)")


def airframe_from_data(file: str | PathLike[str], data: dict[str, Any],
                       positions: PositionMap) -> Quadrotor | FixedWing:
    """Validate already-loaded YAML data as an airframe written in `file`."""
    try:
        airframe = _AIRFRAME_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise to_config_error(exc, str(file), positions, union_models=AIRFRAME_MODELS) from None
    _check_name_matches_stem(str(file), airframe.name, positions)
    return airframe


def load_airframe_file(path: str | PathLike[str]) -> Quadrotor | FixedWing:
    """Load and validate one airframe YAML file."""
    data, positions = load_yaml_with_positions(path)
    return airframe_from_data(path, data, positions)


def load_airframe(path_or_name: str | PathLike[str]) -> Quadrotor | FixedWing:
    """Load an airframe by built-in short name (`interceptor-quad`) or by path."""
    return load_airframe_file(resolve_airframe(path_or_name))


@dataclass(frozen=True)
class FileKind:
    """How to recognise one kind of config file and validate it."""

    label: str  # for "expected ..." messages
    detect: Callable[[dict[str, Any]], bool]
    validate: Callable[[str, dict[str, Any], PositionMap], str]  # -> short description


def _validate_airframe(file: str, data: dict[str, Any], positions: PositionMap) -> str:
    airframe = airframe_from_data(file, data, positions)
    return f"airframe {airframe.kind} '{airframe.name}'"


FILE_KINDS: dict[str, FileKind] = {
    "airframe": FileKind(
        label=f"an airframe (top-level kind: {' or '.join(AIRFRAME_MODELS)})",
        detect=lambda data: data.get("kind") in AIRFRAME_MODELS,
        validate=_validate_airframe,
    ),
}


def register_file_kind(name: str, kind: FileKind) -> None:
    """Teach `validate_file` a new kind of config file (e.g. scenarios)."""
    FILE_KINDS[name] = kind


def validate_file(path: str | PathLike[str]) -> str:
    """Validate any known config file; return e.g. "airframe quadrotor 'x'" or raise ConfigError."""
    data, positions = load_yaml_with_positions(path)
    for kind in FILE_KINDS.values():
        if kind.detect(data):
            return kind.validate(str(path), data, positions)
    expected = "; or ".join(kind.label for kind in FILE_KINDS.values())
    field = "kind" if "kind" in data else ""
    line, col = positions.value_position((field,) if field else ())
    got = f" (kind is {data['kind']!r})" if field else ""
    raise ConfigError(path, line, col, field, f"cannot tell what this file is{got}; expected {expected}")
