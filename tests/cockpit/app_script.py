"""Drive `CockpitApp` headless: a fake clock, and a frame hook posting pygame events by screen and sim time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame

from sim.cockpit.app import AppOptions, AppResult, CockpitApp, Screen
from sim.cockpit.app_flight import FlightSpec
from sim.cockpit.profile import PilotProfile
from tests.cockpit.fakes import key, post

SIZE = (320, 240)


class FakeTime:
    """Wall time that moves only when the app sleeps; each sleep lasts at least `frame_s` (a 30 fps machine)."""

    def __init__(self, frame_s: float = 1.0 / 30.0) -> None:
        self.t = 1000.0
        self.frame_s = frame_s
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += max(seconds, self.frame_s)


Step = Callable[[CockpitApp], None]


class Script:
    """Frame hook. `flight`: (sim time, step) run once when the flight reaches that time;
    `menus`: per screen, steps run one per frame when that screen is showing; `every_frame` sees every frame.
    A restarted flight runs its steps again from the start."""

    def __init__(self, flight: list[tuple[float, Step]] = (), menus: dict[Screen, list[Step]] | None = None,
                 every_frame: Step | None = None) -> None:
        self.flight = sorted(flight, key=lambda item: item[0])
        self.menus = {screen: list(steps) for screen, steps in (menus or {}).items()}
        self.every_frame = every_frame
        self.next = 0
        self._flight = None

    def __call__(self, app: CockpitApp) -> None:
        if self.every_frame is not None:
            self.every_frame(app)
        if app.screen is Screen.FLIGHT:
            if app.flight is not self._flight:  # a new flight (or a restart): its steps from the start
                self._flight, self.next = app.flight, 0
            while self.next < len(self.flight) and self.flight[self.next][0] <= app.flight.t_s + 1e-9:
                self.flight[self.next][1](app)
                self.next += 1
        elif self.menus.get(app.screen):
            self.menus[app.screen].pop(0)(app)


def keys(*codes: int, mod: int = 0) -> Step:
    """Press and release keys (in this order)."""
    def step(app: CockpitApp) -> None:
        for code in codes:
            post(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0)
            post(pygame.KEYUP, key=code, mod=mod, unicode="", scancode=0)
    return step


def hold(code: int, down: bool = True) -> Step:
    return lambda app: key(code, up=False) if down else post(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0)


def typed(text: str) -> Step:
    return lambda app: post(pygame.TEXTINPUT, text=text)


def fly(tmp_path: Path, script: Script, *, duration_s: float = 10.0, scenario: str = "training-hover-and-land",
        manager=None, mode=None, max_frames: int = 5000, callsign: str | None = "Kestrel",
        fake: FakeTime | None = None, profile: PilotProfile | None = None) -> tuple[AppResult, CockpitApp]:
    fake = fake or FakeTime()
    spec = FlightSpec(scenario, callsign=callsign, duration_s=duration_s, out_dir=tmp_path / "logs")
    app = CockpitApp(spec, profile or PilotProfile(), AppOptions(size=SIZE, mode=mode, max_frames=max_frames),
                     manager=manager, now=fake.now, sleep=fake.sleep, on_frame=script)
    pygame.event.clear()
    result = app.run()
    return result, app
