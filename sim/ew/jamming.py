"""Vectorised jamming assessment: control, video and GNSS for every drone at once.

Per tick the work is (J jammers) x (2N receivers: drones, then their stations):
squared distances, sector tests and a sum of linear jamming powers, done in one
compiled pass (`_field_pass`) because numpy's per-call cost dominated at a few
hundred drones. Logarithms and the GNSS sum stay numpy calls: its log10 (SIMD)
and matmul (BLAS) round differently from scalar code, and the records must not
change. Link parameters differ per airframe (its own links or the scenario's
defaults); they are gathered per drone once per roster change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
from numba import njit

from sim.config.scenario_ew import BAND_CENTRE_MHZ, Ew
from sim.ew.budget import MIN_DISTANCE_M, TINY_MW, dbm_to_mw, fspl_1m_db
from sim.ew.coverage import Sectors, reaches

# GNSS power at the antenna. DOMAIN.md: about -160 dBW; the GPS L1 C/A specified
# minimum is -158.5 dBW (IS-GPS-200), i.e. about -130 dBm.
GNSS_SIGNAL_DBM = -130.0
# Estimate: civil C/A-code receivers lose lock at roughly 30-40 dB jamming-to-signal
# (43 dB spreading gain less the C/N0 they need); we take the middle.
GNSS_JS_THRESHOLD_DB = 35.0
# Estimate: the GNSS antenna's gain towards a jammer taken equal to its gain towards the
# satellites (0 dBi); real patch or CRPA antennas reject low-elevation jammers better.
GNSS_RX_GAIN_DBI = 0.0
# Estimate: analog video goes from clean to unusable over about 10 dB of margin
# (snow thickens gradually); quality = margin / VIDEO_FADE_DB, clipped to [0, 1].
VIDEO_FADE_DB = 10.0

_KINDS = {"radio": 0, "fibre": 1, "autonomous": 2}
_RADIO, _FIBRE = 0, 1
# Rows of the per-jammer table the kernel reads: position (terrain + height) and active window.
_X, _Y, _Z, _FROM, _UNTIL = range(5)


@dataclass(frozen=True)
class LinkState:
    control_ok: np.ndarray         # bool (N,): uplink station -> drone usable (always for fibre / autonomous)
    control_margin_db: np.ndarray  # (N,): margin to link loss (inf for fibre / autonomous)
    video_quality: np.ndarray      # (N,): 1 clean .. 0 unusable (downlink, jammed at the station); fibre 1
    gnss_ok: np.ndarray            # bool (N,)


@dataclass(frozen=True)
class _Roster:
    """Link constants gathered per drone for one roster (list of airframe names)."""

    kind: np.ndarray       # int8 (N,): _KINDS value; radio control can be lost, fibre video is immune
    weights: np.ndarray    # (J, 2N): jammer EIRP x receive gain / FSPL(1 m) x band match; control, then video
    above: np.ndarray      # (4, N): P_tx + G_tx + G_rx - FSPL(1 m) - required SINR for control, video,
    #                        then the same less sensitivity instead of required SINR


class ElectronicWarfare:
    """Jammers are static: their positions (terrain + height_m) and sectors are fixed at construction.

    Control is the uplink station -> drone, jammed at the drone; video the downlink
    drone -> station, jammed at the station; GNSS is jammed at the drone whatever its
    link. Autonomous airframes have no control link to lose; their video (if any) is
    assessed like a radio drone's.
    """

    def __init__(self, ew: Ew, airframe_links: Mapping[str, str],
                 terrain_height: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> None:
        jammers = list(ew.jammers)
        xy = np.array([[float(v) for v in j.position_m] for j in jammers], dtype=float).reshape(-1, 2)
        ground = np.asarray(terrain_height(xy[:, 0], xy[:, 1]), dtype=float).reshape(-1)
        z = ground + np.array([float(j.height_m) for j in jammers])
        self._eirp_mw = dbm_to_mw([float(j.power_dbm) + float(j.antenna_gain_dbi) for j in jammers])
        from_s = [float(j.active_from_s) for j in jammers]
        until_s = [np.inf if j.active_until_s is None else float(j.active_until_s) for j in jammers]
        self._jammers = np.array([xy[:, 0], xy[:, 1], z, from_s, until_s], dtype=float).reshape(5, -1)
        self._sectors = Sectors.from_coverage([j.coverage for j in jammers]).table()
        gnss_band = np.array([1.0 if "gnss" in j.bands else 0.0 for j in jammers])
        gnss_gain = float(dbm_to_mw(GNSS_RX_GAIN_DBI - fspl_1m_db(BAND_CENTRE_MHZ["gnss"])))
        self._gnss_weights = gnss_band * gnss_gain * self._eirp_mw  # (J,)
        self._gnss_limit_mw = float(dbm_to_mw(GNSS_SIGNAL_DBM + GNSS_JS_THRESHOLD_DB))

        self._names = {name: i for i, name in enumerate(airframe_links)}
        self._profiles = _profiles(ew, airframe_links)
        self._roster_key: tuple[str, ...] | None = None
        self._roster_source: Sequence[str] | None = None  # the caller's list the roster was built from
        self._roster = self._gather(())

    def _gather(self, names: tuple[str, ...]) -> _Roster:
        try:
            idx = np.array([self._names[a] for a in names], dtype=np.intp)
        except KeyError as err:
            raise KeyError(f"airframe {err.args[0]!r} has no link kind in airframe_links") from None
        kind, signal, gain, sens, req, hit = (a[idx] for a in self._profiles)
        weights = gain[:, :, None] * hit * self._eirp_mw  # (N, 2, J)
        return _Roster(kind=np.ascontiguousarray(kind),
                       weights=np.ascontiguousarray(np.concatenate([weights[:, 0], weights[:, 1]]).T),
                       above=np.ascontiguousarray(np.concatenate([signal - req, signal - sens], axis=1).T))

    def assess(self, t_s: float, drone_positions_m: np.ndarray, station_positions_m: np.ndarray,
               airframes: Sequence[str]) -> LinkState:
        """Link state of N drones; station_positions_m is each drone's ground station, (N, 3) or (3,)."""
        if airframes is not self._roster_source:  # the same list object: the same roster
            key = tuple(airframes)
            if key != self._roster_key:  # the roster rarely changes: gather its constants once
                self._roster, self._roster_key = self._gather(key), key
            self._roster_source = airframes
        r = self._roster
        drones = np.asarray(drone_positions_m, dtype=float)
        n = len(drones)
        stations = np.asarray(station_positions_m, dtype=float)
        if stations.shape != drones.shape:  # one station for all: the kernel reads its row for every drone
            stations = np.ascontiguousarray(np.broadcast_to(stations, drones.shape)[:1])
        field = np.empty((len(self._eirp_mw), 2 * n))  # (J, 2N) 1 / d^2, drones then stations
        logs = np.empty((3, n))
        _field_pass(t_s, drones, stations, self._jammers, self._sectors, r.weights, field, logs)
        np.log10(logs, out=logs)
        gnss_mw = self._gnss_weights @ field[:, :n]  # the same BLAS call (and rounding) as always
        values, flags = _finish(logs, r.above, r.kind, gnss_mw, self._gnss_limit_mw)
        return LinkState(control_ok=flags[0], control_margin_db=values[0], video_quality=values[1], gnss_ok=flags[1])


@njit(cache=True, error_model="numpy")
def _field_pass(t_s: float, drones: np.ndarray, stations: np.ndarray, jammers: np.ndarray, sectors: np.ndarray,
                weights: np.ndarray, field: np.ndarray, logs: np.ndarray) -> None:
    """Fill field[j, m] (1 / d^2 from jammer j to receiver m, drones then stations; 0 outside j's sector
    or window) and logs: rows 0, 1 the control / video interference (mW, floored at TINY_MW), row 2 the
    squared link length (floored at MIN_DISTANCE_M^2), each per drone and still to go through log10.

    stations has N rows or one shared row. Jammers outer, receivers inner so the inner loop is branch-free
    and vectorises; interference sums then run in jammer order from 0.0, as numpy's einsum did.
    """
    # Floors are written as comparisons, not max(): like np.maximum they keep a nan (a max() would drop it).
    n = drones.shape[0]
    receivers = _receivers(drones, stations)
    total = np.zeros(2 * n)
    floor2 = MIN_DISTANCE_M * MIN_DISTANCE_M
    for j in range(jammers.shape[1]):
        active = t_s >= jammers[_FROM, j] and t_s < jammers[_UNTIL, j]
        x, y, z = jammers[_X, j], jammers[_Y, j], jammers[_Z, j]
        for m in range(2 * n):
            dx, dy, dz = receivers[0, m] - x, receivers[1, m] - y, receivers[2, m] - z
            h2 = dx * dx + dy * dy
            d2 = h2 + dz * dz
            reach = active & reaches(sectors, j, dx, dy, dz, h2, d2)
            f = 1.0 / (floor2 if d2 < floor2 else d2) if reach else 0.0  # noqa: FURB136
            field[j, m] = f
            total[m] += f * weights[j, m]
    for k in range(n):
        control, video = total[k], total[n + k]
        logs[0, k] = TINY_MW if control < TINY_MW else control  # noqa: FURB136
        logs[1, k] = TINY_MW if video < TINY_MW else video  # noqa: FURB136
        lx, ly, lz = receivers[0, k] - receivers[0, n + k], receivers[1, k] - receivers[1, n + k], \
            receivers[2, k] - receivers[2, n + k]
        d2 = (lx * lx + lz * lz) + ly * ly  # numpy's einsum("ni,ni->n") order for 3 terms (2 SIMD lanes)
        logs[2, k] = floor2 if d2 < floor2 else d2  # noqa: FURB136


@njit(inline="always", cache=True, error_model="numpy")
def _receivers(drones: np.ndarray, stations: np.ndarray) -> np.ndarray:
    """(3, 2N) x, y, z rows of the drones then their stations (N rows or one shared row)."""
    n = drones.shape[0]
    step = 1 if stations.shape[0] == n else 0
    out = np.empty((3, 2 * n))
    for k in range(n):
        for i in range(3):
            out[i, k] = drones[k, i]
            out[i, n + k] = stations[k * step, i]
    return out


@njit(cache=True, error_model="numpy")
def _finish(logs: np.ndarray, above: np.ndarray, kind: np.ndarray, gnss_mw: np.ndarray,
            gnss_limit_mw: float) -> tuple[np.ndarray, np.ndarray]:
    """From log10 of `_field_pass`'s logs: rows control margin (inf unless radio) and video quality (1 for
    fibre), and rows control ok and GNSS ok, per drone. Margin = min(P_rx - J - required, P_rx - sensitivity),
    see budget.link_margin_db; `above` is the roster's (4, N) above_req (control, video), above_sens (same)."""
    n = logs.shape[1]
    values, flags = np.empty((2, n)), np.empty((2, n), dtype=np.bool_)
    for k in range(n):
        loss = 10.0 * logs[2, k]
        control = np.inf
        if kind[k] == _RADIO:
            control = _nan_min(above[0, k] - 10.0 * logs[0, k], above[2, k]) - loss
        quality = 1.0
        if kind[k] != _FIBRE:
            quality = (_nan_min(above[1, k] - 10.0 * logs[1, k], above[3, k]) - loss) / VIDEO_FADE_DB
            # nan stays nan, as with np.clip
            quality = 0.0 if quality < 0.0 else 1.0 if quality > 1.0 else quality  # noqa: FURB136
        values[0, k], values[1, k] = control, quality
        flags[0, k], flags[1, k] = control >= 0.0, gnss_mw[k] <= gnss_limit_mw
    return values, flags


@njit(inline="always", cache=True, error_model="numpy")
def _nan_min(a: float, b: float) -> float:
    """np.minimum for two floats: nan if either is."""
    return a if a < b or np.isnan(a) else b


def _profiles(ew: Ew, airframe_links: Mapping[str, str]) -> tuple[np.ndarray, ...]:
    """Per airframe name: kind (P,), signal at 1 m, receive gain / FSPL(1 m) (linear), sensitivity,
    required SINR, each (P, 2) for (control, video), and band match (P, 2, J)."""
    rows = []
    for name, kind in airframe_links.items():
        if kind not in _KINDS:
            raise ValueError(f"airframe {name!r}: link {kind!r} is not one of {sorted(_KINDS)}")
        links = [ew.link(name, which) for which in ("control", "video")]
        loss_1m = [float(fspl_1m_db(BAND_CENTRE_MHZ[k.band])) for k in links]
        rows.append((
            _KINDS[kind],
            [float(k.tx_power_dbm) + float(k.tx_gain_dbi) + float(k.rx_gain_dbi) - l for k, l in zip(links, loss_1m)],
            [float(dbm_to_mw(float(k.rx_gain_dbi) - l)) for k, l in zip(links, loss_1m)],
            [float(k.rx_sensitivity_dbm) for k in links],
            [float(k.required_sinr_db) for k in links],
            [[1.0 if which in ew.effects(j, name) else 0.0 for j in ew.jammers]
             for which in ("control", "video")],
        ))
    count, j = len(rows), len(ew.jammers)
    return (np.array([r[0] for r in rows], dtype=np.int8).reshape(count),
            *(np.array([r[k] for r in rows], dtype=float).reshape(count, 2) for k in (1, 2, 3, 4)),
            np.array([r[5] for r in rows], dtype=float).reshape(count, 2, j))
