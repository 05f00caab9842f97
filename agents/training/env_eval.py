"""Hit rate of a policy on Intercept-v0 itself, against random actions and PN on the same worlds.

    python -m agents.training.env_eval [POLICY.zip] [--episodes 500] [--seed 1000] [--trust]

Every contender meets the same episode draws (world i is seeded seed + i and
episodes are counted in the order they end). PN here is proportional
navigation (N = 4) on the observation's line-of-sight rate and closing speed
plus a constant go-fast push along the line of sight: the env-level
reference, simpler than the trial's `pn` (no floor, no loiter, truth).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import numpy as np

Policy = Callable[[np.ndarray], np.ndarray]


def pn_policy(gain: float = 4.0, go_fast_mps2: float = 60.0, scale_mps2: float = 40.0) -> Policy:
    def act(obs: np.ndarray) -> np.ndarray:
        los, closing, omega = obs[:, 0:3], obs[:, 5:6] * 100.0, obs[:, 6:9] / 10.0
        accel = gain * closing * np.cross(omega, los) + go_fast_mps2 * los
        return np.clip(accel / scale_mps2, -1.0, 1.0).astype(np.float32)
    return act


def random_policy(seed: int = 0) -> Policy:
    rng = np.random.default_rng(seed)
    return lambda obs: rng.uniform(-1.0, 1.0, (len(obs), 3)).astype(np.float32)


def outcomes(policy: Policy, episodes: int, seed: int, mask: tuple[int, ...] = (), num_envs: int = 100,
             **options: Any) -> dict[str, Any]:
    """Outcome counts of the first `episodes` episodes to end, the policy seeing observations masked by `mask`."""
    from agents.training.observation import mask_observations
    from sim.envs.sb3_vec import SoldiersLabVecEnv

    env = SoldiersLabVecEnv("soldiers_lab/Intercept-v0", num_envs=num_envs, seed=seed, **options)
    obs, counts, misses = env.reset(), Counter(), []
    while sum(counts.values()) < episodes:
        obs, _, dones, infos = env.step(policy(mask_observations(obs, mask)))
        for i in np.flatnonzero(dones):
            if sum(counts.values()) < episodes:
                counts[infos[i]["outcome"]] += 1
    return {"episodes": episodes, "hit_rate": counts["hit"] / episodes, "outcomes": dict(sorted(counts.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agents.training.env_eval", description=__doc__.splitlines()[0])
    parser.add_argument("policy", nargs="?", type=Path, default=None, help="policy zip (default: the shipped one)")
    parser.add_argument("--episodes", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--trust", action="store_true", help="allow a policy file from outside agents/policies/")
    args = parser.parse_args(argv)
    from agents.plugin_guard import PluginError
    from agents.policy import PolicyController
    from agents.policy_files import SHIPPED_POLICY, trusting_policies

    try:
        with trusting_policies(args.trust):
            controller = PolicyController(args.policy or SHIPPED_POLICY)
    except PluginError as exc:
        print(f"env_eval: {exc}", file=sys.stderr)
        return 2
    options = controller.manifest.get("env_options") or {}
    contenders = {"policy": lambda obs: controller.policy(obs).astype(np.float32),
                  "pn": pn_policy(scale_mps2=controller.scale_mps2), "random": random_policy()}
    report = []
    for option_set in options if isinstance(options, list) else [options]:  # each set of a training mixture
        report.append({"env_options": option_set, **{
            name: outcomes(policy, args.episodes, args.seed, controller.mask if name == "policy" else (), **option_set)
            for name, policy in contenders.items()}})
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
