"""`slab rates`: show a rate curve (stick position -> deg/s) as a table, JSON or a PNG plot.

The rates come from the options (`--type betaflight --rc-rate R --super-rate S
--expo E`, or `--type actual --center C --max M --expo E`; configurator units,
Betaflight's defaults for what is left out), from a Betaflight CLI dump
(`--from-dump FILE`), or from the pilot profile (`--profile`), for one axis.
`--save` stores them in the pilot profile.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import replace

from sim.commands import EXIT_BAD_INPUT
from sim.control.rates import ActualRates, Axis, AxisRates, BetaflightRates, RatesByAxis, RatesType, rate_curve

DEFAULT_AT = (0.0, 0.25, 0.5, 0.75, 1.0)
PLOT_POINTS = 201


class RatesInputError(Exception):
    """A bad option value; printed as one line, exit 2."""


def _number(option: str, text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RatesInputError(f"{option}: expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise RatesInputError(f"{option}: expected a finite number, got {text!r}")
    return value


def parse_positions(text: str) -> list[float]:
    """`0,0.5,-1` -> [0.0, 0.5, -1.0], each in [-1, 1]."""
    positions = []
    for part in text.split(","):
        value = _number("--at", part.strip())
        if value is None or not -1.0 <= value <= 1.0:
            raise RatesInputError(f"--at: stick positions must be in [-1, 1], got {part.strip()}")
        positions.append(value)
    return positions


def _from_options(args: argparse.Namespace) -> AxisRates:
    kind = RatesType(args.type or RatesType.ACTUAL.value)
    bf_options = {"--rc-rate": args.rc_rate, "--super-rate": args.super_rate}
    actual_options = {"--center": args.center, "--max": args.max}
    wrong = [name for name, text in (actual_options if kind is RatesType.BETAFLIGHT else bf_options).items()
             if text is not None]
    if wrong:
        raise RatesInputError(f"{wrong[0]} does not apply to --type {kind.value}")
    expo = _number("--expo", args.expo)
    try:
        if kind is RatesType.BETAFLIGHT:
            rc_rate, super_rate = _number("--rc-rate", args.rc_rate), _number("--super-rate", args.super_rate)
            if rc_rate is not None and rc_rate > 2.55:
                raise RatesInputError(f"--rc-rate must be in (0, 2.55], got {rc_rate:g} "
                                      f"(configurator units: 1.00 is CLI value 100)")
            default = BetaflightRates()
            return BetaflightRates(default.rc_rate if rc_rate is None else rc_rate,
                                   default.super_rate if super_rate is None else super_rate,
                                   default.expo if expo is None else expo)
        center, top = _number("--center", args.center), _number("--max", args.max)
        default_actual = ActualRates()
        return ActualRates(default_actual.center_deg_per_s if center is None else center,
                           default_actual.max_deg_per_s if top is None else top,
                           default_actual.expo if expo is None else expo)
    except ValueError as exc:
        raise RatesInputError(str(exc).replace("rc_rate", "--rc-rate").replace("super_rate", "--super-rate")
                              .replace("center (deg/s)", "--center").replace("max (deg/s)", "--max")
                              .replace("expo", "--expo")) from None


def all_rates(args: argparse.Namespace) -> RatesByAxis:
    """The rates of every axis the options give (may raise RatesInputError or ConfigError).

    A dump or the profile gives all three axes; --type options give one axis
    (`--axis`), the others keep the profile's rates.
    """
    options_given = any(v is not None for v in (args.type, args.rc_rate, args.super_rate, args.expo,
                                                 args.center, args.max))
    sources = [name for name, on in (("--from-dump", args.from_dump is not None), ("--profile", args.profile),
                                     ("--type options", options_given)) if on]
    if len(sources) > 1:
        raise RatesInputError(f"use only one of {', '.join(sources)}")
    if args.from_dump is not None:
        from sim.control.betaflight_dump import load_betaflight_dump
        return load_betaflight_dump(args.from_dump, args.rateprofile)
    if args.profile and args.save:
        raise RatesInputError("--save needs rates to save: --from-dump FILE or --type options")
    from sim.cockpit.profile import load_profile, profile_path
    if args.profile and not profile_path().exists():
        print(f"no pilot profile at {profile_path()} yet; showing the default rates", file=sys.stderr)
    profile_rates = load_profile().rates.to_rates() if (args.profile or args.save) else RatesByAxis()
    if args.profile:
        return profile_rates
    return replace(profile_rates, **{args.axis: _from_options(args)})


def save_rates(rates: RatesByAxis) -> str:
    """Write `rates` into the pilot profile; returns the path written."""
    from sim.cockpit.profile import load_profile, save_profile

    return str(save_profile(load_profile().with_rates(rates)))


def table(rates: AxisRates, xs: list[float], ys: list[float], axis: str) -> str:
    lines = [f"{axis}: {rates.describe()}", f"{'x':>7}  {'deg/s':>8}"]
    lines += [f"{x:7.2f}  {y:8.1f}" for x, y in zip(xs, ys)]
    return "\n".join(lines)


def write_plot(rates: AxisRates, xs: list[float], ys: list[float], axis: str, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    grid = [-1.0 + 2.0 * i / (PLOT_POINTS - 1) for i in range(PLOT_POINTS)]
    figure, ax = plt.subplots(figsize=(6.4, 4.0), dpi=100)
    try:
        ax.plot(grid, rate_curve(rates, grid), color="tab:blue")
        ax.plot(xs, ys, "o", color="tab:orange")
        ax.set_xlabel("stick position")
        ax.set_ylabel("rate (deg/s)")
        ax.set_title(f"{axis}: {rates.describe()}", fontsize=9)
        ax.grid(True, alpha=0.3)
        figure.tight_layout()
        figure.savefig(path)
    finally:
        plt.close(figure)


def run(args: argparse.Namespace) -> int:
    try:
        xs = parse_positions(args.at) if args.at is not None else list(DEFAULT_AT)
        every_axis = all_rates(args)
    except RatesInputError as exc:
        print(f"slab rates: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    rates = every_axis.for_axis(args.axis)
    ys = rate_curve(rates, xs)
    if args.plot:
        try:
            write_plot(rates, xs, ys, args.axis, args.plot)
        except (OSError, ValueError) as exc:  # ValueError: matplotlib cannot tell the image format
            print(f"slab rates: {args.plot}: cannot write the plot: {getattr(exc, 'strerror', None) or exc}",
                  file=sys.stderr)
            return EXIT_BAD_INPUT
    if args.save:
        saved = save_rates(every_axis)
        which = "roll, pitch and yaw" if args.from_dump is not None else args.axis
        print(f"saved the {which} rates to {saved}", file=sys.stderr)  # stderr: keeps --json output clean
    if args.json:
        print(json.dumps({"x": xs, "deg_per_s": [round(y, 6) for y in ys]}))
    else:
        print(table(rates, xs, ys, args.axis))
    return 0


def one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Usage errors as one line (no usage dump), exit 2, like every other bad value."""
    def error(message: str) -> None:
        parser.exit(EXIT_BAD_INPUT, f"{parser.prog}: {message}\n")
    parser.error = error  # type: ignore[method-assign]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rates", help="show a rate curve: stick position -> deg/s",
        description="Rate curve of Betaflight or Actual rates (Betaflight's defaults fill what is left "
        "out), of a Betaflight CLI dump, or of the pilot profile.")
    parser.add_argument("--type", choices=[t.value for t in RatesType], default=None,
                        help="rate type (default actual, as Betaflight since 4.3)")
    parser.add_argument("--rc-rate", metavar="R", default=None, help="betaflight: RC rate, e.g. 1.00")
    parser.add_argument("--super-rate", metavar="S", default=None, help="betaflight: super rate, e.g. 0.70")
    parser.add_argument("--expo", metavar="E", default=None, help="expo 0..1, e.g. 0.30")
    parser.add_argument("--center", metavar="C", default=None, help="actual: centre sensitivity, deg/s")
    parser.add_argument("--max", metavar="M", default=None, help="actual: max rate, deg/s")
    parser.add_argument("--from-dump", metavar="FILE", default=None, help="read rates from a Betaflight CLI dump")
    parser.add_argument("--rateprofile", type=int, default=None, metavar="N",
                        help="with --from-dump: which rate profile (default: the dump's active one)")
    parser.add_argument("--profile", action="store_true", help="use the rates of the pilot profile")
    parser.add_argument("--save", action="store_true",
                        help="store the rates in the pilot profile (a dump: all axes; options: --axis)")
    parser.add_argument("--axis", choices=[a.value for a in Axis], default=Axis.ROLL.value,
                        help="axis of a dump or profile (default roll)")
    parser.add_argument("--at", metavar="X1,X2,...", default=None,
                        help="stick positions in [-1, 1] (default 0,0.25,0.5,0.75,1; "
                        "write --at=-1,0,1 when the first is negative)")
    parser.add_argument("--json", action="store_true", help='print {"x": [...], "deg_per_s": [...]}')
    parser.add_argument("--plot", metavar="FILE.png", default=None, help="also write the curve as a PNG")
    one_line_errors(parser)
    parser.set_defaults(func=run)
