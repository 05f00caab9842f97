"""Buffering of frame rows between part files.

add_frame runs every log tick with all entities, so it only checks the columns
cheaply and copies the numpy arrays; the Arrow table is built once per part.
Copies matter: the engine updates its state arrays in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from trials.schema import FRAME_COLUMNS, frame_schema
from trials.string_codes import StringCodes

# Columns the caller passes (t_s is broadcast from add_frame's argument).
INPUT_COLUMNS: tuple[str, ...] = tuple(name for name in FRAME_COLUMNS if name != "t_s")
_INPUT_SET = frozenset(INPUT_COLUMNS)


def _numpy_kind(spec_type: pa.DataType) -> tuple[np.dtype | None, str]:
    """(numpy dtype to store, accepted numpy dtype kinds) for one Arrow column type."""
    if pa.types.is_dictionary(spec_type):
        return None, "UO"  # strings: str arrays or object arrays of str
    if pa.types.is_boolean(spec_type):
        return np.dtype(np.bool_), "b"
    if pa.types.is_integer(spec_type):
        return np.dtype(spec_type.to_pandas_dtype()), "iu"
    return np.dtype(spec_type.to_pandas_dtype()), "fiu"


_STORE = {name: _numpy_kind(FRAME_COLUMNS[name].type) for name in INPUT_COLUMNS}


class FrameSchemaError(ValueError):
    """A frame batch does not match FRAME_COLUMNS."""


def check_columns(columns: dict[str, np.ndarray]) -> int:
    """Validate one tick's columns; return the row count. Raises FrameSchemaError."""
    if columns.keys() != _INPUT_SET:
        missing = sorted(_INPUT_SET - columns.keys())
        extra = sorted(columns.keys() - _INPUT_SET)
        hint = " (t_s is add_frame's argument, not a column)" if "t_s" in extra else ""
        raise FrameSchemaError(f"frame columns do not match the record schema: "
                               f"missing {missing}, unexpected {extra}{hint}")
    rows = -1
    for name in INPUT_COLUMNS:
        arr = columns[name]
        kinds = _STORE[name][1]
        if getattr(arr, "ndim", None) != 1 or arr.dtype.kind not in kinds:
            raise FrameSchemaError(
                f"frame column {name!r} must be a 1-D numpy array of kind {kinds!r} "
                f"({FRAME_COLUMNS[name].type}), got {type(arr).__name__} "
                f"{getattr(arr, 'dtype', '')} shape {getattr(arr, 'shape', '')}")
        if rows < 0:
            rows = len(arr)
        elif len(arr) != rows:
            raise FrameSchemaError(f"frame column {name!r} has {len(arr)} rows, "
                                   f"{INPUT_COLUMNS[0]!r} has {rows}")
    return rows


@dataclass(frozen=True)
class FrameBatch:
    """Buffered ticks handed from the recorder to its writer thread."""

    times: list[float]
    counts: list[int]
    columns: dict[str, list[np.ndarray]]  # string columns hold int32 codes
    dictionaries: dict[str, list[str]]  # of the string columns, as of the batch


class FrameBuffer:
    """Rows of the ticks since the last part, as lists of per-tick numpy copies."""

    def __init__(self) -> None:
        self._codes = {name: StringCodes() for name in INPUT_COLUMNS if _STORE[name][0] is None}
        self._reset()

    def _reset(self) -> None:
        self._times: list[float] = []
        self._counts: list[int] = []
        self._cols: dict[str, list[np.ndarray]] = {name: [] for name in INPUT_COLUMNS}

    @property
    def first_t_s(self) -> float | None:
        return self._times[0] if self._times else None

    def add(self, t_s: float, columns: dict[str, np.ndarray]) -> None:
        rows = check_columns(columns)
        for name in INPUT_COLUMNS:
            store = _STORE[name][0]
            # np.array copies (the engine updates its arrays in place) and casts in one pass.
            self._cols[name].append(self._codes[name].encode(columns[name]) if store is None
                                    else np.array(columns[name], dtype=store))
        self._times.append(float(t_s))
        self._counts.append(rows)

    def take(self) -> FrameBatch:
        """The buffered ticks (ownership passes to the caller); empties the buffer."""
        dictionaries = {name: list(codes.values) for name, codes in self._codes.items()}
        batch = FrameBatch(self._times, self._counts, self._cols, dictionaries)
        self._reset()
        return batch


def build_table(batch: FrameBatch) -> pa.Table:
    """One Arrow table in schema order from buffered ticks."""
    arrays = [pa.array(np.repeat(np.asarray(batch.times, dtype=np.float64), batch.counts))]
    for name in INPUT_COLUMNS:
        chunks = batch.columns[name]
        store = _STORE[name][0]
        values = np.concatenate(chunks) if chunks else np.array([], dtype=store or np.int32)
        if store is None:
            arrays.append(pa.DictionaryArray.from_arrays(
                pa.array(values), pa.array(batch.dictionaries[name], type=pa.string())))
        else:
            arrays.append(pa.array(values, type=FRAME_COLUMNS[name].type))
    return pa.Table.from_arrays(arrays, schema=frame_schema())
