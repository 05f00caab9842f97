"""Numbers that may be random: `{uniform: [a, b]}`, `{normal: [mean, sd]}`, `{choice: [...]}`.

A scenario field declared with `number(...)` or `integer(...)` accepts either
a plain number or one of these distributions; `sim.config.resolve` samples
them from the trial seed. A distribution must stay inside the field's limits
over its whole support, so a sample can never break validation: `normal` is
truncated at TRUNCATE_SD standard deviations (redrawn, not clipped), and the
validator checks that mean +/- TRUNCATE_SD * sd fits.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

import numpy as np
from pydantic import AfterValidator, Discriminator, Field, Tag, model_validator

from sim.config.airframe import Strict

TRUNCATE_SD = 3.0  # 99.7 % of a normal lies inside; beyond that samples are redrawn
NUMBER_TAG = "<number>"
# Union tags appear in pydantic error locations; they are wrapped in <> so the
# scenario loader can drop them (no YAML key here can contain '<').
KEYS = ("uniform", "normal", "choice")

Pair = Annotated[list[float], Field(min_length=2, max_length=2)]
IntPair = Annotated[list[int], Field(min_length=2, max_length=2)]


class Uniform(Strict):
    uniform: Pair = Field(description="[low, high]: every value in between equally likely")

    @model_validator(mode="after")
    def _ordered(self) -> "Uniform":
        if self.uniform[0] > self.uniform[1]:
            raise ValueError(f"uniform [{self.uniform[0]}, {self.uniform[1]}] is reversed: write [low, high]")
        return self

    def support(self) -> tuple[float, float]:
        return self.uniform[0], self.uniform[1]

    def sample(self, rng: np.random.Generator) -> float:
        return float(rng.uniform(self.uniform[0], self.uniform[1]))


class UniformInt(Uniform):
    uniform: IntPair = Field(description="[low, high]: every whole number from low to high (inclusive) equally likely")

    def sample(self, rng: np.random.Generator) -> int:  # type: ignore[override]
        return int(rng.integers(self.uniform[0], self.uniform[1] + 1))


class Normal(Strict):
    normal: Pair = Field(description=f"[mean, standard deviation]; truncated at {TRUNCATE_SD:g} sd")

    @model_validator(mode="after")
    def _positive_sd(self) -> "Normal":
        if not self.normal[1] > 0:
            raise ValueError(f"normal [mean, sd] needs sd > 0, got {self.normal[1]}")
        return self

    def support(self) -> tuple[float, float]:
        mean, sd = self.normal
        return mean - TRUNCATE_SD * sd, mean + TRUNCATE_SD * sd

    def _draw(self, rng: np.random.Generator) -> float:
        mean, sd = self.normal
        while True:  # redraw the tail: terminates with probability 1 (P(redraw) = 0.27 %)
            z = float(rng.standard_normal())
            if abs(z) <= TRUNCATE_SD:
                return mean + sd * z

    def sample(self, rng: np.random.Generator) -> float:
        return self._draw(rng)


class NormalInt(Normal):
    def sample(self, rng: np.random.Generator) -> int:  # type: ignore[override]
        return int(round(self._draw(rng)))


class Choice(Strict):
    choice: Annotated[list[float], Field(min_length=1)] = Field(description="values, each equally likely")

    def support(self) -> tuple[float, float]:
        return min(self.choice), max(self.choice)

    def sample(self, rng: np.random.Generator) -> float:
        return self.choice[int(rng.integers(len(self.choice)))]


class ChoiceInt(Choice):
    choice: Annotated[list[int], Field(min_length=1)] = Field(description="whole numbers, each equally likely")

    def sample(self, rng: np.random.Generator) -> int:  # type: ignore[override]
        return self.choice[int(rng.integers(len(self.choice)))]


# The Int variants subclass their float forms, so isinstance checks cover both.
Distribution = Uniform | Normal | Choice


def is_distribution(value: Any) -> bool:
    return isinstance(value, (Uniform, Normal, Choice))


def support(value: float | int | Distribution) -> tuple[float, float]:
    """(lowest, highest) value a plain number or a distribution can take."""
    if is_distribution(value):
        return value.support()
    return float(value), float(value)


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        keys = [key for key in KEYS if key in value]
        return f"<{keys[0]}>" if keys else None
    return NUMBER_TAG  # anything else is checked (and reported) as a number


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _within(ge: float | None, gt: float | None, le: float | None, lt: float | None):
    def check(value: Any) -> Any:
        if not is_distribution(value):
            return value  # plain numbers are bounded by their own Field
        low, high = value.support()
        what = next(k for k in KEYS if hasattr(value, k))
        if (ge is not None and low < ge) or (gt is not None and low <= gt):
            limit = f">= {_fmt(ge)}" if ge is not None else f"> {_fmt(gt)}"
            raise ValueError(f"{what} can give {_fmt(low)}, but the value must be {limit}")
        if (le is not None and high > le) or (lt is not None and high >= lt):
            limit = f"<= {_fmt(le)}" if le is not None else f"< {_fmt(lt)}"
            raise ValueError(f"{what} can give {_fmt(high)}, but the value must be {limit}")
        return value

    return check


_MESSAGE = "expected a number or a distribution: {uniform: [low, high]}, {normal: [mean, sd]} or {choice: [...]}"


def _random_number(base: Any, members: tuple[type, type, type], ge: float | None, gt: float | None,
                   le: float | None, lt: float | None) -> Any:
    uniform, normal, choice = members
    bounded = Annotated[base, Field(ge=ge, gt=gt, le=le, lt=lt)]
    union = Union[Annotated[bounded, Tag(NUMBER_TAG)], Annotated[uniform, Tag("<uniform>")],
                  Annotated[normal, Tag("<normal>")], Annotated[choice, Tag("<choice>")]]
    return Annotated[union, Discriminator(_tag, custom_error_type="number_or_distribution",
                                          custom_error_message=_MESSAGE),
                     AfterValidator(_within(ge, gt, le, lt))]


def number(*, ge: float | None = None, gt: float | None = None,
           le: float | None = None, lt: float | None = None) -> Any:
    """Annotation for a float field that may also be a distribution, bounded as given."""
    return _random_number(float, (Uniform, Normal, Choice), ge, gt, le, lt)


def integer(*, ge: float | None = None, gt: float | None = None,
            le: float | None = None, lt: float | None = None) -> Any:
    """Annotation for a whole-number field that may also be a distribution (samples are whole)."""
    return _random_number(int, (UniformInt, NormalInt, ChoiceInt), ge, gt, le, lt)
