"""Which directions a jammer's antenna sector reaches (Coverage in scenario_sensors).

Tested with dot products against precomputed sines and cosines instead of
atan2 per pair: azimuth is compass (clockwise from north, x east, y north).
The test runs per (jammer, receiver) pair inside the jamming kernel (`reaches`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numba import njit

from sim.config.scenario_sensors import Coverage


@dataclass(frozen=True)
class Sectors:
    """Per-jammer sector constants, each a column (J, 1)."""

    east: np.ndarray        # sin(boresight): east component of the boresight unit vector
    north: np.ndarray       # cos(boresight)
    cos_half: np.ndarray    # cos(width / 2); below -1 for all-round sectors
    sin_el_min: np.ndarray  # below -1 / above 1 when the band is open at that end
    sin_el_max: np.ndarray

    @classmethod
    def from_coverage(cls, coverages: Sequence[Coverage]) -> "Sectors":
        az = np.radians([float(c.azimuth_deg) for c in coverages])
        width = np.array([float(c.width_deg) for c in coverages])
        el_min = np.array([float(c.elevation_min_deg) for c in coverages])
        el_max = np.array([float(c.elevation_max_deg) for c in coverages])
        # Open ends get a slack value so rounding at exactly 360 deg / +-90 deg never excludes a direction.
        return cls(
            east=np.sin(az)[:, None], north=np.cos(az)[:, None],
            cos_half=np.where(width >= 360.0, -2.0, np.cos(np.radians(width) / 2.0))[:, None],
            sin_el_min=np.where(el_min <= -90.0, -2.0, np.sin(np.radians(el_min)))[:, None],
            sin_el_max=np.where(el_max >= 90.0, 2.0, np.sin(np.radians(el_max)))[:, None],
        )

    def table(self) -> np.ndarray:
        """(5, J) rows east, north, cos_half, sin_el_min, sin_el_max: the layout `reaches` reads."""
        return np.vstack([self.east.T, self.north.T, self.cos_half.T, self.sin_el_min.T, self.sin_el_max.T])


@njit(inline="always", cache=True, error_model="numpy")
def reaches(table: np.ndarray, j: int, dx: float, dy: float, dz: float, h2: float, d2: float) -> bool:
    """Does (dx, dy, dz), jammer j -> receiver in metres, lie in j's sector? `table` is Sectors.table();
    h2 and d2 are the squared horizontal and full lengths.

    A receiver straight above the jammer counts as inside every azimuth sector; the elevation band decides.
    Same operations as a numpy broadcast of these formulas, so the same rounding.
    """
    along = dx * table[0, j] + dy * table[1, j]
    dist = np.sqrt(d2)
    # Bitwise & (no short circuit): branch-free, so the caller's loop over receivers vectorises.
    return (along >= table[2, j] * np.sqrt(h2)) & (dz >= table[3, j] * dist) & (dz <= table[4, j] * dist)
