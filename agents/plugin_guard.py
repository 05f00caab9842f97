"""Checks on third-party controllers, so a broken plug-in is one line, never a traceback.

At load time `start_plugin` instantiates the plug-in and checks what can be
checked without flying: that it is an `agents.base.Controller`, that it
implements `act` (or `act_one`), that `act`, `act_one` and `reset` take the
arguments the engine passes, and that its control level is a real level.
It returns the plug-in wrapped in a `GuardedController`, which turns an
exception in `reset` or `act`, or a command array of the wrong shape or
with NaN or inf in it, into a `PluginError` naming the plug-in (the trial record is then closed as
aborted by sim.trial). Built-in controllers are trusted and not wrapped.
"""

from __future__ import annotations

import inspect
from enum import IntEnum
from typing import Any, Callable

import numpy as np

from agents.base import Controller, EntitySpec, Observation, SingleController
from sim.dynamics.fixed_wing import FixedWingLevel
from sim.dynamics.layout import ControlLevel


class PluginError(Exception):
    """A controller that cannot be loaded or that failed; the message is one line naming it.

    `record` is set when a trial record was kept (closed as aborted)."""

    record: Any = None

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} (record kept, marked aborted: {self.record})" if self.record is not None else text


def one_line(exc: BaseException) -> str:
    """`Type: first line of the message`, short enough for a terminal line."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:300]}" if lines else type(exc).__name__


def _takes(method: Callable[..., Any], names: tuple[str, ...]) -> bool:
    """Whether the bound `method` accepts exactly these positional arguments."""
    try:
        inspect.signature(method).bind(*names)
    except TypeError:
        return False
    except ValueError:  # no signature to inspect (C code): give it the benefit of the doubt
        return True
    return True


def _check(controller: Controller, reference: str) -> None:
    checks = [("act", ("obs",)), ("reset", ("specs", "rng"))]
    if isinstance(controller, SingleController):
        checks.append(("act_one", ("obs", "row")))
    for method, names in checks:
        if not _takes(getattr(controller, method), names):
            wanted = ", ".join(("self",) + names)
            got = ", ".join(["self", *map(str, inspect.signature(getattr(controller, method)).parameters.values())])
            raise PluginError(f"controller '{reference}': {method} must be {method}({wanted}), "
                              f"not {method}({got})")
    if not isinstance(controller.level, (ControlLevel, FixedWingLevel)):
        raise PluginError(f"controller '{reference}': level must be a ControlLevel or FixedWingLevel, "
                          f"got {controller.level!r}")


def start_plugin(reference: str, factory: Any, params: dict[str, Any]) -> Controller:
    """Instantiate a plug-in with the scenario's `params`, check it, and wrap it."""
    if isinstance(factory, type):
        if not issubclass(factory, Controller):
            raise PluginError(f"controller '{reference}': {factory.__name__} is not an agents.base.Controller")
        missing = sorted(getattr(factory, "__abstractmethods__", ()))
        if missing:
            raise PluginError(f"controller '{reference}': {factory.__name__} does not implement "
                              f"{', '.join(missing)}")
    elif not callable(factory):
        raise PluginError(f"controller '{reference}': {type(factory).__name__} object is not a Controller class")
    try:
        controller = factory(**params)
    except Exception as exc:  # the plug-in's own constructor failed
        raise PluginError(f"controller '{reference}': could not be created with parameters "
                          f"{sorted(params)}: {one_line(exc)}") from None
    if not isinstance(controller, Controller):
        raise PluginError(f"controller '{reference}': {type(controller).__name__} is not an agents.base.Controller")
    _check(controller, reference)
    return GuardedController(controller, reference)


class GuardedController(Controller):
    """A plug-in behind a check of every call: its faults become one-line PluginErrors."""

    def __init__(self, inner: Controller, reference: str) -> None:
        self.inner, self.reference = inner, reference
        self.params = inner.params

    @property
    def level(self) -> IntEnum:  # type: ignore[override]  # the loop reads the plug-in's level
        return self.inner.level

    def __getattr__(self, name: str) -> Any:  # anything else a caller wants from the plug-in
        inner = self.__dict__.get("inner")  # absent while copy/pickle rebuild the object
        if inner is None:
            raise AttributeError(name)
        return getattr(inner, name)

    def reset(self, specs: list[EntitySpec], rng: np.random.Generator) -> None:
        wings = [s.airframe.name for s in specs if getattr(s.airframe, "kind", "") == "fixed_wing"]
        if isinstance(self.inner.level, ControlLevel) and wings:
            raise PluginError(f"controller '{self.reference}': flies at {self.inner.level!r}, a multirotor "
                              f"level, but {wings[0]} is a fixed wing (use a FixedWingLevel)")
        try:
            self.inner.reset(specs, rng)
        except Exception as exc:
            raise PluginError(f"controller '{self.reference}' raised in reset: {one_line(exc)}") from exc

    def act(self, obs: Observation) -> np.ndarray:
        try:
            out = self.inner.act(obs)
        except Exception as exc:
            raise PluginError(f"controller '{self.reference}' raised at t = {obs.t_s:.2f} s: "
                              f"{one_line(exc)}") from exc
        try:
            values = np.asarray(out, dtype=float)
        except (TypeError, ValueError):
            values = None
        n = len(obs.ids)
        if values is None or values.shape not in ((n, 4), (n, 5)):
            got = f"shape {values.shape}" if values is not None else f"a {type(out).__name__} of non-numbers"
            raise PluginError(f"controller '{self.reference}': act returned {got} at t = {obs.t_s:.2f} s; "
                              f"expected ({n}, 4), one row of 4 numbers per entity")
        finite = np.isfinite(values).all(axis=1)
        if not finite.all():  # NaN would spread silently through the physics of that drone
            raise PluginError(f"controller '{self.reference}': act returned NaN or inf for entity "
                              f"{int(obs.ids[np.argmin(finite)])} at t = {obs.t_s:.2f} s")
        return values
