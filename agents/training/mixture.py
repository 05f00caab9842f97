"""Several batches of worlds with different options, trained as one SB3 VecEnv.

`env: [{start: launch}, {start: handoff}]` in a training config splits the
worlds evenly between the option sets (the first sets take any remainder):
e.g. full flights from the pad and short terminal hand-offs in every rollout,
so a policy learns both the approach and recovering from a large aiming error
close in (what a trial's seeker lock hands it when the radar track was off).
World i of the whole is seeded seed + i, as in one batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from stable_baselines3.common.vec_env.base_vec_env import VecEnv, VecEnvIndices, VecEnvObs, VecEnvStepReturn


def split(total: int, parts: int) -> list[int]:
    """`total` worlds over `parts` sets, as evenly as possible, the first sets taking the remainder."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


class ConcatVecEnv(VecEnv):
    """The worlds of `parts` (same spaces) side by side: actions and results are split and joined in order."""

    def __init__(self, parts: Sequence[VecEnv]) -> None:
        first = parts[0]
        if any(p.observation_space != first.observation_space or p.action_space != first.action_space for p in parts):
            raise ValueError("every option set must give the same observation and action spaces (same control level)")
        self.parts = list(parts)
        self.starts = np.cumsum([0] + [p.num_envs for p in self.parts]).tolist()
        super().__init__(self.starts[-1], first.observation_space, first.action_space)

    def _locate(self, indices: VecEnvIndices) -> list[tuple[int, int]]:
        """(part, index within it) of each world of `indices`."""
        out = []
        for i in self._get_indices(indices):
            k = int(np.searchsorted(self.starts, i, side="right")) - 1
            out.append((k, i - self.starts[k]))
        return out

    def seed(self, seed: int | None = None) -> Sequence[int | None]:
        if seed is None:
            seed = int(np.random.randint(0, np.iinfo(np.uint32).max, dtype=np.uint32))
        for part, start in zip(self.parts, self.starts):
            part.seed(seed + start)
        return [seed + i for i in range(self.num_envs)]

    def reset(self) -> VecEnvObs:
        return np.concatenate([part.reset() for part in self.parts])

    def step_async(self, actions: np.ndarray) -> None:
        for part, a, b in zip(self.parts, self.starts, self.starts[1:]):
            part.step_async(actions[a:b])

    def step_wait(self) -> VecEnvStepReturn:
        results = [part.step_wait() for part in self.parts]
        infos: list[dict[str, Any]] = [info for r in results for info in r[3]]
        return (np.concatenate([r[0] for r in results]), np.concatenate([r[1] for r in results]),
                np.concatenate([r[2] for r in results]), infos)

    def close(self) -> None:
        for part in self.parts:
            part.close()

    def get_attr(self, attr_name: str, indices: VecEnvIndices = None) -> list[Any]:
        return [self.parts[k].get_attr(attr_name, [i])[0] for k, i in self._locate(indices)]

    def set_attr(self, attr_name: str, value: Any, indices: VecEnvIndices = None) -> None:
        for k, i in self._locate(indices):
            self.parts[k].set_attr(attr_name, value, [i])

    def env_method(self, method_name: str, *method_args: Any, indices: VecEnvIndices = None,
                   **method_kwargs: Any) -> list[Any]:
        return [self.parts[k].env_method(method_name, *method_args, indices=[i], **method_kwargs)[0]
                for k, i in self._locate(indices)]

    def env_is_wrapped(self, wrapper_class: type, indices: VecEnvIndices = None) -> list[bool]:
        return [self.parts[k].env_is_wrapped(wrapper_class, [i])[0] for k, i in self._locate(indices)]
