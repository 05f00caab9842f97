"""The trial-wide dictionary of a string column (side, airframe), grown as values arrive.

Each frame block codes its strings into a small dictionary of its own (the
engine's is fixed for the whole trial); the record's Arrow stream needs one
dictionary per column that only grows, because a batch that brings new strings
carries only the new values (a dictionary delta). So block codes are mapped to
trial codes through a lookup table per block dictionary, and the values of a
block dictionary enter the trial dictionary in its order when it is first seen:
deterministic, since blocks arrive in tick order.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


class StringCodes:
    """int32 codes into one trial-wide dictionary, in first-seen order."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}
        self._lookups: dict[tuple[str, ...], np.ndarray] = {}  # block dictionary -> trial code of each entry
        self._arrow: pa.Array | None = None

    def lookup(self, dictionary: tuple[str, ...]) -> np.ndarray:
        """Trial code (int32) of each entry of `dictionary`, registering the values new to the trial."""
        found = self._lookups.get(dictionary)
        if found is not None:
            return found
        for value in dictionary:
            if value not in self._index:
                self._index[value] = len(self.values)
                self.values.append(value)
                self._arrow = None
        found = self._lookups[dictionary] = np.array([self._index[v] for v in dictionary], dtype=np.int32)
        return found

    def dictionary(self) -> pa.Array:
        """The dictionary so far (codes already handed out stay valid as it grows)."""
        if self._arrow is None:
            self._arrow = pa.array(self.values, type=pa.string())
        return self._arrow
