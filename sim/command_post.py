"""Blue command post: launch on track, assign targets, re-task after a kill.

Doctrine (scenario `blue.doctrine`): every confirmed track is owed
`shots_per_threat` interceptors. Threats are served most urgent first (nearest
to any protected asset). Airborne interceptors without a live target are
re-tasked before anything new is launched; otherwise the nearest ready site
with stock and a free pad launches, once the track is within `launch_range_m`
of it. A launch order takes `launch_delay_s` to get airborne and keeps its pad
busy for `reload_s` more.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.sensors import TrackPicture
from sim.trial_setup import Site


@dataclass(frozen=True)
class LaunchOrder:
    entity_id: int
    site: str
    track_id: int
    airborne_at_s: float


class CommandPost:
    def __init__(self, sites: list[Site], shots_per_threat: int, launch_range_m: float | None,
                 asset_centers_m: np.ndarray) -> None:
        self.sites = sites
        self.shots = int(shots_per_threat)
        self.launch_range = launch_range_m
        self.assets = asset_centers_m
        self.assignment: dict[int, int] = {}  # interceptor entity -> track id
        self.pending: list[LaunchOrder] = []

    def _urgency_order(self, picture: TrackPicture, rows: np.ndarray) -> np.ndarray:
        if len(self.assets) == 0:
            return rows
        d = np.linalg.norm(picture.positions_m[rows, None, :2] - self.assets[None, :, :2], axis=-1).min(axis=1)
        return rows[np.argsort(d, kind="stable")]

    def update(self, t_s: float, picture: TrackPicture, airborne: np.ndarray,
               airborne_positions_m: np.ndarray) -> list[LaunchOrder]:
        """Re-task idle airborne interceptors and order launches; returns the new orders."""
        live = set(int(k) for k in picture.track_ids[picture.confirmed])
        flying = set(int(e) for e in airborne) | {order.entity_id for order in self.pending}
        self.assignment = {e: k for e, k in self.assignment.items() if k in live and e in flying}
        load: dict[int, int] = {}
        for track in self.assignment.values():
            load[track] = load.get(track, 0) + 1
        idle = [int(e) for e in airborne if int(e) not in self.assignment]
        idle_pos = {int(e): p for e, p in zip(airborne, airborne_positions_m)}
        orders = []
        ready = self._ready_sites(t_s)
        rows = self._urgency_order(picture, np.flatnonzero(picture.confirmed))
        for row in rows:
            track = int(picture.track_ids[row])
            while load.get(track, 0) < self.shots:
                if idle:
                    gaps = [float(np.dot(d, d)) for d in (idle_pos[e] - picture.positions_m[row] for e in idle)]
                    nearest = idle[int(np.argmin(gaps))]
                    idle.remove(nearest)
                    self.assignment[nearest] = track
                else:
                    order = self._launch(t_s, track, picture.positions_m[row], ready) if ready else None
                    if order is None:
                        break
                    orders.append(order)
                    self.assignment[order.entity_id] = track
                load[track] = load.get(track, 0) + 1
        self.pending.extend(orders)
        return orders

    def _ready_sites(self, t_s: float) -> list[Site]:
        return [site for site in self.sites if t_s >= site.ready_after_s and min(site.pads_free_at_s) <= t_s
                and any(site.parked.values())]

    def _launch(self, t_s: float, track: int, target_m: np.ndarray, ready: list[Site]) -> LaunchOrder | None:
        """Launch from the nearest ready site in range, if any; `ready` shrinks as pads fill."""
        best, best_distance = None, np.inf
        for site in ready:
            distance = float(np.hypot(*(site.position_m[:2] - target_m[:2])))
            if distance < best_distance and (self.launch_range is None or distance <= self.launch_range):
                best, best_distance = site, distance
        if best is None:
            return None
        airframe = next(name for name, parked in best.parked.items() if parked)
        pad = int(np.argmin(best.pads_free_at_s))
        best.pads_free_at_s[pad] = t_s + best.launch_delay_s + best.reload_s
        entity = best.parked[airframe].pop(0)
        if min(best.pads_free_at_s) > t_s or not any(best.parked.values()):
            ready.remove(best)
        return LaunchOrder(entity, best.name, track, t_s + best.launch_delay_s)

    def due_launches(self, t_s: float) -> list[LaunchOrder]:
        """Orders whose interceptor gets airborne now; removes them from the pending list."""
        due = [order for order in self.pending if order.airborne_at_s <= t_s]
        self.pending = [order for order in self.pending if order.airborne_at_s > t_s]
        return due

    def target_of(self, entity: int) -> int | None:
        return self.assignment.get(entity)

    def targets_of(self, entities: np.ndarray) -> np.ndarray:
        """Assigned track id per entity, -1 where none."""
        get = self.assignment.get
        return np.array([get(int(e), -1) for e in entities], dtype=np.int64)

    def release(self, entity: int) -> None:
        self.assignment.pop(entity, None)
