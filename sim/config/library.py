"""Built-in config files shipped as package data, found by short name.

`airframes/` and `scenarios/` are Python packages holding `*.yaml`
package data, so `importlib.resources` finds them in a checkout, an editable
install and an installed wheel alike. Users may always give a path instead.
"""

from __future__ import annotations

import atexit
import contextlib
import difflib
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from sim.config.errors import UnknownNameError

if TYPE_CHECKING:
    from sim.config.airframe import Quadrotor, FixedWing

SUFFIX = ".yaml"

# Files inside a zipped install are extracted on demand and kept until exit.
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def looks_like_path(name_or_path: str | os.PathLike[str]) -> bool:
    """A Path object, anything with a directory separator, or a .yaml/.yml name is a path."""
    if not isinstance(name_or_path, str):
        return True
    separators = {os.sep, "/"} | ({os.altsep} if os.altsep else set())
    return any(sep in name_or_path for sep in separators) or name_or_path.endswith((".yaml", ".yml"))


class LibraryFolder:
    """A package of `NAME.yaml` files, e.g. `LibraryFolder("airframes", "airframe")`."""

    def __init__(self, package: str, label: str, root: Path | None = None) -> None:
        self.package = package
        self.label = label
        self._root = root  # override for tests or a user's own folder

    def _folder(self) -> Traversable:
        return self._root if self._root is not None else resources.files(self.package)

    def names(self) -> list[str]:
        """Short names of every `*.yaml` file in the folder, sorted."""
        return sorted(entry.name[: -len(SUFFIX)] for entry in self._folder().iterdir()
                      if entry.name.endswith(SUFFIX) and entry.is_file())

    def path(self, name: str) -> Path:
        """Filesystem path of the built-in file `name`; UnknownNameError if there is none."""
        known = self.names()
        if name not in known:
            raise UnknownNameError(name, self._unknown_message(name, known))
        entry = self._folder() / f"{name}{SUFFIX}"
        if isinstance(entry, Path):
            return entry
        return _extracted.enter_context(resources.as_file(entry))

    def resolve(self, name_or_path: str | os.PathLike[str]) -> Path:
        """A short name resolves inside the folder; a path is returned as given."""
        if looks_like_path(name_or_path):
            return Path(name_or_path)
        return self.path(str(name_or_path))

    def _unknown_message(self, name: str, known: list[str]) -> str:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        listing = ", ".join(known) if known else f"none installed in package '{self.package}'"
        return (f"unknown {self.label} '{name}'{hint}; known: {listing}; "
                f"or give a path to a {SUFFIX} file")


AIRFRAMES = LibraryFolder("airframes", "airframe")
SCENARIOS = LibraryFolder("scenarios", "scenario")


def airframe_names() -> list[str]:
    return AIRFRAMES.names()


def airframe_path(name: str) -> Path:
    return AIRFRAMES.path(name)


def resolve_airframe(name_or_path: str | os.PathLike[str]) -> Path:
    """Short built-in name or a path -> the file to load."""
    return AIRFRAMES.resolve(name_or_path)


def load_builtin_airframe(name: str) -> Quadrotor | FixedWing:
    # Imported here: loading.py imports this module to resolve names.
    from sim.config.loading import load_airframe_file

    return load_airframe_file(airframe_path(name))
