"""`slab fly`'s app headless: whole scripted flights with injected pygame events on a fake clock."""

from __future__ import annotations

import json

import pygame
import pytest

from sim.cockpit.app import AppOutcome, Screen
from sim.cockpit.app_flight import Flight, FlightSpec
from sim.cockpit.flight_modes import FlightMode
from sim.cockpit.pilot_input import PilotInputs
from sim.cockpit.profile import PilotProfile
from sim.cockpit.video_link import VideoKind
from sim.cockpit.view import CameraMode
from sim.rerun import rerun
from tests.cockpit.app_script import SIZE, Script, fly, hold, keys, typed
from tests.cockpit.fakes import FakeJoystick, move, post, press
from trials import TrialRecord

# Xbox layout under SDL (Mode 2 default calibration): left stick 0 yaw / 1 throttle, right stick 3 roll / 4 pitch;
# SDL reports stick up as negative.
YAW, THROTTLE, ROLL, PITCH = 0, 1, 3, 4


def hat(x: int, y: int):
    return lambda app: post(pygame.JOYHATMOTION, instance_id=7, joy=7, hat=0, value=(x, y))


def gamepad_pilot(pad: FakeJoystick) -> list:
    """Assisted mode: arm with the throttle down, climb, hold, fly forward and turn, then stop."""
    return [
        (0.0, lambda app: (move(pad, THROTTLE, 1.0), press(pad, 0))),  # throttle down + A: arm
        (0.3, lambda app: move(pad, THROTTLE, -0.7)),  # climb
        (1.5, lambda app: move(pad, THROTTLE, 0.0)),  # centre: hold altitude
        (2.0, lambda app: move(pad, PITCH, -0.8)),  # forward
        (5.0, lambda app: move(pad, YAW, 0.5)),
        (6.0, lambda app: (move(pad, YAW, 0.0), move(pad, PITCH, 0.0))),
    ]


def answer_questionnaire() -> list:
    """TLX 55 / 25 / 70 / 30 / 61 / 45, Cooper-Harper 4, SUS all answered, a comment; keys and D-pad mixed."""
    right, left, down = keys(pygame.K_RIGHT), keys(pygame.K_LEFT), keys(pygame.K_DOWN)
    fine_right = keys(pygame.K_RIGHT, mod=pygame.KMOD_LSHIFT)
    steps = [right, right, down]  # mental 50 -> 55
    steps += [right] + [left] * 5 + [down]  # physical 50 -> 25
    steps += [hat(1, 0)] * 5 + [hat(0, -1)]  # temporal 50 -> 70 on the D-pad
    steps += [right] + [left] * 4 + [down]  # performance 50 -> 30
    steps += [right, right, right, fine_right, down]  # effort 50 -> 60 -> 61
    steps += [right, left, down]  # frustration 50 -> 45
    steps += [right, left, keys(pygame.K_RETURN)]  # Cooper-Harper 5 -> 4, Enter moves on
    for answer in (4, 2, 4, 1, 5, 1, 4, 2, 4, 2):  # SUS: the first move puts 3
        steps += [right] + [right if answer > 3 else left] * abs(answer - 3) + [down]
    steps += [typed("drifts left"), typed(" in wind"), keys(pygame.K_BACKSPACE), typed("d!"), down]
    steps += [keys(pygame.K_RETURN)]  # Submit
    return steps


def test_a_scripted_ten_second_flight_writes_record_and_feedback_and_reruns(tmp_path, pg, joysticks):
    pad = joysticks.present(0, FakeJoystick(7))
    script = Script(gamepad_pilot(pad), {Screen.BRIEFING: [lambda app: press(pad, 0)],  # A starts
                                         Screen.DEBRIEF: [keys(pygame.K_RETURN)],
                                         Screen.QUESTIONNAIRE: answer_questionnaire()})
    result, _ = fly(tmp_path, script, manager=joysticks.manager(), mode=FlightMode.ASSISTED)
    assert result.outcome is AppOutcome.FLOWN and len(result.records) == 1
    folder = result.records[0]
    record = TrialRecord.open(folder)
    assert record.status == "completed" and record.summary["end_reason"] == "duration"
    assert record.summary["sim_time_s"] == pytest.approx(10.0)
    inputs = record.inputs().to_pylist()
    assert len(inputs) == 1200 and all(row["pushed"] for row in inputs)
    assert {row["device"] for row in inputs} == {"device"} and inputs[-1]["flight_mode"] == "assisted"
    assert inputs[-1]["armed"] and inputs[-1]["flown_by"] == "pilot"
    frames = record.frames(["entity_id", "x_m", "z_m"]).to_pydict()
    mine = [(x, z) for e, x, z in zip(frames["entity_id"], frames["x_m"], frames["z_m"]) if e == 0]
    assert max(z for _, z in mine) > 2.0 and mine[-1][0] > 5.0  # climbed, then flew east (the pad faces east)

    assert result.feedback == folder / "feedback.json"
    feedback = json.loads(result.feedback.read_text())
    assert feedback["skipped"] is False and feedback["callsign"] == "Kestrel"
    assert (feedback["airframe"], feedback["airframe_version"]) == ("interceptor-quad", "1.0.0")
    assert feedback["tlx"] == {"mental_demand": 55.0, "physical_demand": 25.0, "temporal_demand": 70.0,
                               "performance": 30.0, "effort": 61.0, "frustration": 45.0}
    assert feedback["raw_tlx"] == pytest.approx((55 + 25 + 70 + 30 + 61 + 45) / 6)
    assert feedback["cooper_harper"] == 4 and feedback["sus"] == [4, 2, 4, 1, 5, 1, 4, 2, 4, 2]
    assert feedback["sus_score"] == pytest.approx(82.5) and feedback["comment"] == "drifts left in wind!"
    assert feedback["trial_id"] == record.meta["trial_id"] and len(feedback["airframe_sha256"]) == 64

    report = rerun(folder)
    assert report.match, report.first_difference
    assert report.recorded_events == report.rerun_events >= 3


def test_skipping_the_debrief_keeps_a_complete_record(tmp_path, pg, joysticks):
    script = Script([(0.0, keys(pygame.K_SPACE))], {Screen.BRIEFING: [keys(pygame.K_RETURN)],
                                                    Screen.DEBRIEF: [keys(pygame.K_ESCAPE)]})
    result, _ = fly(tmp_path, script, duration_s=1.0, manager=joysticks.manager())
    record = TrialRecord.open(result.records[0])
    assert record.status == "completed" and record.summary["end_reason"] == "duration"
    assert record.feedback["skipped"] is True and record.feedback["tlx"] is None
    assert record.feedback["callsign"] == "Kestrel"


def test_pause_stops_sim_time_and_quit_keeps_a_complete_record(tmp_path, pg, joysticks):
    paused = []  # (wall s, sim s) of the frames shown while paused

    def watch(app):
        if app.screen is Screen.FLIGHT and app.clock.paused:
            paused.append((app.now(), app.flight.t_s))
            if len(paused) == 30:
                keys(pygame.K_p)(app)  # resume

    script = Script([(0.5, keys(pygame.K_p)), (1.0, keys(pygame.K_ESCAPE))],
                    {Screen.BRIEFING: [keys(pygame.K_RETURN)], Screen.DEBRIEF: [keys(pygame.K_ESCAPE)]},
                    every_frame=watch)
    result, _ = fly(tmp_path, script, manager=joysticks.manager())
    assert len(paused) == 30
    assert paused[-1][0] - paused[0][0] > 0.9  # a second of wall time ...
    assert {sim for _, sim in paused} == {paused[0][1]}  # ... and not a tick of sim time
    assert 0.5 <= paused[0][1] < 0.6
    record = TrialRecord.open(result.records[0])
    assert record.status == "completed" and record.summary["end_reason"] == "quit"
    assert 1.0 <= record.summary["sim_time_s"] < 1.1  # quit after 1 s of flying, the pause not counted
    assert record.feedback["skipped"] is True
    assert rerun(result.records[0]).match


def test_keyboard_flies_when_no_device_is_connected(tmp_path, pg, joysticks):
    flight = [(0.0, keys(pygame.K_SPACE)), (0.1, hold(pygame.K_w)), (1.2, hold(pygame.K_w, False))]
    script = Script(flight, {Screen.BRIEFING: [keys(pygame.K_RETURN)], Screen.DEBRIEF: [keys(pygame.K_ESCAPE)]})
    result, _ = fly(tmp_path, script, duration_s=3.0, manager=joysticks.manager())
    record = TrialRecord.open(result.records[0])
    inputs = record.inputs().to_pylist()
    assert {row["device"] for row in inputs} == {"keyboard"} and inputs[-1]["armed"]
    assert inputs[-1]["flight_mode"] == "angle" and inputs[-1]["stick_throttle"] > -0.2
    frames = record.frames(["entity_id", "z_m"]).to_pydict()
    assert max(z for e, z in zip(frames["entity_id"], frames["z_m"]) if e == 0) > 1.0


def test_unplugging_the_pad_in_flight_is_a_failsafe_in_the_record(tmp_path, pg, joysticks):
    pad = joysticks.present(0, FakeJoystick(7))
    flight = gamepad_pilot(pad)[:3] + [(2.0, lambda app: joysticks.unplug(0)),
                                       (3.5, lambda app: joysticks.plug(0, FakeJoystick(8)))]
    script = Script(flight, {Screen.BRIEFING: [keys(pygame.K_RETURN)], Screen.DEBRIEF: [keys(pygame.K_ESCAPE)]})
    result, _ = fly(tmp_path, script, duration_s=4.0, manager=joysticks.manager(), mode=FlightMode.ASSISTED)
    record = TrialRecord.open(result.records[0])
    kinds = [(e["kind"], e["t_s"]) for e in record.events() if e["kind"] in ("link_lost", "failsafe", "link_regained")]
    assert [k for k, _ in kinds] == ["link_lost", "failsafe", "link_regained"]
    lost, failsafe, regained = (t for _, t in kinds)
    assert 2.0 <= lost < 2.1 and failsafe - lost == pytest.approx(0.5, abs=0.02) and 3.5 <= regained < 3.6
    lost_event = record.events({"link_lost"})[0]
    assert lost_event["cause"] == "device_unplugged" and lost_event["entity_id"] == 0
    links = {row["link"] for row in record.inputs().to_pylist()}
    assert links == {"linked", "holding", "failsafe"}
    assert rerun(result.records[0]).match


def test_restart_keeps_the_first_flight_and_starts_a_fresh_one(tmp_path, pg, joysticks):
    restarts = []

    def restart_once(app):
        if not restarts:
            restarts.append(app.flight.t_s)
            keys(pygame.K_r)(app)

    script = Script([(0.5, restart_once)], {Screen.BRIEFING: [keys(pygame.K_RETURN)],
                                            Screen.DEBRIEF: [keys(pygame.K_ESCAPE)]})
    result, _ = fly(tmp_path, script, duration_s=1.0, manager=joysticks.manager())
    assert len(result.records) == 2 and result.records[0] != result.records[1]
    first, second = (TrialRecord.open(folder) for folder in result.records)
    assert first.status == second.status == "completed"
    assert first.summary["end_reason"] == "quit" and first.summary["sim_time_s"] == pytest.approx(0.5, abs=0.05)
    assert second.summary["end_reason"] == "duration" and second.feedback["skipped"] is True
    assert first.feedback is None  # restarting is not a debrief


def test_closing_the_window_in_flight_keeps_the_record(tmp_path, pg, joysticks):
    script = Script([(0.3, lambda app: post(pygame.QUIT))], {Screen.BRIEFING: [keys(pygame.K_RETURN)]})
    result, app = fly(tmp_path, script, manager=joysticks.manager())
    record = TrialRecord.open(result.records[0])
    assert app.screen is Screen.DONE and record.status == "completed" and record.summary["end_reason"] == "quit"
    assert record.feedback["skipped"] is True


def test_leaving_at_the_briefing_records_nothing(tmp_path, pg, joysticks):
    result, _ = fly(tmp_path, Script(menus={Screen.BRIEFING: [keys(pygame.K_ESCAPE)]}), manager=joysticks.manager())
    assert result.outcome is AppOutcome.LEFT and result.records == []
    assert not (tmp_path / "logs").exists() or not any((tmp_path / "logs").iterdir())


def test_frame_limit_finishes_the_record(tmp_path, pg, joysticks):
    script = Script(menus={Screen.BRIEFING: [keys(pygame.K_RETURN)]})
    result, _ = fly(tmp_path, script, manager=joysticks.manager(), max_frames=10)
    assert result.outcome is AppOutcome.FRAME_LIMIT
    assert TrialRecord.open(result.records[0]).status == "completed"


def test_view_map_and_mode_keys(tmp_path, pg, joysticks):
    seen = {}

    def look(app):
        seen.update(camera=app.flight.camera, map=app.flight.view.show_map, mode=app.flight.control.modes.mode)

    script = Script([(0.1, keys(pygame.K_c, pygame.K_m, pygame.K_1)), (0.3, look), (0.4, keys(pygame.K_ESCAPE))],
                    {Screen.BRIEFING: [keys(pygame.K_RETURN)], Screen.DEBRIEF: [keys(pygame.K_ESCAPE)]})
    fly(tmp_path, script, manager=joysticks.manager())
    assert seen == {"camera": CameraMode.CHASE, "map": False, "mode": FlightMode.ACRO}


def test_jammed_video_of_the_flown_drone_reaches_the_view(pg, joysticks):
    """A red radio FPV spawns inside the jamming of ew-contested-corridor: the engine's EW video quality of the
    flown drone drives the view's video link (analog: snow)."""
    inputs = PilotInputs(PilotProfile(), joysticks.manager())
    inputs.start()
    flight = Flight(FlightSpec("ew-contested-corridor", side="red", airframe="fpv-strike-quad", out_dir=None),
                    PilotProfile(), inputs, SIZE)
    try:
        flight.advance(120)
        state = flight.hud_state(flight.snapshots.build())
        assert state.video_quality < 0.5 and "GNSS DENIED" in state.warnings
        assert flight.view.video.kind is VideoKind.ANALOG and flight.view.video.latency_s == pytest.approx(0.01)
        surface = pygame.Surface(SIZE)
        flight.draw(surface)
        assert flight.view.video._noise is not None  # the snow layer was drawn over the picture
    finally:
        flight.finish("quit")
        flight.release()
