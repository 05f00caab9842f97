"""`--agent` overrides: which controller flies a side or one group, instead of the scenario's.

A *group* is what one controller instance flies: a red wave (by its name)
or every interceptor of one airframe (by the airframe's name). An override
is `KEY=CONTROLLER` with KEY `blue`, `red` or a group name; a bare
`CONTROLLER` means `blue=CONTROLLER`. Precedence, most specific first: the
group's own override, then its side's, then what the scenario says.

The overrides are applied to the (resolved) scenario itself, so the copy in
the trial record reruns the trial with the same controllers. A group whose
controller changes loses the scenario's `params` for it: they were written
for the controller being replaced. File plug-ins are made absolute against
`base_dir` (the current folder on the command line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from agents.plugin_guard import PluginError
from sim.config.controller_names import Side, absolute_plugin, check_controller
from sim.config.scenario import Scenario
from sim.config.scenario_forces import Interceptor

SIDES: tuple[Side, ...] = ("blue", "red")


def parse_agent_options(options: Iterable[str]) -> dict[str, str]:
    """`["blue=pn", "wave-1=x.py:K", "apn"]` -> `{"blue": "pn", "wave-1": "x.py:K", ...}`; bare = blue."""
    out: dict[str, str] = {}
    for option in options:
        key, sep, name = option.partition("=")
        key, name = (key.strip(), name.strip()) if sep else ("blue", option.strip())
        if not key or not name:
            raise PluginError(f"--agent '{option}': expected CONTROLLER, SIDE=CONTROLLER or GROUP=CONTROLLER")
        if key in out:
            raise PluginError(f"--agent '{option}': {key} is given twice (first as '{out[key]}')")
        out[key] = name
    return out


def blue_groups(scenario: Scenario) -> list[str]:
    """Interceptor airframes held at the launch sites, in order of first appearance (the blue groups)."""
    names: list[str] = []
    for site in scenario.blue.launch_sites:
        names += [name for name in site.magazine if name not in names]
    return names


def controllers_of(scenario: Scenario) -> dict[str, str]:
    """Group name -> the controller name flying it (what the trial record's meta.json lists)."""
    out = {wave.name: wave.behaviour for wave in scenario.red.waves}
    out.update({name: scenario.blue.interceptor(name).controller for name in blue_groups(scenario)})
    return out


def _choose(key: str, side: Side, agents: Mapping[str, str], base_dir: Path) -> str | None:
    """The override for group `key` of `side` (checked, plug-in paths absolute), or None."""
    chosen = agents.get(key, agents.get(side))
    if chosen is None:
        return None
    reason = check_controller(chosen, side, base_dir)
    if reason is not None:
        given = key if key in agents else side
        raise PluginError(f"--agent {given}={chosen}: {reason}")
    return absolute_plugin(chosen, base_dir)


def apply_agents(scenario: Scenario, agents: Mapping[str, str], base_dir: Path) -> Scenario:
    """The scenario with the controllers `agents` names (see the module docstring for precedence)."""
    red_groups = [wave.name for wave in scenario.red.waves]
    groups = red_groups + blue_groups(scenario)
    unknown = sorted(set(agents) - set(SIDES) - set(groups))
    if unknown:
        raise PluginError(f"--agent {unknown[0]}=...: no group '{unknown[0]}' in scenario "
                          f"'{scenario.meta.name}'; sides: blue, red; groups: {', '.join(groups)}")
    waves = []
    for wave in scenario.red.waves:
        name = _choose(wave.name, "red", agents, base_dir)
        changed = name is not None and name != wave.behaviour
        waves.append(wave.model_copy(update={"behaviour": name, "params": {}}) if changed else wave)
    entries = {entry.airframe: entry for entry in scenario.blue.interceptors}
    for airframe in blue_groups(scenario):
        entry = scenario.blue.interceptor(airframe)
        name = _choose(airframe, "blue", agents, base_dir)
        if name is not None and name != entry.controller:
            entries[airframe] = Interceptor(airframe=airframe, controller=name)
    return scenario.model_copy(update={
        "red": scenario.red.model_copy(update={"waves": waves}),
        "blue": scenario.blue.model_copy(update={"interceptors": list(entries.values())}),
    })
