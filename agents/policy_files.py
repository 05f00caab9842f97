"""Where trained policy files may be loaded from, and their manifests (no torch imported here).

A stable-baselines3 policy file is a zip holding pickles: loading one can run
any code its author put in it. So a policy is loaded without asking only from
the project's own folder (`agents/policies/` of the installed package, where
the shipped `ppo_interceptor.zip` lives); any other file needs the user's
`--trust` (`slab run`, `slab eval`, `slab rerun`), which the command turns
into `trusting_policies()` around its work. The manifest (`policy.json`
beside the zip, plain JSON) is read first and is safe to read from anywhere.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterator

from agents.plugin_guard import PluginError

PROJECT_POLICY_DIR = Path(__file__).resolve().parent / "policies"
SHIPPED_POLICY = PROJECT_POLICY_DIR / "ppo_interceptor.zip"
MANIFEST_NAME = "policy.json"  # what `slab train` writes beside policy.zip

_trusted: ContextVar[bool] = ContextVar("soldiers_lab_trust_policies", default=False)


@contextmanager
def trusting_policies(trust: bool = True) -> Iterator[None]:
    """Within the block, policy files from anywhere load (the user passed --trust) if `trust`."""
    token = _trusted.set(bool(trust))
    try:
        yield
    finally:
        _trusted.reset(token)


def is_project_policy(path: Path) -> bool:
    return path.resolve().is_relative_to(PROJECT_POLICY_DIR)


def check_trusted(path: Path) -> None:
    """Raise a one-line PluginError unless `path` may be unpickled."""
    if not (_trusted.get() or is_project_policy(path)):
        raise PluginError(f"refusing to load pickled policy {path.resolve()}: policy files can run code when "
                          f"loaded and only those in {PROJECT_POLICY_DIR} load unasked; "
                          "pass --trust if you trust where this file comes from")


def manifest_path(policy: Path) -> Path | None:
    """The manifest of a policy zip: `<stem>.json` beside it, else policy.json in its folder or the one
    above (checkpoints/ of a training run); None when there is none."""
    for candidate in (policy.with_suffix(".json"), policy.parent / MANIFEST_NAME, policy.parent.parent / MANIFEST_NAME):
        if candidate.is_file():
            return candidate
    return None


def read_manifest(policy: Path, reference: str) -> dict[str, Any]:
    """The policy's manifest as a dict; a one-line PluginError naming `reference` when absent or unreadable."""
    path = manifest_path(policy)
    if path is None:
        raise PluginError(f"controller '{reference}': no manifest ({policy.with_suffix('.json').name} or "
                          f"{MANIFEST_NAME}) beside {policy}: it says which environment the policy was trained on")
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise PluginError(f"controller '{reference}': manifest {path} unreadable: {exc}") from None
    if not isinstance(manifest, dict) or "env_id" not in manifest:
        raise PluginError(f"controller '{reference}': {path} is not a policy manifest (no env_id)")
    return manifest
