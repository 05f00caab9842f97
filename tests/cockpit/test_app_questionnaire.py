"""The debrief questionnaire's state: sliders, Cooper-Harper, optional SUS, comment, submit rules, skip."""

from __future__ import annotations

import pytest

from sim.cockpit.app_controls import Nav
from sim.cockpit.questionnaire import (
    COOPER_HARPER,
    ITEMS,
    SUS_ITEMS,
    TLX_ITEMS,
    ItemKind,
    Outcome,
    Questionnaire,
    cooper_harper_branch,
)
from trials.feedback import TLX_SCALES, Feedback


def go_to(q: Questionnaire, key: str) -> None:
    q.index = next(k for k, item in enumerate(q.items) if item.key == key)


def rate_all(q: Questionnaire, value_steps: int = 0) -> None:
    for item in (*TLX_ITEMS,):
        go_to(q, item.key)
        q.apply(Nav.RIGHT)
        for _ in range(value_steps):
            q.apply(Nav.RIGHT)
    go_to(q, "cooper_harper")
    q.apply(Nav.LEFT)


def test_items_in_order():
    assert tuple(item.key for item in TLX_ITEMS) == TLX_SCALES
    kinds = [item.kind for item in ITEMS]
    assert kinds == [ItemKind.SLIDER] * 6 + [ItemKind.RATING] + [ItemKind.SUS] * 10 + [ItemKind.TEXT, ItemKind.SUBMIT]
    assert sorted(COOPER_HARPER) == list(range(1, 11)) and all(COOPER_HARPER.values())
    assert [cooper_harper_branch(r) for r in (1, 4, 7, 10)] == [
        "satisfactory without improvement", "deficiencies warrant improvement", "deficiencies require improvement",
        "improvement mandatory"]


def test_sliders_start_unanswered_and_move_in_steps_within_bounds():
    q = Questionnaire()
    assert q.values["mental_demand"] is None
    q.apply(Nav.LEFT)
    assert q.values["mental_demand"] == 50  # the first move answers, from the middle
    q.apply(Nav.LEFT)
    q.apply(Nav.FINE_LEFT)
    assert q.values["mental_demand"] == 44
    for _ in range(30):
        q.apply(Nav.RIGHT)
    assert q.values["mental_demand"] == 100
    go_to(q, "cooper_harper")
    for _ in range(20):
        q.apply(Nav.RIGHT)
    assert q.values["cooper_harper"] == 10


def test_submit_needs_tlx_and_cooper_harper_and_all_or_no_sus():
    q = Questionnaire()
    go_to(q, "submit")
    assert q.apply(Nav.CONFIRM) is Outcome.OPEN and q.item.key == "mental_demand" and q.message
    rate_all(q)
    go_to(q, SUS_ITEMS[2].key)
    q.apply(Nav.RIGHT)  # one SUS answer of ten
    assert q.apply(Nav.SUBMIT) is Outcome.OPEN and q.item.key == SUS_ITEMS[0].key and "ten" in q.message
    go_to(q, SUS_ITEMS[2].key)
    q.apply(Nav.DELETE)  # cleared: SUS left out
    assert q.apply(Nav.SUBMIT) is Outcome.SUBMITTED
    answers = q.answers()
    assert answers["sus"] is None and answers["cooper_harper"] == 5
    assert answers["tlx"] == dict.fromkeys(TLX_SCALES, 50.0)
    feedback = Feedback(callsign="Hawk", airframe="interceptor-quad", airframe_version="1.0.0", **answers)
    assert feedback.raw_tlx == 50.0 and not feedback.skipped


def test_comment_typing_and_enter_moves_on():
    q = Questionnaire()
    q.type_text("not here")  # only while the comment is selected
    go_to(q, "comment")
    q.type_text("yaw\tdrift\x07 ")
    q.apply(Nav.DELETE)
    assert q.comment == "yawdrift"
    q.apply(Nav.CONFIRM)
    assert q.item.kind is ItemKind.SUBMIT
    q.apply(Nav.UP)
    assert q.item.key == "comment"


@pytest.mark.parametrize("move", [Nav.SKIP, Nav.CLOSE])
def test_skip(move):
    q = Questionnaire()
    assert q.apply(move) is Outcome.SKIPPED
    assert q.apply(Nav.DOWN) is Outcome.SKIPPED and q.index == 0
