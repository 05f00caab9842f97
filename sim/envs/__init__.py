"""Learning environments of Soldiers Lab: gymnasium (single and batched) and PettingZoo.

gymnasium ids, registered under the `soldiers_lab/` namespace on import of this package:

    import gymnasium, sim.envs
    env = gymnasium.make("soldiers_lab/Intercept-v0")                      # one world, gymnasium's wrappers
    envs = gymnasium.make_vec("soldiers_lab/Intercept-v0", num_envs=1024)  # one compiled batch of worlds
    env = gymnasium.make("sim.envs:soldiers_lab/Intercept-v0")             # imports sim.envs itself

gymnasium 1.x has no entry-point plug-in discovery: an id is known once the
module registering it is imported, by the user or through the "module:id"
form above. Options (scenario, control level, rewards...) are keyword
arguments of make / make_vec: see `sim.envs.config` and docs/envs.md. The
stable-baselines3 VecEnv is `sim.envs.sb3_vec.SoldiersLabVecEnv`.

PettingZoo: the multi-interceptor defence is `sim.envs.defence_v0` (docs/defence_env.md).

Registration only names entry points: the environment modules (and their
compiled kernels) load when an environment is first made.
"""

from __future__ import annotations

import gymnasium

NAMESPACE = "soldiers_lab"
# id -> (module, single-env class, vector-env class)
ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    f"{NAMESPACE}/Hover-v0": ("sim.envs.hover", "HoverEnv", "HoverVectorEnv"),
    f"{NAMESPACE}/Waypoint-v0": ("sim.envs.waypoint", "WaypointEnv", "WaypointVectorEnv"),
    f"{NAMESPACE}/Intercept-v0": ("sim.envs.intercept", "InterceptEnv", "InterceptVectorEnv"),
}


def register_envs() -> None:
    """Register every id with gymnasium (idempotent; done on import)."""
    for env_id, (module, single, vector) in ENTRY_POINTS.items():
        if env_id not in gymnasium.registry:
            gymnasium.register(id=env_id, entry_point=f"{module}:{single}",
                               vector_entry_point=f"sim.envs.vector:{vector}")


register_envs()
