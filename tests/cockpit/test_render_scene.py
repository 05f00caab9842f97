"""The OpenGL scene offscreen (EGL, Mesa software rendering here): content, cameras, night, a real trial."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from sim.cockpit.render.camera import fpv_camera, project, quat_matrix
from sim.cockpit.render.renderer import SceneRenderer, offscreen_context
from sim.cockpit.render.scene import make_snapshot, quaternion_from_yaw_pitch_roll, wing_quaternions
from sim.entities import Kind, Side
from sim.geometry import Box
from tests.cockpit.render_scenes import SIZE, day_scene, frame, ground_rows

LEVEL_EAST = quaternion_from_yaw_pitch_roll(0.0)
EYE = np.array([0.0, 0.0, 50.0])


@pytest.fixture(scope="module")
def ctx():
    context = offscreen_context()
    yield context
    context.release()


@pytest.fixture(scope="module")
def renderer(ctx):
    r = SceneRenderer(ctx, day_scene(buildings=(Box((120.0, 20.0, 15.0), (30.0, 20.0, 30.0), 0.0, "block"),)), SIZE)
    yield r
    r.release()


def _drone_at(position, kind=Kind.QUADROTOR, side=Side.RED, scale=0.3):
    return make_snapshot([position], [LEVEL_EAST], kinds=[kind], sides=[side], scale_m=[scale])


EMPTY = make_snapshot(np.zeros((0, 3)))


def test_frame_shows_sky_ground_and_a_building(renderer):
    cam = fpv_camera(EYE, LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0)
    image = frame(renderer, EMPTY, cam)
    colours = np.unique(image.reshape(-1, 4), axis=0)
    assert len(colours) > 20, "a lit, patterned scene has many colours"
    assert image[5, :, 0].mean() > image[5, :, 1].mean(), "top row is sky (blue)"
    assert len(ground_rows(image, 10)) > SIZE[1] // 3, "the lower part is ground"
    # The building, 120 m east and 20 m north (left), stands out from the sky right above the horizon.
    x, y = project(cam, np.array([[120.0, 20.0, 28.0]]), SIZE)[0][0].astype(int)
    sky = image[y, SIZE[0] - 5].astype(int)
    assert np.abs(image[y, x].astype(int) - sky).sum() > 60


def test_drone_in_front_is_drawn_at_the_centre_and_one_behind_is_not(renderer):
    cam = fpv_camera(EYE, LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0)
    empty = frame(renderer, EMPTY, cam)
    ahead = frame(renderer, _drone_at(EYE + (2.0, 0.0, 0.0)), cam)
    behind = frame(renderer, _drone_at(EYE + (-2.0, 0.0, 0.0)), cam)
    cx, cy = SIZE[0] // 2, SIZE[1] // 2
    centre = np.s_[cy - 3:cy + 3, cx - 3:cx + 3]  # a 0.3 m quad 2 m ahead, seen edge-on: ~13 x 8 px
    changed = np.any(ahead[centre] != empty[centre], axis=2)
    assert changed.mean() > 0.5, "the drone covers the centre of the picture"
    assert not np.any(ahead[:20] != empty[:20]), "and nothing far from it"
    assert np.array_equal(behind, empty), "a drone behind the camera is not drawn"


def test_flown_entity_is_hidden_in_its_own_fpv(renderer):
    cam = fpv_camera(EYE, LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0)
    snapshot = _drone_at(EYE + (4.0, 0.0, 0.0))
    assert np.array_equal(frame(renderer, snapshot, cam, hide_entity=0), frame(renderer, EMPTY, cam))


def test_dead_entities_are_not_drawn(renderer):
    cam = fpv_camera(EYE, LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0)
    dead = make_snapshot([EYE + (4.0, 0.0, 0.0)], alive=[False])
    assert np.array_equal(frame(renderer, dead, cam), frame(renderer, EMPTY, cam))


@pytest.mark.parametrize("uptilt_deg", [0.0, 20.0, 35.0])
def test_uptilt_moves_the_horizon_down_the_picture(renderer, uptilt_deg):
    cam = fpv_camera(EYE, LEVEL_EAST, uptilt_deg=uptilt_deg, fov_deg=90.0)
    image = frame(renderer, EMPTY, cam)
    first_ground = ground_rows(image, SIZE[0] // 2 + 40).min()
    f_px = (SIZE[0] / 2) / math.tan(math.radians(45.0))
    expected = SIZE[1] / 2 + f_px * math.tan(math.radians(uptilt_deg))  # a level camera tilted up sees it lower
    assert abs(first_ground - expected) <= 3
    # The HUD's projection agrees with the picture.
    hud_row = project(cam, np.array([[1.0, 0.0, 0.0]]), SIZE, directions=True)[0][0, 1]
    assert abs(hud_row - expected) < 0.5


def test_roll_tilts_the_horizon(renderer):
    rolled = fpv_camera(EYE, quaternion_from_yaw_pitch_roll(0.0, 0.0, math.radians(20.0)), 0.0, 90.0)
    image = frame(renderer, EMPTY, rolled)
    left, right = ground_rows(image, 40).min(), ground_rows(image, SIZE[0] - 40).min()
    # Positive FLU roll lowers the right side (y is left): the world's horizon climbs on the right.
    assert right < left - 20


def test_fixed_wing_attitude_from_the_wing_model():
    q = wing_quaternions(np.array([0.5]), np.array([0.2]), np.array([0.3]))[0]
    rot = quat_matrix(q)
    assert rot[2, 0] == pytest.approx(math.sin(0.2), abs=1e-9), "flight-path angle raises the nose"
    assert rot[2, 1] < 0.0, "positive bank (a left turn in the wing model) lowers the left wing"
    assert math.atan2(rot[1, 0], rot[0, 0]) == pytest.approx(0.5)


def test_fixed_wings_are_drawn(renderer):
    cam = fpv_camera(EYE, LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0)
    wing = make_snapshot([EYE + (15.0, 0.0, 0.0)], [LEVEL_EAST], kinds=[Kind.FIXED_WING], scale_m=[2.5])
    assert np.any(frame(renderer, wing, cam) != frame(renderer, EMPTY, cam))


def test_night_is_dim_but_flyable(ctx):
    night = SceneRenderer(ctx, day_scene(visibility_m=8000.0, light="night",
                                         buildings=(Box((100.0, 0.0, 20.0), (20.0, 60.0, 40.0), 0.0, "b"),)), SIZE)
    day = SceneRenderer(ctx, day_scene(visibility_m=8000.0), SIZE)
    cam = fpv_camera(EYE - (0.0, 0.0, 40.0), LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0)
    dark, bright = frame(night, EMPTY, cam)[..., :3], frame(day, EMPTY, cam)[..., :3]
    assert dark.mean() < 0.5 * bright.mean()
    assert dark.mean() > 12, "night is dim, not black"
    lit = (dark[..., 2].astype(int) > 150) & (dark[..., 0].astype(int) < 120)  # warm window light (BGRA)
    assert lit.sum() > 5, "lit windows on the building"
    night.release()
    day.release()


def test_gpu_window_path_scene_without_read_back_and_osd_overlay(ctx):
    """As in a pygame OPENGL window: RGBA colours, bottom row first, the OSD composited by OpenGL."""
    import pygame

    from sim.cockpit.render.overlay import OverlayCompositor

    size = SIZE
    fbo = ctx.framebuffer(color_attachments=[ctx.renderbuffer(size, components=4)],
                          depth_attachment=ctx.depth_renderbuffer(size))
    window = SceneRenderer(ctx, day_scene(), size, framebuffer=fbo, read_back=False)
    window.render(EMPTY, fpv_camera(EYE, LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0))
    overlay = OverlayCompositor(ctx, size)
    osd = overlay.new_surface()
    osd.fill((0, 0, 0, 0))
    osd.fill((255, 0, 255, 255), pygame.Rect(0, 0, 10, 10))  # a magenta mark, top left
    overlay.draw(osd, fbo)
    image = np.frombuffer(fbo.read(components=4), dtype=np.uint8).reshape(size[1], size[0], 4)[::-1]  # top first
    assert tuple(image[2, 2, :3]) == (255, 0, 255), "the OSD lands top left"
    assert image[5, 100, 2] > image[5, 100, 1], "RGBA: the sky is blue in the third channel"
    assert image[-5, 100, 1] > image[-5, 100, 2], "and the ground green at the bottom"
    overlay.release()
    window.release()
    fbo.release()


def test_heightmap_hill_rises_above_the_horizon(ctx):
    from sim.terrain import Heightmap

    x = (np.arange(21) - 10) * 40.0
    gx, gy = np.meshgrid(x, x)
    hill = Heightmap(120.0 * np.exp(-((gx - 250.0) ** 2 + gy ** 2) / (2 * 60.0 ** 2)), 40.0)
    flat, hilly = (SceneRenderer(ctx, dataclasses.replace(day_scene(), ground=g), SIZE) for g in ("flat", hill))
    cam = fpv_camera(np.array([0.0, 0.0, 20.0]), LEVEL_EAST, uptilt_deg=0.0, fov_deg=90.0)
    column = SIZE[0] // 2
    horizon = ground_rows(frame(flat, EMPTY, cam), column).min()
    hill_top = ground_rows(frame(hilly, EMPTY, cam), column).min()
    # The peak, 100 m above the eye at 250 m, stands about atan(100 / 250) = 22 degrees up: ~64 px at f = 160 px.
    assert horizon - hill_top == pytest.approx(160 * 100 / 250, abs=8)
    flat.release()
    hilly.release()
