"""Controllers by name: built-ins, plug-ins by file or module, and one-line errors for broken ones."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import numpy as np
import pytest

from agents.base import Controller, Observation
from agents.plugin_guard import GuardedController
from agents.registry import BUILTIN, PluginError, make_controller
from sim.config.controller_names import BLUE_CONTROLLERS, RED_CONTROLLERS
from tests.agents.plugin_files import install_entry_points, write_faulty

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


# --- plug-in checks at load time, and faults while flying (agents/plugin_guard.py) ---------------


def observation(n: int, t_s: float = 10.0) -> Observation:
    zeros, flags = np.zeros((n, 3)), np.ones(n, dtype=bool)
    return Observation(t_s, 1 / 30, np.arange(n), zeros, zeros, np.zeros(n), zeros, zeros, flags, flags, flags,
                       np.zeros(n))


@pytest.mark.parametrize("attribute, message", [
    ("ExtraArgument", "act must be act(self, obs), not act(self, obs, extra)"),
    ("BadActOne", "act_one must be act_one(self, obs, row), not act_one(self, obs)"),
    ("BadReset", "reset must be reset(self, specs, rng), not reset(self, specs)"),
    ("NoAct", "NoAct does not implement act"),
    ("BadLevel", "level must be a ControlLevel or FixedWingLevel, got 4"),
    ("FailsToStart", "could not be created with parameters []: RuntimeError: no licence"),
    ("not_a_class", "int object is not a Controller class"),
])
def test_broken_plugins_are_caught_at_load(tmp_path, attribute, message):
    reference = f"{write_faulty(tmp_path)}:{attribute}"
    with pytest.raises(PluginError) as error:
        make_controller(reference, "blue", {})
    text = str(error.value)
    assert message in text and reference in text and "\n" not in text


def test_plugins_are_wrapped_and_builtins_are_not(tmp_path):
    path = write_faulty(tmp_path)
    good = make_controller(f"{path}:Good", "blue", {"gain": 2})
    made = make_controller(f"{path}:make_a_good_one", "blue", {})  # a factory function is fine too
    assert isinstance(good, GuardedController) and isinstance(made, GuardedController)
    assert good.level == good.inner.level and good.params == {"gain": 2}
    assert good.act(observation(3)).shape == (3, 4)
    assert not isinstance(make_controller("pn", "blue", {}), GuardedController)


@pytest.mark.parametrize("attribute, message", [
    ("Explodes", "raised at t = 10.00 s: ZeroDivisionError: float division by zero"),
    ("WrongShape", "act returned shape (3,) at t = 10.00 s; expected (2, 4)"),
    ("NotNumbers", "act returned a list of non-numbers"),
    ("ReturnsNaN", "act returned NaN or inf for entity 1 at t = 10.00 s"),
])
def test_faults_while_flying_are_one_line_plugin_errors(tmp_path, attribute, message):
    reference = f"{write_faulty(tmp_path)}:{attribute}"
    controller = make_controller(reference, "blue", {})
    with pytest.raises(PluginError) as error:
        controller.act(observation(2))
    assert message in str(error.value) and reference in str(error.value) and "\n" not in str(error.value)


def test_reset_faults_and_level_mismatch(tmp_path):
    path = write_faulty(tmp_path)
    with pytest.raises(PluginError, match=r"raised in reset: KeyError: 'spec'"):
        make_controller(f"{path}:ResetExplodes", "blue", {}).reset([], np.random.default_rng(0))
    wing = SimpleNamespace(entity_id=0, airframe=SimpleNamespace(name="shahed-136", kind="fixed_wing"))
    with pytest.raises(PluginError, match="shahed-136 is a fixed wing"):
        make_controller(f"{path}:Good", "red", {}).reset([wing], np.random.default_rng(0))


def test_entry_points_load_and_broken_ones_are_one_line(tmp_path, monkeypatch):
    monkeypatch.delitem(sys.modules, "faulty", raising=False)
    install_entry_points(tmp_path, monkeypatch, {"fake-good": "faulty:Good", "fake-broken": "no_such_mod_xyz:Good"})
    controller = make_controller("fake-good", "blue", {})
    assert isinstance(controller, GuardedController) and type(controller.inner).__name__ == "Good"
    with pytest.raises(PluginError, match=r"controller 'fake-broken': entry point no_such_mod_xyz:Good failed to "
                                          r"load: ModuleNotFoundError"):
        make_controller("fake-broken", "blue", {})
    with pytest.raises(PluginError, match="not a built-in name, an installed entry point"):
        make_controller("fake-unknown", "blue", {})


def test_policy_references_are_checked_and_made_absolute(tmp_path):
    from sim.config.controller_names import absolute_plugin, check_controller, parse_policy

    (tmp_path / "p.zip").write_bytes(b"")
    assert parse_policy("policy:p.zip") == "p.zip" and parse_policy("policy:") is None and parse_policy("pn") is None
    assert check_controller("policy:p.zip", "blue", tmp_path) is None
    assert "not found" in (check_controller("policy:q.zip", "blue", tmp_path) or "")
    assert "blue interceptors only" in (check_controller("policy:p.zip", "red", tmp_path) or "")
    assert absolute_plugin("policy:p.zip", tmp_path) == f"policy:{(tmp_path / 'p.zip').resolve()}"
    assert "ppo-interceptor" in BLUE_CONTROLLERS and "ppo-interceptor" in BUILTIN
