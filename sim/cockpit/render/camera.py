"""Camera poses and projections: FPV from a body's attitude, chase, fixed overview.

Pure numpy, shared by the renderer (view and projection matrices) and the HUD
(projecting targets and the horizon onto the picture). World frame ENU (x east,
y north, z up); bodies are FLU (x forward, y left, z up), as in sim.dynamics.
A camera's `basis` rows are its right, up and forward unit vectors in world axes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DEFAULT_UPTILT_DEG = 25.0  # DOMAIN.md section 7: 10-35 degrees, 25 typical
DEFAULT_FOV_DEG = 120.0  # horizontal
CHASE_FOV_DEG = 90.0


@dataclass(frozen=True)
class CameraPose:
    eye_m: np.ndarray  # (3,) float64
    basis: np.ndarray  # (3, 3): rows right, up, forward (world)
    fov_h_deg: float = DEFAULT_FOV_DEG
    near_m: float = 0.3
    far_m: float = 20_000.0

    @property
    def forward(self) -> np.ndarray:
        return self.basis[2]


def quat_matrix(q: np.ndarray) -> np.ndarray:
    """3x3 rotation (body -> world) of a unit quaternion (w, x, y, z)."""
    w, x, y, z = (float(v) for v in q)
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])


def fpv_camera(position_m: np.ndarray, quaternion: np.ndarray, uptilt_deg: float = DEFAULT_UPTILT_DEG,
               fov_deg: float = DEFAULT_FOV_DEG, far_m: float = 20_000.0) -> CameraPose:
    """The body camera: looks along the body's forward axis, tilted up by `uptilt_deg`."""
    rot = quat_matrix(quaternion)
    tilt = math.radians(uptilt_deg)
    forward = rot @ np.array([math.cos(tilt), 0.0, math.sin(tilt)])
    up = rot @ np.array([-math.sin(tilt), 0.0, math.cos(tilt)])
    right = np.cross(forward, up)
    # A few centimetres ahead of the centre of mass, where the camera sits.
    eye = np.asarray(position_m, dtype=float) + 0.05 * rot[:, 0]
    return CameraPose(eye, np.stack([right, up, forward]), fov_deg, far_m=far_m)


def look_at(eye_m: np.ndarray, target_m: np.ndarray, fov_deg: float = CHASE_FOV_DEG,
            far_m: float = 20_000.0) -> CameraPose:
    """A camera at `eye_m` looking at `target_m` with the horizon level."""
    eye = np.asarray(eye_m, dtype=float)
    forward = np.asarray(target_m, dtype=float) - eye
    forward /= max(np.linalg.norm(forward), 1e-9)
    right = np.cross(forward, (0.0, 0.0, 1.0))
    if np.linalg.norm(right) < 1e-6:  # looking straight up or down
        right = np.array([1.0, 0.0, 0.0])
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    return CameraPose(eye, np.stack([right, up, forward]), fov_deg, near_m=0.5, far_m=far_m)


def chase_camera(position_m: np.ndarray, heading_rad: float, distance_m: float = 12.0, height_m: float = 4.0,
                 fov_deg: float = CHASE_FOV_DEG, ground_m: float = 0.0, far_m: float = 20_000.0) -> CameraPose:
    """Behind and above a body along its heading (ENU, counter-clockwise from east), looking at it."""
    p = np.asarray(position_m, dtype=float)
    back = np.array([math.cos(heading_rad), math.sin(heading_rad), 0.0])
    eye = p - distance_m * back + (0.0, 0.0, height_m)
    eye[2] = max(eye[2], ground_m + 1.0)  # never below the ground
    return look_at(eye, p + 0.25 * distance_m * back, fov_deg, far_m)


def heading_of(quaternion: np.ndarray, velocity_mps: np.ndarray | None = None) -> float:
    """Course over ground when moving (> 2 m/s), else the body's forward axis heading."""
    if velocity_mps is not None and math.hypot(velocity_mps[0], velocity_mps[1]) > 2.0:
        return math.atan2(velocity_mps[1], velocity_mps[0])
    forward = quat_matrix(quaternion)[:, 0]
    return math.atan2(forward[1], forward[0])


def view_matrix(cam: CameraPose) -> np.ndarray:
    """World -> OpenGL eye space (x right, y up, looking down -z)."""
    rot = np.stack([cam.basis[0], cam.basis[1], -cam.basis[2]])
    m = np.eye(4)
    m[:3, :3] = rot
    m[:3, 3] = -rot @ cam.eye_m
    return m


def projection_matrix(cam: CameraPose, aspect: float, flip_y: bool = False) -> np.ndarray:
    """Perspective with the horizontal field of view; `flip_y` renders top row first (for read-back)."""
    fx = 1.0 / math.tan(math.radians(cam.fov_h_deg) / 2.0)
    fy = fx * aspect
    n, f = cam.near_m, cam.far_m
    m = np.zeros((4, 4))
    m[0, 0], m[1, 1] = fx, -fy if flip_y else fy
    m[2, 2], m[2, 3] = (f + n) / (n - f), 2.0 * f * n / (n - f)
    m[3, 2] = -1.0
    return m


def project(cam: CameraPose, points_m: np.ndarray, size: tuple[int, int],
            directions: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates (N, 2), top-left origin, and an in-front mask of world points (or directions)."""
    w, h = size
    pts = np.atleast_2d(np.asarray(points_m, dtype=float))
    rel = pts if directions else pts - cam.eye_m
    cam_xyz = rel @ cam.basis.T  # right, up, forward components
    depth = cam_xyz[:, 2]
    front = depth > (1e-9 if directions else cam.near_m)
    f_px = (w / 2.0) / math.tan(math.radians(cam.fov_h_deg) / 2.0)
    safe = np.where(np.abs(depth) > 1e-9, depth, 1e-9)
    px = np.column_stack([w / 2.0 + f_px * cam_xyz[:, 0] / safe, h / 2.0 - f_px * cam_xyz[:, 1] / safe])
    return px, front
