"""Navigation error while GNSS is denied: inertial dead reckoning drifts.

Linear growth at `drift_mps` (the scenario's gnss_denied_drift_mps) in a
random horizontal direction drawn once per denial episode, so a drone's
believed position walks steadily away from the truth instead of jittering.
When GNSS returns the receiver re-fixes within a tick and the error snaps to 0.

The per-drone update is compiled (`_advance`): it runs at the link rate over
every entity; only new episodes' draws stay in Python, on the caller's rng.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Estimate: barometric altitude bounds vertical error, so it grows at most this
# fraction of the horizontal rate (uniform in +-fraction per episode).
VERTICAL_DRIFT_FRACTION = 0.1


class NavigationDrift:
    """Per-drone position error (m, ENU) to add to the truth for what the drone believes."""

    def __init__(self, count: int, drift_mps: float, rng: np.random.Generator) -> None:
        self._drift_mps = float(drift_mps)
        self._rng = rng
        self._error = np.zeros((0, 3))
        self._rate = np.zeros((0, 3))          # m/s of the current episode
        self._was_ok = np.ones(0, dtype=bool)
        self.resize(count)

    def resize(self, count: int) -> None:
        """Keep the first `count` drones' state; new drones start with GNSS and no error."""
        old = len(self._error)
        keep = min(old, count)
        self._error = np.vstack([self._error[:keep], np.zeros((count - keep, 3))])
        self._rate = np.vstack([self._rate[:keep], np.zeros((count - keep, 3))])
        self._was_ok = np.concatenate([self._was_ok[:keep], np.ones(count - keep, dtype=bool)])

    def update(self, dt_s: float, gnss_ok: np.ndarray) -> np.ndarray:
        """Advance by dt_s and return the (N, 3) position error (a copy)."""
        ok = np.asarray(gnss_ok, dtype=bool)
        if ok.shape != self._was_ok.shape:
            raise IndexError(f"{ok.shape[0] if ok.ndim else 'scalar'} GNSS states for {len(self._was_ok)} drones")
        started = np.flatnonzero(~ok & self._was_ok)
        if started.size:  # one draw per new episode: reproducible from the rng's state
            heading = self._rng.uniform(0.0, 2.0 * np.pi, started.size)
            vertical = self._rng.uniform(-VERTICAL_DRIFT_FRACTION, VERTICAL_DRIFT_FRACTION, started.size)
            self._rate[started] = self._drift_mps * np.column_stack([np.cos(heading), np.sin(heading), vertical])
        return _advance(dt_s, ok, self._was_ok, self._error, self._rate)


@njit(cache=True, error_model="numpy")
def _advance(dt_s: float, ok: np.ndarray, was_ok: np.ndarray, error: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Grow the error of denied drones by rate * dt_s, zero the others', remember ok; a copy of the error."""
    for k in range(ok.shape[0]):
        for i in range(3):
            error[k, i] = error[k, i] + rate[k, i] * dt_s if not ok[k] else 0.0
        was_ok[k] = ok[k]
    return error.copy()
