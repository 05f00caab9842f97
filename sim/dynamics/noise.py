"""Per-body random streams inside compiled kernels.

Each body owns one xorshift64* state word, seeded from its world's
`numpy.random.Generator`. A body's stream therefore does not depend on which
other bodies share the array, so a batch of worlds reproduces N single worlds
bit for bit, and no global RNG state is touched.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sim.dynamics.layout import KERNEL_OPTIONS

_MULT = np.uint64(2685821657736338717)
_S12 = np.uint64(12)
_S25 = np.uint64(25)
_S27 = np.uint64(27)
_S11 = np.uint64(11)
_INV_2_53 = 1.0 / 9007199254740992.0


def seed_streams(rng: np.random.Generator, count: int) -> np.ndarray:
    """Fresh non-zero stream states for `count` bodies, drawn from a world's generator."""
    words = rng.integers(1, np.iinfo(np.uint64).max, size=count, dtype=np.uint64, endpoint=True)
    return words


@njit(inline="always", **KERNEL_OPTIONS)
def uniform(streams, i):
    """Next uniform float in [0, 1) from body i's stream."""
    x = streams[i]
    x ^= x >> _S12
    x ^= x << _S25
    x ^= x >> _S27
    streams[i] = x
    return float((x * _MULT) >> _S11) * _INV_2_53


@njit(inline="always", **KERNEL_OPTIONS)
def normal_pair(streams, i):
    """Two independent standard normal draws (Box-Muller)."""
    u1 = 1.0 - uniform(streams, i)  # (0, 1], keeps log finite
    u2 = uniform(streams, i)
    radius = math.sqrt(-2.0 * math.log(u1))
    angle = 2.0 * math.pi * u2
    return radius * math.cos(angle), radius * math.sin(angle)
