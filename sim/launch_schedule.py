"""Scheduled take-offs (`launch_sites[].launch_at_s`): launch orders that no track asked for.

Patrols and training flights leave at fixed times. They become ordinary
launch orders, placed in the command post's queue before the first tick, so
the loop launches them like any other (spawn and launch events, no track).
Each takes the site's next interceptor; pads and launch delays do not apply.
"""

from __future__ import annotations

from sim.command_post import LaunchOrder
from sim.trial_setup import TrialSetup


def scheduled_launches(setup: TrialSetup) -> list[LaunchOrder]:
    """The scenario's scheduled launches, earliest first; their interceptors leave the magazines."""
    orders = []
    for site, config in zip(setup.sites, setup.resolved.scenario.blue.launch_sites):
        for t_s in sorted(float(t) for t in config.launch_at_s):
            airframe = next((name for name, parked in site.parked.items() if parked), None)
            if airframe is None:  # more times than interceptors (a random magazine came out small)
                break
            orders.append(LaunchOrder(site.parked[airframe].pop(0), site.name, None, t_s))
    return sorted(orders, key=lambda order: (order.airborne_at_s, order.entity_id))
