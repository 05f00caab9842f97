"""Training-course gates: which bodies flew through which gate this tick (`gate_passed` events).

A gate is a rectangle with a unit normal `n` (its direction of passage) and
two in-plane axes. A body passes it when the segment it moved along this tick
goes from behind the plane (n . (p - c) < 0) to on or in front of it, and the
crossing point lies inside the rectangle. Gates are few (a course), so the
check is one small numpy pass over flying bodies x gates, and costs nothing
in scenarios without gates (the loop holds no course then).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.config.scenario_area import Gate


@dataclass(frozen=True)
class GateCourse:
    names: list[str | None]
    center_m: np.ndarray  # (g, 3) absolute ENU
    normal: np.ndarray  # (g, 3) direction of passage
    axis_u: np.ndarray  # (g, 3) width axis
    axis_v: np.ndarray  # (g, 3) height axis
    half_u_m: np.ndarray  # (g,)
    half_v_m: np.ndarray  # (g,)

    @classmethod
    def build(cls, gates: list[Gate], ground_height_m) -> GateCourse | None:
        """The course of a resolved scenario's `area.gates` (None without gates).

        `ground_height_m(x, y)` (arrays) puts each gate's height above the local terrain."""
        if not gates:
            return None
        xy = np.array([[float(g.position_m[0]), float(g.position_m[1])] for g in gates])
        ground = np.asarray(ground_height_m(xy[:, 0], xy[:, 1]), dtype=float)
        centers, normals, us, vs = [], [], [], []
        for i, (gate, z0) in enumerate(zip(gates, ground)):
            yaw = math.radians(float(gate.yaw_deg))
            along, across = np.array([math.cos(yaw), math.sin(yaw), 0.0]), np.array([-math.sin(yaw), math.cos(yaw), 0.0])
            up = np.array([0.0, 0.0, 1.0])
            normal, u, v = ((-up, along, across) if gate.horizontal else (along, across, up))
            centers.append((xy[i, 0], xy[i, 1], z0 + float(gate.position_m[2])))
            normals.append(normal)
            us.append(u)
            vs.append(v)
        sizes = np.array([[float(g.size_m[0]), float(g.size_m[1])] for g in gates])
        return cls([g.name for g in gates], np.array(centers), np.array(normals), np.array(us), np.array(vs),
                   sizes[:, 0] / 2, sizes[:, 1] / 2)

    def passes(self, before_m: np.ndarray, after_m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(body rows, gate indices, crossing fractions 0..1) of every pass between the two positions."""
        rel0 = before_m[:, None, :] - self.center_m[None, :, :]  # (n, g, 3)
        rel1 = after_m[:, None, :] - self.center_m[None, :, :]
        d0 = np.einsum("ngk,gk->ng", rel0, self.normal)
        d1 = np.einsum("ngk,gk->ng", rel1, self.normal)
        crossing = (d0 < 0.0) & (d1 >= 0.0)
        if not crossing.any():
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        rows, gates = np.nonzero(crossing)
        s = d0[rows, gates] / (d0[rows, gates] - d1[rows, gates])
        point = rel0[rows, gates] + s[:, None] * (rel1[rows, gates] - rel0[rows, gates])
        inside = ((np.abs(np.einsum("mk,mk->m", point, self.axis_u[gates])) <= self.half_u_m[gates])
                  & (np.abs(np.einsum("mk,mk->m", point, self.axis_v[gates])) <= self.half_v_m[gates]))
        return rows[inside], gates[inside], s[inside]

    def events(self, t_s: float, dt_s: float, ids: np.ndarray, before_m: np.ndarray,
               after_m: np.ndarray) -> list[dict]:
        """`gate_passed` events of the bodies `ids` that moved from `before_m` to `after_m` in the tick ending at t_s."""
        out = []
        rows, gates, fractions = self.passes(before_m, after_m)
        for row, gate, s in sorted(zip(rows.tolist(), gates.tolist(), fractions.tolist()), key=lambda r: (r[2], r[0])):
            point = before_m[row] + s * (after_m[row] - before_m[row])
            x, y, z = (round(float(v), 3) + 0.0 for v in point)  # + 0.0: no '-0.0' in the record
            event = {"t_s": t_s, "kind": "gate_passed", "entity_id": int(ids[row]), "gate": int(gate),
                     "crossing_t_s": round(t_s - dt_s + s * dt_s, 6),
                     "speed_mps": round(float(np.linalg.norm(after_m[row] - before_m[row])) / dt_s, 3),
                     "x_m": x, "y_m": y, "z_m": z}
            if self.names[gate] is not None:
                event["name"] = self.names[gate]
            out.append(event)
        return out


def check_gates(loop, flying: np.ndarray, before_m: np.ndarray, events: list[dict]) -> None:
    """The loop's hook: gate passes of the bodies that were flying at the start of this tick."""
    course: GateCourse | None = loop.gates
    if course is None or flying.size == 0:
        return
    events.extend(course.events(loop.t_s, loop.dt_control, flying, before_m, loop.bodies.positions(flying)))
