"""The soldier's cockpit: input devices, calibration, pilot profile, flight modes (and later the window).

pygame is imported only by modules of this package. Its import banner would
pollute `slab ... --json` output, so it is silenced here, before any
submodule imports pygame.
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
