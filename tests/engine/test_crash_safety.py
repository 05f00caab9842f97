"""A trial process killed with SIGKILL mid-run leaves a readable record marked incomplete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings

import pytest

from trials import TrialRecord
from trials.frame_stream import read_stream_batches


@pytest.mark.slow
def test_sigkill_mid_run_leaves_readable_incomplete_record(tmp_path):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "run", "saturation-raid", "--out", str(tmp_path), "--duration", "1800"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 120
        flushes = 0
        while time.monotonic() < deadline and flushes < 3:
            time.sleep(0.2)
            streams = list(tmp_path.glob("*/frames.arrows"))
            if streams:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # a batch may be in mid-append
                    flushes = len(read_stream_batches(streams[0])[1])
            assert process.poll() is None, "the trial ended before it could be killed"
        assert flushes >= 3, "no frames flushed in time"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    record = TrialRecord.open(folder)
    assert record.status == "incomplete"
    assert not (folder / "frames.parquet").exists()
    frames = record.frames()
    assert frames.num_rows > 0 and {"t_s", "entity_id", "x_m"} <= set(frames.column_names)
    assert any(e["kind"] == "spawn" for e in record.events())
    assert record.summary is None
