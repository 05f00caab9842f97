"""Fixtures for the flight-core tests: each built-in airframe of a kind."""

from __future__ import annotations

import pytest

from sim.config.airframe import FixedWing, Quadrotor

from .airframe_sets import QUADS, WINGS


@pytest.fixture(params=QUADS, ids=lambda a: a.name)
def quad(request) -> Quadrotor:
    return request.param


@pytest.fixture(params=WINGS, ids=lambda a: a.name)
def wing(request) -> FixedWing:
    return request.param
