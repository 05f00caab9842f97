"""Dictionary encoding of string columns (side, airframe), cheap in the steady state.

Sorting strings (np.unique) for every tick or every part costs more than the
rest of the frame buffering together, while these columns rarely change from
one tick to the next. So each column keeps the last tick's strings and codes,
and only a changed array (a spawn, a death) takes the slow path.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


class StringCodes:
    """int32 codes into one trial-wide dictionary, in first-seen order (deterministic)."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}
        self._last_strings: np.ndarray | None = None
        self._last_codes = np.empty(0, dtype=np.int32)

    def encode(self, strings: np.ndarray) -> np.ndarray:
        """Codes of one tick's strings. The result is shared between equal ticks: never mutate it."""
        if strings.dtype.kind == "O":
            strings = strings.astype(str)  # object arrays: compare by content, not by pointer
        last = self._last_strings
        if last is not None and last.shape == strings.shape and np.array_equal(last, strings):
            return self._last_codes
        uniques, inverse = np.unique(strings, return_inverse=True)
        lookup = np.empty(len(uniques), dtype=np.int32)
        for i, value in enumerate(uniques.tolist()):
            if value not in self._index:
                self._index[value] = len(self.values)
                self.values.append(value)
            lookup[i] = self._index[value]
        codes = lookup[inverse.reshape(-1)]
        codes.flags.writeable = False
        self._last_strings, self._last_codes = strings.copy(), codes
        return codes

    def dictionary(self) -> pa.Array:
        """The dictionary so far (codes already handed out stay valid as it grows)."""
        return pa.array(list(self.values), type=pa.string())
