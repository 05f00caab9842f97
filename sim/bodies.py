"""Entity-level access to the world's two fleets (quadrotors, fixed wings).

The loop thinks in entity ids; physics keeps quadrotors and fixed wings in
separate arrays. These helpers gather and scatter by entity id, vectorised.
"""

from __future__ import annotations


import numpy as np
from numba import njit

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import initial_state_row
from sim.entities import EntityTable, Kind
from sim.world import World


_EMPTY = np.zeros(0, dtype=np.int64)


class Bodies:
    def __init__(self, world: World, entities: EntityTable) -> None:
        self.world = world
        self.entities = entities
        self._positions: np.ndarray | None = None
        self._velocities: np.ndarray | None = None

    def invalidate(self) -> None:
        """Forget the cached snapshot: call after physics steps, spawns and kills."""
        self._positions = self._velocities = None

    def _split(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(rows of quads in ids, their fleet indices, rows of wings, their fleet indices)."""
        kind = self.entities.kind_array[ids]
        fleet = self.entities.fleet_array[ids]
        is_quad = kind == Kind.QUADROTOR
        if is_quad.all():  # the common case of a group of one airframe: no index searches
            return np.arange(len(ids)), fleet, _EMPTY, _EMPTY
        if not is_quad.any():
            return _EMPTY, _EMPTY, np.arange(len(ids)), fleet
        quad_rows = np.flatnonzero(is_quad)
        wing_rows = np.flatnonzero(~is_quad)
        return quad_rows, fleet[quad_rows], wing_rows, fleet[wing_rows]

    def _gather_all(self, quad_rows: slice, wing_values: np.ndarray | None = None) -> np.ndarray:
        e = self.entities
        out = np.empty((len(e), 3))
        out[e.quad_ids] = self.world.quads.state[quad_rows, e.quad_fleet].T
        if wing_values is not None:
            out[e.wing_ids] = wing_values
        return out

    def all_positions(self) -> np.ndarray:
        """(entities, 3) positions of every entity, parked ones included."""
        e = self.entities
        return self._gather_all(slice(L.POS, L.POS + 3), self.world.wings.state[W.POS:W.POS + 3, e.wing_fleet].T)

    def all_velocities(self) -> np.ndarray:
        e = self.entities
        wings = self.world.wings.velocities[e.wing_fleet] if len(e.wing_fleet) else None
        return self._gather_all(slice(L.VEL, L.VEL + 3), wings)

    def positions(self, ids: np.ndarray) -> np.ndarray:
        if self._positions is None:
            self._positions = self.all_positions()
        return self._positions[ids]

    def velocities(self, ids: np.ndarray) -> np.ndarray:
        if self._velocities is None:
            self._velocities = self.all_velocities()
        return self._velocities[ids]

    def yaw(self, ids: np.ndarray) -> np.ndarray:
        """(n,) heading, rad, counter-clockwise from east (quads: body yaw; wings: course)."""
        out = np.empty(len(ids))
        qr, qi, wr, wi = self._split(ids)
        w, x, y, z = self.world.quads.state[L.QUAT:L.QUAT + 4, qi]
        out[qr] = np.arctan2(2.0 * (w * z + x * y), 1.0 - 2.0 * (y * y + z * z))
        out[wr] = self.world.wings.state[W.YAW, wi]
        return out

    def kill(self, ids: np.ndarray) -> None:
        self.invalidate()
        qr, qi, wr, wi = self._split(np.asarray(ids, dtype=np.int64))
        self.world.quads.state[L.ALIVE, qi] = 0.0
        self.world.wings.state[W.ALIVE, wi] = 0.0

    def command(self, ids: np.ndarray, values: np.ndarray, levels: np.ndarray) -> None:
        """Four command numbers and a control level per entity."""
        e = self.entities
        _scatter_commands(e.kind_array, e.fleet_array, np.asarray(ids, dtype=np.int64),
                          np.asarray(values, dtype=np.float64), np.asarray(levels, dtype=np.float64),
                          self.world.quads.cmd, self.world.wings.cmd, L.CMD_LEVEL, W.CMD_LEVEL)

    def commands(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The commands in force: (n, 4) values and (n,) levels."""
        values, levels = np.empty((len(ids), 4)), np.empty(len(ids))
        qr, qi, wr, wi = self._split(ids)
        values[qr], levels[qr] = self.world.quads.cmd[:4, qi].T, self.world.quads.cmd[L.CMD_LEVEL, qi]
        values[wr], levels[wr] = self.world.wings.cmd[:4, wi].T, self.world.wings.cmd[W.CMD_LEVEL, wi]
        return values, levels

    def activate(self, entity: int, airframe, position_m, yaw_rad: float, speed_mps: float) -> None:
        """Bring a parked body to life: a quad hovering, a fixed wing in level flight at speed."""
        self.invalidate()
        index = int(self.entities.fleet_array[entity])
        if self.entities.kind_array[entity] == Kind.QUADROTOR:
            fleet = self.world.quads
            column = initial_state_row(airframe, position_m, yaw_rad, True, self.world.atmosphere.gravity_mps2)
            column[L.GROUND_Z] = fleet.state[L.GROUND_Z, index]
            column[L.GUST:L.GUST + 3] = 0.0
            fleet.state[:, index] = column
            fleet.cmd[:, index] = [*position_m, yaw_rad, float(L.ControlLevel.POSITION)]
            if self.world.geometry is not None:
                self.world.quads.state[L.GROUND_Z, index] = self.world.geometry.terrain_height(
                    np.array([position_m[0]]), np.array([position_m[1]]))[0]
            return
        fleet = self.world.wings
        fleet.state[:, index] = 0.0
        fleet.state[W.POS:W.POS + 3, index] = position_m
        fleet.state[W.SPEED, index] = speed_mps
        fleet.state[W.YAW, index] = yaw_rad
        fleet.state[W.ALIVE, index] = 1.0
        fleet.cmd[:, index] = [speed_mps, yaw_rad, position_m[2], 0.0, float(W.FixedWingLevel.HEADING)]

    def soc(self, ids: np.ndarray) -> np.ndarray:
        """Battery state of charge (1 for fixed wings and packs not modelled)."""
        out = np.ones(len(ids))
        qr, qi, _, _ = self._split(ids)
        has_pack = self.world.quads.params[L.BAT_CAPACITY, qi] > 0
        out[qr] = np.where(has_pack, self.world.quads.state[L.SOC, qi], 1.0)
        return out


@njit(cache=True)
def _scatter_commands(kinds, fleet, ids, values, levels, quad_cmd, wing_cmd, quad_level_row, wing_level_row):
    """Write each entity's command into its fleet's column (called for every group, every tick)."""
    for row in range(ids.shape[0]):
        entity = ids[row]
        target, level_row = (quad_cmd, quad_level_row) if kinds[entity] == 0 else (wing_cmd, wing_level_row)
        column = fleet[entity]
        for k in range(4):
            target[k, column] = values[row, k]
        target[level_row, column] = levels[row]
