"""The soldier's cockpit: input devices, calibration, pilot profile, flight modes (and later the window).

Drawing a frame: `render/` (the OpenGL scene: camera, meshes, shaders, renderer, scene
snapshot), `hud`, `hud_state`, `tactical_map`, `video_link`, and `view.CockpitView.draw`,
which puts one cockpit frame into a pygame Surface; `session` sets a trial up for it.

pygame is imported only by modules of this package. Its import banner would
pollute `slab ... --json` output, so it is silenced here, before any
submodule imports pygame.
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
