"""The manifest written beside a trained policy (`policy.json`): what it was trained on and how.

Plain JSON, so it can be read before (and without) unpickling the policy:
agents/policy.py reads `env_id`, `env_options` and `obs_mask` to rebuild the
environment's observation and action mapping in a trial.
"""

from __future__ import annotations

import json
import platform
from dataclasses import fields, is_dataclass
from datetime import datetime, timezone
from enum import Enum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from agents.training.settings import TrainSettings

FORMAT = "soldiers-lab-policy/1"
PACKAGES = ("soldiers-lab", "stable-baselines3", "torch", "gymnasium", "numpy", "numba")


def _jsonable(value: Any) -> Any:
    """Config values as JSON: enums by name, dataclasses as dicts, tuples as lists."""
    if isinstance(value, Enum):
        return value.name.lower()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def space_summary(space: Any) -> dict[str, Any]:
    """A Box space as JSON: shape, dtype, and its bounds (one number when every entry shares it)."""
    def bound(values: Any) -> Any:
        flat = values.ravel().tolist()
        return flat[0] if len(set(flat)) == 1 else flat
    return {"type": type(space).__name__, "shape": list(space.shape), "dtype": str(space.dtype),
            "low": bound(space.low), "high": bound(space.high)}


def build_manifest(settings: TrainSettings, env_config: Any, observation_space: Any, action_space: Any,
                   command: str | None) -> dict[str, Any]:
    """The manifest at the start of a run (status `training`); `finish_manifest` completes it."""
    return {
        "format": FORMAT, "status": "training", "env_id": settings.env_id,
        "env_options": _jsonable(settings.env_options), "env_config": _jsonable(env_config),
        "obs_mask": list(settings.obs_mask), "algo": settings.algo, "policy": "MlpPolicy",
        "net_arch": list(settings.net_arch), "activation": "tanh", "log_std_init": settings.log_std_init, "hyperparameters": _jsonable(settings.algo_params),
        "num_envs": settings.num_envs, "steps_requested": settings.steps, "seed": settings.seed,
        "checkpoint_every": settings.checkpoint_every, "command": command,
        "observation_space": space_summary(observation_space), "action_space": space_summary(action_space),
        "versions": versions(), "started_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def finish_manifest(manifest: dict[str, Any], status: str, steps_done: int, wall_time_s: float,
                    stats: dict[str, Any]) -> dict[str, Any]:
    return {**manifest, "status": status, "steps": steps_done, "wall_time_s": round(wall_time_s, 1),
            "finished_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"), "final_stats": stats}


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Write through a temporary file, so a reader never sees half a manifest."""
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n")
    tmp.replace(path)
