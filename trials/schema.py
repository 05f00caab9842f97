"""The trial-record format: the single source of truth for files, columns, units and versions.

docs/trial-record.md describes the same contract for people; tests hold the two
together. Change anything here only with a version bump (see `FORMAT_VERSION`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from trials.event_kinds import EVENT_KINDS, EventField, EventKind

__all__ = [
    "FORMAT_VERSION", "ColumnSpec", "FRAME_COLUMNS", "INPUT_COLUMNS", "EVENT_KINDS", "EventField", "EventKind",
    "META_REQUIRED", "STATUSES", "FIXED_WING_LEVEL_OFFSET", "NO_COMMAND_LEVEL",
    "frame_schema", "input_schema", "major_version",
]

# Same major = readable by this code. A minor bump adds optional columns, event
# kinds or fields; a major bump renames, removes or changes the meaning of one.
FORMAT_VERSION = "1.2"

# File and folder names inside one trial folder.
META_FILE = "meta.json"
SCENARIO_FILE = "scenario.yaml"
FRAMES_FILE = "frames.parquet"
FRAMES_STREAM_FILE = "frames.arrows"  # frames while the trial runs (Arrow IPC stream), since 1.1
PARTS_DIR = "frames"  # frames while a 1.0 trial ran: closed Parquet part files; read only
PART_GLOB = "part-*.parquet"
EVENTS_FILE = "events.jsonl"
SUMMARY_FILE = "summary.json"
FEEDBACK_FILE = "feedback.json"  # the soldier's questionnaire after a piloted flight, since 1.2 (optional)
INPUTS_FILE = "inputs.parquet"  # the soldier's input every control tick of a piloted trial, since 1.2
INPUTS_STREAM_FILE = "inputs.arrows"  # the same while the trial runs (Arrow IPC stream)

STATUSES = ("incomplete", "completed", "aborted")

# Keys the caller must put in meta.json; the recorder adds format_version,
# scenario_sha256, status (and abort_reason, ended_utc, sim_time_s at close).
META_REQUIRED = (
    "trial_id", "scenario", "seed", "software_version", "git_commit",
    "airframes", "controllers", "pilot_callsign", "started_utc",
)

# cmd_level holds a multirotor ControlLevel (0..5) as is, a FixedWingLevel plus
# this offset (10..12), so a reader needs no airframe library to decode it.
FIXED_WING_LEVEL_OFFSET = 10
NO_COMMAND_LEVEL = -1  # not flying under a controller (dead, not yet launched)


@dataclass(frozen=True)
class ColumnSpec:
    """One frames column: Arrow type, unit ("" if none) and meaning."""

    type: pa.DataType
    unit: str
    description: str


_F64, _F32 = pa.float64(), pa.float32()
_DICT = pa.dictionary(pa.int32(), pa.string())

# Positions and time in float64 (metre-level precision over tens of km and
# hours); everything else in float32, which halves the file.
FRAME_COLUMNS: dict[str, ColumnSpec] = {
    "t_s": ColumnSpec(_F64, "s", "simulated time since the trial start"),
    "entity_id": ColumnSpec(pa.int32(), "", "entity id, unique within the trial, as in events"),
    "side": ColumnSpec(_DICT, "", "'blue' (defender) or 'red' (threat)"),
    "airframe": ColumnSpec(_DICT, "", "airframe short name (library or scenario prototype)"),
    "x_m": ColumnSpec(_F64, "m", "position east of the origin (ENU)"),
    "y_m": ColumnSpec(_F64, "m", "position north of the origin (ENU)"),
    "z_m": ColumnSpec(_F64, "m", "height above the origin's ground level (ENU up), not above local terrain"),
    "vx_mps": ColumnSpec(_F32, "m/s", "velocity east, world frame"),
    "vy_mps": ColumnSpec(_F32, "m/s", "velocity north, world frame"),
    "vz_mps": ColumnSpec(_F32, "m/s", "velocity up, world frame"),
    "roll_rad": ColumnSpec(_F32, "rad", "roll, Z-Y-X Euler angles of the FLU body in ENU"),
    "pitch_rad": ColumnSpec(_F32, "rad", "pitch about body y (left); positive lowers the nose"),
    "yaw_rad": ColumnSpec(_F32, "rad", "yaw about world z, 0 = facing east, counter-clockwise positive"),
    "alive": ColumnSpec(pa.bool_(), "", "true while flying; false once killed, expended, crashed, leaked or out of battery"),
    "cmd_level": ColumnSpec(pa.int8(), "", "control level of cmd_0..3: 0..5 ControlLevel, 10..12 fixed-wing, -1 none"),
    "cmd_0": ColumnSpec(_F32, "by level", "first command number; meaning set by cmd_level"),
    "cmd_1": ColumnSpec(_F32, "by level", "second command number"),
    "cmd_2": ColumnSpec(_F32, "by level", "third command number"),
    "cmd_3": ColumnSpec(_F32, "by level", "fourth command number"),
    "thrust_set_n": ColumnSpec(_F32, "N", "collective thrust setpoint of the inner loop; NaN for fixed wings"),
    "rate_set_x_rad_s": ColumnSpec(_F32, "rad/s", "body roll-rate setpoint (FLU x); NaN for fixed wings"),
    "rate_set_y_rad_s": ColumnSpec(_F32, "rad/s", "body pitch-rate setpoint (FLU y); NaN for fixed wings"),
    "rate_set_z_rad_s": ColumnSpec(_F32, "rad/s", "body yaw-rate setpoint (FLU z); NaN for fixed wings"),
    "link_ok": ColumnSpec(pa.bool_(), "", "control link up (always true for fibre-linked and autonomous drones)"),
    "nav_error_m": ColumnSpec(_F32, "m", "distance between navigation estimate and true position (GNSS drift)"),
}


@cache  # built once: schemas are immutable, and building one costs ~0.1 ms per part
def frame_schema() -> pa.Schema:
    """Arrow schema of frames, units and descriptions carried as field metadata."""
    fields = [pa.field(name, spec.type, nullable=False,
                       metadata={"unit": spec.unit, "description": spec.description})
              for name, spec in FRAME_COLUMNS.items()]
    return pa.schema(fields, metadata={"format_version": FORMAT_VERSION})


def major_version(version: str) -> int:
    """The major part of "MAJOR.MINOR"; ValueError for anything else."""
    major, dot, minor = str(version).partition(".")
    if not (dot and major.isdigit() and minor.isdigit()):
        raise ValueError(f"format version {version!r} is not MAJOR.MINOR")
    return int(major)


# A piloted trial's human input, one row per control tick of the flown entity
# (trials.input_log). Commands are float64: a rerun feeds them back bit for bit.
INPUT_COLUMNS: dict[str, ColumnSpec] = {
    "t_s": ColumnSpec(_F64, "s", "simulated time of the control tick"),
    "tick": ColumnSpec(pa.int64(), "", "control tick index since the trial start (t_s = tick / control rate)"),
    "entity_id": ColumnSpec(pa.int32(), "", "the entity the soldier flies"),
    "pushed": ColumnSpec(pa.bool_(), "", "a new input arrived for this tick; false: the previous one is held"),
    "flown_by": ColumnSpec(pa.string(), "", "'pilot' (the soldier's command flew), 'autopilot' or 'idle' (before "
                                            "the first armed input: headless autopilot, or motors stopped on the ground)"),
    "cmd_level": ColumnSpec(pa.int8(), "", "control level of cmd_0..3, coded as in frames; -1 before any input"),
    "cmd_0": ColumnSpec(_F64, "by level", "first number of the soldier's command (NaN before any input)"),
    "cmd_1": ColumnSpec(_F64, "by level", "second command number"),
    "cmd_2": ColumnSpec(_F64, "by level", "third command number"),
    "cmd_3": ColumnSpec(_F64, "by level", "fourth command number"),
    "armed": ColumnSpec(pa.bool_(), "", "motors armed on the soldier's side"),
    "flight_mode": ColumnSpec(pa.string(), "", "'acro', 'angle', 'horizon', 'assisted' ('' if not given)"),
    "device": ColumnSpec(pa.string(), "", "input source: 'device', 'keyboard', 'none' (unplugged), '' if not given"),
    "link": ColumnSpec(pa.string(), "", "device link state: 'linked', 'holding' (last command held), 'failsafe'"),
    "stick_roll": ColumnSpec(_F32, "", "roll stick, -1..1, +right (NaN if not given)"),
    "stick_pitch": ColumnSpec(_F32, "", "pitch stick, -1..1, +forward"),
    "stick_yaw": ColumnSpec(_F32, "", "yaw stick, -1..1, +right"),
    "stick_throttle": ColumnSpec(_F32, "", "throttle stick, -1 (down) .. 1 (up)"),
    "events": ColumnSpec(pa.string(), "", "JSON list of the events the input brought (cockpit failsafe), '' if none"),
}


@cache
def input_schema() -> pa.Schema:
    """Arrow schema of inputs.parquet / inputs.arrows."""
    fields = [pa.field(name, spec.type, nullable=False,
                       metadata={"unit": spec.unit, "description": spec.description})
              for name, spec in INPUT_COLUMNS.items()]
    return pa.schema(fields, metadata={"format_version": FORMAT_VERSION})
