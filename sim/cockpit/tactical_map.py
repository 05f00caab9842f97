"""The tactical map inset: area, assets, sites, sensors, jammer footprints, tracks, interceptors.

North up, the whole scenario area. Everything static is drawn once into a
background surface; each frame blits it and draws the moving marks (sensor
tracks from the command post's picture, interceptors, the flown drone).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pygame

from sim.config.scenario_ew import BAND_CENTRE_MHZ
from sim.entities import Side
from sim.ew.budget import fspl_db
from sim.ew.jamming import GNSS_JS_THRESHOLD_DB, GNSS_SIGNAL_DBM

if TYPE_CHECKING:
    from sim.cockpit.hud_state import HudState
    from sim.cockpit.render.scene import SceneSnapshot, StaticScene
    from sim.config.scenario_ew import Ew, Jammer

NOMINAL_LINK_RANGE_M = 1000.0  # footprint drawn for a drone this far from its station
BACKGROUND = (12, 18, 28)
EDGE = (90, 110, 130)
ASSET = (230, 150, 60)
BUILDING = (120, 120, 120)
SITE = (80, 220, 120)
SENSOR = (220, 220, 220)
JAMMER = (200, 80, 220)
TRACK = (255, 70, 60)
TENTATIVE = (255, 170, 60)
INTERCEPTOR = (90, 160, 255)
OWN = (255, 255, 255)


def _radius_for_loss_db(loss_db: float, frequency_mhz: float) -> float:
    """Distance (m) at which free-space loss reaches `loss_db`."""
    return 1000.0 * 10.0 ** ((loss_db - 20.0 * math.log10(frequency_mhz) - 32.44) / 20.0)


def jammer_footprint_m(jammer: "Jammer", ew: "Ew") -> float:
    """Nominal denial radius: where a drone 1 km from its station loses its control link.

    Uses the scenario's default control link (then video, then GNSS if the jammer
    does not cover that band): jamming J(d) = P_j + G_j + G_rx - FSPL(d) beats
    P_rx(1 km) - required SINR. The engine's per-drone assessment is exact; this is a map cue.
    """
    for link in (ew.control_link, ew.video_link):
        if link.band in jammer.bands:
            f = BAND_CENTRE_MHZ[link.band]
            signal = float(link.tx_power_dbm + link.tx_gain_dbi + link.rx_gain_dbi
                           - fspl_db(NOMINAL_LINK_RANGE_M, f))
            budget = float(jammer.power_dbm + jammer.antenna_gain_dbi + link.rx_gain_dbi
                           - (signal - float(link.required_sinr_db)))
            return _radius_for_loss_db(budget, f)
    if "gnss" in jammer.bands:
        budget = float(jammer.power_dbm + jammer.antenna_gain_dbi) - (GNSS_SIGNAL_DBM + GNSS_JS_THRESHOLD_DB)
        return _radius_for_loss_db(budget, BAND_CENTRE_MHZ["gnss"])
    return 0.0


class TacticalMap:
    """A `side` x `side` pixel inset of the whole area."""

    def __init__(self, static: "StaticScene", side_px: int = 160) -> None:
        self.static, self.side = static, int(side_px)
        half = max(static.area_size_m) / 2.0
        self.half_m = half
        self.scale = (self.side - 4) / (2.0 * half)  # px per metre, 2 px margin
        self.background = self._draw_background()

    def to_px(self, xy_m: np.ndarray) -> np.ndarray:
        """(N, 2) world x, y -> map pixels (top-left origin)."""
        xy = np.atleast_2d(np.asarray(xy_m, dtype=float))
        c = self.side / 2.0
        return np.column_stack([c + xy[:, 0] * self.scale, c - xy[:, 1] * self.scale])

    def _box_polygon(self, box) -> list[tuple[float, float]]:
        cx, cy, _ = box.center_xyz_m
        hx, hy = box.size_xyz_m[0] / 2, box.size_xyz_m[1] / 2
        c, s = math.cos(box.yaw_rad), math.sin(box.yaw_rad)
        corners = [(cx + c * x - s * y, cy + s * x + c * y) for x, y in ((-hx, -hy), (hx, -hy), (hx, hy), (-hx, hy))]
        return [tuple(p) for p in self.to_px(np.array(corners))]

    def _draw_background(self) -> pygame.Surface:
        surf = pygame.Surface((self.side, self.side))
        surf.fill(BACKGROUND)
        w, h = self.static.area_size_m
        corner = self.to_px([(-w / 2, h / 2)])[0]
        pygame.draw.rect(surf, EDGE, pygame.Rect(corner[0], corner[1], w * self.scale, h * self.scale), 1)
        for jam in self.static.jammers:
            centre = self.to_px([jam.position_m[:2]])[0]
            pygame.draw.circle(surf, JAMMER, centre, max(2, round(jam.footprint_m * self.scale)), 1)
        for box in self.static.buildings:
            pygame.draw.polygon(surf, BUILDING, self._box_polygon(box))
        for box in self.static.assets:
            poly = self._box_polygon(box)
            pygame.draw.polygon(surf, ASSET, poly)
            pygame.draw.polygon(surf, ASSET, poly, 1)  # at least a pixel for small assets
        for x, y in self.to_px(self.static.sites_m[:, :2]):
            pygame.draw.rect(surf, SITE, pygame.Rect(x - 2, y - 2, 5, 5))
        for x, y in self.to_px(self.static.sensors_m[:, :2]):
            pygame.draw.circle(surf, SENSOR, (x, y), 2, 1)
        pygame.draw.rect(surf, EDGE, surf.get_rect(), 1)
        return surf.convert() if pygame.display.get_surface() is not None else surf

    def draw(self, target: pygame.Surface, topleft: tuple[int, int], snapshot: "SceneSnapshot",
             state: "HudState") -> pygame.Rect:
        """Draw the inset at `topleft`; returns the rectangle drawn."""
        rect = target.blit(self.background, topleft)
        ox, oy = topleft
        clip = target.get_clip()
        target.set_clip(rect)
        if len(state.tracks_xy_m):
            for (x, y), confirmed in zip(self.to_px(state.tracks_xy_m), state.tracks_confirmed):
                pts = [(ox + x, oy + y - 3), (ox + x + 3, oy + y), (ox + x, oy + y + 3), (ox + x - 3, oy + y)]
                pygame.draw.polygon(target, TRACK if confirmed else TENTATIVE, pts, 0 if confirmed else 1)
        blue = np.flatnonzero(snapshot.alive & (snapshot.sides == Side.BLUE))
        for x, y in self.to_px(snapshot.positions_m[blue, :2]):
            target.fill(INTERCEPTOR, (ox + x - 1, oy + y - 1, 3, 3))
        if state.entity_id is not None and 0 <= state.entity_id < len(snapshot):
            x, y = self.to_px(snapshot.positions_m[state.entity_id, :2])[0]
            a = state.heading_rad
            tip = (ox + x + 6 * math.cos(a), oy + y - 6 * math.sin(a))
            left = (ox + x + 4 * math.cos(a + 2.5), oy + y - 4 * math.sin(a + 2.5))
            right = (ox + x + 4 * math.cos(a - 2.5), oy + y - 4 * math.sin(a - 2.5))
            pygame.draw.polygon(target, OWN, [tip, left, right])
        target.set_clip(clip)
        return rect
