"""`slab calibrate [--device N] [--reset] [--list]`: the stick calibration wizard; saves to the pilot profile.

The profile is read (and checked) before the window opens, so a corrupt
profile is one line and exit 2; `--reset` first moves it aside to
`pilot.yaml.bak` and starts afresh.
"""

from __future__ import annotations

import argparse
import sys

from sim.commands import EXIT_BAD_INPUT
from sim.commands.rates import one_line_errors

EXIT_CANCELLED = 1


def make_manager():  # -> sim.cockpit.devices.DeviceManager; tests replace it with fake joysticks
    from sim.cockpit.devices import DeviceManager

    return DeviceManager()


def _list_devices() -> int:
    import sim.cockpit  # noqa: F401  (first: it silences pygame's import banner)
    import pygame

    pygame.joystick.init()
    try:
        manager = make_manager()
        manager.start()
        if not manager.devices:
            print("no gamepad or radio connected", file=sys.stderr)
            return EXIT_BAD_INPUT
        for device in manager.devices:
            print(f"{device.device_index}  {device.name}  ({device.kind.value}, {device.num_axes} axes, "
                  f"GUID {device.guid})")
        return 0
    finally:
        pygame.quit()


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list_devices()
    from sim.cockpit.profile import load_profile, profile_path, reset_profile

    path = profile_path()
    if args.reset:
        backup = reset_profile(path)
        print(f"starting a fresh profile at {path}" + (f" (old one kept as {backup})" if backup else ""))
    profile = load_profile(path)  # a corrupt profile raises ConfigError: one line, exit 2
    import pygame

    from sim.cockpit.calibrate_app import CalibrationApp, Outcome

    app = CalibrationApp(profile, path, args.device, manager=make_manager())
    try:
        outcome = app.run(max_frames=args.max_frames, fps=0 if args.max_frames else 60)
    except pygame.error as exc:  # e.g. no display over SSH
        print(f"slab calibrate: cannot open the wizard window: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        pygame.quit()
    if outcome is Outcome.SAVED and app.wizard is not None:
        print(f"saved the calibration of {app.wizard.name} ({app.wizard.kind.value}) to {app.saved_path}")
        return 0
    print("calibration cancelled; nothing saved", file=sys.stderr)
    return EXIT_CANCELLED


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calibrate", help="calibrate a gamepad or RC radio (saved in the pilot profile)",
        description="Calibration wizard: centre, travel, stick detection, arm switch, Mode 1/2, inversion, "
        "deadband, with live channel bars. Saved per device (SDL GUID + name) in the pilot profile.")
    parser.add_argument("--device", type=int, default=None, metavar="N",
                        help="pygame device index (see --list; default: the first device)")
    parser.add_argument("--reset", action="store_true",
                        help="start afresh: move the profile aside to pilot.yaml.bak first")
    parser.add_argument("--list", action="store_true", help="list connected devices and exit")
    parser.add_argument("--max-frames", type=int, default=None, help=argparse.SUPPRESS)  # tests: never hang
    one_line_errors(parser)
    parser.set_defaults(func=run)
