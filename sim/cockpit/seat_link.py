"""From the cockpit's control step to the engine's pilot seat, and back: the app's two adapters.

    state = flown_state(trial)                                   # what the flight modes need
    step = control.step(trial.t_s, trial.loop.dt_control, state)  # sim.cockpit.pilot.PilotControl
    trial.seat.push(pilot_command(step, control.modes.mode))      # recorded, flown next tick
    trial.tick()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.cockpit.flight_modes import AircraftState, FlightMode, quaternion_from_euler
from sim.cockpit.pilot import ControlStep
from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.entities import Kind
from sim.pilot_seat import PilotCommand

if TYPE_CHECKING:
    from sim.piloted_trial import PilotedTrial


def pilot_command(step: ControlStep, flight_mode: FlightMode | str) -> PilotCommand:
    """The seat's input for one control step of the cockpit (command, arming, device, failsafe events)."""
    return PilotCommand(values=step.command.values, level=step.command.level, armed=step.armed,
                        flight_mode=FlightMode(flight_mode).value, device=step.pilot_input.source.value,
                        link=step.link.value, sticks=step.pilot_input.sticks.as_tuple(), events=tuple(step.events))


def flown_state(trial: PilotedTrial) -> AircraftState:
    """Attitude and position of the flown drone (truth: the soldier sees through its camera)."""
    loop, entity = trial.loop, trial.entity_id
    index = int(loop.entities.fleet_array[entity])
    if loop.entities.kind_array[entity] == Kind.QUADROTOR:
        state = loop.world.quads.state[:, index]
        return AircraftState(tuple(float(v) for v in state[L.QUAT:L.QUAT + 4]),
                             tuple(float(v) for v in state[L.POS:L.POS + 3]))
    state = loop.world.wings.state[:, index]
    return AircraftState(quaternion_from_euler(0.0, 0.0, float(state[W.YAW])),
                         tuple(float(v) for v in state[W.POS:W.POS + 3]))


__all__ = ["flown_state", "pilot_command"]
