"""docs/scenarios.md documents every field of the scenario language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel

from sim.config.scenario import Scenario

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models(arg)]


def _all_models(root: type[BaseModel]) -> set[type[BaseModel]]:
    found, todo = set(), [root]
    while todo:
        model = todo.pop()
        if model not in found:
            found.add(model)
            todo.extend(m for f in model.model_fields.values() for m in _models(f.annotation))
    return found


def test_every_field_is_documented() -> None:
    text = re.sub(r"```.*?```", "", DOC.read_text(encoding="utf-8"), flags=re.S)  # examples do not count
    # a field counts as documented when it appears in code quotes, alone or as the last part of a path
    quoted = set(re.findall(r"`([^`]+)`", text))
    names = {part for q in quoted for part in re.split(r"[^A-Za-z0-9_-]+", q)}
    missing = sorted({f"{model.__name__}.{field}" for model in _all_models(Scenario)
                      for field in model.model_fields if field not in names})
    assert not missing, f"docs/scenarios.md does not mention: {missing}"
