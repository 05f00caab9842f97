"""`--agent` overrides: parsing, precedence (group > side > scenario), checks, what the record lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.overrides import apply_agents, blue_groups, controllers_of, parse_agent_options
from agents.registry import PluginError
from sim.config.controller_names import check_controller
from sim.config.scenario_loading import load_scenario
from tests.agents.plugin_files import install_entry_points, write_faulty

ENGINE = Path(__file__).resolve().parents[1] / "engine" / "scenarios" / "engine-intercept.yaml"


@pytest.fixture(scope="module")
def port():
    return load_scenario("port-night-shahed-wave")


def test_parse_agent_options():
    assert parse_agent_options(["red=weaving", "wave-2 = dive", "C:/lab/x.py:K"]) == {
        "red": "weaving", "wave-2": "dive", "blue": "C:/lab/x.py:K"}
    for bad, message in ((["apn", "blue=pn"], "blue is given twice"), (["=pn"], "expected CONTROLLER"),
                         (["red="], "expected CONTROLLER")):
        with pytest.raises(PluginError, match=message):
            parse_agent_options(bad)


def test_the_scenario_is_unchanged_without_overrides(port):
    assert controllers_of(port) == {"wave-1": "direct", "wave-2": "route", "wave-3": "weaving",
                                    "interceptor-quad": "pn"}
    assert apply_agents(port, {}, Path.cwd()) == port


def test_group_beats_side_and_params_follow_the_controller(port):
    changed = apply_agents(port, {"red": "dive", "wave-3": "direct", "blue": "pn"}, Path.cwd())
    assert controllers_of(changed) == {"wave-1": "dive", "wave-2": "dive", "wave-3": "direct",
                                       "interceptor-quad": "pn"}
    assert changed.red.waves[2].params == {}  # weaving's amplitude means nothing to `direct`
    assert changed.blue.interceptor("interceptor-quad").params == {"navigation_constant": 4}  # same controller
    assert apply_agents(port, {"blue": "apn"}, Path.cwd()).blue.interceptor("interceptor-quad").params == {}
    assert port.red.waves[2].behaviour == "weaving"  # the original is not modified


def test_plugin_files_become_absolute_and_groups_without_an_entry_get_one(tmp_path, monkeypatch):
    write_faulty(tmp_path)
    monkeypatch.chdir(tmp_path)
    scenario = load_scenario(ENGINE)
    assert scenario.blue.interceptors == [] and blue_groups(scenario) == ["interceptor-quad"]
    changed = apply_agents(scenario, {"interceptor-quad": "faulty.py:Good"}, Path.cwd())
    assert controllers_of(changed)["interceptor-quad"] == f"{tmp_path.resolve() / 'faulty.py'}:Good"


@pytest.mark.parametrize("agents, message", [
    ({"wave-9": "dive"}, "no group 'wave-9' in scenario 'port-night-shahed-wave'; sides: blue, red; groups: "
                         "wave-1, wave-2, wave-3, interceptor-quad"),
    ({"red": "pn"}, "--agent red=pn: 'pn' is a blue controller"),
    ({"interceptor-quad": "weaving"}, "--agent interceptor-quad=weaving: 'weaving' is a red controller"),
    ({"blue": "telepathy"}, "unknown blue controller 'telepathy'"),
    ({"blue": "missing.py:Pilot"}, "plug-in file 'missing.py' not found"),
])
def test_bad_overrides_are_one_line(port, agents, message):
    with pytest.raises(PluginError) as error:
        apply_agents(port, agents, Path.cwd())
    assert message in str(error.value) and "\n" not in str(error.value)


def test_entry_point_names_are_controllers(port, tmp_path, monkeypatch):
    assert check_controller("fake-good", "blue", tmp_path) is not None
    install_entry_points(tmp_path, monkeypatch, {"fake-good": "faulty:Good"})
    assert check_controller("fake-good", "blue", tmp_path) is None
    assert controllers_of(apply_agents(port, {"blue": "fake-good"}, tmp_path))["interceptor-quad"] == "fake-good"
