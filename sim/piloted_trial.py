"""A trial with a soldier at the controls, ticked by its caller: the cockpit app, a scripted test, a rerun.

    trial = PilotedTrial("training-gate-course", callsign="Kestrel", control_hz=120)
    while not trial.done:                      # the app paces this against a real-time clock
        trial.seat.push(command)               # a sim.pilot_seat.PilotCommand, once per tick
        trial.tick()
    result = trial.finish()                    # or finish("quit") when the soldier ends early
    write_feedback(result.folder, answers)     # trials.feedback; optional, never blocks

The record is the headless one (meta.json, scenario.yaml, frames, events,
summary) plus `inputs.parquet`, meta `pilot_callsign` and `pilot_seat` (the
flown entity, side, airframe, duration and control rate: what a rerun needs).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from sim.config.resolve import resolve, scenario_yaml
from sim.config.scenario_loading import load_scenario
from sim.loop import EventCollector, TrialLoop
from sim.pilot_seat import PilotCommand, PilotSeat
from sim.seat_install import install_seat
from sim.trial import DEFAULT_OUT, TrialResult
from sim.trial_setup import build_trial, resolve_stream
from trials import TrialRecorder, new_trial_id, software_provenance
from trials.input_log import InputLog
from trials.metrics import compute_metrics
from trials.recorder import one_line

log = logging.getLogger(__name__)
QUIT = "quit"  # end reason when the soldier ends the flight before the scenario does


def _controllers(scenario) -> dict[str, str]:
    out = {wave.name: wave.behaviour for wave in scenario.red.waves}
    for site in scenario.blue.launch_sites:
        out.update({name: scenario.blue.interceptor(name).controller for name in site.magazine})
    return out


class PilotedTrial:
    """One piloted trial (see the module docstring). `out_dir=None` records nothing (reruns)."""

    def __init__(self, scenario: str | Path, *, seed: int | None = None, side: str = "blue",
                 airframe: str | None = None, callsign: str | None = None, out_dir: Path | None = DEFAULT_OUT,
                 duration_s: float | None = None, control_hz: float | None = None) -> None:
        self._wall_start_s = time.perf_counter()
        loaded = load_scenario(scenario)
        self.seed = loaded.meta.seed if seed is None else int(seed)
        resolved = resolve(loaded, resolve_stream(self.seed))
        meta = resolved.scenario.meta.model_copy(update={"seed": self.seed} | (
            {"control_hz": float(control_hz)} if control_hz is not None else {}))
        # The record's scenario.yaml carries this seed and control rate: a rerun needs nothing else.
        resolved = dataclasses.replace(resolved, scenario=resolved.scenario.model_copy(update={"meta": meta}))
        self.resolved = resolved
        self.duration_s = float(duration_s if duration_s is not None else meta.duration_s)
        if not self.duration_s > 0:
            raise ValueError(f"duration_s must be positive, got {self.duration_s}")
        setup = build_trial(resolved, self.seed)
        self._collector = EventCollector()
        self.loop = TrialLoop(setup, [self._collector])
        self.max_ticks = math.ceil(self.duration_s / self.loop.dt_control - 1e-9)
        try:
            self.seat: PilotSeat = install_seat(self.loop, side, airframe)
        except BaseException:
            setup.world.geometry.close()
            raise
        self.entity_id = self.seat.entity_id
        self.airframe = self.loop.entities.airframe[self.entity_id]
        self.recorder: TrialRecorder | None = None
        self.inputs: InputLog | None = None
        self.folder: Path | None = None
        self.finished = False
        if out_dir is not None:
            self._open_record(Path(out_dir), side, callsign)

    def _open_record(self, out_dir: Path, side: str, callsign: str | None) -> None:
        sc = self.resolved.scenario
        started = datetime.now(UTC)
        trial_id = new_trial_id(sc.meta.name, self.seed, started)
        meta = {
            "trial_id": trial_id, "scenario": sc.meta.name, "seed": self.seed, **software_provenance(),
            "airframes": sorted(self.resolved.airframes), "controllers": _controllers(sc),
            "pilot_callsign": callsign, "started_utc": started,
            "pilot_seat": {"entity_id": self.entity_id, "side": side, "airframe": self.airframe,
                           "duration_s": self.duration_s, "control_hz": self.loop.setup.control_hz},
        }
        try:
            self.recorder = TrialRecorder(out_dir / trial_id, meta, scenario_yaml(sc))
            self.inputs = InputLog(self.recorder.folder)
        except BaseException:
            self.loop.setup.world.geometry.close()
            raise
        self.folder = self.recorder.folder
        self.loop.sinks.insert(0, self.recorder)
        self.seat.input_sinks.append(self.inputs)

    @property
    def airframe_model(self) -> Any:
        """The flown airframe as resolved (prototype overrides applied): for feedback's name, version, hash."""
        return self.resolved.airframes[self.airframe]

    @property
    def t_s(self) -> float:
        return self.loop.t_s

    @property
    def done(self) -> bool:
        """The scenario ended (an end condition) or its duration is flown."""
        return self.loop.done_reason is not None or self.loop.tick_index >= self.max_ticks

    def tick(self) -> list[dict]:
        """One control tick (push the soldier's command before it); returns its events."""
        if self.finished:
            raise RuntimeError("the trial is finished")
        try:
            return self.loop.tick()
        except BaseException as exc:
            self.abort(exc)
            raise

    def fly(self, pilot: Callable[[PilotedTrial], PilotCommand | None]) -> TrialResult:
        """Tick to the end, pushing `pilot(self)` (None: no new input) before every tick; then finish."""
        while not self.done:
            command = pilot(self)
            if command is not None:
                self.seat.push(command)
            self.tick()
        return self.finish()

    def finish(self, reason: str | None = None) -> TrialResult:
        """End the trial: the `end` event, metrics, inputs.parquet, summary; `reason` if it ended early ("quit")."""
        if self.finished:
            raise RuntimeError("the trial is already finished")
        end = self.loop.done_reason or ("duration" if self.loop.tick_index >= self.max_ticks else reason or QUIT)
        try:
            for sink in self.loop.sinks:
                sink.add_events([{"t_s": self.loop.t_s, "kind": "end", "reason": end}])
            costs = {name: self.resolved.unit_cost_usd(name) for name in self.resolved.airframes}
            summary = compute_metrics(self._collector.events, costs)
            summary.update({"end_reason": end, "sim_time_s": round(self.loop.t_s, 6),
                            "bodies": len(self.loop.entities)})
            self.finished = True
            if self.inputs is not None:
                self.inputs.close()
            if self.recorder is not None:
                self.recorder.close("completed", summary)
        except BaseException as exc:
            self.abort(exc)
            raise
        finally:
            self.loop.setup.world.geometry.close()
        return TrialResult(self.folder, summary, end, time.perf_counter() - self._wall_start_s)

    @property
    def events(self) -> list[dict]:
        """Every event so far, in order."""
        return self._collector.events

    def abort(self, exc: BaseException) -> None:
        """Close the record as aborted (what was written stays readable); idempotent."""
        self.finished = True
        if self.inputs is not None and not self.inputs.closed:
            try:
                self.inputs.close()
            except Exception as close_exc:  # noqa: BLE001 - the stream stays on disk for readers
                log.warning("inputs of %s not converted: %s", self.folder, close_exc)
        if self.recorder is not None and not self.recorder.closed:
            self.recorder.close("aborted", None, abort_reason=one_line(exc))
        self.loop.setup.world.geometry.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and not self.finished:
            self.abort(exc)
        elif not self.finished:
            self.finish(QUIT)
        return False
