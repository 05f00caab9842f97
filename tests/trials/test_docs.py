"""docs/trial-record.md documents every column, event kind and field the schema defines."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa

from trials.event_kinds import COMMON_EVENT_FIELDS
from trials.schema import EVENT_KINDS, FEEDBACK_FILE, FORMAT_VERSION, FRAME_COLUMNS, META_REQUIRED

DOC = (Path(__file__).resolve().parents[2] / "docs" / "trial-record.md").read_text(encoding="utf-8")


def _type_name(t: pa.DataType) -> str:
    return "string (dictionary)" if pa.types.is_dictionary(t) else {"double": "float64", "float": "float32"}.get(str(t), str(t))


def _row(name: str, text: str = DOC) -> list[str]:
    match = re.search(rf"^\| `{re.escape(name)}` \|(.*)\|$", text, re.MULTILINE)
    assert match, f"`{name}` has no table row in docs/trial-record.md"
    return [cell.strip() for cell in match.group(1).split("|")]


def test_every_frame_column_is_documented_with_type_and_unit() -> None:
    for name, spec in FRAME_COLUMNS.items():
        type_name, unit, _ = _row(name)
        assert type_name == _type_name(spec.type), name
        assert unit == (spec.unit or "—"), name


def test_every_event_kind_and_field_is_documented() -> None:
    common = DOC.split("## events.jsonl", 1)[1].split("### ", 1)[0]
    for name, spec in COMMON_EVENT_FIELDS.items():
        assert _row(name, common)[0] == (spec.unit or "—"), name
    sections = re.split(r"^### ", DOC, flags=re.MULTILINE)
    for kind, spec in EVENT_KINDS.items():
        section = next((s for s in sections if s.startswith(f"`{kind}`")), None)
        assert section is not None, f"event kind {kind} has no section"
        for field, fspec in spec.fields.items():
            unit, required, _ = _row(field, section)
            assert unit == (fspec.unit or "—") and required == ("yes" if fspec.required else "no"), (kind, field)


def test_meta_keys_version_and_reserved_file_are_documented() -> None:
    for key in META_REQUIRED:
        _row(key)
    assert f"Record format version: **{FORMAT_VERSION}**" in DOC
    assert f"`{FEEDBACK_FILE}`" in DOC
