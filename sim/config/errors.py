"""The one error type every bad config input turns into.

A trainer editing YAML should see one line an editor can jump to
(`FILE:LINE:COL: FIELD: MESSAGE`), never a traceback. Anything that reads a
config file raises ConfigError; the CLI catches it at top level.
"""

from __future__ import annotations

import re
from os import PathLike

_NEWLINES = re.compile(r"[\r\n]+")


def one_line(text: str) -> str:
    """Collapse all whitespace runs (newlines included) so output stays on one line."""
    return " ".join(str(text).split())


class ConfigError(Exception):
    """A bad config input, located at a 1-based line and column of a file."""

    def __init__(self, file: str | PathLike[str], line: int, col: int, field: str, message: str) -> None:
        # Paths may legally contain newlines; the one-line promise matters more.
        self.file = _NEWLINES.sub(" ", str(file))
        self.line = max(1, int(line))
        self.col = max(1, int(col))
        self.field = one_line(field)
        self.message = one_line(message)
        # args mirror __init__ so the error survives pickling (multiprocessing benches).
        super().__init__(self.file, self.line, self.col, self.field, self.message)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}: "
        return where + (f"{self.field}: " if self.field else "") + self.message


class UnknownNameError(ConfigError):
    """A short library name (e.g. an airframe) that matches no built-in file.

    There is no file to point at, so the line is the message alone.
    """

    def __init__(self, name: str, message: str) -> None:
        super().__init__(name, 1, 1, "", message)

    def __reduce__(self):  # args differ from __init__'s signature
        return (type(self), (self.file, self.message))

    def __str__(self) -> str:
        return self.message
