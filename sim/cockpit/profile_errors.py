"""One positioned ConfigError for a bad pilot profile, via the config package's error mapping.

`sim.config.pydantic_errors.to_config_error` expects union tags only at the
top level (airframe files). In a profile the rate type union sits under
`rates.<axis>`, where pydantic inserts the tag into the error path
(`rates.roll.actual.expo`), which is not a path in the file. The tags are
removed, and tag errors turned into the ordinary "missing"/"must be one of"
errors, before handing over.
"""

from __future__ import annotations

from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from sim.config.errors import ConfigError
from sim.config.pydantic_errors import to_config_error
from sim.config.yaml_positions import PositionMap


class _Errors:
    """Quacks like a ValidationError for to_config_error, which only calls errors()."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors


def _without_tags(loc: tuple[Any, ...], tags: Mapping[str, type[BaseModel]]) -> tuple[Any, ...]:
    # A tag follows the field holding the union (`rates`, `roll`, <tag>, ...): drop it there only.
    return tuple(part for i, part in enumerate(loc)
                 if not (i >= 2 and loc[i - 2] == "rates" and part in tags))


def profile_error(exc: ValidationError, file: str, positions: PositionMap, model: type[BaseModel],
                  union_models: Mapping[str, type[BaseModel]], discriminator: str = "type") -> ConfigError:
    """ConfigError (file:line:col: field: message) for the first error of `exc`."""
    expected = " or ".join(repr(tag) for tag in union_models)
    cleaned = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if error["type"] == "union_tag_invalid":
            tag = (error.get("ctx") or {}).get("tag")
            error = {**error, "type": "literal_error", "loc": loc + (discriminator,), "input": tag,
                     "ctx": {"expected": expected}}
        elif error["type"] == "union_tag_not_found":
            error = {**error, "type": "missing", "loc": loc + (discriminator,)}
        else:
            error = {**error, "loc": _without_tags(loc, union_models)}
        cleaned.append(error)
    return to_config_error(_Errors(cleaned), file, positions, model)  # type: ignore[arg-type]
