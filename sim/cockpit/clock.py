"""Real-time pacing of the engine's fixed control step, outside the engine (ARCHITECTURE.md decision 3).

The engine never reads a wall clock: a trial is a pure function of its inputs.
The cockpit decides *how many* fixed ticks to run before each frame so that
sim time follows wall time:

    clock = RealTimeClock(1 / 120)
    clock.start()
    every frame:  for _ in range(clock.due()): trial.tick()
                  draw, flip
                  clock.wait()          # sleeps only when no tick is due yet

A slow frame is caught up with several ticks in the next one, but never more
than `max_catch_up` (a hitch of a second would otherwise freeze the picture
while 120 ticks run, and a machine that is too slow would spiral). Time beyond
that is dropped: the flight runs slower than real time rather than jerking,
and `dropped_s` says how much. Time spent paused does not count.

Time source and sleep are injectable, so the pacing is tested with a fake
clock and fake frame costs, not with timed tests.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

MAX_CATCH_UP_S = 0.1  # at most this much sim time in one frame (12 ticks at 120 Hz)
PAUSED_FRAME_S = 1.0 / 30.0  # while paused the window still redraws, at a relaxed rate
_EPS = 1e-9  # tick boundaries are sums of floats: do not lose a tick to rounding


class RealTimeClock:
    def __init__(self, step_s: float, now: Callable[[], float] = time.perf_counter,
                 sleep: Callable[[float], None] = time.sleep, max_catch_up_s: float = MAX_CATCH_UP_S) -> None:
        if not step_s > 0:
            raise ValueError(f"step_s must be positive, got {step_s}")
        self.step_s = float(step_s)
        self.now, self.sleep = now, sleep
        self.max_catch_up = max(1, math.ceil(max_catch_up_s / self.step_s - _EPS))
        self.ticks = 0  # ticks handed out since start
        self.dropped_s = 0.0  # wall time given up when too far behind
        self.paused_total_s = 0.0
        self._start = self._origin = 0.0  # origin: wall time of tick 0, moved by pauses and drops
        self._paused_at: float | None = None
        self.started = False

    def start(self) -> None:
        """Tick 0 is now."""
        self._start = self._origin = self.now()
        self.ticks, self.dropped_s, self.paused_total_s = 0, 0.0, 0.0
        self._paused_at, self.started = None, True

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.now()

    def resume(self) -> None:
        if self._paused_at is not None:
            paused_s = self.now() - self._paused_at
            self._origin += paused_s
            self.paused_total_s += paused_s
            self._paused_at = None

    def toggle_pause(self) -> bool:
        """Pause or resume; returns whether it is paused now."""
        self.resume() if self.paused else self.pause()
        return self.paused

    @property
    def sim_s(self) -> float:
        """Sim time the ticks handed out stand for."""
        return self.ticks * self.step_s

    @property
    def wall_s(self) -> float:
        """Wall time since start, pauses excluded."""
        end = self._paused_at if self._paused_at is not None else self.now()
        return end - self._start - self.paused_total_s

    def due(self) -> int:
        """How many ticks to run now (0 while paused); counts them as run."""
        if self._paused_at is not None:
            return 0
        target = math.floor((self.now() - self._origin) / self.step_s + _EPS)
        behind = target - self.ticks
        if behind > self.max_catch_up:
            skipped = behind - self.max_catch_up
            self._origin += skipped * self.step_s
            self.dropped_s += skipped * self.step_s
            behind = self.max_catch_up
        behind = max(behind, 0)
        self.ticks += behind
        return behind

    def wait(self) -> float:
        """Sleep until the next tick is due (a frame interval while paused); never when one is due.

        Returns the seconds asked of `sleep`."""
        if self._paused_at is not None:
            delay = PAUSED_FRAME_S
        else:
            delay = self._origin + (self.ticks + 1) * self.step_s - self.now()
        if delay <= 0.0:
            return 0.0
        self.sleep(delay)
        return delay
