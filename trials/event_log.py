"""events.jsonl: validated events, one key-sorted JSON object per line, appended as they happen.

Each batch is validated whole before any of it is written, then written and
flushed to the OS, so a killed process loses at most a torn last line (which
readers skip). fsync only matters for power cuts and costs a millisecond or
more, so it is rate-limited by wall-clock time: at most once per
`fsync_every_s` of real time (rate-limited by sim time, a trial running at 50x
real time paid 50 fsyncs a second, the largest cost of its record).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from functools import partial
from numbers import Real
from pathlib import Path
from typing import Any

from trials.atomic import to_json_value
from trials.schema import EVENT_KINDS


# One encoder for all events: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), allow_nan=False, default=to_json_value)


def encode_event(event: dict[str, Any]) -> str:
    """One event as a JSON line (with newline). ValueError if it breaks the contract."""
    kind = event.get("kind")
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}; known: {', '.join(EVENT_KINDS)}")
    t_s = event.get("t_s")
    if not isinstance(t_s, Real) or isinstance(t_s, bool) or not math.isfinite(t_s):
        raise ValueError(f"{kind} event needs a finite number t_s (seconds), got {t_s!r}")
    missing = [name for name in EVENT_KINDS[kind].required if name not in event]
    if missing:
        raise ValueError(f"{kind} event at t_s={t_s} lacks required field(s) {missing}")
    try:
        text = _ENCODER.encode(event)
    except (TypeError, ValueError) as exc:  # NaN/inf (use null) or an unserialisable value
        raise ValueError(f"{kind} event at t_s={t_s} cannot be recorded: {exc}") from None
    return text + "\n"


class EventWriter:
    """Appends event batches to one events.jsonl."""

    def __init__(self, path: Path, fsync_every_s: float,
                 schedule: Callable[[Callable[[], None]], None] | None = None) -> None:
        self._file = open(path, "x", encoding="utf-8")  # "x": never append to someone else's log
        self._fsync_every_s = fsync_every_s
        # Where fsync runs: the recorder's writer thread, or inline by default.
        self._schedule = schedule or (lambda job: job())
        self._last_fsync_wall_s = -math.inf
        self.last_t_s = -math.inf

    def add(self, events: list[dict[str, Any]]) -> None:
        lines = [encode_event(event) for event in events]  # all or nothing
        if not lines:
            return
        self._file.write("".join(lines))
        self._file.flush()
        self.last_t_s = max(self.last_t_s, *(float(e["t_s"]) for e in events))
        now = time.monotonic()
        if now - self._last_fsync_wall_s >= self._fsync_every_s:
            self._schedule(partial(os.fsync, self._file.fileno()))
            self._last_fsync_wall_s = now

    def close(self) -> None:
        """Flush, fsync and close; call only once scheduled fsyncs have run."""
        if not self._file.closed:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
