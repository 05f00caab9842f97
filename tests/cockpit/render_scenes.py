"""Small known scenes for the rendering tests: flat day ground, no fog, one building."""

from __future__ import annotations

import numpy as np

from sim.cockpit.render.scene import StaticScene
from sim.geometry import Box

SIZE = (320, 240)


def day_scene(visibility_m: float = 1e7, buildings: tuple[Box, ...] = (), light: str = "day") -> StaticScene:
    return StaticScene(light=light, visibility_m=visibility_m, area_size_m=(4000.0, 4000.0), ground="flat",
                       buildings=buildings, assets=(Box((300.0, 300.0, 10.0), (40.0, 40.0, 20.0), 0.3, "asset"),),
                       sites_m=np.array([[-200.0, 0.0, 0.0]]), sensors_m=np.array([[0.0, -300.0, 0.0, 30.0]]))


def frame(renderer, snapshot, camera, hide_entity=None) -> np.ndarray:
    """Render and read back: (h, w, 4) uint8, BGRA, top row first."""
    w, h = renderer.size
    out = np.zeros((h, w, 4), dtype=np.uint8)
    renderer.render(snapshot, camera, hide_entity)
    renderer.read_into(out)
    return out


def ground_rows(image: np.ndarray, column: int) -> np.ndarray:
    """Rows of one column where the picture is ground (green over blue), not sky."""
    b, g = image[:, column, 0].astype(int), image[:, column, 1].astype(int)
    return np.flatnonzero(g > b)
