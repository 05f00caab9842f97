"""Child process of the SIGKILL test: records a paced trial until it is killed.

Usage: python crash_child.py FOLDER. Prints each tick's sim time once add_frame
has returned, so the parent knows how far the trial got before the kill.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout, as the parent's

from tests.trials.helpers import columns, events, meta  # noqa: E402
from trials import TrialRecorder  # noqa: E402

ENTITIES, DT_S, PACE_S = 50, 0.1, 0.004  # ~25x real time: several parts per second of wall time


def main(folder: Path) -> None:
    recorder = TrialRecorder(folder, meta(), "name: crash\n", flush_every_s=1.0)
    tick = 0
    while True:  # until SIGKILL
        t_s = tick * DT_S
        recorder.add_frame(t_s, columns(ENTITIES, tick))
        # Large batches make a kill in the middle of an event write likely.
        recorder.add_events(events(tick, t_s) * 40)
        print(f"{t_s:.1f}", flush=True)
        tick += 1
        time.sleep(PACE_S)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
