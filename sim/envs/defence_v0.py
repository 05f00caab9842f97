"""PettingZoo entry points of the multi-interceptor defence, the PettingZoo way.

    from sim.envs import defence_v0
    env = defence_v0.parallel_env(scenario="port-night-shahed-wave")  # ParallelEnv
    aec = defence_v0.env()                                             # AEC, via parallel_to_aec

Keyword arguments (all optional): `scenario` (library name or path),
`launch` ("doctrine": agents join when the command post launches them;
"all": every interceptor airborne at reset), `max_time_s` (episode time
limit, default the scenario's duration), `n_tracks` (nearest tracks in each
observation), `reward_weights` (overrides by term name). See docs/defence_env.md.
"""

from __future__ import annotations

from typing import Any

from pettingzoo import AECEnv
from pettingzoo.utils.conversions import parallel_to_aec_wrapper
from pettingzoo.utils.wrappers import OrderEnforcingWrapper

from sim.envs.defence.env import DefenceParallelEnv


def parallel_env(**kwargs: Any) -> DefenceParallelEnv:
    """The ParallelEnv: every live interceptor acts at once, one engine control tick per step."""
    return DefenceParallelEnv(**kwargs)


def raw_env(**kwargs: Any) -> AECEnv:
    """The AEC version without wrappers (agents act in turn; the tick runs after the last one)."""
    return parallel_to_aec_wrapper(parallel_env(**kwargs))


def env(**kwargs: Any) -> AECEnv:
    """The AEC version with PettingZoo's order enforcement (what `parallel_to_aec` returns)."""
    return OrderEnforcingWrapper(raw_env(**kwargs))


__all__ = ["DefenceParallelEnv", "env", "parallel_env", "raw_env"]
