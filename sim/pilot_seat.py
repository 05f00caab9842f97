"""The pilot seat: the controller through which a soldier flies one entity.

The cockpit app (or a test script, or a rerun) pushes one `PilotCommand` per
control tick: four numbers at a declared control level, plus what the record
should know about the soldier's side (armed, flight mode, device, link, raw
sticks, and events such as the cockpit's device failsafe). The seat is an
ordinary `Controller` in its own group ticking at the loop's control rate, so
the engine flies the soldier's drone exactly like any other.

Who flies, tick by tick:
- after the first *armed* input: the soldier's last command, held until the
  next push (a late frame repeats the previous command, as a radio link does);
- before it: a drone standing on the ground stays there with its motors
  stopped ("idle"), an airborne one (a red drone spawning in the air) is flown
  by the scenario's headless autopilot for it ("autopilot").

Every tick the seat acts, it writes one input row (trials.schema.INPUT_COLUMNS)
to its input sinks; a rerun pushes the rows marked `pushed` back at the same
ticks and so reproduces the flight bit for bit.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from agents.base import Controller, Observation
from sim.dynamics import layout as L
from sim.dynamics.fixed_wing import FixedWingLevel
from sim.dynamics.layout import ControlLevel
from sim.entities import FLYING, Kind
from trials.atomic import to_json_value
from trials.schema import FIXED_WING_LEVEL_OFFSET, NO_COMMAND_LEVEL

if TYPE_CHECKING:
    from sim.loop import TrialLoop

Level = ControlLevel | FixedWingLevel
_NAN4 = (math.nan,) * 4


@dataclass(frozen=True)
class PilotCommand:
    """One control tick of the soldier's input, as the engine flies it and the record keeps it."""

    values: tuple[float, float, float, float]  # meaning set by `level` (see ControlLevel / FixedWingLevel)
    level: Level
    armed: bool = True
    flight_mode: str = ""  # acro | angle | horizon | assisted
    device: str = ""  # input source: device | keyboard | none (unplugged)
    link: str = "linked"  # device link: linked | holding | failsafe
    sticks: tuple[float, float, float, float] | None = None  # roll, pitch, yaw, throttle in [-1, 1]
    events: tuple[dict[str, Any], ...] = field(default=())  # recorded as given (e.g. link_lost)

    def __post_init__(self) -> None:
        values = tuple(float(v) for v in self.values)
        if len(values) != 4 or not all(math.isfinite(v) for v in values):
            raise ValueError(f"a pilot command is 4 finite numbers, got {self.values!r}")
        if not isinstance(self.level, (ControlLevel, FixedWingLevel)):
            raise TypeError(f"level must be a ControlLevel or FixedWingLevel, got {self.level!r}")
        object.__setattr__(self, "values", values)


def level_code(level: Level) -> int:
    """The record's code of a control level (as frames' cmd_level: fixed wings + 10)."""
    return int(level) + (FIXED_WING_LEVEL_OFFSET if isinstance(level, FixedWingLevel) else 0)


def level_of(code: int) -> Level:
    """Inverse of level_code."""
    code = int(code)
    return FixedWingLevel(code - FIXED_WING_LEVEL_OFFSET) if code >= FIXED_WING_LEVEL_OFFSET else ControlLevel(code)


class InputSink(Protocol):
    def add_input(self, row: dict[str, Any]) -> None: ...


class PilotSeat(Controller):
    """Flies entity `entity_id` from pushed commands (see the module docstring); `autopilot` until armed."""

    level = ControlLevel.MOTORS  # act() returns a level per row

    def __init__(self, entity_id: int, autopilot: Controller | None = None,
                 input_sinks: list[InputSink] | None = None) -> None:
        super().__init__()
        self.entity_id = int(entity_id)
        self.autopilot = autopilot
        self.input_sinks: list[InputSink] = list(input_sinks or [])
        self.engaged = False  # the soldier has armed at least once: the seat flies their commands
        self.flown_by = ""  # who flew the last tick: pilot | autopilot | idle
        self._pending: PilotCommand | None = None
        self._last: PilotCommand | None = None
        self._queued_events: list[dict[str, Any]] = []  # e.g. the pad launch, emitted at the first tick
        self._loop: TrialLoop | None = None

    def attach(self, loop: TrialLoop) -> None:
        """Bind to the loop whose sinks get the soldier's events and whose tick index the rows carry."""
        self._loop = loop

    @property
    def flying(self) -> bool:
        return self._loop is not None and int(self._loop.entities.status[self.entity_id]) == FLYING

    def queue_events(self, events: list[dict[str, Any]]) -> None:
        """Events to emit at the seat's next tick (the seat's own launch, made before the loop ran)."""
        self._queued_events.extend(events)

    def push(self, command: PilotCommand) -> bool:
        """The soldier's command for the next control tick; False (dropped) while the entity is not flying.

        Several pushes before one tick: the last command counts, their events are all kept."""
        if not self.flying:
            return False
        wing = self._loop.entities.kind_array[self.entity_id] == Kind.FIXED_WING
        if wing != isinstance(command.level, FixedWingLevel):
            raise ValueError(f"entity {self.entity_id} is a {'fixed wing' if wing else 'multirotor'}; "
                             f"{command.level!r} is not one of its control levels")
        if self._pending is not None and self._pending.events:
            command = replace(command, events=self._pending.events + tuple(command.events))
        self._pending = command
        return True

    def _emit(self, events: list[dict[str, Any]]) -> None:
        if events and self._loop is not None:
            stamped = [{"t_s": self._loop.t_s, **e} for e in events]
            for sink in self._loop.sinks:
                sink.add_events(stamped)

    def _grounded(self) -> bool:
        loop = self._loop
        if loop is None or loop.entities.kind_array[self.entity_id] != Kind.QUADROTOR:
            return False
        return loop.world.quads.state[L.CONTACT, loop.entities.fleet_array[self.entity_id]] == 1.0

    def act(self, obs: Observation) -> np.ndarray:
        if len(obs.ids) != 1 or int(obs.ids[0]) != self.entity_id:
            raise ValueError(f"the pilot seat flies entity {self.entity_id} only, asked for {obs.ids.tolist()}")
        queued, self._queued_events = self._queued_events, []
        self._emit(queued)
        pending, self._pending = self._pending, None
        if pending is not None:
            self._last = pending
            self.engaged = self.engaged or pending.armed
            self._emit(list(pending.events))
        if self.engaged:
            values, level, self.flown_by = self._last.values, float(self._last.level), "pilot"
        elif self._grounded() or self.autopilot is None:
            values, level, self.flown_by = (0.0, 0.0, 0.0, 0.0), float(ControlLevel.MOTORS), "idle"
        else:
            out = np.asarray(self.autopilot.act(obs), dtype=float)
            values = tuple(out[0, :4])
            level = float(out[0, 4]) if out.shape[1] > 4 else float(self.autopilot.level)
            self.flown_by = "autopilot"
        self._record(obs.t_s, pending)
        return np.array([[*values, level]])

    def _record(self, t_s: float, pending: PilotCommand | None) -> None:
        if not self.input_sinks:
            return
        last = self._last
        sticks = last.sticks if last is not None and last.sticks is not None else _NAN4
        events = pending.events if pending is not None else ()
        row = {
            "t_s": float(t_s), "tick": int(self._loop.tick_index) if self._loop else 0,
            "entity_id": self.entity_id, "pushed": pending is not None, "flown_by": self.flown_by,
            "cmd_level": level_code(last.level) if last else NO_COMMAND_LEVEL,
            **{f"cmd_{k}": (last.values[k] if last else math.nan) for k in range(4)},
            "armed": bool(last.armed) if last else False,
            "flight_mode": last.flight_mode if last else "", "device": last.device if last else "",
            "link": last.link if last else "",
            **{f"stick_{axis}": float(v) for axis, v in zip(("roll", "pitch", "yaw", "throttle"), sticks)},
            "events": json.dumps(list(events), sort_keys=True, default=to_json_value) if events else "",
        }
        for sink in self.input_sinks:
            sink.add_input(row)


def command_from_row(row: dict[str, Any]) -> PilotCommand:
    """The PilotCommand a recorded input row holds (for reruns)."""
    sticks = tuple(row[f"stick_{axis}"] for axis in ("roll", "pitch", "yaw", "throttle"))
    return PilotCommand(
        values=tuple(row[f"cmd_{k}"] for k in range(4)), level=level_of(row["cmd_level"]), armed=bool(row["armed"]),
        flight_mode=row["flight_mode"], device=row["device"], link=row["link"],
        sticks=None if any(math.isnan(v) for v in sticks) else sticks,
        events=tuple(json.loads(row["events"])) if row["events"] else ())
