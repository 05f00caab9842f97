"""The debrief questionnaire as a list of items moved through with menu moves: pure state, no drawing.

Items, in order: the six NASA-TLX sliders (0-100 in steps of 5, Shift for
steps of 1; a slider starts unanswered and its first move puts it at 50), the
Cooper-Harper handling rating (1-10, with the decision-tree wording), the
optional System Usability Scale (ten statements, 1 strongly disagree .. 5
strongly agree; Delete clears one), a free-text comment, and Submit.
Up / Down move, Left / Right change, Enter goes to the next item (submits on
Submit), Esc skips the whole questionnaire. Submitting needs the six TLX
ratings and the Cooper-Harper rating, and either all ten SUS items or none;
otherwise the first missing item is selected with a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from sim.cockpit.app_controls import Nav
from trials.feedback import TLX_SCALES


class ItemKind(str, Enum):
    SLIDER = "slider"  # NASA-TLX, 0-100
    RATING = "rating"  # Cooper-Harper, 1-10
    SUS = "sus"  # 1-5, optional
    TEXT = "text"
    SUBMIT = "submit"


class Outcome(str, Enum):
    OPEN = "open"
    SUBMITTED = "submitted"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Item:
    key: str
    kind: ItemKind
    label: str
    low: str = ""  # what the low end means
    high: str = ""


TLX_ITEMS = (
    Item("mental_demand", ItemKind.SLIDER, "Mental demand: how mentally demanding was the flight?", "very low",
         "very high"),
    Item("physical_demand", ItemKind.SLIDER, "Physical demand: how physically demanding was it?", "very low",
         "very high"),
    Item("temporal_demand", ItemKind.SLIDER, "Temporal demand: how hurried or rushed was the pace?", "very low",
         "very high"),
    Item("performance", ItemKind.SLIDER, "Performance: how successful were you at what you were asked to do?",
         "perfect", "failure"),
    Item("effort", ItemKind.SLIDER, "Effort: how hard did you have to work for your level of performance?",
         "very low", "very high"),
    Item("frustration", ItemKind.SLIDER, "Frustration: how insecure, discouraged, irritated, stressed were you?",
         "very low", "very high"),
)

# Cooper-Harper (NASA TN D-5153, 1969): the rating and the branch of the decision tree it sits on.
COOPER_HARPER = {
    1: "Excellent, highly desirable: pilot compensation not a factor",
    2: "Good, negligible deficiencies: pilot compensation not a factor",
    3: "Fair, some mildly unpleasant deficiencies: minimal pilot compensation",
    4: "Minor but annoying deficiencies: moderate compensation for desired performance",
    5: "Moderately objectionable deficiencies: considerable compensation for adequate performance",
    6: "Very objectionable but tolerable: extensive compensation for adequate performance",
    7: "Major deficiencies: adequate performance not attainable; controllable",
    8: "Major deficiencies: considerable compensation needed for control",
    9: "Major deficiencies: intense compensation needed to keep control",
    10: "Major deficiencies: control will be lost during part of the task",
}


def cooper_harper_branch(rating: int) -> str:
    if rating <= 3:
        return "satisfactory without improvement"
    if rating <= 6:
        return "deficiencies warrant improvement"
    if rating <= 9:
        return "deficiencies require improvement"
    return "improvement mandatory"


CH_ITEM = Item("cooper_harper", ItemKind.RATING, "Handling (Cooper-Harper): 1 excellent .. 10 uncontrollable",
               "excellent", "major deficiencies")
# System Usability Scale (Brooke 1996), "system" read as the drone; odd items positive, even negative.
SUS_STATEMENTS = (
    "I think that I would like to fly this drone frequently.",
    "I found the drone unnecessarily complex.",
    "I thought the drone was easy to fly.",
    "I think that I would need the support of a technical person to be able to fly this drone.",
    "I found the various functions of this drone were well integrated.",
    "I thought there was too much inconsistency in this drone.",
    "I would imagine that most soldiers would learn to fly this drone very quickly.",
    "I found the drone very cumbersome to fly.",
    "I felt very confident flying the drone.",
    "I needed to learn a lot of things before I could get going with this drone.",
)
SUS_ITEMS = tuple(Item(f"sus_{k + 1}", ItemKind.SUS, f"Usability {k + 1} (optional): {text}", "strongly disagree",
                       "strongly agree")
                  for k, text in enumerate(SUS_STATEMENTS))
ITEMS = (*TLX_ITEMS, CH_ITEM, *SUS_ITEMS, Item("comment", ItemKind.TEXT, "Comment for the drone's makers (optional)"),
         Item("submit", ItemKind.SUBMIT, "Submit"))
BOUNDS = {ItemKind.SLIDER: (0, 100), ItemKind.RATING: (1, 10), ItemKind.SUS: (1, 5)}
START = {ItemKind.SLIDER: 50, ItemKind.RATING: 5, ItemKind.SUS: 3}  # where the first move puts an item
COMMENT_MAX = 2000


class Questionnaire:
    def __init__(self) -> None:
        self.items = ITEMS
        self.index = 0
        self.values: dict[str, int | None] = {item.key: None for item in ITEMS if item.kind in BOUNDS}
        self.comment = ""
        self.message = ""
        self.outcome = Outcome.OPEN

    @property
    def item(self) -> Item:
        return self.items[self.index]

    def _change(self, steps: int, fine: bool) -> None:
        item = self.item
        if item.kind not in BOUNDS:
            return
        low, high = BOUNDS[item.kind]
        value = self.values[item.key]
        if value is None:
            value = START[item.kind]  # the first move answers: from the middle
        else:
            step = 5 if item.kind is ItemKind.SLIDER and not fine else 1
            value = value + steps * step
        self.values[item.key] = min(high, max(low, value))

    def apply(self, move: Nav, text: str = "") -> Outcome:
        """One menu move (and text typed this frame, for the comment); returns the outcome so far."""
        if self.outcome is not Outcome.OPEN:
            return self.outcome
        self.message = ""
        if move in (Nav.SKIP, Nav.CLOSE):
            self.outcome = Outcome.SKIPPED
        elif move in (Nav.UP, Nav.BACK):
            self.index = max(0, self.index - 1)
        elif move is Nav.DOWN:
            self.index = min(len(self.items) - 1, self.index + 1)
        elif move in (Nav.LEFT, Nav.RIGHT, Nav.FINE_LEFT, Nav.FINE_RIGHT):
            self._change(-1 if move in (Nav.LEFT, Nav.FINE_LEFT) else 1, move in (Nav.FINE_LEFT, Nav.FINE_RIGHT))
        elif move is Nav.DELETE:
            if self.item.kind is ItemKind.TEXT:
                self.comment = self.comment[:-1]
            elif self.item.kind is ItemKind.SUS:
                self.values[self.item.key] = None
        elif move is Nav.SUBMIT or (move is Nav.CONFIRM and self.item.kind is ItemKind.SUBMIT):
            self._submit()
        elif move is Nav.CONFIRM:
            self.index = min(len(self.items) - 1, self.index + 1)
        return self.outcome

    def type_text(self, text: str) -> None:
        """Typed characters go to the comment while it is selected."""
        if text and self.item.kind is ItemKind.TEXT:
            printable = "".join(ch for ch in text if ch.isprintable())
            self.comment = (self.comment + printable)[:COMMENT_MAX]

    def _missing(self) -> tuple[int, str] | None:
        for k, item in enumerate(self.items):
            if item.kind in (ItemKind.SLIDER, ItemKind.RATING) and self.values[item.key] is None:
                return k, "please rate every workload scale and the handling before submitting"
        sus = [self.values[item.key] for item in SUS_ITEMS]
        if any(v is not None for v in sus) and any(v is None for v in sus):
            first = next(k for k, item in enumerate(self.items) if item.kind is ItemKind.SUS
                         and self.values[item.key] is None)
            return first, "answer all ten usability statements, or clear them (Delete) to leave them out"
        return None

    def _submit(self) -> None:
        missing = self._missing()
        if missing is None:
            self.outcome = Outcome.SUBMITTED
        else:
            self.index, self.message = missing

    def answers(self) -> dict[str, Any]:
        """The answers as trials.feedback.Feedback fields (tlx, cooper_harper, sus, comment)."""
        sus = [self.values[item.key] for item in SUS_ITEMS]
        return {"tlx": {key: float(self.values[key]) for key in TLX_SCALES},
                "cooper_harper": self.values[CH_ITEM.key],
                "sus": sus if all(v is not None for v in sus) else None,
                "comment": self.comment.strip()}
