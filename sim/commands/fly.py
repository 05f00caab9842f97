"""`slab fly SCENARIO [--airframe NAME] [--side blue|red] [--callsign NAME] [--device N] [--mode M] ...`

The soldier's cockpit window (sim/cockpit/app.py): briefing, real-time flight
with FPV / chase view and HUD, debrief and questionnaire. Everything that can
be wrong with the input is checked before the window opens, and reported as
one line with exit code 2: the scenario (file:line:col), the pilot profile
(file:line:col: field), the airframe or side to fly, and the display.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from sim.commands import EXIT_BAD_INPUT
from sim.commands.rates import one_line_errors

MODES = ("acro", "angle", "horizon", "assisted")
CALLSIGN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,31}")  # as the pilot profile's callsign
_HEADLESS_DRIVERS = {"dummy", "offscreen"}


def display_problem(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Why no window can open here (None: it can), judged from the environment before SDL tries."""
    env = os.environ if environ is None else environ
    driver = env.get("SDL_VIDEODRIVER", "").strip().lower()
    if driver in _HEADLESS_DRIVERS or driver == "kmsdrm" or not platform.startswith("linux"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return "no display: DISPLAY is not set (fly from the desktop, or over SSH with -X)"


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 640x480, got '{text}'") from None
    if not (160 <= w <= 7680 and 120 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"window size {w}x{h} is outside 160x120 .. 7680x4320")
    return w, h


def run(args: argparse.Namespace) -> int:
    from sim.cockpit.profile import load_profile

    if args.duration is not None and not args.duration > 0:
        print(f"slab fly: --duration must be positive, got {args.duration}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.callsign is not None and not CALLSIGN.fullmatch(args.callsign):
        print(f"slab fly: --callsign must be 1-32 letters, digits, spaces, '_', '.' or '-' starting with a letter "
              f"or digit, got '{args.callsign}'", file=sys.stderr)
        return EXIT_BAD_INPUT
    profile = load_profile()  # a corrupt profile: ConfigError, one line, exit 2 (sim/cli.py)
    import pygame

    from sim.cockpit.app import AppOptions, AppOutcome, CockpitApp
    from sim.cockpit.app_flight import FlightError, FlightSpec
    from sim.cockpit.demo_pilot import DemoPilot
    from sim.cockpit.flight_modes import FlightMode
    from sim.seat_install import SeatError

    spec = FlightSpec(args.scenario, side=args.side, airframe=args.airframe, callsign=args.callsign,
                      duration_s=args.duration, out_dir=args.out)
    options = AppOptions(size=args.size, device_index=args.device,
                         mode=FlightMode(args.mode) if args.mode else None, screenshot=args.screenshot,
                         screenshot_frame=args.screenshot_frame, max_frames=args.max_frames)
    try:
        app = CockpitApp(spec, profile, options, on_frame=DemoPilot() if args.autopilot_demo else None)
    except (SeatError, FlightError) as exc:
        print(f"slab fly: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    problem = display_problem()
    if problem is not None:
        print(f"slab fly: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        result = app.run()
    except pygame.error as exc:  # e.g. the X server refused the window
        print(f"slab fly: cannot open the cockpit window: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        pygame.quit()
    if result.outcome is AppOutcome.LEFT:
        print("left at the briefing: nothing flown, nothing recorded")
        return 0
    for folder in result.records:
        print(f"Record: {folder}")
    if result.feedback is not None:
        print(f"Feedback: {result.feedback}")
    if result.screenshot is not None:
        print(f"Screenshot: {result.screenshot}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fly", help="fly a scenario yourself in the cockpit window (gamepad, RC radio or keyboard)",
        description="Briefing, then a real-time flight with FPV camera, chase view, HUD and tactical map, then the "
                    "debrief and a short questionnaire. The flight is recorded (with every stick input) under --out; "
                    "`slab rerun` re-simulates it, `slab leaderboard` ranks it. See docs/pilots.md.")
    parser.add_argument("scenario", help="library scenario name (e.g. training-hover-and-land) or a scenario YAML")
    parser.add_argument("--airframe", default=None, metavar="NAME", help="which drone to fly (default: the first "
                        "one the scenario gives a pilot)")
    parser.add_argument("--side", choices=("blue", "red"), default="blue",
                        help="blue: an interceptor (default); red: a drone against the AI defence")
    parser.add_argument("--callsign", default=None, metavar="NAME", help="your callsign (default: the profile's)")
    parser.add_argument("--device", type=int, default=None, metavar="N",
                        help="controller number from `slab calibrate --list` (default: the first)")
    parser.add_argument("--mode", choices=MODES, default=None, help="flight mode (default: the profile's)")
    parser.add_argument("--out", type=Path, default=Path("trial-logs"), help="folder for trial records")
    parser.add_argument("--duration", type=float, default=None, metavar="S",
                        help="simulated seconds (default: the scenario's)")
    parser.add_argument("--size", type=parse_size, default=(640, 480), metavar="WxH", help="window size (640x480)")
    # Testing and demos: a scripted keyboard pilot that also skips the debrief; a screenshot; a frame limit.
    parser.add_argument("--autopilot-demo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--screenshot-frame", type=int, default=90, help=argparse.SUPPRESS)
    parser.add_argument("--max-frames", type=int, default=None, help=argparse.SUPPRESS)
    one_line_errors(parser)
    parser.set_defaults(func=run)
