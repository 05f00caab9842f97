"""The one interface for anything that flies: observation in, command out.

A controller instance flies a *group* of entities at once (every interceptor
of one airframe, every drone of one wave), so built-in laws run vectorised
over the group. It declares the control level its four numbers mean: a
`ControlLevel` for multirotors, a `FixedWingLevel` for fixed wings. Soldiers,
scripted red behaviours, guidance laws, plug-ins and RL policies all implement
this; the loop never needs to know which it is talking to.

A plug-in that thinks one drone at a time subclasses `SingleController`
and writes `act_one`; the wrapper loops over the group.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import numpy as np

from sim.dynamics.fixed_wing import FixedWingLevel
from sim.dynamics.layout import ControlLevel


@dataclass(frozen=True)
class EntitySpec:
    """What a controller is told about one entity it flies, once, at reset."""

    entity_id: int
    side: str  # "blue" or "red"
    airframe: Any  # sim.config.airframe.Quadrotor | FixedWing
    home_m: tuple[float, float, float]  # launch site or spawn point
    cruise_altitude_m: float  # above ground (red waves); blue: launch-site default
    speed_mps: float  # cruise (red) or top (blue) speed
    target_m: tuple[float, float, float] | None = None  # red: the asset it attacks (aim point)
    waypoints_m: tuple[tuple[float, float, float], ...] = ()  # red: route, absolute z


@dataclass(frozen=True)
class Observation:
    """What a group of n entities knows at one control tick (arrays have n rows).

    Own state is what the drone's navigation believes (truth plus GNSS-denied
    drift). Targets come from the fused track picture, not ground truth,
    unless the scenario says `truth: true`.
    """

    t_s: float
    dt_s: float  # time since the previous control tick
    ids: np.ndarray  # int64 (n,)
    positions_m: np.ndarray  # (n, 3)
    velocities_mps: np.ndarray  # (n, 3)
    yaw_rad: np.ndarray  # (n,)
    target_positions_m: np.ndarray  # (n, 3) assigned target estimate (NaN when none)
    target_velocities_mps: np.ndarray  # (n, 3)
    has_target: np.ndarray  # bool (n,)
    link_ok: np.ndarray  # bool (n,)
    gnss_ok: np.ndarray  # bool (n,)
    ground_height_m: np.ndarray  # (n,) terrain height under each entity
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the whole track picture


class Controller(ABC):
    """Base class of every controller. Subclasses set `level` and implement `act`."""

    level: IntEnum = ControlLevel.VELOCITY

    def __init__(self, **params: Any) -> None:
        self.params = params

    def reset(self, specs: list[EntitySpec], rng: np.random.Generator) -> None:
        """Called when a trial starts and whenever entities join the group (all specs so far)."""
        self.specs = specs
        self.rng = rng

    @abstractmethod
    def act(self, obs: Observation) -> np.ndarray:
        """Commands (n, 4) at `self.level` for the n entities of `obs`, in its row order."""


class SingleController(Controller):
    """For plug-ins written one drone at a time: implement `act_one(obs, row) -> 4 numbers`."""

    def act(self, obs: Observation) -> np.ndarray:
        return np.array([self.act_one(obs, row) for row in range(len(obs.ids))], dtype=float).reshape(-1, 4)

    @abstractmethod
    def act_one(self, obs: Observation, row: int) -> tuple[float, float, float, float]:
        """The 4 command numbers for entity `obs.ids[row]`."""


__all__ = ["ControlLevel", "FixedWingLevel", "Controller", "SingleController", "EntitySpec", "Observation"]
