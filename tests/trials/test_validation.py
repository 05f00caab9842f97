"""The recorder refuses input that would break the record's contract, before writing it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.trials.helpers import columns, meta
from trials import TrialRecord, TrialRecorder
from trials.frame_buffer import FrameSchemaError


@pytest.fixture
def rec(tmp_path: Path) -> TrialRecorder:
    return TrialRecorder(tmp_path / "t", meta(), "name: unit\n")


def _with(**changes: object) -> dict[str, np.ndarray]:
    cols = columns(4, 0)
    for name, value in changes.items():
        if value is None:
            del cols[name]
        else:
            cols[name] = value  # type: ignore[assignment]
    return cols


@pytest.mark.parametrize("cols, message", [
    (_with(nav_error_m=None), r"missing \['nav_error_m'\]"),
    (_with(heading_deg=np.zeros(4)), r"unexpected \['heading_deg'\]"),
    (_with(t_s=np.zeros(4)), "t_s is add_frame's argument"),
    (_with(entity_id=np.zeros(4)), "'entity_id' must be a 1-D numpy array of kind 'iu'"),
    (_with(alive=np.ones(4)), "'alive' must be .* kind 'b'"),
    (_with(side=np.zeros(4)), "'side' must be .* kind 'UO'"),
    (_with(x_m=np.zeros((4, 1))), "'x_m' must be a 1-D numpy array"),
    (_with(y_m=[0.0, 0.0, 0.0, 0.0]), "'y_m' must be a 1-D numpy array .* got list"),
    (_with(z_m=np.zeros(3)), "'z_m' has 3 rows, 'entity_id' has 4"),
])
def test_frame_batch_must_match_the_schema(rec: TrialRecorder, cols: dict, message: str) -> None:
    with pytest.raises(FrameSchemaError, match=message):
        rec.add_frame(0.0, cols)


def test_frame_times_must_be_finite_and_not_go_back(rec: TrialRecorder) -> None:
    rec.add_frame(1.0, columns(2, 0))
    with pytest.raises(ValueError, match="goes back"):
        rec.add_frame(0.9, columns(2, 0))
    with pytest.raises(ValueError, match="not finite"):
        rec.add_frame(float("nan"), columns(2, 0))
    rec.add_frame(1.0, columns(2, 1))  # equal times are allowed


def test_buffered_rows_are_copies(rec: TrialRecorder, tmp_path: Path) -> None:
    cols = columns(3, 0)
    rec.add_frame(0.0, cols)
    cols["x_m"][:] = -1.0  # the engine reuses its arrays in place
    cols["side"][:] = "red"
    rec.close("completed", {})
    table = TrialRecord.open(tmp_path / "t").frames()
    assert table["x_m"].to_pylist() == [3.0, 3.5, 4.0]
    assert table["side"].to_pylist() == ["blue", "red", "blue"]


def test_object_string_arrays_are_accepted(rec: TrialRecorder, tmp_path: Path) -> None:
    rec.add_frame(0.0, _with(airframe=np.array(["lancet-3", "fpv", "fpv", "lancet-3"], dtype=object)))
    rec.add_frame(0.1, _with(airframe=np.array(["fpv", "fpv", "fpv", "lancet-3"], dtype=object)))
    rec.close("completed", {})
    assert TrialRecord.open(tmp_path / "t").frames()["airframe"].to_pylist() == [
        "lancet-3", "fpv", "fpv", "lancet-3", "fpv", "fpv", "fpv", "lancet-3"]


@pytest.mark.parametrize("event, message", [
    ({"t_s": 1.0, "kind": "teleport", "entity_id": 1}, "unknown event kind 'teleport'"),
    ({"t_s": 1.0, "entity_id": 1}, "unknown event kind None"),
    ({"kind": "crash", "entity_id": 1, "cause": "ground"}, "finite number t_s"),
    ({"t_s": float("inf"), "kind": "crash", "entity_id": 1, "cause": "ground"}, "finite number t_s"),
    ({"t_s": 1.0, "kind": "intercept", "entity_id": 1, "target_id": 2}, r"lacks required field\(s\) \['miss_distance_m'\]"),
    ({"t_s": 1.0, "kind": "intercept", "entity_id": 1, "target_id": 2, "miss_distance_m": float("nan")},
     "intercept event at t_s=1.0 cannot be recorded"),
    ({"t_s": 1.0, "kind": "end", "reason": object()}, "cannot be recorded"),
])
def test_bad_events_are_rejected_and_the_batch_is_not_written(rec: TrialRecorder, tmp_path: Path,
                                                               event: dict, message: str) -> None:
    good = {"t_s": 0.5, "kind": "link_lost", "entity_id": 3}
    with pytest.raises(ValueError, match=message):
        rec.add_events([good, event])
    assert TrialRecord.open(tmp_path / "t").events() == []


def test_required_meta_keys_and_recorder_owned_keys(tmp_path: Path) -> None:
    bad = meta()
    del bad["seed"]
    with pytest.raises(ValueError, match=r"lacks required key\(s\) \['seed'\]"):
        TrialRecorder(tmp_path / "a", bad, "x: 1\n")
    with pytest.raises(ValueError, match="must not set"):
        TrialRecorder(tmp_path / "b", meta(status="completed"), "x: 1\n")
    with pytest.raises(ValueError, match="sha256"):
        TrialRecorder(tmp_path / "c", meta(scenario_sha256="0" * 64), "x: 1\n")
    with pytest.raises(ValueError):
        TrialRecorder(tmp_path / "d", meta(seed=float("nan")), "x: 1\n")
    assert not any(tmp_path.iterdir()), "a refused trial must leave no partial record"


def test_extra_meta_keys_are_kept(tmp_path: Path) -> None:
    TrialRecorder(tmp_path / "t", meta(campaign="night-ops", variant=3), "x: 1\n").close("completed", {})
    got = TrialRecord.open(tmp_path / "t").meta
    assert got["campaign"] == "night-ops" and got["variant"] == 3


def test_an_existing_record_is_never_overwritten(tmp_path: Path) -> None:
    TrialRecorder(tmp_path / "t", meta(), "x: 1\n").close("completed", {"kept": True})
    before = {p.name: p.read_bytes() for p in (tmp_path / "t").iterdir()}
    with pytest.raises(FileExistsError, match="never overwritten"):
        TrialRecorder(tmp_path / "t", meta(), "x: 2\n")
    assert {p.name: p.read_bytes() for p in (tmp_path / "t").iterdir()} == before
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileExistsError):
        TrialRecorder(tmp_path / "file", meta(), "x: 1\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        TrialRecorder(tmp_path / "other", meta(), "x: 1\n")


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    TrialRecorder(tmp_path / "empty", meta(), "x: 1\n").close("completed", {})
    assert TrialRecord.open(tmp_path / "empty").status == "completed"


def test_a_second_recorder_on_a_live_record_is_refused(tmp_path: Path) -> None:
    TrialRecorder(tmp_path / "t", meta(), "x: 1\n")
    with pytest.raises(FileExistsError):
        TrialRecorder(tmp_path / "t", meta(), "x: 1\n")
