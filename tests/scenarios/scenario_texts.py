"""A small valid scenario that the tests mutate into bad ones, and helpers.

Written here rather than read from scenarios/*.yaml so the loader tests do
not change when the library data does. Uses built-in airframes.
"""

from __future__ import annotations

VALID_SCENARIO = """\
kind: scenario
meta:
  name: test-scenario
  description: A test briefing.
  seed: 7
  duration_s: 600
area:
  size_m: [10000, 8000]
  buildings:
    - {name: hangar, center_m: [100, 100], size_m: [40, 20, 10]}
  assets:
    - name: depot
      position_m: [-1000, 0]
      size_m: [100, 80, 10]
      value_eur: 1000000
      hit_points: 2
      source: "test"
weather:
  wind_speed_mps: {uniform: [2, 6]}
  wind_from_deg: 270
red:
  waves:
    - name: wave-a
      airframe: shahed-136
      count: {uniform: [2, 5]}
      start_s: {normal: [30, 5]}
      spawn: {center_m: [4000, 1000], radius_m: 300}
      altitude_m: 150
      behaviour: direct
      target: depot
    - name: wave-b
      airframe: lancet-3
      count: 2
      spawn: {center_m: [3000, -2000], size_m: [400, 400]}
      behaviour: route
      waypoints_m: [[1000, -1000], [0, -500, 300]]
      target: depot
blue:
  launch_sites:
    - name: pad
      position_m: [-900, 200]
      magazine: {interceptor-quad: 6, test-proto: 2}
  interceptors:
    - {airframe: interceptor-quad, controller: pn, params: {navigation_constant: {choice: [3, 4, 5]}}}
    - {airframe: test-proto, controller: apn}
sensors:
  radars:
    - name: radar-1
      position_m: [-800, 0]
      detection: {range_m: 9000}
      source: "test"
ew:
  jammers:
    - name: jam-1
      position_m: [0, 0]
      power_dbm: 40
      bands: [gnss, 2.4GHz]
      source: "test"
rules:
  kill:
    interceptor-quad: {kill_probability: 0.9, source: "test"}
prototypes:
  test-proto:
    base: interceptor-quad
    override:
      top_speed_kmh: {value: 310, range: [280, 320], source: "test"}
"""


def line_of(text: str, fragment: str) -> int:
    """1-based number of the first line containing `fragment`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")


def col_of(text: str, fragment: str, within: str | None = None) -> int:
    """1-based column of `fragment` on the first line containing `within` (default: fragment)."""
    line = text.splitlines()[line_of(text, within or fragment) - 1]
    return line.index(fragment) + 1


def mutate(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)
