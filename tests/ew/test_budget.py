import numpy as np
import pytest

from sim.ew.budget import fspl_db, link_margin_db, received_power_dbm


def test_fspl_golden_value() -> None:
    # 20 log10(1) + 20 log10(2400) + 32.44 = 100.044 dB
    assert float(fspl_db(1000.0, 2400.0)) == pytest.approx(100.044, abs=0.005)
    assert float(fspl_db(10_000.0, 2400.0)) == pytest.approx(120.044, abs=0.005)


def test_fspl_floors_distance_at_one_metre() -> None:
    assert np.all(fspl_db(np.array([0.0, 0.2, 1.0]), 915.0) == fspl_db(1.0, 915.0))


def test_received_power_falls_six_db_per_doubling() -> None:
    p = received_power_dbm(27.0, 2.0, 2.0, np.array([500.0, 1000.0, 2000.0, 4000.0]), 2440.0)
    assert np.allclose(-np.diff(p), 20 * np.log10(2.0))  # 6.02 dB
    assert float(p[1]) == pytest.approx(31.0 - 100.19, abs=0.01)


def test_margin_is_the_nearer_of_sensitivity_and_sinr() -> None:
    rx = np.array([-60.0, -60.0, -100.0])
    interference_mw = np.array([1e-30, 10 ** (-7.0), 1e-30])  # none, -70 dBm, none
    margin = link_margin_db(rx, interference_mw, -105.0, 3.0)
    assert np.allclose(margin, [45.0, 7.0, 5.0])
