"""A recorder process killed with SIGKILL mid-run leaves a readable, 'incomplete' record."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import warnings

import numpy as np
import pytest

from tests.trials.crash_child import ENTITIES
from tests.trials.helpers import columns
from tests.trials.helpers import events, meta
from trials import FRAME_COLUMNS, TrialRecord, TrialRecorder
from trials.frame_stream import read_stream_batches
from trials.reader import TrialRecordError, parse_events

CHILD = Path(__file__).with_name("crash_child.py")


def _flushed_batches(folder: Path) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reader may catch a batch in mid-append
        return len(read_stream_batches(folder / "frames.arrows")[1])


def _kill_after_flushes(folder: Path, flushes: int, timeout_s: float = 60.0) -> float:
    """Run the child until the frames stream holds `flushes` complete batches, SIGKILL it;
    return the last sim time it reported."""
    child = subprocess.Popen([sys.executable, str(CHILD), str(folder)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + timeout_s
        while _flushed_batches(folder) < flushes:
            if child.poll() is not None:
                pytest.fail(f"child died on its own:\n{child.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail("child flushed no frames in time")
            time.sleep(0.02)
        time.sleep(0.137)  # land somewhere inside a tick, not right after a flush
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    return float(out.split()[-1])


@pytest.mark.slow
def test_sigkilled_trial_leaves_a_readable_incomplete_record(tmp_path: Path) -> None:
    folder = tmp_path / "killed"
    last_t_s = _kill_after_flushes(folder, flushes=3)

    rec = TrialRecord.open(folder)
    assert rec.status == "incomplete" and rec.summary is None
    assert not (folder / "frames.parquet").exists() and (folder / "frames.arrows").is_file()
    assert rec.scenario_yaml == "name: crash\n"

    table = rec.frames()
    ticks = table.num_rows // ENTITIES
    assert ticks >= 33 and table.num_rows == ticks * ENTITIES  # >= 3 whole flushes of 11 ticks
    assert table.schema.names == list(FRAME_COLUMNS)
    assert all(table.schema.field(name).type == spec.type for name, spec in FRAME_COLUMNS.items())
    # Frames reach to within the flush interval of where the trial was (slack for the writer thread).
    assert table["t_s"].to_numpy().max() >= last_t_s - 1.0 - 0.5
    # Exactly the rows that were written, in order.
    t = np.repeat(np.arange(ticks) * 0.1, ENTITIES)
    np.testing.assert_array_equal(table["t_s"].to_numpy(), t)
    np.testing.assert_array_equal(table["x_m"].to_numpy(),
                                  np.concatenate([columns(ENTITIES, k)["x_m"] for k in range(ticks)]))

    events = rec.events()
    assert events and {e["kind"] for e in events} == {"spawn", "intercept"}
    assert events[-1]["t_s"] >= last_t_s - 0.1  # events are flushed every call
    # Simulate the torn write a kill can leave (the real kill may or may not have made one).
    with open(folder / "events.jsonl", "a", encoding="utf-8") as f:
        f.write('{"airframe":"shahed-136","entity_id":9')
    assert rec.events() == events


def test_parse_events_skips_only_a_torn_last_line() -> None:
    whole = '{"kind":"end","reason":"duration","t_s":5.0}\n'
    assert parse_events(whole + '{"kind":"sp', "e") == [{"kind": "end", "reason": "duration", "t_s": 5.0}]
    assert parse_events(whole.rstrip("\n"), "e") == [{"kind": "end", "reason": "duration", "t_s": 5.0}]
    assert parse_events("", "e") == []
    with pytest.raises(TrialRecordError, match="e:1: corrupt event line"):
        parse_events('{"kind":"sp\n' + whole, "e")


def _stream_of(folder: Path, flushes: int, n: int = 7) -> bytes:
    """Bytes of the frames stream of a running recorder once `flushes` batches are in it,
    with new strings arriving in the second flush (a dictionary delta in the stream)."""
    rec = TrialRecorder(folder, meta(), "x: 1\n", flush_every_s=0.5)
    for tick in range(flushes * 6):
        cols = columns(n, tick)
        if tick >= 6:
            cols["airframe"] = np.where(np.arange(n) % 2 == 0, "jet-decoy", cols["airframe"])
        rec.add_frame(tick * 0.1, cols)
        rec.add_events(events(tick, tick * 0.1))
    deadline = time.monotonic() + 10
    while _flushed_batches(folder) < flushes and time.monotonic() < deadline:
        time.sleep(0.01)
    data = (folder / "frames.arrows").read_bytes()
    rec.close("completed", {})
    return data


def test_truncated_or_damaged_frames_stream_reads_up_to_the_last_complete_batch(tmp_path: Path) -> None:
    data = _stream_of(tmp_path / "live", flushes=3)
    whole = TrialRecord.open(tmp_path / "live").frames()  # the closed record's frames.parquet
    rows_per_flush = 6 * 7
    assert whole.num_rows == 3 * rows_per_flush
    probe = tmp_path / "probe"  # an incomplete record holding a cut copy of the stream
    probe.mkdir()
    (probe / "meta.json").write_text((tmp_path / "live" / "meta.json").read_text()
                                     .replace('"completed"', '"incomplete"'))
    ends: dict[int, int] = {}  # rows read -> shortest prefix that gives them
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cut in list(range(0, len(data), 97)) + [len(data)]:
            (probe / "frames.arrows").write_bytes(data[:cut])
            table = TrialRecord.open(probe).frames()
            assert table.num_rows % rows_per_flush == 0, cut
            assert table.schema.names == list(FRAME_COLUMNS)
            assert table.schema.field("airframe").type == FRAME_COLUMNS["airframe"].type
            assert table.to_pydict() == whole.slice(0, table.num_rows).to_pydict(), cut  # a prefix, never garbage
            ends.setdefault(table.num_rows, cut)
    assert sorted(ends) == [0, 42, 84, 126]  # every prefix of whole batches is reachable
    assert "jet-decoy" in TrialRecord.open(probe).frames()["airframe"].to_pylist()

    # A cut in mid-batch warns; garbage after the last complete batch is ignored with a warning.
    cut_84 = ends[84]
    (probe / "frames.arrows").write_bytes(data[: ends[126] - 40])
    with pytest.warns(UserWarning, match="incomplete or unreadable batch after 2 complete"):
        assert TrialRecord.open(probe).frames().num_rows == 84
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cut in range(cut_84 - 97, cut_84):  # the exact end of the 2nd batch
            (probe / "frames.arrows").write_bytes(data[:cut])
            if TrialRecord.open(probe).frames().num_rows == 84:
                break
    (probe / "frames.arrows").write_bytes(data[:cut] + b"\xff" * 300)
    with pytest.warns(UserWarning, match="after 2 complete"):
        assert TrialRecord.open(probe).frames(["t_s", "side"]).num_rows == 84

    # Empty file (killed before the schema reached the disk): an empty table with the schema.
    (probe / "frames.arrows").write_bytes(b"")
    empty = TrialRecord.open(probe).frames()
    assert empty.num_rows == 0 and empty.schema.names == list(FRAME_COLUMNS)
    (probe / "frames.arrows").write_bytes(b"not an arrow stream at all")
    with pytest.warns(UserWarning):
        assert TrialRecord.open(probe).frames().num_rows == 0
