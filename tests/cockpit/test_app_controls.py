"""The app's keys and pad buttons: pause, restart, the Start + Back chord, menus from keys, D-pad and sticks."""

from __future__ import annotations

import pygame

from sim.cockpit.app_controls import (
    BUTTON_A,
    BUTTON_BACK,
    BUTTON_START,
    BUTTON_X,
    BUTTON_Y,
    AppAction,
    AppControls,
    Nav,
)
from sim.cockpit.pilot_input import PilotInputs
from sim.cockpit.profile import PilotProfile
from sim.cockpit.sticks import Sticks
from tests.cockpit.fakes import FakeJoystick, edgetx, post


def setup(joysticks, pad=True):
    if pad:
        joysticks.present(0, FakeJoystick(7))
    inputs = PilotInputs(PilotProfile(), joysticks.manager())
    inputs.start()
    return inputs, AppControls(inputs)


def button(down: bool, number: int, instance_id: int = 7) -> None:
    post(pygame.JOYBUTTONDOWN if down else pygame.JOYBUTTONUP, instance_id=instance_id, joy=instance_id,
         button=number)


def frame(inputs: PilotInputs, controls: AppControls) -> list[AppAction]:
    events = pygame.event.get()
    inputs.handle_events(events)
    return controls.flight_actions(events)


def test_flight_keys(pg, joysticks):
    inputs, controls = setup(joysticks, pad=False)
    for code in (pygame.K_p, pygame.K_r, pygame.K_ESCAPE, pygame.K_c, pygame.K_m, pygame.K_3):
        post(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0)
    post(pygame.QUIT)
    actions = frame(inputs, controls)
    assert actions == [AppAction.PAUSE, AppAction.RESTART, AppAction.QUIT, AppAction.TOGGLE_VIEW,
                       AppAction.TOGGLE_MAP, AppAction.MODE_HORIZON, AppAction.CLOSE]
    assert AppAction.MODE_HORIZON.flight_mode.value == "horizon" and AppAction.PAUSE.flight_mode is None


def test_pad_start_pauses_back_restarts_on_release(pg, joysticks):
    inputs, controls = setup(joysticks)
    button(True, BUTTON_START)
    button(False, BUTTON_START)
    assert frame(inputs, controls) == [AppAction.PAUSE]
    button(True, BUTTON_BACK)
    assert frame(inputs, controls) == []  # not yet: it may be the start of the chord
    button(False, BUTTON_BACK)
    assert frame(inputs, controls) == [AppAction.RESTART]
    button(True, BUTTON_Y)
    button(True, BUTTON_X)
    assert frame(inputs, controls) == [AppAction.TOGGLE_VIEW, AppAction.TOGGLE_MAP]


def test_pad_start_and_back_together_quit_without_restarting(pg, joysticks):
    inputs, controls = setup(joysticks)
    button(True, BUTTON_BACK)
    button(True, BUTTON_START)
    assert frame(inputs, controls) == [AppAction.QUIT]
    button(False, BUTTON_BACK)
    button(False, BUTTON_START)
    assert frame(inputs, controls) == []
    button(True, BUTTON_START)  # the other order
    button(True, BUTTON_BACK)
    assert frame(inputs, controls) == [AppAction.PAUSE, AppAction.QUIT]


def test_arm_button_and_radio_buttons_are_not_app_buttons(pg, joysticks):
    inputs, controls = setup(joysticks)
    button(True, BUTTON_A)  # the calibrated arm button
    assert frame(inputs, controls) == []
    joysticks2 = type(joysticks)()
    joysticks2.present(0, edgetx(9))
    radio_inputs = PilotInputs(PilotProfile(), joysticks2.manager())
    radio_inputs.start()
    radio_controls = AppControls(radio_inputs)
    button(True, BUTTON_START, instance_id=9)  # a radio switch mapped to a button
    assert frame(radio_inputs, radio_controls) == []


def test_menu_moves_from_keys_dpad_buttons_and_sticks(pg, joysticks):
    inputs, controls = setup(joysticks)
    for code, mod in ((pygame.K_DOWN, 0), (pygame.K_RIGHT, pygame.KMOD_LSHIFT), (pygame.K_RETURN, 0),
                      (pygame.K_ESCAPE, 0), (pygame.K_BACKSPACE, 0)):
        post(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0)
    post(pygame.JOYHATMOTION, instance_id=7, joy=7, hat=0, value=(-1, 1))
    button(True, BUTTON_A)
    button(True, BUTTON_START)
    post(pygame.TEXTINPUT, text="ok")
    events = pygame.event.get()
    inputs.handle_events(events)
    assert controls.menu_nav(events) == [Nav.DOWN, Nav.FINE_RIGHT, Nav.CONFIRM, Nav.SKIP, Nav.DELETE, Nav.LEFT,
                                         Nav.UP, Nav.CONFIRM, Nav.SUBMIT]
    assert controls.text(events) == "ok"
    assert controls.menu_nav([], Sticks(roll=0.9)) == [Nav.RIGHT]
    assert controls.menu_nav([], Sticks(roll=0.95)) == []  # held: one move per push
    assert controls.menu_nav([], Sticks()) == []
    assert controls.menu_nav([], Sticks(pitch=-0.8)) == [Nav.DOWN]
