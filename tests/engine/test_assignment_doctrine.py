"""`blue.doctrine.assignment` in the engine: every policy flies a whole trial; the loop takes the scenario's.

Which interceptor each policy sends where, on pictures worked out by hand, is tested on the
command post itself in tests/agents/test_assignment.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.assignment import AssignmentPolicy
from sim.config.resolve import resolve
from sim.config.scenario_loading import load_scenario
from sim.loop import TrialLoop
from sim.trial_setup import TrialSetup, build_trial, resolve_stream

SCENARIO = Path(__file__).parent / "scenarios" / "engine-intercept.yaml"


def _setup(tmp_path: Path, policy: str) -> TrialSetup:
    text = SCENARIO.read_text(encoding="utf-8").replace(
        "    shots_per_threat: 1\n", f"    shots_per_threat: 1\n    assignment: {policy}\n")
    path = tmp_path / SCENARIO.name
    path.write_text(text, encoding="utf-8")
    loaded = load_scenario(path)
    return build_trial(resolve(loaded, resolve_stream(loaded.meta.seed)), loaded.meta.seed)


@pytest.mark.parametrize("policy", [p.value for p in AssignmentPolicy])
def test_every_policy_flies_a_trial_to_its_kills(tmp_path: Path, policy: str) -> None:
    setup = _setup(tmp_path, policy)
    try:
        loop = TrialLoop(setup)
        loop.post.policy = AssignmentPolicy(policy)  # until the loop passes the doctrine (below)
        kills = []
        while loop.done_reason is None and loop.t_s < 150.0:
            kills += [e for e in loop.tick() if e["kind"] == "kill"]
    finally:
        setup.world.geometry.close()
    assert len(kills) == 2 and loop.done_reason == "all_resolved"


def test_the_loop_takes_the_scenario_policy(tmp_path: Path) -> None:
    setup = _setup(tmp_path, "optimal")
    try:
        assert TrialLoop(setup).post.policy is AssignmentPolicy.OPTIMAL
    finally:
        setup.world.geometry.close()
