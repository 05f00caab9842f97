"""Raw pybullet cost per body-step, driven the way pybullet drone simulators do it.

gym-pybullet-drones and PyFlyt step each drone from Python: one
``applyExternalForce`` per motor and one ``applyExternalTorque`` for the yaw
reaction per body, ``stepSimulation()``, then per-body state reads. This
module reproduces that call pattern without rendering, URDF loading or
control, so the figure is the floor of the per-body Python + pybullet cost
that the batched dynamics is compared against.
"""

from __future__ import annotations

import time

from sim.quiet_pybullet import pb

MASS_KG = 1.5
# Diagonal inertia of a ~1.5 kg quadrotor (3DR Iris figures as used in the
# PX4 SITL model); only its order of magnitude matters for timing.
INERTIA_KG_M2 = (0.029125, 0.029125, 0.055225)
ARM_M = 0.25
GRAVITY_MPS2 = 9.81
TIME_STEP_S = 1.0 / 240.0
SPACING_M = 5.0  # bodies sit on a grid this far apart


def _make_bodies(cid: int, n_bodies: int) -> list[int]:
    shape = pb.createCollisionShape(
        pb.GEOM_CYLINDER, radius=ARM_M, height=0.1, physicsClientId=cid
    )
    side = max(1, int(n_bodies**0.5 + 0.999))
    bodies = []
    for i in range(n_bodies):
        pos = [SPACING_M * (i % side), SPACING_M * (i // side), 10.0]
        body = pb.createMultiBody(
            baseMass=MASS_KG, baseCollisionShapeIndex=shape, basePosition=pos, physicsClientId=cid
        )
        pb.changeDynamics(
            body,
            -1,
            localInertiaDiagonal=list(INERTIA_KG_M2),
            linearDamping=0.0,  # pybullet defaults to 0.04 for both
            angularDamping=0.0,
            physicsClientId=cid,
        )
        # Group/mask 0: the bodies never collide, so the step measures
        # dynamics and call overhead, not contact handling.
        pb.setCollisionFilterGroupMask(body, -1, 0, 0, physicsClientId=cid)
        bodies.append(body)
    return bodies


def _step(cid: int, bodies: list[int], motor_force_n: float, yaw_torque_nm: float) -> None:
    up = [0.0, 0.0, motor_force_n]
    arms = ([ARM_M, 0.0, 0.0], [-ARM_M, 0.0, 0.0], [0.0, ARM_M, 0.0], [0.0, -ARM_M, 0.0])
    torque = [0.0, 0.0, yaw_torque_nm]
    for body in bodies:
        for arm in arms:
            pb.applyExternalForce(body, -1, up, arm, pb.LINK_FRAME, physicsClientId=cid)
        pb.applyExternalTorque(body, -1, torque, pb.LINK_FRAME, physicsClientId=cid)
    pb.stepSimulation(physicsClientId=cid)
    for body in bodies:
        pb.getBasePositionAndOrientation(body, physicsClientId=cid)
        pb.getBaseVelocity(body, physicsClientId=cid)


def raw_pybullet_per_body_step_us(n_bodies: int, steps: int, warmup_steps: int = 20) -> float:
    """Wall-clock microseconds per body per step of the per-body pybullet loop.

    Builds a private DIRECT client with gravity, ``n_bodies`` free 1.5 kg
    rigid bodies with zero damping and a 1/240 s step, runs ``warmup_steps``
    unmeasured steps, then times ``steps`` steps with ``time.perf_counter``.
    """
    if n_bodies < 1 or steps < 1:
        raise ValueError("n_bodies and steps must be at least 1")
    cid = pb.connect(pb.DIRECT)
    try:
        pb.setGravity(0.0, 0.0, -GRAVITY_MPS2, physicsClientId=cid)
        pb.setTimeStep(TIME_STEP_S, physicsClientId=cid)
        bodies = _make_bodies(cid, n_bodies)
        hover_n = MASS_KG * GRAVITY_MPS2 / 4  # each motor carries a quarter
        yaw_nm = 1e-3  # small, so the yaw torque call does real work
        for _ in range(warmup_steps):
            _step(cid, bodies, hover_n, yaw_nm)
        t0 = time.perf_counter()
        for _ in range(steps):
            _step(cid, bodies, hover_n, yaw_nm)
        elapsed = time.perf_counter() - t0
    finally:
        pb.disconnect(physicsClientId=cid)
    return elapsed * 1e6 / (n_bodies * steps)
