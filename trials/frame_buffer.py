"""Buffering of frame ticks between flushes, and the Arrow record batch of one flush.

A flush runs every simulated second and a tick ten times as often, each with
~300 entities. Building 25 Arrow arrays per flush, and casting 25 numpy columns,
cost more than the data they move (each library call pays for cold caches in
the middle of a simulation). So the record's typed columns are preallocated
once, Arrow arrays are laid over their memory once (zero-copy), and:
- add() casts a tick's block (trials.frame_block) into them in one compiled pass
  (string codes through the trial dictionary, booleans into Arrow's bit maps);
- take() slices the prepared record batch to the rows written.
The arrays are rebuilt only when they must grow or a dictionary gains a value.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa
from numba import njit

from trials.frame_block import (
    BLOCK_COLUMNS,
    BLOCK_ROW,
    STORE_DTYPE,
    STRING_COLUMNS,
    BlockMaker,
    FrameBlock,
    FrameSchemaError,
)
from trials.schema import FRAME_COLUMNS, frame_schema
from trials.string_codes import StringCodes

__all__ = ["INPUT_COLUMNS", "FrameBuffer", "FrameSchemaError"]

# Columns the caller passes (t_s is broadcast from add's argument).
INPUT_COLUMNS = BLOCK_COLUMNS

# Storage groups: each block row goes to one row of one typed 2-D array. Row 0 of F64 is t_s.
F64, F32, I32, I8, BITS, STRING = range(6)
_GROUP_OF_DTYPE = {np.dtype(np.float64): F64, np.dtype(np.float32): F32, np.dtype(np.int32): I32,
                   np.dtype(np.int8): I8, np.dtype(np.bool_): BITS}
_INITIAL_ROWS = 4096  # 300 entities x 10 ticks fit; grows when needed


def _layout() -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """(group, slot in the group's array, lookup row for strings, rows per group) of each block row."""
    group = np.empty(len(BLOCK_COLUMNS), dtype=np.int64)
    slot = np.empty(len(BLOCK_COLUMNS), dtype=np.int64)
    lookup = np.full(len(BLOCK_COLUMNS), -1, dtype=np.int64)
    sizes = [1, 0, 0, 0, 0]  # F64 starts with t_s
    for name in BLOCK_COLUMNS:
        row = BLOCK_ROW[name]
        g = _GROUP_OF_DTYPE[STORE_DTYPE[name]]  # strings are int32 codes
        group[row], slot[row] = (STRING if name in STRING_COLUMNS else g), sizes[g]
        sizes[g] += 1
        if name in STRING_COLUMNS:
            lookup[row] = STRING_COLUMNS.index(name)
    return group, slot, lookup, sizes


_GROUP, _SLOT, _LOOKUP_ROW, _GROUP_SIZES = _layout()


@njit(cache=True)
def _stage(block, start, t_s, group, slot, lookup_row, lookups, f64, f32, i32, i8, bits):
    """Write one tick's block at row `start` of the typed arrays (see _layout)."""
    n = block.shape[1]
    f64[0, start:start + n] = t_s
    for r in range(block.shape[0]):
        g, k, values = group[r], slot[r], block[r]
        if g == 0:
            f64[k, start:start + n] = values
        elif g == 1:
            for j in range(n):
                f32[k, start + j] = values[j]
        elif g == 2:
            for j in range(n):
                i32[k, start + j] = int(values[j])
        elif g == 3:
            for j in range(n):
                i8[k, start + j] = int(values[j])
        elif g == 4:  # Arrow booleans: bit i of byte i // 8, least significant first
            for j in range(n):
                byte, bit = (start + j) >> 3, (start + j) & 7
                if values[j] != 0.0:
                    bits[k, byte] |= np.uint8(1 << bit)
                else:
                    bits[k, byte] &= np.uint8(~(1 << bit) & 0xFF)
        else:
            lookup = lookups[lookup_row[r]]
            for j in range(n):
                i32[k, start + j] = lookup[int(values[j])]


class FrameBuffer:
    """The ticks since the last flush, in the record's column types, with a record batch over them."""

    def __init__(self, capacity: int = _INITIAL_ROWS) -> None:
        self._codes = [StringCodes() for _ in STRING_COLUMNS]
        self._make_block = BlockMaker()
        self._dictionaries: Mapping[str, tuple[str, ...]] | None = None  # of the last block
        self._lookups = np.zeros((len(STRING_COLUMNS), 0), dtype=np.int32)
        self._trial_sizes = [0] * len(STRING_COLUMNS)  # trial dictionary sizes the batch was built with
        self._first_t_s: float | None = None
        self._rows = 0
        self._allocate(capacity)

    def _allocate(self, capacity: int) -> None:
        arrays = [np.zeros((size, capacity), dtype=dtype) for size, dtype in
                  zip(_GROUP_SIZES[:4], (np.float64, np.float32, np.int32, np.int8))]
        arrays.append(np.zeros((_GROUP_SIZES[BITS], capacity // 8 + 1), dtype=np.uint8))
        if self._rows:  # growing: keep what is staged
            for new, old in zip(arrays, self._arrays):
                new[:, :old.shape[1]] = old
        self._arrays, self._capacity = arrays, capacity
        self._build_batch()

    def _build_batch(self) -> None:
        """The record batch over the whole capacity; take() slices it."""
        f64, f32, i32, i8, bits = self._arrays
        capacity = self._capacity
        columns = [_view(f64[0], pa.float64(), capacity)]
        for row, name in enumerate(BLOCK_COLUMNS):
            g, k = _GROUP[row], _SLOT[row]
            arrow_type = FRAME_COLUMNS[name].type
            if g == STRING:
                string = int(_LOOKUP_ROW[row])
                # safe=False: rows past those written hold zeros or stale codes; take() slices them off.
                columns.append(pa.DictionaryArray.from_arrays(_view(i32[k], pa.int32(), capacity),
                                                              self._codes[string].dictionary(), safe=False))
            else:
                columns.append(_view((f64, f32, i32, i8, bits)[g][k], arrow_type, capacity))
        self._batch = pa.RecordBatch.from_arrays(columns, schema=frame_schema())
        self._trial_sizes = [len(codes.values) for codes in self._codes]

    @property
    def first_t_s(self) -> float | None:
        return self._first_t_s

    def add(self, t_s: float, columns: Mapping[str, np.ndarray]) -> None:
        """Stage one tick: a FrameBlock as is, any other mapping checked first (its arrays are copied)."""
        block = columns if type(columns) is FrameBlock else self._make_block(columns)
        if block.dictionaries is not self._dictionaries:
            self._use_dictionaries(block.dictionaries)
        start, rows = self._rows, block.data.shape[1]
        if start + rows > self._capacity:
            self._allocate(max(2 * self._capacity, start + rows))
        _stage(block.data, start, float(t_s), _GROUP, _SLOT, _LOOKUP_ROW, self._lookups, *self._arrays)
        self._rows = start + rows
        if self._first_t_s is None:
            self._first_t_s = float(t_s)

    def _use_dictionaries(self, dictionaries: Mapping[str, tuple[str, ...]]) -> None:
        lookups = [codes.lookup(dictionaries[name]) for codes, name in zip(self._codes, STRING_COLUMNS)]
        table = np.zeros((len(lookups), max(len(lookup) for lookup in lookups)), dtype=np.int32)
        for k, lookup in enumerate(lookups):
            table[k, :len(lookup)] = lookup
        self._lookups, self._dictionaries = table, dictionaries
        if [len(codes.values) for codes in self._codes] != self._trial_sizes:
            self._build_batch()  # a value new to the trial: the batch carries the grown dictionary

    def take(self) -> pa.RecordBatch:
        """The staged ticks as one record batch in schema order; empties the buffer.

        The batch shares the buffer's memory: write it (or copy it) before the next add()."""
        batch = self._batch.slice(0, self._rows)
        self._rows, self._first_t_s = 0, None
        return batch


def _view(column: np.ndarray, arrow_type: pa.DataType, length: int) -> pa.Array:
    """An Arrow array on a contiguous numpy row's memory (no copy: later writes show through)."""
    return pa.Array.from_buffers(arrow_type, length, [None, pa.py_buffer(column)])
