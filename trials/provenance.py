"""Trial ids and the provenance fields of meta.json."""

from __future__ import annotations

import re
import subprocess
from importlib.metadata import PackageNotFoundError, version
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def _utc(started_utc: datetime) -> datetime:
    if started_utc.tzinfo is None:
        # A naive time is ambiguous: refuse it rather than guess the machine's zone.
        raise ValueError("started_utc must be timezone-aware, e.g. datetime.now(timezone.utc)")
    return started_utc.astimezone(timezone.utc)


def utc_iso(started_utc: datetime) -> str:
    """ISO 8601 UTC with a Z, whole seconds: "2026-11-28T03:15:00Z"."""
    return _utc(started_utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_trial_id(scenario: str, seed: int, started_utc: datetime) -> str:
    """Folder name of a trial: "<scenario slug>-s<seed>-<UTC basic time>".

    e.g. "port-night-shahed-wave-s42-20261128T031500Z". Sorted listings group by
    scenario; two trials of one scenario and seed in the same second collide, and
    the recorder refuses the second (FileExistsError) rather than overwrite.
    """
    slug = re.sub(r"[^a-z0-9._]+", "-", scenario.lower()).strip("-.") or "trial"
    if int(seed) != seed:
        raise ValueError(f"seed must be a whole number, got {seed!r}")
    return f"{slug}-s{int(seed)}-{_utc(started_utc).strftime('%Y%m%dT%H%M%SZ')}"


def git_commit(folder: Path = _PACKAGE_ROOT) -> str | None:
    """Commit of the checkout holding the code (with "-dirty" if modified), None if not a checkout."""
    if not (folder / ".git").exists():
        return None  # e.g. an installed wheel: a repo around site-packages is not ours
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                              text=True, timeout=10, stdin=subprocess.DEVNULL)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=folder,
                               capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


@cache  # the code this process runs does not change under it; git costs ~10 ms a call
def _provenance() -> tuple[str, str | None]:
    try:
        installed = version("soldiers-lab")
    except PackageNotFoundError:  # run from a checkout that is not installed
        from sim import __version__ as installed
    return installed, git_commit()


def software_provenance() -> dict[str, str | None]:
    """The software_version and git_commit keys of meta.json."""
    installed, commit = _provenance()
    return {"software_version": installed, "git_commit": commit}
