"""Row layout of the struct-of-arrays quadrotor state, parameters and commands.

Every quadrotor of a world (or of a batch of worlds) is one column of three
float64 arrays of shape (quantities, bodies): `state` (what evolves), `params`
(what the airframe and weather fix) and `cmd` (what its controller asks for).
Each quantity is thus contiguous across bodies, which lets the compiled physics
loop run in SIMD lanes, and the kernel's call stays cheap (few arguments).
Indices are plain ints so numba folds them as constants.
"""

from __future__ import annotations

from enum import IntEnum

# Compiler options shared by every kernel function. No Python-style
# zero-division checks (inputs are validated; a NaN from a bad command must
# propagate, not raise mid-batch). No NRT: kernels allocate nothing, and
# reference counting on array arguments would cost atomics per inlined call.
# fastmath allows only what gives the same bits in SIMD lanes and in scalar
# code (contraction to FMA, signed zeros); not approximate reciprocals or
# square roots, and no assumptions about NaN/inf, which flag faulty agents.
KERNEL_OPTIONS = dict(cache=True, error_model="numpy", _nrt=False, fastmath={"nsz", "contract"})

# --- state rows -------------------------------------------------------
POS = 0  # 0:3 position, world ENU, m
VEL = 3  # 3:6 velocity, world, m/s
QUAT = 6  # 6:10 attitude quaternion (w, x, y, z), body (FLU) -> world
OMEGA = 10  # 10:13 body angular rate, rad/s
MOTOR = 13  # 13:17 motor speeds, rad/s
GUST = 17  # 17:20 turbulence velocity, world, m/s
SOC = 20  # battery state of charge, 0..1 (1 when the airframe has no battery)
GROUND_Z = 21  # terrain height under the body, m (refreshed by the world)
ALIVE = 22  # 1.0 flying, 0.0 destroyed / crashed (frozen)
RATE_INT = 23  # 23:26 rate-loop integrator, rad/s * s
VEL_INT = 26  # 26:29 velocity-loop integrator, m/s * s
THRUST_SET = 29  # last collective thrust setpoint, N (telemetry)
RATE_SET = 30  # 30:33 last body-rate setpoint, rad/s (telemetry)
CONTACT = 33  # 0 airborne, 1 resting on the ground, 2 crashed into the ground
ATT_SET = 34  # 34:38 attitude setpoint quaternion of the outer loops (telemetry too)
THRUST_TOTAL = 38  # total motor thrust of the last step, N
BAT_SCALE = 39  # available motor speed as a fraction of full (battery sag)
RATE_PREV = 40  # 40:43 body rate of the previous step, rad/s (rate-loop derivative term)
STATE_COLS = 43

# --- parameter rows ---------------------------------------------------
MASS = 0
INERTIA = 1  # 1:4 principal moments of inertia, kg m^2
ARM = 4
KF = 5  # thrust coefficient, N / (rad/s)^2
KM_RATIO = 6  # yaw torque per newton of thrust, m
MAX_W = 7  # max motor speed at full battery, rad/s
MOTOR_TAU = 8  # motor time constant, s
DRAG_LIN = 9  # 9:12 body-frame linear drag, N s/m
DRAG_AREA = 12  # Cd*A, m^2
PROP_R = 13  # propeller radius for ground effect, m (0 disables ground effect)
AIR_DENSITY = 14  # kg/m^3
WIND = 15  # 15:18 mean wind, world, m/s
GUST_SIGMA = 18  # turbulence standard deviation, m/s (0 disables gusts)
GUST_TAU = 19  # turbulence correlation time, s
BAT_CAPACITY = 20  # A s (0: no battery model)
BAT_CELLS = 21
BAT_R = 22  # internal resistance, ohm
BAT_HOVER_A = 23  # hover current, A
MAX_TILT = 24  # rad
MAX_RATE = 25  # 25:28 body-rate limits, rad/s
MAX_CLIMB = 28  # m/s
MAX_DESCENT = 29  # m/s
RATE_P = 30  # 30:33 rate-loop gains, 1/s (normalised: angular accel per rad/s error)
RATE_I = 33  # 33:36 1/s^2
RATE_D = 36  # 36:39 dimensionless
ATT_P = 39  # 39:42 1/s
VEL_P = 42  # 42:45 1/s
VEL_I = 45  # 45:48 1/s^2
POS_P = 48  # 48:51 1/s
MAX_SPEED_CMD = 51  # m/s
GRAVITY = 52  # m/s^2
# Derived values, precomputed so the kernel multiplies instead of dividing.
TAN_MAX_TILT = 53
INV_MASS = 54
INV_INERTIA = 55  # 55:58
INV_KF = 58
INV_ARM_COMPONENT = 59  # 1 / (arm * cos 45 deg)
INV_KM = 60  # 1 / KM_RATIO
QUAD_DRAG = 61  # 0.5 * air density * Cd*A, kg/m
ALPHA = 62  # motor-lag factor 1 - exp(-dt/tau) for the time step in ALPHA_DT
ALPHA_DT = 63
PARAM_COLS = 64

# --- command rows -----------------------------------------------------
CMD_LEVEL = 4  # column holding the ControlLevel as a float
CMD_COLS = 5


class ControlLevel(IntEnum):
    """What a controller's four command numbers mean.

    MOTORS       four motor throttles, 0..1 of max thrust each
    RATES        body rates roll, pitch, yaw (rad/s) + collective thrust 0..1 of max (acro)
    ATTITUDE     roll, pitch, yaw (rad) + collective thrust 0..1 of max (angle mode)
    ACCELERATION world acceleration ax, ay, az (m/s^2, gravity compensated) + yaw (rad)
    VELOCITY     world velocity vx, vy, vz (m/s) + yaw (rad)
    POSITION     world position x, y, z (m) + yaw (rad)
    """

    MOTORS = 0
    RATES = 1
    ATTITUDE = 2
    ACCELERATION = 3
    VELOCITY = 4
    POSITION = 5
