"""Reader errors for folders that are not records, versioning, and trial ids."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.trials.helpers import meta
from trials import TrialRecord, TrialRecorder, TrialRecordError, new_trial_id
from trials.provenance import software_provenance


def _record(folder: Path) -> Path:
    TrialRecorder(folder, meta(), "x: 1\n").close("completed", {})
    return folder


def _set_meta(folder: Path, **changes: object) -> None:
    data = json.loads((folder / "meta.json").read_text())
    data.update(changes)
    (folder / "meta.json").write_text(json.dumps(data))


def test_folders_that_are_not_records(tmp_path: Path) -> None:
    with pytest.raises(TrialRecordError, match="no such folder"):
        TrialRecord.open(tmp_path / "missing")
    (tmp_path / "file").write_text("x")
    with pytest.raises(TrialRecordError, match="not a folder"):
        TrialRecord.open(tmp_path / "file")
    (tmp_path / "plain").mkdir()
    with pytest.raises(TrialRecordError, match="is not a trial record: it has no meta.json"):
        TrialRecord.open(tmp_path / "plain")
    (tmp_path / "plain" / "meta.json").write_text("{not json")
    with pytest.raises(TrialRecordError, match="unreadable JSON"):
        TrialRecord.open(tmp_path / "plain")
    (tmp_path / "plain" / "meta.json").write_text('{"name": "something else"}')
    with pytest.raises(TrialRecordError, match="no format_version"):
        TrialRecord.open(tmp_path / "plain")


def test_versioning_same_major_reads_other_major_refuses(tmp_path: Path) -> None:
    folder = _record(tmp_path / "t")
    _set_meta(folder, format_version="1.7", new_optional_key=True)
    assert TrialRecord.open(folder).meta["new_optional_key"] is True
    _set_meta(folder, format_version="2.0")
    with pytest.raises(TrialRecordError, match="format 2.0 cannot be read by this version"):
        TrialRecord.open(folder)
    _set_meta(folder, format_version="one")
    with pytest.raises(TrialRecordError, match="MAJOR.MINOR"):
        TrialRecord.open(folder)
    _set_meta(folder, format_version="1.0", status="finished")
    with pytest.raises(TrialRecordError, match="unknown status"):
        TrialRecord.open(folder)


def test_frames_column_subset(tmp_path: Path) -> None:
    assert TrialRecord.open(_record(tmp_path / "t")).frames(["t_s", "x_m"]).schema.names == ["t_s", "x_m"]


def test_new_trial_id() -> None:
    started = datetime(2026, 11, 28, 3, 15, tzinfo=timezone.utc)
    assert new_trial_id("port-night-shahed-wave", 42, started) == "port-night-shahed-wave-s42-20261128T031500Z"
    kyiv = started.astimezone(timezone(timedelta(hours=2)))
    assert new_trial_id("Port Night / Wave #2", 0, kyiv) == "port-night-wave-2-s0-20261128T031500Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        new_trial_id("x", 1, datetime(2026, 11, 28))


def test_software_provenance_names_the_version_and_commit() -> None:
    info = software_provenance()
    assert info["software_version"]
    commit = info["git_commit"]
    assert commit is None or len(commit.removesuffix("-dirty")) == 40
