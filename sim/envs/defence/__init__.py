"""The multi-interceptor defence environment (PettingZoo); the public entry point is sim.envs.defence_v0."""

from sim.envs.defence.actions import InterceptorLimits, to_acceleration
from sim.envs.defence.env import DEFAULT_SCENARIO, DefenceParallelEnv
from sim.envs.defence.observations import field_bounds, squash_range, unsquash_range

__all__ = ["DEFAULT_SCENARIO", "DefenceParallelEnv", "InterceptorLimits", "field_bounds", "squash_range",
           "to_acceleration", "unsquash_range"]
