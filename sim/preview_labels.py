"""Map labels for `slab preview` that do not sit on each other, and the detail box.

Scenarios crowd many names into a small defended core (five assets within a
kilometre on a 22 km map), so fixed label offsets overlap. Labels are placed
greedily instead: each tries a ring of offsets round its anchor and takes the
first whose text box is inside the axes and clear of every label and marker
placed so far (or, failing that, the least crowded one). Also here: the
number formats and the detail box the preview's layout needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

from sim.config.scenario import Scenario


def euros(value: float) -> str:
    """A value in euros as a trainer reads it: €250M, €2bn, €500k."""
    for scale, unit in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"€{value / scale:.3g}{unit}"
    return f"€{value:.0f}"


def distance(metres: float) -> str:
    """3 significant figures in m or km; thousands separated past 100 km (jammer radii get huge)."""
    if metres >= 100_000:
        return f"{metres / 1000:,.0f} km"
    return f"{metres / 1000:.3g} km" if metres >= 1000 else f"{metres:.3g} m"


def scale_length_m(width_m: float) -> float:
    """A round 1, 2 or 5 x 10^k metres near a fifth of the map width."""
    target = width_m / 5
    power = 10 ** math.floor(math.log10(target))
    return max(m * power for m in (1, 2, 5) if m * power <= target)


# Candidate (dx, dy) offsets in points: near ones first, then rings further out.
_OFFSETS = [(dx * r, dy * r) for r in (1, 2.5, 5, 8) for dx, dy in
            ((7, 5), (7, -5), (-7, 5), (-7, -5), (0, 9), (0, -9), (10, 0), (-10, 0))]
_MARKER_PX = 7  # half size of the clear zone round each anchor (the markers)


def _align(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 0 else "right" if dx < 0 else "center"
    va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
    return ha, va


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


@dataclass
class _Label:
    xy: tuple[float, float]
    text: str
    colour: str


class Labels:
    """Collect labels while drawing; `place()` once the axes' limits and aspect are final."""

    def __init__(self, ax: Axes, hide_inside: Bbox | None = None) -> None:
        self.ax = ax
        self.hide_inside = hide_inside  # data box whose labels live in the detail inset instead
        self.items: list[_Label] = []

    def add(self, xy: list[float] | tuple[float, float], text: str, colour: str) -> None:
        point = (float(xy[0]), float(xy[1]))
        if self.hide_inside is None or not self.hide_inside.contains(*point):
            self.items.append(_Label(point, text, colour))

    def place(self) -> None:
        ax = self.ax
        ax.apply_aspect()  # equal aspect moves the axes box at draw time; settle it before measuring
        renderer = ax.figure.canvas.get_renderer()
        frame = ax.get_window_extent(renderer)
        x0, x1 = sorted(ax.get_xlim())
        y0, y1 = sorted(ax.get_ylim())
        visible = [i for i in self.items if x0 <= i.xy[0] <= x1 and y0 <= i.xy[1] <= y1]
        markers, taken = [], []
        for item in visible:
            px, py = ax.transData.transform(item.xy)
            markers.append(Bbox.from_extents(px - _MARKER_PX, py - _MARKER_PX, px + _MARKER_PX, py + _MARKER_PX))
        for item in visible:
            best, best_cost = None, float("inf")
            for dx, dy in _OFFSETS:
                ha, va = _align(dx, dy)
                # A label pushed away from its marker gets a leader line, so it cannot name the wrong thing.
                leader = dict(arrowstyle="-", color=item.colour, lw=0.6, shrinkA=0, shrinkB=3) \
                    if math.hypot(dx, dy) > 15 else None
                text = ax.annotate(item.text, item.xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                   fontsize=8, color=item.colour, zorder=9, annotation_clip=True, arrowprops=leader,
                                   bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
                box = text.get_window_extent(renderer).padded(4)
                outside = box.width * box.height - _overlap(box, frame)
                # Hiding a marker is worse than touching a label: the map stops showing where things are.
                cost = (sum(_overlap(box, other) for other in taken) + 3 * outside
                        + 10 * sum(_overlap(box, marker) for marker in markers))
                if cost < best_cost:
                    if best is not None:
                        best[0].remove()
                    best, best_cost = (text, box), cost
                else:
                    text.remove()
                if cost == 0:
                    break
            if best is not None:
                taken.append(best[1])


def detail_box(s: Scenario) -> Bbox | None:
    """A square round the protected assets when they are too close together to read on the whole map."""
    corners = []
    for a in s.area.assets:
        reach = 0.5 * (a.size_m[0] ** 2 + a.size_m[1] ** 2) ** 0.5  # any yaw stays inside this
        x, y = a.position_m
        corners += [(x - reach, y - reach), (x + reach, y + reach)]
    if not corners:
        return None
    xs, ys = zip(*corners)
    side = max(max(xs) - min(xs), max(ys) - min(ys))
    side = max(2.5 * side, 0.05 * min(s.area.size_m))  # room for labels and nearby sites round a tiny asset
    if side > 0.2 * min(s.area.size_m):
        return None  # the assets already spread over the map
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return Bbox.from_extents(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2)
