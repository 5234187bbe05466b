"""Chapter 9 explorers and figures draw what their controls say."""

import base64

import numpy as np
import pytest
from figures import figure_text as _text

from scaling_lib import forecasting as fc
from scaling_lib.lab.task import DATA_DIR, load_task_sweep
from scaling_lib.widgets import forecasting as widgets

pytestmark = pytest.mark.skipif(not (DATA_DIR / "task_ladder.json").exists(),
                                reason="cached ladder not generated yet")


@pytest.fixture(scope="module")
def sweep():
    return load_task_sweep("ladder")


def test_forecast_figure_reports_the_held_out_error(sweep):
    split = fc.ladder_split(sweep, metric="per_digit_accuracy")
    f = fc.forecast_split(split, "direct", n_boot=100)
    text = _text(widgets.draw_forecast("per_digit_accuracy", "direct", sweep=sweep))
    assert f"held-out error {f.score(split.truth()).mean_abs_error:.3f}" in text


def test_forecast_figure_changes_with_the_metric_and_the_rungs(sweep):
    a = _text(widgets.draw_forecast("exact_match", sweep=sweep))
    b = _text(widgets.draw_forecast("mc10_accuracy", sweep=sweep))
    c = _text(widgets.draw_forecast("exact_match", min_fit_width=16, sweep=sweep))
    assert a != b and a != c
    assert "not fitted" in c and "not fitted" not in a


def test_choices_figure_puts_the_floor_at_chance(sweep):
    for c in (2, 4, 10):
        assert f"chance 1/{c}" in _text(widgets.draw_choices(c, sweep=sweep))
    assert _text(widgets.draw_choices(4, "pre-training loss", sweep=sweep)) != \
        _text(widgets.draw_choices(4, sweep=sweep))


def test_explorers_display_a_static_png(sweep):
    for e in (widgets.forecast_explorer(sweep), widgets.choices_explorer(sweep)):
        bundle = e._repr_mimebundle_()
        assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert widgets.forecast_explorer(sweep).main == "metric"
    assert widgets.choices_explorer(sweep, n_choices=10).values["n_choices"] == 10


def test_lab_figures_hide_the_held_out_rungs_until_asked(sweep):
    hidden = widgets.draw_ladder(sweep, max_shown_width=64)
    shown = widgets.draw_ladder(sweep, max_shown_width=None)
    n_hidden = sum(len(line.get_xdata()) for ax in hidden.axes for line in ax.lines)
    n_shown = sum(len(line.get_xdata()) for ax in shown.axes for line in ax.lines)
    assert n_shown - n_hidden == 3 * 3 * 3  # three widths, three lengths, three panels
    split = fc.ladder_split(sweep)
    assert "held out (truth)" not in _text(widgets.draw_two_step(split))
    assert "held out (truth)" in _text(widgets.draw_two_step(split, show_truth=True))
    forecasts = {"direct": fc.forecast_split(split, "direct", n_boot=10)}
    text = _text(widgets.draw_forecast_vs_truth(split, forecasts, prediction=0.7))
    assert "pre-registered" in text
    assert len(widgets.draw_loss_collapse(sweep).axes) == 2


def test_draw_functions_reject_bad_input(sweep):
    with pytest.raises(ValueError, match="metric"):
        widgets.draw_forecast("loss", sweep=sweep)
    with pytest.raises(ValueError, match="n_choices"):
        widgets.draw_choices(3, sweep=sweep)
    with pytest.raises(TypeError, match="sweep"):
        widgets.draw_ladder(np.zeros(3))


def test_task_loss_shows_step_one_alone(sweep):
    split = fc.ladder_split(sweep, min_fit_width=16)
    f = fc.forecast_split(split, "two_step", n_boot=100)
    err = np.abs(f.loss_point - split.task_loss_nats[:, split.held].mean(0)).mean()
    text = _text(widgets.draw_forecast("task_loss_nats", "direct", min_fit_width=16,
                                       sweep=sweep))
    assert f"held-out error {err:.2f} nats" in text and "step 1" in text


def test_step_two_with_other_lengths_draws_at_every_largest_fitted_width(sweep):
    # a perfect run at 450k tokens stores a task loss of 0 (6 decimals); the explorer used to
    # fail on it ("link_loss_nats must be positive") when the largest fitted width was 128
    text = _text(widgets.draw_forecast("exact_match", "two_step", 2, 128, True, sweep=sweep))
    assert "held-out error" in text
    split = fc.ladder_split(sweep, max_fit_width=128)
    assert np.any(split.link_task_loss_nats == 0)
    f = fc.forecast_split(split, "two_step", link=True, n_boot=5)
    assert np.all(np.isfinite(f.point))


def test_the_forecast_figure_says_when_no_forecast_was_recorded(sweep):
    split = fc.ladder_split(sweep)
    forecasts = {"direct": fc.forecast_split(split, "direct", n_boot=10)}
    text = _text(widgets.draw_forecast_vs_truth(split, forecasts, prediction=None))
    assert "no pre-registered forecast recorded" in text and "your pre-registered" not in text


def test_choices_figure_counts_its_near_misses_and_says_which_points_are_clipped(sweep):
    two = _text(widgets.draw_choices(2, sweep=sweep))
    assert "1 near miss" in two and "1 near misses" not in two
    assert "9 near misses" in _text(widgets.draw_choices(10, sweep=sweep))
    fig = widgets.draw_choices(4, sweep=sweep)
    n_clipped = int(np.sum(sweep.metric("p_correct", 11) < 1e-12))
    assert n_clipped > 0
    assert f"{n_clipped} runs with P < 10⁻¹², drawn at 10⁻¹²" in _text(fig)
    # the clipped runs sit inside the axis, not on its spine
    assert fig.axes[1].get_xlim()[0] < 1e-12


def test_the_choices_legend_covers_no_run(sweep):
    for c in (2, 4, 10):
        fig = widgets.draw_choices(c, sweep=sweep)
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        box = ax.get_legend().get_window_extent(renderer)
        for line in ax.lines:
            if line.get_linestyle() in ("None", "", " "):
                xy = line.get_transform().transform(np.column_stack(
                    [line.get_xdata(), line.get_ydata()]))
                inside = ((xy[:, 0] > box.x0) & (xy[:, 0] < box.x1)
                          & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1))
                assert not inside.any(), (c, line.get_label())


def test_the_width_dropdowns_offer_only_settings_that_draw(sweep):
    # review M1: "largest fitted width 23, smallest 16" left two fitted rungs and failed
    e = widgets.forecast_explorer(sweep)
    smallest, largest = e.controls["min_fit_width"], e.controls["max_fit_width"]
    seen = 0
    for lo in list(smallest.options):
        if lo not in smallest.options:
            continue
        smallest.value = lo
        for hi in list(largest.options):
            largest.value = hi
            assert smallest.value == lo and largest.value == hi
            fc.ladder_split(sweep, min_fit_width=lo, max_fit_width=hi)  # does not raise
            assert "Cannot draw" not in e.message.value, (lo, hi, e.message.value)
            seen += 1
        largest.value = 64
    assert seen > 20
    smallest.value = 2
    largest.value = 16
    assert max(smallest.options) == 8  # 8, 11, 16: three fitted rungs
