"""Synthetic frames, events and meta for trial-record tests (also run by the crash child)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import numpy as np

from trials.frame_buffer import INPUT_COLUMNS

STARTED = datetime(2026, 11, 28, 3, 15, tzinfo=timezone.utc)


def meta(**overrides: Any) -> dict[str, Any]:
    base = {"trial_id": "unit-s7-20261128T031500Z", "scenario": "unit", "seed": 7,
            "software_version": "0.1.0", "git_commit": None, "airframes": ["shahed-136"],
            "controllers": ["pn"], "pilot_callsign": None, "started_utc": STARTED}
    return {**base, **overrides}


def columns(n: int, tick: int, dtype: type = np.float64) -> dict[str, np.ndarray]:
    """One tick of n entities whose values depend on the tick (so row order is checkable)."""
    ids = np.arange(n, dtype=np.int64)
    cols: dict[str, np.ndarray] = {}
    for k, name in enumerate(INPUT_COLUMNS):
        cols[name] = (ids * 0.5 + tick + k).astype(dtype)
    cols["entity_id"] = ids
    cols["side"] = np.where(ids % 2 == 0, "blue", "red")
    cols["airframe"] = np.where(ids % 3 == 0, "interceptor-quad", "shahed-136")
    cols["alive"] = ids % 5 != 0
    cols["link_ok"] = np.ones(n, dtype=bool)
    cols["cmd_level"] = np.full(n, tick % 6, dtype=np.int64)
    return cols


def events(tick: int, t_s: float) -> list[dict[str, Any]]:
    """A spawn every tick and an intercept every third (values as numpy scalars, as engines make)."""
    out: list[dict[str, Any]] = [{"t_s": t_s, "kind": "spawn", "entity_id": tick, "side": "red",
                                  "airframe": "shahed-136", "x_m": np.float64(tick * 1.5)}]
    if tick % 3 == 0:
        out.append({"t_s": t_s, "kind": "intercept", "entity_id": np.int64(tick),
                    "target_id": tick + 1, "miss_distance_m": 0.1 * tick})
    return out
