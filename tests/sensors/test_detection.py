"""Pd maths: the 50 % point, the RCS^(1/4) range law, the numba look kernels against numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.sensors.detection import (detection_probability, from_range_az_el, in_coverage, range_az_el, rcs_db,
                                   size_db)
from sim.sensors.pointing import PointingSensor, radar_model
from sim.sensors.pointing_kernel import candidates, spherical_fixes

from .builders import radar, targets


@pytest.mark.parametrize("k", [40.0, 20.0])
@pytest.mark.parametrize("pd_max", [1.0, 0.9, 0.5])
def test_reference_target_is_seen_half_of_pd_max_at_range_m(k, pd_max):
    pd = detection_probability(np.array([4000.0]), 4000.0, k, pd_max, 0.5)
    assert pd[0] == pytest.approx(0.5 * pd_max, rel=1e-12)


def test_pd_follows_the_logistic_in_snr_db():
    # 40 log10(2) = 12.04 dB at half the range; slope 0.5 / dB.
    pd = detection_probability(np.array([2000.0]), 4000.0, 40.0, 0.95, 0.5)[0]
    assert pd == pytest.approx(0.95 / (1.0 + math.exp(-0.5 * 40.0 * math.log10(2.0))), rel=1e-12)


def test_pd_falls_with_range():
    pd = detection_probability(np.linspace(100.0, 20_000.0, 50), 5000.0, 40.0, 0.95, 0.5)
    assert np.all(np.diff(pd) < 0) and pd[0] > 0.94 and pd[-1] < 1e-4


@pytest.mark.parametrize("rcs_ratio", [16.0, 0.1, 2.5])
def test_radar_range_scales_with_rcs_to_the_quarter(rcs_ratio):
    ref, r50 = 0.1, 5000.0
    ranges = np.array([500.0, 3000.0, 5000.0, 9000.0])
    scaled = ranges * rcs_ratio**0.25
    pd_ref = detection_probability(ranges, r50, 40.0, 0.9, 0.5, rcs_db(np.full(4, ref), ref))
    pd_big = detection_probability(scaled, r50, 40.0, 0.9, 0.5, rcs_db(np.full(4, ref * rcs_ratio), ref))
    np.testing.assert_allclose(pd_big, pd_ref, rtol=1e-12)
    # so the 50 % range of a target 16x the reference RCS is twice range_m
    half = detection_probability(np.array([r50 * rcs_ratio**0.25]), r50, 40.0, 0.9, 0.5, rcs_db(ref * rcs_ratio, ref))
    assert half[0] == pytest.approx(0.45)


def test_eo_ir_range_scales_with_size():
    pd = detection_probability(np.array([6000.0]), 3000.0, 20.0, 1.0, 0.5, size_db(np.array([5.0]), 2.5))
    assert pd[0] == pytest.approx(0.5)


def test_measured_detection_rate_at_range_m_matches_half_pd_max():
    """The whole radar look (kernel, draws) detects a reference target at range_m half of pd_max."""
    n = 20_000
    az = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    site_z = 5.0
    pos = np.column_stack([4000.0 * np.sin(az), 4000.0 * np.cos(az), np.full(n, site_z)])  # level with the mast
    cfg = radar(detection={"range_m": 4000.0, "pd_max": 0.8})
    sensor = PointingSensor(0, radar_model(cfg, np.array([0.0, 0.0, site_z])), None)
    det = sensor.look(0.0, targets(pos, rcs_m2=cfg.reference_rcs_m2), np.random.default_rng(1), 1.0)
    rate = len(det) / n
    assert rate == pytest.approx(0.4, abs=4 * math.sqrt(0.4 * 0.6 / n))
    # a target 16x the reference RCS at twice the range: the same rate
    det16 = sensor.look(0.0, targets(pos * [2, 2, 1], rcs_m2=16 * cfg.reference_rcs_m2), np.random.default_rng(2), 1.0)
    assert len(det16) / n == pytest.approx(0.4, abs=4 * math.sqrt(0.4 * 0.6 / n))


def test_candidates_kernel_agrees_with_numpy_reference():
    rng = np.random.default_rng(3)
    n = 2000
    site = np.array([100.0, -50.0, 10.0])
    pos = site + rng.uniform(-8000, 8000, (n, 3)) * [1, 1, 0.2]
    sig = rng.normal(0.0, 5.0, n)
    u = rng.random(n)
    args = (40.0, 5000.0, 0.9, 0.4)
    cover = (250.0, 120.0, -5.0, 30.0)
    idx, r, az, el = candidates(pos, site, sig, u, *args, *cover, 7000.0, 1.0)
    rr, aa, ee = range_az_el(pos - site)
    want = in_coverage(aa, ee, *cover) & (rr <= 7000.0) & (u < detection_probability(rr, 5000.0, 40.0, 0.9, 0.4, sig))
    assert 50 < want.sum() < n - 50  # the case exercises both outcomes
    np.testing.assert_array_equal(idx, np.flatnonzero(want))
    np.testing.assert_allclose(r, rr[idx], rtol=1e-12)
    np.testing.assert_allclose(az, aa[idx], atol=1e-12)
    np.testing.assert_allclose(el, ee[idx], atol=1e-12)


def test_compass_azimuth_and_elevation_conventions():
    rng_m, az, el = range_az_el(np.array([[0.0, 10.0, 0.0], [10.0, 0.0, 0.0], [0.0, -10.0, 10.0], [-10, 0, 0]]))
    np.testing.assert_allclose(np.degrees(az), [0.0, 90.0, 180.0, 270.0], atol=1e-12)  # clockwise from north
    np.testing.assert_allclose(np.degrees(el), [0.0, 0.0, 45.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(from_range_az_el(rng_m, az, el), [[0, 10, 0], [10, 0, 0], [0, -10, 10], [-10, 0, 0]],
                               atol=1e-12)


def test_fix_covariance_matches_the_scatter_of_noisy_fixes():
    """The linearised covariance of a radar fix agrees with Monte Carlo scatter of the same fix."""
    n = 40_000
    rng = np.random.default_rng(4)
    site = np.array([0.0, 0.0, 5.0])
    r, az, el = np.full(n, 6000.0), np.full(n, math.radians(35.0)), np.full(n, math.radians(8.0))
    pos, _ = spherical_fixes(site, r, az, el, rng.standard_normal((n, 3)), 0.015, math.radians(1.5),
                             math.radians(1.0), 1.0, 0.0)
    _, cov = spherical_fixes(site, r[:1], az[:1], el[:1], np.zeros((1, 3)), 0.015, math.radians(1.5),
                             math.radians(1.0), 1.0, 0.0)
    sample = np.cov(pos.T)
    np.testing.assert_allclose(sample, cov[0], atol=0.03 * np.abs(cov[0]).max())
    truth = site + from_range_az_el(r[:1], az[:1], el[:1])[0]
    assert np.linalg.norm(pos.mean(axis=0) - truth) < 0.05 * math.sqrt(np.trace(cov[0]))
