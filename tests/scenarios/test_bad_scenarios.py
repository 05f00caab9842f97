"""Bad scenario files through `slab validate`: exit 2, one stderr line `file:line:col: field: message`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.cli import main
from tests.scenarios.scenario_texts import VALID_SCENARIO as S, col_of, line_of, mutate


@dataclass(frozen=True)
class Bad:
    id: str
    text: str
    line: int
    field: str
    fragment: str
    col: int | None = None


BAD = [
    Bad("malformed-yaml", mutate(S, "  seed: 7", "  seed: 7: 8"), line_of(S, "seed: 7"), "", "invalid YAML"),
    Bad("unclosed-flow", mutate(S, "size_m: [10000, 8000]", "size_m: [10000, 8000"),
        line_of(S, "buildings:"), "", "started on line"),
    Bad("unknown-key-top", S + "colour: red\n", len(S.splitlines()) + 1, "colour", "unknown key", col=1),
    Bad("unknown-key-nested", mutate(S, "  wind_from_deg: 270", "  wind_from: 270"),
        line_of(S, "wind_from_deg"), "weather.wind_from", "did you mean 'wind_from_deg'?", col=3),
    Bad("unknown-key-in-list", mutate(S, "      altitude_m: 150", "      altitude: 150"),
        line_of(S, "altitude_m: 150"), "red.waves[0].altitude", "unknown key", col=7),
    Bad("unknown-key-in-distribution", mutate(S, "{uniform: [2, 6]}", "{uniform: [2, 6], seed: 1}"),
        line_of(S, "wind_speed_mps"), "weather.wind_speed_mps.seed", "unknown key"),
    Bad("wrong-type", mutate(S, "duration_s: 600", 'duration_s: "ten minutes"'),
        line_of(S, "duration_s"), "meta.duration_s", "expected a number, got str",
        col=col_of(S, "600", "duration_s")),
    Bad("wrong-type-list", mutate(S, "hit_points: 2", "hit_points: [2]"),
        line_of(S, "hit_points"), "area.assets[0].hit_points", "expected a whole number"),
    Bad("bool-for-number", mutate(S, "power_dbm: 40", "power_dbm: yes"),
        line_of(S, "power_dbm"), "ew.jammers[0].power_dbm", "got bool"),
    Bad("not-a-distribution", mutate(S, "{uniform: [2, 6]}", "{gauss: [2, 6]}"),
        line_of(S, "wind_speed_mps"), "weather.wind_speed_mps", "expected a number or a distribution"),
    Bad("out-of-range", mutate(S, "wind_from_deg: 270", "wind_from_deg: 400"),
        line_of(S, "wind_from_deg"), "weather.wind_from_deg", "must be <= 360, got 400"),
    Bad("negative-duration", mutate(S, "duration_s: 600", "duration_s: -5"),
        line_of(S, "duration_s"), "meta.duration_s", "must be > 0"),
    Bad("distribution-out-of-range", mutate(S, "{uniform: [2, 6]}", "{uniform: [-2, 6]}"),
        line_of(S, "wind_speed_mps"), "weather.wind_speed_mps", "uniform can give -2, but the value must be >= 0"),
    Bad("normal-tail-out-of-range", mutate(S, "{normal: [30, 5]}", "{normal: [10, 5]}"),
        line_of(S, "start_s"), "red.waves[0].start_s", "normal can give -5"),
    Bad("reversed-uniform", mutate(S, "{uniform: [2, 6]}", "{uniform: [6, 2]}"),
        line_of(S, "wind_speed_mps"), "weather.wind_speed_mps", "reversed"),
    Bad("empty-wave", mutate(S, "count: 2", "count: 0"),
        line_of(S, "count: 2"), "red.waves[1].count", "must be >= 1, got 0"),
    Bad("empty-wave-distribution", mutate(S, "count: {uniform: [2, 5]}", "count: {uniform: [0, 5]}"),
        line_of(S, "count: {uniform"), "red.waves[0].count", "uniform can give 0"),
    Bad("wave-without-route", mutate(S, "      behaviour: direct\n      target: depot\n", "      behaviour: direct\n"),
        line_of(S, "- name: wave-a"), "red.waves[0]", "needs a target asset or waypoints_m"),
    Bad("missing-field", mutate(S, "  duration_s: 600\n", ""), line_of(S, "meta:"), "meta",
        "missing field 'duration_s'", col=1),
    Bad("missing-kind", mutate(S, "kind: scenario\n", ""), 1, "", "missing field 'kind'"),
    Bad("unknown-airframe", mutate(S, "airframe: shahed-136", "airframe: shahed-137"),
        line_of(S, "airframe: shahed-136"), "red.waves[0].airframe", "unknown airframe 'shahed-137' (did you mean 'shahed-136'?)"),
    Bad("unknown-airframe-in-magazine", mutate(S, "{interceptor-quad: 6,", "{interceptor-quadd: 6,"),
        line_of(S, "magazine:"), "blue.launch_sites[0].magazine.interceptor-quadd", "unknown airframe",
        col=col_of(S, "interceptor-quad", "magazine:")),
    Bad("fixed-wing-interceptor", mutate(S, "{airframe: test-proto, controller: apn}", "{airframe: lancet-3, controller: apn}"),
        line_of(S, "{airframe: test-proto"), "blue.interceptors[1].airframe", "fixed-wing airframe"),
    Bad("unknown-blue-controller", mutate(S, "controller: apn", "controller: magic"),
        line_of(S, "controller: apn"), "blue.interceptors[1].controller", "unknown blue controller 'magic'"),
    Bad("red-controller-on-blue", mutate(S, "controller: apn", "controller: weaving"),
        line_of(S, "controller: apn"), "blue.interceptors[1].controller", "'weaving' is a red controller"),
    Bad("unknown-red-behaviour", mutate(S, "behaviour: direct", "behaviour: kamikaze"),
        line_of(S, "behaviour: direct"), "red.waves[0].behaviour", "unknown red controller 'kamikaze'"),
    Bad("pilot-autopilot-unknown", mutate(S, "controller: apn}", "controller: pilot, params: {autopilot: weaving}}"),
        line_of(S, "controller: apn"), "blue.interceptors[1].params.autopilot", "'weaving' is a red controller"),
    Bad("waypoint-below-ground", mutate(S, "[0, -500, 300]", "[0, -500, -10]"),
        line_of(S, "waypoints_m"), "red.waves[1].waypoints_m[1][2]", "below the ground"),
    Bad("missing-plugin-file", mutate(S, "controller: apn", "controller: agents/nope.py:Guidance"),
        line_of(S, "controller: apn"), "blue.interceptors[1].controller", "plug-in file 'agents/nope.py' not found"),
    Bad("waypoint-outside-area", mutate(S, "[[1000, -1000], [0, -500, 300]]", "[[1000, -1000], [0, -5000, 300]]"),
        line_of(S, "waypoints_m"), "red.waves[1].waypoints_m[1][1]", "y = -5000 m lies outside the area (y from -4000 to 4000 m)",
        col=col_of(S, "-500, 300", "waypoints_m")),
    Bad("waypoint-above-ceiling", mutate(S, "[0, -500, 300]", "[0, -500, 3300]"),
        line_of(S, "waypoints_m"), "red.waves[1].waypoints_m[1][2]", "above the area ceiling"),
    Bad("spawn-outside-area", mutate(S, "{center_m: [4000, 1000], radius_m: 300}", "{center_m: [4900, 1000], radius_m: 300}"),
        line_of(S, "radius_m: 300"), "red.waves[0].spawn.center_m", "x = 5200 m (with its 300 m extent)"),
    Bad("random-waypoint-outside", mutate(S, "[[1000, -1000],", "[[{uniform: [4000, 6000]}, -1000],"),
        line_of(S, "waypoints_m"), "red.waves[1].waypoints_m[0][0]", "x = 6000 m lies outside"),
    Bad("launch-site-outside-area", mutate(S, "position_m: [-900, 200]", "position_m: [-9000, 200]"),
        line_of(S, "[-900, 200]"), "blue.launch_sites[0].position_m[0]", "outside the area"),
    Bad("sensor-outside-area", mutate(S, "position_m: [-800, 0]", "position_m: [-800, 4500]"),
        line_of(S, "[-800, 0]"), "sensors.radars[0].position_m[1]", "outside the area"),
    Bad("unknown-target", mutate(S, "      behaviour: direct\n      target: depot", "      behaviour: direct\n      target: port"),
        line_of(S, "target: depot"), "red.waves[0].target", "no protected asset named 'port'"),
    Bad("duplicate-wave-name", mutate(S, "name: wave-b", "name: wave-a"),
        line_of(S, "name: wave-b"), "red.waves[1].name", "duplicate wave name 'wave-a' (also at red.waves[0].name)"),
    Bad("wave-after-end", mutate(S, "{normal: [30, 5]}", "{uniform: [100, 700]}"),
        line_of(S, "start_s"), "red.waves[0].start_s", "can start at 700 s, not before the scenario ends (600 s"),
    Bad("prototype-bad-override", mutate(S, "{value: 310, range: [280, 320]", "{value: 350, range: [280, 320]"),
        line_of(S, "value: 310"), "prototypes.test-proto.override.top_speed_kmh", "outside its range"),
    Bad("prototype-unknown-field", mutate(S, "      top_speed_kmh:", "      top_speed:"),
        line_of(S, "top_speed_kmh: {value: 310"), "prototypes.test-proto.override.top_speed", "unknown key"),
    Bad("prototype-unknown-base", mutate(S, "base: interceptor-quad", "base: sting"),
        line_of(S, "base: interceptor-quad"), "prototypes.test-proto.base", "unknown base airframe 'sting'"),
    Bad("spawn-two-shapes", mutate(S, "radius_m: 300}", "radius_m: 300, size_m: [10, 10]}"),
        line_of(S, "radius_m: 300"), "red.waves[0].spawn", "exactly one"),
    Bad("m-greater-than-n", mutate(S, "detection: {range_m: 9000}", "detection: {range_m: 9000}\n      confirm: {m: 5, n: 3}"),
        line_of(S, "detection: {range_m") + 1, "sensors.radars[0].confirm", "m <= n"),
    Bad("unknown-band", mutate(S, "[gnss, 2.4GHz]", "[gnss, 2.5GHz]"),
        line_of(S, "bands:"), "ew.jammers[0].bands[1]", "must be one of"),
]


def assert_one_line(err: str, path: Path, line: int, field: str, fragment: str, col: int | None) -> None:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), f"expected exactly one line, got {err!r}"
    where = f"{path}:{line}:" + (f"{col}: " if col is not None else "")
    assert lines[0].startswith(where), f"{lines[0]!r} should start with {where!r}"
    rest = lines[0][len(f"{path}:"):]
    _line, _col, tail = rest.split(":", 2)
    assert _col.isdigit(), lines[0]
    if field:
        assert tail.startswith(f" {field}: "), f"{lines[0]!r} should name field {field!r}"
    assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_scenario(case: Bad, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "test-scenario.yaml"
    path.write_text(case.text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert_one_line(err, path, case.line, case.field, case.fragment, case.col)


def test_valid_text_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The cases above are only meaningful if the unmutated text passes.
    path = tmp_path / "test-scenario.yaml"
    path.write_text(S, encoding="utf-8")
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "absent.yaml"
    assert main(["validate", str(path)]) == 2
    assert_one_line(capsys.readouterr().err, path, 1, "", "file not found", 1)


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "folder.yaml"
    path.mkdir()
    assert main(["validate", str(path)]) == 2
    assert_one_line(capsys.readouterr().err, path, 1, "", "is a directory", 1)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(S, encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the OS refuse instead
        def refuse(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))
        monkeypatch.setattr(Path, "read_bytes", refuse)
    try:
        assert main(["validate", str(path)]) == 2
    finally:
        path.chmod(0o644)
    assert_one_line(capsys.readouterr().err, path, 1, "", "permission denied", 1)


def test_unknown_library_name(capsys: pytest.CaptureFixture[str]) -> None:
    from sim.config.errors import ConfigError
    from sim.config.scenario_loading import load_scenario

    with pytest.raises(ConfigError) as info:
        load_scenario("port-night-shahed-wav")
    assert "unknown scenario 'port-night-shahed-wav' (did you mean 'port-night-shahed-wave'?)" in str(info.value)
