"""What the last tick decided: kills, misses, leakers, asset damage, crashes, flat batteries."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numba import njit

from sim.dynamics import layout as L
from sim.engagement import boxes_within, paired_closest_approach, proximity_hits_by_side
from sim.entities import BLUE, FLYING, RED, Kind, Side, Status
from sim.world import NUMERICAL

# crash event causes by Crash.obstacle; any box (k > 0) is a "building"
_CRASH_CAUSES = {0: "ground", NUMERICAL: "numerical"}

if TYPE_CHECKING:
    from sim.loop import TrialLoop


def _nearest_asset_m(loop: "TrialLoop", point: np.ndarray) -> float | None:
    assets = loop.setup.assets
    if len(assets.names) == 0:
        return None
    return round(float(np.min(np.linalg.norm(assets.center_m[:, :2] - point[:2], axis=1))), 3)


def _engagements(loop: "TrialLoop", flying: np.ndarray, before: np.ndarray, after: np.ndarray,
                 events: list[dict], slow: bool) -> None:
    """Interceptors that passed inside their lethal radius of a threat (rare: almost every tick finds none)."""
    t = loop.t_s
    hits, distances = proximity_hits_by_side(flying, loop.entities.side_array, BLUE, RED, before, after,
                                             loop.lethal_m)
    for (interceptor_row, threat_row), distance in zip(hits.tolist(), distances.tolist()):
        interceptor, threat = int(flying[interceptor_row]), int(flying[threat_row])
        events.append({"t_s": t, "kind": "intercept", "entity_id": interceptor, "target_id": threat,
                       "miss_distance_m": round(distance, 4)})
        loop.entities.set_status(interceptor, Status.EXPENDED)  # rammed or detonated
        loop.bodies.kill([interceptor])
        loop.post.release(interceptor)
        killed = loop.entities.status[threat] == FLYING and loop.kill_rng.uniform() < loop.kill_p[interceptor]
        if not killed:  # the warhead went off (or the ram connected) without destroying the threat
            events.append({"t_s": t, "kind": "miss", "entity_id": interceptor, "target_id": threat,
                           "miss_distance_m": round(distance, 4)})
        else:
            loop.entities.set_status(threat, Status.KILLED)
            loop.bodies.kill([threat])
            x, y, z = (round(float(v), 3) for v in after[threat_row])
            events.append({"t_s": t, "kind": "kill", "entity_id": threat, "by_id": interceptor,
                           "x_m": x, "y_m": y, "z_m": z,
                           "asset_distance_m": _nearest_asset_m(loop, after[threat_row])})
    if slow:
        _misses(loop, flying, before, after, events)


def _misses(loop: "TrialLoop", flying: np.ndarray, before: np.ndarray, after: np.ndarray,
            events: list[dict]) -> None:
    """Near passes of interceptors at their assigned threats that did not end in an intercept."""
    entities, picture = loop.entities, loop.picture
    blue_rows = _flying_rows(flying, entities.side_array, entities.status, BLUE)
    if blue_rows.size == 0 or len(picture.track_ids) == 0:
        return
    tracks = loop.post.targets_of(flying[blue_rows])
    rows_b, rows_r = _assigned_threat_rows(flying, entities.side_array, RED, blue_rows, tracks,
                                           picture.track_ids, picture.truth_ids, len(entities))
    if rows_b.size == 0:
        return
    pairs = list(zip(flying[rows_b].tolist(), flying[rows_r].tolist()))
    a0, a1, b0, b1 = before[rows_b], after[rows_b], before[rows_r], after[rows_r]
    ranges = np.linalg.norm(b1 - a1, axis=1)
    passes = paired_closest_approach(a0, a1, b0, b1)  # numpy, not compiled: einsum's summation order
    for interceptor, target, distance in loop.misses.update(pairs, ranges, passes):
        events.append({"t_s": loop.t_s, "kind": "miss", "entity_id": interceptor, "target_id": target,
                       "miss_distance_m": round(distance, 4)})


@njit(cache=True)
def _flying_rows(ids, side, status, want_side):
    """Rows of `ids` still flying on side `want_side` (status changes during the tick)."""
    rows = np.empty(ids.shape[0], dtype=np.int64)
    n = 0
    for row in range(ids.shape[0]):
        if side[ids[row]] == want_side and status[ids[row]] == FLYING:
            rows[n] = row
            n += 1
    return rows[:n]


@njit(cache=True)
def _assigned_threat_rows(ids, side, threat_side, rows, tracks, track_ids, truth_ids, n_entities):
    """For the bodies ids[rows] with assigned tracks `tracks` (-1: none), the ones whose track is of
    a threat among `ids` (on `threat_side` when the tick started): their rows and that threat's row.

    A track id found more than once resolves to its first entry; false tracks have truth id -1.
    """
    row_of = np.full(n_entities, -1, dtype=np.int64)  # entity id -> its row in ids, threats only
    for row in range(ids.shape[0]):
        if side[ids[row]] == threat_side:
            row_of[ids[row]] = row
    out_rows = np.empty(rows.shape[0], dtype=np.int64)
    out_threat_rows = np.empty(rows.shape[0], dtype=np.int64)
    n = 0
    for k in range(rows.shape[0]):
        if tracks[k] < 0:
            continue
        for m in range(track_ids.shape[0]):
            if track_ids[m] == tracks[k]:
                threat = truth_ids[m]
                if threat >= 0 and row_of[threat] >= 0:
                    out_rows[n], out_threat_rows[n] = rows[k], row_of[threat]
                    n += 1
                break
    return out_rows[:n], out_threat_rows[:n]


def _leakers(loop: "TrialLoop", events: list[dict]) -> None:
    assets = loop.setup.assets
    red = loop.entities.flying(Side.RED)
    if red.size == 0 or len(assets.names) == 0:
        return
    rows, nearest = boxes_within(loop.bodies.positions(red), assets.center_m, assets.half_size_m, assets.yaw_rad,
                                 loop.leak_radius_m)
    for row, asset in zip(rows.tolist(), nearest.tolist()):
        _leak(loop, int(red[row]), asset, events)


def _leak(loop: "TrialLoop", threat: int, asset: int, events: list[dict]) -> None:
    """A threat reached an asset: it is spent and the asset takes its damage."""
    assets = loop.setup.assets
    damage = loop.warhead_kg[threat] if loop.setup.resolved.scenario.rules.asset_damage == "warhead_kg" else 1.0
    damage = min(damage, assets.hit_points[asset])
    damage_eur = assets.value_eur[asset] * damage / loop.asset_hit_points_total[asset]
    assets.hit_points[asset] -= damage
    loop.entities.set_status(threat, Status.LEAKED)
    loop.bodies.kill([threat])
    name = assets.names[asset]
    events.append({"t_s": loop.t_s, "kind": "leaker", "entity_id": threat, "asset": name})
    events.append({"t_s": loop.t_s, "kind": "asset_hit", "asset": name, "entity_id": threat,
                   "damage_eur": round(float(damage_eur), 2), "hit_points_left": float(assets.hit_points[asset])})


def _crashes(loop: "TrialLoop", crashes, events: list[dict]) -> None:
    if not crashes:
        return
    n_buildings = len(loop.setup.resolved.scenario.area.buildings)
    for crash in crashes:
        kind = Kind.QUADROTOR if crash.kind == "quadrotor" else Kind.FIXED_WING
        entity = int(loop.entities.entity_of[kind][crash.index])
        if loop.entities.status[entity] != FLYING:
            continue
        asset = crash.obstacle - 1 - n_buildings  # boxes: buildings first, then assets (NUMERICAL < 0)
        if loop.entities.side_array[entity] == RED and asset >= 0:
            _leak(loop, entity, asset, events)  # dived into the asset itself
            continue
        loop.entities.set_status(entity, Status.CRASHED)
        loop.post.release(entity)
        x, y, z = (round(float(v), 3) for v in crash.point_m)
        events.append({"t_s": loop.t_s, "kind": "crash", "entity_id": entity,
                       "cause": _CRASH_CAUSES.get(crash.obstacle, "building"), "x_m": x, "y_m": y, "z_m": z})


def _batteries(loop: "TrialLoop", flying: np.ndarray, events: list[dict]) -> None:
    e, quads = loop.entities, loop.world.quads
    if not _any_flat_pack(flying, e.status, e.kind_array, e.fleet_array, quads.params, quads.state):
        return  # the common case, decided without gathering every body's charge
    still = flying[loop.entities.status[flying] == FLYING]
    for entity in still[loop.bodies.soc(still) <= 0.0]:
        loop.entities.set_status(entity, Status.OUT_OF_BATTERY)
        loop.post.release(int(entity))
        events.append({"t_s": loop.t_s, "kind": "out_of_battery", "entity_id": int(entity)})


_QUADROTOR = int(Kind.QUADROTOR)


@njit(cache=True)
def _any_flat_pack(ids, status, kind, fleet, quad_params, quad_state):
    """Whether any of `ids` still flying is a quadrotor with a modelled pack at zero charge
    (exactly the bodies Bodies.soc reports <= 0)."""
    for e in ids:
        if status[e] == FLYING and kind[e] == _QUADROTOR:
            i = fleet[e]
            if quad_params[L.BAT_CAPACITY, i] > 0 and quad_state[L.SOC, i] <= 0.0:
                return True
    return False


def resolve_tick(loop: "TrialLoop", flying: np.ndarray, before: np.ndarray, crashes, events: list[dict],
                 slow: bool = True) -> None:
    """Apply the consequences of the physics step that moved `flying` from `before`.

    Kills and crashes every tick; misses, leakers and batteries on slow ticks
    (a threat that dives into an asset between two slow ticks crashes into
    its box, which counts as reaching it).
    """
    after = loop.bodies.positions(flying)
    _engagements(loop, flying, before, after, events, slow)
    if slow:
        _leakers(loop, events)
    _crashes(loop, crashes, events)
    if slow:
        _batteries(loop, flying, events)
