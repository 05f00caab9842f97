"""load_yaml_with_positions: typed data, positions, and the YAML traps it refuses."""

from __future__ import annotations

import pytest

from airframe_texts import VALID_QUAD, line_of
from sim.config.errors import ConfigError
from sim.config.yaml_positions import dotted, load_yaml_with_positions


def test_scalars_are_typed(write) -> None:
    data, _ = load_yaml_with_positions(write("a: 1\nb: 1.5\nc: true\nd: ~\ne: '2'\nf: text\n"))
    assert data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "2", "f": "text"}
    assert [type(v) for v in data.values()] == [int, float, bool, type(None), str, str]


def test_keys_stay_text(write) -> None:
    # YAML 1.1 would make `on` True and `1` an int; config keys are names.
    data, _ = load_yaml_with_positions(write("on: 1\n1: 2\nno: 3\n"))
    assert data == {"on": 1, "1": 2, "no": 3}


def test_positions_of_keys_and_values(write) -> None:
    _, pos = load_yaml_with_positions(write(VALID_QUAD))
    mass_line = line_of(VALID_QUAD, "mass_kg")
    assert pos.key_position(("mass_kg",)) == (mass_line, 1)
    assert pos.value_position(("mass_kg", "value")) == (mass_line, len("mass_kg: {value: ") + 1)
    assert pos.value_position(("gains", "rate_p", 2)) == (line_of(VALID_QUAD, "rate_p"), len("  rate_p: [20, 20, ") + 1)
    assert pos.key_position(("motors",)) == (line_of(VALID_QUAD, "motors:"), 1)


def test_nearest_walks_up_to_existing_prefix(write) -> None:
    _, pos = load_yaml_with_positions(write(VALID_QUAD))
    assert pos.nearest(("body", "no_such", "deeper")) == ("body",)
    assert pos.value_position(("body", "no_such")) == pos.value_position(("body",))
    assert pos.nearest(("nothing",)) == ()
    assert pos.value_position(()) == (1, 1)
    assert ("body", "arm_length_m") in pos and ("body", "nope") not in pos


def test_anchors_aliases_and_merge_keys(write) -> None:
    text = "base: &b {x: 1, y: 2}\nlist: &l [1, 2]\nderived:\n  <<: *b\n  y: 3\ncopy: *l\n"
    data, pos = load_yaml_with_positions(write(text))
    assert data["derived"] == {"x": 1, "y": 3}
    assert data["copy"] == [1, 2]
    assert pos.value_position(("derived", "y")) == (5, 6)
    assert pos.value_position(("derived", "x")) == (1, 14)  # where the merged value is written


def test_recursive_alias_rejected(write) -> None:
    with pytest.raises(ConfigError, match="recursive"):
        load_yaml_with_positions(write("a: &x [1, *x]\n"))


def test_alias_bomb_rejected(write) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    with pytest.raises(ConfigError, match="expanding aliases"):
        load_yaml_with_positions(write("\n".join(lines) + "\n"))


def test_absurd_nesting_is_config_error(write) -> None:
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_yaml_with_positions(write("a: " + "[" * 5000 + "]" * 5000 + "\n"))


def test_duplicate_key_inside_list_item(write) -> None:
    with pytest.raises(ConfigError) as info:
        load_yaml_with_positions(write("items:\n  - a: 1\n    a: 2\n"))
    assert (info.value.line, info.value.col, info.value.field) == (3, 5, "items[0].a")


def test_bad_explicit_tag_is_config_error(write) -> None:
    with pytest.raises(ConfigError) as info:
        load_yaml_with_positions(write("a: 1\nb: !!int abc\n"))
    assert (info.value.line, info.value.field) == (2, "b")


def test_non_text_key_rejected(write) -> None:
    with pytest.raises(ConfigError, match="key must be plain text"):
        load_yaml_with_positions(write("? [a, b]\n: 1\n"))


def test_tab_inside_block_scalar_is_text_not_indentation(write) -> None:
    data, _ = load_yaml_with_positions(write("d: |\n  line\n  \tindented\n"))
    assert data["d"] == "line\n\tindented\n"


def test_byte_order_mark_is_ignored(write) -> None:
    data, pos = load_yaml_with_positions(write(data=b"\xef\xbb\xbfa: 1\n"))
    assert data == {"a": 1} and pos.value_position(("a",)) == (1, 4)


def test_dotted() -> None:
    assert dotted(("motors", "thrust_to_weight", "value")) == "motors.thrust_to_weight.value"
    assert dotted(("gains", "rate_p", 1)) == "gains.rate_p[1]"
    assert dotted(()) == ""
