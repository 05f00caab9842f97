"""JSON Schemas of the config files, in draft-07 form for editors.

Pydantic emits JSON Schema 2020-12; yaml-language-server and most editor
plug-ins speak draft-07, so definitions move from `$defs` to `definitions`,
`prefixItems` becomes the draft-07 array form of `items`, and `$schema` is
set. The files in docs/schema/ are this output (a test keeps them current).
"""

from __future__ import annotations

import json
from typing import Any, Callable

from pydantic import TypeAdapter

from sim.config.airframe import Airframe
from sim.config.scenario import Scenario

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
_OLD_REF, _NEW_REF = "#/$defs/", "#/definitions/"


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if isinstance(node, str):
        return _NEW_REF + node[len(_OLD_REF):] if node.startswith(_OLD_REF) else node
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = {name: _convert(d) for name, d in value.items()}
        elif key == "prefixItems":
            out["items"] = _convert(value)
            if "items" not in node:
                out["additionalItems"] = False
        elif key == "items" and "prefixItems" in node:
            out["additionalItems"] = _convert(value)  # 2020-12 `items` after prefixItems = the rest
        elif key in ("properties", "definitions", "patternProperties"):
            out[key] = {name: _convert(sub) for name, sub in value.items()}  # names, not refs
        else:
            out[key] = _convert(value)
    return out


def draft7(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    """A pydantic (2020-12) schema rewritten as draft-07, with `$schema`, title and description first."""
    body = _convert(schema)
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DRAFT_07, "title": title, "description": description, **body}


def scenario_schema() -> dict[str, Any]:
    return draft7(Scenario.model_json_schema(), "Soldiers Lab scenario",
                  "A counter-UAV scenario (scenarios/*.yaml); see docs/scenarios.md.")


def airframe_schema() -> dict[str, Any]:
    return draft7(TypeAdapter(Airframe).json_schema(), "Soldiers Lab airframe",
                  "An airframe (airframes/*.yaml): a quadrotor or a fixed-wing drone.")


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {"scenario": scenario_schema, "airframe": airframe_schema}


def schema_text(kind: str) -> str:
    """The schema of `kind` as the exact text of docs/schema/KIND.schema.json."""
    return json.dumps(SCHEMAS[kind](), indent=2, ensure_ascii=False) + "\n"
