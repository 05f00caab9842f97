"""Parquet files of frames: closed part files while running, one merged file at the end.

Parts are scratch space for crash safety, so they are written for speed
(uncompressed, no statistics). The merged frames.parquet is the lasting file:
zstd, statistics, large row groups. It is built alongside the parts (row
groups appended as parts arrive) in a hidden temporary file that only becomes
frames.parquet, atomically, when the trial closes.

Same rows in, same bytes out: options are fixed and pyarrow stores no
timestamps (its version string sits in `created_by`, so bytes are identical
for one pyarrow version, not across versions).
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from trials.atomic import atomic_write_bytes, fsync_dir, temp_path
from trials.schema import PART_GLOB, frame_schema

_STRINGS = ["side", "airframe"]
PART_OPTIONS = dict(compression="none", use_dictionary=_STRINGS, write_statistics=False)
MERGED_OPTIONS = dict(compression="zstd", compression_level=3, use_dictionary=_STRINGS,
                      write_statistics=True)
# ~128k rows per merged row group: few enough for fast scans, small enough to stream.
MERGED_ROW_GROUP_ROWS = 1 << 17


def part_path(parts_dir: Path, index: int) -> Path:
    return parts_dir / f"part-{index:05d}.parquet"


def list_parts(parts_dir: Path) -> list[Path]:
    """Complete part files in write order (temporaries never match the pattern)."""
    return sorted(parts_dir.glob(PART_GLOB)) if parts_dir.is_dir() else []


def write_part(table: pa.Table, target: Path) -> None:
    """Write one closed part file atomically: it exists whole or not at all.

    Serialised in memory and written with one call (cheaper than pyarrow's file
    output), and not fsynced: parts guard against a killed process, which
    leaves the page cache intact; fsync would cost ~1 ms of kernel CPU a part.
    """
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, row_group_size=max(table.num_rows, 1), **PART_OPTIONS)
    atomic_write_bytes(target, memoryview(sink.getvalue()), durable=False)


def read_parts(parts_dir: Path, columns: list[str] | None = None) -> pa.Table:
    """All parts as one table (an empty table with the schema when there are none).

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
        self._carry = self._schema.empty_table()
        self.rows = 0

    def add(self, table: pa.Table) -> None:
        carry = pa.concat_tables([self._carry, table])
        # Only whole row groups are written; the rest waits for the next table, so
        # the row groups depend on the rows alone, not on how they were batched.
        full = carry.num_rows - carry.num_rows % MERGED_ROW_GROUP_ROWS
        if full:
            self._writer.write_table(carry.slice(0, full), row_group_size=MERGED_ROW_GROUP_ROWS)
            self.rows += full
        self._carry = carry.slice(full)

    def finish(self, parts_dir: Path) -> None:
        """Write the rest and the footer, publish atomically, then drop the parts."""
        if self._carry.num_rows or not self.rows:  # even empty: the file carries the schema
            self._writer.write_table(self._carry, row_group_size=MERGED_ROW_GROUP_ROWS)
            self.rows += self._carry.num_rows
        self._writer.close()
        with open(self._tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(self._tmp, self.target)
        fsync_dir(self.target.parent)
        shutil.rmtree(parts_dir, ignore_errors=True)

    def discard(self) -> None:
        """Drop the unfinished file (after a failure)."""
        self._writer.close()
        self._tmp.unlink(missing_ok=True)
