"""Chapter 6 explorers draw what their controls say, quickly and purely."""

import base64

import numpy as np
import pytest
from figures import figure_text as _text

from scaling_lib import test_time as tt
from scaling_lib.widgets import test_time as widgets


@pytest.fixture(scope="module")
def curves():
    return tt.SamplingCurves(
        widths=np.array([16, 128]),
        n_params=np.array([1083.0, 8587.0]),
        train_flops=np.array([6 * 1083 * 1.5e5, 6 * 8587 * 1.5e5]),
        ks=np.array([1, 2, 4, 8, 16]),
        coverage=np.array([[0.1, 0.18, 0.3, 0.4, 0.5], [0.8, 0.9, 0.97, 0.99, 1.0]]),
        majority=np.array([[0.1, 0.1, 0.12, 0.15, 0.16], [0.8, 0.8, 0.9, 0.95, 0.98]]),
        greedy=np.array([0.23, 1.0]),
        mean_pass1=np.array([0.1, 0.8]),
        tokens_per_answer=7.0,
    )


def test_coverage_figure_reports_exact_coverage_at_the_chosen_k():
    fig = widgets.draw_coverage(alpha=0.5, beta=2.0, k=16)
    assert f"coverage {float(tt.beta_coverage(0.5, 2.0, 16)):.3f} (exact)" in _text(fig)


def test_coverage_figure_changes_with_the_estimator():
    a = _text(widgets.draw_coverage(k=10, n_samples=20, estimator="unbiased"))
    b = _text(widgets.draw_coverage(k=10, n_samples=20, estimator="plugin"))
    assert a != b


def test_selection_figure_says_when_a_wrong_answer_is_the_mode():
    assert "correct answer is the mode" in _text(widgets.draw_selection(0.4, 0.2))
    assert "wrong answer is the mode" in _text(widgets.draw_selection(0.3, 0.4))


def test_selection_answer_distribution_sums_to_one():
    probs = widgets.selection_answer_probs(0.3, 0.2, 5)
    assert probs.sum() == pytest.approx(1.0) and probs[0] == 0.3
    with pytest.raises(ValueError, match="p_correct"):
        widgets.selection_answer_probs(0.7, 0.5, 3)


def test_compute_matched_figure_states_the_matched_sample_count(curves):
    text = _text(widgets.draw_compute_matched(curves, 16, 128, "oracle", 1e12))
    assert f"k = {8587 / 1083:.3g} samples" in text


def test_few_queries_let_the_small_model_sample_beyond_the_sweep(curves):
    text = _text(widgets.draw_compute_matched(curves, 16, 128, "majority", 100))
    assert "beyond the" in text


def test_compute_matched_explorer_displays_a_static_png(curves):
    bundle = widgets.compute_matched_explorer(curves)._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_explorer_defaults_can_be_overridden():
    e = widgets.coverage_explorer(alpha=1.0)
    assert e.values["alpha"] == pytest.approx(1.0)


def test_lab_figures_draw_from_curves(curves):
    fits = {16: tt.fit_coverage_law(curves.ks, curves.coverage[0])}
    fig = widgets.draw_lab_coverage(curves, fits, live=(16, [1, 4], [0.1, 0.3]))
    assert len(fig.axes) == 2
    assert "width 16" in _text(widgets.draw_lab_majority(curves, 16))


def test_draw_functions_reject_bad_input(curves):
    with pytest.raises(ValueError, match="alpha"):
        widgets.draw_coverage(alpha=0)
    with pytest.raises(ValueError, match="estimator"):
        widgets.draw_coverage(estimator="mean")
    with pytest.raises(ValueError, match="selection"):
        widgets.draw_compute_matched(curves, selection="best")
    with pytest.raises(ValueError, match="width"):
        widgets.draw_compute_matched(curves, small_width=5)


def test_selection_explorer_never_lets_the_two_probabilities_exceed_one():
    explorer = widgets.selection_explorer()
    c, w = explorer.controls["p_correct"], explorer.controls["p_top_wrong"]
    assert max(v for _, v in w.options) == pytest.approx(0.7)  # 1 - P(correct)
    w.value = 0.6
    c.value = 0.8  # the top-wrong slider's end moves down and takes the value with it
    assert w.value == pytest.approx(0.2)
    assert explorer.message.value == ""


def test_compute_matched_explorer_never_plots_a_model_against_itself(curves):
    explorer = widgets.compute_matched_explorer(curves)
    small, large = explorer.controls["small_width"], explorer.controls["large_width"]
    for w in small.options:
        small.value = w
        assert all(o > w for o in large.options) and large.value > w
    with pytest.raises(ValueError, match="smaller than the large"):
        widgets.draw_compute_matched(curves, small_width=128, large_width=128)
