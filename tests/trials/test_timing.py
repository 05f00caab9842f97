"""Cost of recording 250 entities at 10 log ticks per sim-second, printed (not asserted: shared machines).

The loop sleeps 2 ms per tick, the wall time of one log tick of a trial at 50x
real time, so the writer thread works as it would beside a running engine
rather than against a backlog.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.trials.helpers import columns, events, meta
from trials import TrialRecorder

ENTITIES, TICKS, TICK_WALL_S = 250, 200, 0.002  # 20 s of sim time


def test_add_frame_cost_for_250_entities(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batches = [columns(ENTITIES, tick) for tick in range(10)]
    rec = TrialRecorder(tmp_path / "t", meta(), "x: 1\n")
    frame_s = events_s = 0.0
    cpu = time.process_time()
    for tick in range(TICKS):
        t0 = time.perf_counter()
        rec.add_frame(tick * 0.1, batches[tick % 10])
        t1 = time.perf_counter()
        rec.add_events(events(tick, tick * 0.1))
        events_s += time.perf_counter() - t1
        frame_s += t1 - t0
        time.sleep(TICK_WALL_S)
    cpu = time.process_time() - cpu  # the writer thread may still be on the last part: a slight undercount
    t0 = time.perf_counter()
    rec.close("completed", {})
    close_s = time.perf_counter() - t0
    cpu_per_sim_s = cpu / (TICKS / 10)
    with capsys.disabled():
        print(f"\n[trial record] {ENTITIES} entities, 10 ticks/sim-s: add_frame {frame_s / TICKS * 1e6:.0f} us/tick, "
              f"add_events {events_s / TICKS * 1e6:.0f} us/tick (caller's thread, amortised); "
              f"all threads {cpu_per_sim_s * 1e3:.2f} ms CPU per sim-second "
              f"(= {cpu_per_sim_s * 50 * 100:.0f} % of one core at 50x real time); close {close_s * 1e3:.0f} ms "
              f"(merges the last {TICKS * ENTITIES:,} rows)")
