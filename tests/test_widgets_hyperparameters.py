"""Chapter 8 explorers and figures draw what their controls say, from the cached sweeps."""

import numpy as np
import pytest
from figures import figure_text as _text

from scaling_lib import hyperparameters as hp
from scaling_lib.lab.sweep import load_sweep
from scaling_lib.widgets import hyperparameters as widgets


@pytest.fixture(scope="module")
def lr_table():
    return load_sweep("lr_width")


def test_lr_width_figure_names_the_parametrisation_and_both_slopes(lr_table):
    optima = hp.lr_width_optima(lr_table)
    text = _text(widgets.draw_lr_width(lr_table, "mup"))
    assert "μP" in text
    for p in ("sp", "mup"):
        assert f"slope {optima[p]['fit'].exponent:+.2f}" in text
    assert _text(widgets.draw_lr_width(lr_table, "sp")) != text


def test_lr_width_figure_can_show_one_seed(lr_table):
    assert _text(widgets.draw_lr_width(lr_table, "sp", "seed 1")) is not None
    with pytest.raises(ValueError, match="seeds"):
        widgets.draw_lr_width(lr_table, "sp", "seed 7")


def test_critical_batch_figure_reports_the_chosen_batch():
    b = np.array([32.0, 128.0, 512.0, 2048.0])
    targets = {"1": {"batch_sizes": b, "steps": hp.steps_to_target(b, 100.0, 5e4),
                     "tokens": b * hp.steps_to_target(b, 100.0, 5e4), "lr": b * 0 + 0.01}}
    text = _text(widgets.draw_critical_batch(targets, "1", 500.0))
    assert "B = 500: 2.00·S_min steps, 2.00·E_min tokens" in text
    assert "B_crit ≈ 500" in text
    with pytest.raises(ValueError, match="target"):
        widgets.draw_critical_batch(targets, "2")


def test_schedule_figure_states_the_family_compute():
    text = _text(widgets.draw_schedules(0.2, 8))
    assert "38% of the compute" in text and "8 cosine runs: 36 D" in text
    assert _text(widgets.draw_schedules(0.5, 8)) != text


def test_lr_width_stars_sit_at_the_quoted_optima(lr_table):
    # learner review L7: the stars were grid points while the text quotes interpolated optima
    optima = hp.lr_width_optima(lr_table)
    fig = widgets.draw_lr_width(lr_table, "sp", optima=optima)
    stars = [ln for ln in fig.axes[0].lines if ln.get_marker() == "*"]
    o = optima["sp"]
    expected = sorted(float(np.exp(np.log(o["lr_opt"][o["widths"] == w]).mean()))
                      for w in np.unique(o["widths"]))
    assert sorted(float(s.get_xdata()[0]) for s in stars) == pytest.approx(expected)
    assert "mean of 5 seeds" in _text(fig)
    assert "seed 1 of 5" in _text(widgets.draw_lr_width(lr_table, "sp", "seed 1"))


def test_critical_batch_marks_the_chosen_batch_inside_both_panels():
    # learner review L7: the left panel did not mark B, and at the largest B the star sat on
    # the corner of the right panel
    table = load_sweep("batch_size")
    targets = hp.batch_targets(table)
    explorer = widgets.critical_batch_explorer(table)
    batches = [v for _, v in explorer.controls["batch_size"].options]
    assert "8,192" in explorer.controls["batch_size"]._options_labels
    for b in (batches[0], batches[-1]):
        fig = widgets.draw_critical_batch(targets, list(targets)[-1], b)
        for ax in fig.axes:
            (star,) = [ln for ln in ax.lines if ln.get_marker() == "*"]
            x, y = float(star.get_xdata()[0]), float(star.get_ydata()[0])
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            assert x0 * 1.1 < x < x1 / 1.1 and y0 * 1.1 < y < y1 / 1.1
        assert f"B = {b:,}" in _text(fig)


def test_schedule_branches_are_never_black_and_the_floor_is_named():
    # learner review L7: with 10 lengths one branch was black like the shared run
    from matplotlib.colors import to_hex

    fig = widgets.draw_schedules(0.2, 10)
    left, right = fig.axes
    branches = [ln for ln in right.lines if ln.get_label() != "shared constant-rate run"]
    assert len(branches) == 10
    assert all(to_hex(ln.get_color()) != "#000000" for ln in branches + list(left.lines[:10]))
    assert "cosine floor, 10% of peak" in _text(fig)


def test_wsd_figure_labels_its_band():
    comparison = hp.wsd_comparison(load_sweep("wsd"))
    assert "within ±1% of the reducible loss" in _text(widgets.draw_wsd_lab(comparison))
