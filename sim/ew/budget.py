"""Radio link budget in dB and milliwatts (DOMAIN.md section 6).

P_rx = P_tx + G_tx + G_rx - FSPL(d); a jammer on the victim's band adds
J = P_j + G_j + G_rx - FSPL(d_jammer). A link is usable while both
P_rx - J >= required SINR and P_rx >= receiver sensitivity.

Free-space loss is split as FSPL(d) = FSPL(1 m) + 20 log10(d_m), so the
per-tick work on many (receiver, jammer) pairs is a squared distance and a
division in linear units: no square root or logarithm per pair.
"""

from __future__ import annotations

import numpy as np

MIN_DISTANCE_M = 1.0        # the far-field formula is meaningless closer than this
TINY_MW = 1e-30             # -300 dBm: "no interference" without a log of zero
FSPL_CONSTANT_DB = 32.44    # 20 log10(4 pi / c) with d in km and f in MHz


def fspl_db(distance_m: np.ndarray | float, frequency_mhz: float) -> np.ndarray:
    """Free-space path loss (dB): 20 log10(d_km) + 20 log10(f_MHz) + 32.44, d floored at 1 m."""
    d_km = np.maximum(np.asarray(distance_m, dtype=float), MIN_DISTANCE_M) / 1000.0
    return 20.0 * np.log10(d_km) + 20.0 * np.log10(frequency_mhz) + FSPL_CONSTANT_DB


def fspl_1m_db(frequency_mhz: float | np.ndarray) -> np.ndarray:
    """Free-space loss at 1 m (dB); add 20 log10(d_m) for any other distance."""
    return 20.0 * np.log10(np.asarray(frequency_mhz, dtype=float)) + FSPL_CONSTANT_DB - 60.0


def received_power_dbm(tx_power_dbm: float, tx_gain_dbi: float, rx_gain_dbi: float,
                       distance_m: np.ndarray | float, frequency_mhz: float) -> np.ndarray:
    """P_rx = P_tx + G_tx + G_rx - FSPL(d), in dBm."""
    return tx_power_dbm + tx_gain_dbi + rx_gain_dbi - fspl_db(distance_m, frequency_mhz)


def dbm_to_mw(dbm: np.ndarray | float) -> np.ndarray:
    return np.power(10.0, np.asarray(dbm, dtype=float) / 10.0)


def mw_to_dbm(mw: np.ndarray | float) -> np.ndarray:
    return 10.0 * np.log10(np.maximum(np.asarray(mw, dtype=float), TINY_MW))


def link_margin_db(rx_power_dbm: np.ndarray, interference_mw: np.ndarray,
                   rx_sensitivity_dbm: np.ndarray | float, required_sinr_db: np.ndarray | float) -> np.ndarray:
    """Margin (dB) to the nearer of the two loss conditions; the link is usable while it is >= 0.

    min(P_rx - J - required SINR, P_rx - sensitivity): the sensitivity term
    stands for the receiver's own noise, so an unjammed link still fades at range.
    """
    sir_margin = rx_power_dbm - mw_to_dbm(interference_mw) - required_sinr_db
    return np.minimum(sir_margin, rx_power_dbm - rx_sensitivity_dbm)
