"""`slab train`: a real (tiny) training run writes its policy, manifest, checkpoints and logs; bad input is one line."""

from __future__ import annotations

import json
import zipfile

import pytest

from sim.cli import main

INTERCEPT = "soldiers_lab/Intercept-v0"
TINY = "ppo: {n_steps: 64, batch_size: 512, n_epochs: 2}\nnet_arch: [16, 16]\n"


def slab_lines(err: str) -> list[str]:
    """stderr lines of slab itself (pybullet prints a banner on import)."""
    return [line for line in err.splitlines() if line.startswith("slab ")]


@pytest.mark.slow
def test_train_writes_policy_manifest_checkpoints_and_tensorboard(tmp_path, capsys):
    config = tmp_path / "tiny.yaml"
    config.write_text(TINY)
    out = tmp_path / "run"
    code = main(["train", "--env", INTERCEPT, "--algo", "ppo", "--steps", "2048", "--envs", "16", "--seed", "5",
                 "--checkpoint-every", "1024", "--config", str(config), "--out", str(out), "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "steps 2,048 / 2,048" in captured.err  # the status line of the last checkpoint
    with zipfile.ZipFile(out / "policy.zip") as archive:
        assert {"data", "policy.pth"} <= set(archive.namelist())
    manifest = json.loads((out / "policy.json").read_text())
    assert manifest["status"] == "done" and manifest["env_id"] == INTERCEPT and manifest["algo"] == "ppo"
    assert manifest["steps"] == 2048 and manifest["seed"] == 5 and manifest["num_envs"] == 16
    assert manifest["net_arch"] == [16, 16] and manifest["hyperparameters"]["n_steps"] == 64
    assert manifest["obs_mask"] == [22, 23, 24, 25, 26, 27, 28, 29, 30, 32, 33]
    assert manifest["observation_space"]["shape"] == [34] and manifest["action_space"]["shape"] == [3]
    assert manifest["env_config"]["control_level"] == "acceleration" and manifest["wall_time_s"] > 0
    assert manifest["versions"]["stable-baselines3"] and manifest["versions"]["torch"]
    assert sorted(p.name for p in (out / "checkpoints").iterdir()) == ["ppo_1024_steps.zip", "ppo_2048_steps.zip"]
    events = list((out / "tb").rglob("events.out.tfevents.*"))
    assert events and events[0].stat().st_size > 100  # scalars were logged, not just the file header
    # The folder now holds a run: training into it again needs --force.
    assert main(["train", "--env", INTERCEPT, "--steps", "10", "--out", str(out)]) == 2
    assert "exists and is not empty" in slab_lines(capsys.readouterr().err)[0]


@pytest.mark.parametrize("arguments, config, message", [
    (["--env", "soldiers_lab/Nope-v0"], None, "unknown environment 'soldiers_lab/Nope-v0'; known:"),
    (["--algo", "dqn"], None, "unknown algorithm 'dqn'; known: ppo"),
    (["--steps", "0"], None, "--steps must be a positive whole number, got 0"),
    (["--steps", "-5"], None, "--steps must be a positive whole number, got -5"),
    (["--envs", "0"], None, "--envs must be a positive whole number"),
    ([], "colour: red\n", "unknown key(s) colour"),
    ([], "net_arch: 64\n", "net_arch must be a list"),
    ([], "env: {flavour: 3}\n", "environment soldiers_lab/Intercept-v0: TypeError: unknown option(s) flavour"),
    ([], "ppo: {learning_speed: 3}\n", "unknown PPO setting(s) learning_speed"),
])
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, capsys, arguments, config, message):
    base = {"--env": INTERCEPT, "--algo": "ppo", "--steps": "100", "--out": str(tmp_path / "run")}
    base.update(dict(zip(arguments[::2], arguments[1::2])))
    argv = ["train", *[item for pair in base.items() for item in pair]]
    if config is not None:
        (tmp_path / "c.yaml").write_text(config)
        argv += ["--config", str(tmp_path / "c.yaml")]
    assert main(argv) == 2
    lines = slab_lines(capsys.readouterr().err)
    assert len(lines) == 1 and lines[0].startswith("slab train: ") and message in lines[0], lines
    assert not (tmp_path / "run").exists() or not any((tmp_path / "run").iterdir())


def test_missing_config_file_is_one_line(tmp_path, capsys):
    assert main(["train", "--env", INTERCEPT, "--steps", "100", "--config", str(tmp_path / "none.yaml")]) == 2
    lines = slab_lines(capsys.readouterr().err)
    assert len(lines) == 1 and "cannot read it" in lines[0]


def test_out_that_is_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "taken").write_text("x")
    assert main(["train", "--env", INTERCEPT, "--steps", "100", "--out", str(tmp_path / "taken"), "--force"]) == 2
    assert "is not a folder" in slab_lines(capsys.readouterr().err)[0]


def test_shipped_policy_has_a_manifest_and_is_small():
    from agents.policy_files import SHIPPED_POLICY

    manifest = json.loads(SHIPPED_POLICY.with_suffix(".json").read_text())
    assert manifest["env_id"] == INTERCEPT and manifest["status"] == "done"
    assert manifest["steps"] >= manifest["steps_requested"] and manifest["wall_time_s"] < 3600
    assert SHIPPED_POLICY.stat().st_size < 400_000
    assert manifest["command"].startswith("slab train --env soldiers_lab/Intercept-v0 --algo ppo")


def test_mixture_worlds_are_the_single_batches_worlds():
    """World i of a mixture is seeded seed + i and behaves as that world of its own batch."""
    import numpy as np

    from agents.training.mixture import ConcatVecEnv, split
    from sim.envs.sb3_vec import SoldiersLabVecEnv

    assert split(7, 3) == [3, 2, 2]
    mixed = ConcatVecEnv([SoldiersLabVecEnv(INTERCEPT, 2), SoldiersLabVecEnv(INTERCEPT, 3, start="handoff")])
    mixed.seed(7)
    alone = SoldiersLabVecEnv(INTERCEPT, 3, seed=9, start="handoff")
    obs, reference = mixed.reset(), alone.reset()
    assert obs.shape == (5, 34) and np.array_equal(obs[2:], reference)
    actions = np.full((5, 3), 0.3, np.float32)
    for _ in range(5):
        mixed.step_async(actions)
        obs, rewards, dones, infos = mixed.step_wait()
        alone.step_async(actions[2:])
        reference, ref_rewards, *_ = alone.step_wait()
    assert np.array_equal(obs[2:], reference) and np.array_equal(rewards[2:], ref_rewards) and len(infos) == 5
    assert mixed.get_attr("num_envs", [1, 4]) == [2, 3]
