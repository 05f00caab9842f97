"""The suite as the engine sees it: look schedule, events, determinism, sites on the terrain."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.scenario_sensors import Sensors
from sim.sensors import SensorSuite, TrackPicture

from .builders import NO_TARGETS, acoustic, eo_ir, fly, kinds, radar, suite, targets

SURE = {"range_m": 20_000.0, "pd_max": 1.0, "slope_per_db": 2.0}


def _count_looks(s: SensorSuite, dt_s: float, seconds: float) -> list[int]:
    counts = [0] * len(s._units)
    for k, unit in enumerate(s._units):
        real = unit.look

        def counting(*args, _k=k, _real=real):
            counts[_k] += 1
            return _real(*args)

        unit.look = counting
    for t in np.arange(0.0, seconds - 1e-9, dt_s):
        s.update(float(t), NO_TARGETS)
    return counts


def test_each_sensor_looks_at_its_own_rate():
    s = suite(radar("fast", update_hz=2.0), radar("slow", update_hz=0.5),
              acoustic(nodes_m=[[0.0, 0.0]], update_hz=1.0))
    assert _count_looks(s, 0.1, 10.0) == [20, 5, 10]


def test_scenario_sensor_hz_overrides_every_rate():
    s = suite(radar("fast", update_hz=2.0), radar("slow", update_hz=0.5), sensor_hz=4.0)
    assert _count_looks(s, 0.05, 10.0) == [40, 40]


def test_skipped_looks_are_dropped_not_replayed_in_a_burst():
    s = suite(radar("r", update_hz=1.0))
    counts = _count_looks(s, 1.0, 0.5)  # t = 0: look
    assert counts == [1]
    for t in [5.0, *np.arange(5.1, 6.05, 0.1)]:  # a 5 s gap, then fine ticks
        s.update(float(t), NO_TARGETS)
    # looks at 5.0 (late, once) and 6.0 (back on the 1 s grid), nothing in between
    assert counts == [3]


def test_detection_events_come_once_per_sensor_and_entity_with_the_true_range():
    s = suite(radar("r", detection=SURE), eo_ir("cam", detection=SURE, coverage={"width_deg": 360.0}))
    p0, v = np.array([3000.0, 4000.0, 5.0]), np.array([-10.0, 0.0, 0.0])  # level with the 5 m masts
    events = fly(s, p0, v, 5.0, entity_id=3)
    det = kinds(events, "detection")
    assert sorted((e["sensor"], e["entity_id"], e["t_s"]) for e in det) == [("cam", 3, 0.0), ("r", 3, 0.0)]
    assert det[0]["range_m"] == pytest.approx(5000.0)
    assert s.first_detection_range_m() == {"r": {3: pytest.approx(5000.0)}, "cam": {3: pytest.approx(5000.0)}}


def _trial(seed: int) -> tuple[list[dict], TrackPicture]:
    s = suite(radar("r", detection={"range_m": 6000.0, "false_alarms_per_hour": 3600.0}),
              acoustic(grid={"center_m": [0.0, 0.0], "size_m": [4000.0, 4000.0], "spacing_m": 400.0},
                       detection={"range_m": 300.0, "false_alarms_per_hour": 600.0}),
              eo_ir("cam", detection={"range_m": 4000.0}), seed=seed)
    rng = np.random.default_rng(99)
    p0 = rng.uniform(-3000, 3000, (30, 3)) * [1, 1, 0.05] + [0, 0, 200]
    v = rng.normal(0.0, 20.0, (30, 3)) * [1, 1, 0]
    events = []
    for t in np.arange(0.0, 30.0, 0.5):
        events += s.update(float(t), targets(p0 + v * t, v, ids=np.arange(100, 130)))
    return events, s.picture(30.0)


def test_same_seed_same_events_and_picture_other_seed_differs():
    (ev1, pic1), (ev2, pic2), (ev3, _) = _trial(5), _trial(5), _trial(6)
    assert ev1 == ev2 and len(kinds(ev1, "track_confirmed")) > 10
    for name in TrackPicture.__dataclass_fields__:
        np.testing.assert_array_equal(getattr(pic1, name), getattr(pic2, name))
    assert ev1 != ev3


def test_sensor_sites_stand_on_the_terrain():
    def hill(x, y):
        return 100.0 + 0.0 * np.asarray(x) + 0.0 * np.asarray(y)

    cfg = Sensors(radars=[radar(height_m=10.0, detection=SURE)])
    s = SensorSuite(cfg, np.random.default_rng(0), hill, None)
    assert s._units[0].model.site_m.tolist() == [0.0, 0.0, 110.0]
    events = s.update(0.0, targets([[0.0, 3000.0, 110.0]]))  # level with the antenna: elevation 0
    assert kinds(events, "detection")[0]["range_m"] == pytest.approx(3000.0)


def test_picture_predicts_at_constant_velocity():
    s = suite(radar(detection=SURE), seed=1)
    fly(s, [2000.0, 0.0, 300.0], [-40.0, 0.0, 0.0], 30.0)
    a, b = s.picture(30.0), s.picture(40.0)
    np.testing.assert_allclose(b.positions_m - a.positions_m, 10.0 * a.velocities_mps)
    assert b.position_sigma_m[0] > a.position_sigma_m[0]  # uncertainty grows while coasting
    assert a.velocities_mps[0] == pytest.approx([-40.0, 0.0, 0.0], abs=8.0)
    assert a.track_ids.dtype == np.int64 and a.truth_ids.tolist() == [7] and a.last_update_s.tolist() == [30.0]
