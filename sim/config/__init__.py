"""Typed, validated configuration: airframes and scenarios."""

# Registers scenario files with sim.config.loading.validate_file, so any use
# of the config package (e.g. `slab validate`) knows both kinds of file.
from sim.config import scenario_loading as _scenario_loading  # noqa: F401
