"""Valid airframe texts that the config tests mutate into bad ones, and helpers.

Written here rather than read from airframes/*.yaml so the loader tests do
not change when the built-in library data does.
"""

from __future__ import annotations

VALID_QUAD = """\
name: test-quad
kind: quadrotor
display_name: Test quad
version: "1"
description: A test quad.
role: interceptor
mass_kg: {value: 1.5, range: [1.0, 2.0], source: "test"}
unit_cost_usd: {value: 4000, range: [2500, 5000], source: "test"}
top_speed_kmh: {value: 300, range: [280, 315], source: "test"}
body:
  source: "test"
  arm_length_m: 0.15
  inertia_kg_m2: [0.01, 0.01, 0.018]
  drag_linear_n_s_per_m: [0.05, 0.05, 0.08]
  drag_area_m2: 0.02
  prop_radius_m: 0.0635
motors:
  source: "test"
  thrust_to_weight: {value: 8, range: [4, 10], source: "test"}
  max_speed_rad_s: 3500
  yaw_torque_per_thrust_m: 0.016
  time_constant_s: 0.02
limits:
  source: "test"
  max_tilt_deg: 80
  max_rate_deg_s: [1000, 1000, 600]
  max_climb_mps: 30
  max_descent_mps: 20
gains:
  source: "test"
  rate_p: [20, 20, 10]
  rate_i: [5, 5, 2]
  rate_d: [0.2, 0.2, 0]
  attitude_p: [8, 8, 4]
  velocity_p: [2, 2, 3]
  velocity_i: [0.2, 0.2, 0.5]
  position_p: [1, 1, 1.5]
  max_speed_cmd_mps: 80
"""

VALID_WING = """\
name: test-wing
kind: fixed_wing
display_name: Test wing
version: "1"
description: A test fixed wing.
role: one-way-attack
mass_kg: {value: 200, range: [180, 220], source: "test"}
unit_cost_usd: {value: 35000, range: [20000, 70000], source: "test"}
top_speed_kmh: {value: 185, range: [150, 300], source: "test"}
cruise_speed_kmh: {value: 160, range: [150, 185], source: "test"}
performance:
  source: "test"
  stall_speed_kmh: 90
  max_bank_deg: 30
  max_roll_rate_deg_s: 30
  max_climb_mps: 4
  max_descent_mps: 10
  max_accel_mps2: 1.5
  speed_time_constant_s: 8
gains:
  source: "test"
  heading_p: 1.0
  altitude_p: 0.3
"""


def mutate(text: str, old: str, new: str) -> str:
    """Replace `old` (which must occur exactly once, so a typo here fails loudly)."""
    assert text.count(old) == 1, f"fixture text must contain {old!r} exactly once"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based line of the single line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, f"{needle!r} must be on exactly one line, found {hits}"
    return hits[0]
