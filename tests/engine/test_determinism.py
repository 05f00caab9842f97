"""The same scenario and seed give byte-identical frames and events and equal metrics."""

from __future__ import annotations

from sim.trial import run_trial
from trials import TrialRecord

from .conftest import SCENARIOS


def test_same_seed_identical_record(tmp_path):
    first = run_trial(SCENARIOS / "engine-intercept.yaml", seed=5, out_dir=tmp_path / "a")
    second = run_trial(SCENARIOS / "engine-intercept.yaml", seed=5, out_dir=tmp_path / "b")
    for name in ("frames.parquet", "events.jsonl", "scenario.yaml"):
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name
    assert TrialRecord.open(first.folder).summary == TrialRecord.open(second.folder).summary


def test_other_seed_other_trial(tmp_path):
    first = run_trial(SCENARIOS / "engine-intercept.yaml", seed=5, out_dir=tmp_path / "a")
    other = run_trial(SCENARIOS / "engine-intercept.yaml", seed=6, out_dir=tmp_path / "b")
    assert (first.folder / "events.jsonl").read_bytes() != (other.folder / "events.jsonl").read_bytes()


def test_recorded_scenario_reruns_the_trial(tmp_path):
    first = run_trial(SCENARIOS / "engine-miss.yaml", seed=9, out_dir=tmp_path / "a")
    again = run_trial(first.folder / "scenario.yaml", out_dir=tmp_path / "b")  # seed taken from the file
    assert (first.folder / "events.jsonl").read_bytes() == (again.folder / "events.jsonl").read_bytes()
