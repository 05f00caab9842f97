"""stable-baselines3 on the batched SB3 VecEnv: many worlds in one process, no subprocesses.

    train(settings, Path("runs/x"))  ->  runs/x/policy.zip, policy.json, checkpoints/, tb/

The manifest is written when training starts (status `training`) and
completed at the end (`done`, or `interrupted` after Ctrl-C, when the policy
reached so far is still saved), so checkpoints can be flown mid-run.
"""

from __future__ import annotations

import inspect
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from agents.training.manifest import build_manifest, finish_manifest, write_manifest
from agents.training.observation import mask_observations
from agents.training.settings import TrainingError, TrainSettings

POLICY_FILE, MANIFEST_FILE = "policy.zip", "policy.json"
# PPO arguments the trainer sets itself; everything else of PPO's signature may come from the config.
RESERVED = {"self", "policy", "env", "tensorboard_log", "policy_kwargs", "verbose", "seed", "device",
            "_init_setup_model", "rollout_buffer_class", "rollout_buffer_kwargs"}
STATS_WINDOW = 500  # episodes behind the figures of the status line and the manifest


@dataclass(frozen=True)
class TrainResult:
    folder: Path
    steps: int
    wall_time_s: float
    status: str
    stats: dict[str, Any]


def _masked(venv: Any, indices: tuple[int, ...]) -> Any:
    """`venv` with the observation entries `indices` zeroed, terminal observations included."""
    from stable_baselines3.common.vec_env import VecEnvWrapper

    class MaskedObservations(VecEnvWrapper):
        def reset(self) -> np.ndarray:
            return mask_observations(self.venv.reset(), indices)

        def step_wait(self) -> Any:
            obs, rewards, dones, infos = self.venv.step_wait()
            for info in infos:
                if "terminal_observation" in info:
                    mask_observations(info["terminal_observation"], indices)
            return mask_observations(obs, indices), rewards, dones, infos

    return MaskedObservations(venv) if indices else venv


def _status_callback(every: int, total: int, log: Callable[[str], None]) -> Any:
    from stable_baselines3.common.callbacks import BaseCallback

    class Status(BaseCallback):
        """Outcomes of the last episodes; a status line every `every` steps (for logs without a terminal)."""

        def __init__(self) -> None:
            super().__init__()
            self.outcomes: deque[str] = deque(maxlen=STATS_WINDOW)
            self.returns: deque[float] = deque(maxlen=STATS_WINDOW)
            self.episodes, self.next_line, self.started = 0, every, time.perf_counter()

        def _on_step(self) -> bool:
            for info in self.locals["infos"]:
                if "episode" in info:
                    self.episodes += 1
                    self.returns.append(float(info["episode"]["r"]))
                    self.outcomes.append(str(info.get("outcome", "done")))
            if self.num_timesteps >= self.next_line:
                self.next_line += every
                s = self.stats()
                rate = self.num_timesteps / max(time.perf_counter() - self.started, 1e-9)
                log(f"  steps {self.num_timesteps:,} / {total:,}: {self.episodes:,} episodes, last "
                    f"{s['window']}: success {s['success_rate']:.3f}, return {s['mean_return']:.2f}; {rate:,.0f} steps/s")
            return True

        def stats(self) -> dict[str, Any]:
            n = len(self.outcomes)
            counts = Counter(self.outcomes)
            return {"episodes": self.episodes, "window": n,
                    "success_rate": counts["hit"] / n if n else 0.0,
                    "mean_return": float(np.mean(self.returns)) if n else 0.0,
                    "outcomes": dict(sorted(counts.items()))}

    return Status()


def _ppo_arguments(params: dict[str, Any], rollout: int) -> dict[str, Any]:
    from stable_baselines3 import PPO

    allowed = set(inspect.signature(PPO.__init__).parameters) - RESERVED
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise TrainingError(f"unknown PPO setting(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}")
    # A minibatch larger than one rollout of every world would only make SB3 warn: use the whole rollout.
    return {**params, "batch_size": min(int(params["batch_size"]), rollout)}


def train(settings: TrainSettings, out: Path, progress_bar: bool = True, command: str | None = None,
          log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)) -> TrainResult:
    """Train `settings` into the folder `out` (created; must not hold a run already)."""
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import CheckpointCallback

    from agents.training.mixture import ConcatVecEnv, split
    from sim.envs.sb3_vec import SoldiersLabVecEnv

    torch.set_num_threads(1)  # the environment shares the process; more threads only contend on 2 cores
    option_sets = settings.env_options if isinstance(settings.env_options, list) else [settings.env_options]
    if len(option_sets) > settings.num_envs:
        raise TrainingError(f"{len(option_sets)} option sets need at least as many worlds, got --envs {settings.num_envs}")
    try:
        parts = [SoldiersLabVecEnv(settings.env_id, num_envs=n, **options)
                 for n, options in zip(split(settings.num_envs, len(option_sets)), option_sets)]
        raw = parts[0] if len(parts) == 1 else ConcatVecEnv(parts)
    except Exception as exc:  # an option the environment rejects (name, value, scenario)
        raise TrainingError(f"environment {settings.env_id}: {type(exc).__name__}: "
                            f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''}") from None
    params = _ppo_arguments(settings.algo_params, settings.num_envs * int(settings.algo_params["n_steps"]))
    log(f"slab train: {settings.algo} on {settings.env_id}, {settings.steps:,} steps, {settings.num_envs} worlds, "
        f"seed {settings.seed} -> {out}")
    out.mkdir(parents=True, exist_ok=True)
    env = _masked(raw, settings.obs_mask)
    # Tanh is SB3's default activation, named here because the manifest (and agents/policy_net.py) rely on it.
    policy_kwargs = {"net_arch": list(settings.net_arch), "log_std_init": settings.log_std_init,
                     "activation_fn": torch.nn.Tanh}
    model = PPO("MlpPolicy", env, seed=settings.seed, device="cpu", verbose=0, tensorboard_log=str(out / "tb"),
                policy_kwargs=policy_kwargs, **params)
    configs = [part.config for part in parts]
    manifest = build_manifest(settings, configs[0] if len(configs) == 1 else configs, env.observation_space,
                              env.action_space, command)
    manifest["hyperparameters"] = {**manifest["hyperparameters"], "batch_size": params["batch_size"]}
    write_manifest(out / MANIFEST_FILE, manifest)
    status_cb = _status_callback(settings.checkpoint_every, settings.steps, log)
    checkpoints = CheckpointCallback(save_freq=max(settings.checkpoint_every // settings.num_envs, 1),
                                     save_path=str(out / "checkpoints"), name_prefix=settings.algo)
    started, status = time.perf_counter(), "done"
    try:
        model.learn(total_timesteps=settings.steps, callback=[checkpoints, status_cb], progress_bar=progress_bar,
                    tb_log_name=settings.algo)
    except KeyboardInterrupt:
        status = "interrupted"
    wall = time.perf_counter() - started
    model.save(out / POLICY_FILE)
    stats = status_cb.stats()
    write_manifest(out / MANIFEST_FILE, finish_manifest(manifest, status, int(model.num_timesteps), wall, stats))
    env.close()
    return TrainResult(out, int(model.num_timesteps), wall, status, stats)
