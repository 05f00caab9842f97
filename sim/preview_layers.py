"""The drawing layers of `slab preview`: ground, sensors, jammers, red and blue, on one axes.

Everything is drawn in the scenario frame (ENU metres, x east, y north, origin at
the area centre). Compass angles (clockwise from north) become matplotlib angles
(counter-clockwise from east) as 90 - azimuth; box yaw is already
counter-clockwise, as matplotlib rotates.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import patches
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D

from sim.config.scenario import Scenario
from sim.config.scenario_area import Terrain
from sim.config.scenario_ew import BAND_CENTRE_MHZ, Jammer, Link
from sim.config.scenario_sensors import Acoustic, Coverage
from sim.preview_labels import Labels, distance, euros

RED, BLUE, ASSET, BUILDING = "#d62828", "#1d4ed8", "#f4a261", "#6b6b6b"
GATE = "#2a9d8f"  # training-course gates
RADAR, EOIR, ACOUSTIC, JAMMER = "#2a9d8f", "#7b2cbf", "#8d6e1f", "#c2185b"
FSPL_CONSTANT_DB = 32.44  # FSPL(dB) = 20 log10(d_km) + 20 log10(f_MHz) + 32.44
GRID_CELLS = 240  # per axis, for sampled fields (hills, acoustic coverage): plenty for a 1400 px map
JAMMER_LABEL = "jammer above link sensitivity"


def jammer_radius_m(jammer: Jammer, link: Link) -> float:
    """Free-space distance out to which `jammer`'s signal at a drone is at least `link`'s
    receiver sensitivity: P_j + G_j + G_rx - FSPL(d) >= rx_sensitivity, at the first band's centre."""
    margin_db = float(jammer.power_dbm + jammer.antenna_gain_dbi + link.rx_gain_dbi - link.rx_sensitivity_dbm)
    f_mhz = BAND_CENTRE_MHZ[jammer.bands[0]]
    return 1000.0 * 10 ** ((margin_db - 20 * math.log10(f_mhz) - FSPL_CONSTANT_DB) / 20)


def terrain_grid(terrain: Terrain, size_m: list[float]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(x, y, heights[iy, ix]) of the ground, or None where it is flat."""
    if terrain.heightmap is not None:
        file = Path(terrain.heightmap)
        if file.suffix.lower() == ".npy":
            z = np.load(file, allow_pickle=False)
        else:
            z = np.loadtxt(file, delimiter=",", ndmin=2)
        step = max(1, max(z.shape) // 600)  # contouring a huge grid is slow and no sharper at 1400 px
        z = np.asarray(z, float)[::step, ::step]
        cell = terrain.cell_size_m * step
        ny, nx = z.shape
        return (np.arange(nx) - (nx - 1) / 2) * cell, (np.arange(ny) - (ny - 1) / 2) * cell, z
    if not terrain.hills:
        return None
    x = np.linspace(-size_m[0] / 2, size_m[0] / 2, GRID_CELLS)
    y = np.linspace(-size_m[1] / 2, size_m[1] / 2, GRID_CELLS)
    gx, gy = np.meshgrid(x, y)
    z = np.zeros_like(gx)
    for hill in terrain.hills:
        r2 = (gx - hill.center_m[0]) ** 2 + (gy - hill.center_m[1]) ** 2
        z += hill.height_m * np.exp(-r2 / (2 * hill.radius_m ** 2))
    return x, y, z



def _box(ax: Axes, centre: list[float], size: list[float], yaw_deg: float, **style: Any) -> None:
    rect = patches.Rectangle((centre[0] - size[0] / 2, centre[1] - size[1] / 2), size[0], size[1], **style)
    rect.set_transform(Affine2D().rotate_deg_around(centre[0], centre[1], yaw_deg) + ax.transData)
    ax.add_patch(rect)


def _sector(centre: list[float], radius: float, coverage: Coverage, **style: Any) -> patches.Patch:
    """A circle for all-round coverage, else the wedge between the sector's compass edges."""
    if coverage.width_deg >= 360:
        return patches.Circle(centre, radius, **style)
    mid = 90 - coverage.azimuth_deg
    return patches.Wedge(centre, radius, mid - coverage.width_deg / 2, mid + coverage.width_deg / 2, **style)


class _Layer:
    """What every drawing step gets: the axes, the scenario, the legend entries and the labels."""

    def __init__(self, ax: Axes, s: Scenario, legend: dict[str, Artist], labels: Labels) -> None:
        self.ax, self.s, self.legend, self.labels = ax, s, legend, labels


def _draw_ground(k: _Layer) -> None:
    ax, s = k.ax, k.s
    grid = terrain_grid(s.area.terrain, s.area.size_m)
    if grid is not None and float(np.ptp(grid[2])) > 0.5:
        x, y, z = grid
        ax.imshow(z, origin="lower", extent=(x[0], x[-1], y[0], y[-1]), cmap="Greys", alpha=0.25, zorder=0)
        lines = ax.contour(x, y, z, levels=MaxNLocator(nbins=6).tick_values(z.min(), z.max()),
                           colors="#7a5c3e", linewidths=0.6, zorder=1)
        ax.clabel(lines, fontsize=6, fmt="%g m")
        k.legend["terrain contours (height)"] = Line2D([], [], color="#7a5c3e", lw=0.8)
    for b in s.area.buildings:
        _box(ax, b.center_m, b.size_m, b.yaw_deg, fc=BUILDING, ec="black", lw=0.5, zorder=3)
    if s.area.buildings:
        k.legend["building / obstacle"] = patches.Patch(fc=BUILDING, ec="black")
    for a in s.area.assets:
        _box(ax, a.position_m, a.size_m, a.yaw_deg, fc=ASSET, ec="black", lw=1.0, zorder=4)
        ax.plot(*a.position_m, marker="D", ms=5, mfc=ASSET, mec="black", zorder=4)
        k.labels.add(a.position_m, f"{a.name}\n{euros(a.value_eur)}", "black")
    if s.area.assets:
        k.legend["protected asset (value)"] = patches.Patch(fc=ASSET, ec="black")


def _draw_red(k: _Layer) -> None:
    ax, s = k.ax, k.s
    assets = {a.name: a.position_m for a in s.area.assets}
    for w in s.red.waves:
        centre, style = w.spawn.center_m, dict(fc=RED, ec=RED, alpha=0.18, lw=1.2, zorder=5)
        if w.spawn.radius_m is not None:
            ax.add_patch(patches.Circle(centre, w.spawn.radius_m, **style))
        else:
            _box(ax, centre, w.spawn.size_m, 0.0, **style)
        route = [centre] + [p[:2] for p in w.waypoints_m] + ([assets[w.target]] if w.target else [])
        xs, ys = zip(*route)
        ax.plot(xs, ys, color=RED, lw=1.3, ls="--", zorder=6)
        ax.plot(xs[1:-1], ys[1:-1], "o", color=RED, ms=4, zorder=6)
        # The last leg is the attack: a solid arrow onto the target (or the route's end).
        ax.add_patch(patches.FancyArrowPatch(route[-2], route[-1], arrowstyle="-|>", color=RED, lw=1.8,
                                             mutation_scale=16, shrinkA=0, shrinkB=2, zorder=7))
        when = f"t={w.start_s:g} s" + (f", every {w.spacing_s:g} s" if w.count > 1 and w.spacing_s else "")
        k.labels.add(centre, f"{w.name}: {w.count} × {w.airframe}\n{when}", RED)
    if s.red.waves:
        k.legend["red spawn region"] = patches.Patch(fc=RED, ec=RED, alpha=0.3)
        k.legend["red route (waypoints)"] = Line2D([], [], color=RED, ls="--", marker="o", ms=4)
        k.legend["red attack on its target"] = Line2D([], [], color=RED, lw=1.8, marker=">")


def _draw_blue(k: _Layer) -> None:
    for site in k.s.blue.launch_sites:
        k.ax.plot(*site.position_m, marker="^", ms=11, color=BLUE, mec="white", zorder=8)
        held = "\n".join(f"{n} × {name}" for name, n in site.magazine.items())
        k.labels.add(site.position_m, f"{site.name}\n{held}", BLUE)
    if k.s.blue.launch_sites:
        k.legend["blue launch site (magazine)"] = Line2D([], [], color=BLUE, marker="^", ls="", ms=10)


def _draw_gates(k: _Layer) -> None:
    """Training-course gates: the opening seen from above, numbered in flying order, arrow = direction."""
    for index, gate in enumerate(k.s.area.gates):
        yaw = math.radians(gate.yaw_deg)
        x, y = gate.position_m[0], gate.position_m[1]
        if gate.horizontal:  # a landing window: its footprint
            _box(k.ax, [x, y], gate.size_m, gate.yaw_deg, fc="none", ec=GATE, lw=1.6, zorder=8)
        else:  # upright: a bar across the direction of passage
            half = gate.size_m[0] / 2
            dx, dy = -math.sin(yaw) * half, math.cos(yaw) * half
            k.ax.plot([x - dx, x + dx], [y - dy, y + dy], color=GATE, lw=3, solid_capstyle="butt", zorder=8)
            k.ax.annotate("", (x + math.cos(yaw) * 2 * half, y + math.sin(yaw) * 2 * half), (x, y),
                          arrowprops=dict(arrowstyle="-|>", color=GATE, lw=1.2), zorder=8)
        k.labels.add([x, y], f"gate {index}" + (f" {gate.name}" if gate.name else ""), GATE)
    if k.s.area.gates:
        k.legend["training gate (order, direction)"] = Line2D([], [], color=GATE, lw=3)


def _acoustic_nodes(net: Acoustic) -> np.ndarray:
    return np.array([*net.nodes_m, *(net.grid.nodes() if net.grid else [])], float)


def _draw_acoustic(k: _Layer, net: Acoustic) -> None:
    ax = k.ax
    nodes, reach = _acoustic_nodes(net), float(net.detection.range_m)
    half = np.array(k.s.area.size_m) / 2
    x, y = np.linspace(-half[0], half[0], GRID_CELLS), np.linspace(-half[1], half[1], GRID_CELLS)
    points = np.stack(np.meshgrid(x, y), axis=-1).reshape(-1, 2)
    nearest = np.full(len(points), np.inf)
    for chunk in np.array_split(nodes, max(1, len(nodes) // 256)):  # bounded memory for big grids
        d = np.linalg.norm(points[:, None, :] - chunk[None, :, :], axis=-1).min(axis=1)
        nearest = np.minimum(nearest, d)
    # One filled union of every node's circle: overlapping translucent circles would stack into mud.
    field = nearest.reshape(GRID_CELLS, GRID_CELLS)
    ax.contourf(x, y, field, levels=[0, reach], colors=[ACOUSTIC], alpha=0.12, zorder=2)
    ax.contour(x, y, field, levels=[reach], colors=[ACOUSTIC], linewidths=0.8, linestyles=":", zorder=2)
    if len(nodes) <= 2000:
        ax.plot(nodes[:, 0], nodes[:, 1], ".", color=ACOUSTIC, ms=3, zorder=2)
    if net.grid is not None:
        _box(ax, net.grid.center_m, net.grid.size_m, 0.0, fill=False, ec=ACOUSTIC, ls="--", lw=0.8, zorder=2)
    k.labels.add(nodes[np.argmax(nodes[:, 1])], f"{net.name} {distance(reach)}", ACOUSTIC)


def _draw_sensors(k: _Layer) -> None:
    ax, sensors = k.ax, k.s.sensors
    for r in sensors.radars:
        ax.add_patch(_sector(r.position_m, r.detection.range_m, r.coverage, fc=RADAR, alpha=0.07, zorder=2))
        ax.add_patch(_sector(r.position_m, r.detection.range_m, r.coverage, fill=False, ec=RADAR, lw=1.3, zorder=2))
        ax.plot(*r.position_m, marker="s", ms=6, color=RADAR, mec="black", zorder=8)
        k.labels.add(r.position_m, f"{r.name} {distance(r.detection.range_m)}", RADAR)
    for c in sensors.eo_ir:
        ax.add_patch(_sector(c.position_m, c.detection.range_m, c.coverage, fc=EOIR, ec=EOIR, alpha=0.15, zorder=2))
        ax.plot(*c.position_m, marker="o", ms=5, color=EOIR, mec="black", zorder=8)
        k.labels.add(c.position_m, f"{c.name} ({c.band})", EOIR)
    for net in sensors.acoustic:
        _draw_acoustic(k, net)
    if sensors.radars:
        k.legend["radar detection range"] = patches.Patch(fc=(0, 0, 0, 0), ec=RADAR, lw=1.3)
    if sensors.eo_ir:
        k.legend["EO/IR camera sector"] = patches.Patch(fc=EOIR, alpha=0.3)
    if sensors.acoustic:
        k.legend["acoustic nodes / coverage"] = Line2D([], [], color=ACOUSTIC, marker=".", ls=":")


def _draw_jammers(k: _Layer) -> None:
    for j in k.s.ew.jammers:
        radius = jammer_radius_m(j, k.s.ew.control_link)
        k.ax.add_patch(_sector(j.position_m, radius, j.coverage, fill=False, ec=JAMMER, lw=1.5, ls="--", zorder=3))
        k.ax.plot(*j.position_m, marker="X", ms=9, color=JAMMER, mec="white", zorder=8)
        k.labels.add(j.position_m, f"{j.name} [{', '.join(j.bands)}]", JAMMER)
    if k.s.ew.jammers:
        k.legend[JAMMER_LABEL] = patches.Patch(fc=(0, 0, 0, 0), ec=JAMMER, ls="--", lw=1.5)


LAYERS = (_draw_ground, _draw_sensors, _draw_jammers, _draw_red, _draw_blue, _draw_gates)


def draw_all(ax: Axes, s: Scenario, legend: dict[str, Artist], labels: Labels) -> None:
    """Every layer of `s` on `ax`; legend entries go into `legend`, names into `labels`."""
    half_x, half_y = s.area.size_m[0] / 2, s.area.size_m[1] / 2
    ax.add_patch(patches.Rectangle((-half_x, -half_y), 2 * half_x, 2 * half_y, fill=False, ec="black", lw=2))
    layer = _Layer(ax, s, legend, labels)
    for draw in LAYERS:
        draw(layer)
