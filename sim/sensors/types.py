"""Data passed into and out of the sensor suite: true targets, detections, the track picture."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Targets:
    """True state of everything the sensors may see this tick (ENU, SI)."""

    ids: np.ndarray  # int64 (N,) entity ids
    positions_m: np.ndarray  # (N, 3)
    velocities_mps: np.ndarray  # (N, 3)
    rcs_m2: np.ndarray  # (N,)
    sound_level_db: np.ndarray  # (N,) dB at 1 m
    size_m: np.ndarray  # (N,)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class TrackPicture:
    """The fused air picture blue controllers see."""

    track_ids: np.ndarray  # int64 (M,)
    positions_m: np.ndarray  # (M, 3) estimates
    velocities_mps: np.ndarray  # (M, 3)
    position_sigma_m: np.ndarray  # (M,) RMS 3-D position error, sqrt(trace of the position covariance)
    confirmed: np.ndarray  # bool (M,)
    truth_ids: np.ndarray  # int64 (M,) entity behind the latest detection, -1 false alarm: scoring only
    last_update_s: np.ndarray  # (M,) time of the latest measurement folded in

    def __len__(self) -> int:
        return len(self.track_ids)


@dataclass(frozen=True)
class Detections:
    """One sensor look: measured positions with covariances, plus truth kept for scoring.

    The tracker associates on `positions_m` and `cov_m2` only; `truth_ids` and
    `true_range_m` ride along for metrics.
    """

    sensor: int  # index into the suite's sensor list
    t_s: float  # epoch of the measurements (look time minus any latency)
    positions_m: np.ndarray  # (K, 3)
    cov_m2: np.ndarray  # (K, 3, 3)
    truth_ids: np.ndarray  # int64 (K,), -1 for false alarms
    true_range_m: np.ndarray  # (K,) range to the true target, NaN for false alarms

    def __len__(self) -> int:
        return len(self.truth_ids)

    @staticmethod
    def merge(sensor: int, t_s: float, real: "Detections | None", false_m: np.ndarray,
              false_cov: np.ndarray) -> "Detections":
        """Append false alarms (positions, covariances) to the real detections of a look."""
        n = len(false_m)
        fa = Detections(sensor, t_s, false_m.reshape(n, 3), false_cov.reshape(n, 3, 3),
                        np.full(n, -1, dtype=np.int64), np.full(n, np.nan))
        if real is None or len(real) == 0:
            return fa
        if n == 0:
            return real
        return Detections(sensor, t_s, np.concatenate([real.positions_m, fa.positions_m]),
                          np.concatenate([real.cov_m2, fa.cov_m2]),
                          np.concatenate([real.truth_ids, fa.truth_ids]),
                          np.concatenate([real.true_range_m, fa.true_range_m]))
