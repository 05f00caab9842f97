"""What goes into a TrialRecorder comes back out of TrialRecord, byte-stable."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import trials.parquet_io as parquet_io
import trials.recorder as recorder_module
from tests.trials.helpers import columns, events, meta
from trials import FORMAT_VERSION, FRAME_COLUMNS, TrialRecord, TrialRecorder, TrialRecordError
from trials.frame_buffer import INPUT_COLUMNS, FrameBuffer
from trials.frame_stream import read_stream_batches

SCENARIO = "name: unit\nseed: 7\n"


def record(folder: Path, ticks: int, n: int = 20, flush_every_s: float = 1.0,
           summary: dict | None = None) -> Path:
    rec = TrialRecorder(folder, meta(), SCENARIO, flush_every_s=flush_every_s)
    for tick in range(ticks):
        rec.add_frame(tick * 0.1, columns(n, tick))
        rec.add_events(events(tick, tick * 0.1))
    rec.close("completed", summary if summary is not None else {"threats_killed": 3, "ratio": 0.5})
    return folder


def test_round_trip_of_frames_events_meta_and_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet_io, "MERGED_ROW_GROUP_ROWS", 64)  # exercise several row groups
    folder = record(tmp_path / "trial", ticks=35, n=20, flush_every_s=0.5)
    assert sorted(p.name for p in folder.iterdir()) == [
        "events.jsonl", "frames.parquet", "meta.json", "scenario.yaml", "summary.json"]

    rec = TrialRecord.open(folder)
    assert rec.status == "completed"
    assert rec.summary == {"threats_killed": 3, "ratio": 0.5}
    assert rec.scenario_yaml == SCENARIO
    assert rec.meta["format_version"] == FORMAT_VERSION
    assert rec.meta["scenario_sha256"] == hashlib.sha256(SCENARIO.encode()).hexdigest()
    assert rec.meta["started_utc"] == "2026-11-28T03:15:00Z"
    assert rec.meta["seed"] == 7 and rec.meta["pilot_callsign"] is None
    assert rec.meta["sim_time_s"] == pytest.approx(3.4)
    assert "abort_reason" not in rec.meta

    table = rec.frames()
    assert table.schema.names == list(FRAME_COLUMNS)
    for name, spec in FRAME_COLUMNS.items():
        assert table.schema.field(name).type == spec.type, name
        assert table.schema.field(name).metadata[b"unit"] == spec.unit.encode()
    assert table.num_rows == 35 * 20
    expected = {name: np.concatenate([columns(20, tick)[name] for tick in range(35)]) for name in INPUT_COLUMNS}
    got = table.to_pydict()
    np.testing.assert_array_equal(got["t_s"], np.repeat(np.arange(35) * 0.1, 20))
    for name in INPUT_COLUMNS:
        want = expected[name]
        if FRAME_COLUMNS[name].type == pa.float32():
            want = want.astype(np.float32)
        np.testing.assert_array_equal(np.asarray(got[name], dtype=want.dtype), want, err_msg=name)

    evs = rec.events()
    assert len(evs) == 35 + 12
    assert evs[0] == {"t_s": 0.0, "kind": "spawn", "entity_id": 0, "side": "red",
                      "airframe": "shahed-136", "x_m": 0.0}
    assert [e["miss_distance_m"] for e in rec.events({"intercept"})][:3] == [0.0, 0.30000000000000004, 0.6000000000000001]
    assert all(list(e) == sorted(e) for e in evs)


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    a = record(tmp_path / "a", ticks=40, flush_every_s=0.3)
    b = record(tmp_path / "b", ticks=40, flush_every_s=0.3)
    for name in ("frames.parquet", "events.jsonl", "summary.json", "scenario.yaml"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    c = record(tmp_path / "c", ticks=41, flush_every_s=0.3)
    assert (a / "frames.parquet").read_bytes() != (c / "frames.parquet").read_bytes()


def test_events_file_is_one_sorted_json_object_per_line(tmp_path: Path) -> None:
    lines = (record(tmp_path / "t", ticks=4) / "events.jsonl").read_text().splitlines()
    assert lines[0] == '{"airframe":"shahed-136","entity_id":0,"kind":"spawn","side":"red","t_s":0.0,"x_m":0.0}'
    assert all(json.loads(line)["t_s"] >= 0 for line in lines)


def test_record_is_readable_while_running(tmp_path: Path) -> None:
    rec = TrialRecorder(tmp_path / "live", meta(), SCENARIO, flush_every_s=1.0)
    for tick in range(25):  # 2.4 s of sim time: two flushes due
        rec.add_frame(tick * 0.1, columns(5, tick))
        rec.add_events(events(tick, tick * 0.1))
    deadline = time.monotonic() + 10
    while len(read_stream_batches(tmp_path / "live" / "frames.arrows")[1]) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    live = TrialRecord.open(tmp_path / "live")
    assert live.status == "incomplete" and live.summary is None
    assert sorted(p.name for p in live.folder.iterdir()) == [
        "events.jsonl", "frames.arrows", "meta.json", "scenario.yaml"]
    assert live.frames().num_rows == 2 * 11 * 5  # flushes of t 0..1.0 and 1.1..2.1
    assert len(live.events({"spawn"})) == 25  # events are flushed per call
    rec.close("completed", {})
    assert TrialRecord.open(tmp_path / "live").frames().num_rows == 25 * 5


def test_reader_prefers_merged_file_over_a_leftover_stream(tmp_path: Path) -> None:
    folder = record(tmp_path / "t", ticks=12, n=3)
    # as if killed between publishing frames.parquet and deleting the stream
    (folder / "frames.arrows").write_bytes(b"not an arrow stream")
    assert TrialRecord.open(folder).frames().num_rows == 36
    (folder / "frames.parquet").write_bytes(b"PAR1 torn copy")
    with pytest.raises(TrialRecordError, match="unreadable"):
        TrialRecord.open(folder).frames()


def test_reader_reads_the_part_files_of_a_1_0_record(tmp_path: Path) -> None:
    """Records of format 1.0 left by a killed process kept frames in frames/part-*.parquet."""
    folder = record(tmp_path / "t", ticks=3, n=4)
    (folder / "frames.parquet").unlink()
    meta_text = (folder / "meta.json").read_text()
    (folder / "meta.json").write_text(meta_text.replace(f'"{FORMAT_VERSION}"', '"1.0"')
                                      .replace('"completed"', '"incomplete"'))
    (folder / "frames").mkdir()
    buffer = FrameBuffer()
    for part in range(3):
        for tick in range(part * 2, part * 2 + 2):
            buffer.add(tick * 0.1, columns(4, tick))
        pq.write_table(pa.Table.from_batches([buffer.take()]), folder / "frames" / f"part-{part:05d}.parquet")
    (folder / "frames" / ".part-00003.parquet.123.tmp").write_bytes(b"half a part")
    rec = TrialRecord.open(folder)
    assert rec.meta["format_version"] == "1.0" and rec.status == "incomplete"
    table = rec.frames()
    assert table.num_rows == 6 * 4 and table.schema.names == list(FRAME_COLUMNS)
    np.testing.assert_array_equal(table["t_s"].to_numpy(), np.repeat(np.arange(6) * 0.1, 4))
    (folder / "frames" / "part-00001.parquet").write_bytes(b"")  # emptied by a power cut
    with pytest.warns(UserWarning, match="skipping unreadable frame part"):
        assert rec.frames(["t_s"]).num_rows == 4 * 4


def test_empty_trial_still_has_a_typed_frames_file(tmp_path: Path) -> None:
    rec = TrialRecorder(tmp_path / "t", meta(), SCENARIO)
    rec.close("completed", {})
    table = TrialRecord.open(tmp_path / "t").frames()
    assert table.num_rows == 0 and table.schema.names == list(FRAME_COLUMNS)
    assert TrialRecord.open(tmp_path / "t").meta["sim_time_s"] is None


def test_context_manager_exception_aborts_with_reason_and_reraises(tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError):
        with TrialRecorder(tmp_path / "t", meta(), SCENARIO) as rec:
            rec.add_frame(0.0, columns(4, 0))
            raise ZeroDivisionError("float division by zero\nsecond line is dropped")
    done = TrialRecord.open(tmp_path / "t")
    assert done.status == "aborted"
    assert done.meta["abort_reason"] == "ZeroDivisionError: float division by zero"
    assert done.frames().num_rows == 4 and done.summary is None
    assert not (tmp_path / "t" / "frames.arrows").exists()


def test_context_manager_keeps_an_explicit_close_and_aborts_a_forgotten_one(tmp_path: Path) -> None:
    with TrialRecorder(tmp_path / "a", meta(), SCENARIO) as rec:
        rec.close("completed", {"k": 1})
    assert TrialRecord.open(tmp_path / "a").status == "completed"
    with TrialRecorder(tmp_path / "b", meta(), SCENARIO):
        pass
    forgotten = TrialRecord.open(tmp_path / "b")
    assert forgotten.status == "aborted" and "without close()" in forgotten.meta["abort_reason"]


def test_close_rules(tmp_path: Path) -> None:
    rec = TrialRecorder(tmp_path / "t", meta(), SCENARIO)
    with pytest.raises(ValueError, match="abort_reason"):
        rec.close("aborted", {})
    with pytest.raises(ValueError, match="completed"):
        rec.close("done", {})
    with pytest.raises(ValueError):
        rec.close("completed", {"bad": float("nan")})
    assert TrialRecord.open(tmp_path / "t").status == "incomplete"  # refused closes changed nothing
    rec.close("aborted", {"partial": True}, abort_reason="operator stopped the trial")
    assert TrialRecord.open(tmp_path / "t").meta["abort_reason"] == "operator stopped the trial"
    with pytest.raises(RuntimeError, match="closed"):
        rec.add_frame(1.0, columns(1, 1))
    with pytest.raises(RuntimeError, match="closed"):
        rec.close("completed", {})


def test_writer_thread_failure_surfaces_and_leaves_the_record_incomplete(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(stream: object, table: pa.Table) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recorder_module, "append_frames", disk_full)
    rec = TrialRecorder(tmp_path / "t", meta(), SCENARIO, flush_every_s=0.1)
    with pytest.raises(RuntimeError, match="No space left on device"):
        for tick in range(10_000):
            rec.add_frame(tick * 0.1, columns(2, tick))
            time.sleep(0.001)
    with pytest.raises(RuntimeError, match="No space left on device"):
        rec.close("completed", {})
    failed = TrialRecord.open(tmp_path / "t")
    assert failed.status == "incomplete"
    assert not (tmp_path / "t" / "frames.parquet").exists()
    assert failed.frames().num_rows == 0  # the stream, closed and readable, holds what was written
    assert not list((tmp_path / "t").glob(".*.tmp")), "no unfinished file is left behind"
