"""The cockpit app's pages around a flight: briefing, debrief summary, questionnaire.

The words are built by pure functions (`objectives`, `controls_help`,
`debrief_lines`), so tests read them without a window; `draw_*` lay them out.
"""

from __future__ import annotations

from typing import Any

import pygame

from sim.cockpit.app_text import ACCENT, BAD, DIM, GOOD, SELECTED_BG, TEXT, Page
from sim.cockpit.calibration import DeviceCalibration, DeviceKind
from sim.cockpit.questionnaire import BOUNDS, COOPER_HARPER, ItemKind, Questionnaire, cooper_harper_branch
from sim.config.scenario import Scenario
from trials.leaderboard import course_score

KEYBOARD_HELP = ("Keyboard (Mode 2): W/S throttle, A/D yaw, arrows pitch and roll, Space arm/disarm "
                 "(throttle fully down: hold S).")
APP_KEYS_HELP = "P pause, R restart, Esc end flight, C chase view, M map, 1-4 acro/angle/horizon/assisted."
PAD_APP_HELP = "Pad: Start pause, Back restart, Start+Back end flight, Y chase view, X map."


def _duration(seconds: float) -> str:
    m, s = divmod(round(seconds), 60)
    return f"{m}:{s:02d}"


def objectives(scenario: Scenario, side: str = "blue", duration_s: float | None = None) -> list[str]:
    """What the soldier is asked to do, from the scenario's course, threats, assets and end rules."""
    out: list[str] = []
    area, waves = scenario.area, scenario.red.waves
    if side == "red":
        targets = sorted({w.target for w in waves if w.target}) or [a.name for a in area.assets]
        out.append(f"Fly a red drone through the defence to {', '.join(targets) or 'the target'}.")
    elif area.gates:
        names = ", ".join(g.name or f"gate {k + 1}" for k, g in enumerate(area.gates))
        out.append(f"Fly the {len(area.gates)} gates in order ({names}); a crash voids the run.")
    if side != "red" and waves:
        threats = ", ".join(f"{w.count} x {w.airframe}" for w in waves)
        out.append(f"Stop the threats ({threats}) before they reach what you protect.")
    if side != "red" and area.assets:
        out.append(f"Protect: {', '.join(a.name for a in area.assets)}.")
    if not out:
        out.append("Take off, fly, land: no threats, no course.")
    out.append(f"The flight ends after {_duration(duration_s or scenario.meta.duration_s)}"
               + (" or when every threat is resolved." if waves else "."))
    return out


def controls_help(device_name: str | None, calibration: DeviceCalibration | None) -> list[str]:
    """The controls for the device in use (or the keyboard)."""
    if device_name is None or calibration is None:
        return [KEYBOARD_HELP, APP_KEYS_HELP]
    arm = calibration.arm
    arm_text = f"button {arm.button}" if arm.button is not None else f"the switch on channel {arm.axis + 1}"
    kind = "radio" if calibration.kind is DeviceKind.RC_RADIO else "gamepad"
    lines = [(f"{device_name} ({kind}, Mode {int(calibration.mode)}): arm with {arm_text}, throttle fully down. "
              "Space also arms.")]
    if calibration.kind is DeviceKind.GAMEPAD:
        lines.append(PAD_APP_HELP)
    return [*lines, APP_KEYS_HELP]


def draw_briefing(page: Page, surface: pygame.Surface, scenario: Scenario, flown: str, goals: list[str],
                  controls: list[str]) -> None:
    page.begin(surface).title(f"Briefing: {scenario.meta.name}")
    page.text(scenario.meta.description, max_lines=max(3, page.room // 3))
    page.gap()
    page.text("Objectives", ACCENT)
    for line in goals:
        page.text(f"- {line}", indent=page.margin // 2)
    page.gap()
    page.text(flown, DIM)
    page.gap()
    page.text("Controls", ACCENT)
    for line in controls:
        page.text(line, indent=page.margin // 2)
    page.footer("Press Enter or a pad button (A) to start. Esc leaves without flying.")


def _num(value: Any, unit: str = "", digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}{unit}"


def debrief_lines(summary: dict[str, Any], events: list[dict], entity_id: int, scenario: Scenario) -> list[str]:
    """Outcome and the trial's metrics, for the soldier."""
    entity = (summary.get("entities") or {}).get(str(entity_id), {})
    lines = [(f"Ended: {summary.get('end_reason')} at {_num(summary.get('sim_time_s'), ' s')}; "
              f"your drone: {entity.get('outcome', '-')}")]
    if scenario.area.gates:
        score = course_score(events, entity_id, len(scenario.area.gates))
        course = f", course time {score['course_time_s']:.2f} s" if score["completed"] else ""
        lines.append(f"Gates in order: {score['gates_in_order']} of {score['gates']}{course}"
                     + ("; crashed" if score["crashed"] else ""))
    if summary.get("threats_spawned"):
        rate = summary.get("intercept_rate")
        lines.append(f"Threats: {summary['threats_spawned']} spawned, {summary['threats_killed']} killed, "
                     f"{summary['threats_leaked']} leaked (intercept rate {_num(rate and 100 * rate, ' %', 0)})")
        miss = (summary.get("miss_distance_m") or {}).get("min")
        if miss is not None:
            lines.append(f"Closest miss distance: {miss:.2f} m")
        if summary.get("asset_damage_eur"):
            lines.append(f"Asset damage: EUR {summary['asset_damage_eur']:,.0f}")
    failsafes = sum(1 for e in events if e.get("kind") == "failsafe" and e.get("entity_id") == entity_id)
    if failsafes:
        lines.append(f"Failsafes: {failsafes}")
    return lines


def draw_debrief(page: Page, surface: pygame.Surface, lines: list[str], folder: str, saved: bool) -> None:
    page.begin(surface).title("Debrief")
    for line in lines:
        page.text(line)
    page.gap()
    page.text(f"Record saved: {folder}" if saved else "Flight not recorded", GOOD if saved else BAD)
    page.gap()
    page.text("A short questionnaire follows: how hard the flight was (NASA-TLX), how the drone handled "
              "(Cooper-Harper) and, optionally, how usable it is (SUS). Your answers go to the drone's makers.",
              DIM)
    page.footer("Enter (A): answer the questionnaire. Esc (Back): skip it.")


def _value_text(questionnaire: Questionnaire, k: int) -> str:
    item = questionnaire.items[k]
    if item.kind is ItemKind.TEXT:
        return questionnaire.comment or "-"
    if item.kind is ItemKind.SUBMIT:
        return ""
    value = questionnaire.values[item.key]
    if value is None:
        return "-"
    low, high = BOUNDS[item.kind]
    return f"{value} / {high}" if item.kind is not ItemKind.SUS else f"{value} ({low}-{high})"


def draw_questionnaire(page: Page, surface: pygame.Surface, q: Questionnaire) -> None:
    page.begin(surface).title("Questionnaire")
    line = page.body.get_linesize()
    rows = max(3, page.room - 5)
    first = min(max(0, q.index - rows // 2), max(0, len(q.items) - rows))
    value_x = page.size[0] * 2 // 3
    for k in range(first, min(len(q.items), first + rows)):
        item = q.items[k]
        if k == q.index:
            pygame.draw.rect(surface, SELECTED_BG, (page.margin // 2, page.y, page.size[0] - page.margin, line))
        label = page.wrap(item.label.split(":")[0], value_x - 2 * page.margin)[0]
        colour = ACCENT if item.kind is ItemKind.SUBMIT else TEXT
        surface.blit(page.body.render(label, True, colour), (page.margin, page.y))
        value = _value_text(q, k)
        if item.kind is ItemKind.TEXT and k == q.index:
            value = (q.comment[-40:] if q.comment else "") + "_"
        surface.blit(page.body.render(value, True, ACCENT if k == q.index else TEXT), (value_x, page.y))
        page.y += line
    page.gap()
    item = q.item
    page.text(item.label, DIM)
    if item.kind is ItemKind.RATING and q.values[item.key] is not None:
        rating = q.values[item.key]
        page.text(f"{rating}: {COOPER_HARPER[rating]} ({cooper_harper_branch(rating)})", TEXT)
    elif item.low:
        page.text(f"{BOUNDS[item.kind][0]} = {item.low}, {BOUNDS[item.kind][1]} = {item.high}", DIM)
    if q.message:
        page.text(q.message, BAD)
    page.footer("Up/Down choose, Left/Right set (Shift: fine), type the comment, Enter next / submit, Esc skip.")
