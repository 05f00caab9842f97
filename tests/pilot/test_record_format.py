"""Format 1.2: the inputs columns and the new keys are documented in docs/trial-record.md."""

from __future__ import annotations

import re
from pathlib import Path

from trials.schema import (
    FORMAT_VERSION,
    INPUT_COLUMNS,
    INPUTS_FILE,
    INPUTS_STREAM_FILE,
    input_schema,
)

DOC = (Path(__file__).resolve().parents[2] / "docs" / "trial-record.md").read_text(encoding="utf-8")


def _type_name(t) -> str:
    return {"double": "float64", "float": "float32"}.get(str(t), str(t))


def test_every_input_column_is_documented_with_type_and_unit() -> None:
    section = DOC.split("<!-- inputs-columns -->", 1)[1].split("\n\n", 1)[0]
    documented = {}
    for line in section.splitlines():
        match = re.match(r"^\| `([a-z_0-9]+)` \| ([^|]+) \| ([^|]+) \|", line)
        if match:
            documented[match.group(1)] = (match.group(2).strip(), match.group(3).strip())
    assert list(documented) == list(INPUT_COLUMNS)
    for name, spec in INPUT_COLUMNS.items():
        assert documented[name] == (_type_name(spec.type), spec.unit or "—"), name


def test_version_files_and_meta_keys() -> None:
    assert FORMAT_VERSION == "1.2" and "**1.2**" in DOC
    for text in (f"`{INPUTS_FILE}`", f"`{INPUTS_STREAM_FILE}`", "`pilot_seat`", "`gate_passed`", "'quit'",
                 "`raw_tlx`", "`sus_score`", "`cooper_harper`", "slab rerun", "slab leaderboard"):
        assert text in DOC, text
    assert input_schema().metadata[b"format_version"] == b"1.2"
