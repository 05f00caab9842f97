"""`slab preview`: one PNG map of a resolved scenario, for a trainer's briefing.

Layout: title and briefing on top, the whole area on the left, and on the right
the legend, the notes (seed, weather, jammer radii) and, when the protected
assets crowd into a small core, a zoomed detail of it. Drawn with matplotlib's
Agg canvas, so no display is needed; the layers are in sim.preview_layers.
"""

from __future__ import annotations

import math
import os
import textwrap
from pathlib import Path

from matplotlib import patches
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

from sim.config.resolve import ResolvedScenario, resolve
from sim.config.scenario import Scenario
from sim.preview_labels import Labels, detail_box, distance, scale_length_m
from sim.preview_layers import JAMMER_LABEL, draw_all, jammer_radius_m
from sim.trial_setup import resolve_stream

FIG_SIZE_IN = (14.0, 9.0)
DPI = 100
PIXELS = (int(FIG_SIZE_IN[0] * DPI), int(FIG_SIZE_IN[1] * DPI))  # (width, height) of every preview
RIGHT_X = 0.70  # left edge of the right-hand column, figure fraction


def notes(s: Scenario, seed: int) -> str:
    """Seed, weather and the jammer radii, which often dwarf the map and so are written, not drawn."""
    w, link = s.weather, s.ew.control_link
    lines = [f"seed {seed}, duration {s.meta.duration_s:g} s",
             f"wind {w.wind_speed_mps:.1f} m/s from {w.wind_from_deg:.0f}°, {w.light}, "
             f"visibility {distance(w.visibility_m)}"]
    if s.ew.jammers:
        lines += [f"{JAMMER_LABEL} (control link {link.band},",
                  f"{link.rx_sensitivity_dbm:g} dBm; free space at the jammer's first band):"]
        diagonal = math.hypot(*s.area.size_m)
        for j in s.ew.jammers:
            radius = jammer_radius_m(j, link)
            lines.append(f"  {j.name}: {distance(radius)}" + (" (whole map)" if radius > diagonal else ""))
    return "\n".join(lines)


def briefing(description: str, limit: int = 300) -> str:
    """The briefing's first line, cut at a sentence end so the subtitle reads as whole sentences."""
    line = description.strip().splitlines()[0]
    if len(line) <= limit:
        return line
    cut = line.rfind(". ", 0, limit)
    return line[:cut + 1] if cut > 0 else textwrap.shorten(line, limit, placeholder=" …")


def _map_axes(ax: Axes, view: tuple[float, float, float, float], unit_m: float) -> None:
    ax.set_xlim(view[0], view[1])
    ax.set_ylim(view[2], view[3])
    ax.set_aspect("equal")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / unit_m:g}"))
    for spine in ax.spines.values():
        spine.set_color("#bbbbbb")  # the inset's frame is no boundary; the main map sets its own
    ax.grid(color="#e4e4e4", lw=0.5, zorder=-1)


def _main_map(fig: Figure, s: Scenario, detail: Bbox | None, legend: dict[str, Artist]) -> Labels:
    ax = fig.add_axes((0.05, 0.06, 0.62, 0.80))
    half_x, half_y = s.area.size_m[0] / 2, s.area.size_m[1] / 2
    labels = Labels(ax, hide_inside=detail)
    draw_all(ax, s, legend, labels)
    unit, unit_m = ("km", 1000.0) if max(s.area.size_m) >= 2000 else ("m", 1.0)
    _map_axes(ax, (-half_x, half_x, -half_y, half_y), unit_m)
    for spine in ax.spines.values():  # the frame is the area boundary: one black line, not two
        spine.set(color="black", linewidth=2)
    ax.set_xlabel(f"east ({unit})")
    ax.set_ylabel(f"north ({unit})")
    bar = scale_length_m(2 * half_x)
    ax.add_artist(AnchoredSizeBar(ax.transData, bar, distance(bar), "lower left", pad=0.4, color="black",
                                  frameon=True, size_vertical=bar / 60))
    ax.set_anchor("N")  # a wide area keeps its top under the title, leaving spare room at the bottom
    ax.annotate("N ↑", (1.0, 1.005), xycoords="axes fraction", ha="right", va="bottom", fontsize=12, weight="bold")
    if detail is not None:
        ax.add_patch(patches.Rectangle((detail.x0, detail.y0), detail.width, detail.height, fill=False,
                                       ec="black", lw=0.8, ls=(0, (4, 2)), zorder=9))
        ax.annotate("detail", (detail.x1, detail.y1), xytext=(2, 2), textcoords="offset points", fontsize=8)
    return labels


def _detail_map(fig: Figure, s: Scenario, box: Bbox, top: float) -> Labels:
    """A zoom on the defended core in the right column, below `top` (figure fraction)."""
    width = min(0.98 - RIGHT_X, (top - 0.09) * PIXELS[1] / PIXELS[0])  # square on paper, as the data box is
    height = width * PIXELS[0] / PIXELS[1]
    inset = fig.add_axes((RIGHT_X + (0.98 - RIGHT_X - width) / 2, 0.05, width, height))
    labels = Labels(inset)
    draw_all(inset, s, {}, labels)
    _map_axes(inset, (box.x0, box.x1, box.y0, box.y1), 1000.0 if box.width >= 2000 else 1.0)
    inset.tick_params(labelsize=7)
    for axis in (inset.xaxis, inset.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=5))
    inset.set_title(f"detail: the defended core ({'km' if box.width >= 2000 else 'm'})", fontsize=9)
    return labels


def render(resolved: ResolvedScenario, seed: int) -> Figure:
    """The preview figure of a resolved scenario (plain numbers only)."""
    s = resolved.scenario
    fig = Figure(figsize=FIG_SIZE_IN, dpi=DPI)
    FigureCanvasAgg(fig)
    fig.suptitle(s.meta.name, x=0.05, y=0.975, ha="left", fontsize=15, weight="bold")
    fig.text(0.05, 0.935, briefing(s.meta.description), fontsize=9.5, va="top", wrap=True)
    detail = detail_box(s)
    legend: dict[str, Artist] = {"area boundary": patches.Patch(fill=False, ec="black", lw=2)}
    labels = _main_map(fig, s, detail, legend)
    # Right column, top down: the legend, the notes under it, then the detail in what is left.
    key = fig.legend(list(legend.values()), list(legend.keys()), loc="upper left", bbox_to_anchor=(RIGHT_X, 0.87),
                     fontsize=8.5, frameon=True, title="Legend")
    renderer = fig.canvas.get_renderer()
    below_key = fig.transFigure.inverted().transform(key.get_window_extent(renderer))[0][1]
    text = fig.text(RIGHT_X + 0.005, below_key - 0.015, notes(s, seed), fontsize=8.5, va="top", family="monospace")
    below_notes = fig.transFigure.inverted().transform(text.get_window_extent(renderer))[0][1]
    inset_labels = _detail_map(fig, s, detail, below_notes - 0.04) if detail is not None else None
    for placer in (labels, inset_labels):
        if placer is not None:
            placer.place()
    return fig


def write_png(fig: Figure, out: Path) -> None:
    """Save `fig` to `out` atomically: a temp file in the same folder, then a rename."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "xb") as handle:  # "x": never clobber; default permissions, unlike mkstemp
            fig.savefig(handle, format="png", dpi=DPI)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_preview(scenario: Scenario, seed: int, out: Path) -> Path:
    """Resolve `scenario` as a trial with `seed` would, draw it and write the PNG to `out`."""
    # The trial's own resolve stream, so the preview shows what `slab run --seed` samples.
    resolved = resolve(scenario, resolve_stream(seed))
    write_png(render(resolved, seed), out)
    return out
