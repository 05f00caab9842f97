"""The compiled outcome kernels give exactly what the numpy code they replaced gave."""

from __future__ import annotations

import numpy as np
import pytest

from sim.dynamics import layout as L
from sim.engagement import _nearest_passes, boxes_within, distance_to_boxes, proximity_hits_by_side
from sim.entities import BLUE, FLYING, RED, Kind
from sim.outcomes import _any_flat_pack, _assigned_threat_rows, _flying_rows

SEEDS = range(40)


def _old_proximity_hits(flying, side, before, after, lethal_m):
    """The replaced _engagements + proximity_hits: split by side, nearest pass, within lethal radius."""
    blue_rows, red_rows = np.flatnonzero(side[flying] == BLUE), np.flatnonzero(side[flying] == RED)
    if blue_rows.size == 0 or red_rows.size == 0:
        return []
    nearest, best = _nearest_passes(before[blue_rows], after[blue_rows], before[red_rows], after[red_rows])
    hit = np.flatnonzero(best <= lethal_m[flying[blue_rows]])
    return [(int(blue_rows[i]), int(red_rows[nearest[i]]), float(best[i])) for i in hit]


def _bodies(rng, n_entities, n_flying, spread_m):
    side = rng.choice([BLUE, RED, 2], size=n_entities).astype(np.int8)  # 2: a third side, ignored
    flying = np.sort(rng.choice(n_entities, size=n_flying, replace=False)).astype(np.int64)
    before = rng.uniform(-spread_m, spread_m, size=(n_flying, 3))
    # steps of a tick, some straight at each other (exact hits), some repeated positions (ties)
    after = before + rng.normal(scale=4.0, size=(n_flying, 3))
    if n_flying > 3:
        after[1] = before[2]
        before[3] = before[0]
    return side, flying, before, after


@pytest.mark.parametrize("seed", SEEDS)
def test_proximity_hits_by_side_matches_the_numpy_split(seed):
    rng = np.random.default_rng(seed)
    n_entities = int(rng.integers(1, 300))
    side, flying, before, after = _bodies(rng, n_entities, int(rng.integers(0, n_entities + 1)),
                                          spread_m=float(rng.choice([5.0, 30.0, 2000.0])))
    lethal_m = rng.uniform(0.5, 12.0, size=n_entities)
    hits, distances = proximity_hits_by_side(flying, side, BLUE, RED, before, after, lethal_m)
    got = [(int(a), int(b), float(d)) for (a, b), d in zip(hits, distances)]
    assert got == _old_proximity_hits(flying, side, before, after, lethal_m)


def test_proximity_hits_by_side_on_the_lethal_radius_edge():
    # each interceptor's radius exactly at its nearest pass, and a hair either side of it
    rng = np.random.default_rng(7)
    side, flying, before, after = _bodies(rng, 120, 120, spread_m=200.0)
    blue_rows, red_rows = np.flatnonzero(side[flying] == BLUE), np.flatnonzero(side[flying] == RED)
    _, best = _nearest_passes(before[blue_rows], after[blue_rows], before[red_rows], after[red_rows])
    for scale in (1.0, 1.0 + 2.0 ** -52, 1.0 - 2.0 ** -53):
        lethal_m = np.zeros(120)
        lethal_m[flying[blue_rows]] = best * scale
        hits, distances = proximity_hits_by_side(flying, side, BLUE, RED, before, after, lethal_m)
        got = [(int(a), int(b), float(d)) for (a, b), d in zip(hits, distances)]
        assert got == _old_proximity_hits(flying, side, before, after, lethal_m)
        assert (len(got) == len(blue_rows)) == (scale >= 1.0)


def _old_leaks(points, center, half_size, yaw, radius_m):
    distance = distance_to_boxes(points, center, half_size, yaw)
    nearest = np.argmin(distance, axis=1)
    rows = np.flatnonzero(distance[np.arange(len(points)), nearest] <= radius_m)
    return rows.tolist(), nearest[rows].tolist()


@pytest.mark.parametrize("seed", SEEDS)
def test_boxes_within_matches_argmin_of_the_distance_matrix(seed):
    rng = np.random.default_rng(seed)
    n_points, n_boxes = int(rng.integers(1, 200)), int(rng.integers(1, 6))
    points = rng.uniform(-60, 60, size=(n_points, 3))
    center = rng.uniform(-40, 40, size=(n_boxes, 3))
    half_size = rng.uniform(1, 15, size=(n_boxes, 3))
    yaw = rng.uniform(-np.pi, np.pi, size=n_boxes)
    if n_boxes > 1:  # equal distances to two boxes: the first wins
        center[1], half_size[1], yaw[1] = center[0], half_size[0], yaw[0]
    points[rng.random(n_points) < 0.05] = np.nan  # a body whose state stopped being finite
    radius_m = float(rng.choice([0.0, 3.0, 25.0]))
    rows, nearest = boxes_within(points, center, half_size, yaw, radius_m)
    assert (rows.tolist(), nearest.tolist()) == _old_leaks(points, center, half_size, yaw, radius_m)


def _old_assigned(flying, side, status, tracks_of, track_ids, truth_ids, n_entities):
    """The replaced _misses selection: still-flying blue, assigned track -> threat -> its row."""
    blue_rows = np.flatnonzero(side[flying] == BLUE)
    red_rows = np.flatnonzero(side[flying] == RED)
    blue, red = flying[blue_rows], flying[red_rows]
    still = status[blue] == FLYING
    blue, blue_rows = blue[still], blue_rows[still]
    if blue.size == 0 or red.size == 0 or len(track_ids) == 0:
        return [], []
    tracks = np.array([tracks_of.get(int(e), -1) for e in blue], dtype=np.int64)
    order = np.argsort(track_ids, kind="stable")
    slot = np.minimum(np.searchsorted(track_ids[order], tracks), len(order) - 1)
    found = (tracks >= 0) & (track_ids[order[slot]] == tracks)
    threat = np.where(found, truth_ids[order[slot]], -1)
    red_row_of = np.full(n_entities, -1, dtype=np.int64)
    red_row_of[red] = red_rows
    threat_row = np.where(threat >= 0, red_row_of[np.maximum(threat, 0)], -1)
    keep = np.flatnonzero(threat_row >= 0)
    return blue_rows[keep].tolist(), threat_row[keep].tolist()


@pytest.mark.parametrize("seed", SEEDS)
def test_assigned_threat_rows_match_the_sorted_lookup(seed):
    rng = np.random.default_rng(seed)
    n_entities = int(rng.integers(1, 200))
    side = rng.choice([BLUE, RED], size=n_entities).astype(np.int8)
    status = rng.choice([FLYING, FLYING, FLYING, 0], size=n_entities).astype(np.int8)
    flying = np.sort(rng.choice(n_entities, size=int(rng.integers(0, n_entities + 1)), replace=False))
    n_tracks = int(rng.integers(0, 40))
    track_ids = rng.integers(0, 30, size=n_tracks).astype(np.int64)  # repeats: the first entry counts
    truth_ids = rng.integers(-1, n_entities, size=n_tracks).astype(np.int64)  # -1: false track
    tracks_of = {int(e): int(rng.integers(-1, 32)) for e in range(n_entities) if rng.random() < 0.8}

    blue_rows = _flying_rows(flying, side, status, BLUE)
    got = ([], [])
    if blue_rows.size and n_tracks:
        tracks = np.array([tracks_of.get(int(e), -1) for e in flying[blue_rows]], dtype=np.int64)
        rows_b, rows_r = _assigned_threat_rows(flying, side, RED, blue_rows, tracks, track_ids, truth_ids, n_entities)
        got = (rows_b.tolist(), rows_r.tolist())
    assert got == _old_assigned(flying, side, status, tracks_of, track_ids, truth_ids, n_entities)


@pytest.mark.parametrize("seed", SEEDS)
def test_any_flat_pack_is_what_soc_reports(seed):
    rng = np.random.default_rng(seed)
    n_entities, n_quads = 60, 40
    kind = rng.choice([int(Kind.QUADROTOR), int(Kind.FIXED_WING)], size=n_entities).astype(np.int8)
    fleet = rng.integers(0, n_quads, size=n_entities)
    status = rng.choice([FLYING, 0], size=n_entities).astype(np.int8)
    params = np.zeros((L.BAT_CAPACITY + 1, n_quads))
    params[L.BAT_CAPACITY] = rng.choice([0.0, 1000.0], size=n_quads)
    state = np.ones((L.SOC + 1, n_quads))
    state[L.SOC] = rng.choice([1.0, 0.3, 0.0, -0.01, np.nan], size=n_quads, p=[0.6, 0.3, 0.04, 0.03, 0.03])
    flying = np.flatnonzero(rng.random(n_entities) < 0.7)
    # the replaced check, as Bodies.soc computes it: 1 for fixed wings and packs not modelled
    still = flying[status[flying] == FLYING]
    quad = kind[still] == Kind.QUADROTOR
    soc = np.ones(len(still))
    i = fleet[still[quad]]
    soc[quad] = np.where(params[L.BAT_CAPACITY, i] > 0, state[L.SOC, i], 1.0)
    assert _any_flat_pack(flying, status, kind, fleet, params, state) == bool((soc <= 0.0).any())
