"""Controller names: the built-in registry and plug-in references."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.config.controller_names import (BLUE_CONTROLLERS, RED_CONTROLLERS, absolute_plugin,
                                         check_controller, parse_plugin)
from sim.config.scenario_loading import load_scenario
from tests.scenarios.scenario_texts import VALID_SCENARIO, mutate


def test_registry_names() -> None:
    assert set(BLUE_CONTROLLERS) == {"pn", "apn", "pursuit", "zem", "hold", "ppo-interceptor", "pilot"}
    assert set(RED_CONTROLLERS) == {"direct", "route", "low-level", "weaving", "dive", "pilot"}
    assert all(description.strip() for description in {**BLUE_CONTROLLERS, **RED_CONTROLLERS}.values())


@pytest.mark.parametrize("text, target, attribute", [
    ("agents.guidance:PN", "agents.guidance", "PN"),
    ("my_pkg:Policy", "my_pkg", "Policy"),
    ("plugins/my_law.py:Law", "plugins/my_law.py", "Law"),
    ("/abs/dir/law.py:Law", "/abs/dir/law.py", "Law"),
    ("C:/lab/law.py:Law", "C:/lab/law.py", "Law"),
])
def test_parse_plugin(text: str, target: str, attribute: str) -> None:
    ref = parse_plugin(text)
    assert ref is not None and (ref.target, ref.attribute) == (target, attribute)


@pytest.mark.parametrize("text", ["pn", "agents.guidance", "agents.guidance:", ":Cls", "a b:Cls",
                                  "agents..x:Cls", "agents.x:1Cls", "dir/file.txt:Cls"])
def test_parse_plugin_rejects(text: str) -> None:
    assert parse_plugin(text) is None


def test_check_controller(tmp_path: Path) -> None:
    (tmp_path / "law.py").write_text("class Law: ...\n")
    assert check_controller("pn", "blue", tmp_path) is None
    assert check_controller("pilot", "red", tmp_path) is None
    assert check_controller("law.py:Law", "blue", tmp_path) is None
    assert check_controller("some.module:Law", "red", tmp_path) is None  # not imported at load time
    assert "not found" in (check_controller("other.py:Law", "blue", tmp_path) or "")
    assert "is a blue controller" in (check_controller("pn", "red", tmp_path) or "")


def test_plugin_paths_become_absolute(tmp_path: Path) -> None:
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "law.py").write_text("class Law: ...\n")
    path = tmp_path / "test-scenario.yaml"
    path.write_text(mutate(VALID_SCENARIO, "controller: apn", "controller: plugins/law.py:Law"))
    scenario = load_scenario(path)
    assert scenario.blue.interceptors[1].controller == f"{(tmp_path / 'plugins' / 'law.py').resolve()}:Law"
    assert absolute_plugin("pn", tmp_path) == "pn"
    assert absolute_plugin("pkg.mod:Law", tmp_path) == "pkg.mod:Law"
