"""Telemetry frames: each row is the engine's state at its tick, and the record keeps every row the engine gave."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from sim.config.resolve import resolve
from sim.config.scenario_loading import load_scenario
from sim.dynamics import fixed_wing as W
from sim.dynamics import layout as L
from sim.entities import Kind, Status
from sim.loop import TrialLoop
from sim.trial_setup import build_trial, resolve_stream
from trials import TrialRecord, TrialRecorder
from trials.frame_block import BLOCK_COLUMNS, FrameBlock
from trials.schema import FRAME_COLUMNS

SCENARIOS = Path(__file__).parent / "scenarios"


class StateCheck:
    """A frames sink that compares each frame with the loop's state, read independently of the gather."""

    def __init__(self) -> None:
        self.loop: TrialLoop | None = None
        self.ticks: list[tuple[float, dict[str, np.ndarray]]] = []
        self.seen = {"wing": 0, "quad": 0, "dead": 0, "link_down": 0, "drift": 0}

    def add_events(self, events: list[dict]) -> None:
        pass

    def add_frame(self, t_s: float, frame: FrameBlock) -> None:
        loop = self.loop
        ids = frame["entity_id"].astype(np.int64)
        entities, world = loop.entities, loop.world
        for row, i in enumerate(ids.tolist()):
            fleet = entities.fleet_array[i]
            wing = entities.kind_array[i] == Kind.FIXED_WING
            state = world.wings.state[W.POS:W.POS + 3, fleet] if wing else world.quads.state[L.POS:L.POS + 3, fleet]
            assert [frame["x_m"][row], frame["y_m"][row], frame["z_m"][row]] == state.tolist()
            flying = entities.status[i] == Status.FLYING
            assert frame["alive"][row] == flying
            if not flying:
                assert frame["cmd_level"][row] == -1
            self.seen["wing" if wing else "quad"] += 1
            self.seen["dead"] += not flying
        assert frame["side"].tolist() == entities.side_names[ids].tolist()
        assert frame["airframe"].tolist() == entities.airframe_names[ids].tolist()
        assert frame["link_ok"].tolist() == loop.link_ok[ids].tolist()
        np.testing.assert_allclose(frame["nav_error_m"], np.linalg.norm(loop.nav_error[ids], axis=1), rtol=1e-6)
        self.seen["link_down"] += int((~frame["link_ok"]).sum())
        self.seen["drift"] += int((frame["nav_error_m"] > 1.0).sum())
        self.ticks.append((t_s, {name: frame[name] for name in BLOCK_COLUMNS}))


@pytest.mark.parametrize("scenario, duration_s, shows", [
    (SCENARIOS / "engine-ew.yaml", None, "link_down"),  # jammed radio links
    (SCENARIOS / "engine-gnss-denied.yaml", None, "drift"),  # navigation error
    ("port-night-shahed-wave", 240.0, "wing"),  # fixed wings beside quadrotors
])
def test_frames_are_the_engine_state_and_the_record_keeps_them_all(scenario, duration_s, shows: str,
                                                                   tmp_path: Path) -> None:
    loaded = load_scenario(scenario)
    setup = build_trial(resolve(loaded, resolve_stream(loaded.meta.seed)), loaded.meta.seed)
    check = StateCheck()
    meta = {"trial_id": "t", "scenario": "s", "seed": 1, "software_version": "0", "git_commit": None,
            "airframes": [], "controllers": [], "pilot_callsign": None, "started_utc": "2026-11-28T00:00:00Z"}
    recorder = TrialRecorder(tmp_path / "t", meta, "x: 1\n")
    loop = TrialLoop(setup, [check, recorder])
    check.loop = loop
    try:
        loop.run(float(duration_s or loaded.meta.duration_s))
    finally:
        setup.world.geometry.close()
    recorder.close("completed", {})
    assert check.seen["quad"] and check.seen["dead"] and check.seen[shows], check.seen  # what was checked

    table = TrialRecord.open(tmp_path / "t").frames()
    assert table.num_rows == sum(len(cols["entity_id"]) for _, cols in check.ticks)
    times = np.concatenate([np.full(len(c["entity_id"]), t) for t, c in check.ticks])
    np.testing.assert_array_equal(table.column("t_s").to_numpy(), times)
    for name in BLOCK_COLUMNS:
        want = np.concatenate([cols[name] for _, cols in check.ticks])
        column = table.column(name)
        if pa.types.is_dictionary(FRAME_COLUMNS[name].type):
            assert column.to_pylist() == want.tolist(), name
        else:  # NaN (set points of fixed wings) compares equal here
            np.testing.assert_array_equal(column.to_numpy(), want, err_msg=name)
