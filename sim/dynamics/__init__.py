"""Batched flight dynamics (quadrotor and fixed-wing kernels).

Numba's on-disk cache checks only the timestamp of the file that holds a
compiled function, not of the helpers it inlines from other files; an edited
controller could otherwise run stale machine code. So the cache lives in a
folder named after a hash of every kernel source file: any edit moves it.
It also keeps installs in read-only site-packages fast (cache outside them).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba


def _kernel_cache_dir() -> str:
    package_root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in ("dynamics", "control"):
        for source in sorted((package_root / folder).glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    base = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "soldiers-lab")
    return os.path.join(base, f"numba-{digest.hexdigest()[:16]}")


numba.config.CACHE_DIR = _kernel_cache_dir()
