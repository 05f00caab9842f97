"""The cascaded controller: position step response and body-rate tracking.

The experiments are in sim/bench/validation.py (also run by `slab bench
validation`); the figures asserted here are the ones written in docs/physics.md.
"""

from __future__ import annotations

import pytest

from sim.bench.validation import body_rate_tracking_rms, step_response

SETTLE_LIMIT_S = 3.5  # documented in docs/physics.md
RATE_RMS_LIMIT = 0.10  # fraction of the commanded rate, after 0.25 s


@pytest.mark.parametrize("axis", [0, 2], ids=["horizontal", "vertical"])
def test_position_step_settles_without_overshoot(quad, axis):
    response = step_response(quad, axis, distance_m=5.0, band_m=0.10)
    assert response.overshoot < 0.10, f"overshoot {response.overshoot:.1%}"
    assert response.settling_time_s <= SETTLE_LIMIT_S


def test_body_rate_tracking(quad):
    # A steady acro roll at half the rate limit (at most 200 deg/s) for 1 s, hover thrust.
    rms = body_rate_tracking_rms(quad)
    assert rms < RATE_RMS_LIMIT, f"rate RMS error {rms:.1%} of command"
