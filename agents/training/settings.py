"""What one training run is: environment, options, algorithm, hyperparameters, budget.

`slab train` builds a `TrainSettings` from its arguments and an optional
`--config FILE` (YAML or JSON) with these keys, all optional:

    env: {start: launch, rewards: {hit: 20}}   # options of the environment (docs/envs.md), or a list
                                               # of option sets sharing the worlds (agents/training/mixture.py)
    ppo: {n_steps: 128, learning_rate: 0.0003} # stable-baselines3 PPO arguments, over PPO_DEFAULTS
    net_arch: [64, 64]                         # hidden layers of the policy and value networks
    log_std_init: -1.0                         # initial log standard deviation of the actions
    envs: 128                                  # worlds in the batch (--envs wins)
    checkpoint_every: 1000000                  # env steps between checkpoints (--checkpoint-every wins)
    mask: engine                               # "engine": zero what a trial cannot supply; "none"

Bad input raises `TrainingError`, one line for the command to print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agents.training.observation import default_mask

ALGOS = ("ppo",)
DEFAULT_ENVS = 128
DEFAULT_CHECKPOINT_EVERY = 1_000_000
DEFAULT_NET_ARCH = (64, 64)  # small: the shipped policy stays a ~100 KB file and cheap per tick
# Tuned on Intercept-v0 (30 Hz actions, episodes of 1,500-3,600 steps from the pad): short rollouts
# over many worlds, big minibatches (the network is tiny, so updates are cheap), a horizon of a few
# seconds (gamma 0.995: ~200 steps) because the shaping terms pay along the way.
PPO_DEFAULTS: dict[str, Any] = {
    "n_steps": 128, "batch_size": 4096, "n_epochs": 5, "learning_rate": 3e-4, "gamma": 0.995,
    "gae_lambda": 0.95, "clip_range": 0.2, "ent_coef": 0.0, "vf_coef": 0.5, "max_grad_norm": 0.5,
}
DEFAULT_LOG_STD = -1.0  # exploration noise of 0.37 x 40 m/s^2 at first: 1.0 shook the drone for nothing
FILE_KEYS = ("env", "ppo", "net_arch", "log_std_init", "envs", "checkpoint_every", "mask")


class TrainingError(ValueError):
    """Bad training input; the message is one line."""


@dataclass(frozen=True)
class TrainSettings:
    env_id: str
    steps: int
    algo: str = "ppo"
    seed: int = 0
    num_envs: int = DEFAULT_ENVS
    checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY
    env_options: dict[str, Any] | list[dict[str, Any]] = field(default_factory=dict)  # a list: a mixture
    algo_params: dict[str, Any] = field(default_factory=dict)  # the full set: defaults plus overrides
    net_arch: tuple[int, ...] = DEFAULT_NET_ARCH
    log_std_init: float = DEFAULT_LOG_STD
    obs_mask: tuple[int, ...] = ()  # observation entries held at 0 (agents.training.observation)


def read_config_file(path: Path) -> dict[str, Any]:
    """The `--config` file as a dict (YAML, of which JSON is a subset)."""
    try:
        data = yaml.safe_load(Path(path).read_text())
    except OSError as exc:
        raise TrainingError(f"--config {path}: cannot read it: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise TrainingError(f"--config {path}: not YAML or JSON: {str(exc).splitlines()[0]}") from None
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise TrainingError(f"--config {path}: expected a mapping of {', '.join(FILE_KEYS)}")
    unknown = sorted(set(data) - set(FILE_KEYS))
    if unknown:
        raise TrainingError(f"--config {path}: unknown key(s) {', '.join(map(str, unknown))}; known: {', '.join(FILE_KEYS)}")
    if not isinstance(data.get("ppo", {}), dict):
        raise TrainingError(f"--config {path}: 'ppo' must be a mapping")
    env = data.get("env", {})
    if not (isinstance(env, dict) or (isinstance(env, list) and env and all(isinstance(e, dict) for e in env))):
        raise TrainingError(f"--config {path}: 'env' must be a mapping of options or a list of them")
    return data


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise TrainingError(f"{name} must be a positive whole number, got {value!r}")
    return value


def make_settings(env_id: str, algo: str, steps: int, seed: int = 0, num_envs: int | None = None,
                  checkpoint_every: int | None = None, config: dict[str, Any] | None = None) -> TrainSettings:
    """Checked settings from the command's arguments and a config file's contents (arguments win)."""
    from sim.envs import ENTRY_POINTS

    config = config or {}
    if env_id not in ENTRY_POINTS:
        raise TrainingError(f"unknown environment '{env_id}'; known: {', '.join(ENTRY_POINTS)}")
    if algo not in ALGOS:
        raise TrainingError(f"unknown algorithm '{algo}'; known: {', '.join(ALGOS)}")
    mask = config.get("mask", "engine")
    if mask not in ("engine", "none"):
        raise TrainingError(f"mask must be 'engine' or 'none', got {mask!r}")
    net_arch = config.get("net_arch", list(DEFAULT_NET_ARCH))
    if not isinstance(net_arch, list) or not net_arch or not all(isinstance(n, int) and n > 0 for n in net_arch):
        raise TrainingError(f"net_arch must be a list of positive layer widths, got {net_arch!r}")
    log_std = config.get("log_std_init", DEFAULT_LOG_STD)
    if isinstance(log_std, bool) or not isinstance(log_std, (int, float)):
        raise TrainingError(f"log_std_init must be a number, got {log_std!r}")
    return TrainSettings(
        env_id=env_id, steps=_positive("--steps", steps), algo=algo, seed=int(seed),
        num_envs=_positive("--envs", num_envs if num_envs is not None else config.get("envs", DEFAULT_ENVS)),
        checkpoint_every=_positive("--checkpoint-every", checkpoint_every if checkpoint_every is not None
                                   else config.get("checkpoint_every", DEFAULT_CHECKPOINT_EVERY)),
        env_options=config.get("env", {}), algo_params={**PPO_DEFAULTS, **config.get("ppo", {})},
        net_arch=tuple(net_arch), log_std_init=float(log_std), obs_mask=default_mask(env_id) if mask == "engine" else ())
