"""The multi-interceptor defence of a scenario as a PettingZoo ParallelEnv.

One agent per blue interceptor of the scenario (`interceptor_0`, ...: launch
sites and their magazines in file order). An agent is live while its
interceptor flies: it joins when the command post launches it (or at reset
with `launch="all"`) and leaves, terminated, when it is expended, crashes or
runs flat. One step is one control tick of the engine; while no interceptor
flies the engine runs on by itself, so `agents` is only empty once the
episode is over. Spaces, units, reward terms: docs/defence_env.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from gymnasium.spaces import Box
from pettingzoo import ParallelEnv

from sim.config.scenario_loading import load_scenario
from sim.entities import Status
from sim.envs.defence.actions import InterceptorLimits, to_acceleration
from sim.envs.defence.episode import LAUNCH_MODES, Episode
from sim.envs.defence.observations import field_bounds, observation_space
from sim.envs.defence.rewards import agent_terms, check_weights, kills_by, team_terms

DEFAULT_SCENARIO = "port-night-shahed-wave"
LOST = (int(Status.CRASHED), int(Status.OUT_OF_BATTERY))


class DefenceParallelEnv(ParallelEnv):
    metadata: ClassVar[dict[str, Any]] = {"name": "defence_v0", "render_modes": [], "is_parallelizable": True}

    def __init__(self, scenario: str | Path = DEFAULT_SCENARIO, launch: str = "doctrine",
                 max_time_s: float | None = None, n_tracks: int = 3,
                 reward_weights: Mapping[str, float] | None = None, render_mode: str | None = None) -> None:
        if launch not in LAUNCH_MODES:
            raise ValueError(f"launch must be one of {LAUNCH_MODES}, not {launch!r}")
        if render_mode is not None:
            raise ValueError("defence_v0 has no render modes (replay a trial record to watch one)")
        if max_time_s is not None and max_time_s <= 0:
            raise ValueError("max_time_s must be positive")
        self.scenario = load_scenario(scenario)
        self.launch, self.max_time_s, self.n_tracks = launch, max_time_s, int(n_tracks)
        self.weights = check_weights(reward_weights)
        self.render_mode = None
        count = sum(int(n) for site in self.scenario.blue.launch_sites for n in site.magazine.values())
        if count == 0:
            raise ValueError(f"scenario '{self.scenario.meta.name}' has no blue interceptors to fly")
        self.possible_agents = [f"interceptor_{k}" for k in range(count)]
        self._index = {agent: k for k, agent in enumerate(self.possible_agents)}
        # One space object per agent, kept for the env's life (PettingZoo seeds them one by one).
        self._observation_spaces = {a: observation_space(self.n_tracks) for a in self.possible_agents}
        self._action_spaces = {a: Box(-1.0, 1.0, (3,), np.float32) for a in self.possible_agents}
        size = len(field_bounds(self.n_tracks))
        self.state_space = Box(np.tile(self._observation_spaces[self.possible_agents[0]].low, count),
                               np.tile(self._observation_spaces[self.possible_agents[0]].high, count),
                               dtype=np.float32)
        self._zero_obs = np.zeros(size, dtype=np.float32)
        self.agents: list[str] = []
        self._episode: Episode | None = None
        self._seeds: np.random.Generator | None = None
        self.trial_seed: int | None = None

    # -- spaces ----------------------------------------------------------------
    def observation_space(self, agent: str) -> Box:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> Box:
        return self._action_spaces[agent]

    def limits(self, agent: str) -> InterceptorLimits:
        """The airframe limits that scale `agent`'s actions (available after reset)."""
        return self._require_episode().limits[self._index[agent]]

    # -- episode ---------------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        # A seed fixes this trial and the seeds of the resets after it (as gymnasium does).
        if seed is not None:
            self._seeds = np.random.default_rng(seed)
            self.trial_seed = int(seed)
        else:
            if self._seeds is None:
                self._seeds = np.random.default_rng()
            self.trial_seed = int(self._seeds.integers(2**31))
        if self._episode is not None:
            self._episode.close()
        self._episode = Episode(self.scenario, self.trial_seed, self.launch, self.max_time_s)
        if len(self._episode.entity_ids) != len(self.possible_agents):  # the magazines fix both counts
            raise RuntimeError("blue interceptor count differs from the scenario's magazines")
        self._finished: set[str] = set()
        self._last_obs: dict[str, np.ndarray] = {}
        # agent -> (assigned track id, own position m, unit line of sight) at its last observation
        self._target: dict[str, tuple[int, np.ndarray, np.ndarray]] = {}
        # Events before the first launch (there are no agents yet) count in the first step's team reward.
        self._carried = self._episode.advance()
        self.agents = [] if self._episode.ended or self._episode.timed_out else self._flying_agents()
        observations = self._observe(self.agents)
        infos = {agent: self._info(agent, {}) for agent in self.agents}
        return observations, infos

    def step(self, actions: dict[str, Any]) -> tuple[dict, dict, dict, dict, dict]:
        episode = self._require_episode()
        if not self.agents:
            return {}, {}, {}, {}, {}
        for agent in self.agents:
            if actions.get(agent) is not None:
                episode.command(self._index[agent], to_acceleration(actions[agent], self.limits(agent)))
        before = list(self.agents)
        events, self._carried = self._carried + episode.advance(), []
        ended, timed_out = episode.ended, (not episode.ended) and episode.timed_out
        still = [a for a in before if episode.status(self._index[a]) == int(Status.FLYING)]
        joined = [] if ended or timed_out else [a for a in self._flying_agents() if a not in before]
        everyone = before + joined
        previous = dict(self._target)
        observations = self._observe(still + joined)
        for agent in everyone:  # a leaving agent's last observation repeats its previous one
            observations.setdefault(agent, self._last_obs.get(agent, self._zero_obs))
        team = team_terms(events, lambda e: episode.unit_cost_usd[e], self.weights)
        kills = kills_by(events)
        rewards, infos = {}, {}
        for agent in everyone:
            k = self._index[agent]
            approach_m = _approach_m(previous.get(agent), self._target[agent]) if agent in still else 0.0
            terms = {**team, **agent_terms(approach_m, kills[int(episode.entity_ids[k])],
                                           episode.status(k) in LOST, self.weights)}
            rewards[agent] = float(sum(terms.values()))
            infos[agent] = self._info(agent, terms)
        terminations = {a: ended or a not in still + joined for a in everyone}
        truncations = {a: timed_out and not terminations[a] for a in everyone}
        self._finished.update(a for a in everyone if terminations[a] or truncations[a])
        self.agents = [a for a in still + joined if a not in self._finished]
        self.agents.sort(key=self._index.__getitem__)
        return observations, rewards, terminations, truncations, infos

    def state(self) -> np.ndarray:
        """Every agent's latest observation side by side (zeros for agents not in the air)."""
        self._require_episode()
        live = set(self.agents)
        return np.concatenate([self._last_obs[a] if a in live else self._zero_obs for a in self.possible_agents])

    def close(self) -> None:
        if self._episode is not None:
            self._episode.close()
            self._episode = None
        self.agents = []

    # -- helpers ---------------------------------------------------------------
    def _require_episode(self) -> Episode:
        if self._episode is None:
            raise RuntimeError("call reset() before using the env")
        return self._episode

    def _flying_agents(self) -> list[str]:
        names = (self.possible_agents[k] for k in self._episode.flying())
        return [name for name in names if name not in self._finished]

    def _observe(self, agents: list[str]) -> dict[str, np.ndarray]:
        if not agents:
            return {}
        index = np.array([self._index[a] for a in agents])
        rows, tracks, positions, los = self._episode.observe(index, self.n_tracks)
        out = {}
        for agent, row, track, position, line in zip(agents, rows, tracks, positions, los):
            out[agent] = self._last_obs[agent] = row
            self._target[agent] = (int(track), position, line)
        return out

    def _info(self, agent: str, terms: dict[str, float]) -> dict[str, Any]:
        k = self._index[agent]
        episode = self._episode
        return {"entity_id": int(episode.entity_ids[k]), "t_s": round(episode.t_s, 6),
                "status": Status(episode.status(k)).name.lower(), "reward_terms": terms}


def _approach_m(previous: tuple[int, np.ndarray, np.ndarray] | None, now: tuple[int, np.ndarray, np.ndarray]) -> float:
    """Metres the agent itself moved toward its assigned target since its previous observation.

    Its own displacement along the previous line of sight, so a threat flying
    at a hovering interceptor earns it nothing; 0 when the target changed."""
    if previous is None or previous[0] < 0 or previous[0] != now[0]:
        return 0.0
    return float(np.dot(now[1] - previous[1], previous[2]))
