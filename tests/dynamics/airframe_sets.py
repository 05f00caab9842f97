"""Built-in airframes grouped by kind, loaded once for the flight-core tests."""

from __future__ import annotations

from sim.config.airframe import FixedWing, Quadrotor
from sim.config.library import airframe_names
from sim.config.loading import load_airframe


def airframes_of(kind: type) -> list:
    found = [load_airframe(name) for name in airframe_names()]
    return [a for a in found if isinstance(a, kind)]


QUADS = airframes_of(Quadrotor)
WINGS = airframes_of(FixedWing)
