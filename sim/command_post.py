"""Blue command post: launch on track, assign targets, re-task after a kill.

Doctrine (scenario `blue.doctrine`): every confirmed track is owed
`shots_per_threat` interceptors. Airborne interceptors without a live target
are re-tasked before anything new is launched; `assignment` (agents.assignment:
nearest, most_dangerous, optimal) decides which of them goes after which
threat. Threats still owed a shot are then served most dangerous first (least
time to any protected asset): the nearest ready site with stock and a free pad
launches, once the track is within `launch_range_m` of it. A launch order takes
`launch_delay_s` to get airborne and keeps its pad busy for `reload_s` more.
"""

from __future__ import annotations

import math

from dataclasses import dataclass

import numpy as np

from agents.assignment import AssignmentPolicy, assign, time_to_asset_s
from sim.sensors import TrackPicture
from sim.trial_setup import Site

DEFAULT_ASSIGNMENT = AssignmentPolicy.MOST_DANGEROUS  # the behaviour before the doctrine had a choice
UNKNOWN_SPEED_MPS = 50.0  # an interceptor whose airframe speed the sites do not list


@dataclass(frozen=True)
class LaunchOrder:
    entity_id: int
    site: str
    track_id: int
    airborne_at_s: float


class CommandPost:
    def __init__(self, sites: list[Site], shots_per_threat: int, launch_range_m: float | None,
                 asset_centers_m: np.ndarray, assignment: AssignmentPolicy | str = DEFAULT_ASSIGNMENT) -> None:
        self.sites = sites
        self.shots = int(shots_per_threat)
        self.launch_range = launch_range_m
        self.assets = asset_centers_m
        self.policy = AssignmentPolicy(assignment)
        self.assignment: dict[int, int] = {}  # interceptor entity -> track id
        self.pending: list[LaunchOrder] = []
        # Top speed per interceptor entity, for predicted times to intercept (`optimal`).
        self.speed_mps = {entity: site.top_speed_mps.get(name, UNKNOWN_SPEED_MPS)
                          for site in sites for name, parked in site.parked.items() for entity in parked}

    def _danger_order(self, picture: TrackPicture, rows: np.ndarray) -> np.ndarray:
        """Rows by time to the nearest asset, smallest first (no assets: as given)."""
        time_s = time_to_asset_s(picture.positions_m[rows], picture.velocities_mps[rows], self.assets)
        return rows[np.argsort(time_s, kind="stable")]

    def update(self, t_s: float, picture: TrackPicture, airborne: np.ndarray,
               airborne_positions_m: np.ndarray) -> list[LaunchOrder]:
        """Re-task idle airborne interceptors and order launches; returns the new orders."""
        live = {int(k) for k in picture.track_ids[picture.confirmed]}
        flying = {int(e) for e in airborne} | {order.entity_id for order in self.pending}
        self.assignment = {e: k for e, k in self.assignment.items() if k in live and e in flying}
        load: dict[int, int] = {}
        for track in self.assignment.values():
            load[track] = load.get(track, 0) + 1
        # One slot per shot still owed, most dangerous threat first.
        slots = np.array([row for row in self._danger_order(picture, np.flatnonzero(picture.confirmed))
                          for _ in range(self.shots - load.get(int(picture.track_ids[row]), 0))], dtype=np.int64)
        served = self._retask(picture, slots, airborne, airborne_positions_m)
        orders = []
        ready = self._ready_sites(t_s)
        for row in slots[~served]:
            order = self._launch(t_s, int(picture.track_ids[row]), picture.positions_m[row], ready) if ready else None
            if order is not None:
                orders.append(order)
                self.assignment[order.entity_id] = order.track_id
        self.pending.extend(orders)
        return orders

    def _retask(self, picture: TrackPicture, slots: np.ndarray, airborne: np.ndarray,
                airborne_positions_m: np.ndarray) -> np.ndarray:
        """Give idle airborne interceptors slots under the doctrine's policy; returns which slots are served."""
        served = np.zeros(len(slots), dtype=bool)
        idle = np.array([k for k, e in enumerate(airborne) if int(e) not in self.assignment], dtype=np.int64)
        if idle.size == 0 or slots.size == 0:
            return served
        speeds = np.array([self.speed_mps.get(int(airborne[k]), UNKNOWN_SPEED_MPS) for k in idle])
        picks = assign(self.policy, airborne_positions_m[idle], speeds, picture.positions_m[slots],
                       picture.velocities_mps[slots], self.assets)
        for k, slot in zip(idle, picks):
            if slot >= 0:
                self.assignment[int(airborne[k])] = int(picture.track_ids[slots[slot]])
                served[slot] = True
        return served

    def _ready_sites(self, t_s: float) -> list[Site]:
        return [site for site in self.sites if t_s >= site.ready_after_s and min(site.pads_free_at_s) <= t_s
                and any(site.parked.values())]

    def _launch(self, t_s: float, track: int, target_m: np.ndarray, ready: list[Site]) -> LaunchOrder | None:
        """Launch from the nearest ready site in range, if any; `ready` shrinks as pads fill."""
        best, best_distance = None, np.inf
        for site in ready:
            distance = math.hypot(site.position_m[0] - target_m[0], site.position_m[1] - target_m[1])
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
