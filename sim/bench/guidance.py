"""`slab bench guidance`: hit rate and miss distance of each guidance law, Monte-Carlo.

Flies the built-in interceptor laws against Shahed-136 targets over three
geometry sets drawn from one envelope (sim.bench.engagement_geometry): targets
at constant velocity, weaving targets, and 90 deg crossing targets. Every law
of a set sees the same geometries (same seed). Figures: docs/guidance.md.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from sim.bench.engagement_geometry import Envelope, Weave, sample_geometries
from sim.bench.engagement_mc import TARGET, fly_engagements
from sim.config.loading import load_airframe

SEED = 2024
FULL_N, QUICK_N = 1000, 200


@dataclass(frozen=True)
class GeometrySet:
    name: str
    envelope: Envelope
    weave: Weave | None
    laws: tuple[str, ...]


SETS = (
    GeometrySet("constant velocity", Envelope(), None, ("pn", "apn", "zem", "pursuit")),
    GeometrySet("weaving", Envelope(), Weave(), ("pn", "apn", "pursuit")),
    GeometrySet("crossing 90 deg", Envelope().crossing(), None, ("pn", "pursuit")),
)


def run(quick: bool) -> dict:
    n = QUICK_N if quick else FULL_N
    target = load_airframe(TARGET)
    speed_mps = target.cruise_speed_kmh.value / 3.6
    rows = []
    start = time.perf_counter()
    for k, geometry_set in enumerate(SETS):
        geometries = sample_geometries(n, SEED + k, speed_mps, geometry_set.envelope)
        for law in geometry_set.laws:
            clock = time.perf_counter()
            result = fly_engagements(geometries, law, weave=geometry_set.weave)
            rows.append({"law": law, "geometry": geometry_set.name, **result.summary(),
                         "wall_time_s": round(time.perf_counter() - clock, 2)})
    weave = Weave()
    return {"seed": SEED, "n": n, "lethal_radius_m": result.lethal_radius_m, "target_speed_mps": round(speed_mps, 2),
            "weave": {"amplitude_mps2": weave.amplitude_mps2, "period_s": weave.period_s},
            "rows": rows, "wall_time_s": round(time.perf_counter() - start, 1)}


def format_table(r: dict) -> str:
    head = (f"Soldiers Lab guidance Monte-Carlo: interceptor-quad vs {TARGET} at {r['target_speed_mps']} m/s, "
            f"{r['n']} engagements per row, seed {r['seed']}, lethal radius {r['lethal_radius_m']} m")
    columns = f"{'law':<8} {'geometry':<18} {'hit rate':>8} {'median miss':>12} {'p95 miss':>10} " \
              f"{'mean t_int':>10} {'term. accel':>11}"
    lines = [head, columns, "-" * len(columns)]
    for row in r["rows"]:
        t_int = row["mean_time_to_intercept_s"]
        lines.append(f"{row['law']:<8} {row['geometry']:<18} {100 * row['hit_rate']:>7.1f}% "
                     f"{row['median_miss_m']:>10.4f} m {row['p95_miss_m']:>8.4f} m "
                     f"{(f'{t_int:.1f} s' if t_int is not None else '-'):>10} "
                     f"{row['median_terminal_accel_mps2']:>7.2f} m/s2")
    lines.append(f"weaving: lateral acceleration {r['weave']['amplitude_mps2']} m/s2 amplitude, "
                 f"{r['weave']['period_s']} s period; wall time {r['wall_time_s']} s")
    return "\n".join(lines)


def main(quick: bool, as_json: bool) -> int:
    result = run(quick)
    print(json.dumps(result, indent=2) if as_json else format_table(result))
    return 0
