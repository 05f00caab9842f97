"""The example autopilots fly a library scenario through `slab run --agent` and kill Shaheds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main
from trials import TrialRecord

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("reference", ["agents/examples/lead_pursuit.py:LeadPursuit",  # as docs/agents.md says
                                       "agents.examples.hello:Hello"])  # module form
def test_example_kills_shaheds_in_a_library_scenario(reference, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    # Wave 1's first Shaheds are met a little after three minutes.
    code = main(["run", "port-night-shahed-wave", "--agent", f"blue={reference}", "--duration", "300",
                 "--out", str(tmp_path), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)
    assert summary["threats_killed"] > 0
    controllers = TrialRecord.open(Path(summary["record"])).meta["controllers"]
    expected = str(REPO / reference) if reference.endswith("LeadPursuit") else reference
    assert controllers["interceptor-quad"] == expected
