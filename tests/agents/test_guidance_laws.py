"""The compiled guidance laws on cases worked out by hand (DOMAIN section 4)."""

from __future__ import annotations

import numpy as np
import pytest

from agents import guidance

ROW = np.array([[0.0, 1000.0, 0.0]])  # target 1000 m north


def test_pn_is_n_vc_times_the_los_rate_normal_to_the_los() -> None:
    # Target 1000 m north crossing east at 30 m/s, interceptor flying north at 50 m/s:
    # Vc = 50, LOS rate 30 / 1000 rad/s clockwise; a = 4 * 50 * 0.03 = 6 m/s^2, east.
    v_rel = np.array([[30.0, -50.0, 0.0]])
    a = guidance.proportional_navigation(ROW, v_rel, 4.0)
    np.testing.assert_allclose(a, [[6.0, 0.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(guidance.closing_speed(ROW, v_rel), [50.0])
    # On a collision course the line of sight does not turn: no command.
    assert np.abs(guidance.proportional_navigation(ROW, np.array([[0.0, -80.0, 0.0]]), 4.0)).max() == 0.0


def test_apn_adds_half_n_times_the_target_acceleration_normal_to_the_los() -> None:
    v_rel = np.array([[30.0, -50.0, 0.0]])
    target_accel = np.array([[2.0, 5.0, -1.0]])  # the 5 m/s^2 along the LOS is dropped
    a = guidance.augmented_pn(ROW, v_rel, target_accel, 4.0)
    np.testing.assert_allclose(a, [[6.0 + 4.0, 0.0, -2.0]], atol=1e-12)


def test_zem_with_range_over_closing_speed_is_pn() -> None:
    v_rel = np.array([[30.0, -50.0, 10.0]])
    np.testing.assert_allclose(guidance.zero_effort_miss(ROW, v_rel, 4.0),
                               guidance.proportional_navigation(ROW, v_rel, 4.0), atol=1e-9)


def test_axial_pushes_along_the_collision_course() -> None:
    # Target 1000 m north flying east at 30 m/s; at 50 m/s the triangle is 3-4-5: meet it after
    # 25 s at (750, 1000), direction (0.6, 0.8). Flying north at 50 m/s, 40 m/s of it along the
    # course: push 1.5 * (80 - 40) = 60 m/s^2 along the course.
    top = np.array([80.0])
    a = guidance.axial_go_fast(ROW, np.array([[0.0, 50.0, 0.0]]), np.array([[30.0, 0.0, 0.0]]), top, 1.5)
    np.testing.assert_allclose(a, [[36.0, 48.0, 0.0]], atol=1e-9)
    # At top speed on that speed's course (sin(lead) = 30 / 80): nothing left to push.
    on_course = 80.0 * np.array([[30.0 / 80.0, np.sqrt(1.0 - (30.0 / 80.0) ** 2), 0.0]])
    a = guidance.axial_go_fast(ROW, on_course, np.array([[30.0, 0.0, 0.0]]), top, 1.5)
    assert np.abs(a).max() == pytest.approx(0.0, abs=1e-9)


def test_axial_pushes_along_the_los_while_slower_than_the_target() -> None:
    # Hovering (no collision triangle yet at 0 m/s): straight at the target, 1.5 * 80 m/s^2.
    a = guidance.axial_go_fast(ROW, np.zeros((1, 3)), np.array([[30.0, 0.0, 0.0]]), np.array([80.0]), 1.5)
    np.testing.assert_allclose(a, [[0.0, 120.0, 0.0]], atol=1e-9)
