"""TrialRecorder: the sink that writes one trial record while the trial runs.

Crash safety comes from the order of writes: every file is either appended
line by line (events.jsonl and the frames stream, frames.arrows, which gets one
record batch at least every `flush_every_s` of sim time) or replaced atomically
(everything else), and meta.json says "incomplete" until close() has put every
other file in place.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pyarrow as pa

from trials.atomic import atomic_write_json, atomic_write_text, to_json_value
from trials.event_log import EventWriter
from trials.frame_buffer import FrameBuffer
from trials.frame_stream import FrameStream, create_stream_file
from trials.parquet_io import stream_to_parquet
from trials.provenance import utc_iso
from trials.schema import (EVENTS_FILE, FORMAT_VERSION, FRAMES_FILE, FRAMES_STREAM_FILE, META_FILE,
                           META_REQUIRED, SCENARIO_FILE, SUMMARY_FILE)
from trials.worker import BackgroundWorker

# Keys of meta.json that only the recorder writes.
_OWNED_META = ("format_version", "scenario_sha256", "status", "abort_reason", "ended_utc", "sim_time_s")
_TIME_SLACK_S = 1e-9  # ticks accumulated as k * dt land a hair under whole seconds


def one_line(exc: BaseException, limit: int = 500) -> str:
    """"Type: first line of the message", for abort_reason."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _checked_meta(meta: dict[str, Any], scenario_yaml: str) -> dict[str, Any]:
    missing = [key for key in META_REQUIRED if key not in meta]
    if missing:
        raise ValueError(f"trial meta lacks required key(s) {missing}")
    owned = [key for key in _OWNED_META if key in meta and key != "scenario_sha256"]
    if owned:
        raise ValueError(f"trial meta must not set {owned}: the recorder writes them")
    sha = hashlib.sha256(scenario_yaml.encode("utf-8")).hexdigest()
    if meta.get("scenario_sha256", sha) != sha:
        raise ValueError("meta scenario_sha256 does not match the scenario text given")
    out = dict(meta, format_version=FORMAT_VERSION, scenario_sha256=sha, status="incomplete")
    if isinstance(out["started_utc"], datetime):
        out["started_utc"] = utc_iso(out["started_utc"])
    json.dumps(out, allow_nan=False, default=to_json_value)  # fail now, before touching the disk
    return out


def _claim(folder: Path) -> None:
    """Create `folder` for a new record; FileExistsError if anything is already there."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(f"{folder} already exists and is not an empty folder; "
                              f"a trial record is never overwritten")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        create_stream_file(folder / FRAMES_STREAM_FILE)  # O_EXCL: of two racing recorders only one gets here
    except FileExistsError:
        raise FileExistsError(f"{folder} was claimed by another recorder") from None


def append_frames(stream: FrameStream, table: pa.RecordBatch) -> None:
    """One flush: append `table` to the frames stream (a module function, so tests can fail it)."""
    stream.append(table)


class TrialRecorder:
    """Writes one trial record under `folder` (which must not exist or be empty).

    Slow work (Arrow batches, stream appends, fsync) runs through the writer
    (trials.worker), inline by default: on a thread it contended with the engine
    for the interpreter lock. frames.parquet is written at close. A writer
    failure surfaces as a RuntimeError from the next call.
    """

    def __init__(self, folder: Path, meta: dict[str, Any], scenario_yaml: str,
                 flush_every_s: float = 1.0) -> None:
        if not flush_every_s > 0:
            raise ValueError(f"flush_every_s must be positive, got {flush_every_s}")
        self.folder = Path(folder)
        self._meta = _checked_meta(meta, scenario_yaml)
        self._flush_every_s = float(flush_every_s)
        self._buffer = FrameBuffer()
        self._last_frame_t_s = -math.inf
        self._closed = False
        _claim(self.folder)
        atomic_write_text(self.folder / SCENARIO_FILE, scenario_yaml)
        # Inline: a flushed batch shares the frame buffer's memory until the next add_frame.
        self._worker = BackgroundWorker(f"trial-writer-{self.folder.name}", threaded=False)
        self._stream = FrameStream(self.folder / FRAMES_STREAM_FILE)
        self._events = EventWriter(self.folder / EVENTS_FILE, self._flush_every_s, self._worker.submit)
        atomic_write_json(self.folder / META_FILE, self._meta)  # last: a record from here on

    @property
    def closed(self) -> bool:
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"trial record {self.folder} is already closed")

    def add_frame(self, t_s: float, columns: Mapping[str, np.ndarray]) -> None:
        """Record one log tick: every column of FRAME_COLUMNS but t_s, one row per entity.

        A FrameBlock (the engine's) is copied in one compiled pass; any other mapping is checked first."""
        self._check_open()
        if not t_s >= self._last_frame_t_s or not math.isfinite(t_s):
            raise ValueError(f"frame t_s={t_s} is not finite or goes back before {self._last_frame_t_s}")
        self._buffer.add(t_s, columns)
        self._last_frame_t_s = t_s
        first = self._buffer.first_t_s
        if first is not None and t_s - first >= self._flush_every_s - _TIME_SLACK_S:
            self._submit_flush()

    def _submit_flush(self) -> None:
        batch = self._buffer.take()  # shares the buffer's memory: written before the next add_frame

        def job() -> None:  # run by the writer, inline (see trials.worker)
            append_frames(self._stream, batch)

        self._worker.submit(job)

    def add_events(self, events: list[dict[str, Any]]) -> None:
        """Append one tick's events (validated as a batch; see trials.event_kinds)."""
        self._check_open()
        self._worker.check()
        self._events.add(events)

    def close(self, status: str, summary: dict[str, Any] | None = None,
              abort_reason: str | None = None) -> None:
        """Finish the record: merge frames, write summary.json, then the final status."""
        self._check_open()
        if status not in ("completed", "aborted"):
            raise ValueError(f"close status must be 'completed' or 'aborted', got {status!r}")
        if (status == "aborted") != (abort_reason is not None):
            raise ValueError("abort_reason is required for 'aborted' and only for it")
        if summary is not None:
            json.dumps(summary, allow_nan=False, default=to_json_value)  # fail before closing
        self._closed = True  # a failure below leaves the honest status "incomplete"
        try:
            if self._buffer.first_t_s is not None:
                self._submit_flush()
        finally:
            try:
                self._worker.join()  # finish pending jobs (stops a thread) even when the last submit failed
            except BaseException:
                self._stream.close()  # what reached it stays readable: the record is "incomplete"
                self._events.close()
                raise
        self._events.close()
        self._stream.close()
        stream_to_parquet(self._stream.path, self.folder / FRAMES_FILE)
        self._stream.path.unlink()  # after frames.parquet is published: readers prefer it
        if summary is not None:
            atomic_write_json(self.folder / SUMMARY_FILE, summary)
        ends = [t for t in (self._last_frame_t_s, self._events.last_t_s) if math.isfinite(t)]
        self._meta.update(status=status, ended_utc=utc_iso(datetime.now(timezone.utc)),
                          sim_time_s=max(ends) if ends else None)
        if abort_reason is not None:
            self._meta["abort_reason"] = abort_reason
        atomic_write_json(self.folder / META_FILE, self._meta)

    def __enter__(self) -> TrialRecorder:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        if not self._closed:
            reason = one_line(exc) if exc is not None else "the trial ended without close()"
            self.close("aborted", None, reason)
        return False  # never swallow the exception
