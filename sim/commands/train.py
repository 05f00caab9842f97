"""`slab train --env ID --algo ppo --steps N [--seed S] [--out DIR] [--envs K] [--config FILE] [--force]`.

stable-baselines3 on the batched SB3 VecEnv (K worlds in this process), with
a progress bar, checkpoints every --checkpoint-every steps in DIR/checkpoints,
TensorBoard logs in DIR/tb (`tensorboard --logdir DIR/tb`), and at the end
DIR/policy.zip with its manifest DIR/policy.json (agents/training/). Fly the
result with `--agent blue=policy:DIR/policy.zip --trust` (docs/agents.md).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import datetime, timezone
from pathlib import Path

from sim.commands import EXIT_BAD_INPUT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("train", help="train a policy on a learning environment (stable-baselines3)")
    parser.add_argument("--env", required=True, metavar="ID", help="environment id, e.g. soldiers_lab/Intercept-v0")
    parser.add_argument("--algo", default="ppo", help="algorithm (ppo)")
    parser.add_argument("--steps", type=int, required=True, help="environment steps to train for (all worlds)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the worlds and the network (default 0)")
    parser.add_argument("--out", type=Path, default=None,
                        help="run folder (default train-logs/<algo>-<env>-s<seed>-<UTC time>)")
    parser.add_argument("--envs", type=int, default=None, help="worlds in the batch (default 128)")
    parser.add_argument("--checkpoint-every", type=int, default=None, metavar="M",
                        help="environment steps between checkpoints (default 1,000,000)")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="YAML/JSON: env options, ppo settings, net_arch (agents/training/settings.py)")
    parser.add_argument("--force", action="store_true", help="train into an --out folder that is not empty")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (status lines only)")
    parser.set_defaults(func=run)


def _default_out(env_id: str, algo: str, seed: int) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return Path("train-logs") / f"{algo}-{env_id.rsplit('/', 1)[-1].lower()}-s{seed}-{stamp}"


def run(args: argparse.Namespace) -> int:
    from agents.training.settings import TrainingError, make_settings, read_config_file

    try:
        config = read_config_file(args.config) if args.config is not None else {}
        settings = make_settings(args.env, args.algo, args.steps, args.seed, args.envs, args.checkpoint_every, config)
        out = args.out or _default_out(settings.env_id, settings.algo, settings.seed)
        if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not args.force)):
            raise TrainingError(f"--out {out} exists and is not empty (pass --force to train into it anyway)"
                                if out.is_dir() else f"--out {out} exists and is not a folder")
        from agents.training.trainer import train

        result = train(settings, out, progress_bar=not args.no_progress,
                       command=shlex.join(["slab", *sys.argv[1:]]) if sys.argv[1:2] == ["train"] else None)
    except TrainingError as exc:
        print(f"slab train: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    s = result.stats
    print(f"{result.status}: {result.steps:,} steps in {result.wall_time_s:.0f} s "
          f"({result.steps / max(result.wall_time_s, 1e-9):,.0f} steps/s); last {s['window']} episodes: "
          f"success {s['success_rate']:.3f}, mean return {s['mean_return']:.2f}")
    print(f"Policy: {result.folder / 'policy.zip'} (manifest policy.json); "
          f"fly it: slab run SCENARIO --agent blue=policy:{result.folder / 'policy.zip'} --trust")
    return 0
