"""Reward terms by name: a team reward from the trial's events, shared by every agent, plus per-agent shaping.

Each term is `sign * weight * quantity`; the weights are the env's
`reward_weights` (defaults below) and `info["reward_terms"]` holds every
weighted term, so an agent's reward is the sum of its terms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

TEAM_TERMS = ("kill", "leaker", "asset_damage", "interceptor_cost")
AGENT_TERMS = ("approach", "own_kill", "loss")

DEFAULT_WEIGHTS: dict[str, float] = {
    "kill": 1.0,  # per threat destroyed by any interceptor
    "leaker": 1.0,  # per threat that reached an asset
    "asset_damage": 0.1,  # per million euros of asset damage
    "interceptor_cost": 0.01,  # per thousand US dollars of interceptors launched
    "approach": 0.1,  # per km this agent closed on its assigned target
    "own_kill": 0.5,  # this agent's pass destroyed a threat
    "loss": 0.5,  # this agent crashed or ran its battery flat
}
SIGN = {"kill": 1.0, "leaker": -1.0, "asset_damage": -1.0, "interceptor_cost": -1.0,
        "approach": 1.0, "own_kill": 1.0, "loss": -1.0}


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Defaults overridden by `weights`; an unknown name is an error (a typo would silently do nothing)."""
    unknown = sorted(set(weights or {}) - set(DEFAULT_WEIGHTS))
    if unknown:
        raise ValueError(f"unknown reward term(s) {unknown}; known: {sorted(DEFAULT_WEIGHTS)}")
    return {**DEFAULT_WEIGHTS, **{k: float(v) for k, v in (weights or {}).items()}}


def team_terms(events: Iterable[dict], launch_cost_usd: Callable[[int], float],
               weights: Mapping[str, float]) -> dict[str, float]:
    """Weighted team terms of the events of one step (`launch_cost_usd`: interceptor entity -> price)."""
    kinds = Counter()
    damage_eur = cost_usd = 0.0
    for event in events:
        kind = event["kind"]
        kinds[kind] += 1
        if kind == "asset_hit":
            damage_eur += float(event["damage_eur"])
        elif kind == "launch":
            cost_usd += launch_cost_usd(int(event["entity_id"]))
    quantity = {"kill": kinds["kill"], "leaker": kinds["leaker"], "asset_damage": damage_eur / 1e6,
                "interceptor_cost": cost_usd / 1e3}
    return {name: SIGN[name] * weights[name] * quantity[name] + 0.0 for name in TEAM_TERMS}  # + 0.0: no -0.0


def kills_by(events: Iterable[dict]) -> Counter:
    """Interceptor entity -> threats it destroyed in these events."""
    return Counter(int(e["by_id"]) for e in events if e["kind"] == "kill")


def agent_terms(approach_m: float, own_kills: int, lost: bool, weights: Mapping[str, float]) -> dict[str, float]:
    quantity = {"approach": approach_m / 1e3, "own_kill": own_kills, "loss": float(lost)}
    return {name: SIGN[name] * weights[name] * quantity[name] + 0.0 for name in AGENT_TERMS}
