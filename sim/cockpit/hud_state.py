"""What the OSD shows, and how to read it from a running trial.

`HudState` is plain data (the HUD and map draw only from it and the scene
snapshot). `HudStateBuilder` is the one place that reads the loop for it:
battery, radio links (its own `ElectronicWarfare`, so the engine's cached
roster is untouched), assigned or nearest target, kills and leakers, the track picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.cockpit.render.camera import heading_of
from sim.entities import Side, Status
from sim.ew import ElectronicWarfare

if TYPE_CHECKING:
    from sim.cockpit.render.scene import SceneSnapshot
    from sim.loop import TrialLoop

LINK_FADE_DB = 10.0  # link quality falls from 100 % to 0 over the last 10 dB of control margin
LINK_HZ = 10.0


@dataclass(frozen=True)
class HudState:
    t_s: float = 0.0
    entity_id: int | None = None
    flight_mode: str = "ANGLE"
    armed: bool = True
    battery: float = 1.0  # state of charge 0..1
    link_quality: float = 1.0  # control uplink 0..1
    video_quality: float = 1.0  # video downlink 0..1 (drives snow / freeze)
    speed_mps: float = 0.0
    altitude_m: float = 0.0  # above the ground under the drone
    heading_rad: float = 0.0  # ENU, counter-clockwise from east
    velocity_mps: np.ndarray | None = None  # world, for the flight-path marker
    target_m: np.ndarray | None = None
    target_label: str = ""
    kills: int = 0
    leakers: int = 0
    tracks_xy_m: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    tracks_confirmed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    warnings: tuple[str, ...] = ()


class HudStateBuilder:
    """Reads a `TrialLoop` for the OSD of the flown entity (`entity_id`, or None before a pick)."""

    def __init__(self, loop: "TrialLoop", entity_id: int | None) -> None:
        self.loop, self.entity_id = loop, entity_id
        sc = loop.setup.resolved.scenario
        links = {name: a.link for name, a in loop.setup.resolved.airframes.items()}
        self.ew = ElectronicWarfare(sc.ew, links, loop.world.geometry.terrain_height)
        self.enemy = Side.RED
        self._next_link_s, self._link, self._video = -math.inf, 1.0, 1.0

    def _links(self, entity: int, position: np.ndarray) -> None:
        loop = self.loop
        if loop.t_s < self._next_link_s:
            return
        self._next_link_s = loop.t_s + 1.0 / LINK_HZ
        state = self.ew.assess(loop.t_s, position[None, :], loop.entities.station_array[entity],
                               [loop.entities.airframe[entity]])
        margin = float(state.control_margin_db[0])
        self._link = 1.0 if math.isinf(margin) else min(max(margin / LINK_FADE_DB, 0.0), 1.0)
        self._video = float(state.video_quality[0])

    def _target(self, entity: int, snapshot: "SceneSnapshot") -> tuple[np.ndarray | None, str]:
        """The assigned track's estimate (carried forward), else the nearest flying enemy."""
        loop, picture = self.loop, self.loop.picture
        track = loop.post.target_of(entity)
        if track is not None and len(picture.track_ids):
            rows = np.flatnonzero(picture.track_ids == track)
            if rows.size:
                k = rows[0]
                ahead = (loop.t_s - loop.picture_t_s) * picture.velocities_mps[k]
                return picture.positions_m[k] + ahead, f"T{track}"
        enemies = np.flatnonzero(snapshot.alive & (snapshot.sides == self.enemy))
        if enemies.size == 0:
            return None, ""
        gaps = snapshot.positions_m[enemies] - snapshot.positions_m[entity]
        k = int(np.argmin(np.einsum("ij,ij->i", gaps, gaps)))
        return snapshot.positions_m[enemies[k]].copy(), f"#{int(enemies[k])}"

    def build(self, snapshot: "SceneSnapshot", flight_mode: str = "ANGLE", armed: bool = True) -> HudState:
        loop, entity = self.loop, self.entity_id
        status = loop.entities.status
        red = loop.entities.side_array == Side.RED
        kills = int(np.count_nonzero(red & (status == Status.KILLED)))
        leakers = int(np.count_nonzero(red & (status == Status.LEAKED)))
        picture = loop.picture
        tracks = picture.positions_m[:, :2] if len(picture.track_ids) else np.zeros((0, 2))
        common = dict(t_s=snapshot.t_s, flight_mode=flight_mode, armed=armed, kills=kills, leakers=leakers,
                      tracks_xy_m=tracks, tracks_confirmed=np.asarray(picture.confirmed, dtype=bool))
        if entity is None:
            return HudState(**common)
        self.enemy = Side.BLUE if loop.entities.side_array[entity] == Side.RED else Side.RED
        pos, vel = snapshot.positions_m[entity], snapshot.velocities_mps[entity]
        ground = float(loop.world.geometry.terrain_height(pos[:1], pos[1:2])[0])
        flying = bool(snapshot.alive[entity])
        if flying:
            self._links(entity, pos)
        target, label = self._target(entity, snapshot)
        warnings = []
        mode = int(loop.mode[entity])
        if mode == 1:
            warnings.append("LINK LOST - HOLD")
        elif mode == 2:
            warnings.append("FAILSAFE")
        if not loop.gnss_ok[entity]:
            warnings.append("GNSS DENIED")
        if status[entity] not in (Status.FLYING, Status.WAITING):
            warnings.append(Status(int(status[entity])).name.replace("_", " "))
        return HudState(entity_id=entity, battery=float(loop.bodies.soc(np.array([entity]))[0]),
                        link_quality=self._link, video_quality=self._video,
                        speed_mps=float(np.linalg.norm(vel)), altitude_m=float(pos[2]) - ground,
                        heading_rad=heading_of(snapshot.quaternions[entity], vel), velocity_mps=vel.copy(),
                        target_m=target, target_label=label, warnings=tuple(warnings), **common)
