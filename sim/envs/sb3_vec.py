"""A stable-baselines3 VecEnv over a batch of worlds: one compiled call per step, no subprocesses.

    from sim.envs.sb3_vec import SoldiersLabVecEnv
    env = SoldiersLabVecEnv("soldiers_lab/Intercept-v0", num_envs=64, seed=0)
    model = stable_baselines3.PPO("MlpPolicy", env)

SB3 semantics: worlds reset in the step that ends their episode (gymnasium's
SAME_STEP); that step returns the new episode's first observation, and the
done world's info holds `terminal_observation`, `TimeLimit.truncated`,
`episode` ({"r": return, "l": length, "t": seconds since creation}, so SB3
logs episode returns without a VecMonitor), `is_success` (logged by SB3 as the
success rate), `outcome` and `reward_terms` (the episode's sums per term).
Other infos are empty dicts. `seed(s)` seeds world i with s + i at the next
reset, as SB3's own VecEnvs do. Importing this module needs stable-baselines3.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Sequence
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium.utils import seeding
from stable_baselines3.common.vec_env.base_vec_env import VecEnv, VecEnvIndices, VecEnvObs, VecEnvStepReturn

from sim.envs import ENTRY_POINTS
from sim.envs import layout as E
from sim.envs.base import OUTCOME_NAMES, SoldiersLabEnv
from sim.envs.batch import Batch
from sim.envs.config import build
from sim.envs.layout import AutoReset, Outcome
from sim.envs.spaces import action_space, observation_space


def env_class(env: str | type[SoldiersLabEnv]) -> type[SoldiersLabEnv]:
    """The environment class of a registered id (`soldiers_lab/Intercept-v0`) or the class itself."""
    if isinstance(env, type) and issubclass(env, SoldiersLabEnv):
        return env
    if env not in ENTRY_POINTS:
        raise ValueError(f"unknown environment '{env}'; known: {', '.join(ENTRY_POINTS)}")
    module, single, _ = ENTRY_POINTS[env]
    return getattr(importlib.import_module(module), single)


class SoldiersLabVecEnv(VecEnv):
    """`num_envs` worlds of one environment (id or class); options as for the single environment."""

    def __init__(self, env: str | type[SoldiersLabEnv] = "soldiers_lab/Intercept-v0", num_envs: int = 1,
                 seed: int | None = None, config: Any = None, **options: Any) -> None:
        self.env_class = env_class(env)
        self.config = build(self.env_class.config_type, config, options)
        self.task = self.env_class.build_task(self.config)
        self.render_mode = None
        self.batch = Batch(self.task, num_envs)
        super().__init__(num_envs, observation_space(self.task.obs_dim), action_space(self.task.level))
        self._success = [o in self.env_class.success for o in Outcome]
        self._actions: np.ndarray | None = None
        self._started = time.perf_counter()
        self._seeded = False
        if seed is not None:
            self.seed(seed)

    def reset(self) -> VecEnvObs:
        for i, seed in enumerate(self._seeds):
            if seed is not None or not self._seeded:
                self.batch.seed(i, seeding.np_random(seed)[0])
        self._seeded = True
        self._reset_seeds()
        self._reset_options()
        self.batch.reset()
        return self.batch.obs.copy()

    def step_async(self, actions: np.ndarray) -> None:
        self._actions = actions

    def step_wait(self) -> VecEnvStepReturn:
        b = self.batch
        b.step(self._actions, AutoReset.SAME_STEP)
        out = b.out
        terminated, truncated = out[E.TERMINATED] != 0.0, out[E.TRUNCATED] != 0.0
        dones = terminated | truncated
        infos: list[dict[str, Any]] = [{} for _ in range(self.num_envs)]
        if dones.any():
            elapsed = round(time.perf_counter() - self._started, 6)
            for i in np.flatnonzero(dones).tolist():
                outcome = int(out[E.OUTCOME, i])
                infos[i] = {"terminal_observation": b.final_obs[i].copy(),
                            "TimeLimit.truncated": bool(truncated[i] and not terminated[i]),
                            "episode": {"r": float(out[E.EP_RETURN, i]), "l": int(out[E.EP_LENGTH, i]),
                                        "t": elapsed},
                            "is_success": self._success[outcome], "outcome": OUTCOME_NAMES[outcome],
                            "reward_terms": b.episode_terms(i)}
        return b.obs.copy(), out[E.REWARD].astype(np.float32), dones, infos

    def close(self) -> None:
        return None

    def _targets(self, indices: VecEnvIndices) -> list[int]:
        return list(self._get_indices(indices))

    def get_attr(self, attr_name: str, indices: VecEnvIndices = None) -> list[Any]:
        """The worlds share one configuration: the attribute of this VecEnv, once per index."""
        value = getattr(self, attr_name)
        return [value for _ in self._targets(indices)]

    def set_attr(self, attr_name: str, value: Any, indices: VecEnvIndices = None) -> None:
        raise AttributeError(f"cannot set '{attr_name}': the worlds of a SoldiersLabVecEnv share one configuration")

    def env_method(self, method_name: str, *method_args: Any, indices: VecEnvIndices = None,
                   **method_kwargs: Any) -> list[Any]:
        method = getattr(self, method_name)
        return [method(*method_args, **method_kwargs) for _ in self._targets(indices)]

    def env_is_wrapped(self, wrapper_class: type[gym.Wrapper], indices: VecEnvIndices = None) -> list[bool]:
        return [False for _ in self._targets(indices)]

    def get_images(self) -> Sequence[np.ndarray | None]:
        return [None for _ in range(self.num_envs)]
