"""ConfigError prints exactly one editor-friendly line."""

from __future__ import annotations

import pickle

from sim.config.errors import ConfigError, UnknownNameError


def test_format_with_field() -> None:
    err = ConfigError("a/b.yaml", 7, 18, "mass_kg.value", "must be > 0")
    assert str(err) == "a/b.yaml:7:18: mass_kg.value: must be > 0"
    assert (err.file, err.line, err.col, err.field, err.message) == ("a/b.yaml", 7, 18, "mass_kg.value", "must be > 0")


def test_format_without_field() -> None:
    assert str(ConfigError("x.yaml", 1, 1, "", "file is empty")) == "x.yaml:1:1: file is empty"


def test_newlines_collapsed_everywhere() -> None:
    err = ConfigError("weird\nname.yaml", 2, 3, "a.\nb", "first line\n  second\r\nthird")
    assert "\n" not in str(err) and "\r" not in str(err)
    assert err.message == "first line second third"
    assert str(err) == "weird name.yaml:2:3: a. b: first line second third"


def test_positions_are_at_least_one() -> None:
    err = ConfigError("x.yaml", 0, -4, "", "m")
    assert (err.line, err.col) == (1, 1)


def test_survives_pickling() -> None:
    for err in (ConfigError("x.yaml", 3, 4, "f", "m"), UnknownNameError("quad", "unknown airframe 'quad'")):
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err) and str(copy) == str(err)


def test_unknown_name_is_a_config_error_with_bare_message() -> None:
    err = UnknownNameError("quadd", "unknown airframe 'quadd'; known: quad")
    assert isinstance(err, ConfigError)
    assert str(err) == "unknown airframe 'quadd'; known: quad"
