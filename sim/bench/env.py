"""`slab bench env`: environment steps per second of soldiers_lab/Intercept-v0 (issue 4 section 4).

240 Hz physics, 30 Hz control (8 physics steps per env step), the default
scenario and control level. Actions are uniform random in the action space,
drawn before the clock starts (a cycled batch of 4,096 per world) so the
sampler is not what is timed; the single env is also timed calling
`action_space.sample()` every step, for reference. Episode ends are handled
inside the timed loop: `reset()` for the single env, the vector env's own
next-step autoreset for the batches. Each figure is the median of several
timed runs on one core.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from dataclasses import dataclass
from typing import Callable

import gymnasium as gym
import numpy as np

import sim.envs  # noqa: F401  (registers the ids)

ENV_ID = "soldiers_lab/Intercept-v0"
WORLD_COUNTS = (1, 64, 1024)
ACTION_BATCH = 4096  # pre-drawn random actions per world, cycled
TARGETS = {"single_env_steps_per_s": 25_000, "batched_env_steps_per_s_1024": 1_000_000}
REFERENCES = {  # the comparison figures on this machine, env steps per second
    "gym-pybullet-drones hover env, without resets": 5_300,
    "gym-pybullet-drones hover env, with resets": 900,
    "PyFlyt": 1_900,
}


@dataclass(frozen=True)
class Budget:
    seconds: float  # per timed run
    repeats: int


FULL = Budget(seconds=2.0, repeats=5)
QUICK = Budget(seconds=0.5, repeats=3)


def _rate(run: Callable[[int], int], budget: Budget, chunk: int) -> tuple[float, list[float], float]:
    """Median env steps per second of `run(chunk)` (which returns env steps done) over the budget:
    per wall-clock second, each run's figure, and per second of this process's CPU time (what one
    core does when other processes share the machine)."""
    run(chunk)  # warm: kernels loaded, caches hot
    rates, cpu_rates = [], []
    for _ in range(budget.repeats):
        steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
        while (elapsed := time.perf_counter() - start) < budget.seconds:
            steps += run(chunk)
        rates.append(steps / elapsed)
        cpu_rates.append(steps / max(time.process_time() - cpu_start, 1e-9))
    return statistics.median(rates), rates, statistics.median(cpu_rates)


def single_env(budget: Budget, sample: bool) -> tuple[float, list[float], float, int]:
    env = gym.make(ENV_ID)  # with gymnasium's default wrappers (order enforcing, passive checker)
    env.action_space.seed(0)
    actions = np.random.default_rng(0).uniform(-1.0, 1.0, (ACTION_BATCH, *env.action_space.shape))
    actions = actions.astype(np.float32)
    env.reset(seed=0)
    state = {"k": 0, "ends": 0}

    def run(n: int) -> int:
        step, reset, space = env.step, env.reset, env.action_space
        k = state["k"]
        for _ in range(n):
            _, _, terminated, truncated, _ = step(space.sample() if sample else actions[k & (ACTION_BATCH - 1)])
            k += 1
            if terminated or truncated:
                reset()
                state["ends"] += 1
        state["k"] = k
        return n

    median, rates, cpu = _rate(run, budget, 1000)
    return median, rates, cpu, state["ends"]


def batched_env(n_worlds: int, budget: Budget, sb3: bool = False) -> tuple[float, list[float], float, int]:
    if sb3:
        from sim.envs.sb3_vec import SoldiersLabVecEnv

        env = SoldiersLabVecEnv(ENV_ID, num_envs=n_worlds, seed=0)
        env.reset()
        step = env.step
    else:
        env = gym.make_vec(ENV_ID, num_envs=n_worlds)
        env.reset(seed=0)
        step = env.step
    shape = env.action_space.shape if not sb3 else (n_worlds, *env.action_space.shape)
    rounds = max(1, ACTION_BATCH // n_worlds)
    actions = np.random.default_rng(0).uniform(-1.0, 1.0, (rounds, *shape)).astype(np.float32)
    state = {"k": 0, "ends": 0}

    def run(n: int) -> int:
        k = state["k"]
        for _ in range(n):
            result = step(actions[k % rounds])
            k += 1
            done = result[2] if sb3 else result[2] | result[3]
            state["ends"] += int(done.sum())
        state["k"] = k
        return n * n_worlds

    median, rates, cpu = _rate(run, budget, max(1, 20_000 // n_worlds))
    return median, rates, cpu, state["ends"]


def reset_cost_us(n_worlds: int = 1024, repeats: int = 20) -> float:
    """Microseconds per world of a full reset of a 1,024-world batch (compiled draws, no config, no pybullet)."""
    env = gym.make_vec(ENV_ID, num_envs=n_worlds)
    env.reset(seed=0)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        env.reset()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / n_worlds * 1e6


def run(budget: Budget) -> dict:
    load = os.getloadavg()
    single, single_runs, single_cpu, single_ends = single_env(budget, sample=False)
    sampled, _, _, _ = single_env(budget, sample=True)
    batched, batched_runs, batched_cpu, ends = {}, {}, {}, {}
    for n in WORLD_COUNTS:
        batched[str(n)], batched_runs[str(n)], batched_cpu[str(n)], ends[str(n)] = batched_env(n, budget)
    sb3, _, _, _ = batched_env(1024, budget, sb3=True)
    return {
        "env_id": ENV_ID,
        "physics_hz": 240.0,
        "control_hz": 30.0,
        "actions": f"uniform random, pre-drawn ({ACTION_BATCH} per world, cycled)",
        "single_env_steps_per_s": round(single),
        "single_env_sample_steps_per_s": round(sampled),
        "batched_env_steps_per_s": {k: round(v) for k, v in batched.items()},
        "sb3_vec_env_steps_per_s": {"1024": round(sb3)},
        "cpu_time": {"single_env_steps_per_s": round(single_cpu),
                     "batched_env_steps_per_s": {k: round(v) for k, v in batched_cpu.items()}},
        "reset_us_per_world": round(reset_cost_us(), 3),
        "episode_ends": {"single": single_ends, **ends},
        "runs": {"single": [round(r) for r in single_runs],
                 **{k: [round(r) for r in v] for k, v in batched_runs.items()}},
        "repeats": budget.repeats,
        "seconds_per_run": budget.seconds,
        "load_average": {"start": [round(x, 2) for x in load], "end": [round(x, 2) for x in os.getloadavg()]},
        "targets": TARGETS,
        "references": REFERENCES,
    }


def format_table(result: dict) -> str:
    rows = [("single env, gymnasium.make, pre-drawn random actions", result["single_env_steps_per_s"],
             f">= {TARGETS['single_env_steps_per_s']:,}"),
            ("single env, action_space.sample() each step", result["single_env_sample_steps_per_s"], "")]
    for n, rate in result["batched_env_steps_per_s"].items():
        rows.append((f"gymnasium vector env, {int(n):,} world{'s' if n != '1' else ''}", rate,
                     f">= {TARGETS['batched_env_steps_per_s_1024']:,}" if n == "1024" else ""))
    rows.append(("stable-baselines3 VecEnv, 1,024 worlds", result["sb3_vec_env_steps_per_s"]["1024"], ""))
    lines = [f"Soldiers Lab environment speed: {result['env_id']}, {result['physics_hz']:.0f} Hz physics, "
             f"{result['control_hz']:.0f} Hz control, {result['actions']}; median of {result['repeats']} runs "
             f"(1-min load average {result['load_average']['start'][0]} at start, "
             f"{result['load_average']['end'][0]} at end)", "",
             f"  {'what':<58}{'env steps/s':>14}{'per CPU s':>14}  target"]
    cpu = result["cpu_time"]
    cpu_rates = [cpu["single_env_steps_per_s"], None, *cpu["batched_env_steps_per_s"].values(), None]
    lines += [f"  {what:<58}{rate:>14,}{(f'{c:,}' if c else ''):>14}  {target}"
              for (what, rate, target), c in zip(rows, cpu_rates)]
    lines += ["", f"  full reset: {result['reset_us_per_world']} us per world (1,024 worlds); "
                  f"episode ends during the runs: {result['episode_ends']}", "",
              "  for comparison (issue 4, this machine): "
              + "; ".join(f"{k} {v:,}/s" for k, v in REFERENCES.items())]
    return "\n".join(lines)


def main(quick: bool, as_json: bool) -> int:
    result = run(QUICK if quick else FULL)
    print(json.dumps(result, indent=2) if as_json else format_table(result))
    return 0
