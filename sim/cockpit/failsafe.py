"""Failsafe when the pilot's device is unplugged: hold the last command, then the airframe's failsafe.

Like a flight controller losing its receiver: a short dropout (a loose USB
cable) should not crash the drone, so the last command is held for
`hold_s` (pilot profile `failsafe_hold_s`, default 0.5 s); after that the
airframe's `failsafe` runs (land, drop, return, hover or continue, with the
engine's own descent rate and return height). Re-plugging resumes control at
once. A drone that was disarmed stays disarmed (no failsafe spins motors up).

Events use the record's kinds (`trials/event_kinds.py`): `link_lost` with
cause "device_unplugged", `failsafe` with `after_s` and `action`,
`link_regained` with `lost_for_s`.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from sim.cockpit.flight_modes import IDLE, Command
from sim.dynamics.layout import ControlLevel
from sim.failsafes import LAND_DESCENT_MPS, RETURN_HEIGHT_M

DEFAULT_HOLD_S = 0.5
UNPLUGGED_CAUSE = "device_unplugged"
TIME_TOLERANCE_S = 1e-9  # sim times are sums of steps: 0.7 - 0.2 may fall just short of 0.5

Vec3 = tuple[float, float, float]


class LinkState(str, Enum):
    LINKED = "linked"
    HOLDING = "holding"  # link lost, last command held
    FAILSAFE = "failsafe"


class FailsafeAction(str, Enum):
    """The airframe file's `failsafe` values."""

    LAND = "land"
    DROP = "drop"
    RETURN = "return"
    HOVER = "hover"
    CONTINUE = "continue"


def failsafe_command(action: FailsafeAction, last: Command, yaw_rad: float,
                     position_m: Vec3 | None, home_m: Vec3) -> Command:
    """The command the airframe's failsafe flies (the same figures as the engine's failsafes)."""
    if last == IDLE:
        return IDLE
    if action is FailsafeAction.LAND:
        return Command((0.0, 0.0, -LAND_DESCENT_MPS, yaw_rad), ControlLevel.VELOCITY)
    if action is FailsafeAction.DROP:
        return IDLE
    if action is FailsafeAction.RETURN:
        return Command((home_m[0], home_m[1], home_m[2] + RETURN_HEIGHT_M, yaw_rad), ControlLevel.POSITION)
    if action is FailsafeAction.HOVER:
        if position_m is None:
            return Command((0.0, 0.0, 0.0, yaw_rad), ControlLevel.VELOCITY)
        return Command((*position_m, yaw_rad), ControlLevel.POSITION)
    return last  # CONTINUE


class DeviceFailsafe:
    """Per flown entity: feed it every control tick, fly the command it returns."""

    def __init__(self, entity_id: int, action: FailsafeAction | str, hold_s: float = DEFAULT_HOLD_S,
                 home_m: Vec3 = (0.0, 0.0, 0.0)) -> None:
        self.entity_id = int(entity_id)
        self.action = FailsafeAction(action)
        self.hold_s = float(hold_s)
        self.home_m = home_m
        self.state = LinkState.LINKED
        self._last = IDLE
        self._lost_at_s = 0.0
        self._failsafe: Command | None = None

    def _event(self, t_s: float, kind: str, **fields: Any) -> dict[str, Any]:
        return {"t_s": t_s, "kind": kind, "entity_id": self.entity_id, **fields}

    def update(self, t_s: float, connected: bool, command: Command, yaw_rad: float = 0.0,
               position_m: Vec3 | None = None) -> tuple[Command, list[dict[str, Any]]]:
        """(command to fly, events of this tick). `command` is the pilot's, ignored while unplugged."""
        events: list[dict[str, Any]] = []
        if connected:
            if self.state is not LinkState.LINKED:
                events.append(self._event(t_s, "link_regained", lost_for_s=t_s - self._lost_at_s))
            self.state, self._failsafe, self._last = LinkState.LINKED, None, command
            return command, events
        if self.state is LinkState.LINKED:
            self.state, self._lost_at_s = LinkState.HOLDING, t_s
            events.append(self._event(t_s, "link_lost", cause=UNPLUGGED_CAUSE))
        elapsed = t_s - self._lost_at_s
        if elapsed < self.hold_s - TIME_TOLERANCE_S:
            return self._last, events
        if self._failsafe is None:  # computed once: hover holds where the failsafe began
            self._failsafe = failsafe_command(self.action, self._last, yaw_rad, position_m, self.home_m)
            self.state = LinkState.FAILSAFE
            events.append(self._event(t_s, "failsafe", after_s=elapsed, action=self.action.value))
        return self._failsafe, events
