"""`slab version`, `slab airframes`, and CLI plumbing."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from airframe_texts import VALID_QUAD, VALID_WING, mutate
from sim.cli import COMMANDS, main
from sim.commands import version
from sim.config import library
from sim.config.library import LibraryFolder, airframe_names

FIELDS = {"name", "kind", "mass_kg", "mass_kg_range", "thrust_to_weight", "thrust_to_weight_range",
          "top_speed_kmh", "top_speed_kmh_range", "unit_cost_usd", "unit_cost_usd_range", "sources"}


def test_version_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"soldiers-lab \d+\.\d+\.\d+\S* \(commit ([0-9a-f]{4,}|unknown)\)\n", out), out


def test_commit_unknown_outside_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sim").mkdir()
    monkeypatch.setattr(version.sim, "__file__", str(tmp_path / "sim" / "__init__.py"))
    assert version.git_commit() == "unknown"


def test_commit_unknown_without_git(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")
    monkeypatch.setattr(subprocess, "run", no_git)
    assert version.git_commit() == "unknown"


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "validate" in capsys.readouterr().err


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fly-to-the-moon"]) == 2


def test_every_command_module_registers() -> None:
    assert all(callable(getattr(module, "register", None)) for module in COMMANDS)


def test_airframes_json_lists_every_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["airframes", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == airframe_names() and rows
    for row in rows:
        assert FIELDS <= row.keys(), f"{row['name']} lacks {FIELDS - row.keys()}"
        assert row["mass_kg"] > 0 and len(row["mass_kg_range"]) == 2
        assert set(row["sources"]) >= {"mass_kg", "top_speed_kmh", "unit_cost_usd"}
        assert (row["thrust_to_weight"] is None) == (row["kind"] == "fixed_wing")


@pytest.fixture
def two_airframes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "test-quad.yaml").write_text(VALID_QUAD)
    wing = mutate(VALID_WING, 'range: [180, 220], source: "test"}',
                  'range: [180, 220], source: "a long public report (2024); details"}')
    (tmp_path / "test-wing.yaml").write_text(wing)
    monkeypatch.setattr(library, "AIRFRAMES", LibraryFolder("airframes", "airframe", root=tmp_path))
    return tmp_path


def test_airframes_table(two_airframes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["airframes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "kind", "mass", "kg", "T/W", "top", "km/h", "cost", "USD", "source"]
    assert lines[1].split() == ["test-quad", "quadrotor", "1.5", "8", "300", "4,000", "test"]
    assert lines[2].split()[:7] == ["test-wing", "fixed_wing", "200", "-", "185", "35,000", "mass:"]
    assert "test" in lines[2] and "a long public report" in lines[2] and "details" not in lines[2]
    # columns line up: every row's T/W ends where the header's does
    end = lines[0].index("T/W") + 3
    assert all(line[end - 1] != " " for line in lines)


def test_airframes_bad_builtin_is_one_line_error(two_airframes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (two_airframes / "test-quad.yaml").write_text(VALID_QUAD.replace("1.5", "-1.5", 1))
    assert main(["airframes"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "mass_kg.value: must be > 0" in err
