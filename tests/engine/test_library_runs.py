"""Every library scenario runs headless and leaves a complete, readable record."""

from __future__ import annotations

import pytest

from sim.config.library import SCENARIOS
from sim.trial import run_trial
from trials import TrialRecord


@pytest.mark.parametrize("name", SCENARIOS.names())
def test_library_scenario_runs(name, tmp_path):
    result = run_trial(name, out_dir=tmp_path, duration_s=15.0)
    record = TrialRecord.open(result.folder)
    assert record.status == "completed"
    assert record.meta["scenario"] == name
    assert record.summary["sim_time_s"] > 0
    assert record.events()[-1]["kind"] == "end"
    if record.summary["threats_spawned"]:
        assert record.frames().num_rows > 0


def test_library_has_the_eight_scenarios():
    assert {"port-night-shahed-wave", "nuclear-plant-mixed-raid", "fpv-swarm-vs-position",
            "single-shahed-training", "ew-contested-corridor", "saturation-raid", "red-team-fpv",
            "crazyflie-validation"} <= set(SCENARIOS.names())
