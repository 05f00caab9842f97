"""Briefing and debrief words, their pages, and the airframe's video link as the cockpit uses it."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from pydantic import ValidationError

from sim.cockpit.app_flight import video_settings
from sim.cockpit.app_screens import (
    KEYBOARD_HELP,
    PAD_APP_HELP,
    controls_help,
    debrief_lines,
    draw_briefing,
    draw_debrief,
    draw_questionnaire,
    objectives,
)
from sim.cockpit.app_text import Page
from sim.cockpit.calibration import DeviceKind, default_calibration
from sim.cockpit.profile import PilotProfile
from sim.cockpit.questionnaire import Questionnaire
from sim.cockpit.video_link import VideoKind
from sim.config.airframe import Camera
from sim.config.library import load_builtin_airframe
from sim.config.scenario_loading import load_scenario


def test_objectives_of_the_training_scenarios():
    hover = objectives(load_scenario("training-hover-and-land"))
    assert hover[0] == "Fly the 2 gates in order (hover-gate, landing-pad); a crash voids the run."
    assert hover[-1] == "The flight ends after 3:00."
    course = objectives(load_scenario("training-gate-course"), duration_s=90)
    assert "7 gates" in course[0] and course[-1] == "The flight ends after 1:30."
    intercept = objectives(load_scenario("training-first-intercept"))
    assert intercept[0].startswith("Stop the threats (1 x shahed-136)")
    assert intercept[1] == "Protect: command-post."
    assert intercept[-1] == "The flight ends after 4:00 or when every threat is resolved."
    red = objectives(load_scenario("training-first-intercept"), side="red")
    assert red[0] == "Fly a red drone through the defence to command-post."


def test_controls_for_keyboard_gamepad_and_radio():
    assert controls_help(None, None)[0] == KEYBOARD_HELP
    pad = controls_help("Xbox 360 Controller", default_calibration("g", "x", DeviceKind.GAMEPAD, 6))
    assert "arm with button 0" in pad[0] and PAD_APP_HELP in pad
    radio = controls_help("TX16S", default_calibration("g", "r", DeviceKind.RC_RADIO, 8))
    assert "the switch on channel 5" in radio[0] and PAD_APP_HELP not in radio


def test_debrief_lines_for_a_course():
    scenario = load_scenario("training-hover-and-land")
    events = [{"t_s": 2.0, "kind": "gate_passed", "entity_id": 0, "gate": 0, "crossing_t_s": 1.9},
              {"t_s": 5.0, "kind": "gate_passed", "entity_id": 0, "gate": 1, "crossing_t_s": 4.95}]
    summary = {"end_reason": "quit", "sim_time_s": 6.0, "threats_spawned": 0,
               "entities": {"0": {"outcome": "flying"}}}
    lines = debrief_lines(summary, events, 0, scenario)
    assert lines == ["Ended: quit at 6.0 s; your drone: flying", "Gates in order: 2 of 2, course time 3.05 s"]


def test_pages_draw_text(pg):
    size = (320, 240)
    surface = pygame.Surface(size)
    page = Page(size)
    scenario = load_scenario("training-first-intercept")
    draws = [lambda: draw_briefing(page, surface, scenario, "Kestrel flies", objectives(scenario),
                                   controls_help(None, None)),
             lambda: draw_debrief(page, surface, ["Ended: duration"], "/tmp/x", True),
             lambda: draw_questionnaire(page, surface, Questionnaire())]
    for draw in draws:
        draw()
        pixels = pygame.surfarray.array3d(surface).reshape(-1, 3)
        assert len(np.unique(pixels, axis=0)) > 10  # text, not a blank page


def test_video_settings_from_the_airframe_and_the_profile():
    interceptor = load_builtin_airframe("interceptor-quad")
    assert interceptor.camera.video.kind == "analog" and interceptor.camera.video.latency_ms.value == 10.0
    assert video_settings(interceptor, PilotProfile()) == (pytest.approx(0.010), VideoKind.ANALOG)
    assert video_settings(interceptor, PilotProfile(video_latency_ms=95.0))[0] == pytest.approx(0.1)  # capped
    recon = load_builtin_airframe("recon-quad")
    assert recon.camera.video is None and video_settings(recon, PilotProfile()) == (0.0, VideoKind.ANALOG)


@pytest.mark.parametrize("video", [
    {"kind": "hd", "latency_ms": {"value": 20, "source": "x" * 5}},  # not a kind
    {"kind": "digital", "latency_ms": {"value": 150, "source": "x" * 5}},  # beyond what is emulated
    {"kind": "digital", "latency_ms": {"value": 30, "range": [15, 25], "source": "x" * 5}},  # outside its range
    {"kind": "digital", "latency_ms": {"value": 30}},  # no source
])
def test_camera_video_is_validated(video):
    with pytest.raises(ValidationError):
        Camera.model_validate({"video": video})
