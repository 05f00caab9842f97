"""A recorder process killed with SIGKILL mid-run leaves a readable, 'incomplete' record."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.trials.crash_child import ENTITIES
from tests.trials.helpers import columns
from trials import TrialRecord
from trials.reader import TrialRecordError, parse_events

CHILD = Path(__file__).with_name("crash_child.py")


def _kill_after_parts(folder: Path, parts: int, timeout_s: float = 60.0) -> float:
    """Run the child until `parts` part files exist, SIGKILL it; return the last sim time it reported."""
    child = subprocess.Popen([sys.executable, str(CHILD), str(folder)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + timeout_s
        while len(list((folder / "frames").glob("part-*.parquet"))) < parts:
            if child.poll() is not None:
                pytest.fail(f"child died on its own:\n{child.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail("child wrote no parts in time")
            time.sleep(0.02)
        time.sleep(0.137)  # land somewhere inside a tick, not right after a part
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
    last_t_s = _kill_after_parts(folder, parts=3)

    rec = TrialRecord.open(folder)
    assert rec.status == "incomplete" and rec.summary is None
    assert not (folder / "frames.parquet").exists()
    assert rec.scenario_yaml == "name: crash\n"

    table = rec.frames()
    ticks = table.num_rows // ENTITIES
    assert ticks >= 33 and table.num_rows == ticks * ENTITIES  # >= 3 whole parts of 11 ticks
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
