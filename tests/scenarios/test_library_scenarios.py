"""The built-in scenario library: the eight named scenarios, each valid, resolvable and schema-valid."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from sim.cli import main
from sim.config.distributions import support
from sim.config.library import SCENARIOS
from sim.config.resolve import resolve, scenario_yaml
from sim.config.scenario_loading import load_scenario, scenario_names
from sim.config.yaml_positions import load_yaml_with_positions

REPO = Path(__file__).resolve().parents[2]
REQUIRED = ["port-night-shahed-wave", "nuclear-plant-mixed-raid", "fpv-swarm-vs-position",
            "single-shahed-training", "ew-contested-corridor", "saturation-raid", "red-team-fpv",
            "crazyflie-validation"]
MODELINE = "# yaml-language-server: $schema=../docs/schema/scenario.schema.json\n"


def test_library_has_the_eight_scenarios() -> None:
    assert set(REQUIRED) <= set(scenario_names())


def test_every_library_scenario_validates(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(SCENARIOS.path(name)) for name in scenario_names()]
    assert main(["validate", *paths]) == 0, capsys.readouterr().err
    assert len(capsys.readouterr().out.splitlines()) == len(paths)


@pytest.mark.parametrize("name", REQUIRED)
def test_scenario_file_conventions(name: str) -> None:
    path = SCENARIOS.path(name)
    assert path.read_text(encoding="utf-8").startswith(MODELINE), "first line must point editors at the schema"
    scenario = load_scenario(name)
    assert scenario.meta.name == name == path.stem
    assert len(scenario.meta.description) > 150, "a briefing a soldier can act on"
    for sensor in scenario.sensors.all():
        assert sensor.source.strip()


@pytest.mark.parametrize("name", REQUIRED)
def test_library_scenario_matches_the_json_schema(name: str) -> None:
    schema = json.loads((REPO / "docs/schema/scenario.schema.json").read_text(encoding="utf-8"))
    data, _ = load_yaml_with_positions(SCENARIOS.path(name))
    jsonschema.Draft7Validator(schema).validate(data)


@pytest.mark.parametrize("name", REQUIRED)
def test_library_scenario_resolves_and_round_trips(name: str, tmp_path: Path) -> None:
    resolved = resolve(load_scenario(name), np.random.default_rng(0))
    assert set(resolved.airframes) >= {wave.airframe for wave in resolved.scenario.red.waves}
    copy = tmp_path / "scenario.yaml"  # as a trial record stores it
    copy.write_text(scenario_yaml(resolved.scenario), encoding="utf-8")
    assert load_scenario(copy) == resolved.scenario


def test_validate_in_a_fresh_process(tmp_path: Path) -> None:
    # Scenario files must be known to `slab validate` without any import done by the tests.
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCENARIOS.path("single-shahed-training").read_text(encoding="utf-8")
                   .replace("count: 1", "count: 0"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-m", "sim.cli", "validate", str(SCENARIOS.path("saturation-raid")),
                           str(bad)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout.startswith("ok  ") and "saturation-raid" in done.stdout
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(f"{bad}:") and "red.waves[0].count: must be >= 1, got 0" in done.stderr


def test_saturation_raid_is_the_scale_case() -> None:
    scenario = load_scenario("saturation-raid")
    threats = sum(support(wave.count)[0] for wave in scenario.red.waves)
    interceptors = sum(support(n)[0] for site in scenario.blue.launch_sites for n in site.magazine.values())
    assert threats >= 200 and interceptors >= 50


def test_shahed_spawns_are_10_to_15_km_from_their_target() -> None:
    for name in ("port-night-shahed-wave", "nuclear-plant-mixed-raid", "saturation-raid"):
        scenario = load_scenario(name)
        assets = {asset.name: asset for asset in scenario.area.assets}
        for wave in scenario.red.waves:
            if wave.airframe != "shahed-136":
                continue
            target = assets[wave.target].position_m
            distance = np.hypot(wave.spawn.center_m[0] - target[0], wave.spawn.center_m[1] - target[1])
            assert 10_000 <= distance <= 15_000, (name, wave.name, distance)


def test_ew_corridor_has_both_link_kinds() -> None:
    resolved = resolve(load_scenario("ew-contested-corridor"), np.random.default_rng(0))
    links = {resolved.airframes[wave.airframe].link for wave in resolved.scenario.red.waves}
    assert links == {"radio", "fibre"}
    jammer = resolved.scenario.ew.jammers[0]
    assert resolved.scenario.ew.effects(jammer, "fpv-strike-quad") == {"control", "video", "gnss"}
    assert resolved.scenario.ew.effects(jammer, "interceptor-quad") == {"gnss"}
