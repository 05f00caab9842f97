"""Acoustic network: nearest-node lookup, Pd against distance to the nearest node, latency."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.scenario_sensors import Grid
from sim.sensors.acoustic import AcousticNetwork
from sim.sensors.nodes import GridNodes, ListNodes

from .builders import acoustic, flat, targets


def _brute(nodes_xy: np.ndarray, xy: np.ndarray) -> np.ndarray:
    d2 = ((xy[:, None, :] - nodes_xy[None]) ** 2).sum(axis=-1)
    return d2.min(axis=1)


@pytest.mark.parametrize("layout", ["uniform", "clustered", "line", "single"])
def test_binned_nearest_node_matches_brute_force(layout):
    rng = np.random.default_rng(7)
    nodes = {"uniform": rng.uniform(-5000, 5000, (3000, 2)),
             "clustered": np.concatenate([rng.normal(0, 30, (1500, 2)), rng.normal(4000, 500, (500, 2))]),
             "line": np.column_stack([np.linspace(-3000, 3000, 500), np.zeros(500)]),
             "single": np.array([[10.0, -20.0]])}[layout]
    queries = rng.uniform(-9000, 9000, (700, 2))  # many outside the nodes' box
    index = ListNodes(nodes, np.zeros(len(nodes)))
    node, d2 = index.nearest(queries)
    np.testing.assert_allclose(d2, _brute(nodes, queries), rtol=1e-12)
    np.testing.assert_allclose(((node[:, :2] - queries) ** 2).sum(axis=1), d2, rtol=1e-12)


def test_grid_nearest_node_is_arithmetic_and_exact():
    grid = Grid(center_m=[100.0, -50.0], size_m=[2000.0, 1000.0], spacing_m=250.0)
    index = GridNodes(grid, np.zeros(np.prod(grid.shape())))
    queries = np.random.default_rng(8).uniform(-3000, 3000, (500, 2))
    node, d2 = index.nearest(queries)
    np.testing.assert_allclose(d2, _brute(np.array(grid.nodes()), queries), rtol=1e-12, atol=1e-9)


def _network(**kw) -> AcousticNetwork:
    return AcousticNetwork(0, acoustic(**kw), flat, None)


def test_detection_probability_falls_with_distance_from_the_nearest_node():
    net = _network(nodes_m=[[0.0, 0.0], [5000.0, 0.0]], height_m=2.0,
                   detection={"range_m": 500.0, "pd_max": 0.95, "slope_per_db": 0.5})
    x = np.linspace(0.0, 5000.0, 101)
    pos = np.column_stack([x, np.zeros_like(x), np.full_like(x, 2.0)])
    pd = net.detection_probability(pos, np.full(len(x), 100.0))
    half = len(x) // 2
    assert np.all(np.diff(pd[: half + 1]) < 0)  # walking away from node 0...
    assert np.all(np.diff(pd[half:]) > 0)  # ...then towards node 1, the nearest from there on
    assert pd[10] == pytest.approx(0.475)  # 500 m from a node: the 50 % range, pd_max / 2
    # louder sources carry further: +20 dB = ten times the range
    assert net.detection_probability(np.array([[0.0, 5000.0, 2.0]]), np.array([120.0]))[0] == pytest.approx(0.475)


def test_measured_hearing_rate_matches_pd_near_and_far():
    net = _network(grid={"center_m": [0.0, 0.0], "size_m": [20_000.0, 20_000.0], "spacing_m": 2000.0},
                   detection={"range_m": 400.0, "pd_max": 0.9})
    n = 5000
    rates = []
    for offset in (100.0, 400.0, 900.0):  # plan distance from node (0, 0), flying at 2 m (the mast height)
        tg = targets(np.tile([offset, 0.0, 2.0], (n, 1)))
        det = net.look(0.0, tg, np.random.default_rng(int(offset)), 1.0)
        want = net.detection_probability(tg.positions_m[:1], tg.sound_level_db[:1])[0]
        assert len(det) / n == pytest.approx(want, abs=4 * np.sqrt(want * (1 - want) / n) + 1e-3)
        rates.append(len(det) / n)
    assert rates[0] > rates[1] > rates[2]


def test_fix_is_where_the_target_was_latency_ago_and_stamped_then():
    net = _network(nodes_m=[[0.0, 0.0]], latency_s=2.0, position_noise_m=0.0,
                   detection={"range_m": 5000.0, "pd_max": 1.0, "slope_per_db": 5.0})
    tg = targets([[300.0, 200.0, 80.0]], [[50.0, -10.0, 0.0]], ids=[9])
    det = net.look(12.0, tg, np.random.default_rng(0), 1.0)
    assert det.t_s == 10.0 and det.truth_ids.tolist() == [9]
    np.testing.assert_allclose(det.positions_m[0], [200.0, 220.0, 80.0], atol=1e-9)


def test_grid_and_node_list_together_use_the_nearest_of_both():
    net = _network(grid={"center_m": [0.0, 0.0], "size_m": [1000.0, 1000.0], "spacing_m": 500.0},
                   nodes_m=[[3000.0, 0.0]])
    assert net.node_count == 10
    np.testing.assert_allclose(net.nearest_node(np.array([[2900.0, 0.0], [400.0, 450.0]]))[:, :2],
                               [[3000.0, 0.0], [500.0, 500.0]])
    np.testing.assert_allclose(net.nearest_node(np.array([[0.0, 0.0]]))[:, 2], [2.0])  # mast on flat ground


def test_false_alarms_appear_near_nodes_at_the_poisson_rate():
    net = _network(grid={"center_m": [0.0, 0.0], "size_m": [4000.0, 4000.0], "spacing_m": 1000.0},
                   detection={"range_m": 300.0, "false_alarms_per_hour": 3600.0 * 2})
    rng = np.random.default_rng(1)
    looks = [net.look(float(t), targets(np.empty((0, 3))), rng, 1.0) for t in range(500)]
    counts = np.array([len(d) for d in looks])
    assert counts.mean() == pytest.approx(2.0, abs=0.25) and all((d.truth_ids == -1).all() for d in looks)
    pts = np.concatenate([d.positions_m for d in looks])
    near = net.nearest_node(pts[:, :2])
    assert np.all(np.hypot(*(pts[:, :2] - near[:, :2]).T) <= 300.0 + 1e-9)
