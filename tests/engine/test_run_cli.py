"""`slab run`: the summary and record path on success; one line and no record on bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sim.cli import main
from tests.agents.plugin_files import write_faulty
from trials import TrialRecord

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


# --- `--agent` overrides and plug-in faults ------------------------------------------------------

def _error_lines(stderr: str) -> list[str]:
    """stderr without pybullet's banner and progress lines."""
    return [line for line in stderr.splitlines()
            if line.strip() and not line.startswith("pybullet build") and not line.startswith("  ... ")]


def test_agent_overrides_fly_and_are_recorded(tmp_path, capsys):
    code = main(["run", str(SCENARIOS / "engine-intercept.yaml"), "--out", str(tmp_path), "--duration", "60",
                 "--agent", "blue=apn", "--agent", "red=dive", "--agent", "pair=weaving"])
    assert code == 0, capsys.readouterr().err
    (folder,) = list(tmp_path.iterdir())
    record = TrialRecord.open(folder)
    assert record.meta["controllers"] == {"pair": "weaving", "interceptor-quad": "apn"}  # group beats side
    text = record.scenario_yaml
    assert "behaviour: weaving" in text and "controller: apn" in text  # the record reruns with them


@pytest.mark.parametrize("attribute, message", [
    ("Missing", "no 'Missing' in"),
    ("ExtraArgument", "act must be act(self, obs)"),
    ("NoAct", "does not implement act"),
])
def test_broken_agent_plugin_one_line_exit_2_no_record(tmp_path, capsys, attribute, message):
    reference = f"{write_faulty(tmp_path)}:{attribute}"
    out = tmp_path / "records"
    code = main(["run", str(SCENARIOS / "engine-intercept.yaml"), "--out", str(out), "--agent", f"blue={reference}"])
    lines = _error_lines(capsys.readouterr().err)
    assert code == 2 and len(lines) == 1 and reference in lines[0] and message in lines[0]
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("reference, message", [
    ("{dir}/nowhere.py:Pilot", "plug-in file"),
    ("{dir}/broken.py:Pilot", "import failed: ModuleNotFoundError"),
])
def test_missing_or_unimportable_agent_file(tmp_path, capsys, reference, message):
    (tmp_path / "broken.py").write_text("import no_such_module_xyz\n")
    reference = reference.format(dir=tmp_path)
    code = main(["run", str(SCENARIOS / "engine-intercept.yaml"), "--out", str(tmp_path / "r"), "--agent", reference])
    lines = _error_lines(capsys.readouterr().err)
    assert code == 2 and len(lines) == 1 and reference.split(":")[0] in lines[0] and message in lines[0]
    assert not (tmp_path / "r").exists()


def test_wrong_command_shape_at_first_tick_aborts_the_record(tmp_path, capsys):
    reference = f"{write_faulty(tmp_path)}:WrongShape"
    code = main(["run", str(SCENARIOS / "engine-intercept.yaml"), "--out", str(tmp_path / "r"), "--duration", "60",
                 "--agent", f"blue={reference}"])
    lines = _error_lines(capsys.readouterr().err)
    assert code == 2 and len(lines) == 1 and "act returned shape (3,)" in lines[0] and reference in lines[0]
    (folder,) = list((tmp_path / "r").iterdir())
    assert TrialRecord.open(folder).status == "aborted" and str(folder) in lines[0]


def test_plugin_raising_mid_trial_one_line_exit_2_record_kept_aborted(tmp_path):
    reference = f"{write_faulty(tmp_path)}:Explodes"
    out = tmp_path / "records"
    done = subprocess.run([sys.executable, "-m", "sim.cli", "run", str(SCENARIOS / "engine-intercept.yaml"),
                           "--out", str(out), "--agent", f"blue={reference}"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    lines = _error_lines(done.stderr)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(lines) == 1 and reference in lines[0] and "ZeroDivisionError: float division by zero" in lines[0]
    (folder,) = list(out.iterdir())
    assert "record kept, marked aborted" in lines[0] and str(folder) in lines[0]
    record = TrialRecord.open(folder)
    assert record.status == "aborted" and "ZeroDivisionError" in record.meta["abort_reason"]
    assert record.summary is None
    kinds = {event["kind"] for event in record.events()}
    assert {"spawn", "launch", "detection"} <= kinds  # what happened before the fault is all there
    assert record.frames().num_rows > 0
