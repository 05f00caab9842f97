"""`slab airframes`: the built-in airframes, their key figures and where they come from."""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from sim.config.airframe import Figure, FixedWing, Quadrotor
from sim.config.library import airframe_names, load_builtin_airframe

_HEAD_WIDTH = 28
_SOURCE_LABELS = {"mass_kg": "mass", "top_speed_kmh": "speed", "unit_cost_usd": "cost"}


def _figure(prefix: str, figure: Figure | None) -> dict[str, Any]:
    return {prefix: figure.value if figure else None,
            f"{prefix}_range": list(figure.range) if figure and figure.range else None}


def summary(airframe: Quadrotor | FixedWing) -> dict[str, Any]:
    """The figures a trainer compares airframes by, with ranges and full sources."""
    thrust = airframe.motors.thrust_to_weight if isinstance(airframe, Quadrotor) else None
    figures = {"mass_kg": airframe.mass_kg, "thrust_to_weight": thrust,
               "top_speed_kmh": airframe.top_speed_kmh, "unit_cost_usd": airframe.unit_cost_usd}
    row: dict[str, Any] = {"name": airframe.name, "kind": airframe.kind,
                           "display_name": airframe.display_name, "role": airframe.role}
    for key, figure in figures.items():
        row.update(_figure(key, figure))
    row["sources"] = {key: figure.source for key, figure in figures.items() if figure is not None}
    return row


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    if value == int(value) or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _head(source: str) -> str:
    """The leading clause of a source ("public reporting 2025 (Wild Hornets...": the part before ( : ;)."""
    head = re.split(r"[(:;]", source, maxsplit=1)[0].strip() or source
    return _short(head, _HEAD_WIDTH)


def short_source(row: dict[str, Any]) -> str:
    """Mass, top-speed and cost sources by their leading clause, shared ones merged.

    e.g. "estimate" when all agree, else "mass: estimate; speed+cost: public reporting 2025".
    """
    by_head: dict[str, list[str]] = {}
    for key, label in _SOURCE_LABELS.items():
        by_head.setdefault(_head(row["sources"][key]), []).append(label)
    if len(by_head) == 1:
        return next(iter(by_head))
    return "; ".join(f"{'+'.join(labels)}: {head}" for head, labels in by_head.items())


def table(rows: list[dict[str, Any]]) -> str:
    header = ["name", "kind", "mass kg", "T/W", "top km/h", "cost USD", "source"]
    body = [[r["name"], r["kind"], _number(r["mass_kg"]), _number(r["thrust_to_weight"]),
             _number(r["top_speed_kmh"]), _number(r["unit_cost_usd"]), short_source(r)] for r in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    numeric = {2, 3, 4, 5}

    def fmt(line: list[str]) -> str:
        cells = [cell.rjust(w) if i in numeric else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(line, widths))]
        return "  ".join(cells).rstrip()

    return "\n".join(fmt(line) for line in [header, *body])


def run(args: argparse.Namespace) -> int:
    rows = [summary(load_builtin_airframe(name)) for name in airframe_names()]
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("airframes", help="list built-in airframes and their key figures")
    parser.add_argument("--json", action="store_true", help="machine-readable output with ranges and sources")
    parser.set_defaults(func=run)
