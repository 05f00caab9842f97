"""Scenario models for electronic warfare: jammers and the radio links they attack.

Link budget the engine is meant to implement (DOMAIN.md section 6):
P_rx = P_tx + G_tx + G_rx - FSPL(d), FSPL(dB) = 20 log10(d_km) + 20 log10(f_MHz) + 32.44;
a jammer on the link's band adds J = P_j + G_j + G_rx - FSPL(d_jammer); the link
is lost when P_rx - J < required_sinr_db or P_rx < rx_sensitivity_dbm. A jammer
acts on whatever uses one of its bands: the control link, the video link (each
scenario-wide, or per airframe in `airframe_links`), or GNSS (band `gnss`). Fibre-linked airframes (airframe `link: fibre`) ignore RF
jamming of control and video; every airframe that navigates by GNSS drifts.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.config.airframe import Source, Strict
from sim.config.distributions import number, support
from sim.config.scenario_area import XY, Name
from sim.config.scenario_forces import AirframeName
from sim.config.scenario_sensors import Coverage

Band = Literal["433MHz", "868MHz", "900MHz", "1.2GHz", "2.4GHz", "5.8GHz", "gnss"]

# Centre frequency used in FSPL; `gnss` is GPS L1.
BAND_CENTRE_MHZ: dict[str, float] = {
    "433MHz": 433.0, "868MHz": 868.0, "900MHz": 915.0, "1.2GHz": 1250.0,
    "2.4GHz": 2440.0, "5.8GHz": 5800.0, "gnss": 1575.42,
}

Effect = Literal["control", "video", "gnss"]


class Jammer(Strict):
    name: Name
    position_m: XY
    height_m: number(ge=0, le=2000) = 5.0
    power_dbm: number(ge=-30, le=90) = Field(description="transmit power per band (40 dBm = 10 W)")
    antenna_gain_dbi: number(ge=-20, le=40) = 0.0
    bands: Annotated[list[Band], Field(min_length=1)]
    coverage: Coverage = Field(default_factory=Coverage, description="antenna sector; default omnidirectional")
    active_from_s: number(ge=0) = 0.0
    active_until_s: number(ge=0) | None = Field(default=None, description="default: to the end")
    source: Source

    @model_validator(mode="after")
    def _window(self) -> "Jammer":
        if self.active_until_s is not None and support(self.active_until_s)[0] <= support(self.active_from_s)[1]:
            raise ValueError("active_until_s must come after active_from_s")
        return self


class Link(Strict):
    """A radio link from a ground station (or goggles) to a drone, or back."""

    band: Band
    tx_power_dbm: number(ge=-30, le=60)
    tx_gain_dbi: number(ge=-20, le=40) = 2.0
    rx_gain_dbi: number(ge=-20, le=40) = 2.0
    rx_sensitivity_dbm: number(ge=-150, le=0)
    required_sinr_db: number(ge=-30, le=60) = 3.0
    source: Source


def _control_link() -> Link:
    return Link(band="2.4GHz", tx_power_dbm=27.0, rx_sensitivity_dbm=-105.0,
                source="ELRS-class 2.4 GHz at 500 mW; receivers need about -105 to -117 dBm (DOMAIN.md)")


def _video_link() -> Link:
    return Link(band="5.8GHz", tx_power_dbm=27.0, rx_sensitivity_dbm=-90.0, required_sinr_db=6.0,
                source="estimate: 5.8 GHz analog VTX at 500 mW, goggle receiver about -90 dBm")


class AirframeLinks(Strict):
    """One airframe's own links; unset ones are the scenario-wide defaults."""

    control: Link | None = None
    video: Link | None = None


class Ew(Strict):
    jammers: list[Jammer] = Field(default_factory=list)
    control_link: Link = Field(default_factory=_control_link, description="default control link of every drone")
    video_link: Link = Field(default_factory=_video_link, description="default video link of every drone")
    airframe_links: dict[AirframeName, AirframeLinks] = Field(
        default_factory=dict, description="per-airframe links, e.g. a threat on 900 MHz")
    failsafe_hold_s: number(ge=0, le=60) = Field(
        default=1.0, description="after link loss, hold the last command this long, then the airframe's failsafe")
    gnss_denied_drift_mps: number(ge=0, le=100) = Field(
        default=1.0, description="growth of navigation error while GNSS is jammed (inertial dead reckoning)")

    def link(self, airframe: str, which: Literal["control", "video"]) -> Link:
        own = self.airframe_links.get(airframe)
        chosen = getattr(own, which) if own is not None else None
        return chosen if chosen is not None else (self.control_link if which == "control" else self.video_link)

    def effects(self, jammer: Jammer, airframe: str) -> set[Effect]:
        """What `jammer` can degrade on `airframe` (before range and power decide; fibre aside)."""
        found: set[Effect] = {"gnss"} if "gnss" in jammer.bands else set()
        for which in ("control", "video"):
            if self.link(airframe, which).band in jammer.bands:
                found.add(which)
        return found
