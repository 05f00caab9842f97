"""`SoldiersLabEnv`: the gymnasium.Env shared by every environment, a batch of one world.

The step is one call of the task's compiled kernel; the Python around it
only copies the observation out and builds the small `info` dict, so a step
costs a few microseconds on top of the physics.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, ClassVar

import gymnasium as gym
import numpy as np

from sim.envs import layout as E
from sim.envs.batch import Batch
from sim.envs.config import CommonConfig, build
from sim.envs.layout import AutoReset, Outcome
from sim.envs.spaces import action_space, observation_space
from sim.envs.tasks import TaskSpec

OUTCOME_NAMES = tuple(o.name.lower() for o in Outcome)


class SoldiersLabEnv(gym.Env[np.ndarray, np.ndarray]):
    """One world of a task. Subclasses set `config_type` and `success` and build their TaskSpec."""

    metadata: ClassVar[dict[str, Any]] = {"render_modes": [], "render_fps": 30}
    config_type: ClassVar[type[CommonConfig]] = CommonConfig
    success: ClassVar[tuple[Outcome, ...]] = ()  # outcomes reported as info["is_success"] = True

    def __init__(self, config: CommonConfig | None = None, render_mode: str | None = None, **options: Any) -> None:
        if render_mode is not None:
            raise ValueError(f"render_mode {render_mode!r} is not supported: the environments do not render "
                             "(fly the cockpit, or replay a trial record, to watch a flight)")
        self.config = build(self.config_type, config, options)
        self.task = self.build_task(self.config)
        self.observation_space = observation_space(self.task.obs_dim)
        self.action_space = action_space(self.task.level)
        self.render_mode = None
        self._batch = Batch(self.task, 1)
        self._seeded = False
        b = self._batch
        # Preallocated views and getters keep the per-step Python work to a few microseconds.
        self._obs_row = b.obs[0]
        self._action_row = b.actions[0, :self.action_space.shape[0]]
        self._out_col = b.out[:, 0]
        self._names = self.task.term_names
        self._terms = itemgetter(*(E.TERMS + s for s in self.task.term_slots))
        self._kernel_args = (b._actions, *b.kernel_args(AutoReset.DISABLED))
        self._kernel = self.task.step_kernel

    @staticmethod
    def build_task(config: CommonConfig) -> TaskSpec:
        raise NotImplementedError

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None
              ) -> tuple[np.ndarray, dict[str, Any]]:
        """A new episode. `seed` reseeds the episode streams; without it they continue (gymnasium's convention)."""
        super().reset(seed=seed)
        if seed is not None or not self._seeded:
            self._batch.seed(0, self.np_random)
            self._seeded = True
        self._batch.reset()
        return self._obs_row.copy(), {}

    def step(self, action: np.ndarray) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        self._action_row[:] = action
        self._kernel(*self._kernel_args)
        out = self._out_col.tolist()
        info: dict[str, Any] = {"reward_terms": dict(zip(self._names, self._terms(out)))}
        terminated, truncated = out[E.TERMINATED] != 0.0, out[E.TRUNCATED] != 0.0
        if terminated or truncated:
            self._episode_info(info, out)
        return self._obs_row.copy(), out[E.REWARD], terminated, truncated, info

    def _episode_info(self, info: dict[str, Any], out: list[float]) -> None:
        """What the last step of an episode adds to `info`."""
        outcome = Outcome(int(out[E.OUTCOME]))
        info["outcome"] = outcome.name.lower()
        info["is_success"] = outcome in self.success

    def render(self) -> None:
        return None
