"""The pilot seat: which entity a soldier flies, who flies it when, and that nobody else changes."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from agents.red import RedBehaviour
from sim.dynamics import layout as L
from sim.dynamics.fixed_wing import FixedWingLevel
from sim.dynamics.layout import ControlLevel
from sim.entities import Side, Status
from sim.pilot_seat import PilotCommand, PilotSeat, level_code, level_of
from sim.piloted_trial import PilotedTrial
from sim.seat_install import SeatError
from tests.pilot.flights import COURSE

IDLE = PilotCommand((0.0, 0.0, 0.0, 0.0), ControlLevel.MOTORS, armed=False)


def _trial(scenario=COURSE, **kwargs) -> PilotedTrial:
    return PilotedTrial(scenario, out_dir=None, **kwargs)


def test_blue_seat_stands_disarmed_on_its_pad_until_armed() -> None:
    trial = _trial()
    loop, entity = trial.loop, trial.entity_id
    assert entity == 0 and isinstance(trial.seat, PilotSeat)
    assert loop.setup.sites[0].parked["interceptor-quad"] == [1]  # out of the magazine: the post keeps the other
    for _ in range(30):  # one second of disarmed input: it stays put, motors stopped
        assert trial.seat.push(IDLE)
        trial.tick()
    state = loop.world.quads.state[:, loop.entities.fleet_array[entity]]
    assert trial.seat.flown_by == "idle" and state[L.CONTACT] == 1.0 and state[L.POS + 2] == 0.0
    assert np.all(state[L.MOTOR:L.MOTOR + 4] == 0.0)
    spawn, launch = trial.events[:2]
    assert spawn["kind"] == "spawn" and spawn["controller"] == "pilot" and spawn["group"] == "pad"
    assert launch == {"t_s": 0.0, "kind": "launch", "entity_id": 0, "site": "pad", "track_id": None,
                      "target_id": None, "magazine_left": 1}
    climb = PilotCommand((0.0, 0.0, 3.0, 0.0), ControlLevel.VELOCITY)
    for _ in range(30):
        trial.seat.push(climb)
        trial.tick()
    assert trial.seat.flown_by == "pilot" and state[L.POS + 2] > 1.0  # a view: the drone climbed
    trial.finish("quit")


def test_held_command_and_merged_events() -> None:
    trial = _trial()
    up = PilotCommand((0.0, 0.0, 2.0, 0.0), ControlLevel.VELOCITY,
                      events=({"kind": "link_lost", "entity_id": 0, "cause": "device_unplugged"},))
    assert trial.seat.push(up)
    assert trial.seat.push(PilotCommand((0.0, 0.0, 4.0, 0.0), ControlLevel.VELOCITY,
                                        events=({"kind": "link_regained", "entity_id": 0},)))
    trial.tick()
    trial.tick()  # nothing pushed: the last command is held
    values, levels = trial.loop.bodies.commands(np.array([0]))
    assert values[0].tolist() == [0.0, 0.0, 4.0, 0.0] and levels[0] == ControlLevel.VELOCITY
    kinds = [e["kind"] for e in trial.events if e["kind"].startswith("link")]
    assert kinds == ["link_lost", "link_regained"]
    trial.finish("quit")


def test_red_seat_spawns_with_its_wave_and_autopilot_flies_until_armed() -> None:
    trial = _trial("red-team-fpv", side="red", duration_s=2.0)
    loop, entity = trial.loop, trial.entity_id
    assert loop.entities.side[entity] == Side.RED and loop.entities.airframe[entity] == "fpv-strike-quad"
    assert loop.setup.groups[loop.entities.group[entity]].name == "red-pilot"
    assert not trial.seat.push(IDLE)  # not spawned yet: nothing to fly
    trial.tick()
    assert loop.entities.status[entity] == Status.FLYING and trial.seat.flown_by == "autopilot"
    assert trial.events[0]["group"] == "red-pilot"
    armed = PilotCommand((0.0, 0.0, 0.0, 0.0), ControlLevel.VELOCITY)
    trial.seat.push(armed)
    trial.tick()
    assert trial.seat.flown_by == "pilot"
    decoys = next(g for g in loop.setup.groups if g.name == "decoy-fpvs")
    assert isinstance(decoys.controller, RedBehaviour) and decoys.rate_hz == 5.0  # the others keep theirs
    trial.finish("quit")


def test_other_entities_keep_their_groups_controllers_and_rates() -> None:
    trial = _trial("single-shahed-training", duration_s=1.0)
    groups = trial.loop.setup.groups
    assert [(g.name, type(g.controller).__name__, g.rate_hz, g.entity_ids) for g in groups] == [
        ("lone-shahed", "RedBehaviour", 5.0, [0]),
        ("interceptor-quad", "GuidanceController", 30.0, [2, 3]),
        ("interceptor-quad", "PilotSeat", 30.0, [1])]
    assert trial.loop.entities.group[1] == 2 and trial.airframe_model.version == "1.0.0"
    trial.finish("quit")


@pytest.mark.parametrize("kwargs, message", [
    ({"side": "red"}, "has no red drone to fly; red airframes: none"),
    ({"airframe": "shahed-136"}, "has no blue drone of airframe 'shahed-136' to fly; blue airframes: interceptor-quad"),
    ({"side": "green"}, "side must be 'blue' or 'red'"),
])
def test_no_entity_to_fly_is_one_line(kwargs: dict, message: str) -> None:
    with pytest.raises(SeatError, match=message):
        _trial(**kwargs)


def test_commands_are_checked_and_levels_coded_as_frames() -> None:
    with pytest.raises(ValueError, match="4 finite numbers"):
        PilotCommand((0.0, math.nan, 0.0, 0.0), ControlLevel.RATES)
    with pytest.raises(TypeError, match="level"):
        PilotCommand((0.0, 0.0, 0.0, 0.0), 3)
    trial = _trial()
    with pytest.raises(ValueError, match="multirotor"):
        trial.seat.push(PilotCommand((10.0, 0.0, 5.0, 0.0), FixedWingLevel(0)))
    trial.finish("quit")
    for level in (*ControlLevel, *FixedWingLevel):
        assert level_of(level_code(level)) is level
    assert level_code(FixedWingLevel(0)) == 10 and level_code(ControlLevel.ATTITUDE) == 2


def test_seat_must_be_installed_before_the_first_tick(tmp_path: Path) -> None:
    from sim.seat_install import install_seat

    trial = _trial()
    trial.tick()
    with pytest.raises(RuntimeError, match="before the trial's first tick"):
        install_seat(trial.loop)
    trial.finish("quit")
