"""Fixtures for the config tests."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from airframe_texts import VALID_QUAD

WriteFile = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """write(text, name="test-quad", data=None) -> path of tmp `NAME.yaml` (bytes if data given)."""

    def _write(text: str = VALID_QUAD, name: str = "test-quad", data: bytes | None = None) -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(data if data is not None else text.encode("utf-8"))
        return path

    return _write
