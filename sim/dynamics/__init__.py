"""Batched flight dynamics (quadrotor and fixed-wing kernels).

The physics loop over bodies only vectorises (SIMD, 8 bodies per AVX-512
instruction) if LLVM may emit the run-time checks proving that the rows of the
state it writes do not overlap the rows it reads; there are more such pairs
than its default budget allows. The budget is raised here, before any kernel
is compiled. This changes only whether loops are vectorised, never results.

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

import llvmlite.binding as llvm
import numba

_LLVM_OPTIONS = (
    "-runtime-memory-check-threshold=4096",
    "-memory-check-merge-threshold=4096",
    "-vectorize-memory-check-threshold=4096",
)


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
for _option in _LLVM_OPTIONS:
    llvm.set_option("soldiers-lab", _option)
