"""`Batch`: N independent worlds of one task, reset and stepped by one compiled call each.

The single environments are a Batch of one; the vector environments a Batch
of N. Every world owns two random streams (reset draws, turbulence), seeded
from its own generator, so world i of a batch seeded `s + i` replays a
single environment reset with seed `s + i` bit for bit.
"""

from __future__ import annotations

import numpy as np

from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.dynamics.noise import seed_streams
from sim.envs import layout as E
from sim.envs.tasks import TaskSpec

ALIGNED_WORLDS = 64  # world counts that are multiples of this get spare columns
SPARE_COLUMNS = 8


class Batch:
    """Preallocated struct-of-arrays state of `n_worlds` worlds; `step` and `reset` fill `obs` and `out`."""

    def __init__(self, spec: TaskSpec, n_worlds: int) -> None:
        if n_worlds < 1:
            raise ValueError("a batch needs at least one world")
        self.spec = spec
        self.n = n_worlds
        # Rows of the (quantities, columns) arrays 2 KiB or more apart by a power of two map to the same
        # cache sets: the physics runs ~2.5x slower at 1,024 columns than at 1,032. A few frozen spare
        # columns (never stepped by the task, dead to the flight core) break the alignment.
        n = n_worlds + SPARE_COLUMNS if n_worlds % ALIGNED_WORLDS == 0 else n_worlds
        self.columns = n
        self.qs = np.ascontiguousarray(np.repeat(spec.quad_state[:, None], n, axis=1))
        self.qp = np.ascontiguousarray(np.repeat(spec.quad_params[:, None], n, axis=1))
        self.qc = np.zeros((L.CMD_COLS, n))
        self.qc[L.CMD_LEVEL] = float(spec.level)
        self.streams = np.ones(n, dtype=np.uint64)  # turbulence, per world
        self.wrench = np.zeros((6, n))
        self.ws = np.zeros((W.STATE_COLS, n))
        self.wp = np.zeros((W.PARAM_COLS, n))
        self.wc = np.zeros((W.CMD_COLS, n))
        self.task = np.zeros((E.TASK_ROWS, n))
        self.rng = np.ones(n, dtype=np.uint64)  # reset draws, per world
        self._obs = np.zeros((n, spec.obs_dim), dtype=np.float32)
        self._final_obs = np.zeros((n, spec.obs_dim), dtype=np.float32)
        self._out = np.zeros((E.OUT_ROWS, n))
        self._actions = np.zeros((n, 4))
        self._which = np.zeros(n, dtype=np.uint8)
        self.qs[L.ALIVE, n_worlds:] = 0.0  # spare columns: frozen
        # The worlds' views (the spare columns stay out of sight).
        self.obs, self.final_obs = self._obs[:n_worlds], self._final_obs[:n_worlds]
        self.out, self.actions = self._out[:, :n_worlds], self._actions[:n_worlds]
        self._args = (n_worlds, self.qs, self.qp, self.qc, self.streams, self.wrench, self.ws, self.wp, self.wc,
                      self.task, self.rng, spec.cfg, spec.quad_state, spec.sites, spec.waves, spec.wave_params,
                      spec.assets, spec.heights)
        self._step = spec.step_kernel
        self._reset = spec.reset_kernel
        self._action_dim = 3 if spec.level >= 3 else 4

    def seed(self, world: int, generator: np.random.Generator) -> None:
        """World `world`'s reset and turbulence streams, drawn from `generator`."""
        reset_word, gust_word = seed_streams(generator, 2)
        self.rng[world] = reset_word
        self.streams[world] = gust_word

    def reset(self, which: np.ndarray | None = None) -> None:
        """New episodes in the worlds where `which` is non-zero (all when None); fills their `obs` rows."""
        self._which[:self.n] = 1 if which is None else which
        self._reset(self._which, *self._args, self._obs, self._out)

    def step(self, actions: np.ndarray, mode: E.AutoReset) -> None:
        """One control step of every world with (n, action_dim) actions in [-1, 1]."""
        self.actions[:, :self._action_dim] = actions
        self._step(self._actions, *self._args, self._obs, self._final_obs, self._out, int(mode))

    def kernel_args(self, mode: E.AutoReset) -> tuple:
        """The step kernel's arguments after the actions (for callers that fill `actions` themselves)."""
        return (*self._args, self._obs, self._final_obs, self._out, int(mode))

    def term_dict(self, world: int) -> dict[str, float]:
        """This step's reward terms of one world, by name."""
        row = self.out[E.TERMS:E.TERMS + E.MAX_TERMS, world]
        return {name: float(row[slot]) for name, slot in zip(self.spec.term_names, self.spec.term_slots)}

    def episode_terms(self, world: int) -> dict[str, float]:
        """The sums of the reward terms over the episode that ended this step in one world."""
        row = self.out[E.EP_TERMS:E.EP_TERMS + E.MAX_TERMS, world]
        return {name: float(row[slot]) for name, slot in zip(self.spec.term_names, self.spec.term_slots)}
