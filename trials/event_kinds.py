"""Event kinds of events.jsonl, with their fields, units and meaning.

Part of the record format (re-exported by trials.schema). Every event also has
the common fields `t_s` and `kind`. Required fields are checked when an event
is recorded; optional ones may be absent; undocumented extra fields are
accepted but are not part of the contract until documented here (minor bump).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class EventField:
    """One field of an event: unit ("" if none), meaning, and whether it must be present."""

    unit: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class EventKind:
    """One kind of event: what it means and its fields beyond t_s and kind."""

    description: str
    fields: dict[str, EventField] = field(default_factory=dict)

    @cached_property  # asked for every recorded event
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, f in self.fields.items() if f.required)


def _f(unit: str, description: str, required: bool = False) -> EventField:
    return EventField(unit, description, required)


COMMON_EVENT_FIELDS: dict[str, EventField] = {
    "t_s": _f("s", "simulated time of the event since the trial start", True),
    "kind": _f("", "one of the event kinds below", True),
}

_ENTITY = _f("", "the entity the event is about (entity_id of frames)", True)
_XYZ = {axis: _f("m", f"{axis[0]} position (ENU) where it happened") for axis in ("x_m", "y_m", "z_m")}

EVENT_KINDS: dict[str, EventKind] = {
    "spawn": EventKind("an entity enters the world: a red wave member appears, or a blue "
                       "interceptor is readied on its launch site", {
        "entity_id": _ENTITY,
        "side": _f("", "'blue' or 'red'", True),
        "airframe": _f("", "airframe short name", True),
        "group": _f("", "red wave or blue launch-site name"),
        "controller": _f("", "short name of the controller flying it"),
        **_XYZ,
    }),
    "detection": EventKind("a sensor detects an entity it did not detect at its previous update "
                           "(first detection or re-acquisition; not every report)", {
        "sensor": _f("", "sensor name from the scenario", True),
        "entity_id": _f("", "true id of the detected entity", True),
        "range_m": _f("m", "sensor-to-target distance at detection", True),
        "track_id": _f("", "track the report was associated with, if any"),
    }),
    "track_confirmed": EventKind("m-of-n confirmation: a track enters the blue picture", {
        "track_id": _f("", "track id, unique within the trial", True),
        "entity_id": _f("", "true id of the tracked entity (analysis only; controllers do not see it)"),
        "sensors": _f("", "list of the names of the sensors whose reports built the track"),
    }),
    "track_lost": EventKind("a track is dropped after missing updates or its target died", {
        "track_id": _f("", "track id", True),
        "entity_id": _f("", "true id of the tracked entity"),
        "reason": _f("", "'coasted_out' or 'target_dead'"),
    }),
    "launch": EventKind("a blue interceptor leaves its launch site", {
        "entity_id": _ENTITY,
        "site": _f("", "launch-site name", True),
        "target_id": _f("", "true id of the assigned threat, if any"),
        "track_id": _f("", "track it was launched on, if any"),
        "magazine_left": _f("", "interceptors left at the site after this launch"),
    }),
    "link_lost": EventKind("a drone's control link breaks", {
        "entity_id": _ENTITY,
        "cause": _f("", "'jamming', 'range' or 'device_unplugged' (the soldier's controller, piloted trials)"),
        "jammer": _f("", "jammer name when jamming caused it"),
    }),
    "link_regained": EventKind("a broken control link comes back", {
        "entity_id": _ENTITY,
        "lost_for_s": _f("s", "how long the link was down"),
    }),
    "failsafe": EventKind("a drone's failsafe takes over after its link stayed lost for the hold time", {
        "entity_id": _ENTITY,
        "after_s": _f("s", "time since the link was lost"),
        "action": _f("", "what the failsafe does, e.g. 'hover', 'return', 'land', 'continue'"),
    }),
    "intercept": EventKind("an interceptor reaches its closest approach to its target", {
        "entity_id": _f("", "the interceptor", True),
        "target_id": _f("", "the threat", True),
        "miss_distance_m": _f("m", "closest distance between the two", True),
        **_XYZ,
    }),
    "kill": EventKind("a threat is destroyed by an interceptor", {
        "entity_id": _f("", "the threat destroyed", True),
        "by_id": _f("", "the interceptor that destroyed it", True),
        "asset_distance_m": _f("m", "distance from the threat to the nearest protected asset"),
        **_XYZ,
    }),
    "miss": EventKind("an intercept that did not kill (outside lethal radius or failed kill draw)", {
        "entity_id": _f("", "the interceptor", True),
        "target_id": _f("", "the threat", True),
        "miss_distance_m": _f("m", "closest distance between the two"),
    }),
    "leaker": EventKind("a threat reaches a protected asset", {
        "entity_id": _f("", "the threat", True),
        "asset": _f("", "asset name", True),
    }),
    "asset_hit": EventKind("a protected asset takes damage", {
        "asset": _f("", "asset name", True),
        "entity_id": _f("", "the threat that hit it", True),
        "damage_eur": _f("EUR", "value destroyed by this hit", True),
        "hit_points_left": _f("", "asset hit points after the hit"),
    }),
    "crash": EventKind("an entity hits the ground, a building or another drone", {
        "entity_id": _ENTITY,
        "cause": _f("", "'ground', 'building', 'collision' or 'numerical' (its simulated state stopped being "
                        "finite: a failure of the model, not of the flight; frozen at its last finite position; "
                        "since 1.2)", True),
        "other_id": _f("", "the other entity in a collision"),
        **_XYZ,
    }),
    "out_of_battery": EventKind("an entity runs out of battery or fuel and goes down", {"entity_id": _ENTITY}),
    "gate_passed": EventKind("an entity flies through a gate of the scenario's course (`area.gates`) "
                             "in its direction of passage; since 1.2", {
        "entity_id": _ENTITY,
        "gate": _f("", "index of the gate in area.gates (0 = first)", True),
        "name": _f("", "the gate's name, if it has one"),
        "crossing_t_s": _f("s", "time the gate plane was crossed, interpolated within the tick (t_s is the tick's end)"),
        "speed_mps": _f("m/s", "speed through the gate"),
        **_XYZ,
    }),
    "end": EventKind("the trial ends; the last event of a trial that ran to its end", {
        "reason": _f("", "'duration', 'all_resolved' (every threat killed, leaked or down), "
                         "'assets_destroyed' or 'quit' (the soldier ended a piloted flight; since 1.2)", True),
    }),
}
