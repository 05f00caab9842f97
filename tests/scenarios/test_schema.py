"""`slab schema`: draft-07 JSON Schemas, kept in docs/schema/, that accept good files and reject bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from sim.cli import main
from sim.config.json_schema import DRAFT_07, SCHEMAS, schema_text
from sim.config.library import AIRFRAMES
from sim.config.yaml_positions import load_yaml_with_positions
from tests.scenarios.scenario_texts import VALID_SCENARIO, mutate

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schema_is_valid_draft_07(kind: str) -> None:
    schema = SCHEMAS[kind]()
    assert schema["$schema"] == DRAFT_07
    jsonschema.Draft7Validator.check_schema(schema)
    text = json.dumps(schema)
    assert "$defs" not in text and "prefixItems" not in text  # 2020-12 keywords draft-07 ignores


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_docs_schema_files_are_current(kind: str) -> None:
    path = REPO / "docs" / "schema" / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(kind), (
        f"{path} is stale: run `slab schema {kind} -o docs/schema/{kind}.schema.json`")


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "scenario"]) == 0
    assert capsys.readouterr().out == schema_text("scenario")


def test_cli_writes_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "airframe.schema.json"
    assert main(["schema", "airframe", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == SCHEMAS["airframe"]()


def test_cli_rejects_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "weather"]) == 2


def _scenario_data(text: str, tmp_path: Path) -> dict:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml_with_positions(path)[0]


def test_scenario_schema_accepts_and_rejects(tmp_path: Path) -> None:
    validator = jsonschema.Draft7Validator(SCHEMAS["scenario"]())
    assert not list(validator.iter_errors(_scenario_data(VALID_SCENARIO, tmp_path)))
    bad_texts = [
        mutate(VALID_SCENARIO, "  wind_from_deg: 270", "  wind_from: 270"),  # unknown key
        mutate(VALID_SCENARIO, "wind_from_deg: 270", "wind_from_deg: 400"),  # out of range
        mutate(VALID_SCENARIO, "{uniform: [2, 6]}", "{gauss: [2, 6]}"),  # not a distribution
        mutate(VALID_SCENARIO, "count: 2", "count: 0"),  # empty wave
    ]
    for text in bad_texts:
        assert list(validator.iter_errors(_scenario_data(text, tmp_path))), text


def test_airframe_schema_accepts_library_airframes() -> None:
    validator = jsonschema.Draft7Validator(SCHEMAS["airframe"]())
    for name in AIRFRAMES.names():
        data, _ = load_yaml_with_positions(AIRFRAMES.path(name))
        assert not list(validator.iter_errors(data)), name
