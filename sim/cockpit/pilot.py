"""One call per control tick from pilot input to the command to fly: the cockpit app's entry point.

    inputs -> arming -> flight mode -> unplug failsafe -> (Command, events)

`PilotControl.step` is everything the app needs between `pygame.event.get()`
(handed to `inputs.handle_events`) and the controller's command for the
flown entity. Settings come from the pilot profile and the airframe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.cockpit.arming import Arming
from sim.cockpit.failsafe import DeviceFailsafe, LinkState
from sim.cockpit.flight_modes import AircraftState, Command, FlightMode, FlightModeController, FlightModeSettings
from sim.cockpit.pilot_input import PilotInput, PilotInputs
from sim.cockpit.profile import PilotProfile
from sim.config.airframe import FixedWing, Quadrotor


def flight_mode_settings(profile: PilotProfile, airframe: Quadrotor | FixedWing | None = None) -> FlightModeSettings:
    """Mode settings from the profile, within the airframe's limits when given."""
    settings = FlightModeSettings(rates=profile.rates.to_rates(), angle_limit_deg=profile.angle_limit_deg,
                                  assisted_speed_mps=profile.assisted_speed_mps)
    if not isinstance(airframe, Quadrotor):
        return settings
    limits, gains = airframe.limits, airframe.gains
    return FlightModeSettings(
        rates=settings.rates, angle_limit_deg=min(profile.angle_limit_deg, limits.max_tilt_deg),
        level_gain_per_s=min(gains.attitude_p[0], gains.attitude_p[1]), yaw_gain_per_s=gains.attitude_p[2],
        assisted_speed_mps=min(profile.assisted_speed_mps, gains.max_speed_cmd_mps),
        max_climb_mps=limits.max_climb_mps, max_descent_mps=limits.max_descent_mps)


@dataclass(frozen=True)
class ControlStep:
    command: Command  # what to fly this tick
    events: list[dict[str, Any]]  # link_lost / failsafe / link_regained, for the trial record
    pilot_input: PilotInput  # what the pilot did (record it to re-fly the trial)
    armed: bool
    link: LinkState


class PilotControl:
    def __init__(self, profile: PilotProfile, inputs: PilotInputs, entity_id: int,
                 airframe: Quadrotor | FixedWing | None = None,
                 home_m: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> None:
        self.inputs = inputs
        self.modes = FlightModeController(flight_mode_settings(profile, airframe), profile.flight_mode)
        self.inputs.keyboard.centring_throttle = profile.flight_mode is FlightMode.ASSISTED
        self.arming = Arming()
        self.failsafe = DeviceFailsafe(entity_id, airframe.failsafe if airframe else "land",
                                       profile.failsafe_hold_s, home_m)

    def set_mode(self, mode: FlightMode) -> None:
        """Switch flight mode (e.g. from a key or a radio switch in the app)."""
        self.modes.set_mode(mode)
        self.inputs.keyboard.centring_throttle = mode is FlightMode.ASSISTED

    def step(self, t_s: float, dt_s: float, state: AircraftState) -> ControlStep:
        """One control tick at sim time `t_s`, `dt_s` after the previous one, for the drone in `state`."""
        pilot = self.inputs.read(dt_s)
        armed = self.arming.update(pilot.sticks, pilot.arm_pressed, pilot.arm_switch, pilot.connected)
        command = self.modes.command(pilot.sticks, armed, state)
        flown, events = self.failsafe.update(t_s, pilot.connected, command, state.yaw_rad, state.position_m)
        return ControlStep(flown, events, pilot, armed, self.failsafe.state)
