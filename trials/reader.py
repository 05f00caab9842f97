"""TrialRecord: read a trial record, finished or left behind by a killed process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from trials.frame_stream import read_stream
from trials.input_log import read_inputs
from trials.parquet_io import read_parts
from trials.schema import (EVENTS_FILE, FEEDBACK_FILE, FORMAT_VERSION, FRAMES_FILE, FRAMES_STREAM_FILE, META_FILE,
                           PARTS_DIR, SCENARIO_FILE, STATUSES, SUMMARY_FILE, major_version)


class TrialRecordError(ValueError):
    """A folder that is not a readable trial record."""


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TrialRecordError(f"{path}: unreadable JSON ({exc})") from None


def parse_events(text: str, source: str) -> list[dict[str, Any]]:
    """Events of an events.jsonl text. Only an unterminated, unparsable last line is
    skipped (a write cut short by a kill); any other bad line is an error."""
    lines = text.split("\n")
    torn = lines.pop()  # "" when the file ends with a newline, as every complete one does
    events = []
    for number, line in enumerate(lines, start=1):
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise TrialRecordError(f"{source}:{number}: corrupt event line ({exc.msg})") from None
    if torn:
        try:
            events.append(json.loads(torn))  # whole event, only its newline was lost
        except json.JSONDecodeError:
            pass
    return events


@dataclass(frozen=True)
class TrialRecord:
    """One trial record on disk; files are read when asked for."""

    folder: Path
    meta: dict[str, Any]

    @classmethod
    def open(cls, folder: Path) -> TrialRecord:
        folder = Path(folder)
        if not folder.is_dir():
            raise TrialRecordError(f"{folder}: no such folder" if not folder.exists()
                                   else f"{folder}: not a folder")
        if not (folder / META_FILE).is_file():
            raise TrialRecordError(f"{folder} is not a trial record: it has no {META_FILE}")
        meta = _load_json(folder / META_FILE)
        if not isinstance(meta, dict) or "format_version" not in meta:
            raise TrialRecordError(f"{folder / META_FILE}: not trial meta (no format_version)")
        try:
            major = major_version(meta["format_version"])
        except ValueError as exc:
            raise TrialRecordError(f"{folder / META_FILE}: {exc}") from None
        if major != major_version(FORMAT_VERSION):
            raise TrialRecordError(f"{folder}: record format {meta['format_version']} cannot be read "
                                   f"by this version (reads {major_version(FORMAT_VERSION)}.x)")
        if meta.get("status") not in STATUSES:
            raise TrialRecordError(f"{folder / META_FILE}: unknown status {meta.get('status')!r}")
        return cls(folder, meta)

    @property
    def status(self) -> str:
        return str(self.meta["status"])

    @property
    def summary(self) -> dict[str, Any] | None:
        path = self.folder / SUMMARY_FILE
        return _load_json(path) if path.is_file() else None

    @property
    def scenario_yaml(self) -> str:
        return (self.folder / SCENARIO_FILE).read_text(encoding="utf-8")

    def events(self, kinds: set[str] | None = None) -> list[dict[str, Any]]:
        """Events in recorded order, optionally only those of `kinds`."""
        path = self.folder / EVENTS_FILE
        if not path.is_file():
            return []
        events = parse_events(path.read_text(encoding="utf-8", errors="replace"), str(path))
        return events if kinds is None else [e for e in events if e.get("kind") in kinds]

    def frames(self, columns: list[str] | None = None) -> pa.Table:
        """All frames: frames.parquet when present (published atomically, so whole), else
        those of an unfinished trial: the complete batches of the frames.arrows stream, or
        the part files of a 1.0 record (empty, with the schema, if there are none)."""
        merged = self.folder / FRAMES_FILE
        if not merged.is_file():
            stream = self.folder / FRAMES_STREAM_FILE
            if stream.is_file():
                return read_stream(stream, columns)
            return read_parts(self.folder / PARTS_DIR, columns)
        try:
            return pq.read_table(merged, columns=columns)
        except (OSError, pa.ArrowInvalid) as exc:
            raise TrialRecordError(f"{merged}: unreadable ({exc})") from None

    def inputs(self) -> pa.Table | None:
        """The soldier's input per control tick (format 1.2+), None for a trial nobody flew."""
        try:
            return read_inputs(self.folder)
        except (OSError, pa.ArrowInvalid) as exc:
            raise TrialRecordError(f"{self.folder}: unreadable inputs ({exc})") from None

    @property
    def feedback(self) -> dict[str, Any] | None:
        """The soldier's questionnaire (feedback.json, format 1.2+), None when absent (it is optional)."""
        path = self.folder / FEEDBACK_FILE
        return _load_json(path) if path.is_file() else None
