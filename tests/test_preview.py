"""`slab preview`: every library scenario draws to a readable PNG; bad input exits 2 and writes nothing."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image, patches
from matplotlib.colors import to_rgb

from sim.cli import main
from sim.config.library import SCENARIOS
from sim.config.resolve import resolve
from sim.config.scenario_ew import Jammer, Link
from sim.config.scenario_loading import load_scenario, scenario_names
from sim.preview import PIXELS, render, write_png
from sim.preview_layers import BLUE, GATE, JAMMER, JAMMER_LABEL, RED, jammer_radius_m
from sim.trial_setup import resolve_stream


def _pixels(path: Path) -> np.ndarray:
    rgba = image.imread(path)
    return rgba[..., :3]


def _near(rgb: np.ndarray, colour: str, tolerance: float = 0.12) -> int:
    """How many pixels lie within `tolerance` (per channel, 0..1) of `colour`."""
    return int(np.all(np.abs(rgb - np.array(to_rgb(colour))) < tolerance, axis=-1).sum())


def _preview(tmp_path: Path, *args: str, name: str = "map.png") -> tuple[int, Path]:
    out = tmp_path / name
    return main(["preview", *args, "--out", str(out)]), out


@pytest.mark.parametrize("name", scenario_names())
def test_library_scenario_previews(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _preview(tmp_path, name)
    assert code == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip() == str(out)
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]  # no temp file left behind
    rgb = _pixels(out)
    assert rgb.shape[:2] == (PIXELS[1], PIXELS[0])
    colours = np.unique((rgb * 255).astype(np.uint8).reshape(-1, 3), axis=0).astype(int)
    # Text alone gives hundreds of greys; coloured layers give hues (channels that differ).
    hues = colours[colours.max(axis=1) - colours.min(axis=1) > 12]
    assert len(hues) > 100, "too few colours: the map is (nearly) blank"
    scenario = load_scenario(name)
    main_map = rgb[int(0.14 * PIXELS[1]):, :int(0.68 * PIXELS[0])]  # left of the legend, below the title
    if scenario.red.waves:
        assert _near(main_map, RED) > 200, "red waves not drawn"
    if scenario.area.gates:
        assert _near(main_map, GATE) > 50, "training gates not drawn"
    if scenario.blue.launch_sites:
        assert _near(main_map, BLUE) > 50, "blue launch sites not drawn"


def test_default_output_name_in_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["preview", "single-shahed-training"]) == 0
    assert capsys.readouterr().out.strip() == "single-shahed-training-preview.png"
    assert (tmp_path / "single-shahed-training-preview.png").is_file()


def test_bad_scenario_exits_2_with_one_line_and_no_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SCENARIOS.path("single-shahed-training").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("count: 1\n", "count: 0\n", 1), encoding="utf-8")
    code, out = _preview(tmp_path, str(bad))
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"{bad}:") and "count" in err
    assert not out.exists() and not list(tmp_path.glob("*.png")) and not list(tmp_path.glob(".*"))


def test_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _preview(tmp_path, "single-shahed-training", name="missing-folder/map.png")
    assert code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_negative_seed_is_a_usage_error(tmp_path: Path) -> None:
    code, out = _preview(tmp_path, "single-shahed-training", "--seed", "-1")
    assert code == 2 and not out.exists()


def _seeds_with_different_counts() -> tuple[int, int]:
    """Two seeds whose resolved port scenario has different wave-1 counts ({choice: [6, 8, 10]})."""
    scenario = load_scenario("port-night-shahed-wave")
    counts = {}
    for seed in range(50):
        count = resolve(scenario, resolve_stream(seed)).scenario.red.waves[0].count
        counts.setdefault(count, seed)
    assert len(counts) > 1
    first, second = list(counts.values())[:2]
    return first, second


def test_seed_changes_a_randomised_picture(tmp_path: Path) -> None:
    a, b = _seeds_with_different_counts()
    assert _preview(tmp_path, "port-night-shahed-wave", "--seed", str(a), name="a.png")[0] == 0
    assert _preview(tmp_path, "port-night-shahed-wave", "--seed", str(b), name="b.png")[0] == 0
    assert not np.array_equal(_pixels(tmp_path / "a.png"), _pixels(tmp_path / "b.png"))


def test_default_seed_is_meta_seed(tmp_path: Path) -> None:
    seed = load_scenario("port-night-shahed-wave").meta.seed
    assert _preview(tmp_path, "port-night-shahed-wave", name="default.png")[0] == 0
    assert _preview(tmp_path, "port-night-shahed-wave", "--seed", str(seed), name="given.png")[0] == 0
    assert _preview(tmp_path, "port-night-shahed-wave", "--seed", str(seed + 1), name="other.png")[0] == 0
    assert np.array_equal(_pixels(tmp_path / "default.png"), _pixels(tmp_path / "given.png"))
    assert not np.array_equal(_pixels(tmp_path / "default.png"), _pixels(tmp_path / "other.png"))


def _jammer(power_dbm: float, bands: list[str], gain_dbi: float = 0.0) -> Jammer:
    return Jammer(name="j", position_m=[0, 0], power_dbm=power_dbm, antenna_gain_dbi=gain_dbi, bands=bands,
                  source="test")


def test_jammer_radius_is_where_the_signal_falls_to_sensitivity() -> None:
    link = Link(band="2.4GHz", tx_power_dbm=27, rx_gain_dbi=2, rx_sensitivity_dbm=-105, source="test")
    # 47 dBm + 6 dBi + 2 dBi + 105 dB = 160 dB of path loss; at 915 MHz that is 10^((160-59.23-32.44)/20) km.
    assert jammer_radius_m(_jammer(47, ["900MHz", "gnss"], gain_dbi=6), link) == pytest.approx(2_610_000, rel=1e-3)
    for bands in (["433MHz"], ["5.8GHz"], ["gnss"]):
        r_km = jammer_radius_m(_jammer(-20, bands), link) / 1000
        f_mhz = {"433MHz": 433.0, "5.8GHz": 5800.0, "gnss": 1575.42}[bands[0]]
        received = -20 + 0 + 2 - (20 * math.log10(r_km) + 20 * math.log10(f_mhz) + 32.44)
        assert received == pytest.approx(-105, abs=1e-9)


def test_small_jammer_footprint_is_drawn_and_explained() -> None:
    scenario = load_scenario("ew-contested-corridor")
    weak = [j.model_copy(update={"power_dbm": -30.0, "antenna_gain_dbi": 0.0}) for j in scenario.ew.jammers]
    scenario = scenario.model_copy(update={"ew": scenario.ew.model_copy(update={"jammers": weak})})
    expected = jammer_radius_m(weak[0], scenario.ew.control_link)
    assert 10 < expected < 1000  # inside the map this time
    fig = render(resolve(scenario, np.random.default_rng(0)), seed=0)
    main_map = fig.axes[0]
    rings = [p for p in main_map.patches if isinstance(p, patches.Circle)
             and p.get_edgecolor()[:3] == pytest.approx(to_rgb(JAMMER)) and p.radius == pytest.approx(expected)]
    assert len(rings) == len(weak)
    assert JAMMER_LABEL in [t.get_text() for t in fig.legends[0].get_texts()]


def test_heightmap_terrain_is_drawn(tmp_path: Path) -> None:
    x, y = np.meshgrid(np.linspace(-1, 1, 50), np.linspace(-1, 1, 40))
    np.save(tmp_path / "ground.npy", 200 * np.exp(-4 * (x ** 2 + y ** 2)))
    text = SCENARIOS.path("single-shahed-training").read_text(encoding="utf-8")
    file = tmp_path / "hilly.yaml"
    file.write_text(text.replace("  ceiling_m: 2000\n", "  ceiling_m: 2000\n  terrain: {heightmap: ground.npy, "
                                 "cell_size_m: 400}\n", 1), encoding="utf-8")
    fig = render(resolve(load_scenario(file), np.random.default_rng(0)), seed=0)
    assert "terrain contours (height)" in [t.get_text() for t in fig.legends[0].get_texts()]
    assert main(["preview", str(file), "--out", str(tmp_path / "hilly.png")]) == 0


def test_an_empty_scenario_still_draws(tmp_path: Path) -> None:
    file = tmp_path / "empty.yaml"
    file.write_text("kind: scenario\nmeta: {name: empty, description: Nothing here., duration_s: 60}\n"
                    "area: {size_m: [3000, 1000]}\n", encoding="utf-8")
    assert main(["preview", str(file), "--out", str(tmp_path / "empty.png")]) == 0
    assert _pixels(tmp_path / "empty.png").shape[:2] == (PIXELS[1], PIXELS[0])


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    out.write_bytes(b"old picture")
    fig = render(resolve(load_scenario("single-shahed-training"), np.random.default_rng(0)), seed=0)

    def half_written(handle, **kwargs) -> None:
        handle.write(b"\x89PNG half")
        raise OSError("disk full")

    fig.savefig = half_written
    with pytest.raises(OSError):
        write_png(fig, out)
    assert out.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]
