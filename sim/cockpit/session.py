"""A trial loop set up for the cockpit: the control tick at the frame rate.

A pilot's stick can only reach the picture as fast as the loop ticks: with the
engine's default 30 Hz control and 120 frames per second, three frames in four
would show an unchanged world and a stick event would wait up to 33 ms. So the
cockpit runs the scenario with `meta.control_hz` = the frame rate (240 Hz physics,
2 sub-steps per tick); AI groups keep their own decision rates (30 Hz blue, 5 Hz
red), and the trial record keeps the rate in its scenario.yaml, so reruns match.
"""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path

from sim.config.resolve import ResolvedScenario, resolve
from sim.config.scenario_loading import load_scenario
from sim.loop import Sink, TrialLoop
from sim.trial_setup import build_trial, resolve_stream

DEFAULT_FRAME_HZ = 120.0


def with_control_hz(resolved: ResolvedScenario, control_hz: float) -> ResolvedScenario:
    """The same resolved scenario ticking its controllers at `control_hz`."""
    meta = resolved.scenario.meta.model_copy(update={"control_hz": float(control_hz)})
    return dataclasses.replace(resolved, scenario=resolved.scenario.model_copy(update={"meta": meta}))


def cockpit_loop(scenario: str | Path, seed: int | None = None, control_hz: float | None = DEFAULT_FRAME_HZ,
                 sinks: list[Sink] = ()) -> TrialLoop:
    """Load, resolve and build a scenario as `sim.trial.run_trial` does; `control_hz` None keeps the scenario's."""
    loaded = load_scenario(scenario)
    seed = loaded.meta.seed if seed is None else int(seed)
    resolved = resolve(loaded, resolve_stream(seed))
    if control_hz is not None:
        resolved = with_control_hz(resolved, control_hz)
    return TrialLoop(build_trial(resolved, seed), list(sinks))


def freeze_heap() -> None:
    """Call once after set-up, before the first frame: moves every object alive now out of the
    garbage collector's sight. A full collection over a built trial (~150k objects: pydantic
    models, the static world) took ~50 ms here, a dropped frame whenever it ran mid-flight."""
    gc.collect()
    gc.freeze()
