"""Coverage sectors, elevation bands, buildings in the way, light and visibility for cameras."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.geometry import Box, StaticGeometry

from .builders import eo_ir, radar, suite, targets

SURE = {"range_m": 20_000.0, "pd_max": 1.0, "slope_per_db": 2.0}  # Pd ~ 1 at a few km


def _at(az_deg: float, el_deg: float, rng_m: float = 1000.0, mast_m: float = 5.0) -> list[float]:
    az, el = math.radians(az_deg), math.radians(el_deg)
    return [rng_m * math.cos(el) * math.sin(az), rng_m * math.cos(el) * math.cos(az), mast_m + rng_m * math.sin(el)]


def _detected(s, tg, looks: int = 5) -> set[int]:
    seen: set[int] = set()
    for t in range(looks):
        seen |= {e["entity_id"] for e in s.update(float(t), tg) if e["kind"] == "detection"}
    return seen


@pytest.mark.parametrize("boresight, width, inside, outside", [
    (90.0, 60.0, [90.0, 115.0, 62.0], [125.0, 0.0, 270.0, 55.0]),
    (350.0, 40.0, [350.0, 5.0, 332.0], [325.0, 15.0, 180.0]),  # the sector straddles north
    (0.0, 360.0, [0.0, 90.0, 180.0, 270.0], []),
])
def test_only_targets_inside_the_azimuth_sector_are_detected(boresight, width, inside, outside):
    s = suite(radar(detection=SURE, coverage={"azimuth_deg": boresight, "width_deg": width}))
    tg = targets([_at(a, 10.0) for a in inside + outside])
    assert _detected(s, tg) == set(range(1, len(inside) + 1))


def test_only_targets_inside_the_elevation_band_are_detected():
    s = suite(radar(detection=SURE, coverage={"elevation_min_deg": 5.0, "elevation_max_deg": 30.0}))
    tg = targets([_at(0.0, 10.0), _at(90.0, 28.0), _at(180.0, 45.0), _at(270.0, 2.0), _at(45.0, 80.0)])
    assert _detected(s, tg) == {1, 2}


def test_a_radar_behind_a_building_does_not_see_the_threat_an_open_one_does():
    hall = Box(center_xyz_m=(500.0, 0.0, 30.0), size_xyz_m=(40.0, 200.0, 60.0), name="hall")
    with StaticGeometry("flat", [hall]) as geo:
        s = suite(radar("behind", (0.0, 0.0)),  # the hall stands between it and the threat
                  radar("open", (1000.0, -1500.0)),
                  radar("no-los-check", (0.0, 0.0), line_of_sight=False),
                  los=geo.line_of_sight)
        threat = targets([[1000.0, 0.0, 20.0]], ids=[42])
        for t in range(10):
            s.update(float(t), threat)
        first = s.first_detection_range_m()
    assert first["behind"] == {}
    assert set(first["open"]) == {42}
    assert set(first["no-los-check"]) == {42}  # the same spot sees it when the scenario turns the check off


def test_no_line_of_sight_callable_means_no_blocking():
    s = suite(radar(detection=SURE), los=None)
    assert _detected(s, targets([_at(10.0, 3.0)])) == {1}


def test_visible_camera_is_blind_at_night_thermal_is_not():
    cams = (eo_ir("tv", band="visible", detection=SURE, coverage={"width_deg": 360.0}),
            eo_ir("ir", band="thermal", detection=SURE, coverage={"width_deg": 360.0}))
    tg = targets([_at(a, 5.0, 2000.0) for a in (0.0, 120.0, 240.0)])
    night = suite(*cams, light="night")
    for t in range(20):
        night.update(float(t), tg)
    first = night.first_detection_range_m()
    assert first["tv"] == {} and set(first["ir"]) == {1, 2, 3}
    day = suite(*cams, light="day")
    for t in range(5):
        day.update(float(t), tg)
    assert set(day.first_detection_range_m()["tv"]) == {1, 2, 3}


def test_visible_camera_is_cut_by_visibility_thermal_is_not():
    cams = (eo_ir("tv", band="visible", detection=SURE, coverage={"width_deg": 360.0}),
            eo_ir("ir", band="thermal", detection=SURE, coverage={"width_deg": 360.0}))
    s = suite(*cams, light="day", visibility_m=1500.0)
    tg = targets([_at(0.0, 5.0, 1000.0), _at(90.0, 5.0, 3000.0)])
    for t in range(10):
        s.update(float(t), tg)
    first = s.first_detection_range_m()
    assert set(first["tv"]) == {1} and set(first["ir"]) == {1, 2}


def test_camera_fix_is_bearing_accurate_and_range_poor():
    from sim.sensors.pointing import PointingSensor, eo_ir_model

    cfg = eo_ir(detection=SURE, coverage={"width_deg": 360.0}, bearing_noise_deg=0.2, range_noise_frac=0.1)
    cam = PointingSensor(0, eo_ir_model(cfg, np.array([0.0, 0.0, 5.0]), "day", 10_000.0), None)
    truth = np.array([_at(60.0, 5.0, 2000.0)] * 4000)
    det = cam.look(0.0, targets(truth), np.random.default_rng(0), 1.0)
    rel_true, rel = truth[0] - [0, 0, 5.0], det.positions_m - [0, 0, 5.0]
    along = rel @ (rel_true / np.linalg.norm(rel_true))
    across = np.linalg.norm(rel - along[:, None] * rel_true / np.linalg.norm(rel_true), axis=1)
    assert np.std(along) == pytest.approx(200.0, rel=0.1)  # 10 % of 2 km
    assert np.sqrt(np.mean(across**2)) == pytest.approx(2000.0 * math.radians(0.2) * math.sqrt(2), rel=0.1)
