"""Cockpit tests run headless: SDL's dummy video and audio drivers, set before pygame starts."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from tests.cockpit.fakes import FakeJoysticks  # noqa: E402


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own pilot-profile folder: never the user's real one."""
    folder = tmp_path / "config"
    monkeypatch.setenv("SOLDIERS_LAB_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def pg():
    """pygame initialised with an empty event queue; shut down afterwards."""
    pygame.init()
    pygame.event.clear()
    yield pygame
    pygame.quit()


@pytest.fixture
def joysticks() -> FakeJoysticks:
    return FakeJoysticks()
