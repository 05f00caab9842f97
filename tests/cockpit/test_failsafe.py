"""Unplug failsafe: hold the last command, then the airframe's failsafe, with events; re-plug resumes."""

from __future__ import annotations

import math

import pygame
import pytest

from sim.cockpit.failsafe import DeviceFailsafe, FailsafeAction, LinkState, failsafe_command
from sim.cockpit.flight_modes import IDLE, AircraftState, Command, FlightMode
from sim.cockpit.pilot import PilotControl
from sim.cockpit.pilot_input import InputSource, PilotInputs
from sim.cockpit.profile import PilotProfile
from sim.config.library import load_builtin_airframe
from sim.dynamics.layout import ControlLevel
from trials.event_kinds import EVENT_KINDS
from tests.cockpit.fakes import FakeJoystick, move, press

FLYING = Command((0.1, 0.2, 0.0, 0.5), ControlLevel.RATES)


def test_hold_then_failsafe_then_resume() -> None:
    failsafe = DeviceFailsafe(entity_id=7, action="land", hold_s=0.5)
    assert failsafe.update(0.0, True, FLYING) == (FLYING, [])
    other = Command((0.0, 0.0, 0.0, 0.9), ControlLevel.RATES)
    command, events = failsafe.update(1.0, False, other, yaw_rad=0.3)
    assert command == FLYING and failsafe.state is LinkState.HOLDING  # the last command, not the new one
    assert events == [{"t_s": 1.0, "kind": "link_lost", "entity_id": 7, "cause": "device_unplugged"}]
    assert failsafe.update(1.49, False, other, yaw_rad=0.3) == (FLYING, [])
    command, events = failsafe.update(1.5, False, other, yaw_rad=0.3)
    assert command == Command((0.0, 0.0, -2.0, 0.3), ControlLevel.VELOCITY) and failsafe.state is LinkState.FAILSAFE
    assert events == [{"t_s": 1.5, "kind": "failsafe", "entity_id": 7, "after_s": 0.5, "action": "land"}]
    assert failsafe.update(2.0, False, other) == (command, [])  # one failsafe event per loss
    command, events = failsafe.update(3.0, True, other)
    assert command == other and failsafe.state is LinkState.LINKED
    assert events == [{"t_s": 3.0, "kind": "link_regained", "entity_id": 7, "lost_for_s": 2.0}]


def test_events_follow_the_record_schema() -> None:
    failsafe = DeviceFailsafe(entity_id=1, action="return", hold_s=0.0)
    failsafe.update(0.0, True, FLYING)
    events = failsafe.update(0.5, False, FLYING)[1] + failsafe.update(0.7, True, FLYING)[1]
    assert [e["kind"] for e in events] == ["link_lost", "failsafe", "link_regained"]
    for event in events:
        kind = EVENT_KINDS[event["kind"]]
        assert set(kind.required) <= set(event) and set(event) - {"t_s", "kind"} <= set(kind.fields)


@pytest.mark.parametrize("action, expected", [
    (FailsafeAction.DROP, IDLE),
    (FailsafeAction.RETURN, Command((10.0, 20.0, 35.0, 1.0), ControlLevel.POSITION)),
    (FailsafeAction.HOVER, Command((1.0, 2.0, 3.0, 1.0), ControlLevel.POSITION)),
    (FailsafeAction.CONTINUE, FLYING),
])
def test_failsafe_actions(action: FailsafeAction, expected: Command) -> None:
    assert failsafe_command(action, FLYING, 1.0, (1.0, 2.0, 3.0), (10.0, 20.0, 5.0)) == expected


def test_a_disarmed_drone_stays_idle() -> None:
    failsafe = DeviceFailsafe(entity_id=1, action="land", hold_s=0.0)
    failsafe.update(0.0, True, IDLE)
    assert failsafe.update(0.1, False, FLYING)[0] == IDLE


def test_unplug_replug_through_pygame_events(pg, joysticks) -> None:
    """The whole pipeline: a gamepad arms and flies, is unplugged, holds, fails safe, comes back."""
    pad = joysticks.present(0, FakeJoystick(30, axes=[0.0, 1.0, -1.0, 0.0, 0.0, -1.0]))  # throttle stick down
    profile = PilotProfile(flight_mode=FlightMode.ACRO, failsafe_hold_s=0.5)
    inputs = PilotInputs(profile, manager=joysticks.manager())
    inputs.start()
    pilot = PilotControl(profile, inputs, entity_id=4, airframe=load_builtin_airframe("interceptor-quad"))
    state = AircraftState(position_m=(0.0, 0.0, 10.0))
    dt, log = 0.1, []

    def tick() -> None:
        inputs.handle_events(pygame.event.get())
        t = len(log) * dt
        log.append((round(t, 2), pilot.step(t, dt, state)))

    press(pad, 0)  # arm (button 0) with the throttle low
    tick()
    assert log[-1][1].armed and log[-1][1].pilot_input.source is InputSource.DEVICE
    move(pad, 1, 0.0)  # throttle to mid stick, roll right
    move(pad, 3, 1.0)
    tick()
    flying = log[-1][1].command
    assert flying.level is ControlLevel.RATES and flying.values[3] == 0.5
    assert flying.values[0] == pytest.approx(math.radians(670.0))
    joysticks.unplug(0)
    for _ in range(8):
        tick()
    commands = [step.command for _, step in log[2:]]
    events = [event for _, step in log for event in step.events]
    assert commands[:5] == [flying] * 5  # held for 0.5 s
    assert commands[5] == Command((0.0, 0.0, -2.0, 0.0), ControlLevel.VELOCITY)  # interceptor: land
    assert [(e["kind"], round(e["t_s"], 2)) for e in events] == [("link_lost", 0.2), ("failsafe", 0.7)]
    assert all(not step.pilot_input.connected for _, step in log[2:])
    assert log[-1][1].pilot_input.source is InputSource.NONE  # not the keyboard: a lost link
    joysticks.plug(0, FakeJoystick(31, axes=[0.0, 0.0, -1.0, -1.0, 0.0, -1.0]))  # back, roll left
    tick()
    step = log[-1][1]
    assert step.link is LinkState.LINKED and step.armed
    assert step.events[0]["kind"] == "link_regained" and step.events[0]["lost_for_s"] == pytest.approx(0.8)
    assert step.command.values[0] == pytest.approx(-math.radians(670.0))
