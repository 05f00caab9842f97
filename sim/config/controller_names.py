"""The controller names a scenario may use: built-in short names and plug-in references.

This is the one list of built-in names; the engine binds each name to an
implementation and a test there should check it covers every name here.
A plug-in is written `path/to/file.py:Class` (relative to the scenario file)
or `package.module:Class`, or is the name of an entry point that an installed
package declares in the group `soldiers_lab.agents`. A trained policy file
is `policy:path/to/policy.zip` (its manifest `policy.json` beside it; blue
interceptors only; outside the project's `agents/policies/` it needs `--trust`). The loader checks the
syntax (and that a `.py` file exists) but imports nothing: importing runs
code, which is the engine's decision to make when a trial starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Literal

Side = Literal["blue", "red"]

PILOT = "pilot"  # a soldier at the controls, on either side
ENTRY_POINT_GROUP = "soldiers_lab.agents"  # installed packages register controllers by name here
POLICY_PREFIX = "policy:"  # `policy:path/to/policy.zip`: a trained policy file (agents/policy.py)

BLUE_CONTROLLERS: dict[str, str] = {
    "pn": "proportional navigation on the track picture, plus an axial go-fast term",
    "apn": "augmented PN: PN plus half the target's acceleration normal to the line of sight",
    "pursuit": "pure pursuit: steer the velocity straight at the target",
    "zem": "zero-effort-miss guidance, a = N * ZEM_perp / t_go^2",
    "hold": "hold position at the launch site (a loiter or a reserve)",
    "ppo-interceptor": "the shipped PPO policy (agents/policies/ppo_interceptor.zip), trained by slab train on Intercept-v0",
    PILOT: "a soldier flies it from the cockpit (gamepad or RC radio)",
}

RED_CONTROLLERS: dict[str, str] = {
    "direct": "fly straight at the target asset (or the last waypoint)",
    "route": "follow the waypoints in order, then the target asset if one is given",
    "low-level": "follow the route at a fixed height above the terrain",
    "weaving": "follow the route while weaving side to side to spoil guidance",
    "dive": "cruise to the target, then a steep terminal dive onto it",
    PILOT: "a soldier flies it from the cockpit (red-team training)",
}

CONTROLLERS: dict[Side, dict[str, str]] = {"blue": BLUE_CONTROLLERS, "red": RED_CONTROLLERS}

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_MODULE = re.compile(rf"^{_IDENT}(\.{_IDENT})*$")
_ATTR = re.compile(rf"^{_IDENT}$")


@dataclass(frozen=True)
class PluginRef:
    """`module_or_file:attribute`; `file` is set for `.py` references."""

    target: str
    attribute: str

    @property
    def is_file(self) -> bool:
        return self.target.endswith(".py")


def parse_plugin(reference: str) -> PluginRef | None:
    """`pkg.mod:Class` or `dir/file.py:Class` -> PluginRef; anything else -> None."""
    target, sep, attribute = reference.rpartition(":")
    if not sep or not target or not _ATTR.match(attribute):
        return None
    if target.endswith(".py") or _MODULE.match(target):
        return PluginRef(target, attribute)
    return None


def parse_policy(reference: str) -> str | None:
    """The file of a `policy:path/to/policy.zip` reference; None for anything else."""
    if reference.startswith(POLICY_PREFIX) and reference[len(POLICY_PREFIX):].strip():
        return reference[len(POLICY_PREFIX):].strip()
    return None


def entry_point_names() -> set[str]:
    """Controllers installed packages offer (metadata only: nothing is imported)."""
    return {point.name for point in entry_points(group=ENTRY_POINT_GROUP)}


def check_controller(name: str, side: Side, base_dir: Path) -> str | None:
    """None if `name` is usable by `side`, else a one-line reason for the trainer."""
    known = CONTROLLERS[side]
    if name in known:
        return None
    policy = parse_policy(name)
    if policy is not None:
        path = Path(policy) if Path(policy).is_absolute() else base_dir / policy
        if side != "blue":
            return f"'{name}': a policy file flies blue interceptors only"
        return None if path.is_file() else f"policy file '{policy}' not found (looked for {path})"
    ref = parse_plugin(name)
    if ref is None and name in entry_point_names():
        return None
    if ref is None:
        other: Side = "red" if side == "blue" else "blue"
        if name in CONTROLLERS[other]:
            return f"'{name}' is a {other} controller; {side} ones are: {', '.join(known)}"
        return (f"unknown {side} controller '{name}'; built-in: {', '.join(known)}; "
                "or a plug-in 'path/to/file.py:Class', 'package.module:Class' or an installed entry-point name")
    if ref.is_file:
        path = Path(ref.target)
        path = path if path.is_absolute() else base_dir / path
        if not path.is_file():
            return f"plug-in file '{ref.target}' not found (looked for {path})"
    return None


def absolute_plugin(name: str, base_dir: Path) -> str:
    """A `.py` plug-in or policy reference made absolute, so it still works from a trial record; others unchanged."""
    policy = parse_policy(name)
    if policy is not None:
        return name if Path(policy).is_absolute() else f"{POLICY_PREFIX}{(base_dir / policy).resolve()}"
    ref = parse_plugin(name)
    if ref is None or not ref.is_file or Path(ref.target).is_absolute():
        return name
    return f"{(base_dir / ref.target).resolve()}:{ref.attribute}"
