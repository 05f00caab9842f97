"""Low-poly geometry as float32 vertex arrays, built once with numpy.

Static vertices (ground, boxes, pads, masts) share one layout so the whole
static world is one VBO and one draw call: position 3, normal 3, colour 3,
facade uv 2 (metres along a wall, metres above its base), material 1.
Entity meshes are in body axes (FLU, x forward) scaled to unit size; the
instance scale (arm length, span) sizes them: position 3, normal 3, shade 1.
Triangles wind counter-clockwise seen from outside.
"""

from __future__ import annotations

import math

import numpy as np

from sim.terrain import Heightmap

# Material codes read by the static shaders.
GROUND, BUILDING, ASSET, PLAIN, PAD = 0.0, 1.0, 2.0, 3.0, 4.0
STATIC_FLOATS = 12
ENTITY_FLOATS = 7
MAX_TERRAIN_NODES = 192  # per side: software rasterising needs few triangles


def _quad(a, b, c, d, normal, color, uvs, material) -> np.ndarray:
    """Two triangles (a, b, c), (a, c, d); corners counter-clockwise seen along -normal."""
    rows = []
    for corner, uv in zip((a, b, c, a, c, d), (uvs[0], uvs[1], uvs[2], uvs[0], uvs[2], uvs[3])):
        rows.append([*corner, *normal, *color, *uv, material])
    return np.array(rows, dtype=np.float32)


def box_vertices(center, size, yaw_rad: float, color, material: float) -> np.ndarray:
    """An upright yawed box (36 vertices) with per-face facade coordinates in metres."""
    c, s = math.cos(yaw_rad), math.sin(yaw_rad)
    hx, hy, hz = (v / 2 for v in size)
    cx, cy, cz = center

    def world(x, y, z):
        return (cx + c * x - s * y, cy + s * x + c * y, cz + z)

    def rot(nx, ny):
        return (c * nx - s * ny, s * nx + c * ny, 0.0)

    h = 2 * hz
    faces = [  # (corners in box axes, normal, facade width)
        ([(hx, -hy, -hz), (hx, hy, -hz), (hx, hy, hz), (hx, -hy, hz)], rot(1, 0), 2 * hy),
        ([(-hx, hy, -hz), (-hx, -hy, -hz), (-hx, -hy, hz), (-hx, hy, hz)], rot(-1, 0), 2 * hy),
        ([(hx, hy, -hz), (-hx, hy, -hz), (-hx, hy, hz), (hx, hy, hz)], rot(0, 1), 2 * hx),
        ([(-hx, -hy, -hz), (hx, -hy, -hz), (hx, -hy, hz), (-hx, -hy, hz)], rot(0, -1), 2 * hx),
    ]
    out = [_quad(*(world(*p) for p in corners), normal, color, [(0, 0), (w, 0), (w, h), (0, h)], material)
           for corners, normal, w in faces]
    roof = [world(-hx, -hy, hz), world(hx, -hy, hz), world(hx, hy, hz), world(-hx, hy, hz)]
    out.append(_quad(*roof, (0.0, 0.0, 1.0), color, [(0, -1)] * 4, material))  # v < 0: roof, no windows
    return np.concatenate(out)


def ground_disc(floor_z_m: float, radius_m: float, inner_m: float = 20.0, rings: int = 14,
                segments: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """A disc centred on the camera (the shader adds the eye's x, y): rings grow geometrically from
    `inner_m`, so per-vertex fog and pattern fades stay smooth near and far, with few triangles
    (each costs set-up time in a software rasteriser). Returns (vertices (n, 6), indices)."""
    radii = np.concatenate([[0.0], np.geomspace(inner_m, radius_m, rings)])
    angles = np.linspace(0.0, 2 * math.pi, segments, endpoint=False)
    r, a = np.meshgrid(radii, angles, indexing="ij")
    n = r.size
    verts = np.zeros((n, 6), dtype=np.float32)
    verts[:, 0], verts[:, 1], verts[:, 2] = (r * np.cos(a)).ravel(), (r * np.sin(a)).ravel(), floor_z_m
    verts[:, 5] = 1.0
    idx = []
    for i in range(len(radii) - 1):
        for j in range(segments):
            a0, a1 = i * segments + j, i * segments + (j + 1) % segments
            b0, b1 = a0 + segments, a1 + segments
            idx += [a0, b0, b1, a0, b1, a1]  # counter-clockwise seen from above
    return verts, np.array(idx, dtype=np.int32)


def terrain_mesh(hm: Heightmap) -> np.ndarray:
    """The heightmap as triangles (position 3, normal 3), decimated to at most MAX_TERRAIN_NODES per side."""
    h = hm.heights_m
    ny, nx = h.shape
    step = max(1, math.ceil(max(nx, ny) / MAX_TERRAIN_NODES))
    iy, ix = np.arange(0, ny, step), np.arange(0, nx, step)
    iy, ix = np.unique(np.append(iy, ny - 1)), np.unique(np.append(ix, nx - 1))
    x0, y0 = hm.origin_xy_m
    gx, gy = np.meshgrid(x0 + ix * hm.cell_size_m, y0 + iy * hm.cell_size_m)
    gz = h[np.ix_(iy, ix)]
    dzdy, dzdx = np.gradient(gz, gy[:, 0], gx[0])  # axis 0 runs north, axis 1 east
    normals = np.dstack([-dzdx, -dzdy, np.ones_like(gz)])
    normals /= np.linalg.norm(normals, axis=2, keepdims=True)
    verts = np.concatenate([np.dstack([gx, gy, gz]), normals], axis=2)
    a, b, c, d = verts[:-1, :-1], verts[:-1, 1:], verts[1:, 1:], verts[1:, :-1]
    tris = np.stack([a, b, c, a, c, d], axis=2)  # counter-clockwise seen from above
    return tris.reshape(-1, 6).astype(np.float32)


# The band ends at 40 degrees: above it the sky is the clear colour (no fragments to shade).
SKY_ELEVATIONS_DEG = (-20, -5, -1, 0, 0.5, 1.5, 3, 5, 8, 12, 18, 27, 40)


def sky_color(elevation_rad: np.ndarray, zenith, horizon, glow, below) -> np.ndarray:
    """(n, 3) sky colour by elevation: horizon to zenith, a glow band, the fog colour below."""
    s = np.sin(np.asarray(elevation_rad, dtype=float))
    up = np.sqrt(np.clip(s, 0.0, 1.0))[:, None]
    color = (1 - up) * np.asarray(horizon) + up * np.asarray(zenith) + np.exp(-np.abs(s) * 14.0)[:, None] * glow
    down = np.clip(-s * 30.0, 0.0, 1.0)[:, None]
    return (1 - down) * color + down * np.asarray(below)


def sky_dome(zenith, horizon, glow, below, segments: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """A band of unit directions round the horizon, coloured per vertex (not per pixel).

    Returns (vertices (n, 6): direction 3, colour 3; indices)."""
    el = np.radians(SKY_ELEVATIONS_DEG)
    az = np.linspace(0.0, 2 * math.pi, segments, endpoint=False)
    e, a = np.meshgrid(el, az, indexing="ij")
    dirs = np.stack([np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)], axis=-1).reshape(-1, 3)
    colors = np.repeat(sky_color(el, zenith, horizon, glow, below), segments, axis=0)
    idx = []
    for i in range(len(el) - 1):
        for j in range(segments):
            a0, a1 = i * segments + j, i * segments + (j + 1) % segments
            idx += [a0, a1 + segments, a1, a0, a0 + segments, a1 + segments]  # seen from inside
    return np.hstack([dirs, colors]).astype(np.float32), np.array(idx, dtype=np.int32)


def _solid(triangles: list[tuple], shade: float) -> list[list[float]]:
    """Flat-shaded triangles (normals from the winding)."""
    rows = []
    for tri in triangles:
        p = np.array(tri, dtype=float)
        n = np.cross(p[1] - p[0], p[2] - p[0])
        n /= max(np.linalg.norm(n), 1e-12)
        rows += [[*v, *n, shade] for v in p]
    return rows


def _body_box(center, size, shade: float, yaw: float = 0.0) -> list[list[float]]:
    verts = box_vertices(center, size, yaw, (0, 0, 0), 0.0)
    bottom = verts[-6:].copy()
    bottom[:, 2] -= size[2]
    bottom[:, 5] = -1.0
    bottom[[1, 2]] = bottom[[2, 1]]  # reverse winding so the floor faces down
    bottom[[4, 5]] = bottom[[5, 4]]
    full = np.concatenate([verts, bottom])
    return [[*v[0:3], *v[3:6], shade] for v in full]


def quadrotor_mesh() -> np.ndarray:
    """X quad, unit arm length: body, two crossed arms, four rotor discs."""
    rows = _body_box((0.0, 0.0, 0.0), (1.3, 0.55, 0.35), 1.0)
    for yaw in (math.pi / 4, -math.pi / 4):
        rows += _body_box((0.0, 0.0, 0.05), (2.1, 0.12, 0.08), 0.55, yaw)
    for sx, sy in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
        cx, cy = sx * math.sqrt(0.5), sy * math.sqrt(0.5)
        rim = [(cx + 0.62 * math.cos(a), cy + 0.62 * math.sin(a), 0.14)
               for a in np.linspace(0, 2 * math.pi, 9)[:-1]]
        disc = [((cx, cy, 0.14), rim[k], rim[(k + 1) % 8]) for k in range(8)]
        rows += _solid(disc, 1.6) + _solid([(t[0], t[2], t[1]) for t in disc], 1.6)
    rows += _body_box((0.62, 0.0, 0.12), (0.12, 0.2, 0.14), 0.3)  # camera
    return np.array(rows, dtype=np.float32)


def fixed_wing_mesh() -> np.ndarray:
    """Delta-wing one-way-attack drone (Shahed-like), unit span."""
    rows = _body_box((-0.05, 0.0, 0.0), (1.25, 0.11, 0.11), 0.8)
    top = [((0.3, 0.0, 0.02), (-0.55, -0.5, 0.02), (-0.5, 0.0, 0.02)),
           ((0.3, 0.0, 0.02), (-0.5, 0.0, 0.02), (-0.55, 0.5, 0.02))]
    rows += _solid(top, 1.0) + _solid([(t[0], t[2], t[1]) for t in top], 0.7)
    for side in (-1, 1):
        fin = [((-0.4, side * 0.5, 0.02), (-0.55, side * 0.5, 0.02), (-0.58, side * 0.5, 0.16))]
        rows += _solid(fin, 0.9) + _solid([(t[0], t[2], t[1]) for t in fin], 0.9)
    return np.array(rows, dtype=np.float32)
