"""Each airframe's simulated speeds lie inside the public ranges its file cites.

The experiments are in sim/bench/validation.py (also run by `slab bench validation`).
"""

from __future__ import annotations

from sim.bench.validation import quad_top_speed, wing_speeds


def test_quadrotor_top_speed_inside_cited_range(quad):
    # Level flight flat out for 60 s on a fresh pack; mean of the last 5 s.
    top = quad_top_speed(quad)
    assert top.spread_kmh < 1.0, "not settled at a top speed"
    low, high = quad.top_speed_kmh.range
    assert low <= top.top_kmh <= high, f"simulated top speed {top.top_kmh:.1f} km/h outside [{low}, {high}]"
    assert abs(top.altitude_change_m) < 20.0, "lost altitude at top speed"


def test_fixed_wing_cruise_and_top_speed_inside_cited_ranges(wing):
    speeds = wing_speeds(wing)  # 30 s holding cruise, then 60 s asking for far more than it can do
    low, high = wing.cruise_speed_kmh.range
    assert low <= speeds.cruise_kmh <= high
    low, high = wing.top_speed_kmh.range
    assert low <= speeds.top_kmh <= high
