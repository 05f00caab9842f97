"""The built wheel ships the airframe and scenario library, found by short name once installed.

The wheel is built offline from a copy of the source (a stale build/ in the
checkout could otherwise leak deleted modules into it), installed with
--no-deps into a fresh venv, and imported from a folder outside the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ["pyproject.toml", "README.md", "sim", "agents", "trials", "airframes", "scenarios"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc", "*.egg-info")


def run(*cmd: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src, dist = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=IGNORED)
        else:
            shutil.copy2(path, src / name)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-q", "-w", dist, src, cwd=src)
    (built,) = dist.glob("soldiers_lab-*.whl")
    return built


def test_wheel_contains_the_airframe_and_scenario_library(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "airframes/interceptor-quad.yaml" in names
    assert "agents/policies/ppo_interceptor.zip" in names  # the shipped policy flies from an installed wheel
    for folder in ("airframes", "scenarios"):
        shipped = {f"{folder}/{p.name}" for p in (REPO / folder).glob("*.yaml")}
        assert shipped and shipped <= names, f"missing from the wheel: {sorted(shipped - names)}"
    assert "sim/cli.py" in names and not any("__pycache__" in n for n in names)


def test_installed_wheel_finds_builtin_airframes_by_short_name(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q",
        wheel, cwd=tmp_path)
    # Dependencies (numpy, pydantic...) come from this test's environment through a .pth
    # line. Unlike --system-site-packages, it does not run that environment's own .pth
    # files, so an editable install of the checkout cannot shadow the wheel.
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                       cwd=tmp_path).strip())
    (purelib / "outer-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run(python, "-c",
              "import sim; from sim.config.library import airframe_names, airframe_path, SCENARIOS\n"
              "from sim.config.loading import load_airframe\n"
              "print(sim.__file__); print(airframe_names()); print(airframe_path('shahed-136'))\n"
              "print(SCENARIOS.names()); print(load_airframe('interceptor-quad').top_speed_kmh.value)",
              cwd=elsewhere).splitlines()
    module_file, names, shahed, scenarios, top_speed = out
    assert Path(module_file).is_relative_to(purelib), "imported the checkout, not the wheel"
    assert "interceptor-quad" in names and "shahed-136" in names
    assert Path(shahed).is_relative_to(purelib)
    assert all(p.stem in scenarios for p in (REPO / "scenarios").glob("*.yaml"))
    assert float(top_speed) == 300.0
