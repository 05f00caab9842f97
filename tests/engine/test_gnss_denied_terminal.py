"""Terminal guidance under GNSS denial: the seeker's fix is in the drone's own navigation frame,
and a pass is reported as one miss.

An interceptor whose inertial navigation has drifted believes it is `nav_error` away from where
it is. Its camera measures the threat RELATIVE to itself, so the fix handed to the guidance law
must be believed own position + measured offset; a fix in truth coordinates, subtracted from the
drifted own position, steers the interceptor to miss by the whole drift.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from sim.engagement import MissDetector
from sim.entities import RED
from sim.seeker import SEEKER_NOISE_M, seeker_lock
from sim.trial import run_trial
from trials import TrialRecord

SCENARIOS = Path(__file__).parent / "scenarios"


def _loop(own_true: np.ndarray, nav_error: np.ndarray, threat: np.ndarray) -> SimpleNamespace:
    """The parts of a TrialLoop seeker_lock reads: blue ids 0..n-1, one red threat (id n)."""
    n = len(own_true)
    red = np.array([n])
    return SimpleNamespace(
        entities=SimpleNamespace(flying=lambda side=None: red if side == RED else np.arange(n + 1)),
        bodies=SimpleNamespace(positions=lambda ids: np.array([threat], dtype=float),
                               velocities=lambda ids: np.array([[-40.0, 0.0, 0.0]])),
        nav_error=np.vstack([nav_error, np.zeros((1, 3))]),
        seeker_rng=np.random.default_rng(0))


def test_seeker_fix_gives_the_true_line_of_sight_from_the_believed_position():
    own_true = np.array([[0.0, 0.0, 100.0], [0.0, 0.0, 100.0]])
    nav_error = np.array([[60.0, -30.0, 4.0], [0.0, 0.0, 0.0]])  # drone 0 drifted, drone 1 on GNSS
    threat = np.array([300.0, 50.0, 120.0])
    loop = _loop(own_true, nav_error, threat)
    cues = np.array([threat + (20.0, 0.0, 0.0), threat + (20.0, 0.0, 0.0)])  # a good ground track
    velocities = np.zeros((2, 3))
    lock = seeker_lock(loop, np.array([0, 1]), own_true, cues, velocities, np.array([True, True]))
    assert lock.all()
    believed = own_true + nav_error
    line_of_sight = cues - believed  # what the guidance law computes from the observation
    np.testing.assert_allclose(line_of_sight, [threat - own_true[0], threat - own_true[1]], atol=6 * SEEKER_NOISE_M)
    np.testing.assert_allclose(velocities, [[-40.0, 0.0, 0.0]] * 2)


def test_seeker_looks_where_the_cue_lies_relative_to_the_believed_position():
    """The camera points at cue - believed position: a drift larger than the cue gate loses the
    threat (the hand-off fails), an equal drift on GNSS would not."""
    own_true = np.array([[0.0, 0.0, 100.0]])
    threat = np.array([300.0, 0.0, 100.0])
    cue = threat[None, :].copy()
    far = seeker_lock(_loop(own_true, np.array([[0.0, 400.0, 0.0]]), threat), np.array([0]), own_true,
                      cue.copy(), np.zeros((1, 3)), np.array([True]))
    near = seeker_lock(_loop(own_true, np.array([[0.0, 40.0, 0.0]]), threat), np.array([0]), own_true,
                       cue.copy(), np.zeros((1, 3)), np.array([True]))
    assert not far[0] and near[0]


def test_gnss_denied_interceptor_hits_on_its_seeker(tmp_path):
    """engine-gnss-denied: the interceptor's navigation drifts ~2 m/s all flight (tens of metres
    by the pass); the perfect ground cue hands off to the seeker, which must hit."""
    record = TrialRecord.open(run_trial(SCENARIOS / "engine-gnss-denied.yaml", out_dir=tmp_path).folder)
    events = record.events()
    frames = record.frames(["entity_id", "side", "nav_error_m"])
    blue = np.asarray(frames.column("side").to_pylist()) == "blue"
    assert frames.column("nav_error_m").to_numpy()[blue].max() > 30.0  # the drift is really there
    kills = [e for e in events if e["kind"] == "kill"]
    assert len(kills) == 1, [e for e in events if e["kind"] in ("intercept", "miss", "kill", "leaker")]
    intercept = next(e for e in events if e["kind"] == "intercept")
    assert intercept["miss_distance_m"] <= 1.0


def test_a_pass_is_reported_as_one_miss():
    """Range falls to a 4 m pass, then opens: each opening tick's closest approach is its
    starting range (still under 30 m) and must not be reported again; a second run is."""
    detector = MissDetector()
    pair = (5, 1)
    ranges = [60.0, 30.0, 8.0, 9.0, 16.0, 24.0, 29.0, 40.0, 80.0, 40.0, 20.0, 12.0, 15.0, 25.0]
    closest = [70.0, 30.0, 8.0, 4.0, 9.0, 16.0, 24.0, 29.0, 40.0, 40.0, 20.0, 12.0, 11.0, 15.0]
    reported = []
    for r, c in zip(ranges, closest):
        reported += detector.update([pair], np.array([r]), np.array([c]))
    assert reported == [(5, 1, 4.0), (5, 1, 11.0)]
