"""Plug-in sources for the loading and fault tests: one good, and one per way of being broken."""

from __future__ import annotations

from pathlib import Path

import pytest

FAULTY = '''
import numpy as np
from agents.base import Controller, SingleController, ControlLevel


class Good(Controller):
    level = ControlLevel.VELOCITY
    def act(self, obs):
        return np.zeros((len(obs.ids), 4))


class ExtraArgument(Controller):
    def act(self, obs, extra):
        return np.zeros((len(obs.ids), 4))


class BadActOne(SingleController):
    def act_one(self, obs):
        return (0.0, 0.0, 0.0, 0.0)


class BadReset(Good):
    def reset(self, specs):
        pass


class NoAct(Controller):
    pass


class BadLevel(Good):
    level = 4


class FailsToStart(Good):
    def __init__(self, **params):
        raise RuntimeError("no licence\\nsecond line")


class WrongShape(Good):
    def act(self, obs):
        return np.zeros(3)


class ReturnsNaN(Good):
    def act(self, obs):
        out = np.zeros((len(obs.ids), 4))
        out[-1, 2] = np.nan
        return out


class NotNumbers(Good):
    def act(self, obs):
        return [["a", "b", "c", "d"]] * len(obs.ids)


class Explodes(Good):
    """Flies for a while, then divides by zero."""
    def act(self, obs):
        if obs.t_s > float(self.params.get("after_s", 5.0)):
            return 1.0 / 0.0
        return super().act(obs)


class ResetExplodes(Good):
    def reset(self, specs, rng):
        raise KeyError("spec")


def make_a_good_one(**params):
    return Good(**params)


not_a_class = 42
'''


def write_faulty(folder: Path) -> Path:
    path = folder / "faulty.py"
    path.write_text(FAULTY)
    return path


def install_entry_points(folder: Path, monkeypatch: pytest.MonkeyPatch, points: dict[str, str]) -> None:
    """A fake installed distribution declaring `points` in the soldiers_lab.agents group, on sys.path."""
    write_faulty(folder)
    info = folder / "fake_autopilots-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-autopilots\nVersion: 0.1\n")
    lines = "".join(f"{name} = {value}\n" for name, value in points.items())
    (info / "entry_points.txt").write_text(f"[soldiers_lab.agents]\n{lines}")
    monkeypatch.syspath_prepend(str(folder))
