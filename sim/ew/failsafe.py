"""Link-loss state machine per drone: linked -> holding the last command -> failsafe.

On loss a drone holds its last command for `hold_s` (a dropout of a few
packets should not crash it), then runs its airframe's failsafe. The monitor
only reports link state and events; whether a failsafe is reversible when the
link returns (a `drop` is not) is for the engine to decide.

The per-drone update is one compiled pass (`_step`): it runs at the link rate
over every flying drone, and events are rare, so Python only builds the dicts.
"""

from __future__ import annotations

import numpy as np
from numba import njit

LINKED, HOLDING, FAILSAFE = 0, 1, 2
# Bits of `_step`'s per-drone event code.
_REGAINED, _LOST, _FIRED = 1, 2, 4


class FailsafeMonitor:
    """Entity ids must be non-negative integers: they index the state arrays directly."""

    def __init__(self, hold_s: float) -> None:
        self.hold_s = float(hold_s)
        self._lost_at = np.full(0, np.nan)      # sim time the current loss began; nan while linked
        self._fired = np.zeros(0, dtype=bool)   # failsafe event already sent this episode

    def _grow(self, size: int) -> None:
        extra = size - len(self._lost_at)
        if extra > 0:
            self._lost_at = np.concatenate([self._lost_at, np.full(extra, np.nan)])
            self._fired = np.concatenate([self._fired, np.zeros(extra, dtype=bool)])

    def update(self, t_s: float, ids: np.ndarray, control_ok: np.ndarray) -> tuple[np.ndarray, list[dict]]:
        """Mode per drone (LINKED, HOLDING, FAILSAFE) and the events of this tick."""
        ids = np.asarray(ids)
        ok = np.asarray(control_ok, dtype=bool)
        if ids.size == 0:
            return np.zeros(0, dtype=np.int8), []
        if ids.dtype.kind not in "iu" or ids.min() < 0:
            raise ValueError("entity ids must be non-negative integers")
        self._grow(int(ids.max()) + 1)
        if ok.shape != ids.shape:
            ok = np.ascontiguousarray(np.broadcast_to(ok, ids.shape))
        mode, codes, times, count = _step(float(t_s), self.hold_s, ids, ok, self._lost_at, self._fired)
        return mode, _events(t_s, ids, codes, times) if count else []


def _events(t_s: float, ids: np.ndarray, codes: np.ndarray, times: np.ndarray) -> list[dict]:
    """Regained, then lost, then failsafe events, each in id order as given; times[0] is how long the
    link had been lost (regained), times[1] since the loss began (failsafe)."""
    events: list[dict] = []
    for k in np.flatnonzero(codes & _REGAINED):
        events.append({"t_s": t_s, "kind": "link_regained", "entity_id": int(ids[k]),
                       "lost_for_s": float(times[0, k])})
    for k in np.flatnonzero(codes & _LOST):
        events.append({"t_s": t_s, "kind": "link_lost", "entity_id": int(ids[k])})
    for k in np.flatnonzero(codes & _FIRED):
        events.append({"t_s": t_s, "kind": "failsafe", "entity_id": int(ids[k]), "after_s": float(times[1, k])})
    return events


@njit(cache=True, error_model="numpy")
def _step(t_s: float, hold_s: float, ids: np.ndarray, ok: np.ndarray, lost_at: np.ndarray,
          fired: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Advance lost_at / fired (indexed by id, long enough for every id) in place; mode, event code bits
    and event times per drone, and how many drones have an event.

    All state is read before any is written, as numpy's gather / scatter did (the last of repeated ids wins).
    """
    n = ids.shape[0]
    mode = np.empty(n, dtype=np.int8)
    codes = np.zeros(n, dtype=np.int8)
    times = np.empty((2, n))
    new_lost, new_fired = np.empty(n), np.empty(n, dtype=np.bool_)
    for k in range(n):
        before, was_fired = lost_at[ids[k]], fired[ids[k]]
        linked_before = np.isnan(before)
        if ok[k]:
            if not linked_before:
                codes[k] |= _REGAINED
            times[0, k] = t_s - before
            new_lost[k] = np.nan
        elif linked_before:
            codes[k] |= _LOST
            new_lost[k] = t_s
        else:
            new_lost[k] = before
        elapsed = t_s - new_lost[k]  # nan while linked: the comparison is False
        over = elapsed >= hold_s
        times[1, k] = elapsed
        if over and not was_fired:
            codes[k] |= _FIRED
        new_fired[k] = over or (was_fired and not ok[k])
        mode[k] = LINKED if ok[k] else FAILSAFE if over else HOLDING
    for k in range(n):
        lost_at[ids[k]], fired[ids[k]] = new_lost[k], new_fired[k]
    return mode, codes, times, np.count_nonzero(codes)
