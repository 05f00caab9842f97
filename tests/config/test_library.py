"""Built-in airframes by short name, from any install layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from airframe_texts import VALID_QUAD
from sim.cli import main
from sim.config import library
from sim.config.errors import ConfigError, UnknownNameError
from sim.config.library import LibraryFolder, airframe_names, airframe_path, looks_like_path
from sim.config.loading import load_airframe


def test_every_builtin_airframe_validates(capsys: pytest.CaptureFixture[str]) -> None:
    names = airframe_names()
    assert names, "no airframes/*.yaml found through importlib.resources"
    paths = [str(airframe_path(name)) for name in names]
    assert main(["validate", *paths]) == 0, capsys.readouterr().err
    assert len(capsys.readouterr().out.splitlines()) == len(names)


def test_builtin_by_short_name() -> None:
    name = airframe_names()[0]
    assert load_airframe(name).name == name
    assert library.load_builtin_airframe(name).name == name


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "test-quad.yaml").write_text(VALID_QUAD)
    (tmp_path / "notes.txt").write_text("not an airframe")
    (tmp_path / "sub.yaml").mkdir()  # a directory is not a library entry
    monkeypatch.setattr(library, "AIRFRAMES", LibraryFolder("airframes", "airframe", root=tmp_path))
    return tmp_path


def test_names_only_yaml_files(folder: Path) -> None:
    assert airframe_names() == ["test-quad"]
    assert airframe_path("test-quad") == folder / "test-quad.yaml"


def test_unknown_name_lists_known_names(folder: Path) -> None:
    with pytest.raises(UnknownNameError) as info:
        airframe_path("test-quadd")
    message = str(info.value)
    assert "unknown airframe 'test-quadd'" in message and "did you mean 'test-quad'" in message
    assert "known: test-quad" in message and "\n" not in message


def test_resolve_name_or_path(folder: Path, tmp_path: Path) -> None:
    assert library.resolve_airframe("test-quad") == folder / "test-quad.yaml"
    assert library.resolve_airframe("some/dir/x.yaml") == Path("some/dir/x.yaml")
    assert library.resolve_airframe(Path("x")) == Path("x")
    with pytest.raises(ConfigError):
        library.resolve_airframe("no-such-airframe")


def test_looks_like_path() -> None:
    assert looks_like_path("a/b") and looks_like_path("x.yaml") and looks_like_path("x.yml")
    assert looks_like_path(Path("interceptor-quad"))
    assert not looks_like_path("interceptor-quad")


def test_real_package_folder_is_found() -> None:
    folder = LibraryFolder("airframes", "airframe")
    import airframes

    assert Path(airframes.__file__).parent.samefile(str(folder._folder()))
