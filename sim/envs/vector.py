"""gymnasium vector environments: N independent worlds stepped by one compiled call, no subprocesses.

`gymnasium.make_vec("soldiers_lab/Intercept-v0", num_envs=1024)` returns one of
these (the ids register them as their `vector_entry_point`). Autoreset:
gymnasium's default NEXT_STEP (`metadata["autoreset_mode"]`): the step that
ends an episode returns its last observation with terminated / truncated set;
the next step resets that world (ignoring its action) and returns the first
observation of the new episode with reward 0. SAME_STEP (reset at once; the
last observation in `info["final_obs"]`) and DISABLED (reset with
`reset(options={"reset_mask": mask})`) are available too.

World i of `reset(seed=s)` is seeded with `s + i` and replays a single
environment `reset(seed=s + i)` bit for bit under the same actions.

`info` (gymnasium's vector convention, a `_key` boolean mask per key):
`reward_terms` (a dict of per-world arrays, every step); on the worlds whose
episode ended this step (in SAME_STEP mode inside `final_info`): `outcome`
(an `Outcome` code), `is_success`, and `miss_distance_m` (Intercept-v0) or
`waypoints_reached` (Waypoint-v0).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from gymnasium.utils import seeding
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from sim.envs import layout as E
from sim.envs.base import SoldiersLabEnv
from sim.envs.batch import Batch
from sim.envs.config import build
from sim.envs.hover import HoverEnv
from sim.envs.intercept import InterceptEnv
from sim.envs.layout import AutoReset, Outcome
from sim.envs.spaces import action_space, observation_space
from sim.envs.waypoint import WaypointEnv

_MODES = {AutoresetMode.NEXT_STEP: AutoReset.NEXT_STEP, AutoresetMode.SAME_STEP: AutoReset.SAME_STEP,
          AutoresetMode.DISABLED: AutoReset.DISABLED}
EPISODE_KEYS = {"miss_distance_m": (InterceptEnv,), "waypoints_reached": (WaypointEnv,)}


class SoldiersLabVectorEnv(VectorEnv):
    """`num_envs` worlds of `env_class`'s task; options as for the single environment."""

    env_class: ClassVar[type[SoldiersLabEnv]] = SoldiersLabEnv

    def __init__(self, num_envs: int = 1, autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
                 config: Any = None, render_mode: str | None = None, **options: Any) -> None:
        if render_mode is not None:
            raise ValueError(f"render_mode {render_mode!r} is not supported: the environments do not render")
        mode = AutoresetMode(autoreset_mode)
        self.config = build(self.env_class.config_type, config, options)
        self.task = self.env_class.build_task(self.config)
        self.num_envs = num_envs
        self.metadata = {"autoreset_mode": mode, "render_modes": []}
        self.render_mode = None
        self.single_observation_space = observation_space(self.task.obs_dim)
        self.single_action_space = action_space(self.task.level)
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        self.batch = Batch(self.task, num_envs)
        self._mode = _MODES[mode]
        self._seeded = False
        self._success = np.array([o in self.env_class.success for o in Outcome])
        self._extra = [key for key, owners in EPISODE_KEYS.items() if issubclass(self.env_class, owners)]
        self._term_keys = [(name, f"_{name}", slot) for name, slot in zip(self.task.term_names, self.task.term_slots)]

    def reset(self, *, seed: int | list[int | None] | None = None, options: dict[str, Any] | None = None
              ) -> tuple[np.ndarray, dict[str, Any]]:
        """Reset every world (or those of `options["reset_mask"]`); `seed` s seeds world i with s + i."""
        mask = None if options is None else options.get("reset_mask")
        which = np.ones(self.num_envs, dtype=np.uint8) if mask is None else np.asarray(mask, dtype=np.uint8)
        if which.shape != (self.num_envs,):
            raise ValueError(f"reset_mask must have shape ({self.num_envs},), got {which.shape}")
        if isinstance(seed, int) or seed is None:
            super().reset(seed=seed)
            seeds = [None if seed is None else seed + i for i in range(self.num_envs)]
        else:
            seeds = list(seed)
            if len(seeds) != self.num_envs:
                raise ValueError(f"{len(seeds)} seeds for {self.num_envs} worlds")
        for i in np.flatnonzero(which):
            if seeds[i] is not None or not self._seeded:
                self.batch.seed(int(i), seeding.np_random(seeds[i])[0])
        self._seeded = True
        self.batch.reset(which)
        return self.batch.obs.copy(), {}

    def step(self, actions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        b = self.batch
        b.step(actions, self._mode)
        out = b.out
        terminated, truncated = out[E.TERMINATED] != 0.0, out[E.TRUNCATED] != 0.0
        everywhere = np.ones(self.num_envs, dtype=np.bool_)
        block = out[E.TERMS:E.TERMS + E.MAX_TERMS].copy()  # one copy; each term is a row of it
        terms: dict[str, Any] = {}
        for name, mask, slot in self._term_keys:
            terms[name], terms[mask] = block[slot], everywhere
        info: dict[str, Any] = {"reward_terms": terms, "_reward_terms": everywhere}
        done = terminated | truncated
        if done.any():
            ended = self._episode_info(done)
            if self._mode == AutoReset.SAME_STEP:
                final_obs = np.full(self.num_envs, None, dtype=object)
                for i in np.flatnonzero(done):
                    final_obs[i] = b.final_obs[i].copy()
                info.update(final_obs=final_obs, _final_obs=done, final_info=ended, _final_info=done)
            else:
                info.update(ended)
        return b.obs.copy(), out[E.REWARD].copy(), terminated, truncated, info

    def _episode_info(self, done: np.ndarray) -> dict[str, Any]:
        out = self.batch.out
        outcome = out[E.OUTCOME].astype(np.int64)
        info: dict[str, Any] = {"outcome": outcome, "_outcome": done, "is_success": self._success[outcome] & done,
                                "_is_success": done}
        for key in self._extra:
            values = out[E.CLOSEST].copy() if key == "miss_distance_m" else out[E.CLOSEST].astype(np.int64)
            info[key], info[f"_{key}"] = values, done
        return info


class InterceptVectorEnv(SoldiersLabVectorEnv):
    env_class = InterceptEnv


class HoverVectorEnv(SoldiersLabVectorEnv):
    env_class = HoverEnv


class WaypointVectorEnv(SoldiersLabVectorEnv):
    env_class = WaypointEnv
