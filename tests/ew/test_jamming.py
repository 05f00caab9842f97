import numpy as np
import pytest

from sim.config.scenario_ew import BAND_CENTRE_MHZ, AirframeLinks
from sim.config.scenario_sensors import Coverage
from sim.ew import ElectronicWarfare
from sim.ew.budget import fspl_db, link_margin_db, received_power_dbm
from sim.ew.jamming import GNSS_JS_THRESHOLD_DB, GNSS_SIGNAL_DBM, VIDEO_FADE_DB
from tests.ew.bits import assessor, jammer, link, pts

STATION = np.array([0.0, 0.0, 2.0])
DRONE = pts((1000.0, 0.0, 100.0))


def test_strong_jammer_breaks_radio_control_but_not_fibre_or_autonomous() -> None:
    near = jammer(1000.0, 200.0)  # about 220 m from the drone, 1 km from the station
    drones = np.repeat(DRONE, 3, axis=0)
    kinds = ["quad", "quad-fibre", "shahed"]
    clear = assessor([]).assess(0.0, drones, STATION, kinds)
    assert clear.control_ok.all()
    state = assessor([near]).assess(0.0, drones, STATION, kinds)
    assert state.control_ok.tolist() == [False, True, True]
    assert state.control_margin_db[0] < -20.0  # J about -45 dBm vs P_rx about -69 dBm
    assert np.isinf(state.control_margin_db[1:]).all()


def test_jammer_on_another_band_changes_nothing() -> None:
    clear = assessor([]).assess(0.0, DRONE, STATION, ["quad"])
    other = assessor([jammer(1000.0, 200.0, bands=("433MHz", "1.2GHz"), power_dbm=60.0)]).assess(
        0.0, DRONE, STATION, ["quad"])
    for field in ("control_ok", "control_margin_db", "video_quality", "gnss_ok"):
        assert np.array_equal(getattr(clear, field), getattr(other, field)), field


def test_per_airframe_link_override_is_used() -> None:
    own = {"lancet": AirframeLinks(control=link("900MHz"))}
    kinds = {"quad": "radio", "lancet": "radio"}
    drones = np.repeat(DRONE, 2, axis=0)
    at_900 = assessor([jammer(1000.0, 200.0, bands=("900MHz",))], kinds, own).assess(
        0.0, drones, STATION, ["quad", "lancet"])
    at_24 = assessor([jammer(1000.0, 200.0, bands=("2.4GHz",))], kinds, own).assess(
        0.0, drones, STATION, ["quad", "lancet"])
    assert at_900.control_ok.tolist() == [True, False]
    assert at_24.control_ok.tolist() == [False, True]


def test_sector_coverage_azimuth_and_elevation() -> None:
    north_beam = Coverage(azimuth_deg=0.0, width_deg=90.0, elevation_min_deg=-10.0, elevation_max_deg=30.0)
    ew = assessor([jammer(0.0, 0.0, coverage=north_beam)])
    drones = pts((0.0, 300.0, 50.0),     # north: inside
                 (0.0, -300.0, 50.0),    # behind the jammer
                 (300.0, 0.0, 50.0),     # east, outside the 90 deg sector
                 (100.0, 300.0, 50.0),   # 18 deg east of north: inside
                 (0.0, 100.0, 300.0))    # north but 71 deg up, above the band
    station = np.array([-2000.0, 0.0, 2.0])  # far west: the uplink is weak everywhere
    state = ew.assess(0.0, drones, station, ["quad"] * 5)
    assert state.control_margin_db[1] == pytest.approx(  # behind the jammer: exactly as if it were off
        assessor([]).assess(0.0, drones, station, ["quad"] * 5).control_margin_db[1])
    assert state.control_ok.tolist() == [False, True, True, False, True]


def test_active_window_is_respected() -> None:
    ew = assessor([jammer(1000.0, 200.0, active_from_s=10.0, active_until_s=20.0)])
    ok = [bool(ew.assess(t, DRONE, STATION, ["quad"]).control_ok[0]) for t in (5.0, 10.0, 15.0, 19.9, 20.0, 25.0)]
    assert ok == [True, False, False, False, True, True]


def test_gnss_denied_inside_footprint_fine_outside() -> None:
    power = 30.0  # 1 W GNSS jammer, omni, 0 dBi
    # Edge of the footprint from the J/S threshold: FSPL(R) = P + G - (S + threshold).
    loss = power - (GNSS_SIGNAL_DBM + GNSS_JS_THRESHOLD_DB)
    edge_m = 1000.0 * 10 ** ((loss - 32.44 - 20 * np.log10(BAND_CENTRE_MHZ["gnss"])) / 20)
    assert 20_000 < edge_m < 35_000  # sanity: a watt denies GNSS tens of km away
    ew = assessor([jammer(0.0, 0.0, bands=("gnss",), power_dbm=power)])
    drones = pts((0.8 * edge_m, 0.0, 100.0), (1.25 * edge_m, 0.0, 100.0), (0.0, 0.8 * edge_m, 100.0))
    state = ew.assess(0.0, drones, drones, ["quad", "quad", "quad-fibre"])
    assert state.gnss_ok.tolist() == [False, True, False]  # fibre does not help GNSS
    assert state.control_ok.all()  # a GNSS-only jammer leaves the control link alone


def test_video_fades_gradually_with_range() -> None:
    distances = np.linspace(200.0, 8000.0, 40)
    drones = np.column_stack([distances, np.zeros(40), np.full(40, 100.0)])
    quality = assessor([]).assess(0.0, drones, STATION, ["quad"] * 40).video_quality
    assert quality[0] == 1.0 and quality[-1] == 0.0
    assert np.all(np.diff(quality) <= 0.0)
    assert np.sum((quality > 0.0) & (quality < 1.0)) >= 5
    # Default video: 27 dBm + 2 + 2 dBi at 5.8 GHz, -90 dBm sensitivity, no jammer: margin = P_rx + 90.
    rng = np.linalg.norm(drones[20] - STATION)
    margin = 31.0 - float(fspl_db(rng, BAND_CENTRE_MHZ["5.8GHz"])) + 90.0
    assert quality[20] == pytest.approx(np.clip(margin / VIDEO_FADE_DB, 0, 1), abs=1e-9)


def test_video_is_jammed_at_the_station_not_at_the_drone() -> None:
    drones = np.repeat(pts((600.0, 0.0, 100.0)), 2, axis=0)
    powers = [0.0, 10.0, 20.0, 30.0, 40.0]
    at_station = [assessor([jammer(0.0, 150.0, bands=("5.8GHz",), power_dbm=p)]).assess(
        0.0, drones, STATION, ["quad", "quad-fibre"]).video_quality for p in powers]
    radio = [float(q[0]) for q in at_station]
    assert radio[0] > radio[-1] == 0.0 and all(a >= b for a, b in zip(radio, radio[1:]))
    assert any(0.0 < q < 1.0 for q in radio)
    assert all(float(q[1]) == 1.0 for q in at_station)  # fibre video untouched
    # 150 m north of the drone, beamed south at it: the station (600 m west-south-west) is outside the beam.
    at_drone = assessor([jammer(600.0, 150.0, bands=("5.8GHz",), power_dbm=40.0,
                                coverage=Coverage(azimuth_deg=180.0, width_deg=30.0))]).assess(
        0.0, drones, STATION, ["quad", "quad-fibre"]).video_quality
    assert at_drone[0] == 1.0


def test_jammer_stands_on_the_terrain() -> None:
    # Horizontal-only beam: a drone 100 m away at 105 m altitude is level with a jammer
    # 5 m above a 100 m plateau, but 45 deg up from one on the ground.
    beam = Coverage(elevation_min_deg=-10.0, elevation_max_deg=10.0)
    drone = pts((100.0, 0.0, 105.0))
    station = np.array([-3000.0, 0.0, 102.0])
    on_plateau = assessor([jammer(coverage=beam)], ground_m=100.0).assess(0.0, drone, station, ["quad"])
    on_ground = assessor([jammer(coverage=beam)], ground_m=0.0).assess(0.0, drone, station, ["quad"])
    assert not on_plateau.control_ok[0]
    assert on_ground.control_ok[0]


def test_unknown_airframe_is_refused() -> None:
    with pytest.raises(KeyError, match="mystery"):
        assessor([]).assess(0.0, DRONE, STATION, ["mystery"])


def test_assess_300_drones_3_jammers_timing() -> None:
    rng = np.random.default_rng(1)
    jammers = [jammer(0.0, 0.0, bands=("2.4GHz", "gnss"), name="a"),
               jammer(3000.0, 1000.0, bands=("5.8GHz",), name="b",
                      coverage=Coverage(azimuth_deg=270.0, width_deg=60.0)),
               jammer(-2000.0, 4000.0, bands=("900MHz", "2.4GHz"), name="c", active_from_s=5.0)]
    ew: ElectronicWarfare = assessor(jammers)
    n = 300
    drones = np.column_stack([rng.uniform(-5000, 5000, (n, 2)), rng.uniform(20, 500, n)])
    stations = np.column_stack([rng.uniform(-5000, 5000, (n, 2)), np.full(n, 2.0)])
    kinds = list(rng.choice(["quad", "quad-fibre", "shahed"], n))
    state = ew.assess(10.0, drones, stations, kinds)
    assert state.control_ok.shape == (n,) and state.video_quality.shape == (n,) and state.gnss_ok.shape == (n,)
    import time
    reps = 2000
    start = time.perf_counter()
    for _ in range(reps):
        ew.assess(10.0, drones, stations, kinds)
    per_call_us = (time.perf_counter() - start) / reps * 1e6
    print(f"\nassess: {n} drones x {len(jammers)} jammers: {per_call_us:.0f} us per call")


def test_vectorised_margins_match_the_scalar_budget() -> None:
    # Reference: one drone at a time with budget.received_power_dbm / link_margin_db.
    rng = np.random.default_rng(7)
    jams = [jammer(-500.0, 800.0, bands=("2.4GHz",), power_dbm=33.0, name="a"),
            jammer(1500.0, -300.0, bands=("2.4GHz", "5.8GHz"), power_dbm=37.0, antenna_gain_dbi=6.0, name="b")]
    ew = assessor(jams)
    n = 25
    drones = np.column_stack([rng.uniform(-3000, 3000, (n, 2)), rng.uniform(30, 400, n)])
    stations = np.column_stack([rng.uniform(-3000, 3000, (n, 2)), np.full(n, 2.0)])
    state = ew.assess(0.0, drones, stations, ["quad"] * n)
    jam_xyz = [np.array([-500.0, 800.0, 5.0]), np.array([1500.0, -300.0, 5.0])]
    eirp = [33.0, 43.0]
    for k in range(n):
        rng_m = float(np.linalg.norm(drones[k] - stations[k]))
        rx = received_power_dbm(27.0, 2.0, 2.0, rng_m, 2440.0)
        j_mw = sum(10 ** ((float(received_power_dbm(e, 0.0, 2.0, np.linalg.norm(drones[k] - p), 2440.0))) / 10)
                   for e, p in zip(eirp, jam_xyz)
                   if np.degrees(np.arcsin((drones[k, 2] - 5.0) / np.linalg.norm(drones[k] - p))) >= -10.0)
        expected = float(link_margin_db(rx, j_mw, -105.0, 3.0))
        assert state.control_margin_db[k] == pytest.approx(expected, abs=1e-9)
        vrx = received_power_dbm(27.0, 2.0, 2.0, rng_m, 5800.0)
        p = jam_xyz[1]
        elev = np.degrees(np.arcsin((stations[k, 2] - 5.0) / np.linalg.norm(stations[k] - p)))
        vj = 10 ** (float(received_power_dbm(43.0, 0.0, 2.0, np.linalg.norm(stations[k] - p), 5800.0)) / 10)
        vmargin = float(link_margin_db(vrx, vj if elev >= -10.0 else 0.0, -90.0, 6.0))
        assert state.video_quality[k] == pytest.approx(np.clip(vmargin / VIDEO_FADE_DB, 0, 1), abs=1e-9)
