"""`slab validate` on every kind of bad input: one line on stderr, exit 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from airframe_texts import VALID_QUAD, VALID_WING, line_of, mutate
from sim.cli import main

Q = VALID_QUAD
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Bad:
    id: str
    text: str = ""
    line: int = 1
    field: str = ""
    fragment: str = ""
    col: int | None = None
    data: bytes | None = None
    name: str = "test-quad"


BAD = [
    Bad("malformed-yaml", mutate(Q, "  arm_length_m: 0.15", "  arm_length_m: 0.15: 3"),
        line_of(Q, "arm_length_m"), fragment="invalid YAML"),
    Bad("unclosed-bracket", mutate(Q, "[1000, 1000, 600]", "[1000, 1000, 600"),
        line_of(Q, "max_climb_mps"), fragment="started on line"),
    Bad("tab-indent", mutate(Q, "  arm_length_m: 0.15", "\tarm_length_m: 0.15"),
        line_of(Q, "arm_length_m"), col=1, fragment="tab character used for indentation"),
    Bad("tab-after-colon", mutate(Q, "max_climb_mps: 30", "max_climb_mps:\t30"),
        line_of(Q, "max_climb_mps"), fragment="tab character"),
    Bad("empty-file", "", fragment="empty"),
    Bad("only-comments", "# nothing here\n\n   # still nothing\n", fragment="empty"),
    Bad("top-level-list", "- name: test-quad\n- kind: quadrotor\n", fragment="top level must be a mapping"),
    Bad("top-level-scalar", "\n\njust some text\n", line=3, fragment="top level must be a mapping"),
    Bad("not-utf8", data=mutate(Q, "A test quad.", "A test qu\xe9d.").encode("latin-1"),
        line=line_of(Q, "A test quad."), col=len("description: A test qu") + 1, fragment="not UTF-8"),
    Bad("control-char", mutate(Q, "A test quad.", "A test\x07quad."),
        line_of(Q, "A test quad."), col=len("description: A test") + 1, fragment="control character"),
    Bad("unknown-key-top", mutate(Q, "role: interceptor\n", "role: interceptor\ncolour: red\n"),
        line_of(Q, "role:") + 1, "colour", "unknown key", col=1),
    Bad("unknown-key-nested", mutate(Q, "drag_area_m2:", "drag_area:"),
        line_of(Q, "drag_area_m2"), "body.drag_area", "unknown key (did you mean 'drag_area_m2'?)", col=3),
    Bad("unknown-key-in-figure", mutate(Q, 'range: [4, 10], source: "test"}', 'range: [4, 10], source: "test", unit: x}'),
        line_of(Q, "thrust_to_weight"), "motors.thrust_to_weight.unit", "unknown key"),
    Bad("bool-like-key", mutate(Q, "role: interceptor\n", "role: interceptor\non: true\n"),
        line_of(Q, "role:") + 1, "on", "unknown key"),
    Bad("wrong-type", mutate(Q, "{value: 1.5,", '{value: "1.5",'),
        line_of(Q, "mass_kg"), "mass_kg.value", "expected a number, got str", col=len("mass_kg: {value: ") + 1),
    Bad("exponent-without-dot", mutate(Q, "max_speed_rad_s: 3500", "max_speed_rad_s: 35e2"),
        line_of(Q, "max_speed_rad_s"), "motors.max_speed_rad_s", "1.0e+3"),
    Bad("number-for-text", mutate(Q, 'version: "1"', "version: 1"),
        line_of(Q, "version"), "version", 'put it in quotes: "1"'),
    Bad("negative-mass", mutate(Q, "{value: 1.5,", "{value: -1.5,"),
        line_of(Q, "mass_kg"), "mass_kg.value", "must be > 0, got -1.5"),
    Bad("infinite-number", mutate(Q, "max_speed_rad_s: 3500", "max_speed_rad_s: .inf"),
        line_of(Q, "max_speed_rad_s"), "motors.max_speed_rad_s", "must be a finite number, got inf"),
    Bad("negative-list-item", mutate(Q, "rate_p: [20, 20, 10]", "rate_p: [20, -20, 10]"),
        line_of(Q, "rate_p"), "gains.rate_p[1]", "must be >= 0", col=len("  rate_p: [20, ") + 1),
    Bad("short-vector", mutate(Q, "[0.01, 0.01, 0.018]", "[0.01, 0.01]"),
        line_of(Q, "inertia_kg_m2"), "body.inertia_kg_m2", "at least 3 items"),
    Bad("value-outside-range", mutate(Q, "{value: 8, range: [4, 10]", "{value: 12, range: [4, 10]"),
        line_of(Q, "thrust_to_weight"), "motors.thrust_to_weight", "outside its range"),
    Bad("bad-literal", mutate(Q, "role: interceptor", "role: bomber"),
        line_of(Q, "role:"), "role", "must be one of"),
    Bad("missing-field-nested", mutate(Q, "  time_constant_s: 0.02\n", ""),
        line_of(Q, "motors:"), "motors", "missing field 'time_constant_s'", col=1),
    Bad("missing-field-top", mutate(Q, "role: interceptor\n", ""), 1, "", "missing field 'role'"),
    Bad("missing-section", mutate(Q, "limits:", "limitz:"), line_of(Q, "limits:"), "limitz", "unknown key"),
    Bad("duplicate-key", mutate(Q, "  arm_length_m: 0.15\n", "  arm_length_m: 0.15\n  arm_length_m: 0.2\n"),
        line_of(Q, "arm_length_m") + 1, "body.arm_length_m", "duplicate key 'arm_length_m'", col=3),
    Bad("duplicate-top-key", Q + "name: other\n", len(Q.splitlines()) + 1, "name", "first set on line 1"),
    Bad("name-not-file-stem", mutate(Q, "name: test-quad", "name: test-quad-v2"), 1, "name",
        "must equal the file name 'test-quad'"),
    Bad("unknown-kind", mutate(Q, "kind: quadrotor", "kind: helicopter"),
        line_of(Q, "kind:"), "kind", "cannot tell what this file is"),
    Bad("no-kind", mutate(Q, "kind: quadrotor\n", ""), 1, "", "expected an airframe"),
    Bad("unknown-tag", mutate(Q, "max_tilt_deg: 80", "max_tilt_deg: !deg 80"),
        line_of(Q, "max_tilt_deg"), "limits.max_tilt_deg", "cannot read value"),
    Bad("two-documents", Q + "---\nname: x\n", len(Q.splitlines()) + 1, "", "single document"),
    Bad("wing-speeds-unordered", mutate(VALID_WING, "{value: 160, range: [150, 185]", "{value: 200, range: [150, 250]"),
        1, "", "stall < cruise <= top", name="test-wing"),
]


def _write_bad(case: Bad, tmp_path: Path) -> Path:
    path = tmp_path / f"{case.name}.yaml"
    path.write_bytes(case.data if case.data is not None else case.text.encode("utf-8"))
    return path


def assert_one_line_error(err: str, path: Path, line: int, field: str, fragment: str, col: int | None = None) -> None:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), f"expected exactly one line, got {err!r}"
    where = f"{path}:{line}:" if col is None else f"{path}:{line}:{col}: "
    assert lines[0].startswith(where), f"{lines[0]!r} should start with {where!r}"
    if field:
        assert f": {field}: " in lines[0]
    else:  # no field: position is followed directly by the message
        assert lines[0].count(": ") >= 1 and lines[0].split(": ", 1)[1][0] not in " "
    assert fragment in lines[0]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_file_gives_one_line_and_exit_2(case: Bad, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_bad(case, tmp_path)
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert_one_line_error(err, path, case.line, case.field, case.fragment, case.col)


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nope.yaml"
    assert main(["validate", str(path)]) == 2
    assert_one_line_error(capsys.readouterr().err, path, 1, "", "file not found")


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "folder.yaml"
    path.mkdir()
    assert main(["validate", str(path)]) == 2
    assert_one_line_error(capsys.readouterr().err, path, 1, "", "is a directory")


def test_unreadable_file(write, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = write()
    path.chmod(0)
    if os.access(path, os.R_OK):  # root ignores permissions: simulate the OS refusing
        def refuse(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))
        monkeypatch.setattr(Path, "read_bytes", refuse)
    try:
        assert main(["validate", str(path)]) == 2
    finally:
        path.chmod(0o644)
    assert_one_line_error(capsys.readouterr().err, path, 1, "", "permission denied")


def test_good_files_exit_0(write, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quad = write()
    wing = write(VALID_WING, name="test-wing")
    assert main(["validate", str(quad), str(wing)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [f"ok  {quad} (airframe quadrotor 'test-quad')",
                                f"ok  {wing} (airframe fixed_wing 'test-wing')"]


def test_all_files_checked_after_a_bad_one(write, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "missing.yaml"
    good = write()
    assert main(["validate", str(bad), str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"ok  {good} (airframe quadrotor 'test-quad')"]
    assert len(err.splitlines()) == 2


def _slab(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def test_subprocess_bad_file(tmp_path: Path) -> None:
    case = next(c for c in BAD if c.id == "unknown-key-nested")
    path = _write_bad(case, tmp_path)
    done = _slab("validate", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_line_error(done.stderr, path, case.line, case.field, case.fragment, case.col)


def test_subprocess_mixed_files(write, tmp_path: Path) -> None:
    good = write()
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    done = _slab("validate", str(broken), str(good), str(tmp_path / "absent.yaml"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stdout.splitlines() == [f"ok  {good} (airframe quadrotor 'test-quad')"]
    errors = done.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"{broken}:2:") and errors[1].startswith(f"{tmp_path / 'absent.yaml'}:1:1: ")


def test_subprocess_good_file(write) -> None:
    done = _slab("validate", str(write()))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
