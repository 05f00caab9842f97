"""Parquet files of frames: the lasting frames.parquet, and the part files of 1.0 records.

While a trial runs its frames go to an Arrow IPC stream (trials.frame_stream);
at close the stream is converted here into frames.parquet: zstd, statistics,
large row groups, written to a hidden temporary file that becomes
frames.parquet, atomically, once it is whole.

Same rows in, same bytes out: options are fixed and pyarrow stores no
timestamps (its version string sits in `created_by`, so bytes are identical
for one pyarrow version, not across versions).

Records of format 1.0 kept their in-flight frames as closed Parquet part files
`frames/part-NNNNN.parquet`; read_parts still reads those.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from trials.atomic import fsync_dir, temp_path
from trials.frame_stream import read_stream_batches
from trials.schema import PART_GLOB, frame_schema

_STRINGS = ["side", "airframe"]
MERGED_OPTIONS = dict(compression="zstd", compression_level=3, use_dictionary=_STRINGS,
                      write_statistics=True)
# ~128k rows per merged row group: few enough for fast scans, small enough to stream.
MERGED_ROW_GROUP_ROWS = 1 << 17


def list_parts(parts_dir: Path) -> list[Path]:
    """Complete part files in write order (temporaries never match the pattern)."""
    return sorted(parts_dir.glob(PART_GLOB)) if parts_dir.is_dir() else []


def read_parts(parts_dir: Path, columns: list[str] | None = None) -> pa.Table:
    """All parts of a 1.0 record as one table (an empty table with the schema when there are none).

    A part emptied by an OS crash or power cut (parts are not fsynced) is skipped
    with a warning; a process kill never leaves one.
    """
    tables = []
    for path in list_parts(parts_dir):
        try:
            tables.append(pq.read_table(path, columns=columns))
        except (OSError, pa.ArrowInvalid) as exc:
            warnings.warn(f"skipping unreadable frame part {path}: {exc}", stacklevel=2)
    if not tables:
        empty = frame_schema().empty_table()
        return empty.select(columns) if columns is not None else empty
    return pa.concat_tables(tables)


class MergedFrames:
    """frames.parquet under construction: add() tables in order, finish() publishes it."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self._tmp = temp_path(target)
        self._schema = frame_schema()
        self._writer = pq.ParquetWriter(self._tmp, self._schema, **MERGED_OPTIONS)
        # Tables not yet written, concatenated only when a row group is full: concatenating
        # at every add() costs time in the number of chunks held, quadratic over a trial.
        self._pending = [self._schema.empty_table()]
        self._pending_rows = 0
        self.rows = 0

    def add(self, table: pa.Table) -> None:
        self._pending.append(table)
        self._pending_rows += table.num_rows
        if self._pending_rows < MERGED_ROW_GROUP_ROWS:
            return
        carry = pa.concat_tables(self._pending)
        # Only whole row groups are written; the rest waits for the next table, so
        # the row groups depend on the rows alone, not on how they were batched.
        # One group at a time: combining its chunks copies one group's worth, not the table's.
        full = carry.num_rows - carry.num_rows % MERGED_ROW_GROUP_ROWS
        for start in range(0, full, MERGED_ROW_GROUP_ROWS):
            self._writer.write_table(carry.slice(start, MERGED_ROW_GROUP_ROWS).combine_chunks(),
                                     row_group_size=MERGED_ROW_GROUP_ROWS)
        self.rows += full
        self._pending = [carry.slice(full)]
        self._pending_rows = carry.num_rows - full

    def finish(self) -> None:
        """Write the rest and the footer, then publish atomically."""
        carry = pa.concat_tables(self._pending)
        if carry.num_rows or not self.rows:  # even empty: the file carries the schema
            self._writer.write_table(carry, row_group_size=MERGED_ROW_GROUP_ROWS)
            self.rows += carry.num_rows
        self._writer.close()
        with open(self._tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(self._tmp, self.target)
        fsync_dir(self.target.parent)

    def discard(self) -> None:
        """Drop the unfinished file (after a failure)."""
        self._writer.close()
        self._tmp.unlink(missing_ok=True)


def stream_to_parquet(stream: Path, target: Path) -> int:
    """Convert a closed frames stream into `target` (frames.parquet), atomically; return
    the row count. The stream is memory-mapped and its batches added as one table
    (row groups depend on the rows alone, so the bytes are those of a running merge
    of the same flushes; one table saves a call per flush, ~1,000 in a long trial).
    The stream is left in place (the caller deletes it once `target` is published)."""
    merged = MergedFrames(target)
    try:
        schema, batches = read_stream_batches(stream, memory_map=True)
        if batches:
            merged.add(pa.Table.from_batches(batches, schema=schema))
        del batches
        merged.finish()
    except BaseException:
        merged.discard()
        raise
    return merged.rows
