"""Our integrator against pybullet's, driven by the same force model (issue 2, section 6).

A quadrotor (the interceptor unless told otherwise) flies 5 s of aggressive
manoeuvres (a flip, a hard pitch-down, a sprint, a fast spin, a position
recovery) under its own controller. In lockstep, a pybullet body with the same
mass and inertia flies the same commands: at every physics step our force model
(controller, mixer, motor lag, drag) is evaluated on *pybullet's* state and the
resulting wrench (world-frame force, body-frame torque) is applied to it. Only
the integration differs. An open-loop replay of recorded torques would not do:
it diverges exponentially through the spin, whatever the integrator.

pybullet's multibody integrator is semi-implicit Euler, first order: it moves
with the velocity at the end of each step, so its position runs about v*dt/2
ahead of the exact motion (free fall at 240 Hz: 4.1 cm too far after 2 s,
where ours is exact to rounding). It is therefore stepped several times per
1/240 s (`substeps`), holding each wrench, so that it approximates the exact
solution our second-order scheme targets. The gap halves with every doubling
of the sub-steps (12.7 cm at 1, 2.5 cm at 5, 0.62 cm at 20 for the
interceptor; docs/physics.md): it is pybullet's own error, not ours.

`python -m sim.bench.pybullet_twin [SUBSTEPS ...]` prints the worst gaps for
1, 5 and 20 sub-steps (or the ones given).
"""

from __future__ import annotations

import math
import sys

import numpy as np
from sim.quiet_pybullet import pb

from sim.config.airframe import Quadrotor
from sim.config.loading import load_airframe
from sim.dynamics import layout as L
from sim.dynamics.quad_fleet import STANDARD_GRAVITY, QuadFleet
from sim.world import World

PHYSICS_DT = 1.0 / 240.0
REFERENCE_SUBSTEPS = 20  # pybullet steps per 1/240 s in the section-6 check
MANOEUVRE = [  # (duration s, level, command)
    (0.6, L.ControlLevel.RATES, [12.0, 0.0, 2.0, 0.55]),  # fast roll with yaw: a flip
    (0.6, L.ControlLevel.ATTITUDE, [0.0, -0.9, 1.0, 0.5]),  # nose down hard
    (1.2, L.ControlLevel.VELOCITY, [25.0, -15.0, 6.0, 2.0]),  # sprint and climb
    (0.8, L.ControlLevel.RATES, [-3.0, 8.0, -4.0, 0.35]),  # fast three-axis spin
    (1.8, L.ControlLevel.POSITION, [10.0, 5.0, 40.0, -1.0]),  # recover to a point
]


class PybulletTwin:
    """A free pybullet body that flies on our force model, evaluated on its own state."""

    def __init__(self, airframe: Quadrotor, start: np.ndarray, substeps: int) -> None:
        self.client = pb.connect(pb.DIRECT)
        self.substeps = substeps
        pb.setGravity(0, 0, -STANDARD_GRAVITY, physicsClientId=self.client)
        pb.setTimeStep(PHYSICS_DT / substeps, physicsClientId=self.client)
        shape = pb.createCollisionShape(pb.GEOM_SPHERE, radius=0.1, physicsClientId=self.client)
        self.body = pb.createMultiBody(baseMass=airframe.mass_kg.value, baseCollisionShapeIndex=shape,
                                       physicsClientId=self.client)
        pb.changeDynamics(self.body, -1, linearDamping=0.0, angularDamping=0.0,
                          localInertiaDiagonal=airframe.body.inertia_kg_m2, physicsClientId=self.client)
        w, x, y, z = start[L.QUAT:L.QUAT + 4]
        pb.resetBasePositionAndOrientation(self.body, start[L.POS:L.POS + 3], [x, y, z, w],
                                           physicsClientId=self.client)
        self.model = QuadFleet()  # our force model; its own integration is discarded
        self.model.add(airframe, tuple(start[L.POS:L.POS + 3]), 0.0, np.random.default_rng(0))

    def state(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Position, velocity (world), quaternion (w, x, y, z) and body rates of the pybullet body."""
        position, (x, y, z, w) = pb.getBasePositionAndOrientation(self.body, physicsClientId=self.client)
        velocity, omega_world = pb.getBaseVelocity(self.body, physicsClientId=self.client)
        rotation = np.array(pb.getMatrixFromQuaternion((x, y, z, w))).reshape(3, 3)
        return np.array(position), np.array(velocity), np.array([w, x, y, z]), rotation.T @ omega_world

    def step(self, command: np.ndarray) -> None:
        """One 1/240 s step: our wrench on pybullet's state, held over `substeps` pybullet steps."""
        row = self.model.body(0)
        row[L.POS:L.POS + 3], row[L.VEL:L.VEL + 3], row[L.QUAT:L.QUAT + 4], row[L.OMEGA:L.OMEGA + 3] = self.state()
        self.model.cmd[:, 0] = command
        self.model.step(PHYSICS_DT, 1)
        force, torque = self.model.wrench[:3, 0], self.model.wrench[3:, 0]
        for _ in range(self.substeps):
            position, _ = pb.getBasePositionAndOrientation(self.body, physicsClientId=self.client)
            pb.applyExternalForce(self.body, -1, force, position, pb.WORLD_FRAME, physicsClientId=self.client)
            pb.applyExternalTorque(self.body, -1, torque, pb.LINK_FRAME, physicsClientId=self.client)
            pb.stepSimulation(physicsClientId=self.client)

    def close(self) -> None:
        pb.disconnect(physicsClientId=self.client)


def attitude_difference_deg(q1: np.ndarray, q2: np.ndarray) -> float:
    """Angle of the rotation between two unit quaternions, degrees."""
    return math.degrees(2.0 * math.acos(min(1.0, abs(float(np.dot(q1, q2))))))


def fly_both(substeps: int, airframe: Quadrotor | None = None) -> dict[str, float]:
    """Worst position and attitude gap over the manoeuvre, plus how wild it was.

    Returns `position_m` and `attitude_deg` (the worst gaps between our body and
    the pybullet twin), `max_rate_rad_s` and `max_speed_mps` (the peaks of our
    body, showing the manoeuvre was aggressive), and `min_altitude_m`: the twin
    has no ground, so a body that touches the ground (an airframe too weak for
    the manoeuvre) makes the comparison meaningless. The battery is left out:
    the twin's force model must see the same pack as ours.
    """
    if airframe is None:
        airframe = load_airframe("interceptor-quad")
    airframe = airframe.model_copy(update={"battery": None})
    world = World(seed=0)
    world.add_quadrotor(airframe, (0.0, 0.0, 30.0))
    twin = PybulletTwin(airframe, world.quads.body(0).copy(), substeps)
    gaps = {"position_m": 0.0, "attitude_deg": 0.0, "max_rate_rad_s": 0.0, "max_speed_mps": 0.0,
            "min_altitude_m": 30.0}
    try:
        for duration, level, command in MANOEUVRE:
            world.quads.set_command(0, level, command)
            for _ in range(round(duration * 240)):
                world.step(1)
                twin.step(world.quads.cmd[:, 0].copy())
                position, _, quat, _ = twin.state()
                ours = world.quads.body(0)
                gaps["position_m"] = max(gaps["position_m"], float(np.linalg.norm(position - ours[L.POS:L.POS + 3])))
                gaps["attitude_deg"] = max(gaps["attitude_deg"], attitude_difference_deg(quat, ours[L.QUAT:L.QUAT + 4]))
                gaps["max_rate_rad_s"] = max(gaps["max_rate_rad_s"], float(np.linalg.norm(ours[L.OMEGA:L.OMEGA + 3])))
                gaps["max_speed_mps"] = max(gaps["max_speed_mps"], float(np.linalg.norm(ours[L.VEL:L.VEL + 3])))
                gaps["min_altitude_m"] = min(gaps["min_altitude_m"], float(ours[L.POS + 2]))
    finally:
        twin.close()
    return gaps


def main(argv: list[str]) -> int:
    substeps = [int(a) for a in argv] or [1, 5, 20]
    print("pybullet twin, interceptor-quad, 5 s aggressive manoeuvre at 240 Hz")
    print(f"  {'pybullet sub-steps':>18}  {'worst position gap':>18}  {'worst attitude gap':>18}")
    for n in substeps:
        gaps = fly_both(n)
        print(f"  {n:>18}  {gaps['position_m'] * 100:>15.3f} cm  {gaps['attitude_deg']:>14.4f} deg")
    print(f"  (peak body rate {gaps['max_rate_rad_s']:.1f} rad/s, peak speed {gaps['max_speed_mps']:.1f} m/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
