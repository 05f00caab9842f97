"""Put a soldier in the seat of one entity of a trial, before its first tick.

Which entity (`choose_entity`):
- blue (default): the first interceptor (lowest entity id) of the first
  interceptor airframe the scenario flies with `pilot`, else of the first one
  (or of `airframe`). It leaves its launch site's magazine (and any scheduled
  launch) and stands on the site's pad from t = 0 with its motors stopped,
  facing the first gate of a course, else the first red wave's spawn point,
  else east. `spawn` and `launch` events (no track) mark it at t = 0. The
  command post never launches it but assigns it targets like any airborne
  interceptor (the HUD's target box, the headless autopilot).
- red: the first drone of the first wave flown by `pilot`, else of the first
  wave (or of `airframe`); it spawns when and where its wave says.

The entity moves into a group of its own whose controller is the `PilotSeat`,
ticking at the loop's control rate; every other entity keeps its group,
controller and rate. The seat's headless autopilot is a fresh instance of the
controller the scenario names for that entity, on its own random stream, so
nothing else's random draws change.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from agents.registry import make_controller
from sim.config.controller_names import PILOT
from sim.dynamics import layout as L
from sim.dynamics.layout import ControlLevel
from sim.entities import Side, Status
from sim.pilot_seat import InputSink, PilotSeat
from sim.trial_setup import Group

if TYPE_CHECKING:
    from sim.loop import TrialLoop

SEAT_STREAM = 0x5EA7  # the seat autopilot's random stream: [trial seed, this]


class SeatError(ValueError):
    """The scenario has no entity the soldier could fly as asked."""


def _controller_of(loop: TrialLoop, group: Group) -> tuple[str, dict]:
    """The controller name and parameters the scenario gives `group` (a red wave or an interceptor airframe)."""
    sc = loop.setup.resolved.scenario
    if group.side == Side.RED:
        wave = next(w for w in sc.red.waves if w.name == group.name)
        return wave.behaviour, dict(wave.params)
    entry = sc.blue.interceptor(group.name)
    return entry.controller, dict(entry.params)


def choose_entity(loop: TrialLoop, side: str = "blue", airframe: str | None = None) -> int:
    """The entity the soldier flies (see the module docstring); SeatError if there is none."""
    wanted = Side.RED if side == "red" else Side.BLUE
    if side not in ("blue", "red"):
        raise SeatError(f"side must be 'blue' or 'red', got '{side}'")
    entities = loop.entities
    groups = [g for g in loop.setup.groups if g.side == wanted and g.entity_ids
              and (airframe is None or entities.airframe[g.entity_ids[0]] == airframe)]
    if not groups:
        names = sorted({entities.airframe[e] for e in range(len(entities)) if entities.side[e] == wanted})
        what = f" of airframe '{airframe}'" if airframe else ""
        raise SeatError(f"scenario '{loop.setup.resolved.scenario.meta.name}' has no {side} drone{what} to fly; "
                        f"{side} airframes: {', '.join(names) or 'none'}")
    piloted = [g for g in groups if _controller_of(loop, g)[0] == PILOT]
    return min((piloted or groups)[0].entity_ids)


def _pad_yaw(loop: TrialLoop, home_m: tuple[float, float, float]) -> float:
    sc = loop.setup.resolved.scenario
    if sc.area.gates:
        x, y = float(sc.area.gates[0].position_m[0]), float(sc.area.gates[0].position_m[1])
    elif sc.red.waves:
        x, y = (float(v) for v in sc.red.waves[0].spawn.center_m)
    else:
        return 0.0
    return math.atan2(y - home_m[1], x - home_m[0])


def _take_from_site(loop: TrialLoop, entity: int) -> tuple[str, int]:
    """Remove `entity` from its magazine or the launch queue; (site name, interceptors left in its magazine)."""
    order = next((o for o in loop.post.pending if o.entity_id == entity), None)
    loop.post.pending = [o for o in loop.post.pending if o.entity_id != entity]
    for site in loop.setup.sites:
        held = [parked for parked in site.parked.values() if entity in parked]
        for parked in held:
            parked.remove(entity)
        if held or (order is not None and order.site == site.name):
            return site.name, sum(len(p) for p in site.parked.values())
    raise RuntimeError(f"interceptor {entity} is in no launch site")


def _stand_on_pad(loop: TrialLoop, entity: int, spec, yaw_rad: float) -> None:
    """Bring the entity to life on the ground at its home, motors stopped (a drone on its pad)."""
    loop.bodies.activate(entity, spec.airframe, spec.home_m, yaw_rad, 0.0)
    fleet, index = loop.world.quads, int(loop.entities.fleet_array[entity])
    fleet.state[L.MOTOR:L.MOTOR + 4, index] = 0.0
    fleet.state[L.THRUST_SET, index] = 0.0
    fleet.state[L.CONTACT, index] = 1.0
    fleet.cmd[:, index] = [0.0, 0.0, 0.0, 0.0, float(ControlLevel.MOTORS)]
    loop.entities.set_status(entity, Status.FLYING)


def install_seat(loop: TrialLoop, side: str = "blue", airframe: str | None = None,
                 input_sinks: list[InputSink] | None = None) -> PilotSeat:
    """Seat a soldier in `loop` (before its first tick); returns the seat to push commands to."""
    if loop.tick_index != 0:
        raise RuntimeError("the pilot seat must be installed before the trial's first tick")
    entity = choose_entity(loop, side, airframe)
    setup, entities = loop.setup, loop.entities
    old = setup.groups[entities.group[entity]]
    k = old.entity_ids.index(entity)
    spec = old.specs.pop(k)
    old.entity_ids.pop(k)
    old.members = np.array(old.entity_ids, dtype=np.int64)
    name, params = _controller_of(loop, old)
    autopilot = make_controller(name, side, params)
    rng = np.random.default_rng([setup.seed, SEAT_STREAM])
    autopilot.reset([spec], rng)
    seat = PilotSeat(entity, autopilot, input_sinks)
    seat.reset([spec], rng)
    seat.attach(loop)
    group = Group(old.name, seat, old.side, [entity], [spec], setup.control_hz)
    group.members = np.array([entity], dtype=np.int64)
    setup.groups.append(group)
    entities.group[entity] = len(setup.groups) - 1
    if old.side == Side.BLUE:
        site, left = _take_from_site(loop, entity)
        _stand_on_pad(loop, entity, spec, _pad_yaw(loop, spec.home_m))
        x, y, z = (round(float(v), 3) for v in spec.home_m)
        seat.queue_events([
            {"kind": "spawn", "entity_id": entity, "side": "blue", "airframe": entities.airframe[entity],
             "group": site, "controller": PILOT, "x_m": x, "y_m": y, "z_m": z},
            {"kind": "launch", "entity_id": entity, "site": site, "track_id": None, "target_id": None,
             "magazine_left": left}])
    return seat
