"""Central fusion tracker: one constant-velocity Kalman track per object, all sensors feeding it.

Association, filtering and retrodiction of late fixes: see `sim.sensors.kalman`.

Confirmation (m-of-n, per sensor, any sensor suffices): every look of sensor s
writes a hit or a miss into each live track's window of s's last n_s looks;
a track is confirmed, for good, as soon as the window of any sensor holds
m_s hits. Sensors are not pooled because their m and n mean "looks of this
sensor": three radars each seeing a target once are three 1-of-n windows, not
one 3-of-n. A single sensor with Confirm(m=3, n=5) therefore confirms a track
on its third detection at the earliest.

Deletion: a track not updated for a coast time is dropped. The coast time is
counted in looks of the sensor that last updated it: (n - m + 1) looks for a
tentative track (after that many misses in a row m-of-n can no longer be met),
n looks for a confirmed one, plus half a look of slack. Only confirmed tracks
announce their loss (`track_lost`); tentative ones were never announced.

New tracks start from every measurement no track claims: position = the fix,
velocity 0 with a wide prior (`init_speed_sigma_mps` per axis).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.sensors.kalman import process_look
from sim.sensors.types import Detections, TrackPicture


@dataclass(frozen=True)
class SensorTerms:
    """What the tracker needs to know about a sensor."""

    name: str
    m: int
    n: int
    look_period_s: float


class Tracker:
    _FIELDS = ("x", "P", "t", "ids", "truth", "confirmed", "last_seen", "last_sensor", "contrib", "hist")

    def __init__(self, sensors: list[SensorTerms], process_noise_m2ps3: float = 20.0, gate_chi2: float = 16.0,
                 init_speed_sigma_mps: float = 100.0, capacity: int = 64) -> None:
        self.sensors = list(sensors)
        self.q, self.gate2, self.v0 = float(process_noise_m2ps3), float(gate_chi2), float(init_speed_sigma_mps)
        self._m = np.array([s.m for s in sensors], dtype=np.int64)
        self._n = np.array([s.n for s in sensors], dtype=np.int64)
        period = np.array([s.look_period_s for s in sensors], dtype=np.float64)
        self._coast_tentative = (self._n - self._m + 1.5) * period
        self._coast_confirmed = (self._n + 0.5) * period
        self._ptr = np.zeros(len(sensors), dtype=np.int64)
        self._next_id = 1
        self.count = 0
        self._alloc(capacity)

    def _alloc(self, cap: int) -> None:
        s, n_max = len(self.sensors), int(self._n.max(initial=1))
        fresh = dict(x=np.zeros((cap, 6)), P=np.zeros((cap, 6, 6)), t=np.zeros(cap),
                     ids=np.zeros(cap, dtype=np.int64), truth=np.full(cap, -1, dtype=np.int64),
                     confirmed=np.zeros(cap, dtype=bool), last_seen=np.zeros(cap),
                     last_sensor=np.zeros(cap, dtype=np.int64), contrib=np.zeros((cap, s), dtype=bool),
                     hist=np.zeros((cap, s, n_max), dtype=bool))
        for name, arr in fresh.items():
            old = getattr(self, "_" + name, None)
            if old is not None:
                arr[: self.count] = old[: self.count]
            setattr(self, "_" + name, arr)

    def process(self, t_s: float, det: Detections) -> list[dict]:
        """Fold one look into the tracks; return `track_confirmed` events."""
        s, k = det.sensor, len(det)
        if self.count + k > len(self._t):
            self._alloc(max(2 * len(self._t), self.count + k))
        self.count, self._next_id, newly = process_look(
            self._x, self._P, self._t, self._ids, self._truth, self._confirmed, self._last_seen,
            self._last_sensor, self._contrib, self._hist, self.count, self._next_id,
            np.ascontiguousarray(det.positions_m, dtype=np.float64), np.ascontiguousarray(det.cov_m2, dtype=np.float64),
            np.ascontiguousarray(det.truth_ids, dtype=np.int64), float(det.t_s), float(t_s), s, int(self._ptr[s]),
            int(self._n[s]), int(self._m[s]), self.q, self.gate2, self.v0)
        self._ptr[s] = (self._ptr[s] + 1) % self._n[s]
        return [{"t_s": t_s, "kind": "track_confirmed", "track_id": int(self._ids[i]),
                 "entity_id": int(self._truth[i]),
                 "sensors": [self.sensors[c].name for c in np.flatnonzero(self._contrib[i])]} for i in newly]

    def expire(self, t_s: float) -> list[dict]:
        """Drop tracks that coasted too long; return `track_lost` events for confirmed ones."""
        n = self.count
        conf, last = self._confirmed[:n], self._last_sensor[:n]
        coast = np.where(conf, self._coast_confirmed[last], self._coast_tentative[last])
        dead = t_s - self._last_seen[:n] > coast
        if not dead.any():
            return []
        events = [{"t_s": t_s, "kind": "track_lost", "track_id": int(self._ids[i]), "entity_id": int(self._truth[i])}
                  for i in np.flatnonzero(dead & conf)]
        keep = np.flatnonzero(~dead)
        for name in self._FIELDS:
            arr = getattr(self, "_" + name)
            arr[: keep.size] = arr[keep]
        self.count = keep.size
        return events

    def picture(self, t_s: float) -> TrackPicture:
        """Every live track (tentative ones too, flagged) predicted to t_s at constant velocity."""
        n = self.count
        x, P = self._x[:n], self._P[:n]
        dt = np.maximum(t_s - self._t[:n], 0.0)
        pos = x[:, :3] + dt[:, None] * x[:, 3:]
        # trace of the predicted position covariance, without building it.
        tr = (np.trace(P[:, :3, :3], axis1=1, axis2=2) + 2.0 * dt * np.trace(P[:, :3, 3:], axis1=1, axis2=2)
              + dt**2 * np.trace(P[:, 3:, 3:], axis1=1, axis2=2) + self.q * dt**3)
        return TrackPicture(track_ids=self._ids[:n].copy(), positions_m=pos, velocities_mps=x[:, 3:].copy(),
                            position_sigma_m=np.sqrt(tr), confirmed=self._confirmed[:n].copy(),
                            truth_ids=self._truth[:n].copy(), last_update_s=self._t[:n].copy())
