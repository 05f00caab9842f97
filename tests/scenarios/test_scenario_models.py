"""Pieces of the scenario language with known answers: wind, terrain files, links, shapes."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.config.errors import ConfigError
from sim.config.scenario_area import Area, wind_velocity_enu_mps
from sim.config.scenario_loading import load_scenario
from sim.config.scenario_sensors import Grid
from tests.scenarios.scenario_texts import VALID_SCENARIO, line_of, mutate


@pytest.mark.parametrize("from_deg, expected", [
    (270, (1.0, 0.0)),   # west wind blows towards the east
    (0, (0.0, -1.0)),    # north wind blows south
    (90, (-1.0, 0.0)),
    (225, (math.sqrt(0.5), math.sqrt(0.5))),  # south-west wind blows north-east
])
def test_wind_blows_from(from_deg: float, expected: tuple[float, float]) -> None:
    vx, vy, vz = wind_velocity_enu_mps(1.0, from_deg)
    assert (vx, vy, vz) == pytest.approx((*expected, 0.0), abs=1e-12)


def test_area_contains() -> None:
    area = Area(size_m=[100.0, 50.0])
    assert area.contains(50, -25) and not area.contains(50.1, 0) and not area.contains(0, 25.1)


def test_grid_nodes_centred() -> None:
    nodes = Grid(center_m=[100.0, 0.0], size_m=[2000.0, 1000.0], spacing_m=1000.0).nodes()
    assert len(nodes) == 6
    assert nodes[0] == (-900.0, -500.0) and nodes[-1] == (1100.0, 500.0)


def _with_heightmap(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "test-scenario.yaml"
    path.write_text(mutate(VALID_SCENARIO, "  size_m: [10000, 8000]\n",
                           f"  size_m: [10000, 8000]\n  terrain: {{heightmap: {name}, cell_size_m: 50}}\n"))
    return path


def test_heightmap_file_is_found_relative_to_the_scenario(tmp_path: Path) -> None:
    np.save(tmp_path / "ground.npy", np.zeros((4, 5)))
    scenario = load_scenario(_with_heightmap(tmp_path, "ground.npy"))
    assert scenario.area.terrain.heightmap == str((tmp_path / "ground.npy").resolve())
    (tmp_path / "ground.csv").write_text("0,1,2\n3,4,5\n")
    assert load_scenario(_with_heightmap(tmp_path, "ground.csv")).area.terrain.heightmap.endswith("ground.csv")


@pytest.mark.parametrize("name, content, fragment", [
    ("missing.npy", None, "heightmap file not found"),
    ("bad.csv", "1,2\nx,y\n", "cannot read heightmap"),
    ("line.npy", np.zeros(5), "finite 2-D grid"),
    ("nan.npy", np.array([[0.0, np.nan], [1.0, 2.0]]), "finite 2-D grid"),
    ("ground.png", b"", "must be a .npy or .csv file"),
])
def test_bad_heightmap(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: object,
                       fragment: str) -> None:
    if isinstance(content, np.ndarray):
        np.save(tmp_path / name, content)
    elif isinstance(content, (str, bytes)):
        (tmp_path / name).write_bytes(content.encode() if isinstance(content, str) else content)
    path = _with_heightmap(tmp_path, name)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and fragment in err
    assert err.startswith(f"{path}:{line_of(VALID_SCENARIO, 'size_m: [10000') + 1}:")


def test_prototype_may_not_shadow_a_builtin(tmp_path: Path) -> None:
    path = tmp_path / "test-scenario.yaml"
    text = VALID_SCENARIO.replace("test-proto", "recon-quad")
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    assert (info.value.line, info.value.col) == (line_of(text, "  recon-quad:"), 3)
    assert info.value.field == "prototypes.recon-quad"
    assert "has the name of a built-in airframe" in info.value.message


MINIMAL = """\
kind: scenario
meta: {name: minimal, description: Sensors only., duration_s: 60}
area: {size_m: [1000, 1000]}
rules:
  end_when: [all_threats_resolved, any_asset_destroyed]
"""


def test_end_condition_on_assets_needs_assets(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL)
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    assert (info.value.line, info.value.field) == (5, "rules.end_when[1]")
    assert "needs at least one protected asset" in info.value.message
    path.write_text(MINIMAL.replace(", any_asset_destroyed", ""))
    scenario = load_scenario(path)
    assert scenario.red.waves == [] and scenario.weather.wind_speed_mps == 0.0
