"""Real-time pacing with a fake time source and fake frame costs: no timed test."""

from __future__ import annotations

import itertools

import pytest

from sim.cockpit.clock import RealTimeClock

STEP_S = 1.0 / 120.0


class Wall:
    def __init__(self) -> None:
        self.t = 50.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds


def fly_for(wall_s: float, frame_costs_s: list[float], tick_cost_s: float = 0.0007) -> tuple[RealTimeClock, int]:
    """The app's loop: due ticks, a frame of work (its cost + the ticks' cost), wait. Returns the clock and the
    most ticks one frame ran."""
    wall = Wall()
    clock = RealTimeClock(STEP_S, wall.now, wall.sleep)
    clock.start()
    most = 0
    for cost in itertools.cycle(frame_costs_s):
        if clock.wall_s >= wall_s:
            break
        ticks = clock.due()
        most = max(most, ticks)
        wall.t += cost + ticks * tick_cost_s
        clock.wait()
    return clock, most


@pytest.mark.parametrize("pattern", [
    [0.002],  # a fast machine: one tick per frame, sleeping in between
    [0.004, 0.012, 0.030, 0.003, 0.070, 0.005],  # irregular frames, some several ticks long
    [0.011] * 50 + [0.095],  # steadily slower than the step, with a hitch now and then
])
def test_sim_time_follows_wall_time_within_one_percent_over_five_minutes(pattern):
    clock, most = fly_for(300.0, pattern)
    assert abs(clock.sim_s - clock.wall_s) < 0.01 * clock.wall_s
    assert abs(clock.sim_s - clock.wall_s) < 0.1  # in fact within the catch-up bound
    assert clock.dropped_s == 0.0 and most <= clock.max_catch_up


def test_catch_up_is_bounded_and_the_rest_is_dropped():
    wall = Wall()
    clock = RealTimeClock(STEP_S, wall.now, wall.sleep)
    clock.start()
    wall.t += 1.0  # a one-second hitch (a disk stall, a window drag)
    assert clock.due() == clock.max_catch_up == 12
    assert clock.dropped_s == pytest.approx(1.0 - 12 * STEP_S, abs=STEP_S)
    assert clock.due() == 0  # caught up: nothing more due until the next step
    wall.t += STEP_S
    assert clock.due() == 1


def test_never_sleeps_when_a_tick_is_due():
    wall = Wall()
    clock = RealTimeClock(STEP_S, wall.now, wall.sleep)
    clock.start()
    wall.t += 3.5 * STEP_S
    assert clock.wait() == 0.0 and wall.sleeps == []  # behind: no sleep at all
    assert clock.due() == 3
    assert clock.wait() == pytest.approx(0.5 * STEP_S) and len(wall.sleeps) == 1  # ahead: sleep to the next tick
    assert clock.due() == 1


def test_pause_stops_sim_time_and_is_not_counted_as_wall_time():
    wall = Wall()
    clock = RealTimeClock(STEP_S, wall.now, wall.sleep)
    clock.start()
    wall.t += 0.05
    assert clock.due() == 6
    assert clock.toggle_pause() is True
    for _ in range(300):  # ten seconds paused, the window still redrawn
        assert clock.due() == 0
        clock.wait()
    assert clock.sim_s == pytest.approx(0.05) and clock.wall_s == pytest.approx(0.05)
    assert clock.toggle_pause() is False
    wall.t += 0.05
    assert clock.due() == 6  # only the time since the resume is due: the pause is not caught up
    assert clock.sim_s == pytest.approx(clock.wall_s) == pytest.approx(0.1)
    assert clock.paused_total_s == pytest.approx(10.0, abs=0.05) and clock.dropped_s == 0.0


def test_step_must_be_positive():
    with pytest.raises(ValueError):
        RealTimeClock(0.0)
