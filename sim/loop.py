"""The fixed-step trial loop: sense -> decide -> control -> dynamics -> engagement.

Each control tick: spawn due threats and airborne launches, run the sensors
and the command post on the fused picture, assess radio links and jamming,
ask every controller group for commands (failsafes override), advance the
world by its physics sub-steps, then resolve kills, misses, leakers, crashes
and flat batteries. Events and telemetry frames go to the sinks; nothing here
knows what a sink does with them (record, cockpit, RL adapter).
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from agents.base import Observation
from sim.bodies import Bodies
from sim.command_post import CommandPost
from sim.engagement import MissDetector
from sim.entities import FLYING, RED, SIDE_NAMES, WAITING, Side, Status
from sim.ew import ElectronicWarfare, FailsafeMonitor, NavigationDrift
from sim.failsafes import failsafe_commands
from sim.gates import GateCourse, check_gates
from sim.launch_schedule import scheduled_launches
from sim.observation import ObservationBuilder
from sim.sensors import SensorSuite
from sim.outcomes import resolve_tick
from sim.telemetry import frame_block, targets_of, truth_picture
from sim.trial_setup import TrialSetup
from trials.frame_block import FrameBlock


LINK_HZ = 10.0
COMMAND_HZ = 5.0
SLOW_HZ = 10.0  # rate of the loop's slow phases (see TrialLoop.tick)


class Sink(Protocol):
    """Receives events and telemetry frames; a sink with `wants_frames = False` gets no frames
    (the loop then skips gathering them). A frame is a trials.frame_block.FrameBlock: a
    read-only mapping of column name to array, fresh each tick and shared by the sinks."""

    def add_frame(self, t_s: float, columns: FrameBlock) -> None: ...

    def add_events(self, events: list[dict]) -> None: ...


class EventCollector:
    """A sink that keeps every event in memory (for the summary, reruns, tests); it takes no frames."""

    wants_frames = False  # the loop skips gathering frames for it

    def __init__(self, events: list[dict] | None = None) -> None:
        self.events: list[dict] = [] if events is None else events

    def add_frame(self, t_s: float, columns: FrameBlock) -> None:
        pass

    def add_events(self, events: list[dict]) -> None:
        self.events.extend(events)


class TrialLoop:
    def __init__(self, setup: TrialSetup, sinks: list[Sink] = ()) -> None:
        self.setup, self.sinks = setup, list(sinks)
        sc, world, entities = setup.resolved.scenario, setup.world, setup.entities
        self.world, self.entities, self.bodies = world, entities, Bodies(world, entities)
        substeps = round(world.dt ** -1 / setup.control_hz)
        if substeps < 1 or abs(substeps * setup.control_hz * world.dt - 1.0) > 1e-9:
            raise ValueError(f"physics rate {1 / world.dt:g} Hz is not a multiple of control rate {setup.control_hz:g} Hz")
        self.substeps, self.dt_control = substeps, substeps * world.dt
        self.slow_every = max(1, round(setup.control_hz / SLOW_HZ))
        self.picture_t_s = 0.0
        geometry = world.geometry
        sensor_rng, drift_rng = (np.random.default_rng(s) for s in world.sensor_seed.spawn(2))
        kill_seq, seeker_seq = world.scenario_seed.spawn(2)
        self.kill_rng, self.seeker_rng = np.random.default_rng(kill_seq), np.random.default_rng(seeker_seq)
        self.truth = sc.sensors.truth
        self.sensors = SensorSuite(sc.sensors, sensor_rng, geometry.terrain_height, geometry.line_of_sight,
                                   sc.weather.light, float(sc.weather.visibility_m), sc.meta.sensor_hz)
        self.ew = ElectronicWarfare(sc.ew, {name: a.link for name, a in setup.resolved.airframes.items()},
                                    geometry.terrain_height)
        self.nav = NavigationDrift(len(entities), float(sc.ew.gnss_denied_drift_mps), drift_rng)
        self.nav_error = np.zeros((len(entities), 3))
        self.failsafe = FailsafeMonitor(float(sc.ew.failsafe_hold_s))
        self.link_ok = np.ones(len(entities), dtype=bool)
        self.gnss_ok = np.ones(len(entities), dtype=bool)
        self.mode = np.zeros(len(entities), dtype=np.int8)  # 0 linked, 1 holding, 2 failsafe
        self.post = CommandPost(setup.sites, sc.blue.doctrine.shots_per_threat, sc.blue.doctrine.launch_range_m,
                                setup.assets.center_m, sc.blue.doctrine.assignment)
        self.post.pending.extend(scheduled_launches(setup))  # launch_sites[].launch_at_s
        self.gates = GateCourse.build(sc.area.gates, geometry.terrain_height)  # None without a course
        self.misses = MissDetector()
        resolved = setup.resolved
        names = entities.airframe
        self.lethal_m = np.array([resolved.lethal_radius_m(n) for n in names])
        self.kill_p = np.array([resolved.kill_probability(n) for n in names])
        signatures = [resolved.signature(n) for n in names]
        self.signature = {key: np.array([s[key] for s in signatures]) for key in ("rcs_m2", "sound_level_db", "size_m")}
        self.end_conditions = set(sc.rules.end_when)
        self.asset_hit_points_total = setup.assets.hit_points.copy()
        self.leak_radius_m = float(sc.rules.leak_radius_m)
        # Failsafe `continue`: an autonomous munition's own autopilot flies its pre-set route and dive on.
        self.flies_on_alone = np.array([resolved.airframes[n].failsafe == "continue" for n in names])
        self.warhead_kg = np.array([(a.payload.warhead_kg.value if a.payload.warhead_kg else 1.0)
                                    for a in (resolved.airframes[n] for n in names)])
        self.tick_index, self.t_s = 0, 0.0
        self.next_log_s = 0.0
        self.logged_flying = np.zeros(len(entities), dtype=bool)
        self.next_link_s = 0.0
        self._link_roster_ids = self._link_roster = self._link_stations = None
        self.next_command_s = 0.0
        self.picture = truth_picture(np.zeros(0, dtype=np.int64), np.zeros((0, 3)), np.zeros((0, 3)))
        self.done_reason: str | None = None
        self.observations = ObservationBuilder(self)

    # -- phases -------------------------------------------------------------
    def _emit(self, events: list[dict]) -> None:
        if events:
            for sink in self.sinks:
                sink.add_events(events)

    def _spawn(self, events: list[dict]) -> None:
        due = np.flatnonzero((self.entities.status == WAITING) & (self.entities.due_array <= self.t_s + 1e-9))
        for entity in due:
            spec = self._spec(int(entity))
            heading = math.atan2(*(np.subtract((spec.waypoints_m or [spec.target_m])[0][:2], spec.home_m[:2])[::-1]))
            self.bodies.activate(int(entity), spec.airframe, spec.home_m, heading, spec.speed_mps)
            self.entities.set_status(entity, Status.FLYING)
            x, y, z = (round(float(v), 3) for v in spec.home_m)
            events.append({"t_s": self.t_s, "kind": "spawn", "entity_id": int(entity),
                           "side": SIDE_NAMES[self.entities.side[entity]], "airframe": self.entities.airframe[entity],
                           "group": self.setup.groups[self.entities.group[entity]].name, "x_m": x, "y_m": y, "z_m": z})

    def _spec(self, entity: int):
        group = self.setup.groups[self.entities.group[entity]]
        return group.specs[group.entity_ids.index(entity)]

    def _launch(self, events: list[dict]) -> None:
        for order in self.post.due_launches(self.t_s):
            spec = self._spec(order.entity_id)
            self.bodies.activate(order.entity_id, spec.airframe, tuple(np.add(spec.home_m, (0.0, 0.0, 1.0))),
                                 0.0, 0.0)
            self.entities.set_status(order.entity_id, Status.FLYING)
            x, y, z = (round(float(v), 3) for v in spec.home_m)
            events.append({"t_s": self.t_s, "kind": "spawn", "entity_id": order.entity_id, "side": "blue",
                           "airframe": self.entities.airframe[order.entity_id], "group": order.site,
                           "x_m": x, "y_m": y, "z_m": z})
            truth = dict(zip(self.picture.track_ids.tolist(), self.picture.truth_ids.tolist())).get(order.track_id)
            site = next(s for s in self.setup.sites if s.name == order.site)
            events.append({"t_s": self.t_s, "kind": "launch", "entity_id": order.entity_id, "site": order.site,
                           "track_id": order.track_id, "target_id": truth,
                           "magazine_left": sum(len(p) for p in site.parked.values())})

    def _sense(self, events: list[dict]) -> None:
        red = self.entities.flying(Side.RED)
        positions, velocities = self.bodies.positions(red), self.bodies.velocities(red)
        self.picture_t_s = self.t_s
        if self.truth:
            self.picture = truth_picture(red, positions, velocities)
            return
        events.extend(self.sensors.update(self.t_s, targets_of(red, positions, velocities, self.signature)))
        self.picture = self.sensors.picture(self.t_s)

    def _links(self, events: list[dict]) -> None:
        # Links and jamming change over seconds: assessed at LINK_HZ, not every tick.
        if self.t_s + 1e-9 < self.next_link_s:
            return
        self.next_link_s = self.t_s + 1.0 / LINK_HZ
        flying = self.entities.flying()
        if flying.size == 0:
            return
        if flying is not self._link_roster_ids:  # entities.flying() is the same array until a status changes
            self._link_roster_ids = flying
            self._link_roster = [self.entities.airframe[e] for e in flying]
            self._link_stations = self.entities.station_array[flying]
        state = self.ew.assess(self.t_s, self.bodies.positions(flying), self._link_stations, self._link_roster)
        self.link_ok[flying], self.gnss_ok[flying] = state.control_ok, state.gnss_ok
        self.nav_error = self.nav.update(1.0 / LINK_HZ, self.gnss_ok)
        mode, link_events = self.failsafe.update(self.t_s, flying, state.control_ok)
        self.mode[flying] = mode
        for event in link_events:
            airframe = self.setup.resolved.airframes[self.entities.airframe[event["entity_id"]]]
            if event["kind"] == "failsafe":
                event["action"] = airframe.failsafe
        events.extend(link_events)

    def _decide(self) -> None:
        if self.t_s + 1e-9 >= self.next_command_s:  # command decisions take seconds, not ticks
            self.next_command_s = self.t_s + 1.0 / COMMAND_HZ
            blue_flying = self.entities.flying(Side.BLUE)
            self.post.update(self.t_s, self.picture, blue_flying, self.bodies.positions(blue_flying))
        snapshot = None
        due = [group for group in self.setup.groups if self.t_s + 1e-9 >= group.next_due_s]
        red_due = any(group.side == Side.RED for group in due)
        for group in due:
            group.next_due_s = self.t_s + 1.0 / group.rate_hz
            members = group.members
            ids = members[self.entities.status[members] == FLYING]
            if ids.size == 0:
                continue
            snapshot = snapshot or self.observations.snapshot(red_due)
            obs = self.observations.build(ids, group.rate_hz, snapshot)
            out = np.asarray(group.controller.act(obs), dtype=float)
            values = out[:, :4]
            levels = out[:, 4] if out.shape[1] > 4 else np.full(len(ids), float(group.controller.level))
            keep = (self.mode[ids] == 0) | self.flies_on_alone[ids]
            self.bodies.command(ids[keep], values[keep], levels[keep])
        failing = np.flatnonzero((self.mode == 2) & ~self.flies_on_alone)
        if failing.size:
            values, levels = failsafe_commands(self, failing)
            self.bodies.command(failing, values, levels)

    def observe(self, ids: np.ndarray, rate_hz: float | None = None) -> Observation:
        """What the entities `ids` (blue, flying) know now, as their controllers see it.

        For adapters that act between ticks (the PettingZoo env). It draws seeker
        noise, so it advances the seeker's random stream like a controller tick."""
        ids = np.asarray(ids, dtype=np.int64)
        return self.observations.build(ids, rate_hz or self.setup.control_hz, self.observations.snapshot(False))

    # -- the tick -------------------------------------------------------------
    def tick(self) -> list[dict]:
        """One control period; returns its events (already given to the sinks).

        Every tick: launches, blue decisions, physics, proximity kills, crashes.
        Slow ticks (SLOW_HZ): spawns, sensing, links, misses, leakers, batteries
        and end conditions, which change over tenths of seconds, not ticks.
        """
        events: list[dict] = []
        slow = self.tick_index % self.slow_every == 0
        if slow:
            self._spawn(events)
        self._launch(events)
        if slow:
            self._sense(events)
            self._links(events)
        self._decide()
        flying = self.entities.flying()
        before = self.bodies.positions(flying)
        crashes = self.world.step(self.substeps)
        self.bodies.invalidate()
        self.tick_index += 1
        self.t_s = self.tick_index * self.dt_control
        resolve_tick(self, flying, before, crashes, events, slow)
        check_gates(self, flying, before, events)
        if self.t_s + 1e-9 >= self.next_log_s:
            self._log_frame()
            self.next_log_s += 1.0 / self.setup.log_hz
        self._emit(events)
        if slow or events:
            self.done_reason = self._end_reason()
        return events

    def _log_frame(self) -> None:
        """A telemetry row for every entity in the air, and a last one for each that left it since.

        Destroyed, crashed and landed entities stop changing; their final row
        (alive = false) ends their track, as in Tacview and replay viewers.
        """
        flying = self.entities.status == FLYING
        rows = np.flatnonzero(flying | self.logged_flying)
        self.logged_flying = flying
        sinks = [sink for sink in self.sinks if getattr(sink, "wants_frames", True)]
        if rows.size == 0 or not sinks:
            return
        frame = frame_block(self, rows)  # one fresh block, shared by the sinks: read-only
        for sink in sinks:
            sink.add_frame(self.t_s, frame)

    def _end_reason(self) -> str | None:
        status, side = self.entities.status, self.entities.side_array
        red_open = np.any((side == RED) & ((status == WAITING) | (status == FLYING)))
        if "all_threats_resolved" in self.end_conditions and np.any(side == RED) and not red_open:
            return "all_resolved"
        destroyed = self.setup.assets.hit_points <= 0
        if "any_asset_destroyed" in self.end_conditions and destroyed.any():
            return "assets_destroyed"
        if "all_assets_destroyed" in self.end_conditions and destroyed.size and destroyed.all():
            return "assets_destroyed"
        return None

    def run(self, duration_s: float, progress=None) -> str:
        """Tick until an end condition or `duration_s`; emits the `end` event; returns the reason."""
        ticks = int(math.ceil(duration_s / self.dt_control - 1e-9))
        while self.tick_index < ticks and self.done_reason is None:
            self.tick()
            if progress is not None:
                progress(self.t_s, duration_s)
        reason = self.done_reason or "duration"
        self._emit([{"t_s": self.t_s, "kind": "end", "reason": reason}])
        return reason
