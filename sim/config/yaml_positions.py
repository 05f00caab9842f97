"""Load a YAML file into plain data plus the source position of every node.

Pydantic reports errors by path (`loc`); trainers fix files by line number.
We compose the node tree ourselves (instead of yaml.safe_load) so that every
key and value keeps its line/column, and so duplicate keys can be rejected:
PyYAML would silently let the last one win. Every bad input becomes a
ConfigError with a position; none escapes as a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sim.config.errors import ConfigError

PathKey = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based (line, col)

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Aliases expand into copies; cap the total so an alias bomb fails fast.
_MAX_NODES = 200_000


class PositionMap:
    """Where each path of the loaded data was written in the file."""

    def __init__(self) -> None:
        self._values: dict[PathKey, Position] = {}
        self._keys: dict[PathKey, Position] = {}

    def set_value(self, path: PathKey, pos: Position) -> None:
        self._values[path] = pos

    def set_key(self, path: PathKey, pos: Position) -> None:
        self._keys[path] = pos

    def __contains__(self, loc: Iterable[str | int]) -> bool:
        return tuple(loc) in self._values

    def nearest(self, loc: Iterable[str | int]) -> PathKey:
        """The deepest prefix of `loc` that exists in the file (at least the root)."""
        path = tuple(loc)
        while path and path not in self._values:
            path = path[:-1]
        return path

    def value_position(self, loc: Iterable[str | int]) -> Position:
        """Position of the value at `loc`, or of its deepest existing ancestor."""
        return self._values.get(self.nearest(loc), (1, 1))

    def key_position(self, loc: Iterable[str | int]) -> Position:
        """Position of the key that names `loc` (the `name:` text), else of its value.

        Used for unknown keys (point at the key) and missing fields (point at
        the key that opens the parent mapping, e.g. `motors:`).
        """
        path = tuple(loc)
        if path in self._keys:
            return self._keys[path]
        return self.value_position(path)


def dotted(path: Iterable[str | int]) -> str:
    """`('motors', 'thrust_to_weight', 'value')` -> `motors.thrust_to_weight.value`; indices as `[i]`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _pos(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _line_col(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _read_text(path: Path, file: str) -> str:
    def fail(message: str) -> ConfigError:
        return ConfigError(file, 1, 1, "", message)

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found") from None
    except IsADirectoryError:
        raise fail("is a directory, expected a YAML file") from None
    except PermissionError:
        raise fail("cannot read file: permission denied") from None
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Column counts characters, so decode the valid part of the bad line.
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[line_start:exc.start].decode("utf-8")) + 1
        raise ConfigError(file, line, col, "",
                          f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8") from None
    return text.removeprefix("\ufeff")  # a BOM from Windows editors is harmless


def _first_indent_tab(text: str) -> Position | None:
    for number, line in enumerate(text.split("\n"), start=1):
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        if "\t" in indent and body.strip():
            return number, indent.index("\t") + 1
    return None


def _yaml_error(file: str, text: str, exc: yaml.MarkedYAMLError) -> ConfigError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    # Tabs in indentation only break parsing at or after their own line; a tab
    # inside a block scalar is legal text, so we only blame tabs when parsing fails.
    tab = _first_indent_tab(text)
    if tab and tab[0] <= line:
        return ConfigError(file, tab[0], tab[1], "",
                           "tab character used for indentation; YAML allows spaces only")
    if "'\\t'" in (exc.problem or ""):
        return ConfigError(file, line, col, "", "tab character here; YAML allows spaces only")
    message = "invalid YAML: " + (f"{exc.context}, " if exc.context else "") + (exc.problem or "")
    ctx = exc.context_mark
    # Parser contexts ("while parsing a flow sequence") mark where the open construct began.
    if (ctx is not None and exc.problem_mark is not None and ctx.line != exc.problem_mark.line
            and (exc.context or "").startswith("while")):
        message += f" (started on line {ctx.line + 1})"
    return ConfigError(file, line, col, "", message)


class _Builder:
    """Turns a composed node tree into dicts/lists/scalars, recording positions."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.positions = PositionMap()
        self._constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self._active: set[int] = set()  # node ids on the current path: catches recursive aliases
        self._count = 0

    def error(self, node: Node, message: str, field: str = "") -> ConfigError:
        line, col = _pos(node)
        return ConfigError(self.file, line, col, field, message)

    def build(self, node: Node, path: PathKey) -> Any:
        self._count += 1
        if self._count > _MAX_NODES:
            raise self.error(node, f"more than {_MAX_NODES} values after expanding aliases")
        self.positions.set_value(path, _pos(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if id(node) in self._active:
            raise self.error(node, "alias refers to the structure that contains it (recursive)")
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                if node.tag != _SEQ_TAG:
                    raise self.error(node, f"unsupported tag {node.tag!r} on a list")
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            raise self.error(node, f"cannot read value: {exc.problem}", dotted(path)) from None
        except (ValueError, TypeError, AttributeError, OverflowError):
            # PyYAML's int/float/timestamp constructors raise plain errors on
            # explicitly tagged junk such as `!!int abc`.
            raise self.error(node, f"cannot read {node.value!r} as {node.tag}", dotted(path)) from None

    def _key(self, node: Node) -> str:
        # Keys stay as written: YAML 1.1 would turn `on:`/`no:` into booleans.
        if not isinstance(node, ScalarNode):
            raise self.error(node, "a key must be plain text, not a list or mapping")
        return node.value

    def _pairs(self, node: MappingNode) -> tuple[list[tuple[Node, Node]], list[tuple[Node, Node]]]:
        """(explicit, merged) key/value node pairs; `<<: *anchor` merges are flattened."""
        if node.tag != _MAP_TAG:
            raise self.error(node, f"unsupported tag {node.tag!r} on a mapping")
        explicit: list[tuple[Node, Node]] = []
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE_TAG:
                explicit.append((key_node, value_node))
                continue
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, MappingNode):
                    raise self.error(source, "'<<' merge needs a mapping or a list of mappings")
                if id(source) in self._active:
                    raise self.error(source, "merge refers to the mapping that contains it (recursive)")
                self._active.add(id(source))
                try:
                    inner_explicit, inner_merged = self._pairs(source)
                finally:
                    self._active.discard(id(source))
                merged.extend(inner_explicit + inner_merged)
        return explicit, merged

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        explicit, merged = self._pairs(node)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in explicit:
            key = self._key(key_node)
            if key in first_line:
                raise self.error(key_node, f"duplicate key '{key}' (first set on line {first_line[key]})",
                                 field=dotted(path + (key,)))
            first_line[key] = _pos(key_node)[0]
            self.positions.set_key(path + (key,), _pos(key_node))
            result[key] = self.build(value_node, path + (key,))
        # Explicit keys override merged ones; among merges the first wins (YAML spec).
        for key_node, value_node in merged:
            key = self._key(key_node)
            if key not in result:
                self.positions.set_key(path + (key,), _pos(key_node))
                result[key] = self.build(value_node, path + (key,))
        return result


def load_yaml_with_positions(path: str | Path) -> tuple[dict[str, Any], PositionMap]:
    """Read a YAML file whose top level is a mapping; return (data, positions).

    Raises ConfigError (never anything else) for any unreadable or bad file.
    """
    file = str(path)
    text = _read_text(Path(path), file)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(file, text, exc) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        raise ConfigError(file, line, col, "",
                          f"control character {exc.character:#04x} is not allowed in YAML") from None
    except yaml.YAMLError as exc:
        raise ConfigError(file, 1, 1, "", f"invalid YAML: {exc}") from None
    except RecursionError:  # PyYAML composes recursively
        raise ConfigError(file, 1, 1, "", "YAML nested too deeply") from None
    if root is None:
        raise ConfigError(file, 1, 1, "", "file is empty (no YAML content, only blank lines or comments)")
    if not isinstance(root, MappingNode):
        got = "a list" if isinstance(root, SequenceNode) else f"a single value {root.value!r}"
        line, col = _pos(root)
        raise ConfigError(file, line, col, "", f"top level must be a mapping of 'key: value' lines, got {got}")
    builder = _Builder(file)
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise ConfigError(file, 1, 1, "", "YAML nested too deeply") from None
    return data, builder.positions
