"""The debrief questionnaire: golden scores, feedback.json, and that it can never break a record."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from trials import TrialRecord
from trials.feedback import (
    Feedback,
    NasaTlx,
    model_sha256,
    raw_tlx,
    read_feedback,
    sus_score,
    write_feedback,
)

TLX = {"mental_demand": 55, "physical_demand": 20, "temporal_demand": 70, "performance": 30, "effort": 60,
       "frustration": 45}


@pytest.mark.parametrize("items, score", [
    ([3] * 10, 50.0),
    ([5, 1] * 5, 100.0),
    ([1, 5] * 5, 0.0),
    ([4, 2, 4, 1, 5, 1, 4, 2, 4, 2], 82.5),  # 2.5 * ((3+3+4+3+3) + (3+4+4+3+3))
    ([5, 2, 4, 2, 3, 3, 4, 2, 4, 3], 70.0),  # 2.5 * ((4+3+2+3+3) + (3+3+2+3+2))
])
def test_sus_golden_scores(items: list[int], score: float) -> None:
    assert sus_score(items) == score


def test_raw_tlx_is_the_mean_of_six() -> None:
    assert raw_tlx([55, 20, 70, 30, 60, 45]) == pytest.approx(280 / 6)
    assert raw_tlx([0] * 6) == 0.0 and raw_tlx([100] * 6) == 100.0
    assert NasaTlx(**TLX).raw == pytest.approx(46.6667, abs=1e-4)
    with pytest.raises(ValueError):
        raw_tlx([50] * 5)
    with pytest.raises(ValueError):
        sus_score([3] * 9)


def _answers(**changes) -> dict:
    return {"callsign": "Kestrel", "airframe": "interceptor-quad", "airframe_version": "1.0.0", "tlx": TLX,
            "cooper_harper": 4, **changes}


def test_scores_are_filled_in_and_checked() -> None:
    answers = Feedback.model_validate(_answers(sus=[4, 2, 4, 1, 5, 1, 4, 2, 4, 2]))
    assert answers.raw_tlx == pytest.approx(280 / 6) and answers.sus_score == 82.5
    with pytest.raises(ValidationError, match="raw_tlx 50.0 does not match"):
        Feedback.model_validate(_answers(raw_tlx=50.0))
    for bad in ({"cooper_harper": 11}, {"cooper_harper": 0}, {"sus": [6] * 10}, {"sus": [3] * 9},
                {"tlx": {**TLX, "effort": 101}}, {"tlx": None}, {"callsign": ""}, {"colour": "red"}):
        with pytest.raises(ValidationError):
            Feedback.model_validate(_answers(**bad))
    skipped = Feedback.model_validate({"callsign": "K", "airframe": "a", "airframe_version": "1", "skipped": True})
    assert skipped.raw_tlx is None and skipped.sus_score is None


def test_the_flight_record_holds_its_feedback(flown: Path) -> None:
    record = TrialRecord.open(flown)
    stored = record.feedback
    assert stored["trial_id"] == record.meta["trial_id"] and stored["callsign"] == "Kestrel"
    assert stored["raw_tlx"] == pytest.approx(280 / 6) and stored["sus_score"] == 82.5
    assert stored["airframe"] == "interceptor-quad" and stored["airframe_version"] == "1.0.0"
    assert read_feedback(flown).cooper_harper == 4
    assert not [p for p in os.listdir(flown) if p.endswith(".tmp")]


def test_write_feedback_never_raises_and_never_touches_the_record(flown: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in flown.iterdir()}
    assert write_feedback(flown, _answers(cooper_harper=42)) is None  # invalid: logged, not raised
    assert write_feedback(tmp_path / "nowhere", _answers()) is None
    assert write_feedback(tmp_path, _answers()) is None  # a folder that is not a record
    assert {p.name: p.read_bytes() for p in flown.iterdir()} == before
    assert TrialRecord.open(flown).status == "completed"


def test_a_record_without_feedback_is_complete(tmp_path: Path, flown: Path) -> None:
    import shutil

    copy = tmp_path / "record"
    shutil.copytree(flown, copy)
    (copy / "feedback.json").unlink()
    assert TrialRecord.open(copy).feedback is None and read_feedback(copy) is None
    skipped = {"callsign": "Kestrel", "airframe": "interceptor-quad", "airframe_version": "1.0.0", "skipped": True}
    assert write_feedback(copy, skipped) == copy / "feedback.json"
    assert json.loads((copy / "feedback.json").read_text())["skipped"] is True


def test_airframe_hash_follows_the_airframe_as_flown() -> None:
    from sim.config.loading import load_airframe

    base = load_airframe("interceptor-quad")
    heavier = base.model_copy(update={"mass_kg": base.mass_kg.model_copy(update={"value": 1.6})})
    assert model_sha256(base) == model_sha256(load_airframe("interceptor-quad"))
    assert model_sha256(base) != model_sha256(heavier) and len(model_sha256(base)) == 64
