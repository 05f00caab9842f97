"""Trials of the engine's test scenarios, run once per test session into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.trial import run_trial
from trials import TrialRecord

SCENARIOS = Path(__file__).parent / "scenarios"


@pytest.fixture(scope="session")
def engine_records(tmp_path_factory) -> dict[str, TrialRecord]:
    out = tmp_path_factory.mktemp("engine-trials")
    records = {}
    for name in ("engine-intercept", "engine-miss", "engine-ew"):
        result = run_trial(SCENARIOS / f"{name}.yaml", out_dir=out / name)
        records[name] = TrialRecord.open(result.folder)
    return records
