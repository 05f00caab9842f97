"""The video link: latency from a ring of frames keyed by sim time, analog snow, digital freeze."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from sim.cockpit.video_link import VideoKind, VideoLink

SIZE = (32, 24)
FRAME_S = 1.0 / 120.0


def _commit(link: VideoLink, t_s: float, shade: int) -> None:
    link.write_buffer()[:] = (shade, shade, shade, 255)
    link.commit(t_s)


def _shown(link: VideoLink, t_s: float, quality: float = 1.0) -> np.ndarray:
    target = pygame.Surface(SIZE)
    link.present(target, t_s, quality)
    return pygame.surfarray.array3d(target).transpose(1, 0, 2)


@pytest.mark.parametrize("latency_ms", [0, 10, 35, 100])
def test_latency_delivers_the_frame_from_t_minus_latency(latency_ms):
    link = VideoLink(SIZE, latency_ms / 1000.0, max_fps=120.0)
    for k in range(60):
        t = k * FRAME_S
        _commit(link, t, k)
        expected = max(0, int(np.floor((t - latency_ms / 1000.0) / FRAME_S + 1e-6)))
        assert _shown(link, t)[0, 0, 0] == expected, f"frame {k}"
        assert link.delayed_time(t) == pytest.approx(expected * FRAME_S)


def test_latency_outside_0_to_100_ms_is_refused():
    with pytest.raises(ValueError):
        VideoLink(SIZE, 0.15)


def test_clean_analog_picture_is_untouched_and_snow_grows_as_quality_falls():
    link = VideoLink(SIZE, 0.0, VideoKind.ANALOG, seed=1)
    _commit(link, 0.0, 100)
    assert np.all(_shown(link, 0.0, 1.0) == 100)
    light, heavy = _shown(link, 0.0, 0.8), _shown(link, 0.0, 0.05)
    error = [np.abs(img.astype(int) - 100).mean() for img in (light, heavy)]
    assert 0 < error[0] < error[1], "more degradation, more snow"
    assert heavy.std() > 40, "a badly jammed analog link is mostly noise"


def test_digital_picture_freezes_on_the_last_good_frame_and_recovers():
    link = VideoLink(SIZE, 0.0, VideoKind.DIGITAL)
    _commit(link, 0.0, 10)
    assert _shown(link, 0.0, 0.9)[0, 0, 0] == 10
    for k, shade in enumerate((20, 30, 40), start=1):
        _commit(link, k * FRAME_S, shade)
        assert np.all(_shown(link, k * FRAME_S, 0.1) == 10), "frozen on the last good picture"
        assert link.frozen
    _commit(link, 4 * FRAME_S, 50)
    shown = _shown(link, 4 * FRAME_S, 0.9)
    assert np.all(shown == 50) and not link.frozen
    # Degraded but above the freeze threshold: digital shows a clean picture, no snow.
    assert np.all(_shown(link, 4 * FRAME_S, 0.5) == 50)
