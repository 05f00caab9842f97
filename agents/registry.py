"""Controllers by name: built-in short names, plug-ins by file or module, entry points.

The names and their one-line descriptions live in sim.config.controller_names
(what a scenario may say); this module binds them to implementations.
`pilot` flies headless with the built-in named by its `autopilot` parameter
until a soldier takes the controls (the cockpit). Trained policies are
`ppo-interceptor` (shipped) and `policy:path/to/policy.zip` (agents/policy.py;
outside the project's agents/policies/ only with --trust, agents/policy_files.py).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable

from agents.base import Controller
from agents.interceptor import GuidanceController, HoldController
from agents.plugin_guard import PluginError, one_line, start_plugin
from agents.policy_files import SHIPPED_POLICY
from agents.red import RedBehaviour
from sim.config.controller_names import ENTRY_POINT_GROUP, PILOT, parse_plugin, parse_policy


def _policy(path: Path, reference: str, params: dict[str, Any]) -> Controller:
    from agents.policy import PolicyController  # torch loads only when a policy flies

    try:
        return PolicyController(path, reference=reference, **params)
    except TypeError as exc:  # e.g. a scenario's params naming the policy file again
        raise PluginError(f"controller '{reference}': bad parameters {sorted(params)}: {exc}") from None


BUILTIN: dict[str, Callable[..., Controller]] = {
    "pn": lambda **p: GuidanceController(law="pn", **p),
    "apn": lambda **p: GuidanceController(law="apn", **p),
    "zem": lambda **p: GuidanceController(law="zem", **p),
    "pursuit": lambda **p: GuidanceController(law="pursuit", **{"gain": 2.0, **p}),
    "hold": HoldController,
    "ppo-interceptor": lambda **p: _policy(SHIPPED_POLICY, "ppo-interceptor", p),
    **{name: (lambda name=name: lambda **p: RedBehaviour(behaviour=name, **p))()
       for name in ("direct", "route", "low-level", "weaving", "dive")},
}
HEADLESS_PILOT = {"blue": "pn", "red": "direct"}


def _load_attribute(reference: str) -> Any:
    ref = parse_plugin(reference)
    if ref is None:
        raise PluginError(f"controller '{reference}': not a built-in name, an installed entry point, "
                          "'file.py:Class' or 'module:Class'")
    try:
        if ref.is_file:
            path = Path(ref.target)
            if not path.is_file():
                raise PluginError(f"controller '{reference}': file {path} not found")
            name = f"soldiers_lab_plugin_{abs(hash(str(path.resolve())))}"
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(ref.target)
    except PluginError:
        raise
    except Exception as exc:  # any import-time failure of third-party code is the plug-in's
        raise PluginError(f"controller '{reference}': import failed: {one_line(exc)}") from None
    if not hasattr(module, ref.attribute):
        raise PluginError(f"controller '{reference}': no '{ref.attribute}' in {ref.target}")
    return getattr(module, ref.attribute)


def _entry_point(name: str) -> Any | None:
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name == name:
            try:
                return point.load()
            except Exception as exc:  # the installed package's import failed
                raise PluginError(f"controller '{name}': entry point {point.value} failed to load: "
                                  f"{one_line(exc)}") from None
    return None


def make_controller(name: str, side: str, params: dict[str, Any]) -> Controller:
    """Instantiate the controller `name` for `side` with the scenario's parameters."""
    params = dict(params)
    if name == PILOT:
        name = str(params.pop("autopilot", HEADLESS_PILOT[side]))
    policy = parse_policy(name)
    if policy is not None:
        if side != "blue":
            raise PluginError(f"controller '{name}': a policy file flies blue interceptors only")
        return _policy(Path(policy), name, params)
    factory = BUILTIN.get(name)
    if factory is None:  # third-party code: checked, and wrapped so its faults are one line
        return start_plugin(name, _entry_point(name) or _load_attribute(name), params)
    try:
        return factory(**params)
    except (TypeError, ValueError) as exc:
        raise PluginError(f"controller '{name}': bad parameters {sorted(params)}: {exc}") from None
