"""Day and night light: sky, sun or moon, ambient, fog, and what glows at night.

Night is kept flyable on purpose: a dim moonlit ground with its field grid,
lit windows, floodlit protected assets and a warm horizon glow (towns, the
port) give the pilot a horizon and motion cues, as low-light FPV cameras do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Palette:
    sky_zenith: tuple[float, float, float]
    sky_horizon: tuple[float, float, float]
    glow: tuple[float, float, float]  # added near the horizon
    sun_dir: tuple[float, float, float]  # towards the light, world ENU
    sun_color: tuple[float, float, float]
    ambient: tuple[float, float, float]
    ground: tuple[float, float, float]
    building: tuple[float, float, float]
    asset: tuple[float, float, float]
    pad: tuple[float, float, float]
    mast: tuple[float, float, float]
    blue: tuple[float, float, float]  # interceptors
    red: tuple[float, float, float]  # threats
    night: float  # 0 day, 1 night: window lights, floodlights, self-lit drones
    fog_per_m: float  # Koschmieder: contrast 2 % at the visibility distance


def _unit(azimuth_deg: float, elevation_deg: float) -> tuple[float, float, float]:
    """Direction from compass azimuth (clockwise from north) and elevation."""
    az, el = math.radians(azimuth_deg), math.radians(elevation_deg)
    v = np.array([math.sin(az) * math.cos(el), math.cos(az) * math.cos(el), math.sin(el)])
    return tuple(float(x) for x in v)


def palette_for(light: str, visibility_m: float) -> Palette:
    fog = 3.912 / max(float(visibility_m), 100.0)
    if light == "night":
        return Palette(
            sky_zenith=(0.015, 0.02, 0.05), sky_horizon=(0.09, 0.08, 0.11), glow=(0.34, 0.2, 0.09),
            sun_dir=_unit(150.0, 35.0), sun_color=(0.24, 0.27, 0.36), ambient=(0.2, 0.21, 0.27),
            ground=(0.32, 0.35, 0.3), building=(0.34, 0.33, 0.32), asset=(0.62, 0.5, 0.34),
            pad=(0.4, 0.4, 0.44), mast=(0.5, 0.5, 0.5), blue=(0.45, 0.65, 0.95), red=(0.85, 0.3, 0.25),
            night=1.0, fog_per_m=fog)
    return Palette(
        sky_zenith=(0.25, 0.45, 0.78), sky_horizon=(0.72, 0.8, 0.9), glow=(0.0, 0.0, 0.0),
        sun_dir=_unit(200.0, 40.0), sun_color=(0.95, 0.92, 0.84), ambient=(0.42, 0.45, 0.5),
        ground=(0.36, 0.43, 0.29), building=(0.6, 0.58, 0.55), asset=(0.72, 0.52, 0.3),
        pad=(0.32, 0.32, 0.34), mast=(0.7, 0.7, 0.7), blue=(0.2, 0.35, 0.75), red=(0.5, 0.12, 0.1),
        night=0.0, fog_per_m=fog)
