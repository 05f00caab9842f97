"""The cockpit app's own keys and pad buttons (the sticks and arming are `pilot_input`'s).

Flight:

| key    | gamepad                 | does                                   |
|--------|-------------------------|----------------------------------------|
| P      | Start                   | pause / resume                         |
| R      | Back (on release)       | restart: the flight so far is saved, a fresh one starts |
| Esc    | Start + Back together   | end the flight (saved), go to the debrief |
| C      | Y                       | FPV / chase view                       |
| M      | X                       | tactical map on / off                  |
| 1-4    |                         | flight mode acro / angle / horizon / assisted |

Back acts on release so that pressing it first in the Start + Back chord
does not restart. Pad buttons count for gamepads only (a radio's switches
may appear as buttons) and never the button calibrated as arm.

Menus (briefing, debrief, questionnaire): arrows or the D-pad or the right
stick move, Enter or A confirms, Esc skips; on a pad Back skips and Start submits.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

import pygame

from sim.cockpit.calibration import DeviceKind
from sim.cockpit.flight_modes import FlightMode
from sim.cockpit.pilot_input import PilotInputs
from sim.cockpit.sticks import Sticks

BUTTON_A, BUTTON_B, BUTTON_X, BUTTON_Y, BUTTON_BACK, BUTTON_START = 0, 1, 2, 3, 6, 7  # SDL joystick, Xbox layout
STICK_EDGE = 0.6  # a menu stick counts as pushed past this, and released again under half of it


class AppAction(str, Enum):
    PAUSE = "pause"
    RESTART = "restart"
    QUIT = "quit"  # end the flight
    CLOSE = "close"  # the window was closed
    TOGGLE_VIEW = "toggle_view"
    TOGGLE_MAP = "toggle_map"
    MODE_ACRO = "acro"
    MODE_ANGLE = "angle"
    MODE_HORIZON = "horizon"
    MODE_ASSISTED = "assisted"

    @property
    def flight_mode(self) -> FlightMode | None:
        return FlightMode(self.value) if self.value in FlightMode._value2member_map_ else None


class Nav(str, Enum):
    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"
    FINE_LEFT = "fine_left"  # Shift + arrow: the smallest step of a slider
    FINE_RIGHT = "fine_right"
    CONFIRM = "confirm"
    BACK = "back"
    DELETE = "delete"
    SKIP = "skip"
    SUBMIT = "submit"
    CLOSE = "close"


FLIGHT_KEYS = {
    pygame.K_p: AppAction.PAUSE, pygame.K_r: AppAction.RESTART, pygame.K_ESCAPE: AppAction.QUIT,
    pygame.K_c: AppAction.TOGGLE_VIEW, pygame.K_m: AppAction.TOGGLE_MAP,
    pygame.K_1: AppAction.MODE_ACRO, pygame.K_2: AppAction.MODE_ANGLE,
    pygame.K_3: AppAction.MODE_HORIZON, pygame.K_4: AppAction.MODE_ASSISTED,
}
MENU_KEYS = {
    pygame.K_UP: Nav.UP, pygame.K_DOWN: Nav.DOWN, pygame.K_LEFT: Nav.LEFT, pygame.K_RIGHT: Nav.RIGHT,
    pygame.K_TAB: Nav.DOWN, pygame.K_RETURN: Nav.CONFIRM, pygame.K_KP_ENTER: Nav.CONFIRM,
    pygame.K_ESCAPE: Nav.SKIP, pygame.K_BACKSPACE: Nav.DELETE, pygame.K_DELETE: Nav.DELETE,
}
PAD_MENU_BUTTONS = {BUTTON_A: Nav.CONFIRM, BUTTON_B: Nav.BACK, BUTTON_BACK: Nav.SKIP, BUTTON_START: Nav.SUBMIT}


class AppControls:
    """Turns each frame's pygame events into app actions (flight) or menu moves, for keyboard and pad."""

    def __init__(self, inputs: PilotInputs) -> None:
        self.inputs = inputs
        self._back_chorded = False  # Start was pressed while Back was held: Back's release is not a restart
        self._down: set[int] = set()  # Start / Back held, event by event (the device's state is the frame's end)
        self._stick_pushed = False

    def _pad_button(self, event: pygame.event.Event) -> int | None:
        """The button of a JOYBUTTON event from the gamepad in use (not its arm button), else None."""
        device, calibration = self.inputs.device, self.inputs.calibration
        if device is None or getattr(event, "instance_id", None) != device.instance_id:
            return None
        if device.kind is not DeviceKind.GAMEPAD or (calibration and calibration.arm.button == event.button):
            return None
        return int(event.button)

    def flight_actions(self, events: Iterable[pygame.event.Event]) -> list[AppAction]:
        actions: list[AppAction] = []
        for event in events:
            if event.type == pygame.QUIT:
                actions.append(AppAction.CLOSE)
            elif event.type == pygame.KEYDOWN and event.key in FLIGHT_KEYS:
                actions.append(FLIGHT_KEYS[event.key])
            elif event.type in (pygame.JOYBUTTONDOWN, pygame.JOYBUTTONUP):
                button = self._pad_button(event)
                action = None if button is None else self._pad_flight(button, event.type == pygame.JOYBUTTONDOWN)
                if action is not None:
                    actions.append(action)
        return actions

    def _pad_flight(self, button: int, down: bool) -> AppAction | None:
        if button in (BUTTON_START, BUTTON_BACK):
            self._down.add(button) if down else self._down.discard(button)
        if down and button in (BUTTON_START, BUTTON_BACK):
            if self._down == {BUTTON_START, BUTTON_BACK}:
                self._back_chorded = True
                return AppAction.QUIT
            if button == BUTTON_BACK:
                self._back_chorded = False
                return None
            return AppAction.PAUSE
        if not down and button == BUTTON_BACK:
            chorded, self._back_chorded = self._back_chorded, False
            return None if chorded else AppAction.RESTART
        if down and button == BUTTON_Y:
            return AppAction.TOGGLE_VIEW
        if down and button == BUTTON_X:
            return AppAction.TOGGLE_MAP
        return None

    def menu_nav(self, events: Iterable[pygame.event.Event], sticks: Sticks | None = None) -> list[Nav]:
        """Menu moves from keys, text-free; `sticks` (a device's, shaped) move like the arrows."""
        moves: list[Nav] = []
        for event in events:
            if event.type == pygame.QUIT:
                moves.append(Nav.CLOSE)
            elif event.type == pygame.KEYDOWN and event.key in MENU_KEYS:
                move = MENU_KEYS[event.key]
                if event.mod & pygame.KMOD_SHIFT and move in (Nav.LEFT, Nav.RIGHT):
                    move = Nav.FINE_LEFT if move is Nav.LEFT else Nav.FINE_RIGHT
                if event.mod & pygame.KMOD_SHIFT and event.key == pygame.K_TAB:
                    move = Nav.UP
                moves.append(move)
            elif event.type == pygame.JOYHATMOTION:
                x, y = event.value
                moves += [Nav.RIGHT] * (x > 0) + [Nav.LEFT] * (x < 0) + [Nav.UP] * (y > 0) + [Nav.DOWN] * (y < 0)
            elif event.type == pygame.JOYBUTTONDOWN:
                device = self.inputs.device
                if device is not None and getattr(event, "instance_id", None) == device.instance_id:
                    move = PAD_MENU_BUTTONS.get(event.button) if device.kind is DeviceKind.GAMEPAD else Nav.CONFIRM
                    if move is not None:
                        moves.append(move)
        if sticks is not None:
            moves += self._stick_moves(sticks)
        return moves

    def _stick_moves(self, sticks: Sticks) -> list[Nav]:
        """One move per push of the right stick past STICK_EDGE; it must come back to centre in between."""
        x, y = sticks.roll, sticks.pitch
        if max(abs(x), abs(y)) < STICK_EDGE / 2:
            self._stick_pushed = False
            return []
        if self._stick_pushed or max(abs(x), abs(y)) < STICK_EDGE:
            return []
        self._stick_pushed = True
        if abs(x) >= abs(y):
            return [Nav.RIGHT if x > 0 else Nav.LEFT]
        return [Nav.UP if y > 0 else Nav.DOWN]

    @staticmethod
    def text(events: Iterable[pygame.event.Event]) -> str:
        """Typed text this frame (TEXTINPUT events), for the comment field."""
        return "".join(event.text for event in events if event.type == pygame.TEXTINPUT)
