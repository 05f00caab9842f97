"""Static geometry in pybullet: line of sight, crashes, terrain, isolation."""

from __future__ import annotations

import numpy as np
import pytest

import sim.geometry as geometry
from sim.geometry import MAX_RAYS_PER_CALL, Box, Heightmap, StaticGeometry

# A 20 m cube building centred 50 m east of the origin, standing on the ground.
BUILDING = Box(center_xyz_m=(50.0, 0.0, 10.0), size_xyz_m=(20.0, 20.0, 20.0), name="hall")


@pytest.fixture
def town():
    with StaticGeometry("flat", [BUILDING]) as geo:
        yield geo


def _count_ray_calls(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = geometry.pb.rayTestBatch

    def counting(a, b, *args, **kwargs):
        calls.append(len(a))
        return real(a, b, *args, **kwargs)

    monkeypatch.setattr(geometry.pb, "rayTestBatch", counting)
    return calls


# ---------------------------------------------------------------- line of sight
def test_building_hides_target_behind_it_but_not_beside_it(town):
    sensor = np.array([[0.0, 0.0, 5.0], [0.0, 0.0, 5.0]])
    target = np.array([[100.0, 0.0, 5.0], [100.0, 30.0, 5.0]])  # behind, beside
    assert town.line_of_sight(sensor, target).tolist() == [False, True]


def test_target_standing_on_ground_is_visible(town):
    # Its reference point 1 mm into the ground (rounding) must not hide it.
    sensor = np.array([[0.0, -50.0, 30.0], [0.0, -50.0, 30.0]])
    target = np.array([[10.0, 0.0, -0.001], [10.0, 0.0, -1.0]])  # on / well under the ground
    assert town.line_of_sight(sensor, target).tolist() == [True, False]


def test_yawed_box_blocks_where_its_rotated_footprint_is():
    # A 40 x 2 m wall along y, yawed 90 degrees, lies along x instead.
    wall = Box((0.0, 20.0, 5.0), (2.0, 40.0, 10.0), yaw_rad=np.pi / 2)
    with StaticGeometry("flat", [wall]) as geo:
        a = np.array([[15.0, 0.0, 3.0], [30.0, 0.0, 3.0]])
        b = np.array([[15.0, 40.0, 3.0], [30.0, 40.0, 3.0]])  # x=15 crosses it, x=30 not
        assert geo.line_of_sight(a, b).tolist() == [False, True]
        hit, _, what = geo.crashes(np.array([[15.0, 20.0, 20.0]]), np.array([[15.0, 20.0, 8.0]]))
        assert hit[0] and what[0] == 1
    # Yawed 45 degrees the wall's long axis runs north-east: a body moving
    # inside it (the ray sees nothing) is caught by the numpy containment test.
    diagonal = Box((0.0, 20.0, 5.0), (40.0, 2.0, 10.0), yaw_rad=np.pi / 4)
    with StaticGeometry("flat", [diagonal]) as geo:
        along = np.array([np.cos(np.pi / 4), np.sin(np.pi / 4), 0.0])
        across = np.array([-along[1], along[0], 0.0])
        centre = np.array([0.0, 20.0, 5.0])
        pts = centre + np.array([15 * along + 0.5 * across, 15 * across, 20.5 * along])
        hit, _, what = geo.crashes(pts, pts + 0.05)  # inside, beside, just past the end
        assert hit.tolist() == [True, False, False] and what.tolist() == [1, -1, -1]


# ---------------------------------------------------------------------- crashes
def test_fast_body_tunnelling_through_ground_is_caught(town):
    # 60 m/s descent at 240 Hz never has an endpoint exactly on z = 0.
    prev = np.array([[-10.0, 5.0, 0.1]])
    pos = np.array([[-9.0, 5.0, -0.15]])
    hit, point, what = town.crashes(prev, pos)
    assert hit[0] and what[0] == 0
    np.testing.assert_allclose(point[0], [-9.6, 5.0, 0.0], atol=1e-6)


def test_crash_into_box_reports_box_and_wall_point(town):
    prev = np.array([[35.0, 1.0, 4.0], [35.0, 30.0, 4.0]])
    pos = np.array([[45.0, 1.0, 4.0], [45.0, 30.0, 4.0]])  # second passes beside
    hit, point, what = town.crashes(prev, pos)
    assert hit.tolist() == [True, False]
    assert what.tolist() == [1, -1]
    np.testing.assert_allclose(point[0], [40.0, 1.0, 4.0], atol=1e-3)
    assert np.isnan(point[1]).all()


@pytest.mark.parametrize("clearance_m", [0.05, 1.0])  # inside / outside the prefilter margin
def test_no_false_crash_passing_just_above_box(town, clearance_m):
    z = 20.0 + clearance_m
    hit, _, what = town.crashes(np.array([[30.0, 0.0, z]]), np.array([[70.0, 0.0, z]]))
    assert not hit[0] and what[0] == -1


def test_endpoint_below_ground_or_inside_box_counts_even_if_ray_misses(town):
    prev = np.array([[0.0, 0.0, -1.0], [50.0, 0.0, 10.0]])  # already below / inside
    pos = np.array([[1.0, 0.0, -2.0], [51.0, 0.0, 10.0]])
    hit, point, what = town.crashes(prev, pos)
    assert hit.tolist() == [True, True]
    assert what.tolist() == [0, 1]
    np.testing.assert_allclose(point[0], [1.0, 0.0, 0.0])


def test_open_air_is_answered_without_pybullet(town, monkeypatch):
    calls = _count_ray_calls(monkeypatch)
    rng = np.random.default_rng(1)
    prev = np.column_stack([rng.uniform(-500, 500, (1000, 2)), rng.uniform(30, 100, 1000)])
    hit, _, what = town.crashes(prev, prev + rng.normal(0, 0.2, (1000, 3)))
    assert not hit.any() and (what == -1).all()
    assert calls == []
    # Near the building only the candidates go to pybullet.
    near = prev.copy()
    near[:3] = [[39.5, 0.0, 5.0], [0.0, 0.0, 0.05], [50.0, -15.0, 5.0]]  # wall, ground, beside
    hit, _, _ = town.crashes(near, near + np.array([1.0, 0.0, -0.1]))
    assert calls == [2]
    assert hit.tolist() == [True, True] + [False] * 998


# ---------------------------------------------------------------------- terrain
def _hill() -> Heightmap:
    # Not square and tilted east-up, so a transposed grid would show.
    x, y = np.arange(-20, 21) * 5.0, np.arange(-15, 16) * 5.0  # +-100 m E, +-75 m N
    xx, yy = np.meshgrid(x, y)  # heights[iy, ix]
    return Heightmap(30.0 * np.exp(-(xx**2 + yy**2) / (2 * 25.0**2)) + 0.05 * xx, 5.0)


def test_hill_blocks_line_of_sight():
    with StaticGeometry(_hill()) as geo:
        a = np.array([[-90.0, 0.0, 3.0], [-90.0, 0.0, 3.0]])
        b = np.array([[90.0, 0.0, 3.0], [-90.0, 90.0, 3.0]])  # across / around the hill
        assert geo.line_of_sight(a, b).tolist() == [False, True]


def test_terrain_height_matches_grid_nodes_and_rays_between_them():
    hm = _hill()
    with StaticGeometry(hm) as geo:
        ix, iy = np.array([0, 7, 20, 33, 40]), np.array([3, 20, 15, 11, 30])
        x0, y0 = hm.origin_xy_m
        z = geo.terrain_height(x0 + ix * 5.0, y0 + iy * 5.0)
        np.testing.assert_allclose(z, hm.heights_m[iy, ix], atol=1e-9)
        rng = np.random.default_rng(2)
        xy = rng.uniform([-99.0, -74.0], [99.0, 74.0], (2000, 2))
        top, bottom = np.full(2000, 200.0), np.full(2000, -50.0)
        hit, point, what = geo.crashes(np.column_stack([xy, top]), np.column_stack([xy, bottom]))
        assert hit.all() and (what == 0).all()
        np.testing.assert_allclose(geo.terrain_height(xy[:, 0], xy[:, 1]), point[:, 2], atol=1e-4)


def test_terrain_is_triangles_not_bilinear_inside_a_cell():
    # One raised corner (north-east). Bilinear would give 0.25 at the cell
    # centre; Bullet splits along the diagonal between the two zero corners
    # (south-east, north-west), so the centre is 0 and only the north-east
    # triangle rises.
    hm = Heightmap(np.array([[0.0, 0.0], [0.0, 1.0]]), 2.0)  # h[iy=1, ix=1] = 1
    with StaticGeometry(hm) as geo:
        xy = np.array([[0.0, 0.0], [0.5, 0.5], [-0.5, -0.5], [0.9, 0.9]])
        expected = [0.0, 0.5, 0.0, 0.9]
        np.testing.assert_allclose(geo.terrain_height(xy[:, 0], xy[:, 1]), expected, atol=1e-9)
        _, point, _ = geo.crashes(
            np.column_stack([xy, np.full(4, 5.0)]), np.column_stack([xy, np.full(4, -5.0)])
        )
        np.testing.assert_allclose(point[:, 2], expected, atol=1e-4)


def test_outside_heightmap_ground_is_floor_at_lowest_height():
    hm = Heightmap(np.array([[2.0, 3.0], [4.0, 5.0]]), 10.0)
    with StaticGeometry(hm) as geo:
        assert geo.terrain_height(np.array([100.0]), np.array([0.0]))[0] == 2.0
        hit, point, _ = geo.crashes(np.array([[100.0, 0.0, 5.0]]), np.array([[100.0, 0.0, 0.0]]))
        assert hit[0] and point[0, 2] == pytest.approx(2.0)


# -------------------------------------------------------------- isolation/batch
def test_two_instances_answer_independently_and_survive_each_other():
    a = StaticGeometry("flat", [BUILDING])
    b = StaticGeometry("flat", [Box((0.0, 50.0, 10.0), (20.0, 20.0, 20.0))])
    ray_from = np.array([[0.0, 0.0, 5.0]] * 2)
    ray_to = np.array([[100.0, 0.0, 5.0], [0.0, 100.0, 5.0]])  # east, north
    assert a.line_of_sight(ray_from, ray_to).tolist() == [False, True]
    assert b.line_of_sight(ray_from, ray_to).tolist() == [True, False]
    a.close()
    assert b.line_of_sight(ray_from, ray_to).tolist() == [True, False]
    with pytest.raises(RuntimeError, match="closed"):
        a.line_of_sight(ray_from, ray_to)
    # A new client may reuse a's id; b must still see only its own box.
    with StaticGeometry("flat", []) as c:
        assert c.line_of_sight(ray_from, ray_to).tolist() == [True, True]
        assert b.line_of_sight(ray_from, ray_to).tolist() == [True, False]
    b.close()


def _alternating_segments(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Even rows cross the building's west wall; odd rows graze 5 cm beside it
    (inside the prefilter margin, so they reach pybullet too) and miss."""
    y = np.where(np.arange(n) % 2 == 0, np.linspace(-5, 5, n), 10.05)
    z = np.linspace(1.0, 15.0, n)
    return np.column_stack([np.full(n, 30.0), y, z]), np.column_stack([np.full(n, 45.0), y, z])


def test_batch_of_2000_segments_is_chunked_and_stays_aligned(monkeypatch):
    calls = _count_ray_calls(monkeypatch)
    prev, pos = _alternating_segments(2000)
    with StaticGeometry("flat", [BUILDING], max_rays_per_call=256) as geo:
        hit, point, what = geo.crashes(prev, pos)
    assert max(calls) <= 256 and sum(calls) == 2000
    assert hit.tolist() == [i % 2 == 0 for i in range(2000)]
    np.testing.assert_allclose(point[::2, 0], 40.0, atol=1e-3)
    np.testing.assert_allclose(point[::2, 1:], prev[::2, 1:], atol=1e-9)


def test_batches_beyond_pybullet_limit_lose_no_rays():
    n = MAX_RAYS_PER_CALL + 2  # exactly 16384 in one call would drop a ray
    prev, pos = _alternating_segments(n)
    with StaticGeometry("flat", [BUILDING]) as geo:
        hit, _, _ = geo.crashes(prev, pos)
    assert hit.tolist() == [i % 2 == 0 for i in range(n)]


def test_bad_inputs_are_rejected(town):
    with pytest.raises(ValueError):
        town.crashes(np.zeros((3, 2)), np.zeros((3, 2)))
    with pytest.raises(ValueError):
        StaticGeometry("hilly")
    with pytest.raises(ValueError):
        Heightmap(np.zeros(5), 1.0)
