import numpy as np
import pytest

from sim.ew import NavigationDrift
from sim.ew.navigation import VERTICAL_DRIFT_FRACTION

DT = 1.0 / 30.0


def steps(drift: NavigationDrift, seconds: float, ok: np.ndarray) -> np.ndarray:
    error = np.zeros((len(ok), 3))
    for _ in range(int(round(seconds / DT))):
        error = drift.update(DT, ok)
    return error


def test_error_grows_at_the_drift_rate_and_resets() -> None:
    drift = NavigationDrift(3, 2.0, np.random.default_rng(0))
    ok = np.array([False, True, False])
    error = steps(drift, 10.0, ok)
    horizontal = np.linalg.norm(error[:, :2], axis=1)
    assert horizontal[[0, 2]] == pytest.approx([20.0, 20.0], rel=1e-6)
    assert np.all(np.abs(error[[0, 2], 2]) <= VERTICAL_DRIFT_FRACTION * 20.0 + 1e-9)
    assert np.all(error[1] == 0.0)
    assert not np.allclose(error[0], error[2])  # each drone drifts its own way
    back = drift.update(DT, np.ones(3, dtype=bool))
    assert np.all(back == 0.0)


def test_new_episode_draws_a_new_direction() -> None:
    drift = NavigationDrift(1, 1.0, np.random.default_rng(3))
    first = steps(drift, 5.0, np.array([False]))
    drift.update(DT, np.array([True]))
    second = steps(drift, 5.0, np.array([False]))
    assert np.linalg.norm(first[0, :2]) == pytest.approx(np.linalg.norm(second[0, :2]))
    assert not np.allclose(first, second)


def test_resize_adds_clean_drones_and_keeps_the_rest() -> None:
    drift = NavigationDrift(2, 1.0, np.random.default_rng(1))
    before = steps(drift, 3.0, np.array([False, False]))
    drift.resize(4)
    after = drift.update(DT, np.array([False, False, True, False]))
    assert np.allclose(np.linalg.norm(after[:2, :2], axis=1), np.linalg.norm(before[:2, :2], axis=1) + DT)
    assert np.all(after[2] == 0.0)
    assert np.linalg.norm(after[3, :2]) == pytest.approx(DT)


def test_same_seed_same_drift() -> None:
    runs = [steps(NavigationDrift(5, 1.5, np.random.default_rng(42)), 2.0, np.zeros(5, dtype=bool))
            for _ in range(2)]
    assert np.array_equal(*runs)
