"""`slab run`: the summary and record path on success; one line and no record on bad input."""

from __future__ import annotations

import subprocess
import sys

from sim.cli import main

from .conftest import SCENARIOS


def test_run_prints_summary_and_record(tmp_path, capsys):
    code = main(["run", str(SCENARIOS / "engine-miss.yaml"), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "threats" in out and "cost" in out and "Record:" in out
    (folder,) = list(tmp_path.iterdir())
    assert str(folder) in out


def test_bad_scenario_one_line_exit_2_no_record(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((SCENARIOS / "engine-miss.yaml").read_text().replace("count: 1", "count: 0"))
    out = tmp_path / "records"
    done = subprocess.run([sys.executable, "-m", "sim.cli", "run", str(bad), "--out", str(out)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len([line for line in lines if "bad.yaml" in line]) == 1 and "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())


def test_missing_scenario_and_directory(tmp_path):
    for target in (tmp_path / "nope.yaml", tmp_path):
        done = subprocess.run([sys.executable, "-m", "sim.cli", "run", str(target), "--out", str(tmp_path / "r")],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert not (tmp_path / "r").exists()


def test_broken_plugin_in_scenario_one_line_exit_2_no_record(tmp_path):
    (tmp_path / "pilot.py").write_text("raise RuntimeError('boom')\n")
    text = (SCENARIOS / "engine-miss.yaml").read_text().replace(
        "      launch_delay_s: 1\n",
        "      launch_delay_s: 1\n  interceptors:\n    - airframe: interceptor-quad\n"
        "      controller: pilot.py:Autopilot\n")
    scenario = tmp_path / "plugged.yaml"
    scenario.write_text(text)
    out = tmp_path / "records"
    done = subprocess.run([sys.executable, "-m", "sim.cli", "run", str(scenario), "--out", str(out)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("pybullet build")]
    assert len(lines) == 1 and "pilot.py" in lines[0] and "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())
