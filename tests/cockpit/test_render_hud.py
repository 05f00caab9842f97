"""The OSD and the tactical map, drawn with pygame on a plain surface."""

from __future__ import annotations

import dataclasses

import numpy as np
import pygame
import pytest

from sim.cockpit import hud as H
from sim.cockpit import tactical_map as TM
from sim.cockpit.hud import Hud
from sim.cockpit.hud_state import HudState
from sim.cockpit.render.camera import fpv_camera
from sim.cockpit.render.scene import make_snapshot, quaternion_from_yaw_pitch_roll
from sim.cockpit.render.scene import Jammer
from sim.cockpit.tactical_map import TacticalMap, jammer_footprint_m
from sim.config.scenario_ew import Ew, Jammer as JammerConfig
from tests.cockpit.render_scenes import day_scene

SIZE = (640, 480)
LEVEL_EAST = quaternion_from_yaw_pitch_roll(0.0)
CAM = fpv_camera(np.array([0.0, 0.0, 50.0]), LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0)


@pytest.fixture(scope="module")
def hud():
    pygame.font.init()
    return Hud(SIZE)


def _black() -> pygame.Surface:
    surf = pygame.Surface(SIZE)
    surf.fill((0, 0, 0))
    return surf


def _pixels(surf: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surf).transpose(1, 0, 2)  # (h, w, rgb)


def _lit(region: np.ndarray) -> int:
    return int(np.count_nonzero(region.sum(axis=2) > 150))


def test_crosshair_at_the_centre(hud):
    surf = _black()
    hud.draw(surf, HudState(), CAM)
    px = _pixels(surf)
    cx, cy = SIZE[0] // 2, SIZE[1] // 2
    assert tuple(px[cy, cx]) == H.WHITE
    assert tuple(px[cy, cx + 6]) == H.WHITE and tuple(px[cy + 6, cx]) == H.WHITE


def test_osd_numbers_and_counters_are_drawn(hud):
    blank = _pixels(_black())
    surf = _black()
    state = HudState(t_s=125.0, battery=0.8, link_quality=0.9, speed_mps=50.0, altitude_m=120.0, kills=3, leakers=1)
    hud.draw(surf, state, CAM)
    px = _pixels(surf)
    assert _lit(px[0:50, 0:120]) > 30, "battery and link quality, top left"
    assert _lit(px[0:50, 270:370]) > 30, "timer and flight mode, top centre"
    assert _lit(px[0:50, 520:640]) > 30, "kills and leakers, top right"
    assert _lit(px[420:480, 0:160]) > 30, "speed and altitude, bottom left"
    assert _lit(blank) == 0
    # A leaker turns its counter red.
    red = px[0:50, 520:640]
    assert np.count_nonzero((red[..., 0] > 200) & (red[..., 1] < 100)) > 10


def test_horizon_is_drawn_where_the_camera_sees_it(hud):
    surf = _black()
    hud.draw(surf, HudState(), CAM)
    px = _pixels(surf)
    # Level camera: the horizon bars cross the picture's middle row, left and right of the crosshair.
    assert _lit(px[236:244, 160:280]) > 50 and _lit(px[236:244, 360:480]) > 50
    tilted = _black()
    hud.draw(tilted, HudState(), fpv_camera(np.array([0.0, 0.0, 50.0]), LEVEL_EAST, uptilt_deg=30.0, fov_deg=90.0))
    tilted_px = _pixels(tilted)
    assert _lit(tilted_px[236:244, 160:280]) == 0
    # 30 degrees of uptilt: a level horizon 320 px x tan(30) = 185 px below the centre.
    assert _lit(tilted_px[420:430, 160:280]) > 50, "uptilt puts the horizon lower"


def test_target_box_in_front_and_arrow_when_behind(hud):
    ahead = _black()
    hud.draw(ahead, HudState(target_m=np.array([200.0, 0.0, 50.0]), target_label="T1"), CAM)
    px = _pixels(ahead)
    red = (px[..., 0] > 200) & (px[..., 1] < 100) & (px[..., 2] < 100)
    assert red[220:260, 300:340].sum() > 20, "a red box round the target at the centre"
    behind = _black()
    hud.draw(behind, HudState(target_m=np.array([-200.0, 50.0, 50.0]), target_label="T1"), CAM)
    px = _pixels(behind)
    red = (px[..., 0] > 200) & (px[..., 1] < 100) & (px[..., 2] < 100)
    assert red[200:280, 280:360].sum() == 0, "no box where the camera is not looking"
    assert red.sum() > 50, "an arrow shows which way to turn"


def test_warnings_are_shown(hud):
    surf = _black()
    hud.draw(surf, HudState(warnings=("FAILSAFE",)), None)
    assert _lit(_pixels(surf)[280:330, 200:440]) > 50


def test_tactical_map_marks_a_track_and_interceptors():
    pygame.font.init()
    static = day_scene()
    static = dataclasses.replace(static, jammers=(Jammer((1000.0, -1000.0, 5.0), 600.0),))
    tmap = TacticalMap(static, 160)
    snapshot = make_snapshot([[-1500.0, 1500.0, 100.0]], sides=[0])
    state = HudState(tracks_xy_m=np.array([[1000.0, 1200.0]]), tracks_confirmed=np.array([True]))
    surf = pygame.Surface((200, 200))
    tmap.draw(surf, (10, 10), snapshot, state)
    px = pygame.surfarray.array3d(surf)  # (x, y, rgb)
    tx, ty = (tmap.to_px([(1000.0, 1200.0)])[0] + 10).astype(int)
    assert tuple(px[tx, ty]) == TM.TRACK
    bx, by = (tmap.to_px([(-1500.0, 1500.0)])[0] + 10).astype(int)
    assert tuple(px[bx, by]) == TM.INTERCEPTOR
    clean = pygame.Surface((200, 200))
    tmap.draw(clean, (10, 10), make_snapshot(np.zeros((0, 3))), HudState())
    assert tuple(pygame.surfarray.array3d(clean)[tx, ty]) == TM.BACKGROUND
    # The jammer footprint ring passes 600 m east of the jammer.
    jx, jy = (tmap.to_px([(1600.0, -1000.0)])[0] + 10).round().astype(int)
    ring = pygame.surfarray.array3d(clean)[jx - 1:jx + 2, jy - 1:jy + 2].reshape(-1, 3)
    assert any(tuple(c) == TM.JAMMER for c in ring)


def test_jammer_footprint_grows_with_power():
    ew = Ew()
    weak = JammerConfig(name="j", position_m=[0, 0], power_dbm=30, bands=["2.4GHz"], source="test")
    strong = JammerConfig(name="j", position_m=[0, 0], power_dbm=50, bands=["2.4GHz"], source="test")
    assert jammer_footprint_m(strong, ew) == pytest.approx(10.0 * jammer_footprint_m(weak, ew))
    # A 10 W jammer against a 500 mW link 1 km from its station: a few kilometres.
    assert 1000.0 < jammer_footprint_m(JammerConfig(name="j", position_m=[0, 0], power_dbm=40, bands=["2.4GHz"],
                                                    source="test"), ew) < 10_000.0
    off_band = JammerConfig(name="j", position_m=[0, 0], power_dbm=40, bands=["433MHz"], source="test")
    assert jammer_footprint_m(off_band, ew) == 0.0
