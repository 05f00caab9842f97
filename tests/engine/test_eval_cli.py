"""`slab eval`: same seeds for every agent, a record per episode, pooled figures; broken plug-ins in one line."""

from __future__ import annotations

import json

from sim.cli import main
from tests.agents.plugin_files import write_faulty
from trials import TrialRecord

from .conftest import SCENARIOS
from .test_run_cli import _error_lines

SCENARIO = str(SCENARIOS / "engine-intercept.yaml")
REQUIRED = {"agent", "episodes", "intercept_rate", "intercept_rate_ci95", "mean_time_to_intercept_s",
            "cost_exchange_ratio", "mean_miss_distance_m", "median_miss_distance_m", "interceptors_per_kill"}


def test_eval_json_same_seeds_one_record_per_episode(tmp_path, capsys):
    agents = ["pn", "agents.examples.hello:Hello"]
    code = main(["eval", SCENARIO, "--agent", agents[0], "--agent", agents[1], "--episodes", "2", "--seed", "5",
                 "--duration", "100", "--out", str(tmp_path), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    rows = json.loads(captured.out)
    assert [row["agent"] for row in rows] == agents and all(REQUIRED <= set(row) for row in rows)
    (folder,) = list(tmp_path.iterdir())
    assert json.loads((folder / "evaluation.json").read_text()) == rows
    for row, agent in zip(rows, agents):
        assert row["episodes"] == 2 and row["seeds"] == [5, 6] and row["threats"] == 4
        low, high = row["intercept_rate_ci95"]
        assert low <= row["intercept_rate"] <= high
        metas = [TrialRecord.open(path).meta for path in row["records"]]
        assert [meta["seed"] for meta in metas] == [5, 6]
        assert all(meta["controllers"]["interceptor-quad"] == agent and meta["status"] == "completed"
                   for meta in metas)
    assert rows[0]["threats_killed"] > 0  # PN kills in this scenario: the figures are not all empty


def test_eval_table(tmp_path, capsys):
    code = main(["eval", SCENARIO, "--agent", "pn", "--episodes", "1", "--duration", "100", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    header, row = out.splitlines()[1:3]
    assert "intercept rate [95 % CI]" in header and "cost-exchange" in header and "miss mean / median" in header
    assert row.startswith("pn ") and " 1 " in row and "Records:" in out


def test_eval_broken_plugin_fails_before_any_episode(tmp_path, capsys):
    reference = f"{write_faulty(tmp_path)}:ExtraArgument"
    code = main(["eval", SCENARIO, "--agent", "pn", "--agent", reference, "--episodes", "3",
                 "--out", str(tmp_path / "r")])
    lines = _error_lines(capsys.readouterr().err)
    assert code == 2 and len(lines) == 1 and reference in lines[0] and "act must be act(self, obs)" in lines[0]
    assert not (tmp_path / "r").exists()


def test_eval_plugin_raising_mid_trial_keeps_the_aborted_record(tmp_path, capsys):
    reference = f"{write_faulty(tmp_path)}:Explodes"
    code = main(["eval", SCENARIO, "--agent", reference, "--episodes", "2", "--out", str(tmp_path / "r")])
    lines = [line for line in _error_lines(capsys.readouterr().err) if line.startswith("slab eval")]
    assert code == 2 and len(lines) == 1 and reference in lines[0] and "ZeroDivisionError" in lines[0]
    (record,) = list((tmp_path / "r").glob("eval-*/1-faulty.py-Explodes/*"))
    assert TrialRecord.open(record).status == "aborted" and str(record) in lines[0]


def test_eval_bad_arguments(tmp_path, capsys):
    assert main(["eval", SCENARIO, "--agent", "pn", "--episodes", "0", "--out", str(tmp_path)]) == 2
    assert main(["eval", SCENARIO, "--agent", "pn", "--agent", "pn", "--out", str(tmp_path)]) == 2
    assert main(["eval", SCENARIO, "--agent", "direct", "--out", str(tmp_path)]) == 2  # a red controller
    errors = _error_lines(capsys.readouterr().err)
    assert len(errors) == 3 and "'direct' is a red controller" in errors[2]
    assert not any(tmp_path.iterdir())
