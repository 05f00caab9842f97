"""pybullet, imported without its build-time banner.

pybullet's C extension prints "pybullet build time: ..." on standard error when
it loads. A command that fails on bad input must print exactly one line there,
so the banner is swallowed at the file-descriptor level (it bypasses sys.stderr).
"""

from __future__ import annotations

import os
import sys


def _import_quietly():
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # no real stderr (embedded, captured): nothing to hide
        import pybullet
        return pybullet
    sys.stderr.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
            import pybullet
    finally:
        os.dup2(saved, fd)
        os.close(saved)
    return pybullet


pb = _import_quietly()
