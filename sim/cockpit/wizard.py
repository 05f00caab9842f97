"""The calibration wizard as a state machine fed with axis values, button presses and actions.

No pygame here: `sim.cockpit.calibrate_app` turns pygame events into calls
and draws the prompt and the live bars; tests drive it directly or through
injected events. Steps:

1. CENTRE      sticks centred (throttle mid-travel) -> raw centre of every axis
2. EXTREMES    both sticks round their full travel -> raw min / max of every axis
3. LEFT_UP, LEFT_RIGHT, RIGHT_UP, RIGHT_RIGHT
               push one stick one way; the axis that moves most (beyond 70 % of
               its half travel) is that stick direction, its sign the inversion.
               The sticks must come back to centre before the next detection.
4. ARM         press the arm button, or flip the arm switch of a radio (Next keeps the default)
5. MODE        Mode 1 or Mode 2 -> channel mapping over the detected sticks
6. INVERSION   live preview of the four channels; flip any that move the wrong way
7. DEADBAND    adjust the deadband of roll, pitch and yaw (throttle has none)
8. DONE        `result()` is the DeviceCalibration to save
"""

from __future__ import annotations

from enum import Enum
from typing import Sequence

from sim.cockpit.calibration import (DEFAULT_DEADBAND, MODE_PRESETS, ArmSwitch, Channel, DeviceCalibration,
                                     DeviceKind, StickAxis, StickMode, calibration_from_layout)
from sim.cockpit.sticks import Sticks, StickShaper

DETECT_FRACTION = 0.7  # of half travel: a deliberate push
CENTRED_FRACTION = 0.25  # all sticks back within this before the next detection
MIN_TRAVEL = 0.6  # raw units min..max for an axis to count as a stick axis
ARM_AXIS_JUMP = 0.5  # raw change of a non-stick axis that counts as flipping a switch
DEADBAND_STEP, DEADBAND_MAX = 0.01, 0.3


class WizardStep(str, Enum):
    CENTRE = "centre"
    EXTREMES = "extremes"
    LEFT_UP = "left_up"
    LEFT_RIGHT = "left_right"
    RIGHT_UP = "right_up"
    RIGHT_RIGHT = "right_right"
    ARM = "arm"
    MODE = "mode"
    INVERSION = "inversion"
    DEADBAND = "deadband"
    DONE = "done"
    CANCELLED = "cancelled"


class WizardAction(str, Enum):
    NEXT = "next"
    RESTART = "restart"
    CANCEL = "cancel"
    MODE_1 = "mode_1"
    MODE_2 = "mode_2"
    INVERT_ROLL = "invert_roll"
    INVERT_PITCH = "invert_pitch"
    INVERT_YAW = "invert_yaw"
    INVERT_THROTTLE = "invert_throttle"
    DEADBAND_UP = "deadband_up"
    DEADBAND_DOWN = "deadband_down"


_DETECT = {WizardStep.LEFT_UP: StickAxis.LEFT_Y, WizardStep.LEFT_RIGHT: StickAxis.LEFT_X,
           WizardStep.RIGHT_UP: StickAxis.RIGHT_Y, WizardStep.RIGHT_RIGHT: StickAxis.RIGHT_X}
_INVERT = {WizardAction.INVERT_ROLL: Channel.ROLL, WizardAction.INVERT_PITCH: Channel.PITCH,
           WizardAction.INVERT_YAW: Channel.YAW, WizardAction.INVERT_THROTTLE: Channel.THROTTLE}
_ORDER = list(WizardStep)[: list(WizardStep).index(WizardStep.DONE) + 1]

PROMPTS = {
    WizardStep.CENTRE: "Centre both sticks (throttle at mid travel too), then press Enter.",
    WizardStep.EXTREMES: "Move both sticks round their full travel, every corner, then press Enter.",
    WizardStep.LEFT_UP: "Push the LEFT stick fully UP, then let it back to centre.",
    WizardStep.LEFT_RIGHT: "Push the LEFT stick fully RIGHT, then let it back to centre.",
    WizardStep.RIGHT_UP: "Push the RIGHT stick fully UP, then let it back to centre.",
    WizardStep.RIGHT_RIGHT: "Push the RIGHT stick fully RIGHT, then let it back to centre.",
    WizardStep.ARM: "Press the button or flip the switch you will ARM with (Enter keeps the default).",
    WizardStep.MODE: "Press 1 for Mode 1 (throttle right) or 2 for Mode 2 (throttle left, the FPV norm).",
    WizardStep.INVERSION: "Bars must go right for roll right, pitch forward, yaw right, throttle up. "
                          "R/P/Y/T flips a channel; Enter when all are right.",
    WizardStep.DEADBAND: "Let go of the sticks: the bars must rest at 0. Up/Down changes the deadband; Enter saves.",
    WizardStep.DONE: "Calibration saved.",
    WizardStep.CANCELLED: "Cancelled; nothing saved.",
}


class CalibrationWizard:
    def __init__(self, guid: str, name: str, kind: DeviceKind, axes: Sequence[float],
                 mode: StickMode = StickMode.MODE_2) -> None:
        self.guid, self.name, self.kind = guid, name, kind
        self.axes = [float(v) for v in axes]
        self.mode = mode
        self.restart()

    def restart(self) -> None:
        self.step = WizardStep.CENTRE
        self.message = ""
        self.centres: list[float] = []
        self.mins: list[float] = []
        self.maxs: list[float] = []
        self.layout: dict[StickAxis, tuple[int, bool]] = {}
        self.arm: ArmSwitch | None = None
        self.flipped: set[Channel] = set()
        self.deadband = DEFAULT_DEADBAND[self.kind]
        self._wait_for_centre = False

    @property
    def prompt(self) -> str:
        return PROMPTS[self.step]

    def _advance(self) -> None:
        self.step = _ORDER[_ORDER.index(self.step) + 1]
        self.message = ""

    # --- inputs ---------------------------------------------------------
    def axis(self, index: int, value: float) -> None:
        """An axis moved (JOYAXISMOTION)."""
        if index >= len(self.axes):
            self.axes.extend([0.0] * (index + 1 - len(self.axes)))
        self.axes[index] = float(value)
        if self.step is WizardStep.EXTREMES and index < len(self.mins):
            self.mins[index] = min(self.mins[index], value)
            self.maxs[index] = max(self.maxs[index], value)
        elif self.step in _DETECT:
            self._detect()
        elif self._is_arm_switch(index, value):
            self.arm = ArmSwitch(axis=index, threshold=round((value + self.centres[index]) / 2, 3),
                                 above=value > self.centres[index])
            self._advance()

    def _is_arm_switch(self, index: int, value: float) -> bool:
        # Radios only: a gamepad trigger would disarm when released.
        return (self.step is WizardStep.ARM and self.kind is DeviceKind.RC_RADIO and index < len(self.centres)
                and index not in self._stick_axes() and abs(value - self.centres[index]) > ARM_AXIS_JUMP)

    def button(self, index: int) -> None:
        """A button was pressed (JOYBUTTONDOWN)."""
        if self.step is WizardStep.ARM:
            self.arm = ArmSwitch(button=index)
            self._advance()

    def action(self, action: WizardAction) -> None:
        """A key (or the app's buttons): next, restart, cancel, mode, invert, deadband."""
        if action is WizardAction.CANCEL:
            self.step = WizardStep.CANCELLED
        elif action is WizardAction.RESTART:
            self.restart()
        elif action is WizardAction.NEXT:
            self._next()
        elif self.step is WizardStep.MODE and action in (WizardAction.MODE_1, WizardAction.MODE_2):
            self.mode = StickMode.MODE_1 if action is WizardAction.MODE_1 else StickMode.MODE_2
            self._advance()
        elif self.step is WizardStep.INVERSION and action in _INVERT:
            self.flipped ^= {_INVERT[action]}
        elif self.step is WizardStep.DEADBAND and action is WizardAction.DEADBAND_UP:
            self.deadband = round(min(DEADBAND_MAX, self.deadband + DEADBAND_STEP), 3)
        elif self.step is WizardStep.DEADBAND and action is WizardAction.DEADBAND_DOWN:
            self.deadband = round(max(0.0, self.deadband - DEADBAND_STEP), 3)

    def _next(self) -> None:
        if self.step is WizardStep.CENTRE:
            self.centres, self.mins, self.maxs = list(self.axes), list(self.axes), list(self.axes)
        elif self.step is WizardStep.EXTREMES:
            moved = [i for i in range(len(self.mins)) if self.maxs[i] - self.mins[i] >= MIN_TRAVEL]
            if len(moved) < 4:
                self.message = f"only {len(moved)} axes moved fully; move both sticks to every corner"
                return
        elif self.step in _DETECT:
            self.message = "push the stick fully, the wizard moves on by itself"
            return
        elif self.step not in (WizardStep.ARM, WizardStep.MODE, WizardStep.INVERSION, WizardStep.DEADBAND):
            return
        self._advance()

    # --- detection ------------------------------------------------------
    def _stick_axes(self) -> set[int]:
        return {axis for axis, _ in self.layout.values()}

    def _deviation(self, index: int) -> float:
        half_travel = (self.maxs[index] - self.mins[index]) / 2
        return (self.axes[index] - self.centres[index]) / half_travel if half_travel > 0 else 0.0

    def _detect(self) -> None:
        candidates = [i for i in range(len(self.mins))
                      if self.maxs[i] - self.mins[i] >= MIN_TRAVEL and i not in self._stick_axes()]
        if self._wait_for_centre:
            if all(abs(self._deviation(i)) < CENTRED_FRACTION for i in candidates):
                self._wait_for_centre = False
            return
        if not candidates:
            return
        best = max(candidates, key=lambda i: abs(self._deviation(i)))
        deviation = self._deviation(best)
        if abs(deviation) >= DETECT_FRACTION:
            self.layout[_DETECT[self.step]] = (best, deviation < 0.0)  # up/right reads negative: invert
            self._wait_for_centre = True
            self._advance()

    # --- result ---------------------------------------------------------
    def _ends(self, index: int, throttle: bool) -> tuple[float, float, float]:
        low, high, centre = self.mins[index], self.maxs[index], self.centres[index]
        margin = 0.1 * (high - low)
        # A radio's throttle does not spring back: its "centre" is only roughly set, use mid travel.
        if (throttle and self.kind is DeviceKind.RC_RADIO) or not (low + margin <= centre <= high - margin):
            centre = (low + high) / 2
        return round(low, 4), round(centre, 4), round(high, 4)

    def draft(self) -> DeviceCalibration | None:
        """The calibration as it stands (from the MODE step on), else None."""
        if len(self.layout) < 4:
            return None
        throttle_stick = MODE_PRESETS[self.mode][Channel.THROTTLE]
        throttle_axis = self.layout[throttle_stick][0]
        ends = {axis: self._ends(axis, axis == throttle_axis) for axis, _ in self.layout.values()}
        default_arm = ArmSwitch(axis=4) if self.kind is DeviceKind.RC_RADIO else ArmSwitch(button=0)
        calibration = calibration_from_layout(self.guid, self.name, self.kind, self.mode, self.layout, ends,
                                              self.deadband, self.arm or default_arm)
        flips = {c.value: calibration.channel(c).model_copy(update={"inverted": not calibration.channel(c).inverted})
                 for c in self.flipped}
        return calibration.model_copy(update=flips)

    def preview(self) -> Sticks | None:
        """The four shaped channels from the current axis values (for the live bars)."""
        draft = self.draft()
        return StickShaper(draft).shape(self.axes) if draft is not None else None

    def result(self) -> DeviceCalibration:
        if self.step is not WizardStep.DONE:
            raise RuntimeError(f"the wizard is at step '{self.step.value}', not done")
        draft = self.draft()
        assert draft is not None  # DONE is reached only through the detection steps
        return draft
