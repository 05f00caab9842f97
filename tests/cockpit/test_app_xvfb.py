"""The real cockpit window on an X server (Xvfb): `slab fly` in a subprocess, its screenshot checked.

Not the dummy video driver: the subprocess opens an X11 window on its own
virtual display, flies the first intercept with the scripted demo pilot and
saves the window surface. Xvfb missing is a failure, not a skip: CI installs it
(`apt-get install xvfb`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pygame
import pytest

SIZE = (640, 480)
WHITE = np.array([235, 240, 245])  # sim.cockpit.hud.WHITE: OSD text
GREEN = np.array([90, 230, 110])  # sim.cockpit.hud.GREEN: the kills counter


def free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number in :90..:199")


@pytest.fixture
def xserver():
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is not installed (apt-get install xvfb): the real-window test cannot run")
    number = free_display()
    process = subprocess.Popen([xvfb, f":{number}", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 20.0
    while not socket.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Xvfb :{number} did not start: {process.stderr.read().decode(errors='replace')[-500:]}")
        time.sleep(0.05)
    yield f":{number}"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def slab() -> list[str]:
    script = Path(sys.executable).with_name("slab")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sim.cli"]


def near(pixels: np.ndarray, colour: np.ndarray, tolerance: int = 25) -> int:
    return int(np.count_nonzero(np.all(np.abs(pixels.astype(int) - colour) <= tolerance, axis=-1)))


def test_real_window_shows_the_fpv_scene_and_the_hud(xserver, tmp_path, config_dir):
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env.update(DISPLAY=xserver, SOLDIERS_LAB_CONFIG_DIR=str(config_dir), SDL_AUDIODRIVER="dummy")
    shot = tmp_path / "cockpit.png"
    run = subprocess.run(
        [*slab(), "fly", "training-first-intercept", "--duration", "3", "--autopilot-demo", "--callsign", "Xvfb",
         "--out", str(tmp_path / "logs"), "--screenshot", str(shot), "--screenshot-frame", "150"],
        check=False, env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.is_file(), run.stdout

    image = pygame.image.load(str(shot))
    assert image.get_size() == SIZE
    rgb = pygame.surfarray.array3d(image).transpose(1, 0, 2)  # rows, columns, RGB
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 500, "a rendered scene, not a blank or flat frame"

    # Sky above ground: the central columns (clear of the OSD and the map) hold bluish rows and greenish rows.
    middle = rgb[:, 200:440].astype(int).mean(axis=1)
    sky = (middle[:, 2] > middle[:, 0] + 40) & (middle[:, 2] > middle[:, 1])
    ground = middle[:, 1] >= middle[:, 2]
    assert sky[: SIZE[1] // 3].any() and ground.any()
    assert np.flatnonzero(sky).min() < np.flatnonzero(ground).min()

    # OSD text where the HUD puts it: battery and link top left, timer and mode top centre, counters top right,
    # speed and altitude bottom left; each as white (or green) glyphs with their black shadow.
    regions = {"battery/link": (slice(0, 50), slice(0, 130)), "timer/mode": (slice(0, 50), slice(260, 380)),
               "speed/altitude": (slice(420, 480), slice(0, 150))}
    for name, (rows, cols) in regions.items():
        patch = rgb[rows, cols]
        assert near(patch, WHITE) > 40, f"no OSD text in the {name} region"
        assert near(patch, np.zeros(3), 30) > 20, f"no text shadow in the {name} region"
    assert near(rgb[0:50, 500:640], GREEN) > 20, "no kills counter"
    assert near(rgb[225:256, 305:336], WHITE) > 8, "no crosshair"
