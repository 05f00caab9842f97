"""`slab bench trial`: medians over interleaved rounds, and the JSON contract of the issue."""

from __future__ import annotations

import pytest

from sim.bench.trial import run, summarise


def _runs(recorded: list[float], bare: list[float]) -> list[dict]:
    return ([{"record": True, "wall_s": w, "cpu_s": w} for w in recorded]
            + [{"record": False, "wall_s": w, "cpu_s": w} for w in bare])


def test_figures_are_medians_so_one_slow_run_does_not_decide() -> None:
    figures = summarise(_runs([10.0, 30.0, 11.0], [9.0, 10.0, 25.0]), sim_s=1000.0)
    assert figures["wall_time_s"] == 11.0
    assert figures["realtime_factor"] == pytest.approx(1000.0 / 11.0, abs=0.01)
    assert figures["realtime_factor_without_record"] == 100.0
    assert figures["logging_overhead"] == pytest.approx(1.0 / 11.0, abs=1e-4)
    assert figures["realtime_factor_range"] == [pytest.approx(1000 / 30, abs=0.01), 100.0]


def test_a_record_faster_than_no_record_shows_as_negative_overhead_not_zero() -> None:
    assert summarise(_runs([10.0], [11.0]), sim_s=100.0)["logging_overhead"] == pytest.approx(-0.1)


def test_short_bench_reports_every_run_with_and_without_the_record() -> None:
    result = run(quick=True, rounds=2, duration_s=3.0)
    assert result["bodies"] >= 250 and result["sim_time_s"] == pytest.approx(3.0, abs=0.05)
    assert [r["record"] for r in result["runs"]] == [True, False, False, True]  # ABBA
    assert all(r["wall_s"] > 0 and r["cpu_s"] > 0 for r in result["runs"])
    assert {"realtime_factor", "bodies", "logging_overhead"} <= result.keys()
