"""The policy controller: the environment's observation in a trial, the shipped policy flying, and --trust."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from agents.base import EntitySpec, Observation
from agents.plugin_guard import PluginError
from agents.policy import PolicyController, trial_observation
from agents.policy_files import SHIPPED_POLICY, trusting_policies
from agents.registry import make_controller
from agents.training.observation import ENGINE_BLIND_INDICES, mask_observations
from sim.cli import main
from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.envs import layout as E
from sim.envs.intercept import InterceptEnv
from tests.envs.gym_helpers import pn_action
from trials import TrialRecord


def slab_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("slab ")]


def test_trial_observation_is_the_environments_masked():
    """From the state a trial's Observation holds, the controller builds exactly the env's observation
    (masked entries aside). Reads the env's batch state, as tests/envs/test_observe_outside.py does."""
    env = InterceptEnv(start="handoff")
    obs, _ = env.reset(seed=11)
    b, period, frame, compared = env._batch, 1.0 / 30.0, None, 0
    for _ in range(60):
        obs, _, terminated, truncated, _ = env.step(pn_action(obs))
        if terminated or truncated:
            break
        qs = b.qs[:, 0]
        threat_vel = (b.ws[W.POS:W.POS + 3, 0] - b.task[E.WING_PREV:E.WING_PREV + 3, 0]) / period
        q = qs[L.QUAT:L.QUAT + 4]
        yaw = np.arctan2(2 * (q[0] * q[3] + q[1] * q[2]), 1 - 2 * (q[2] ** 2 + q[3] ** 2))
        ours, frame = trial_observation(qs[L.POS:L.POS + 3], qs[L.VEL:L.VEL + 3], float(yaw), float(qs[L.GROUND_Z]),
                                        b.ws[W.POS:W.POS + 3, 0], threat_vel, frame, ENGINE_BLIND_INDICES)
        assert np.array_equal(ours, mask_observations(obs.copy(), ENGINE_BLIND_INDICES))
        assert frame == (b.task[E.FRAME_COS, 0], b.task[E.FRAME_SIN, 0])
        compared += 1
    assert compared > 20


def spec(entity: int) -> EntitySpec:
    return EntitySpec(entity, "blue", None, (0.0, 0.0, 0.0), 50.0, 80.0)


def test_shipped_policy_commands_are_finite_and_rows_without_target_loiter():
    controller = make_controller("ppo-interceptor", "blue", {})  # no --trust needed: the project's own file
    assert isinstance(controller, PolicyController) and controller.level == L.ControlLevel.ACCELERATION
    controller.reset([spec(3), spec(4)], np.random.default_rng(0))
    n = 2
    obs = Observation(5.0, 1 / 30, np.array([3, 4]), np.array([[0.0, 0.0, 60.0], [10.0, 0.0, 80.0]]),
                      np.array([[10.0, 0.0, 0.0], [0.0, 0.0, 0.0]]), np.zeros(n),
                      np.array([[3000.0, 500.0, 150.0], [np.nan] * 3]), np.array([[-45.0, 0.0, 0.0], [0.0] * 3]),
                      np.array([True, False]), np.ones(n, bool), np.ones(n, bool), np.zeros(n))
    out = controller.act(obs)
    assert out.shape == (2, 4) and np.isfinite(out).all()
    assert np.allclose(out[1], np.column_stack([controller.loiter(obs), obs.yaw_rad])[1])  # no target: loiter
    assert abs(out[0, 3] - np.arctan2(500.0, 3000.0)) < 1e-9  # nose on the line of sight, as in the env
    assert np.abs(out[0, :3]).max() <= controller.scale_mps2 + 1e-9


def test_shipped_policy_flies_a_trial(tmp_path, capsys):
    code = main(["run", "training-first-intercept", "--agent", "blue=ppo-interceptor", "--duration", "20",
                 "--out", str(tmp_path), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    record = TrialRecord.open(Path(json.loads(captured.out)["record"]))
    assert record.meta["controllers"]["interceptor-quad"] == "ppo-interceptor"
    frames = record.frames(["side", "cmd_level", "cmd_0", "cmd_1", "cmd_2", "cmd_3"]).to_pydict()
    blue = [k for k, side in enumerate(frames["side"]) if side == "blue"]
    assert len(blue) > 10
    commands = np.array([[frames[f"cmd_{c}"][k] for c in range(4)] for k in blue])
    assert np.isfinite(commands).all() and np.abs(commands[:, :3]).max() > 0.1
    assert {frames["cmd_level"][k] for k in blue} == {int(L.ControlLevel.ACCELERATION)}


@pytest.fixture()
def outside_policy(tmp_path: Path) -> Path:
    """The shipped policy copied outside the project: the same bytes, but no longer trusted."""
    copy = tmp_path / "mine" / "policy.zip"
    copy.parent.mkdir()
    shutil.copy(SHIPPED_POLICY, copy)
    shutil.copy(SHIPPED_POLICY.with_suffix(".json"), copy.with_suffix(".json"))
    return copy


@pytest.mark.parametrize("command", ["run", "eval"])
def test_outside_policy_needs_trust(outside_policy, tmp_path, capsys, command):
    argv = (["run", "training-first-intercept", "--agent", f"blue=policy:{outside_policy}"] if command == "run" else
            ["eval", "training-first-intercept", "--agent", f"policy:{outside_policy}", "--episodes", "1"])
    argv += ["--duration", "5", "--out", str(tmp_path / "logs")]
    assert main(argv) == 2
    lines = slab_lines(capsys.readouterr().err)
    assert len(lines) == 1 and f"slab {command}: refusing to load pickled policy {outside_policy}" in lines[0]
    assert lines[0].endswith("pass --trust if you trust where this file comes from")
    assert not (tmp_path / "logs").exists() or not any((tmp_path / "logs").rglob("meta.json"))
    assert main(argv + ["--trust"]) == 0, capsys.readouterr().err


def test_trust_is_scoped_and_the_shipped_file_needs_none(outside_policy):
    with pytest.raises(PluginError, match="refusing to load pickled policy"):
        make_controller(f"policy:{outside_policy}", "blue", {})
    with trusting_policies():
        assert isinstance(make_controller(f"policy:{outside_policy}", "blue", {}), PolicyController)
    with pytest.raises(PluginError, match="refusing"):  # the trust ended with the block
        make_controller(f"policy:{outside_policy}", "blue", {})
    assert isinstance(make_controller(f"policy:{SHIPPED_POLICY}", "blue", {}), PolicyController)


def test_policy_file_problems_are_one_line(outside_policy, tmp_path):
    outside_policy.with_suffix(".json").unlink()
    cases = [(f"policy:{outside_policy}", "blue", "no manifest"),
             (f"policy:{tmp_path / 'none.zip'}", "blue", "not found"),
             (f"policy:{SHIPPED_POLICY}", "red", "flies blue interceptors only")]
    for reference, side, message in cases:
        with pytest.raises(PluginError) as error:
            make_controller(reference, side, {})
        assert message in str(error.value) and "\n" not in str(error.value)
    manifest = json.loads(SHIPPED_POLICY.with_suffix(".json").read_text())
    for change, message in [({"obs_mask": []}, "train it with the default mask"),
                            ({"env_id": "soldiers_lab/Hover-v0"}, "only soldiers_lab/Intercept-v0"),
                            ({"env_options": {"control_level": "velocity"}}, "trained at the velocity level")]:
        outside_policy.with_suffix(".json").write_text(json.dumps({**manifest, **change}))
        with trusting_policies(), pytest.raises(PluginError, match=message):
            make_controller(f"policy:{outside_policy}", "blue", {})


def test_numpy_forward_is_sb3s_deterministic_action():
    from stable_baselines3 import PPO

    controller = make_controller("ppo-interceptor", "blue", {})
    obs = np.random.default_rng(0).uniform(-2.0, 2.0, (64, 34)).astype(np.float32)
    expected, _ = PPO.load(SHIPPED_POLICY, device="cpu").predict(obs, deterministic=True)
    assert np.allclose(controller.policy(obs), expected, rtol=0, atol=1e-5)
