"""What controllers see each decision: the loop's state gathered into `Observation`s.

Own state is what each drone's navigation believes (truth plus GNSS-denied
drift); targets come from the fused track picture (carried forward to now at
constant velocity), replaced by the onboard camera's fix once the seeker
locks (sim/seeker.py). Built for every controller group that is due, so the
per-tick gathering is done once (`snapshot`) and shared by the groups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.base import Observation
from sim.entities import Side
from sim.seeker import seeker_lock
from sim.telemetry import assigned_targets, gather_state

if TYPE_CHECKING:
    from sim.loop import TrialLoop


class ObservationBuilder:
    """Builds controller observations from one TrialLoop's state (read only)."""

    def __init__(self, loop: "TrialLoop") -> None:
        self.loop = loop
        self._ordered_picture = None
        self._order = np.zeros(0, dtype=np.int64)

    def snapshot(self, red_due: bool) -> dict[str, np.ndarray]:
        """Truth state of the flying entities this tick, gathered once for all groups due.

        Only blue is due on most ticks (red flies scripted waypoints at a lower rate)."""
        loop = self.loop
        flying = loop.entities.flying() if red_due else loop.entities.flying(Side.BLUE)
        block = gather_state(loop, flying)  # one compiled pass over both fleets
        positions = block[0:3].T
        row = np.full(len(loop.entities), -1, dtype=np.int64)
        row[flying] = np.arange(len(flying))
        return {"row": row, "positions": positions, "velocities": block[3:6].T, "yaw": block[8],
                "ground": loop.world.geometry.terrain_height(positions[:, 0], positions[:, 1])}

    def build(self, ids: np.ndarray, rate_hz: float, snapshot: dict[str, np.ndarray]) -> Observation:
        """The observation of the flying entities `ids` for a group deciding at `rate_hz`."""
        loop = self.loop
        rows = snapshot["row"][ids]
        positions = snapshot["positions"][rows]
        post = loop.post
        tracks = post.targets_of(ids) if post.assignment else np.full(len(ids), -1, dtype=np.int64)
        # The picture is refreshed on slow ticks; targets are carried forward to now at constant velocity.
        targets, target_velocities, has_target = assigned_targets(
            loop.picture, self._picture_order(), tracks, loop.t_s - loop.picture_t_s)
        lock = np.zeros(len(ids), dtype=bool)
        if has_target.any():
            lock = seeker_lock(loop, ids, positions, targets, target_velocities, has_target)
        return Observation(loop.t_s, 1.0 / rate_hz, ids, positions + loop.nav_error[ids],
                           snapshot["velocities"][rows], snapshot["yaw"][rows], targets, target_velocities,
                           has_target, loop.link_ok[ids], loop.gnss_ok[ids], snapshot["ground"][rows],
                           {"picture": loop.picture, "seeker_lock": lock})

    def _picture_order(self) -> np.ndarray:
        """Track-id sort order of the current picture, computed once per picture (it changes at SLOW_HZ)."""
        picture = self.loop.picture
        if self._ordered_picture is not picture:
            self._ordered_picture = picture
            self._order = np.argsort(picture.track_ids, kind="stable")
        return self._order
