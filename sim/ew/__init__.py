"""Electronic warfare: link budgets, jamming, GNSS denial drift and link-loss failsafes."""

from sim.ew.budget import fspl_db, received_power_dbm
from sim.ew.failsafe import FAILSAFE, HOLDING, LINKED, FailsafeMonitor
from sim.ew.jamming import ElectronicWarfare, LinkState
from sim.ew.navigation import NavigationDrift

__all__ = ["ElectronicWarfare", "FAILSAFE", "FailsafeMonitor", "HOLDING", "LINKED", "LinkState",
           "NavigationDrift", "fspl_db", "received_power_dbm"]
