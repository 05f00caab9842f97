"""Example autopilots to copy: `lead_pursuit.py` (complete, commented), `hello.py` (the smallest)."""
