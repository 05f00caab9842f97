"""The compiled EW link phase against the numpy code it replaced: equal to the last bit.

The references below are the former numpy formulas, copied verbatim in their arithmetic
(same functions, same operation order), so any rounding change in the kernels shows here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from sim.config.scenario_ew import BAND_CENTRE_MHZ, AirframeLinks, Ew
from sim.config.scenario_sensors import Coverage
from sim.ew import ElectronicWarfare, FailsafeMonitor, NavigationDrift
from sim.ew.budget import MIN_DISTANCE_M, mw_to_dbm
from sim.ew.coverage import Sectors
from sim.ew.jamming import VIDEO_FADE_DB
from tests.ew.bits import jammer, link

LINKS = {"quad": "radio", "quad-fibre": "fibre", "shahed": "autonomous", "lancet": "radio", "fpv": "radio"}
OWN = {"lancet": AirframeLinks(control=link("900MHz"), video=link("1.2GHz", rx_sensitivity_dbm=-90.0)),
       "fpv": AirframeLinks(video=link("5.8GHz", tx_power_dbm=25.0, rx_sensitivity_dbm=-85.0))}
CONTROL_BANDS = [b for b in BAND_CENTRE_MHZ if b != "gnss"]


def _old_inside(s: Sectors, dx: np.ndarray, dy: np.ndarray, dz: np.ndarray, horizontal: np.ndarray,
                dist: np.ndarray) -> np.ndarray:
    along = dx * s.east + dy * s.north
    return (along >= s.cos_half * horizontal) & (dz >= s.sin_el_min * dist) & (dz <= s.sin_el_max * dist)


def old_assess(ew: ElectronicWarfare, ew_config: Ew, ground_m: float, t_s: float, drones: np.ndarray,
               stations: np.ndarray, airframes: list[str]) -> dict[str, np.ndarray]:
    """The former ElectronicWarfare.assess, on the constants the new class keeps (roster weights and margins
    are gathered by unchanged code)."""
    jam = list(ew_config.jammers)
    jx = np.array([[float(j.position_m[0])] for j in jam]).reshape(-1, 1)
    jy = np.array([[float(j.position_m[1])] for j in jam]).reshape(-1, 1)
    jz = (ground_m + np.array([float(j.height_m) for j in jam]))[:, None]
    from_s = np.array([float(j.active_from_s) for j in jam]).reshape(-1, 1)
    until_s = np.array([np.inf if j.active_until_s is None else float(j.active_until_s) for j in jam]).reshape(-1, 1)
    sectors = Sectors.from_coverage([j.coverage for j in jam])
    ew.assess(t_s, drones[:1], stations[:1] if stations.ndim == 2 else stations, airframes[:1])  # gather roster
    r = ew._gather(tuple(airframes))
    radio, fibre = r.kind == 0, r.kind == 1
    above_req, above_sens = r.above[:2].T, r.above[2:].T

    n = len(drones)
    stations = np.broadcast_to(np.asarray(stations, dtype=float), drones.shape)
    active = (t_s >= from_s) & (t_s < until_s)
    receivers = np.concatenate([drones, stations])
    dx, dy, dz = receivers[:, 0] - jx, receivers[:, 1] - jy, receivers[:, 2] - jz
    h2 = dx * dx + dy * dy
    d2 = h2 + dz * dz
    reach = _old_inside(sectors, dx, dy, dz, np.sqrt(h2), np.sqrt(d2)) & active
    field = np.where(reach, 1.0 / np.maximum(d2, MIN_DISTANCE_M ** 2), 0.0)
    interference = np.einsum("jm,jm->m", field, r.weights).reshape(2, n).T
    gnss_ok = ew._gnss_weights @ field[:, :n] <= ew._gnss_limit_mw
    link_v = drones - stations
    loss = 10.0 * np.log10(np.maximum(np.einsum("ni,ni->n", link_v, link_v), MIN_DISTANCE_M ** 2))
    margin = np.minimum(above_req - mw_to_dbm(interference), above_sens) - loss[:, None]
    control_margin = np.where(radio, margin[:, 0], np.inf)
    video = np.where(fibre, 1.0, np.clip(margin[:, 1] / VIDEO_FADE_DB, 0.0, 1.0))
    return {"control_ok": control_margin >= 0.0, "control_margin_db": control_margin,
            "video_quality": video, "gnss_ok": gnss_ok}


def random_jammers(rng: np.random.Generator, count: int) -> list[Any]:
    out = []
    for i in range(count):
        bands = list(rng.choice(CONTROL_BANDS + ["gnss"], size=int(rng.integers(1, 4)), replace=False))
        el_min = float(rng.uniform(-90.0, 60.0))
        cover = Coverage() if rng.random() < 0.3 else Coverage(
            azimuth_deg=float(rng.uniform(0.0, 360.0)), width_deg=float(rng.choice([360.0, rng.uniform(5, 359)])),
            elevation_min_deg=el_min, elevation_max_deg=float(rng.choice([90.0, rng.uniform(el_min + 1, 90.0)])))
        start = float(rng.choice([0.0, rng.uniform(0.0, 50.0)]))
        until = None if rng.random() < 0.5 else start + float(rng.uniform(1.0, 60.0))
        out.append(jammer(float(rng.uniform(-4000, 4000)), float(rng.uniform(-4000, 4000)), bands=tuple(bands),
                          power_dbm=float(rng.uniform(20.0, 70.0)), name=f"j{i}", coverage=cover,
                          height_m=float(rng.uniform(0.0, 300.0)), antenna_gain_dbi=float(rng.uniform(-5, 15)),
                          active_from_s=start, active_until_s=until))
    return out


def random_positions(rng: np.random.Generator, n: int, near: np.ndarray) -> np.ndarray:
    """Spread out, plus some within a metre or two of `near` points (the distance floors)."""
    pos = np.column_stack([rng.uniform(-6000, 6000, (n, 2)), rng.uniform(0.0, 800.0, n)])
    close = rng.random(n) < 0.1
    pos[close] = near[rng.integers(0, len(near), close.sum())] + rng.normal(0.0, 0.7, (close.sum(), 3))
    return pos


@pytest.mark.parametrize("seed", range(12))
def test_assess_matches_the_numpy_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    jams = random_jammers(rng, int(rng.integers(0, 9)))
    ground = float(rng.uniform(0.0, 50.0))
    config = Ew(jammers=jams, airframe_links=OWN)
    ew = ElectronicWarfare(config, LINKS, lambda x, y: np.full(np.shape(x), ground))
    n = int(rng.integers(1, 400))
    airframes = list(rng.choice(list(LINKS), n))
    jam_xyz = np.array([[*j.position_m, ground + j.height_m] for j in jams]).reshape(-1, 3)
    anchors = np.vstack([jam_xyz, np.zeros((1, 3))])
    for t_s in rng.uniform(0.0, 100.0, 4):
        drones = random_positions(rng, n, anchors)
        shared = rng.random() < 0.3
        stations = (np.array([rng.uniform(-3000, 3000), rng.uniform(-3000, 3000), 2.0]) if shared
                    else random_positions(rng, n, np.vstack([anchors, drones])))
        if not shared:
            stations[: n // 10] = drones[: n // 10] + rng.normal(0.0, 0.5, (n // 10, 3))  # links under a metre
        state = ew.assess(float(t_s), drones, stations, airframes)
        expected = old_assess(ew, config, ground, float(t_s), drones, stations, airframes)
        for name, want in expected.items():
            np.testing.assert_array_equal(getattr(state, name), want, err_msg=name)
            assert getattr(state, name).dtype == want.dtype, name


class OldFailsafe:
    """The former FailsafeMonitor.update."""

    def __init__(self, hold_s: float) -> None:
        self.hold_s = float(hold_s)
        self._lost_at = np.full(0, np.nan)
        self._fired = np.zeros(0, dtype=bool)

    def update(self, t_s: float, ids: np.ndarray, control_ok: np.ndarray) -> tuple[np.ndarray, list[dict]]:
        ok = np.asarray(control_ok, dtype=bool)
        extra = int(ids.max()) + 1 - len(self._lost_at)
        if extra > 0:
            self._lost_at = np.concatenate([self._lost_at, np.full(extra, np.nan)])
            self._fired = np.concatenate([self._fired, np.zeros(extra, dtype=bool)])
        lost_at = self._lost_at[ids]
        linked_before = np.isnan(lost_at)
        events: list[dict] = []
        for k in np.flatnonzero(ok & ~linked_before):
            events.append({"t_s": t_s, "kind": "link_regained", "entity_id": int(ids[k]),
                           "lost_for_s": float(t_s - lost_at[k])})
        newly_lost = ~ok & linked_before
        for k in np.flatnonzero(newly_lost):
            events.append({"t_s": t_s, "kind": "link_lost", "entity_id": int(ids[k])})
        lost_at = np.where(ok, np.nan, np.where(newly_lost, t_s, lost_at))
        elapsed = t_s - lost_at
        over = elapsed >= self.hold_s
        first = over & ~self._fired[ids]
        for k in np.flatnonzero(first):
            events.append({"t_s": t_s, "kind": "failsafe", "entity_id": int(ids[k]), "after_s": float(elapsed[k])})
        self._lost_at[ids] = lost_at
        self._fired[ids] = over | (self._fired[ids] & ~ok)
        mode = np.where(ok, 0, np.where(over, 2, 1)).astype(np.int8)
        return mode, events


@pytest.mark.parametrize("hold_s", [0.0, 0.35, 1.0])
def test_failsafe_matches_the_numpy_reference(hold_s: float) -> None:
    rng = np.random.default_rng(int(hold_s * 100))
    new, old = FailsafeMonitor(hold_s), OldFailsafe(hold_s)
    ids = np.sort(rng.choice(500, 300, replace=False))
    ok = np.ones(len(ids), dtype=bool)
    for tick in range(300):
        t_s = tick * 0.1 + 0.013
        if tick % 40 == 0:  # the flying set changes now and then
            ids = np.sort(rng.choice(500, int(rng.integers(1, 300)), replace=False))
            ok = rng.random(len(ids)) < 0.5
        flip = rng.random(len(ids)) < 0.08
        ok = np.where(flip, ~ok, ok)
        mode, events = new.update(t_s, ids, ok)
        want_mode, want_events = old.update(t_s, ids, ok)
        np.testing.assert_array_equal(mode, want_mode)
        assert mode.dtype == want_mode.dtype
        assert events == want_events
    np.testing.assert_array_equal(new._lost_at, old._lost_at)
    np.testing.assert_array_equal(new._fired, old._fired)


class OldDrift:
    """The former NavigationDrift.update (with a fixed count)."""

    def __init__(self, count: int, drift_mps: float, rng: np.random.Generator) -> None:
        self._drift_mps, self._rng = float(drift_mps), rng
        self._error, self._rate = np.zeros((count, 3)), np.zeros((count, 3))
        self._was_ok = np.ones(count, dtype=bool)

    def update(self, dt_s: float, gnss_ok: np.ndarray) -> np.ndarray:
        ok = np.asarray(gnss_ok, dtype=bool)
        started = np.flatnonzero(~ok & self._was_ok)
        if started.size:
            heading = self._rng.uniform(0.0, 2.0 * np.pi, started.size)
            vertical = self._rng.uniform(-0.1, 0.1, started.size)
            self._rate[started] = self._drift_mps * np.column_stack([np.cos(heading), np.sin(heading), vertical])
        self._error[~ok] += self._rate[~ok] * dt_s
        self._error[ok] = 0.0
        self._was_ok = ok.copy()
        return self._error.copy()


def test_navigation_matches_the_numpy_reference() -> None:
    rng = np.random.default_rng(11)
    n = 350
    new, old = NavigationDrift(n, 2.7, np.random.default_rng(5)), OldDrift(n, 2.7, np.random.default_rng(5))
    ok = np.ones(n, dtype=bool)
    for _ in range(400):
        ok = np.where(rng.random(n) < 0.05, ~ok, ok)
        got, want = new.update(0.1, ok), old.update(0.1, ok)
        np.testing.assert_array_equal(got, want)
        got[:] = 1e9  # a copy: the caller may keep or change it
    np.testing.assert_array_equal(new.update(0.1, ok), old.update(0.1, ok))
