"""The cockpit's control step becomes the seat's input, and the seat's drone gives the modes their state."""

from __future__ import annotations

from sim.cockpit.failsafe import LinkState
from sim.cockpit.flight_modes import Command, FlightMode
from sim.cockpit.pilot import ControlStep
from sim.cockpit.pilot_input import InputSource, PilotInput
from sim.cockpit.seat_link import flown_state, pilot_command
from sim.cockpit.sticks import Sticks
from sim.dynamics.layout import ControlLevel
from sim.piloted_trial import PilotedTrial
from tests.pilot.flights import COURSE


def test_a_control_step_is_a_pilot_command() -> None:
    lost = {"t_s": 1.0, "kind": "link_lost", "entity_id": 0, "cause": "device_unplugged"}
    step = ControlStep(Command((0.1, -0.2, 0.0, 0.4), ControlLevel.RATES), [lost],
                       PilotInput(Sticks(0.1, -0.2, 0.0, -0.2), False, None, False, InputSource.NONE, "pad"),
                       True, LinkState.HOLDING)
    command = pilot_command(step, FlightMode.ACRO)
    assert command.values == (0.1, -0.2, 0.0, 0.4) and command.level is ControlLevel.RATES
    assert (command.armed, command.flight_mode, command.device, command.link) == (True, "acro", "none", "holding")
    assert command.sticks == (0.1, -0.2, 0.0, -0.2) and command.events == (lost,)


def test_flown_state_reads_the_seated_drone() -> None:
    trial = PilotedTrial(COURSE, out_dir=None, duration_s=1.0)
    state = flown_state(trial)
    assert state.position_m == (0.0, 0.0, 0.0) and abs(state.yaw_rad) < 1e-9  # on the pad, facing gate 0 (east)
    trial.finish("quit")
