"""Link-loss state machine per drone: linked -> holding the last command -> failsafe.

On loss a drone holds its last command for `hold_s` (a dropout of a few
packets should not crash it), then runs its airframe's failsafe. The monitor
only reports link state and events; whether a failsafe is reversible when the
link returns (a `drop` is not) is for the engine to decide.
"""

from __future__ import annotations

import numpy as np

LINKED, HOLDING, FAILSAFE = 0, 1, 2


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
        if ids.size and (not np.issubdtype(ids.dtype, np.integer) or ids.min() < 0):
            raise ValueError("entity ids must be non-negative integers")
        self._grow(int(ids.max()) + 1 if ids.size else 0)
        lost_at = self._lost_at[ids]
        linked_before = np.isnan(lost_at)
        events: list[dict] = []

        for k in np.flatnonzero(ok & ~linked_before):
            events.append({"t_s": t_s, "kind": "link_regained", "entity_id": int(ids[k]),
                           "lost_for_s": float(t_s - lost_at[k])})
        newly_lost = ~ok & linked_before
        for k in np.flatnonzero(newly_lost):
            events.append({"t_s": t_s, "kind": "link_lost", "entity_id": int(ids[k])})
        lost_at = np.where(ok, np.nan, np.where(newly_lost, t_s, lost_at))

        elapsed = t_s - lost_at  # nan while linked: every comparison below is False
        over = elapsed >= self.hold_s
        first = over & ~self._fired[ids]
        for k in np.flatnonzero(first):
            events.append({"t_s": t_s, "kind": "failsafe", "entity_id": int(ids[k]),
                           "after_s": float(elapsed[k])})

        self._lost_at[ids] = lost_at
        self._fired[ids] = over | (self._fired[ids] & ~ok)
        mode = np.where(ok, LINKED, np.where(over, FAILSAFE, HOLDING)).astype(np.int8)
        return mode, events
