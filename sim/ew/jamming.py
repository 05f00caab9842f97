"""Vectorised jamming assessment: control, video and GNSS for every drone at once.

Per tick the work is (J jammers) x (N drones) arrays, jammers first so numpy's
inner loops run along the long axis: squared distances, sector tests and a sum
of linear jamming powers. Link parameters differ per airframe (its own links or
the scenario's defaults); they are gathered per drone once per roster change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from sim.config.scenario_ew import BAND_CENTRE_MHZ, Ew
from sim.ew.budget import MIN_DISTANCE_M, dbm_to_mw, fspl_1m_db, mw_to_dbm
from sim.ew.coverage import Sectors, inside

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


@dataclass(frozen=True)
class LinkState:
    control_ok: np.ndarray         # bool (N,): uplink station -> drone usable (always for fibre / autonomous)
    control_margin_db: np.ndarray  # (N,): margin to link loss (inf for fibre / autonomous)
    video_quality: np.ndarray      # (N,): 1 clean .. 0 unusable (downlink, jammed at the station); fibre 1
    gnss_ok: np.ndarray            # bool (N,)


@dataclass(frozen=True)
class _Roster:
    """Link constants gathered per drone for one roster (list of airframe names)."""

    radio: np.ndarray      # bool (N,): control can be lost
    fibre: np.ndarray      # bool (N,): video immune
    weights: np.ndarray    # (J, 2N): jammer EIRP x receive gain / FSPL(1 m) x band match; control, then video
    above_req: np.ndarray  # (N, 2): P_tx + G_tx + G_rx - FSPL(1 m) - required SINR; control, video
    above_sens: np.ndarray  # (N, 2): same less sensitivity instead of required SINR


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
        self._jx, self._jy, self._jz = xy[:, 0:1].copy(), xy[:, 1:2].copy(), z[:, None]
        self._eirp_mw = dbm_to_mw([float(j.power_dbm) + float(j.antenna_gain_dbi) for j in jammers])
        self._from_s = np.array([float(j.active_from_s) for j in jammers]).reshape(-1, 1)
        self._until_s = np.array([np.inf if j.active_until_s is None else float(j.active_until_s)
                                  for j in jammers]).reshape(-1, 1)
        self._sectors = Sectors.from_coverage([j.coverage for j in jammers])
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
        return _Roster(radio=kind == _RADIO, fibre=kind == _FIBRE,
                       weights=np.ascontiguousarray(np.concatenate([weights[:, 0], weights[:, 1]]).T),
                       above_req=signal - req, above_sens=signal - sens)

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
        stations = np.broadcast_to(np.asarray(station_positions_m, dtype=float), drones.shape)
        active = (t_s >= self._from_s) & (t_s < self._until_s)

        # Drones (control, GNSS) and stations (video) in one pass: numpy's per-call cost dominates.
        field = self._field(np.concatenate([drones, stations]), active)  # (J, 2N)
        interference = np.einsum("jm,jm->m", field, r.weights).reshape(2, n).T  # (N, 2) mW
        gnss_ok = self._gnss_weights @ field[:, :n] <= self._gnss_limit_mw

        link = drones - stations
        loss = 10.0 * np.log10(np.maximum(np.einsum("ni,ni->n", link, link), MIN_DISTANCE_M ** 2))
        # min(P_rx - J - required, P_rx - sensitivity) with P_rx = signal - loss (see budget.link_margin_db).
        margin = np.minimum(r.above_req - mw_to_dbm(interference), r.above_sens) - loss[:, None]
        control_margin = np.where(r.radio, margin[:, 0], np.inf)
        video = np.where(r.fibre, 1.0, np.clip(margin[:, 1] / VIDEO_FADE_DB, 0.0, 1.0))
        return LinkState(control_ok=control_margin >= 0.0, control_margin_db=control_margin,
                         video_quality=video, gnss_ok=gnss_ok)

    def _field(self, receivers: np.ndarray, active: np.ndarray) -> np.ndarray:
        """(J, M): 1 / d^2 from each jammer to each receiver, 0 outside its sector or window."""
        dx = receivers[:, 0] - self._jx
        dy = receivers[:, 1] - self._jy
        dz = receivers[:, 2] - self._jz
        h2 = dx * dx + dy * dy
        d2 = h2 + dz * dz
        reach = inside(self._sectors, dx, dy, dz, np.sqrt(h2), np.sqrt(d2)) & active
        return np.where(reach, 1.0 / np.maximum(d2, MIN_DISTANCE_M ** 2), 0.0)


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
