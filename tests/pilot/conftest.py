"""One scripted 10-second piloted flight per test session, shared by the record, rerun and leaderboard tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pilot.flights import fly_course
from trials.feedback import Feedback, NasaTlx, write_feedback


@pytest.fixture(scope="session")
def flown(tmp_path_factory) -> Path:
    """The record of `course_pilot` on the test course, with the soldier's questionnaire."""
    trial = fly_course(tmp_path_factory.mktemp("pilot-logs"))
    answers = Feedback(callsign="Kestrel", airframe=trial.airframe, airframe_version=trial.airframe_model.version,
                       tlx=NasaTlx(mental_demand=55, physical_demand=20, temporal_demand=70, performance=30,
                                   effort=60, frustration=45),
                       cooper_harper=4, sus=[4, 2, 4, 1, 5, 1, 4, 2, 4, 2], comment="drifts left in angle mode")
    assert write_feedback(trial.folder, answers) == trial.folder / "feedback.json"
    return trial.folder
