"""What the last tick decided: kills, misses, leakers, asset damage, crashes, flat batteries."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.engagement import distance_to_boxes, paired_closest_approach, proximity_hits
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
    side = loop.entities.side_array[flying]
    blue_rows, red_rows = np.flatnonzero(side == BLUE), np.flatnonzero(side == RED)
    blue, red = flying[blue_rows], flying[red_rows]
    t = loop.t_s
    for hit in proximity_hits(before[blue_rows], after[blue_rows], before[red_rows], after[red_rows],
                              loop.lethal_m[blue]):
        interceptor, threat = int(blue[hit.interceptor]), int(red[hit.threat])
        events.append({"t_s": t, "kind": "intercept", "entity_id": interceptor, "target_id": threat,
                       "miss_distance_m": round(hit.distance_m, 4)})
        loop.entities.set_status(interceptor, Status.EXPENDED)  # rammed or detonated
        loop.bodies.kill([interceptor])
        loop.post.release(interceptor)
        killed = loop.entities.status[threat] == FLYING and loop.kill_rng.uniform() < loop.kill_p[interceptor]
        if not killed:  # the warhead went off (or the ram connected) without destroying the threat
            events.append({"t_s": t, "kind": "miss", "entity_id": interceptor, "target_id": threat,
                           "miss_distance_m": round(hit.distance_m, 4)})
        else:
            loop.entities.set_status(threat, Status.KILLED)
            loop.bodies.kill([threat])
            x, y, z = (round(float(v), 3) for v in after[red_rows[hit.threat]])
            events.append({"t_s": t, "kind": "kill", "entity_id": threat, "by_id": interceptor,
                           "x_m": x, "y_m": y, "z_m": z,
                           "asset_distance_m": _nearest_asset_m(loop, after[red_rows[hit.threat]])})
    if slow:
        _misses(loop, blue, blue_rows, red, red_rows, before, after, events)


def _misses(loop, blue, blue_rows, red, red_rows, before, after, events) -> None:
    """Near passes of interceptors at their assigned threats that did not end in an intercept."""
    still = loop.entities.status[blue] == FLYING
    blue, blue_rows = blue[still], blue_rows[still]
    picture = loop.picture
    if blue.size == 0 or red.size == 0 or len(picture.track_ids) == 0:
        return
    # Assigned track -> the threat behind it -> that threat's row among the flying (-1: none).
    tracks = loop.post.targets_of(blue)
    order = np.argsort(picture.track_ids, kind="stable")
    slot = np.minimum(np.searchsorted(picture.track_ids[order], tracks), len(order) - 1)
    found = (tracks >= 0) & (picture.track_ids[order[slot]] == tracks)
    threat = np.where(found, picture.truth_ids[order[slot]], -1)
    red_row_of = np.full(len(loop.entities), -1, dtype=np.int64)
    red_row_of[red] = red_rows
    threat_row = np.where(threat >= 0, red_row_of[np.maximum(threat, 0)], -1)
    keep = np.flatnonzero(threat_row >= 0)
    if keep.size == 0:
        return
    rows_b, rows_r = blue_rows[keep], threat_row[keep]
    pairs = list(zip(blue[keep].tolist(), threat[keep].tolist()))
    ranges = np.linalg.norm(after[rows_r] - after[rows_b], axis=1)
    passes = paired_closest_approach(before[rows_b], after[rows_b], before[rows_r], after[rows_r])
    for interceptor, target, distance in loop.misses.update(pairs, ranges, passes):
        events.append({"t_s": loop.t_s, "kind": "miss", "entity_id": interceptor, "target_id": target,
                       "miss_distance_m": round(distance, 4)})


def _leakers(loop: "TrialLoop", events: list[dict]) -> None:
    assets = loop.setup.assets
    red = loop.entities.flying(Side.RED)
    if red.size == 0 or len(assets.names) == 0:
        return
    positions = loop.bodies.positions(red)
    distance = distance_to_boxes(positions, assets.center_m, assets.half_size_m, assets.yaw_rad)
    nearest = np.argmin(distance, axis=1)
    for row in np.flatnonzero(distance[np.arange(len(red)), nearest] <= loop.leak_radius_m):
        _leak(loop, int(red[row]), int(nearest[row]), events)


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
    still = flying[loop.entities.status[flying] == FLYING]
    for entity in still[loop.bodies.soc(still) <= 0.0]:
        loop.entities.set_status(entity, Status.OUT_OF_BATTERY)
        loop.post.release(int(entity))
        events.append({"t_s": loop.t_s, "kind": "out_of_battery", "entity_id": int(entity)})


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
