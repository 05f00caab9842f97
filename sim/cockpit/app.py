"""`slab fly`'s window: briefing -> flight -> debrief -> questionnaire, one pygame loop.

    app = CockpitApp(FlightSpec("training-hover-and-land"), load_profile())
    result = app.run()          # result.records: every record written (a restart adds one)

Every frame: the frame hook (tests and `--autopilot-demo` post pygame events
there), `pygame.event.get()` fed to the pilot inputs (keyboard, hot-plug,
sticks) and to the current screen, draw, flip, then wait: in flight
`RealTimeClock` decides how many fixed 120 Hz control ticks each frame runs;
menus redraw at 30 Hz. Time source and sleep are injectable, so tests run a
whole flight headless (SDL_VIDEODRIVER=dummy) on a fake clock.

A record is never lost: it is finished (complete, with metrics) before the
debrief opens, on restart (reason "quit", then a fresh trial starts), on
quit, on closing the window and on the test frame limit. The questionnaire is
written afterwards by `write_feedback`, which never raises.
"""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import pygame

from sim.cockpit.app_controls import AppAction, AppControls, Nav
from sim.cockpit.app_flight import Flight, FlightSpec, open_trial
from sim.cockpit.app_screens import (controls_help, debrief_lines, draw_briefing, draw_debrief, draw_questionnaire,
                                     objectives)
from sim.cockpit.app_text import Page
from sim.cockpit.clock import PAUSED_FRAME_S, RealTimeClock
from sim.cockpit.devices import DeviceManager
from sim.cockpit.flight_modes import FlightMode
from sim.cockpit.keyboard import KeyboardSticks
from sim.cockpit.pilot_input import PilotInputs
from sim.cockpit.profile import PilotProfile
from sim.cockpit.questionnaire import Outcome, Questionnaire
from sim.cockpit.session import freeze_heap
from sim.config.scenario_loading import load_scenario
from sim.piloted_trial import QUIT
from trials.feedback import write_feedback

MENU_FRAME_S = PAUSED_FRAME_S
PAUSE_LINES = ["PAUSED", "P / Start: resume", "R / Back: restart (this flight is saved)",
               "Esc / Start+Back: end the flight"]


class Screen(str, Enum):
    BRIEFING = "briefing"
    FLIGHT = "flight"
    DEBRIEF = "debrief"
    QUESTIONNAIRE = "questionnaire"
    DONE = "done"


class AppOutcome(str, Enum):
    FLOWN = "flown"  # a flight was flown to its end or ended by the soldier
    LEFT = "left"  # left at the briefing: nothing flown, nothing recorded
    FRAME_LIMIT = "frame_limit"  # tests: the frame limit stopped it (the record is complete)


@dataclass(frozen=True)
class AppOptions:
    size: tuple[int, int] = (640, 480)
    device_index: int | None = None
    mode: FlightMode | None = None  # overrides the profile's flight mode
    screenshot: Path | None = None  # save the window after `screenshot_frame` flight frames
    screenshot_frame: int = 90
    max_frames: int | None = None  # tests: never hang


@dataclass
class AppResult:
    outcome: AppOutcome = AppOutcome.LEFT
    records: list[Path] = field(default_factory=list)
    feedback: Path | None = None
    screenshot: Path | None = None


FrameHook = Callable[["CockpitApp"], None]


class CockpitApp:
    def __init__(self, spec: FlightSpec, profile: PilotProfile, options: AppOptions = AppOptions(), *,
                 manager: DeviceManager | None = None, now: Callable[[], float] = time.perf_counter,
                 sleep: Callable[[float], None] = time.sleep, on_frame: FrameHook | None = None) -> None:
        if options.mode is not None:
            profile = profile.model_copy(update={"flight_mode": options.mode})
        self.profile, self.options = profile, options
        self.spec = dataclasses.replace(spec, callsign=spec.callsign or profile.callsign)
        self.scenario = load_scenario(spec.scenario)
        probe = open_trial(self.spec, record=False)  # bad airframe, side or a fixed wing: raise before any window
        self.airframe_label = f"{probe.airframe_model.display_name} ({probe.airframe})"
        probe.tick()  # the engine's first tick loads its compiled kernels (~0.4 s): here, not mid-flight
        probe.finish(QUIT)
        self.manager, self.now, self.sleep, self.on_frame = manager, now, sleep, on_frame
        self.screen = Screen.BRIEFING
        self.result = AppResult()
        self.flight: Flight | None = None
        self.clock: RealTimeClock | None = None
        self.questionnaire: Questionnaire | None = None
        self.frames = self.flight_frames = 0
        self._debrief: list[str] = []

    # --- set-up and loop --------------------------------------------------
    def run(self) -> AppResult:
        for module in (pygame.display, pygame.font, pygame.joystick):  # no mixer: no sound card needed
            module.init()
        self.window = pygame.display.set_mode(self.options.size)
        pygame.display.set_caption(f"Soldiers Lab - {self.scenario.meta.name}")
        self.page = Page(self.options.size)
        self.inputs = PilotInputs(self.profile, self.manager, device_index=self.options.device_index)
        self.inputs.start()
        self.controls = AppControls(self.inputs)
        try:
            while self.screen is not Screen.DONE:
                self._frame()
        finally:
            self._close_flight()
        return self.result

    def _frame(self) -> None:
        if self.on_frame is not None:
            self.on_frame(self)
        events = pygame.event.get()
        self.inputs.handle_events(events)
        {Screen.BRIEFING: self._briefing, Screen.FLIGHT: self._flight, Screen.DEBRIEF: self._debrief_screen,
         Screen.QUESTIONNAIRE: self._questionnaire}[self.screen](events)
        if self.screen is not Screen.DONE:
            pygame.display.flip()
        self.frames += 1
        limit = self.options.max_frames
        if limit is not None and self.frames >= limit and self.screen is not Screen.DONE:
            self._end_flight(QUIT)
            self.result.outcome, self.screen = AppOutcome.FRAME_LIMIT, Screen.DONE
        if self.screen is Screen.FLIGHT:
            self.clock.wait()
        elif self.screen is not Screen.DONE:
            self.sleep(MENU_FRAME_S)

    def _menu_sticks(self):
        """A device's sticks move through menus like the arrows (radios have no D-pad)."""
        return self.inputs.read(MENU_FRAME_S).sticks if self.inputs.device is not None else None

    def _clear_presses(self) -> None:
        """Arm presses made outside the flight (starting it, while paused) must not arm."""
        self.inputs.keyboard.take_arm_press()
        for device in self.inputs.manager.devices:
            device.take_presses()

    # --- briefing ---------------------------------------------------------
    def _briefing(self, events: list[pygame.event.Event]) -> None:
        moves = self.controls.menu_nav(events, self._menu_sticks())
        space = any(e.type == pygame.KEYDOWN and e.key == pygame.K_SPACE for e in events)
        if Nav.CLOSE in moves or Nav.SKIP in moves:
            self.screen = Screen.DONE
            return
        if space or Nav.CONFIRM in moves or Nav.SUBMIT in moves:
            self._start_flight()
            return
        device = self.inputs.device
        flown = (f"{self.spec.callsign} flies the {self.spec.side} {self.airframe_label} in "
                 f"{self.profile.flight_mode.value} mode.")
        draw_briefing(self.page, self.window, self.scenario, flown,
                      objectives(self.scenario, self.spec.side, self.spec.duration_s),
                      controls_help(device.name if device else None, self.inputs.calibration if device else None))

    def _start_flight(self, ctx=None) -> None:
        self.page.begin(self.window).title("Loading...")
        pygame.display.flip()
        self.flight = Flight(self.spec, self.profile, self.inputs, self.options.size, ctx=ctx)
        self.clock = RealTimeClock(self.flight.trial.loop.dt_control, self.now, self.sleep)
        self.flight.draw(self.window)  # warm-up (shaders, first allocations): not a hitch on the clock
        self._clear_presses()
        freeze_heap()  # no ~50 ms garbage collection over the built trial mid-flight; undone when it ends
        self.clock.start()
        self.screen = Screen.FLIGHT

    # --- flight -----------------------------------------------------------
    def _flight(self, events: list[pygame.event.Event]) -> None:
        flight, clock = self.flight, self.clock
        for action in self.controls.flight_actions(events):
            if action is AppAction.PAUSE:
                if not clock.toggle_pause():
                    self._clear_presses()
            elif action is AppAction.RESTART:
                self._restart()
                return
            elif action in (AppAction.QUIT, AppAction.CLOSE):
                self._end_flight(QUIT)
                if action is AppAction.CLOSE:
                    self._write_skipped()
                    self.screen = Screen.DONE
                return
            elif action is AppAction.TOGGLE_VIEW:
                flight.toggle_view()
            elif action is AppAction.TOGGLE_MAP:
                flight.toggle_map()
            elif action.flight_mode is not None:
                flight.set_mode(action.flight_mode)
        flight.advance(clock.due())
        if flight.done:
            self._end_flight(None)
            return
        flight.draw(self.window)
        if clock.paused:
            self.page.overlay(self.window, PAUSE_LINES)
        self.flight_frames += 1
        if self.flight_frames >= self.options.screenshot_frame:
            self._screenshot()

    def _screenshot(self) -> None:
        """Save the window once (`--screenshot`): at the set frame, or the last flight frame if that comes first."""
        shot = self.options.screenshot
        if shot is not None and self.result.screenshot is None and self.flight_frames > 0:
            shot.parent.mkdir(parents=True, exist_ok=True)
            pygame.image.save(self.window, str(shot))
            self.result.screenshot = shot

    def _restart(self) -> None:
        """The flight so far is finished and kept ("quit"); a fresh trial of the same scenario starts."""
        ctx = self.flight.view.ctx
        gc.unfreeze()
        self.result.records.append(self.flight.finish(QUIT).folder)
        self.flight.release(keep_context=True)
        self.flight = None
        self.inputs.keyboard = KeyboardSticks()  # sticks back to rest (throttle down)
        self._start_flight(ctx)

    def _end_flight(self, reason: str | None) -> None:
        """Finish the record (complete) and show the debrief."""
        flight = self.flight
        if flight is None or flight.result is not None:
            return
        self._screenshot()  # the window still shows the flight's last frame
        gc.unfreeze()
        result = flight.finish(reason)
        self.result.records.append(result.folder)
        self.result.outcome = AppOutcome.FLOWN
        self._debrief = debrief_lines(result.summary, flight.trial.events, flight.trial.entity_id, self.scenario)
        self.screen = Screen.DEBRIEF

    def _close_flight(self) -> None:
        """Leaving the loop (normally or by an exception): the record is finished, GL freed."""
        if self.flight is None:
            return
        gc.unfreeze()
        try:
            if self.flight.result is None and not self.flight.trial.finished:
                self.result.records.append(self.flight.finish(QUIT).folder)
        finally:
            self.flight.release()

    # --- debrief and questionnaire ---------------------------------------------
    def _write_skipped(self) -> None:
        if self.flight is not None and self.flight.result is not None and self.flight.result.folder is not None:
            identity = self.flight.feedback_identity(self.spec.callsign)
            self.result.feedback = write_feedback(self.flight.result.folder, {**identity, "skipped": True})

    def _debrief_screen(self, events: list[pygame.event.Event]) -> None:
        moves = self.controls.menu_nav(events, self._menu_sticks())
        if Nav.SKIP in moves or Nav.CLOSE in moves:
            self._write_skipped()
            self.screen = Screen.DONE
            return
        if Nav.CONFIRM in moves or Nav.SUBMIT in moves:
            self.questionnaire = Questionnaire()
            pygame.key.start_text_input()
            self.screen = Screen.QUESTIONNAIRE
            return
        folder = self.flight.result.folder
        draw_debrief(self.page, self.window, self._debrief, str(folder), folder is not None)

    def _questionnaire(self, events: list[pygame.event.Event]) -> None:
        q = self.questionnaire
        sticks = self._menu_sticks()
        for event in events:  # one by one: typing and moving keep their order
            q.type_text(self.controls.text([event]))
            for move in self.controls.menu_nav([event]):
                q.apply(move)
        for move in self.controls.menu_nav([], sticks):
            q.apply(move)
        if q.outcome is Outcome.SKIPPED:
            self._write_skipped()
        elif q.outcome is Outcome.SUBMITTED:
            folder = self.flight.result.folder
            if folder is not None:
                identity = self.flight.feedback_identity(self.spec.callsign)
                self.result.feedback = write_feedback(folder, {**identity, **q.answers()})
        if q.outcome is not Outcome.OPEN:
            pygame.key.stop_text_input()
            self.screen = Screen.DONE
            return
        draw_questionnaire(self.page, self.window, q)
