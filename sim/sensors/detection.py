"""Pure detection maths in numpy: Pd, signature terms, pointing angles, coverage, false alarms.

The acoustic network uses these directly; radar and camera looks run the same
formulas per target in numba (`sim.sensors.pointing_kernel`), and the tests
hold the kernels to these functions.

The Pd family is the one `sim.config.scenario_sensors` documents:

    Pd = pd_max / (1 + exp(-slope_per_db * SNR_dB))
    SNR_dB = k * log10(range_50_m / range_m) + signature_db

so a reference target (signature_db = 0) is seen half of pd_max at range_50_m.
Angles: azimuth is a compass bearing (degrees clockwise from north, i.e. from +y
towards +x), elevation is above the local horizontal.
"""

from __future__ import annotations

import numpy as np

MIN_RANGE_M = 1.0  # below this log10(range) would run away; no sensor cares about closer


def snr_db(range_m: np.ndarray, range_50_m: float, k: float, signature_db: np.ndarray | float = 0.0) -> np.ndarray:
    """SNR in dB relative to the 50 % point of the reference target."""
    r = np.maximum(np.asarray(range_m, dtype=np.float64), MIN_RANGE_M)
    return k * np.log10(range_50_m / r) + signature_db


def pd_from_snr(snr: np.ndarray, pd_max: float, slope_per_db: float) -> np.ndarray:
    """Logistic detection probability per look."""
    # Clip the exponent: exp overflows past ~709 and the tail is 0 anyway.
    return pd_max / (1.0 + np.exp(np.minimum(-slope_per_db * np.asarray(snr, dtype=np.float64), 700.0)))


def detection_probability(range_m: np.ndarray, range_50_m: float, k: float, pd_max: float,
                          slope_per_db: float, signature_db: np.ndarray | float = 0.0) -> np.ndarray:
    """Pd per look at `range_m` for a target `signature_db` above the reference."""
    return pd_from_snr(snr_db(range_m, range_50_m, k, signature_db), pd_max, slope_per_db)


def rcs_db(rcs_m2: np.ndarray, reference_rcs_m2: float) -> np.ndarray:
    """Radar signature term: 10 log10(rcs / reference) — range scales with rcs^(1/4) at k = 40."""
    return 10.0 * np.log10(np.asarray(rcs_m2, dtype=np.float64) / reference_rcs_m2)


def size_db(size_m: np.ndarray, reference_size_m: float) -> np.ndarray:
    """EO/IR signature term: 20 log10(size / reference) — range scales with size at k = 20."""
    return 20.0 * np.log10(np.asarray(size_m, dtype=np.float64) / reference_size_m)


def range_az_el(rel_m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Slant range (m), compass azimuth (rad, clockwise from north, [0, 2pi)), elevation (rad)."""
    x, y, z = rel_m[:, 0], rel_m[:, 1], rel_m[:, 2]
    ground = np.hypot(x, y)
    rng = np.hypot(ground, z)
    az = np.mod(np.arctan2(x, y), 2.0 * np.pi)
    el = np.arctan2(z, ground)
    return rng, az, el


def from_range_az_el(rng: np.ndarray, az: np.ndarray, el: np.ndarray) -> np.ndarray:
    """Inverse of `range_az_el`: (N, 3) ENU offsets."""
    ground = rng * np.cos(el)
    return np.stack([ground * np.sin(az), ground * np.cos(az), rng * np.sin(el)], axis=1)


def in_coverage(az: np.ndarray, el: np.ndarray, azimuth_deg: float, width_deg: float,
                elevation_min_deg: float, elevation_max_deg: float) -> np.ndarray:
    """True inside the azimuth sector (centred on the compass boresight) and the elevation band."""
    el_deg = np.degrees(el)
    ok = (el_deg >= elevation_min_deg) & (el_deg <= elevation_max_deg)
    if width_deg < 360.0:
        off = np.mod(np.degrees(az) - azimuth_deg + 180.0, 360.0) - 180.0
        ok &= np.abs(off) <= 0.5 * width_deg
    return ok


def false_alarm_count(rng: np.random.Generator, per_hour: float, look_period_s: float) -> int:
    """Poisson number of false alarms in one look lasting `look_period_s`."""
    if per_hour <= 0.0:
        return 0
    return int(rng.poisson(per_hour * look_period_s / 3600.0))
