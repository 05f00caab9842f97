"""Per-agent observation vectors: what an interceptor's autopilot knows, normalised, float32.

Everything comes from what the loop hands a blue controller (`agents.base.Observation`:
navigation state, the assigned target's estimate, link and GNSS status, the
seeker lock) plus the command post's track picture and the protected assets;
never ground truth unless the scenario says `sensors.truth: true`. Vectors are
world-frame (ENU). Distances are squashed to d / (d + RANGE_SCALE_M), which is
0 at contact, 0.5 at 1 km and tends to 1 far away, so no range saturates.
`docs/defence_env.md` lists every field with its unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from gymnasium.spaces import Box

from agents.base import Observation
from sim.engagement import distance_to_boxes

RANGE_SCALE_M = 1000.0
SPEED_SCALE_MPS = 100.0
HEIGHT_SCALE_M = 1000.0
SPEED_BOUND = 3.0  # |v| / SPEED_SCALE_MPS is clipped here (300 m/s, beyond any airframe of the library)

_XYZ = ("x", "y", "z")
_OWN = [(f"own_v{a}", -SPEED_BOUND, SPEED_BOUND) for a in _XYZ] + [
    ("height", -1.0, 4.0), ("battery", 0.0, 1.0), ("link_ok", 0.0, 1.0), ("gnss_ok", 0.0, 1.0)]
_TARGET = [("has_target", 0.0, 1.0), ("seeker_lock", 0.0, 1.0)] + [
    (f"target_los_{a}", -1.0, 1.0) for a in _XYZ] + [("target_range", 0.0, 1.0)] + [
    (f"target_rel_v{a}", -SPEED_BOUND, SPEED_BOUND) for a in _XYZ] + [
    ("closing_speed", -SPEED_BOUND, SPEED_BOUND), ("target_asset_distance", 0.0, 1.0)]
_CONTEXT = [("asset_distance", 0.0, 1.0), ("time_fraction", 0.0, 1.0)]
TRACK_FIELDS = 8  # present, line-of-sight unit vector (3), squashed range, relative velocity (3)


def field_bounds(n_tracks: int) -> list[tuple[str, float, float]]:
    """(name, low, high) of every element of the observation vector, in order."""
    tracks = []
    for k in range(n_tracks):
        tracks += [(f"track{k}_present", 0.0, 1.0)] + [(f"track{k}_los_{a}", -1.0, 1.0) for a in _XYZ]
        tracks += [(f"track{k}_range", 0.0, 1.0)] + [(f"track{k}_rel_v{a}", -SPEED_BOUND, SPEED_BOUND) for a in _XYZ]
    return _OWN + _TARGET + _CONTEXT + tracks


@lru_cache(maxsize=8)
def _bounds(n_tracks: int) -> tuple[np.ndarray, np.ndarray]:
    bounds = field_bounds(n_tracks)
    return np.array([b[1] for b in bounds]), np.array([b[2] for b in bounds])


def observation_space(n_tracks: int) -> Box:
    low, high = _bounds(n_tracks)
    return Box(low.astype(np.float32), high.astype(np.float32), dtype=np.float32)


def squash_range(distance_m: np.ndarray) -> np.ndarray:
    d = np.asarray(distance_m, dtype=float)
    finite = np.isfinite(d)
    return np.where(finite, np.where(finite, d, 0.0) / (np.where(finite, d, 0.0) + RANGE_SCALE_M), 1.0)


def unsquash_range(squashed: np.ndarray) -> np.ndarray:
    """Inverse of `squash_range`, m (for policies that want metres back)."""
    x = np.clip(np.asarray(squashed, dtype=float), 0.0, 1.0 - 1e-6)
    return RANGE_SCALE_M * x / (1.0 - x)


@dataclass(frozen=True)
class Scene:
    """What all agents' features share at one instant."""

    tracks_m: np.ndarray  # (k, 3) confirmed tracks, carried to now at constant velocity
    tracks_mps: np.ndarray  # (k, 3)
    asset_center_m: np.ndarray  # (a, 3) footprint centres at ground level
    asset_half_size_m: np.ndarray  # (a, 3)
    asset_yaw_rad: np.ndarray  # (a,)
    time_fraction: float  # elapsed / time limit


def _asset_distance_m(points_m: np.ndarray, scene: Scene) -> np.ndarray:
    if len(scene.asset_center_m) == 0 or len(points_m) == 0:
        return np.full(len(points_m), np.inf)
    return distance_to_boxes(points_m, scene.asset_center_m, scene.asset_half_size_m, scene.asset_yaw_rad).min(axis=1)


def _relative(r_m: np.ndarray, v_rel_mps: np.ndarray, valid: np.ndarray) -> list[np.ndarray]:
    """Line of sight, squashed range, scaled relative velocity; zeros (range 1) where not valid."""
    distance = np.linalg.norm(r_m, axis=-1)
    los = np.where(valid[..., None], r_m / np.maximum(distance, 1e-9)[..., None], 0.0)
    squashed = np.where(valid, squash_range(distance), 1.0)
    return [los, squashed[..., None], np.where(valid[..., None], v_rel_mps / SPEED_SCALE_MPS, 0.0)]


def features(obs: Observation, battery_soc: np.ndarray, scene: Scene, n_tracks: int) -> np.ndarray:
    """(n, len(field_bounds(n_tracks))) float32 observation rows for the n entities of `obs`."""
    n = len(obs.ids)
    pos, vel, has = obs.positions_m, obs.velocities_mps, np.asarray(obs.has_target, dtype=bool)

    def flag(values) -> np.ndarray:  # one column
        return np.asarray(values, dtype=float).reshape(n, 1)

    lock = obs.extra.get("seeker_lock", np.zeros(n, dtype=bool))
    own = [vel / SPEED_SCALE_MPS, flag((pos[:, 2] - obs.ground_height_m) / HEIGHT_SCALE_M), flag(battery_soc),
           flag(obs.link_ok), flag(obs.gnss_ok)]
    target = np.where(has[:, None], obs.target_positions_m, pos)  # no NaN past this line
    r, v_rel = target - pos, np.where(has[:, None], obs.target_velocities_mps - vel, 0.0)
    distance = np.maximum(np.linalg.norm(r, axis=1), 1e-9)
    closing = np.where(has, -np.einsum("ij,ij->i", r, v_rel) / distance, 0.0)
    to_asset = squash_range(_asset_distance_m(np.concatenate([target, pos]), scene))  # one call for both
    columns = own + [flag(has), flag(lock)] + _relative(r, v_rel, has) + [
        flag(closing / SPEED_SCALE_MPS), flag(np.where(has, to_asset[:n], 1.0)),
        flag(to_asset[n:]), np.full((n, 1), scene.time_fraction)]
    columns.append(_track_block(pos, vel, scene, n_tracks))
    low, high = _bounds(n_tracks)
    return np.clip(np.concatenate(columns, axis=1), low, high).astype(np.float32)


def _track_block(pos: np.ndarray, vel: np.ndarray, scene: Scene, n_tracks: int) -> np.ndarray:
    """The n_tracks confirmed tracks nearest each entity, nearest first; absent slots all zero, range 1."""
    n, k = len(pos), len(scene.tracks_m)
    out = np.zeros((n, n_tracks, TRACK_FIELDS))
    out[:, :, 4] = 1.0
    if k == 0 or n_tracks == 0:
        return out.reshape(n, -1)
    r = scene.tracks_m[None, :, :] - pos[:, None, :]  # (n, k, 3)
    order = np.argsort(np.linalg.norm(r, axis=2), axis=1, kind="stable")[:, :n_tracks]
    rows = np.arange(n)[:, None]
    r, v_rel = r[rows, order], scene.tracks_mps[order] - vel[:, None, :]
    used = min(k, n_tracks)
    out[:, :used, 0] = 1.0
    out[:, :used, 1:] = np.concatenate(_relative(r, v_rel, np.ones(r.shape[:2], dtype=bool)), axis=2)
    return out.reshape(n, -1)
