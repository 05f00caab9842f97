"""`env_kernel`: numba's njit with the flight core's options and a cache that follows the sources.

Numba's on-disk cache checks only the timestamp of the file defining a
function, not of the compiled helpers from other files that it links in (see
`sim/dynamics/__init__.py`). The environment kernels call helpers from several
files of this package, so their cache lives in a folder named after a hash of
those files, inside the flight core's folder (itself named after the dynamics
and control sources): editing any of them moves the cache.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

import numba
from numba import njit

import sim.dynamics  # noqa: F401  (sets the flight core's cache folder and LLVM options first)
from sim.dynamics.layout import KERNEL_OPTIONS

KERNEL_SOURCES = ("layout.py", "jit.py", "kernel_common.py", "intercept_geometry.py", "intercept_reset.py",
                  "intercept_kernel.py", "goal_kernel.py")


def _cache_dir() -> str:
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent
    for name in KERNEL_SOURCES:
        digest.update(name.encode())
        digest.update((folder / name).read_bytes())
    return os.path.join(numba.config.CACHE_DIR, f"envs-{digest.hexdigest()[:16]}")


_CACHE_DIR = _cache_dir()


def env_kernel() -> Callable:
    """Decorator: njit with KERNEL_OPTIONS (no NRT, cached) into the environment kernels' cache folder.

    Helpers are plain compiled functions, not numba-inlined: LLVM inlines the small ones anyway once
    they are linked into a kernel, and numba-level inlining only made compiling slower.
    """
    def wrap(function: Callable) -> Callable:
        previous = numba.config.CACHE_DIR
        numba.config.CACHE_DIR = _CACHE_DIR  # read once, when the dispatcher sets up its cache
        try:
            return njit(**KERNEL_OPTIONS)(function)
        finally:
            numba.config.CACHE_DIR = previous
    return wrap
