"""Small builders for EW tests: jammers, links and an assessor on flat (or raised) ground."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.config.scenario_ew import AirframeLinks, Ew, Jammer, Link
from sim.config.scenario_sensors import Coverage
from sim.ew import ElectronicWarfare


def jammer(x: float = 0.0, y: float = 0.0, bands: tuple[str, ...] = ("2.4GHz",), power_dbm: float = 40.0,
           **kw: Any) -> Jammer:
    cov = kw.pop("coverage", None)
    return Jammer(name=kw.pop("name", "j"), position_m=[x, y], power_dbm=power_dbm, bands=list(bands),
                  coverage=cov if cov is not None else Coverage(), source="test", **kw)


def link(band: str, **kw: Any) -> Link:
    return Link(band=band, tx_power_dbm=kw.pop("tx_power_dbm", 27.0),
                rx_sensitivity_dbm=kw.pop("rx_sensitivity_dbm", -105.0), source="test", **kw)


def assessor(jammers: list[Jammer], links: dict[str, str] | None = None,
             own: dict[str, AirframeLinks] | None = None, ground_m: float = 0.0,
             ) -> ElectronicWarfare:
    ew = Ew(jammers=jammers, airframe_links=own or {})
    return ElectronicWarfare(ew, links or {"quad": "radio", "quad-fibre": "fibre", "shahed": "autonomous"},
                             lambda x, y: np.full(np.shape(x), ground_m))


def pts(*rows: tuple[float, float, float]) -> np.ndarray:
    return np.array(rows, dtype=float)
