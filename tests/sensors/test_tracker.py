"""Fusion tracker: m-of-n confirmation, accuracy, false alarms, track loss, late acoustic fixes."""

from __future__ import annotations

import numpy as np

from sim.sensors.tracker import SensorTerms, Tracker
from sim.sensors.types import Detections

from .builders import NO_TARGETS, acoustic, fly, kinds, radar, suite, targets

CLOSE = {"range_m": 20_000.0, "pd_max": 1.0, "slope_per_db": 2.0}  # never misses at a few km


def _look(sensor: int, t: float, points: list[list[float]], truth: int = 5, sigma: float = 10.0) -> Detections:
    k = len(points)
    return Detections(sensor, t, np.asarray(points, dtype=np.float64).reshape(k, 3),
                      np.broadcast_to(np.eye(3) * sigma**2, (k, 3, 3)).copy(),
                      np.full(k, truth, dtype=np.int64), np.full(k, 1000.0))


def _confirm_look(m: int, n: int, hits: list[bool]) -> int | None:
    """Feed a stationary object seen on `hits` looks; return the look index of confirmation."""
    tr = Tracker([SensorTerms("r", m, n, 1.0)])
    for look, hit in enumerate(hits):
        ev = tr.process(float(look), _look(0, float(look), [[100.0, 0.0, 50.0]] if hit else []))
        tr.expire(float(look))
        if ev:
            return look
    return None


def test_m_of_n_confirms_on_the_m_th_hit_and_not_before():
    assert _confirm_look(3, 5, [True] * 6) == 2
    assert _confirm_look(3, 4, [True, True, False, True]) == 3
    assert _confirm_look(3, 3, [True, True, False, True, True]) is None  # never 3 in any 3 consecutive
    assert _confirm_look(3, 3, [True, True, False, True, True, True]) == 5
    assert _confirm_look(1, 1, [True]) == 0


def test_suite_confirms_after_m_looks_and_names_the_sensor():
    s = suite(radar(detection=CLOSE, confirm={"m": 4, "n": 6}))
    events = fly(s, [2000.0, 1000.0, 200.0], [-30.0, 0.0, 0.0], 8.0)
    confirmed = kinds(events, "track_confirmed")
    assert [(e["t_s"], e["entity_id"], e["sensors"]) for e in confirmed] == [(3.0, 7, ["radar"])]
    assert [e["t_s"] for e in kinds(events, "detection")] == [0.0]  # first detection only, not every look


def test_confirmed_track_error_is_consistent_with_its_sigma_and_beats_raw_fixes():
    s = suite(radar(detection=CLOSE), seed=3)
    p0, v = np.array([4000.0, 1000.0, 300.0]), np.array([-40.0, 10.0, 0.0])
    err, sig, raw = [], [], []
    for t in range(80):
        truth = p0 + v * t
        r = np.linalg.norm(truth - [0.0, 0.0, 5.0])
        raw.append(np.sqrt((0.015 * r) ** 2 + 2 * (r * np.radians(1.5)) ** 2))  # RMS error of one fix
        s.update(float(t), targets([truth], [v]))
        pic = s.picture(t + 0.5)  # between looks: exercises the prediction too
        if len(pic) and pic.confirmed[0]:
            assert len(pic) == 1 and pic.truth_ids[0] == 1
            err.append(np.linalg.norm(pic.positions_m[0] - (truth + 0.5 * v)))
            sig.append(pic.position_sigma_m[0])
    err, sig = np.array(err[10:]), np.array(sig[10:])  # after the filter has settled
    assert len(err) > 50
    assert np.mean(err / sig) < 1.5 and np.mean(err < 3 * sig) > 0.9
    assert np.sqrt(np.mean(err**2)) < 0.6 * np.mean(raw)  # the filter beats single fixes


def _false_alarm_run(per_hour: float, seconds: int = 300) -> tuple[int, int]:
    """(tracks started, tracks confirmed) for a radar seeing nothing but clutter."""
    s = suite(radar(detection={"range_m": 5000.0, "false_alarms_per_hour": per_hour}))
    events = []
    for t in range(seconds):
        events += s.update(float(t), NO_TARGETS)
    assert all(e["entity_id"] == -1 for e in kinds(events, "track_confirmed"))
    return s.tracker._next_id - 1, len(kinds(events, "track_confirmed"))


def test_false_alarms_at_a_high_rate_rarely_make_confirmed_tracks():
    started, confirmed = _false_alarm_run(3600.0)  # one per look: a poor radar
    assert started > 200 and confirmed <= 1
    started, confirmed = _false_alarm_run(36_000.0)  # ten per look: clutter everywhere
    assert started > 1500 and confirmed < 0.01 * started


def test_track_lost_after_the_target_disappears():
    s = suite(radar(detection=CLOSE, confirm={"m": 3, "n": 5}))
    events = fly(s, [3000.0, 0.0, 100.0], [-50.0, 0.0, 0.0], 10.0, entity_id=11)
    track = kinds(events, "track_confirmed")[0]["track_id"]
    lost = []
    for t in range(11, 20):
        lost += [(t, e) for e in kinds(s.update(float(t), NO_TARGETS), "track_lost")]
    # coast of a confirmed track: n + 0.5 looks = 5.5 s after the last update at t = 10
    assert [(t, e["track_id"], e["entity_id"]) for t, e in lost] == [(16, track, 11)]
    assert len(s.picture(20.0)) == 0


def test_tentative_tracks_die_quietly():
    tr = Tracker([SensorTerms("r", 3, 5, 1.0)])
    tr.process(0.0, _look(0, 0.0, [[0.0, 0.0, 10.0]]))
    assert tr.count == 1 and tr.expire(3.0) == [] and tr.count == 1  # (n - m + 1.5) = 3.5 s of grace
    assert tr.expire(3.6) == [] and tr.count == 0


def test_late_acoustic_fixes_join_the_radar_track():
    """Fixes 2 s old (100 m behind a 50 m/s target) must update the radar's track, not start new ones."""
    s = suite(radar(detection=CLOSE),
              acoustic(nodes_m=[[0.0, 0.0]], latency_s=2.0, position_noise_m=10.0,
                       detection={"range_m": 50_000.0, "pd_max": 1.0, "slope_per_db": 2.0}), seed=2)
    events = fly(s, [2000.0, -500.0, 150.0], [-50.0, 0.0, 0.0], 40.0)
    confirmed = kinds(events, "track_confirmed")
    assert len(confirmed) == 1
    assert s.tracker._contrib[:s.tracker.count].sum(axis=0).tolist() == [1, 1]  # one track, both sensors in it
    assert s.tracker._next_id == 2  # no second track was ever started


def test_three_radars_and_a_camera_make_one_track():
    s = suite(radar("a", (0.0, 0.0), detection=CLOSE), radar("b", (3000.0, 0.0), detection=CLOSE),
              radar("c", (0.0, 3000.0), detection=CLOSE), seed=4)
    events = fly(s, [1500.0, 1500.0, 300.0], [20.0, -30.0, 0.0], 30.0)
    assert len(kinds(events, "track_confirmed")) == 1 and s.tracker._next_id == 2
    assert sorted(e["sensor"] for e in kinds(events, "detection")) == ["a", "b", "c"]
