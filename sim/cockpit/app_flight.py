"""One flight of the cockpit app: a piloted trial, the soldier's control step and the cockpit view.

    flight = Flight(FlightSpec("training-hover-and-land"), profile, inputs, (640, 480))
    every frame: flight.advance(clock.due()); flight.draw(window)
    result = flight.finish()          # or finish("quit"); the record is complete after this

Each control tick: the flown drone's state -> `PilotControl.step` (sticks,
arming, flight mode, unplug failsafe) -> the seat's command -> `trial.tick()`.
The inputs are recorded by the seat, so `slab rerun` re-flies it exactly.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass
from pathlib import Path

import moderngl
import pygame

from sim.cockpit.arming import ArmBlock
from sim.cockpit.failsafe import LinkState
from sim.cockpit.flight_modes import FlightMode
from sim.cockpit.hud_state import HudState, HudStateBuilder
from sim.cockpit.pilot import PilotControl
from sim.cockpit.pilot_input import PilotInputs
from sim.cockpit.profile import PilotProfile
from sim.cockpit.render.scene import SnapshotBuilder, static_scene_from_setup
from sim.cockpit.seat_link import flown_state, pilot_command
from sim.cockpit.video_link import MAX_LATENCY_S, VideoKind
from sim.cockpit.view import CameraMode, CameraRig, CockpitView
from sim.config.airframe import FixedWing
from sim.piloted_trial import QUIT, PilotedTrial
from sim.trial import DEFAULT_OUT, TrialResult
from trials.feedback import model_sha256

CONTROL_HZ = 120.0  # the soldier's control step: one tick per frame at 120 fps (see sim/cockpit/session.py)


class FlightError(ValueError):
    """A flight the cockpit cannot fly as asked (one line)."""


@dataclass(frozen=True)
class FlightSpec:
    """What `slab fly` was asked to fly."""

    scenario: str | Path
    side: str = "blue"
    airframe: str | None = None
    callsign: str | None = None
    duration_s: float | None = None
    out_dir: Path | None = DEFAULT_OUT
    seed: int | None = None


def _new_trial(spec: FlightSpec, record: bool) -> PilotedTrial:
    def build() -> PilotedTrial:
        return PilotedTrial(spec.scenario, seed=spec.seed, side=spec.side, airframe=spec.airframe,
                            callsign=spec.callsign, out_dir=spec.out_dir if record else None,
                            duration_s=spec.duration_s, control_hz=CONTROL_HZ)
    try:
        return build()
    except FileExistsError:
        # Record folders are named to the second and never overwritten: a restart within the
        # same second waits for the next one.
        time.sleep(1.0 - math.modf(time.time())[0] + 0.01)
        return build()


def open_trial(spec: FlightSpec, record: bool = True) -> PilotedTrial:
    """The spec's piloted trial (recorded into `spec.out_dir` when `record`); FlightError for a fixed wing."""
    trial = _new_trial(spec, record)
    if isinstance(trial.airframe_model, FixedWing):
        if trial.folder is not None:
            trial.abort(FlightError("fixed wing"))
        else:
            trial.finish(QUIT)
        raise FlightError(f"'{trial.airframe}' is a fixed wing: the cockpit flies multirotors only "
                          f"(pick one with --airframe)")
    return trial


def video_settings(airframe, profile: PilotProfile) -> tuple[float, VideoKind]:
    """Video delay (airframe's link + the profile's extra, capped at what the link emulates) and kind."""
    video = airframe.camera.video
    base_ms = video.latency_ms.value if video is not None else 0.0
    latency_s = min((base_ms + profile.video_latency_ms) / 1000.0, MAX_LATENCY_S)
    return latency_s, VideoKind(video.kind) if video is not None else VideoKind.ANALOG


class Flight:
    def __init__(self, spec: FlightSpec, profile: PilotProfile, inputs: PilotInputs, size: tuple[int, int],
                 ctx: moderngl.Context | None = None) -> None:
        self.spec = spec
        self.trial = open_trial(spec)
        try:
            trial, entity = self.trial, self.trial.entity_id
            home = tuple(float(v) for v in trial.loop.entities.home_m[entity])
            self.control = PilotControl(profile, inputs, entity, trial.airframe_model, home)
            latency_s, kind = video_settings(trial.airframe_model, profile)
            self.view = CockpitView(static_scene_from_setup(trial.loop.setup), size, ctx=ctx, latency_s=latency_s,
                                    video_kind=kind, max_fps=CONTROL_HZ)
        except BaseException as exc:
            self.trial.abort(exc)
            raise
        self.snapshots = SnapshotBuilder(trial.loop)
        self.osd = HudStateBuilder(trial.loop, entity)
        self.camera = CameraMode.FPV
        self.fpv_rig = CameraRig(CameraMode.FPV, entity, profile.camera.uptilt_deg, profile.camera.fov_deg)
        self.chase_rig = CameraRig(CameraMode.CHASE, entity)
        self.result: TrialResult | None = None

    @property
    def done(self) -> bool:
        return self.trial.done

    @property
    def t_s(self) -> float:
        return self.trial.t_s

    def advance(self, ticks: int) -> int:
        """Run up to `ticks` control ticks (fewer if the trial ends); returns how many ran."""
        trial, control = self.trial, self.control
        dt_s = trial.loop.dt_control
        ran = 0
        while ran < ticks and not trial.done:
            step = control.step(trial.t_s, dt_s, flown_state(trial))
            trial.seat.push(pilot_command(step, control.modes.mode))
            trial.tick()
            ran += 1
        return ran

    def set_mode(self, mode: FlightMode) -> None:
        self.control.set_mode(mode)

    def toggle_view(self) -> CameraMode:
        self.camera = CameraMode.CHASE if self.camera is CameraMode.FPV else CameraMode.FPV
        return self.camera

    def toggle_map(self) -> bool:
        self.view.show_map = not self.view.show_map
        return self.view.show_map

    def hud_state(self, snapshot) -> HudState:
        control = self.control
        state = self.osd.build(snapshot, control.modes.mode.value.upper(), control.arming.armed)
        extra = []
        if control.failsafe.state is LinkState.HOLDING:
            extra.append("CONTROLLER LOST - HOLD")
        elif control.failsafe.state is LinkState.FAILSAFE:
            extra.append("CONTROLLER LOST - FAILSAFE")
        if control.arming.block is ArmBlock.THROTTLE_HIGH and not control.arming.armed:
            extra.append("THROTTLE DOWN TO ARM")
        return dataclasses.replace(state, warnings=state.warnings + tuple(extra)) if extra else state

    def draw(self, surface: pygame.Surface) -> None:
        snapshot = self.snapshots.build()
        rig = self.fpv_rig if self.camera is CameraMode.FPV else self.chase_rig
        self.view.draw(surface, snapshot, rig, self.hud_state(snapshot))

    def feedback_identity(self, callsign: str) -> dict[str, str]:
        """Who flew what, for feedback.json: callsign, airframe name, version and hash as flown."""
        model = self.trial.airframe_model
        return {"callsign": callsign, "airframe": self.trial.airframe, "airframe_version": model.version,
                "airframe_sha256": model_sha256(model)}

    def finish(self, reason: str | None = None) -> TrialResult:
        """Close the record (complete: end event, metrics, inputs); `reason` "quit" when ended early."""
        if self.result is None:
            self.result = self.trial.finish(reason)
        return self.result

    def release(self, keep_context: bool = False) -> None:
        """Free the GL objects (and the context unless another flight reuses it)."""
        self.view.renderer.release()
        if not keep_context:
            self.view.ctx.release()
