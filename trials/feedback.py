"""The soldier's debrief questionnaire, stored as feedback.json in the trial record.

What goes back to the company that built the prototype (DOMAIN.md section 8):
NASA-TLX workload (six 0-100 subscales; raw TLX = their mean), the
Cooper-Harper handling rating (1 best .. 10 worst), an optional System
Usability Scale (ten 1-5 items, score 0-100), a free-text comment, keyed to
the callsign and the airframe's name, version and content hash.

The questionnaire is optional: a record is complete without it. So
`write_feedback` never raises and never touches the other files; it writes
atomically (a reader sees no feedback or all of it) and reports failure by
returning None.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from trials.atomic import atomic_write_json
from trials.schema import FEEDBACK_FILE, META_FILE

log = logging.getLogger(__name__)

Rating100 = Annotated[float, Field(ge=0, le=100)]
SusItem = Annotated[int, Field(ge=1, le=5)]
TLX_SCALES = ("mental_demand", "physical_demand", "temporal_demand", "performance", "effort", "frustration")


def raw_tlx(ratings: list[float] | tuple[float, ...]) -> float:
    """Raw (unweighted) NASA-TLX: the mean of the six subscale ratings, 0-100."""
    if len(ratings) != 6:
        raise ValueError(f"NASA-TLX has 6 subscales, got {len(ratings)} ratings")
    return sum(float(r) for r in ratings) / 6.0


def sus_score(items: list[int] | tuple[int, ...]) -> float:
    """System Usability Scale, 0-100: 2.5 * (sum of odd items - 1, plus sum of 5 - even items).

    Items are numbered from 1: odd items are the positive statements, even ones the negative."""
    if len(items) != 10:
        raise ValueError(f"SUS has 10 items, got {len(items)}")
    odd = sum(int(x) - 1 for x in items[0::2])
    even = sum(5 - int(x) for x in items[1::2])
    return 2.5 * (odd + even)


class NasaTlx(BaseModel):
    """Six 0-100 ratings. `performance` runs from 0 (perfect) to 100 (failure), as on the NASA form."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    mental_demand: Rating100
    physical_demand: Rating100
    temporal_demand: Rating100
    performance: Rating100
    effort: Rating100
    frustration: Rating100

    @property
    def raw(self) -> float:
        return raw_tlx([getattr(self, name) for name in TLX_SCALES])


class Feedback(BaseModel):
    """One soldier's answers after one flight. With `skipped` every rating may be absent."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    callsign: Annotated[str, Field(min_length=1, max_length=64)]
    airframe: Annotated[str, Field(min_length=1)] = Field(description="airframe short name flown")
    airframe_version: str = Field(description="the airframe file's `version` field")
    airframe_sha256: str | None = Field(default=None, description="SHA-256 of the airframe as flown (canonical "
                                        "JSON of the resolved model: covers scenario prototype overrides)")
    trial_id: str | None = None
    skipped: bool = False
    tlx: NasaTlx | None = None
    raw_tlx: float | None = Field(default=None, description="mean of the six TLX ratings (filled in)")
    cooper_harper: Annotated[int, Field(ge=1, le=10)] | None = None
    sus: Annotated[list[SusItem], Field(min_length=10, max_length=10)] | None = None
    sus_score: float | None = Field(default=None, description="0-100 (filled in)")
    comment: Annotated[str, Field(max_length=10_000)] = ""
    submitted_utc: str = Field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))

    @model_validator(mode="after")
    def _scores(self) -> Feedback:
        if not self.skipped and (self.tlx is None or self.cooper_harper is None):
            raise ValueError("an answered questionnaire needs tlx and cooper_harper (or skipped: true)")
        for name, computed in (("raw_tlx", self.tlx.raw if self.tlx else None),
                               ("sus_score", sus_score(self.sus) if self.sus else None)):
            given = getattr(self, name)
            if given is not None and (computed is None or abs(given - computed) > 1e-6):
                raise ValueError(f"{name} {given} does not match the ratings (expected {computed})")
            setattr(self, name, computed)
        return self


def model_sha256(model: BaseModel) -> str:
    """SHA-256 of a pydantic model's canonical JSON (sorted keys): an airframe's identity as flown."""
    text = json.dumps(model.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_feedback(record_folder: Path | str, feedback: Feedback | dict[str, Any]) -> Path | None:
    """Store `feedback` as feedback.json in a trial record; the path, or None if it could not be written.

    Never raises: a bad answer, a missing folder or a full disk is logged and the
    record stays as it was (complete without feedback). The trial id is taken from
    meta.json when the feedback does not name it.
    """
    folder = Path(record_folder)
    try:
        answers = feedback if isinstance(feedback, Feedback) else Feedback.model_validate(feedback)
        if not (folder / META_FILE).is_file():
            raise FileNotFoundError(f"{folder} is not a trial record (no {META_FILE})")
        if answers.trial_id is None:
            meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
            answers = answers.model_copy(update={"trial_id": meta.get("trial_id")})
        target = folder / FEEDBACK_FILE
        atomic_write_json(target, answers.model_dump(mode="json"))
        return target
    except Exception as exc:  # noqa: BLE001 - optional data: no failure of it may reach the flight's caller
        log.warning("feedback not saved in %s: %s", folder, str(exc).splitlines()[0])
        return None


def read_feedback(record_folder: Path | str) -> Feedback | None:
    """The questionnaire of a record, validated; None when there is none."""
    path = Path(record_folder) / FEEDBACK_FILE
    if not path.is_file():
        return None
    return Feedback.model_validate_json(path.read_text(encoding="utf-8"))
