"""`slab version`: package version and git commit, for trial logs and bug reports."""

from __future__ import annotations

import argparse
import subprocess
from importlib import metadata
from pathlib import Path

import sim

DISTRIBUTION = "soldiers-lab"


def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return sim.__version__


def _git(package_dir: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=package_dir, capture_output=True,
                              text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_commit() -> str:
    """Short commit of the checkout the code runs from, or "unknown".

    The package file must be tracked: an install inside some other repo's
    ignored folder (e.g. .venv) must not report that repo's commit.
    """
    package_dir = Path(sim.__file__).resolve().parent
    if _git(package_dir, "ls-files", "--error-unmatch", "__init__.py") is None:
        return "unknown"
    return _git(package_dir, "rev-parse", "--short", "HEAD") or "unknown"


def version_line() -> str:
    return f"soldiers-lab {package_version()} (commit {git_commit()})"


def run(args: argparse.Namespace) -> int:
    print(version_line())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("version", help="print version and git commit")
    parser.set_defaults(func=run)
