"""One log tick of frames as a single float64 array: the cheap hand-over from engine to record.

A trial logs ~300 entities ten times a simulated second. Handing the recorder
24 separate numpy columns per tick, each checked, cast and copied, cost more
than the rest of the record together. A FrameBlock is one (24, rows) float64
array, a row per column of FRAME_COLUMNS but t_s, filled by the engine in one
compiled pass; string columns hold codes into the block's own dictionaries.
float64 holds every value of the schema exactly (int32 ids, int8 levels,
booleans, float32 and float64 numbers), so the recorder casts the whole block
to the schema's types in one compiled pass too (trials.frame_buffer).

A FrameBlock is also a read-only mapping of typed columns, for sinks that want
plain arrays. Any other mapping of columns is checked and turned into a block
by a `BlockMaker`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pyarrow as pa

from trials.schema import FRAME_COLUMNS

# Columns a tick carries (t_s is the tick's own argument), in schema order: block rows.
BLOCK_COLUMNS: tuple[str, ...] = tuple(name for name in FRAME_COLUMNS if name != "t_s")
BLOCK_ROW: dict[str, int] = {name: k for k, name in enumerate(BLOCK_COLUMNS)}
STRING_COLUMNS: tuple[str, ...] = tuple(name for name in BLOCK_COLUMNS
                                        if pa.types.is_dictionary(FRAME_COLUMNS[name].type))
_BLOCK_SET = frozenset(BLOCK_COLUMNS)


def _store(spec_type: pa.DataType) -> tuple[np.dtype, str]:
    """(numpy dtype of the column in the record, numpy dtype kinds accepted from callers)."""
    if pa.types.is_dictionary(spec_type):
        return np.dtype(np.int32), "UO"  # strings: str arrays or object arrays of str; codes stored
    if pa.types.is_boolean(spec_type):
        return np.dtype(np.bool_), "b"
    if pa.types.is_integer(spec_type):
        return np.dtype(spec_type.to_pandas_dtype()), "iu"
    return np.dtype(spec_type.to_pandas_dtype()), "fiu"


STORE_DTYPE: dict[str, np.dtype] = {name: _store(FRAME_COLUMNS[name].type)[0] for name in BLOCK_COLUMNS}
_KINDS: dict[str, str] = {name: _store(FRAME_COLUMNS[name].type)[1] for name in BLOCK_COLUMNS}


class FrameSchemaError(ValueError):
    """A tick's columns do not match FRAME_COLUMNS."""


class FrameBlock(Mapping[str, np.ndarray]):
    """One tick: `data[BLOCK_ROW[name]]` is column `name`, strings as codes into `dictionaries[name]`.

    The engine builds a fresh block per tick and never writes to it again, so
    sinks may keep it; they must not write to it either (several sinks share it).
    """

    __slots__ = ("data", "dictionaries")

    def __init__(self, data: np.ndarray, dictionaries: Mapping[str, tuple[str, ...]]) -> None:
        self.data = data  # (len(BLOCK_COLUMNS), rows) float64
        self.dictionaries = dictionaries  # one tuple of strings per STRING_COLUMNS entry

    @property
    def rows(self) -> int:
        return self.data.shape[1]

    def __getitem__(self, name: str) -> np.ndarray:
        row = self.data[BLOCK_ROW[name]]
        if name in self.dictionaries:
            return np.array(self.dictionaries[name], dtype=str)[row.astype(np.intp)]
        return row.astype(STORE_DTYPE[name])

    def __iter__(self) -> Iterator[str]:
        return iter(BLOCK_COLUMNS)

    def __len__(self) -> int:
        return len(BLOCK_COLUMNS)


def check_columns(columns: Mapping[str, np.ndarray]) -> int:
    """Validate one tick's columns; return the row count. Raises FrameSchemaError."""
    if columns.keys() != _BLOCK_SET:
        missing = sorted(_BLOCK_SET - columns.keys())
        extra = sorted(columns.keys() - _BLOCK_SET)
        hint = " (t_s is add_frame's argument, not a column)" if "t_s" in extra else ""
        raise FrameSchemaError(f"frame columns do not match the record schema: "
                               f"missing {missing}, unexpected {extra}{hint}")
    rows = -1
    for name in BLOCK_COLUMNS:
        arr = columns[name]
        kinds = _KINDS[name]
        if getattr(arr, "ndim", None) != 1 or arr.dtype.kind not in kinds:
            raise FrameSchemaError(
                f"frame column {name!r} must be a 1-D numpy array of kind {kinds!r} "
                f"({FRAME_COLUMNS[name].type}), got {type(arr).__name__} "
                f"{getattr(arr, 'dtype', '')} shape {getattr(arr, 'shape', '')}")
        if rows < 0:
            rows = len(arr)
        elif len(arr) != rows:
            raise FrameSchemaError(f"frame column {name!r} has {len(arr)} rows, "
                                   f"{BLOCK_COLUMNS[0]!r} has {rows}")
    return rows


class BlockMaker:
    """Turns plain mappings of columns into blocks (checked and copied).

    Coding strings sorts them (np.unique), dearer than the rest of a tick; as
    these columns rarely change between ticks, the last tick's codes are kept
    and reused while a column's strings are unchanged.
    """

    def __init__(self) -> None:
        self._last: dict[str, tuple[np.ndarray, np.ndarray, tuple[str, ...]]] = {}

    def __call__(self, columns: Mapping[str, np.ndarray]) -> FrameBlock:
        rows = check_columns(columns)
        values = np.empty((len(BLOCK_COLUMNS), rows))
        dictionaries = {}
        for name in BLOCK_COLUMNS:
            column = columns[name]
            if name in STRING_COLUMNS:
                values[BLOCK_ROW[name]], dictionaries[name] = self._codes(name, column)
            else:
                values[BLOCK_ROW[name]] = column
        return FrameBlock(values, dictionaries)

    def _codes(self, name: str, column: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
        strings = column.astype(str) if column.dtype.kind == "O" else column  # compare content, not pointers
        last = self._last.get(name)
        if last is not None and last[0].shape == strings.shape and np.array_equal(last[0], strings):
            return last[1], last[2]
        uniques, codes = np.unique(strings, return_inverse=True)
        coded = (codes.reshape(-1), tuple(uniques.tolist()))
        self._last[name] = (strings.copy(), *coded)
        return coded
