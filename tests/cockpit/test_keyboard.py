"""Keyboard fallback: key events give the same normalised sticks; used only when no device is present."""

from __future__ import annotations

import pygame
import pytest

from sim.cockpit.flight_modes import AircraftState, FlightMode
from sim.cockpit.keyboard import KeyboardSticks
from sim.cockpit.pilot import PilotControl
from sim.cockpit.pilot_input import InputSource, PilotInputs
from sim.cockpit.profile import PilotProfile
from sim.dynamics.layout import ControlLevel
from tests.cockpit.fakes import FakeJoystick, key


def test_keys_slew_the_sticks(pg) -> None:
    keyboard = KeyboardSticks(stick_rate_per_s=4.0, throttle_rate_per_s=0.8)
    assert keyboard.update(0.1).throttle == -1.0  # throttle starts at the bottom
    key(pygame.K_RIGHT, up=False)
    key(pygame.K_UP, up=False)
    key(pygame.K_a, up=False)
    key(pygame.K_w, up=False)
    keyboard.process(pygame.event.get())
    sticks = keyboard.update(0.1)
    assert (sticks.roll, sticks.pitch, sticks.yaw) == (pytest.approx(0.4), pytest.approx(0.4), pytest.approx(-0.4))
    assert sticks.throttle == pytest.approx(-0.92)
    sticks = keyboard.update(0.5)
    assert (sticks.roll, sticks.pitch, sticks.yaw) == (1.0, 1.0, -1.0)
    for code in (pygame.K_RIGHT, pygame.K_UP, pygame.K_a, pygame.K_w):
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0))
    keyboard.process(pygame.event.get())
    sticks = keyboard.update(0.1)
    assert sticks.roll == pytest.approx(0.6) and sticks.throttle == pytest.approx(-0.52)  # throttle stays
    sticks = keyboard.update(1.0)
    assert (sticks.roll, sticks.pitch, sticks.yaw, sticks.throttle) == (0.0, 0.0, 0.0, pytest.approx(-0.52))


def test_centring_throttle_for_assisted(pg) -> None:
    keyboard = KeyboardSticks(centring_throttle=True)
    assert keyboard.update(0.1).throttle == 0.0
    key(pygame.K_s, up=False)
    keyboard.process(pygame.event.get())
    assert keyboard.update(1.0).throttle == -1.0


def test_keyboard_flies_when_no_device_is_present(pg, joysticks) -> None:
    profile = PilotProfile(flight_mode=FlightMode.ANGLE)
    inputs = PilotInputs(profile, manager=joysticks.manager())
    inputs.start()
    pilot = PilotControl(profile, inputs, entity_id=0)
    key(pygame.K_SPACE)  # arm: throttle is at the bottom
    inputs.handle_events(pygame.event.get())
    step = pilot.step(0.0, 0.02, AircraftState())
    assert step.pilot_input.source is InputSource.KEYBOARD and step.pilot_input.connected and step.armed
    key(pygame.K_LEFT, up=False)
    inputs.handle_events(pygame.event.get())
    step = pilot.step(0.02, 0.5, AircraftState())
    assert step.command.level is ControlLevel.ATTITUDE and step.command.values[0] < -1.0  # full left: -60 deg
    # A gamepad plugged in takes over from the keyboard.
    joysticks.plug(0, FakeJoystick(40))
    inputs.handle_events(pygame.event.get())
    step = pilot.step(0.04, 0.02, AircraftState())
    assert step.pilot_input.source is InputSource.DEVICE and step.pilot_input.device_name == "Xbox 360 Controller"
    assert step.command.values[0] == 0.0


def test_assisted_mode_centres_the_keyboard_throttle(pg, joysticks) -> None:
    profile = PilotProfile(flight_mode=FlightMode.ASSISTED)
    inputs = PilotInputs(profile, manager=joysticks.manager())
    pilot = PilotControl(profile, inputs, entity_id=0)
    assert inputs.keyboard.centring_throttle
    state = AircraftState(position_m=(0.0, 0.0, 5.0))
    key(pygame.K_s, up=False)  # hold throttle down...
    key(pygame.K_SPACE)  # ...and arm
    inputs.handle_events(pygame.event.get())
    assert pilot.step(0.0, 0.5, state).armed
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_s, mod=0))
    inputs.handle_events(pygame.event.get())
    step = pilot.step(0.5, 0.5, state)
    assert step.command.level is ControlLevel.VELOCITY and step.command.values[2] == 0.0  # released: hold
    pilot.set_mode(FlightMode.ACRO)
    assert not inputs.keyboard.centring_throttle
