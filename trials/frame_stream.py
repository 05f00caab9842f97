"""The in-flight frames file: one append-only Arrow IPC stream, a record batch per flush.

While a trial runs, frames go to `frames.arrows` in the trial folder: the
stream's schema first, then one record batch per flush (at least every second
of sim time). Appending a batch is a few hundred kilobytes of memory copies
and one write call, far cheaper than a Parquet file per flush. The string
columns are dictionary-encoded with one trial-wide dictionary that only grows
(trials.string_codes), so a batch that brings new strings is preceded by a
dictionary *delta* message holding only the new values.

The file is flushed to the OS after each batch but not fsynced: it guards
against a killed process, which leaves the page cache intact. A process killed
in the middle of an append leaves a truncated last message; readers return
every batch before it. At close the stream is converted to frames.parquet
(trials.parquet_io) and deleted.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pyarrow as pa

from trials.schema import frame_schema

_OPTIONS = pa.ipc.IpcWriteOptions(emit_dictionary_deltas=True)
_BUFFER_BYTES = 1 << 20  # one flush of 250 entities x 10 ticks is ~0.4 MB: one write call


def create_stream_file(path: Path) -> None:
    """Create the empty stream file; FileExistsError if it exists (the recorder's claim)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))


class FrameStream:
    """Appends frame tables to an existing, empty stream file (see create_stream_file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Arrow's own buffered file: a batch's buffers are gathered in native code and
        # written with one call at flush(), with no Python calls per buffer.
        self._file = pa.BufferedOutputStream(pa.OSFile(str(path), "ab"), _BUFFER_BYTES)
        try:
            self._writer = pa.ipc.new_stream(self._file, frame_schema(), options=_OPTIONS)
            self._file.flush()  # the schema: an empty stream reads as an empty table
        except BaseException:
            self._file.close()
            raise
        self.batches = 0

    def append(self, table: pa.Table | pa.RecordBatch) -> None:
        """Write `table` (schema frame_schema(), one chunk per column) and hand it to the OS."""
        self._writer.write(table)
        self._file.flush()
        self.batches += 1

    def close(self) -> None:
        """Write the end-of-stream marker and close the file (idempotent)."""
        if self._file.closed:
            return
        try:
            self._writer.close()
        finally:
            self._file.close()


def read_stream_batches(path: Path, memory_map: bool = False) -> tuple[pa.Schema, list[pa.RecordBatch]]:
    """Schema and the complete record batches of a stream file, in write order.

    A missing or empty file (killed before the schema reached the disk) gives
    frame_schema() and no batches. A truncated or corrupt message (a kill in
    mid-append, or damage) ends the read with a warning: the batches before it
    are returned. `memory_map` reads without copying (the batches then refer to
    the mapped file, which must not be truncated while they live).
    """
    if (not path.is_file() or path.stat().st_size == 0):
        return frame_schema(), []
    batches: list[pa.RecordBatch] = []
    schema = frame_schema()
    try:
        with (pa.memory_map(str(path)) if memory_map else pa.OSFile(str(path))) as f:
            reader = pa.ipc.open_stream(f)
            schema = reader.schema
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                batch.validate()
                batches.append(batch)
    except (OSError, pa.ArrowException) as exc:
        warnings.warn(f"frames stream {path} ends in an incomplete or unreadable batch after "
                      f"{len(batches)} complete one(s); reading those ({exc})", stacklevel=2)
    return schema, batches


def read_stream(path: Path, columns: list[str] | None = None) -> pa.Table:
    """The complete batches of a stream file as one table (empty, with the schema, if none)."""
    schema, batches = read_stream_batches(path)
    table = pa.Table.from_batches(batches, schema=schema)
    return table.select(columns) if columns is not None else table
