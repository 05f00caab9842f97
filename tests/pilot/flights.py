"""Scripted soldiers for the tests: commands as deterministic functions of sim time."""

from __future__ import annotations

from pathlib import Path

from sim.dynamics.layout import ControlLevel
from sim.pilot_seat import PilotCommand
from sim.piloted_trial import PilotedTrial

COURSE = Path(__file__).parent / "scenarios" / "pilot-course.yaml"
UNPLUG_S, REPLUG_S = 7.0, 7.5


def course_pilot(trial: PilotedTrial) -> PilotCommand:
    """Arm on the pad, climb to ~3 m, cruise east through both gates, then a stretch in angle mode.

    Also unplugs the "device" for half a second, as the cockpit's failsafe would report it."""
    t, entity = trial.t_s, trial.entity_id
    if t < 0.2:
        return PilotCommand((0.0, 0.0, 0.0, 0.0), ControlLevel.MOTORS, armed=False, flight_mode="assisted",
                            device="device", sticks=(0.0, 0.0, 0.0, -1.0))
    if t < 1.7:
        return PilotCommand((0.0, 0.0, 2.0, 0.0), ControlLevel.VELOCITY, flight_mode="assisted", device="device",
                            sticks=(0.0, 0.0, 0.0, 0.6))
    if t < 6.5:
        vx = min(8.0, 4.0 * (t - 1.7))
        return PilotCommand((vx, 0.0, 0.0, 0.0), ControlLevel.VELOCITY, flight_mode="assisted", device="device",
                            sticks=(0.0, vx / 10.0, 0.0, 0.0))
    events: tuple[dict, ...] = ()
    link = "linked"
    if abs(t - UNPLUG_S) < 1e-9 or (UNPLUG_S <= t < UNPLUG_S + trial.loop.dt_control - 1e-9):
        events = ({"kind": "link_lost", "entity_id": entity, "cause": "device_unplugged"},)
    if UNPLUG_S <= t < REPLUG_S:
        link = "holding"
    if REPLUG_S <= t < REPLUG_S + trial.loop.dt_control - 1e-9:
        events = ({"kind": "link_regained", "entity_id": entity, "lost_for_s": REPLUG_S - UNPLUG_S},)
    return PilotCommand((0.05 * (t - 6.5), 0.1, 0.0, 0.172), ControlLevel.ATTITUDE, flight_mode="angle",
                        device="device" if link == "linked" else "none", link=link,
                        sticks=(0.1, 0.2, 0.0, -0.3), events=events)


def fly_course(out_dir: Path, callsign: str = "Kestrel", **kwargs) -> PilotedTrial:
    trial = PilotedTrial(COURSE, callsign=callsign, out_dir=out_dir, **kwargs)
    trial.fly(course_pilot)
    return trial
