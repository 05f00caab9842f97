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
velocity 0 with a wide prior (`init_speed_sigma_mps` per axis; the default
50 m/s admits ~200 m/s at the gate's 4 sigma, yet keeps young tracks from
collecting clutter across kilometres).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.sensors.kalman import predict_positions, process_look
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
                 init_speed_sigma_mps: float = 50.0, capacity: int = 64) -> None:
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
        self._earliest_death_s = -np.inf  # no track can die before this; -inf: recompute
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
        self._earliest_death_s = -np.inf
        return [{"t_s": t_s, "kind": "track_confirmed", "track_id": int(self._ids[i]),
                 "entity_id": int(self._truth[i]),
                 "sensors": [self.sensors[c].name for c in np.flatnonzero(self._contrib[i])]} for i in newly]

    def expire(self, t_s: float) -> list[dict]:
        """Drop tracks that coasted too long; return `track_lost` events for confirmed ones."""
        if t_s <= self._earliest_death_s:  # cheap when called every control tick between looks
            return []
        n = self.count
        conf, last = self._confirmed[:n], self._last_sensor[:n]
        death = self._last_seen[:n] + np.where(conf, self._coast_confirmed[last], self._coast_tentative[last])
        dead = t_s > death
        if not dead.any():
            self._earliest_death_s = float(death.min(initial=np.inf))
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
        pos, sigma = predict_positions(self._x[:n], self._P[:n], self._t[:n], float(t_s), self.q)
        return TrackPicture(track_ids=self._ids[:n].copy(), positions_m=pos, velocities_mps=self._x[:n, 3:].copy(),
                            position_sigma_m=sigma, confirmed=self._confirmed[:n].copy(),
                            truth_ids=self._truth[:n].copy(), last_update_s=self._t[:n].copy())
