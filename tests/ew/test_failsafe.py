import numpy as np
import pytest

from sim.ew import FAILSAFE, HOLDING, LINKED, FailsafeMonitor
from tests.ew.bits import assessor, jammer, pts

DT = 1.0 / 30.0


def run(monitor: FailsafeMonitor, ids: np.ndarray, ok_at, t_end: float):  # type: ignore[no-untyped-def]
    modes, events = [], []
    for step in range(int(round(t_end / DT)) + 1):
        t = step * DT
        mode, ev = monitor.update(t, ids, ok_at(t))
        modes.append(mode)
        events += ev
    return np.array(modes), events


def test_jamming_makes_radio_drone_fail_safe_while_fibre_flies_on() -> None:
    # Issue 3 done-when (EW part): same place, same jammer; only the link kind differs.
    ew = assessor([jammer(1000.0, 200.0, active_from_s=1.0, active_until_s=4.0)])
    drones = pts((1000.0, 0.0, 100.0), (1000.0, 0.0, 100.0))
    station = np.array([0.0, 0.0, 2.0])
    ids = np.array([7, 8])
    monitor = FailsafeMonitor(hold_s=1.0)
    modes, events = run(monitor, ids,
                        lambda t: ew.assess(t, drones, station, ["quad", "quad-fibre"]).control_ok, 5.0)
    times = np.arange(len(modes)) * DT
    radio, fibre = modes[:, 0], modes[:, 1]
    assert np.all(fibre == LINKED)
    assert np.all(radio[times < 1.0 - 1e-9] == LINKED)
    assert np.all(radio[(times > 1.0 + 1e-9) & (times < 2.0 - 1e-9)] == HOLDING)
    assert np.all(radio[(times > 2.0 + 1e-9) & (times < 4.0 - 1e-9)] == FAILSAFE)
    assert np.all(radio[times > 4.0 + 1e-9] == LINKED)
    assert [e["kind"] for e in events] == ["link_lost", "failsafe", "link_regained"]
    assert all(e["entity_id"] == 7 for e in events)
    lost, failsafe, regained = events
    assert lost["t_s"] == pytest.approx(1.0, abs=DT)
    assert failsafe["t_s"] - lost["t_s"] == pytest.approx(1.0, abs=DT) and failsafe["after_s"] >= 1.0
    assert regained["lost_for_s"] == pytest.approx(regained["t_s"] - lost["t_s"])


def test_each_event_once_per_episode_and_ids_tracked_separately() -> None:
    monitor = FailsafeMonitor(hold_s=0.5)
    ids = np.array([3, 0])

    def ok_at(t: float) -> np.ndarray:  # id 3 drops out twice; id 0 never
        return np.array([not (1.0 <= t < 2.0 or 3.0 <= t < 3.2), True])

    modes, events = run(monitor, ids, ok_at, 4.0)
    kinds = [(e["kind"], e["entity_id"]) for e in events]
    assert kinds == [("link_lost", 3), ("failsafe", 3), ("link_regained", 3), ("link_lost", 3), ("link_regained", 3)]
    assert np.all(modes[:, 1] == LINKED)
    assert FAILSAFE not in modes[int(round(3.0 / DT)):, 0]  # the short second dropout only holds


def test_zero_hold_fails_safe_at_once() -> None:
    mode, events = FailsafeMonitor(0.0).update(2.0, np.array([1]), np.array([False]))
    assert mode.tolist() == [FAILSAFE]
    assert [e["kind"] for e in events] == ["link_lost", "failsafe"]


def test_rejects_negative_ids() -> None:
    with pytest.raises(ValueError):
        FailsafeMonitor(1.0).update(0.0, np.array([-1]), np.array([True]))
