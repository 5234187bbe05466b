"""Tests for scaling_lib.power_laws: reading Kaplan's laws, the overfitting rule, extrapolation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import laws
from scaling_lib import power_laws as pl
from scaling_lib.fitting import fit_power_law

JOINT = laws.KAPLAN_JOINT_LAW


# ------------------------------------------------------------------ published constants


def test_overfitting_condition_matches_kaplan_eq_4_4():
    # "D ≳ (5 × 10^3) N^0.74", derived for a seed-to-seed variation of about 0.02
    c = pl.KAPLAN_OVERFITTING
    assert (c.tokens_coefficient, c.exponent, c.penalty_threshold) == (5e3, 0.74, 0.02)
    assert c.citation == "kaplan2020scaling"


@pytest.mark.parametrize("params", [1e6, 1e8, 1e9, 1e11])
def test_overfitting_boundary_is_where_the_joint_law_penalty_reaches_the_threshold(params):
    tokens = pl.KAPLAN_OVERFITTING.min_tokens(params)
    penalty = pl.overfitting_penalty(JOINT, params, tokens)
    assert penalty == pytest.approx(pl.KAPLAN_OVERFITTING.penalty_threshold, rel=0.15)


def test_doubling_parameters_gives_kaplans_quoted_factor_of_0_95():
    assert round(float(pl.loss_factor(laws.KAPLAN_PARAMS_LAW.exponent)), 2) == 0.95


def test_eightfold_model_needs_about_fivefold_data():
    # Kaplan Sec. 1.1: "every time we increase the model size 8x, we only need to increase
    # the data by roughly 5x"
    ratio = pl.KAPLAN_OVERFITTING.min_tokens(8e9) / pl.KAPLAN_OVERFITTING.min_tokens(1e9)
    assert ratio == pytest.approx(5, rel=0.1)


# ------------------------------------------------------------------ single laws


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 1.0), st.floats(1.01, 1e3))
def test_multiple_for_loss_factor_inverts_loss_factor(exponent, multiple):
    f = pl.loss_factor(exponent, multiple)
    assert pl.multiple_for_loss_factor(exponent, f) == pytest.approx(multiple, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.floats(1e3, 1e12))
def test_a_doubling_buys_the_same_ratio_at_every_scale(params):
    law = laws.KAPLAN_PARAMS_LAW
    assert law.loss(2 * params) / law.loss(params) == pytest.approx(
        float(pl.loss_factor(law.exponent)), rel=1e-12)


def test_ten_percent_lower_compute_law_loss_costs_about_8x_compute():
    m = pl.multiple_for_loss_factor(laws.KAPLAN_COMPUTE_LAW.exponent, 0.9)
    law = laws.KAPLAN_COMPUTE_LAW
    assert law.loss(10 * m) / law.loss(10) == pytest.approx(0.9)
    assert 8 < m < 8.5


# ------------------------------------------------------------------ joint law


def test_joint_law_terms_rebuild_the_loss():
    p, t = pl.joint_terms(JOINT, 1e9, 1e10)
    assert (p + t) ** JOINT.alpha_d == pytest.approx(JOINT.loss(1e9, 1e10))


def test_bottleneck_follows_the_scarcer_resource():
    assert pl.bottleneck(JOINT, 1e6, 1e13) == "params"
    assert pl.bottleneck(JOINT, 1e12, 1e8) == "tokens"


def test_growing_the_bottleneck_helps_more_than_growing_the_other_resource():
    n, d = 1e12, 1e9
    assert pl.bottleneck(JOINT, n, d) == "tokens"
    assert JOINT.loss(n, 2 * d) < JOINT.loss(2 * n, d)


@settings(max_examples=40, deadline=None)
@given(st.floats(1e5, 1e12), st.floats(1e7, 1e13))
def test_overfitting_penalty_is_positive_and_shrinks_with_more_data(params, tokens):
    a = pl.overfitting_penalty(JOINT, params, tokens)
    b = pl.overfitting_penalty(JOINT, params, 2 * tokens)
    assert 0 < b < a


def test_joint_terms_reject_a_chinchilla_law_and_bad_sizes():
    with pytest.raises(ValueError, match="KaplanJointLaw"):
        pl.joint_terms(laws.HOFFMANN_2022, 1e9, 1e10)
    with pytest.raises(ValueError, match="params"):
        pl.bottleneck(JOINT, 0, 1e10)
    with pytest.raises(ValueError, match="tokens"):
        pl.overfitting_penalty(JOINT, 1e9, float("nan"))


def test_overfitting_rule_rejects_nonpositive_sizes():
    with pytest.raises(ValueError, match="params"):
        pl.KAPLAN_OVERFITTING.min_tokens(-1)
    with pytest.raises(ValueError, match="tokens"):
        pl.KAPLAN_OVERFITTING.max_params(0)


def test_max_params_inverts_min_tokens():
    assert pl.KAPLAN_OVERFITTING.max_params(pl.KAPLAN_OVERFITTING.min_tokens(3e9)) == \
        pytest.approx(3e9)


# ------------------------------------------------------------------ local slopes, crossings


def test_local_slopes_are_constant_for_a_pure_power_law_and_drift_with_a_floor():
    x = np.geomspace(1e3, 1e7, 9)
    assert np.allclose(pl.local_slopes(x, 3 * x**-0.3), -0.3)
    s = pl.local_slopes(x, 1.0 + 3 * x**-0.3)
    assert np.all(np.diff(s) > 0)  # the slope flattens towards 0


def test_local_slopes_reject_unsorted_or_mismatched_input():
    with pytest.raises(ValueError, match="increasing"):
        pl.local_slopes([3.0, 2.0, 1.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="lengths differ"):
        pl.local_slopes([1.0, 2.0, 3.0], [1.0, 2.0])


def test_a_floorless_fit_crosses_the_floor_where_it_predicts_it():
    fit = fit_power_law([1e3, 1e4, 1e5], [2.0, 1.6, 1.28])
    x = pl.floor_crossing(fit, 0.5)
    assert fit.predict(x) == pytest.approx(0.5)


def test_floor_crossing_rejects_a_fit_with_an_offset():
    x = np.geomspace(1, 1e4, 8)
    fit = fit_power_law(x, 1 + x**-0.5, offset=True)
    with pytest.raises(ValueError, match="offset"):
        pl.floor_crossing(fit, 0.5)


# ------------------------------------------------------------------ extrapolation


def _synthetic(noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    x = np.geomspace(1e3, 1e6, 8)
    y = 0.8 + 0.5 * x**-0.4 * np.exp(noise * rng.standard_normal(x.size))
    return x, y


def test_extrapolation_with_the_right_floor_recovers_an_exact_law():
    x, y = _synthetic()
    ex = pl.extrapolate(x, y, 4, floor=0.8)
    assert ex.fit.exponent == pytest.approx(-0.4)
    assert np.allclose(ex.errors, 0, atol=1e-12)


def test_extrapolation_without_the_floor_undershoots_the_held_out_runs():
    x, y = _synthetic()
    ex = pl.extrapolate(x, y, 4, floor=0.0)
    assert np.all(ex.errors < 0)
    assert np.all(np.diff(ex.errors) < 0)  # and the error grows with distance


def test_interval_widens_with_the_level_and_contains_the_point_prediction():
    x, y = _synthetic(noise=0.05)
    wide = pl.extrapolate(x, y, 5, floor=0.8, level=0.95)
    narrow = pl.extrapolate(x, y, 5, floor=0.8, level=0.5)
    lo_w, hi_w = wide.interval(x[-1])
    lo_n, hi_n = narrow.interval(x[-1])
    assert lo_w <= lo_n <= narrow.predict(x[-1]) <= hi_n <= hi_w


def test_extrapolation_is_reproducible_for_a_seed():
    x, y = _synthetic(noise=0.05)
    a = pl.extrapolate(x, y, 4, floor=0.8, seed=3).interval(x[-1])
    b = pl.extrapolate(x, y, 4, floor=0.8, seed=3).interval(x[-1])
    assert np.array_equal(a, b)


def test_extrapolation_rejects_bad_arguments():
    x, y = _synthetic()
    with pytest.raises(ValueError, match="n_fit"):
        pl.extrapolate(x, y, 2)
    with pytest.raises(ValueError, match="n_fit"):
        pl.extrapolate(x, y, 9)
    with pytest.raises(ValueError, match="floor"):
        pl.extrapolate(x, y, 4, floor=0.9)
    with pytest.raises(ValueError, match="level"):
        pl.extrapolate(x, y, 4, level=0)
    with pytest.raises(ValueError, match="lengths differ"):
        pl.extrapolate(x, y[:-1], 4)


# ---- issue 31: why the lab's losses are power laws (chapter 1, "Why power laws?")

def test_zipf_exponent_predictions_are_s_minus_one_and_its_ratio_to_s():
    assert pl.zipf_exponent_predictions(1.5) == pytest.approx((0.5, 1 / 3))
    assert pl.zipf_exponent_predictions(2.0) == pytest.approx((1.0, 0.5))
    for bad in (1.0, 0.5):
        with pytest.raises(ValueError, match="zipf_exponent"):
            pl.zipf_exponent_predictions(bad)


def _small_language():
    from scaling_lib.lab.language import LanguageConfig

    return LanguageConfig(vocab_size=8, context_length=6, n_contexts=4096, zipf_exponent=1.5)


def test_learned_contexts_curve_matches_the_languages_own_excess():
    from scaling_lib.lab import make_language

    config = _small_language()
    curve = pl.learned_contexts_curve(config, n_points=12)
    language = make_language(**config.to_dict())
    assert np.all(np.diff(curve.n) > 0) and curve.n[0] == 1
    for n, excess in zip(curve.n, curve.excess, strict=True):
        assert excess == pytest.approx(language.excess_loss_if_learned(int(n)), abs=1e-12)
    assert np.all(np.diff(curve.excess) <= 1e-12)  # learning more contexts never hurts
    assert curve.tail[0] == pytest.approx(1 - language.context_probs[0])


def test_learned_contexts_slope_is_near_the_zipf_tails():
    curve = pl.learned_contexts_curve(_small_language(), n_points=40)
    # the tail's slope is 1 − s; a finite number of contexts bends the far end a little
    assert curve.slope(n_min=5, n_max=256) == pytest.approx(1 - 1.5, abs=0.06)
    with pytest.raises(ValueError, match="n_min"):
        curve.slope(n_min=1e6)


def test_learned_contexts_curve_rejects_bad_arguments():
    with pytest.raises(TypeError, match="language"):
        pl.learned_contexts_curve("default")
    with pytest.raises(ValueError, match="n_points"):
        pl.learned_contexts_curve(_small_language(), n_points=1)


def test_the_drawings_return_figures_and_check_their_inputs():
    import matplotlib.pyplot as plt

    curve = pl.learned_contexts_curve(_small_language(), n_points=12)
    fig = pl.draw_learned_contexts(curve, band=(0.03, 0.1))
    assert fig.axes
    plt.close(fig)
    with pytest.raises(ValueError, match="band"):
        pl.draw_learned_contexts(curve, band=(0.1, 0.03))
    with pytest.raises(TypeError, match="curve"):
        pl.draw_learned_contexts("curve")
    fig = pl.draw_lab_model(5, 16, 128, 16)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "10,368" in texts and "2,064" in texts  # k·d·h + h and h·V + V at h = 128
    plt.close(fig)
    with pytest.raises(ValueError, match="vocab_size"):
        pl.draw_lab_model(5, 16, 128, 1)
