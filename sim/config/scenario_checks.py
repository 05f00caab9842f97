"""Cross-checks a scenario's models cannot do alone: names, airframes, controllers, geometry.

Every problem is collected with the path of the offending field; the one
written first in the file is raised as a ConfigError at its line and column.
Numbers that are distributions are checked over their whole support, so a
waypoint `{uniform: [a, b]}` must fit the area at both a and b.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from sim.config.controller_names import PILOT, Side, check_controller
from sim.config.errors import ConfigError
from sim.config.library import airframe_names
from sim.config.loading import load_airframe
from sim.config.distributions import support
from sim.config.scenario import Scenario
from sim.config.scenario_airframes import AnyAirframe, build_prototype
from sim.config.yaml_positions import PathKey, PositionMap, dotted


@dataclass(frozen=True)
class Problem:
    path: PathKey
    message: str
    at_key: bool = False  # point at the mapping key (e.g. a magazine's airframe name) not its value


def _hint(name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1)
    listing = ", ".join(known) if known else "none"
    return (f" (did you mean '{close[0]}'?)" if close else "") + f"; known: {listing}"


class _Checker:
    def __init__(self, scenario: Scenario, file: str, positions: PositionMap, base_dir: Path) -> None:
        self.s, self.file, self.positions, self.base_dir = scenario, file, positions, base_dir
        self.problems: list[Problem] = []
        self.library = set(airframe_names())
        self.known = self.library | set(scenario.prototypes)
        self._airframes: dict[str, AnyAirframe] = {}

    def add(self, path: PathKey, message: str, at_key: bool = False) -> None:
        self.problems.append(Problem(path, message, at_key))

    def airframe(self, path: PathKey, name: str, at_key: bool = False) -> AnyAirframe | None:
        if name not in self.known:
            self.add(path, f"unknown airframe '{name}'{_hint(name, self.known)}", at_key)
            return None
        prototype = self.s.prototypes.get(name)
        if prototype is not None and (prototype.base not in self.library or name in self.library):
            return None  # reported once, at the prototype
        if name not in self._airframes:
            self._airframes[name] = (build_prototype(name, prototype, self.file, self.positions)
                                     if prototype else load_airframe(name))
        return self._airframes[name]

    def inside(self, path: PathKey, xy: list[Any], reach: float | tuple[float, float] = 0.0) -> None:
        """(x, y), widened by `reach` metres each way (one figure or per axis), must lie inside the area."""
        half = [self.s.area.size_m[0] / 2, self.s.area.size_m[1] / 2]
        reaches = reach if isinstance(reach, tuple) else (reach, reach)
        for axis, label in ((0, "x"), (1, "y")):
            low, high = support(xy[axis])
            reach_m = reaches[axis]
            worst = low - reach_m if low - reach_m < -half[axis] else high + reach_m
            if abs(worst) > half[axis]:
                what = f"{label} = {worst:g} m" + (f" (with its {reach_m:g} m extent)" if reach_m else "")
                self.add(path if any(reaches) else path + (axis,),
                         f"{what} lies outside the area ({label} from {-half[axis]:g} to {half[axis]:g} m)")
                return

    def unique(self, items: Iterable[tuple[PathKey, str | None]], what: str) -> None:
        seen: dict[str, PathKey] = {}
        for path, name in items:
            if name is None:
                continue
            if name in seen:
                self.add(path, f"duplicate {what} name '{name}' (also at {dotted(seen[name])})")
            else:
                seen[name] = path

    def first(self) -> ConfigError | None:
        if not self.problems:
            return None

        def where(problem: Problem) -> tuple[int, int]:
            get = self.positions.key_position if problem.at_key else self.positions.value_position
            return get(problem.path)

        problem = min(self.problems, key=where)
        line, col = where(problem)
        return ConfigError(self.file, line, col, dotted(problem.path), problem.message)


def _box_reach(size_m: list[Any], yaw_deg: Any) -> float:
    """Half-extent of a yawed box along x or y (the half-diagonal if the yaw is random)."""
    w, l = support(size_m[0])[1] / 2, support(size_m[1])[1] / 2
    low, high = support(yaw_deg)
    if low != high:
        return math.hypot(w, l)
    c, s = abs(math.cos(math.radians(low))), abs(math.sin(math.radians(low)))
    return max(w * c + l * s, w * s + l * c)


def _check_prototypes(c: _Checker) -> None:
    for name, prototype in c.s.prototypes.items():
        path = ("prototypes", name)
        if name in c.library:
            c.add(path, f"prototype '{name}' has the name of a built-in airframe; give it its own name", True)
        elif prototype.base not in c.library:
            c.add(path + ("base",), f"unknown base airframe '{prototype.base}'{_hint(prototype.base, c.library)}")
        else:
            c.airframe(path, name, True)  # merges and validates now


def _check_area(c: _Checker) -> None:
    area = c.s.area
    for i, building in enumerate(area.buildings):
        c.inside(("area", "buildings", i, "center_m"), building.center_m, _box_reach(building.size_m, building.yaw_deg))
    for i, asset in enumerate(area.assets):
        c.inside(("area", "assets", i, "position_m"), asset.position_m, _box_reach(asset.size_m, asset.yaw_deg))
    c.unique(((("area", "buildings", i, "name"), b.name) for i, b in enumerate(area.buildings)), "building")
    c.unique(((("area", "assets", i, "name"), a.name) for i, a in enumerate(area.assets)), "asset")
    for i, gate in enumerate(area.gates):
        c.inside(("area", "gates", i, "position_m"), gate.position_m[:2], support(gate.size_m[0])[1] / 2)
    c.unique(((("area", "gates", i, "name"), g.name) for i, g in enumerate(area.gates)), "gate")
    if area.terrain.heightmap is not None:
        _check_heightmap(c, area.terrain.heightmap)


def _check_heightmap(c: _Checker, written: str) -> None:
    path = ("area", "terrain", "heightmap")
    file = Path(written) if Path(written).is_absolute() else c.base_dir / written
    try:
        heights = np.load(file, allow_pickle=False) if file.suffix.lower() == ".npy" \
            else np.loadtxt(file, delimiter=",", ndmin=2)
    except FileNotFoundError:
        return c.add(path, f"heightmap file not found (looked for {file})")
    except (OSError, ValueError) as exc:
        return c.add(path, f"cannot read heightmap {file}: {exc}")
    if heights.ndim != 2 or min(heights.shape) < 2 or not np.issubdtype(heights.dtype, np.number) \
            or not np.all(np.isfinite(heights)):
        c.add(path, f"heightmap must be a finite 2-D grid of at least 2x2 numbers, got shape {heights.shape}")


def _check_controller(c: _Checker, path: PathKey, name: str, params: dict[str, Any], side: Side) -> None:
    reason = check_controller(name, side, c.base_dir)
    if reason:
        c.add(path, reason)
    # `pilot` may name the built-in that flies when no soldier is connected (headless runs).
    autopilot = params.get("autopilot")
    if name == PILOT and autopilot is not None:
        at = path[:-1] + ("params", "autopilot")
        if not isinstance(autopilot, str) or autopilot == PILOT:
            c.add(at, f"autopilot must name a {side} controller other than '{PILOT}'")
        else:
            reason = check_controller(autopilot, side, c.base_dir)
            if reason:
                c.add(at, reason)


def _check_red(c: _Checker) -> None:
    assets = {asset.name for asset in c.s.area.assets}
    ceiling = c.s.area.ceiling_m
    ends_s = support(c.s.meta.duration_s)[0]
    for i, wave in enumerate(c.s.red.waves):
        path: PathKey = ("red", "waves", i)
        c.airframe(path + ("airframe",), wave.airframe)
        _check_controller(c, path + ("behaviour",), wave.behaviour, wave.params, "red")
        spawn = wave.spawn
        reach: float | tuple[float, float] = support(spawn.radius_m)[1] if spawn.radius_m is not None else 0.0
        if spawn.size_m is not None:
            reach = (support(spawn.size_m[0])[1] / 2, support(spawn.size_m[1])[1] / 2)
        c.inside(path + ("spawn", "center_m"), spawn.center_m, reach)
        for j, point in enumerate(wave.waypoints_m):
            c.inside(path + ("waypoints_m", j), point)
            if len(point) == 3 and support(point[2])[1] > ceiling:
                c.add(path + ("waypoints_m", j, 2), f"altitude {support(point[2])[1]:g} m is above "
                      f"the area ceiling {ceiling:g} m")
            elif len(point) == 3 and support(point[2])[0] < 0:
                c.add(path + ("waypoints_m", j, 2), f"altitude {support(point[2])[0]:g} m is below the ground")
        if support(wave.altitude_m)[1] > ceiling:
            c.add(path + ("altitude_m",), f"{support(wave.altitude_m)[1]:g} m is above the area ceiling "
                  f"{ceiling:g} m (area.ceiling_m)")
        if wave.target is not None and wave.target not in assets:
            c.add(path + ("target",), f"no protected asset named '{wave.target}'{_hint(wave.target, assets)}")
        if support(wave.start_s)[1] >= ends_s:
            c.add(path + ("start_s",), f"the wave can start at {support(wave.start_s)[1]:g} s, "
                  f"not before the scenario ends ({ends_s:g} s, meta.duration_s)")
    c.unique(((("red", "waves", i, "name"), w.name) for i, w in enumerate(c.s.red.waves)), "wave")


def _check_blue_airframe(c: _Checker, path: PathKey, name: str, at_key: bool = False) -> None:
    airframe = c.airframe(path, name, at_key)
    if airframe is not None and airframe.kind != "quadrotor":
        c.add(path, f"'{name}' is a {airframe.kind.replace('_', '-')} airframe; "
              "blue interceptors must be quadrotors", at_key)


def _check_blue(c: _Checker) -> None:
    blue = c.s.blue
    stocked: set[str] = set()
    for i, site in enumerate(blue.launch_sites):
        path: PathKey = ("blue", "launch_sites", i)
        c.inside(path + ("position_m",), site.position_m)
        for name in site.magazine:
            _check_blue_airframe(c, path + ("magazine", name), name, at_key=True)
            stocked.add(name)
        stock = sum(support(count)[0] for count in site.magazine.values())
        if len(site.launch_at_s) > stock:
            c.add(path + ("launch_at_s",), f"{len(site.launch_at_s)} scheduled launches but the magazine may "
                  f"hold only {stock:g} interceptors")
    for i, entry in enumerate(blue.interceptors):
        path = ("blue", "interceptors", i)
        _check_blue_airframe(c, path + ("airframe",), entry.airframe)
        if entry.airframe in c.known and entry.airframe not in stocked:
            c.add(path + ("airframe",), f"'{entry.airframe}' is in no launch site's magazine")
        _check_controller(c, path + ("controller",), entry.controller, entry.params, "blue")
    c.unique(((("blue", "launch_sites", i, "name"), s.name) for i, s in enumerate(blue.launch_sites)), "launch site")
    c.unique(((("blue", "interceptors", i, "airframe"), e.airframe) for i, e in enumerate(blue.interceptors)),
             "interceptor airframe")


def _check_sensors_ew(c: _Checker) -> None:
    sensors = c.s.sensors
    named: list[tuple[PathKey, str]] = []
    for group in ("radars", "eo_ir", "acoustic"):
        for i, sensor in enumerate(getattr(sensors, group)):
            path: PathKey = ("sensors", group, i)
            named.append((path + ("name",), sensor.name))
            if group != "acoustic":
                c.inside(path + ("position_m",), sensor.position_m)
                continue
            for j, node in enumerate(sensor.nodes_m):
                c.inside(path + ("nodes_m", j), node)
            if sensor.grid is not None:
                c.inside(path + ("grid", "center_m"), sensor.grid.center_m,
                         (sensor.grid.size_m[0] / 2, sensor.grid.size_m[1] / 2))
    named.sort(key=lambda item: c.positions.value_position(item[0]))
    c.unique(named, "sensor")
    for name in sensors.signatures:
        c.airframe(("sensors", "signatures", name), name, at_key=True)
    for i, jammer in enumerate(c.s.ew.jammers):
        c.inside(("ew", "jammers", i, "position_m"), jammer.position_m)
    c.unique(((("ew", "jammers", i, "name"), j.name) for i, j in enumerate(c.s.ew.jammers)), "jammer")
    for name in c.s.ew.airframe_links:
        c.airframe(("ew", "airframe_links", name), name, at_key=True)


def _check_rules(c: _Checker) -> None:
    rules = c.s.rules
    for name in rules.kill:
        c.airframe(("rules", "kill", name), name, at_key=True)
    for name in rules.unit_costs:
        c.airframe(("rules", "unit_costs", name), name, at_key=True)
    if not c.s.area.assets:
        for i, condition in enumerate(rules.end_when):
            if "asset" in condition:
                c.add(("rules", "end_when", i), f"'{condition}' needs at least one protected asset (area.assets)")


def check_scenario(scenario: Scenario, file: str, positions: PositionMap, base_dir: Path) -> None:
    """Raise the first (in file order) cross-check ConfigError, if any."""
    checker = _Checker(scenario, file, positions, base_dir)
    for check in (_check_prototypes, _check_area, _check_red, _check_blue, _check_sensors_ew, _check_rules):
        check(checker)
    error = checker.first()
    if error is not None:
        raise error
