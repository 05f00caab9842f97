"""Turn a pydantic ValidationError into one positioned, human ConfigError.

Pydantic's messages name Python types and list every error; a trainer needs
the first problem, the YAML line it is on, and words like "must be > 0".
Generic over models so scenario files can reuse it.
"""

from __future__ import annotations

import difflib
from typing import Any, Mapping, get_args

from pydantic import BaseModel, ValidationError

from sim.config.errors import ConfigError
from sim.config.yaml_positions import PathKey, PositionMap, dotted

_EXPECTED = {
    "float_type": "a number", "float_parsing": "a number",
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "string_type": "text", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping",
}
_BOUNDS = {"greater_than": ("gt", ">"), "greater_than_equal": ("ge", ">="),
           "less_than": ("lt", "<"), "less_than_equal": ("le", "<=")}
_YAML_TYPE = {type(None): "null", dict: "mapping", list: "list", str: "str",
              bool: "bool", int: "int", float: "float"}


def _got(value: Any) -> str:
    name = _YAML_TYPE.get(type(value), type(value).__name__)
    if isinstance(value, (dict, list)) or value is None:
        return name
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return f"{name} {shown}"


def _plain(value: Any) -> str:
    """0.0 -> "0": bounds are declared as floats but written as whole numbers."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _hint(kind: str, value: Any) -> str:
    """Name the two YAML traps behind most type errors."""
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f' (put it in quotes: "{value}")'
    if kind.startswith(("float", "int")) and isinstance(value, str):
        # YAML 1.1 reads `1e3` (no dot) or a quoted number as text.
        try:
            float(value)
        except ValueError:
            return ""
        return " (YAML read this as text: drop quotes, write exponents like 1.0e+3)"
    return ""


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def known_keys(model: type[BaseModel], path: PathKey) -> list[str]:
    """Field names allowed in the mapping at `path` of `model` (for "did you mean")."""
    candidates = [model]
    for part in path:
        if isinstance(part, int):
            continue  # _models_in already looks through list[...] element types
        fields = [m.model_fields[part] for m in candidates if part in m.model_fields]
        candidates = [found for f in fields for found in _models_in(f.annotation)]
    return sorted({name for m in candidates for name in m.model_fields})


def _unknown_key(model: type[BaseModel] | None, loc: PathKey) -> str:
    if model is None:
        return "unknown key"
    close = difflib.get_close_matches(str(loc[-1]), known_keys(model, loc[:-1]), n=1, cutoff=0.6)
    return f"unknown key (did you mean '{close[0]}'?)" if close else "unknown key"


def describe(error: Mapping[str, Any], model: type[BaseModel] | None = None) -> tuple[str, str]:
    """(field, message) for one pydantic error dict whose loc has no union tag left."""
    kind, loc, ctx = error["type"], tuple(error["loc"]), error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return dotted(loc[:-1]), f"missing field '{loc[-1]}'"
    if kind == "extra_forbidden":
        return dotted(loc), _unknown_key(model, loc)
    if kind in _EXPECTED:
        return dotted(loc), f"expected {_EXPECTED[kind]}, got {_got(value)}{_hint(kind, value)}"
    if kind in _BOUNDS:
        key, op = _BOUNDS[kind]
        return dotted(loc), f"must be {op} {_plain(ctx.get(key))}, got {_plain(value)}"
    if kind == "finite_number":
        return dotted(loc), f"must be a finite number, got {value!r}"
    if kind == "too_short":
        return dotted(loc), f"needs at least {ctx.get('min_length')} items, got {ctx.get('actual_length')}"
    if kind == "too_long":
        return dotted(loc), f"allows at most {ctx.get('max_length')} items, got {ctx.get('actual_length')}"
    if kind == "string_too_short":
        return dotted(loc), f"must be at least {ctx.get('min_length')} characters, got {value!r}"
    if kind == "string_pattern_mismatch":
        return dotted(loc), f"must match {ctx.get('pattern')}, got {value!r}"
    if kind == "literal_error":
        return dotted(loc), f"must be one of {ctx.get('expected')}, got {value!r}"
    if kind in ("value_error", "assertion_error"):
        return dotted(loc), str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return dotted(loc), str(error["msg"])


def _position(kind: str, loc: PathKey, positions: PositionMap) -> tuple[int, int]:
    if kind == "missing":
        return positions.key_position(loc[:-1])  # the parent mapping, e.g. `motors:`
    if kind == "extra_forbidden":
        return positions.key_position(loc)
    return positions.value_position(loc)


def to_config_error(exc: ValidationError, file: str, positions: PositionMap,
                    model: type[BaseModel] | None = None,
                    union_models: Mapping[str, type[BaseModel]] | None = None,
                    discriminator: str = "kind") -> ConfigError:
    """ConfigError for the first error of `exc` in reading order, positioned via `positions`.

    "First" is the earliest in the file, except that missing fields come last:
    a misspelt key also makes the real one "missing", and the misspelling is
    the line to fix. For a discriminated union pass `union_models` (tag ->
    model): pydantic puts the tag first in every loc (`('quadrotor', ...)`),
    which is not a path in the file, so it is dropped.
    """
    union_models = union_models or {}
    tags = ", ".join(union_models)
    errors = exc.errors()
    first = errors[0]
    if first["type"] == "union_tag_not_found":
        line, col = positions.value_position(())
        return ConfigError(file, line, col, "", f"missing field '{discriminator}' (one of: {tags})")
    if first["type"] == "union_tag_invalid":
        line, col = positions.value_position((discriminator,))
        tag = (first.get("ctx") or {}).get("tag")
        return ConfigError(file, line, col, discriminator, f"unknown {discriminator} '{tag}'; expected one of: {tags}")
    located = []
    for error in errors:
        loc, error_model = tuple(error["loc"]), model
        if loc and isinstance(loc[0], str) and loc[0] in union_models:
            error_model, loc = union_models[loc[0]], loc[1:]
        line, col = _position(error["type"], loc, positions)
        located.append((error["type"] == "missing", line, col, {**error, "loc": loc}, error_model))
    _, line, col, error, error_model = min(located, key=lambda item: item[:3])
    field, message = describe(error, error_model)
    return ConfigError(file, line, col, field, message)
