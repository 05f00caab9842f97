"""The soldier's input, one row per control tick: written while a piloted trial runs, read back for reruns.

Rows go to `inputs.arrows` (an append-only Arrow IPC stream, one record batch
at least every `flush_every_s` of sim time, so a killed process leaves every
complete batch) and are converted to `inputs.parquet` at close, like frames.
The stream's columns are INPUT_COLUMNS (trials.schema); values are checked when
a row is added, so a bad row fails at the tick that made it.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from trials.atomic import atomic_target
from trials.schema import INPUT_COLUMNS, INPUTS_FILE, INPUTS_STREAM_FILE, input_schema

_COLUMNS = tuple(INPUT_COLUMNS)


class InputLog:
    """Appends input rows to `folder/inputs.arrows`; `close()` publishes `folder/inputs.parquet`."""

    def __init__(self, folder: Path, flush_every_s: float = 1.0) -> None:
        self.folder = Path(folder)
        self.stream_path = self.folder / INPUTS_STREAM_FILE
        self._flush_every_s = float(flush_every_s)
        self._rows: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
        self._first_t_s: float | None = None
        self._file = pa.OSFile(str(self.stream_path), "wb")
        self._writer = pa.ipc.new_stream(self._file, input_schema())
        self._file.flush()
        self.closed = False

    def add_input(self, row: dict[str, Any]) -> None:
        """One control tick's row: every key of INPUT_COLUMNS."""
        if self.closed:
            raise RuntimeError(f"input log {self.stream_path} is already closed")
        missing = [name for name in _COLUMNS if name not in row]
        if missing:
            raise ValueError(f"input row lacks column(s) {missing}")
        t_s = float(row["t_s"])
        if not math.isfinite(t_s):
            raise ValueError(f"input row t_s={t_s} is not finite")
        for name in _COLUMNS:
            self._rows[name].append(row[name])
        if self._first_t_s is None:
            self._first_t_s = t_s
        elif t_s - self._first_t_s >= self._flush_every_s - 1e-9:
            self.flush()

    def flush(self) -> None:
        """Append the buffered rows as one record batch and hand it to the OS."""
        if not self._rows["t_s"]:
            return
        table = pa.Table.from_pydict(self._rows, schema=input_schema())
        self._writer.write_table(table)
        self._file.flush()
        self._rows = {name: [] for name in _COLUMNS}
        self._first_t_s = None

    def close(self) -> None:
        """Flush, end the stream, publish inputs.parquet atomically, delete the stream."""
        if self.closed:
            return
        self.closed = True
        try:
            self.flush()
        finally:
            self._writer.close()
            self._file.close()
        table = read_input_stream(self.stream_path)
        with atomic_target(self.folder / INPUTS_FILE) as tmp:
            pq.write_table(table, tmp, compression="zstd", compression_level=3)
        self.stream_path.unlink()


def read_input_stream(path: Path) -> pa.Table:
    """The complete batches of an inputs stream (a truncated last batch is dropped with a warning)."""
    batches: list[pa.RecordBatch] = []
    schema = input_schema()
    try:
        with pa.OSFile(str(path)) as f:
            reader = pa.ipc.open_stream(f)
            schema = reader.schema
            for batch in reader:
                batch.validate()
                batches.append(batch)
    except (OSError, pa.ArrowException) as exc:
        warnings.warn(f"inputs stream {path} ends in an incomplete batch after {len(batches)} complete "
                      f"one(s); reading those ({exc})", stacklevel=2)
    return pa.Table.from_batches(batches, schema=schema)


def read_inputs(folder: Path) -> pa.Table | None:
    """A record's inputs: inputs.parquet, else the stream of an unfinished trial; None if not piloted."""
    folder = Path(folder)
    if (folder / INPUTS_FILE).is_file():
        return pq.read_table(folder / INPUTS_FILE)
    if (folder / INPUTS_STREAM_FILE).is_file():
        return read_input_stream(folder / INPUTS_STREAM_FILE)
    return None
