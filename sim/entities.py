"""Who is who in a trial: every entity's id, side, airframe, body and fate.

Bodies live in the world's fleets (struct-of-arrays physics); this table maps
entity ids (0..n-1, stable for the whole trial and used in every event and
log row) to fleet rows and holds what physics does not know: side, group
(the controller flying it), home and radio station, status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np


class Side(IntEnum):
    BLUE = 0
    RED = 1


class Kind(IntEnum):
    QUADROTOR = 0
    FIXED_WING = 1


class Status(IntEnum):
    WAITING = 0  # not yet spawned (red) or launched (blue)
    FLYING = 1
    KILLED = 2  # destroyed by an interceptor
    EXPENDED = 3  # interceptor that detonated / rammed
    CRASHED = 4  # hit terrain or a building
    LEAKED = 5  # threat that reached an asset
    OUT_OF_BATTERY = 6


SIDE_NAMES = {Side.BLUE: "blue", Side.RED: "red"}
# Plain ints for array comparisons on the hot path (IntEnum attribute access is slow).
FLYING, WAITING = int(Status.FLYING), int(Status.WAITING)
BLUE, RED = int(Side.BLUE), int(Side.RED)


@dataclass
class EntityTable:
    """Columns of per-entity facts; index = entity id."""

    side: list[Side] = field(default_factory=list)
    kind: list[Kind] = field(default_factory=list)
    fleet_index: list[int] = field(default_factory=list)
    airframe: list[str] = field(default_factory=list)
    group: list[int] = field(default_factory=list)
    home_m: list[tuple[float, float, float]] = field(default_factory=list)
    station_m: list[tuple[float, float, float]] = field(default_factory=list)
    link: list[str] = field(default_factory=list)  # radio | fibre | autonomous
    due_s: list[float] = field(default_factory=list)  # spawn time (red); inf for blue until launched
    status: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))

    def add(self, side: Side, kind: Kind, fleet_index: int, airframe: str, group: int,
            home_m: tuple[float, float, float], station_m: tuple[float, float, float], link: str,
            due_s: float) -> int:
        self.side.append(side)
        self.kind.append(kind)
        self.fleet_index.append(fleet_index)
        self.airframe.append(airframe)
        self.group.append(group)
        self.home_m.append(home_m)
        self.station_m.append(station_m)
        self.link.append(link)
        self.due_s.append(due_s)
        self.status = np.append(self.status, np.int8(Status.WAITING))
        self._flying = None
        return len(self.side) - 1

    def __len__(self) -> int:
        return len(self.side)

    def freeze(self) -> None:
        """Array views of the columns the loop reads every tick (call once after setup)."""
        self.side_array = np.array(self.side, dtype=np.int8)
        self.kind_array = np.array(self.kind, dtype=np.int8)
        self.fleet_array = np.array(self.fleet_index, dtype=np.int64)
        self.due_array = np.array(self.due_s, dtype=float)
        self.station_array = np.array(self.station_m, dtype=float).reshape(-1, 3)
        self.fibre_array = np.array([link == "fibre" for link in self.link])
        self.side_names = np.array([SIDE_NAMES[side] for side in self.side])
        self.airframe_names = np.array(self.airframe)
        # String columns of the trial record as codes (trials.frame_block): one fixed dictionary each.
        airframes = tuple(dict.fromkeys(self.airframe))  # first-seen order
        self.airframe_codes = np.array([airframes.index(name) for name in self.airframe], dtype=np.int32)
        self.frame_dictionaries = {"side": tuple(SIDE_NAMES[side] for side in Side), "airframe": airframes}
        self.quad_ids = np.flatnonzero(self.kind_array == Kind.QUADROTOR)
        self.quad_fleet = self.fleet_array[self.quad_ids]
        self.wing_ids = np.flatnonzero(self.kind_array == Kind.FIXED_WING)
        self.wing_fleet = self.fleet_array[self.wing_ids]
        # fleet row -> entity id, per kind (crash reports come by fleet row)
        self.entity_of = {}
        for kind in Kind:
            rows = np.flatnonzero(self.kind_array == kind)
            lookup = np.full(int(self.fleet_array[rows].max()) + 1 if rows.size else 0, -1, dtype=np.int64)
            lookup[self.fleet_array[rows]] = rows
            self.entity_of[kind] = lookup

    def set_status(self, entity, status: Status) -> None:
        """Change an entity's fate; keeps the cached index sets honest."""
        self.status[entity] = status
        self._flying = None

    def flying(self, side: Side | None = None) -> np.ndarray:
        """Ids of flying entities (of one side), cached until a status changes."""
        if getattr(self, "_flying", None) is None:
            ids = np.flatnonzero(self.status == FLYING)
            sides = self.side_array[ids]
            self._flying = {None: ids, BLUE: ids[sides == BLUE], RED: ids[sides == RED]}
        return self._flying[None if side is None else int(side)]
