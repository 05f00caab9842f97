"""Controllers by name: built-ins, plug-ins by file or module, and one-line errors for broken ones."""

from __future__ import annotations

import pytest

from agents.base import Controller
from agents.registry import BUILTIN, PluginError, make_controller
from sim.config.controller_names import BLUE_CONTROLLERS, RED_CONTROLLERS

PLUGIN = '''
import numpy as np
from agents.base import SingleController, ControlLevel

class Hover(SingleController):
    level = ControlLevel.VELOCITY
    def act_one(self, obs, row):
        return (0.0, 0.0, 0.0, 0.0)

class NotAController:
    pass
'''


def test_every_scenario_name_is_bound():
    names = (set(BLUE_CONTROLLERS) | set(RED_CONTROLLERS)) - {"pilot"}
    assert names <= set(BUILTIN)
    for name in names:
        assert isinstance(make_controller(name, "red" if name in RED_CONTROLLERS else "blue", {}), Controller)


def test_pilot_flies_headless_with_its_autopilot():
    assert type(make_controller("pilot", "blue", {"autopilot": "apn"})).__name__ == "GuidanceController"


def test_file_plugin_loads(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(PLUGIN)
    controller = make_controller(f"{path}:Hover", "blue", {})
    assert controller.act_one(None, 0) == (0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize("reference, message", [
    ("{dir}/missing.py:Hover", "not found"),
    ("{dir}/mine.py:Missing", "no 'Missing'"),
    ("{dir}/broken.py:Hover", "import failed"),
    ("{dir}/mine.py:NotAController", "is not an agents.base.Controller"),
    ("no_such_module_xyz:Thing", "import failed"),
])
def test_broken_plugins_give_one_line(tmp_path, reference, message):
    (tmp_path / "mine.py").write_text(PLUGIN)
    (tmp_path / "broken.py").write_text("import no_such_module_xyz\n")
    with pytest.raises(PluginError) as error:
        make_controller(reference.format(dir=tmp_path), "blue", {})
    assert message in str(error.value) and "\n" not in str(error.value)


def test_bad_parameters_are_a_plugin_error():
    with pytest.raises(PluginError, match="bad parameters"):
        make_controller("pn", "blue", {"law": "telepathy"})
