"""The cockpit frame from a real trial: static scene and snapshot builders, HUD state, one drawn frame."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from sim.cockpit.hud_state import HudStateBuilder
from sim.cockpit.render.scene import SnapshotBuilder, static_scene_from_setup
from sim.cockpit.view import CameraMode, CameraRig, CockpitView
from sim.config.resolve import resolve
from sim.config.scenario_loading import load_scenario
from sim.entities import FLYING, Kind, Side
from sim.loop import TrialLoop
from sim.trial_setup import build_trial, resolve_stream

SIZE = (320, 240)


@pytest.fixture(scope="module")
def loop():
    loaded = load_scenario("port-night-shahed-wave")
    setup = build_trial(resolve(loaded, resolve_stream(loaded.meta.seed)), loaded.meta.seed)
    trial = TrialLoop(setup, [])
    for _ in range(40):  # the first Shahed spawns at t = 0
        trial.tick()
    yield trial
    setup.world.geometry.close()


def test_static_scene_from_the_scenario(loop):
    static = static_scene_from_setup(loop.setup)
    assert static.light == "night" and static.ground == "flat"
    assert [b.name for b in static.buildings] == ["port-tower", "warehouse-row"]
    assert [b.name for b in static.assets] == ["container-terminal", "tank-farm", "sea-lock"]
    assert static.sites_m.shape == (2, 3) and static.sensors_m.shape == (2, 4)  # radar and thermal masts
    blue = np.flatnonzero(loop.entities.side_array == Side.BLUE)
    assert np.all(static.uptilt_deg[blue] == 35.0) and np.all(static.fov_deg[blue] == 120.0)


def test_snapshot_follows_the_world(loop):
    snap = SnapshotBuilder(loop).build()
    n = len(loop.entities)
    assert snap.positions_m.shape == (n, 3) and snap.quaternions.shape == (n, 4) and len(snap) == n
    assert snap.t_s == pytest.approx(loop.t_s)
    assert np.array_equal(snap.alive, loop.entities.status == FLYING)
    assert np.allclose(np.linalg.norm(snap.quaternions, axis=1), 1.0)
    flying = np.flatnonzero(snap.alive)
    assert flying.size >= 1 and np.all(snap.kinds[flying] == Kind.FIXED_WING)  # Shahed-136s
    assert np.allclose(snap.positions_m[flying], loop.bodies.positions(flying))
    assert np.allclose(snap.scale_m[flying], 2.5)
    speed = np.linalg.norm(snap.velocities_mps[flying], axis=1)
    assert np.all((speed > 30.0) & (speed < 80.0))


def test_one_cockpit_frame_in_fpv_and_chase(loop):
    pygame.font.init()
    view = CockpitView(static_scene_from_setup(loop.setup), SIZE)
    threat = int(loop.entities.flying(Side.RED)[0])
    snap = SnapshotBuilder(loop).build()
    state = HudStateBuilder(loop, threat).build(snap, "AUTO")
    assert state.altitude_m > 50.0 and state.target_m is None  # no interceptor flying yet
    surf = pygame.Surface(SIZE)
    frames = []
    for mode in (CameraMode.FPV, CameraMode.CHASE):
        view.draw(surf, snap, CameraRig(mode, threat), state)
        frames.append(pygame.surfarray.array3d(surf).copy())
    for image in frames:
        assert len(np.unique(image.reshape(-1, 3), axis=0)) > 50, "scene, OSD and map, not a blank frame"
    assert not np.array_equal(frames[0], frames[1])
    view.renderer.release()
    view.ctx.release()
