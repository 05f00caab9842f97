"""One trial driven step by step for the env: build it, plug the agents in, advance, observe.

The engine runs unchanged: the blue interceptor groups' controllers are
replaced by an `ExternalController` that returns the agents' latest commands,
and the command post launches and assigns interceptors as in any trial.
"""

from __future__ import annotations

import math

import numpy as np

from sim.command_post import LaunchOrder
from sim.config.resolve import resolve
from sim.config.scenario import Scenario
from sim.entities import BLUE, FLYING, Side
from sim.envs.defence.actions import CommandBuffer, ExternalController, InterceptorLimits
from sim.envs.defence.observations import Scene, features
from sim.loop import TrialLoop
from sim.trial_setup import build_trial, resolve_stream

LAUNCH_MODES = ("doctrine", "all")


class Episode:
    """A trial of `scenario` with seed `seed`; agent k flies the k-th blue interceptor entity."""

    def __init__(self, scenario: Scenario, seed: int, launch: str, max_time_s: float | None) -> None:
        if launch not in LAUNCH_MODES:
            raise ValueError(f"launch must be one of {LAUNCH_MODES}, not {launch!r}")
        resolved = resolve(scenario, resolve_stream(seed))
        self.setup = setup = build_trial(resolved, seed)
        entities = setup.entities
        # Blue entities are created site by site, magazine by magazine: a fixed order whatever the seed.
        self.entity_ids = np.flatnonzero(entities.side_array == BLUE)
        self.buffer = CommandBuffer(len(entities))
        for group in setup.groups:
            if group.side == Side.BLUE:
                group.controller = ExternalController(self.buffer)
                group.controller.reset(group.specs, np.random.default_rng(0))  # it draws nothing
        self.loop = TrialLoop(setup, [])
        if launch == "all":
            self._launch_all()
        duration_s = float(resolved.scenario.meta.duration_s if max_time_s is None else max_time_s)
        self.tick_limit = max(1, math.ceil(duration_s / self.loop.dt_control - 1e-9))
        gravity = setup.world.atmosphere.gravity_mps2
        names = [entities.airframe[e] for e in self.entity_ids]
        self.limits = [InterceptorLimits.of(resolved.airframes[name], gravity) for name in names]
        self.unit_cost_usd = {int(e): float(resolved.unit_cost_usd(name)) for e, name in zip(self.entity_ids, names)}

    def _launch_all(self) -> None:
        """Every interceptor airborne on the first tick (the command post then tasks them as idle)."""
        post = self.loop.post
        for site in self.setup.sites:
            for parked in site.parked.values():
                post.pending.extend(LaunchOrder(int(e), site.name, -1, 0.0) for e in parked)
                parked.clear()

    # -- state ---------------------------------------------------------------
    @property
    def t_s(self) -> float:
        return self.loop.t_s

    @property
    def ended(self) -> bool:
        """The loop's end condition (all threats resolved, assets destroyed)."""
        return self.loop.done_reason is not None

    @property
    def timed_out(self) -> bool:
        return self.loop.tick_index >= self.tick_limit

    def flying(self) -> np.ndarray:
        """Indices of the agents whose interceptor is in the air."""
        return np.flatnonzero(self.setup.entities.status[self.entity_ids] == FLYING)

    def status(self, agent: int) -> int:
        return int(self.setup.entities.status[self.entity_ids[agent]])

    # -- stepping ------------------------------------------------------------
    def command(self, agent: int, acceleration_mps2: np.ndarray) -> None:
        self.buffer.set(int(self.entity_ids[agent]), acceleration_mps2)

    def advance(self) -> list[dict]:
        """One control tick, then more while no interceptor flies (nobody to act); returns the events."""
        events: list[dict] = []
        while True:
            events += self.loop.tick()
            self.buffer.clear()  # a command lasts one tick; a silent agent holds its velocity
            if self.ended or self.timed_out or self.flying().size:
                return events

    def observe(self, agents: np.ndarray, n_tracks: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For flying `agents`: feature rows, assigned track ids (-1 none), own navigation positions (m)
        and unit lines of sight to the assigned targets (zero where none)."""
        loop, ids = self.loop, self.entity_ids[agents]
        # The loop's own observation of these entities (the same one a controller gets in act()).
        obs = loop.observe(ids, self.setup.control_hz)
        picture, assets = loop.picture, self.setup.assets
        confirmed = picture.confirmed
        carried = picture.positions_m[confirmed] + (loop.t_s - loop.picture_t_s) * picture.velocities_mps[confirmed]
        scene = Scene(carried, picture.velocities_mps[confirmed], assets.center_m, assets.half_size_m,
                      assets.yaw_rad, min(loop.tick_index / self.tick_limit, 1.0))
        rows = features(obs, loop.bodies.soc(ids), scene, n_tracks)
        has = np.asarray(obs.has_target, dtype=bool)
        r = np.where(has[:, None], np.nan_to_num(obs.target_positions_m) - obs.positions_m, 0.0)
        los = r / np.maximum(np.linalg.norm(r, axis=1), 1e-9)[:, None]
        tracks = np.where(has, loop.post.targets_of(ids), -1)
        return rows, tracks, obs.positions_m.copy(), los

    def close(self) -> None:
        self.setup.world.geometry.close()
