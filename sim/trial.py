"""Run one trial end to end: scenario -> world -> loop -> record -> metrics.

`run_trial` is what `slab run` (and later campaigns and `slab eval`) call. The
record is opened before the first tick and closed after the last; if anything
goes wrong in between, it is closed as `aborted` with the reason and nothing
already written is lost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping

from agents.overrides import apply_agents, controllers_of
from agents.plugin_guard import PluginError
from sim.config.resolve import resolve, scenario_yaml
from sim.config.scenario_loading import load_scenario
from sim.loop import EventCollector, TrialLoop
from sim.trial_setup import build_trial, resolve_stream
from trials import TrialRecorder, new_trial_id, software_provenance
from trials.metrics import compute_metrics

DEFAULT_OUT = Path("trial-logs")


@dataclass(frozen=True)
class TrialResult:
    folder: Path | None
    summary: dict
    end_reason: str
    wall_time_s: float

    @property
    def realtime_factor(self) -> float:
        return self.summary["sim_time_s"] / self.wall_time_s if self.wall_time_s > 0 else float("inf")


def _meta(resolved, seed: int, trial_id: str, started: datetime, controllers: dict[str, str]) -> dict:
    return {
        "trial_id": trial_id, "scenario": resolved.scenario.meta.name, "seed": seed,
        **software_provenance(), "airframes": sorted(resolved.airframes), "controllers": controllers,
        "pilot_callsign": None, "started_utc": started,
    }


def run_trial(scenario: str | Path, seed: int | None = None, out_dir: Path | None = DEFAULT_OUT,
              duration_s: float | None = None,
              progress: Callable[[float, float], None] | None = None,
              agents: Mapping[str, str] | None = None) -> TrialResult:
    """Play a scenario headless; write its record under `out_dir` (None: no record).

    `agents` overrides controllers by side or group (agents.overrides), e.g. {"blue": "apn"}."""
    loaded = load_scenario(scenario)
    seed = loaded.meta.seed if seed is None else int(seed)
    resolved = resolve(loaded, resolve_stream(seed))
    if agents:
        resolved = replace(resolved, scenario=apply_agents(resolved.scenario, agents, Path.cwd()))
    # The record's scenario.yaml reruns this trial: the resolved numbers and this seed.
    recorded = resolved.scenario.model_copy(update={"meta": resolved.scenario.meta.model_copy(update={"seed": seed})})
    setup = build_trial(resolved, seed)
    duration = float(duration_s if duration_s is not None else resolved.scenario.meta.duration_s)
    controllers = controllers_of(resolved.scenario)
    started = datetime.now(timezone.utc)
    recorder = None
    if out_dir is not None:
        trial_id = new_trial_id(resolved.scenario.meta.name, seed, started)
        recorder = TrialRecorder(Path(out_dir) / trial_id, _meta(resolved, seed, trial_id, started, controllers),
                                 scenario_yaml(recorded))
    loop = TrialLoop(setup, [recorder] if recorder else [])
    wall = time.perf_counter()
    events: list[dict] = []
    loop.sinks.append(EventCollector(events))
    try:
        reason = loop.run(duration, progress)
    except BaseException as exc:
        if recorder is not None:
            recorder.close("aborted", None, abort_reason=f"{type(exc).__name__}: {exc}".splitlines()[0][:500])
            if isinstance(exc, PluginError):  # its one-line message then says where the record is
                exc.record = recorder.folder
        raise
    finally:
        setup.world.geometry.close()
    wall = time.perf_counter() - wall
    costs = {name: resolved.unit_cost_usd(name) for name in resolved.airframes}
    summary = compute_metrics(events, costs)
    # Only what the seed determines goes in the record; wall-clock figures are reported apart.
    summary.update({"end_reason": reason, "sim_time_s": round(loop.t_s, 6), "bodies": len(setup.entities)})
    if recorder is not None:
        recorder.close("completed", summary)
    return TrialResult(recorder.folder if recorder else None, summary, reason, wall)
