"""Read rates from a Betaflight CLI `dump` / `diff all` (the text pilots paste from the configurator).

Only rate lines matter; every other line is ignored. How the CLI stores them
(integers, as the firmware keeps them in uint8 settings):

| setting (per axis: roll_, pitch_, yaw_)  | rates_type = BETAFLIGHT     | rates_type = ACTUAL                  |
|------------------------------------------|-----------------------------|--------------------------------------|
| `<axis>_rc_rate`                         | RC rate x 100 (100 = 1.00)  | centre sensitivity / 10 (7 = 70 deg/s) |
| `<axis>_srate` (alias `<axis>_super_rate`) | super rate x 100 (70 = 0.70) | max rate / 10 (67 = 670 deg/s)     |
| `<axis>_expo` (alias `<axis>_rc_expo`)   | expo x 100 (30 = 0.30)      | expo x 100                           |
| `<axis>_rate_limit`                      | cap in deg/s (1998)         | cap in deg/s                         |

The ACTUAL convention is the one Betaflight Configurator shows since 4.2/4.3
(Actual default `roll_rc_rate = 7`, `roll_srate = 67`, i.e. 70 and 670 deg/s;
described on the Betaflight wiki "Rate Calculator" page,
https://github.com/betaflight/betaflight/wiki/Rate-Calculator, and in the
Betaflight 4.3 release notes). Betaflight 3.x names are read too: `rc_rate`
and `rc_expo` (roll and pitch), `rc_rate_yaw`, `rc_yaw_expo`.

A dump may hold several rate profiles (`rateprofile N` lines). Settings
before the first one apply to all; the profile used is the one asked for,
else the last `rateprofile N` line (a dump ends by re-selecting the active
one). Without `rates_type` the dump is from before 4.2, which had only
Betaflight rates. Axes a dump leaves out keep the defaults of their type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from sim.config.errors import ConfigError
from sim.control.rates import ActualRates, Axis, AxisRates, BetaflightRates, RatesByAxis, RatesType

_SET = re.compile(r"^\s*set\s+(?P<name>[A-Za-z0-9_]+)\s*=\s*(?P<value>.*?)\s*$")
_RATEPROFILE = re.compile(r"^\s*rateprofile\s+(?P<index>\S+)\s*$")
_AXES = tuple(axis.value for axis in Axis)
_TYPES = {"BETAFLIGHT": RatesType.BETAFLIGHT, "ACTUAL": RatesType.ACTUAL}
_UNSUPPORTED_TYPES = ("RACEFLIGHT", "KISS", "QUICK")

# setting name -> (axes it sets, which quantity)
_NAMES: dict[str, tuple[tuple[str, ...], str]] = {}
for _axis in _AXES:
    _NAMES[f"{_axis}_rc_rate"] = ((_axis,), "rc_rate")
    _NAMES[f"{_axis}_srate"] = ((_axis,), "srate")
    _NAMES[f"{_axis}_super_rate"] = ((_axis,), "srate")
    _NAMES[f"{_axis}_expo"] = ((_axis,), "expo")
    _NAMES[f"{_axis}_rc_expo"] = ((_axis,), "expo")
    _NAMES[f"{_axis}_rate_limit"] = ((_axis,), "limit")
_NAMES.update({"rc_rate": (("roll", "pitch"), "rc_rate"), "rc_rate_yaw": (("yaw",), "rc_rate"),
               "rc_expo": (("roll", "pitch"), "expo"), "rc_yaw_expo": (("yaw",), "expo"),
               "rc_expo_yaw": (("yaw",), "expo")})


@dataclass(frozen=True)
class _Setting:
    name: str
    value: str
    line: int
    col: int


@dataclass
class _Profile:
    settings: dict[str, _Setting] = field(default_factory=dict)  # last one wins, as in the CLI


def _integer(file: str, setting: _Setting) -> int:
    try:
        return int(setting.value)
    except ValueError:
        message = f"expected a whole number (the CLI stores rates as integers), got {setting.value!r}"
        raise ConfigError(file, setting.line, setting.col, setting.name, message) from None


def _axis_rates(file: str, kind: RatesType, values: dict[str, _Setting]) -> AxisRates:
    numbers = {quantity: _integer(file, s) for quantity, s in values.items()}
    try:
        if kind is RatesType.ACTUAL:
            default = ActualRates()
            return ActualRates(
                center_deg_per_s=numbers["rc_rate"] * 10.0 if "rc_rate" in numbers else default.center_deg_per_s,
                max_deg_per_s=numbers["srate"] * 10.0 if "srate" in numbers else default.max_deg_per_s,
                expo=numbers.get("expo", 0) / 100.0,
                limit_deg_per_s=float(numbers.get("limit", default.limit_deg_per_s)))
        default_bf = BetaflightRates()
        return BetaflightRates(
            rc_rate=numbers["rc_rate"] / 100.0 if "rc_rate" in numbers else default_bf.rc_rate,
            super_rate=numbers["srate"] / 100.0 if "srate" in numbers else default_bf.super_rate,
            expo=numbers.get("expo", 0) / 100.0,
            limit_deg_per_s=float(numbers.get("limit", default_bf.limit_deg_per_s)))
    except ValueError as exc:
        # Blame the line of the quantity the message names, else the axis's first line.
        quantity = {"rc_rate": "rc_rate", "center": "rc_rate", "super_rate": "srate", "max": "srate",
                    "expo": "expo", "rate limit": "limit"}
        blamed = next((values[q] for word, q in quantity.items() if str(exc).startswith(word) and q in values),
                      min(values.values(), key=lambda s: s.line))
        raise ConfigError(file, blamed.line, blamed.col, blamed.name,
                          f"{exc} after converting CLI value {blamed.value} ({kind.value.upper()} rates)") from None


def parse_betaflight_dump(text: str, file: str = "<dump>", rateprofile: int | None = None) -> RatesByAxis:
    """Rates of roll, pitch and yaw from CLI text; ConfigError (file:line:col) on a bad rate line."""
    shared = _Profile()
    profiles: dict[int, _Profile] = {}
    current, last_selected = shared, None
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        selected = _RATEPROFILE.match(code)
        if selected:
            try:
                last_selected = int(selected["index"])
            except ValueError:
                raise ConfigError(file, number, selected.start("index") + 1, "rateprofile",
                                  f"expected a profile number, got {selected['index']!r}") from None
            current = profiles.setdefault(last_selected, _Profile())
            continue
        match = _SET.match(code)
        if match and (match["name"].lower() in _NAMES or match["name"].lower() == "rates_type"):
            name = match["name"].lower()
            current.settings[name] = _Setting(name, match["value"], number, match.start("value") + 1)
    chosen = rateprofile if rateprofile is not None else last_selected
    if rateprofile is not None and rateprofile not in profiles:
        found = ", ".join(str(i) for i in sorted(profiles)) or "none"
        raise ConfigError(file, 1, 1, "rateprofile", f"rate profile {rateprofile} is not in the dump (found: {found})")
    settings = {**shared.settings, **(profiles[chosen].settings if chosen in profiles else {})}
    if not any(name in _NAMES for name in settings):
        raise ConfigError(file, 1, 1, "", "no rate settings found (expected lines like 'set roll_rc_rate = 70')")
    kind = RatesType.BETAFLIGHT
    if "rates_type" in settings:
        setting = settings["rates_type"]
        upper = setting.value.upper()
        if upper not in _TYPES:
            why = "is not supported" if upper in _UNSUPPORTED_TYPES else "is unknown"
            raise ConfigError(file, setting.line, setting.col, setting.name,
                              f"rates_type {setting.value!r} {why}; expected BETAFLIGHT or ACTUAL")
        kind = _TYPES[upper]
    per_axis: dict[str, dict[str, _Setting]] = {axis: {} for axis in _AXES}
    # Legacy shared names first, so per-axis names in the same dump win.
    names = sorted((n for n in settings if n in _NAMES), key=lambda n: n.split("_", 1)[0] in _AXES)
    for name in names:
        axes, quantity = _NAMES[name]
        for axis in axes:
            per_axis[axis][quantity] = settings[name]
    return RatesByAxis(**{axis: _axis_rates(file, kind, values) for axis, values in per_axis.items()})


def load_betaflight_dump(path: str | PathLike[str], rateprofile: int | None = None) -> RatesByAxis:
    """Rates from a CLI dump file; ConfigError for a missing, unreadable or bad file."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise ConfigError(file, 1, 1, "", "file not found") from None
    except IsADirectoryError:
        raise ConfigError(file, 1, 1, "", "is a directory, expected a Betaflight CLI dump") from None
    except OSError as exc:
        raise ConfigError(file, 1, 1, "", f"cannot read file: {exc.strerror or exc}") from None
    return parse_betaflight_dump(text, file, rateprofile)
