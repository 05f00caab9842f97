"""Sensors and fusion: radars, acoustic networks, EO/IR cameras and the central tracker.

The engine builds one `SensorSuite` per trial, calls `update(t, targets)` every
tick (sensors look when due) and hands `picture(t)` to blue controllers.
"""

from sim.sensors.suite import SensorSuite
from sim.sensors.types import Detections, Targets, TrackPicture

__all__ = ["Detections", "SensorSuite", "Targets", "TrackPicture"]
