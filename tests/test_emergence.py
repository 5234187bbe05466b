"""The mirage model, the resolution argument, emergence scores and Wei et al.'s Table 1."""

import math

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from scaling_lib import emergence as em

probs = st.floats(0.0, 1.0, allow_nan=False)
lengths = st.integers(1, 60)


@given(probs, lengths)
def test_exact_match_is_never_above_per_token_accuracy(p, k):
    assert em.exact_match(p, k) <= p + 1e-12


@given(probs, lengths)
def test_exact_match_falls_with_answer_length(p, k):
    assert em.exact_match(p, k + 1) <= em.exact_match(p, k) + 1e-12


@given(probs, lengths)
def test_edit_distance_is_linear_in_the_error_rate(p, k):
    assert em.expected_edit_distance(p, k) == pytest.approx(k * (1 - p))


def test_token_accuracy_is_exp_of_minus_the_loss():
    assert em.token_accuracy(0.0) == 1.0
    assert em.token_accuracy(1.0) == pytest.approx(math.exp(-1))
    np.testing.assert_allclose(em.token_accuracy([0.1, 2.0]), np.exp([-0.1, -2.0]))


def test_multiple_choice_grade_is_a_step_at_one_over_k_while_brier_is_smooth():
    p = np.array([0.2, 0.24, 0.26, 0.3])
    np.testing.assert_array_equal(em.multiple_choice_grade(p, 4), [0, 0, 1, 1])
    brier = em.brier_score(p, 4)
    assert np.all(np.diff(brier) < 0) and abs(brier[2] - brier[1]) < 0.05
    assert em.brier_score(1.0, 4) == 0.0
    assert em.brier_score(0.25, 4) == pytest.approx(0.75)


def test_fifty_percent_answer_length_is_ln2_over_the_loss():
    assert em.answer_length_at(math.exp(-0.1), 0.5) == pytest.approx(math.log(2) / 0.1)


def test_emergent_scale_moves_as_k_to_the_one_over_alpha():
    law = em.token_loss_law(1e7, 0.5)
    n2, n10 = em.params_at_exact_match(law, 2), em.params_at_exact_match(law, 10)
    assert n10 / n2 == pytest.approx(25)
    p = math.exp(-law.loss(n10))
    assert em.exact_match(p, 10) == pytest.approx(0.5)


def test_illustrative_law_spans_the_promised_accuracy_range():
    law = em.ILLUSTRATIVE_TOKEN_LOSS
    assert math.exp(-law.loss(1e6)) == pytest.approx(0.042, abs=0.001)
    assert math.exp(-law.loss(1e12)) == pytest.approx(0.997, abs=0.001)


def test_mirage_curves_are_consistent_with_the_scalar_functions():
    c = em.mirage_curves(em.ILLUSTRATIVE_TOKEN_LOSS, [1e8, 1e10], 10)
    np.testing.assert_allclose(c.exact_match, c.token_accuracy**10)
    np.testing.assert_allclose(c.edit_distance_tokens, 10 * (1 - c.token_accuracy))


def test_one_percent_accuracy_needs_299_problems_at_95_percent():
    assert em.problems_to_detect(0.01, 0.95) == 299
    assert em.problems_to_detect(0.5, 0.75) == 2  # exact ratio is not rounded up
    assert em.problems_to_detect(1.0) == 1


@given(st.floats(1e-4, 0.9), st.floats(0.5, 0.99))
def test_problems_to_detect_is_the_smallest_sufficient_test_set(q, c):
    n = em.problems_to_detect(q, c)
    assert 1 - em.prob_zero_correct(q, n) >= c - 1e-9
    if n > 1:
        assert 1 - em.prob_zero_correct(q, n - 1) < c + 1e-9


def test_zero_correct_upper_bound_follows_the_rule_of_three():
    assert em.zero_correct_upper_bound(1000) == pytest.approx(3 / 1000, rel=0.01)
    q = em.zero_correct_upper_bound(50, 0.9)
    assert em.prob_zero_correct(q, 50) == pytest.approx(0.1)


def test_breakthroughness_matches_the_formula_by_hand():
    y = np.array([0.0, 0.0, 0.1, 0.2, 0.9])
    steps = np.diff(y)
    assert em.breakthroughness(y) == pytest.approx(0.9 / math.sqrt(np.median(steps**2)))
    assert em.breakthroughness(-y) == pytest.approx(-em.breakthroughness(y))
    assert em.breakthroughness([1, 1, 1]) == 0.0
    assert em.breakthroughness([0, 0, 0, 0, 1]) == math.inf


@given(st.lists(st.floats(-10, 10).map(lambda v: round(v, 12)), min_size=3, max_size=20),
       st.floats(0.1, 100))
@example([0.0, 0.0, 1.5638503239093543e-160], 0.5)
def test_breakthroughness_does_not_depend_on_the_units(ys, scale):
    # tiny steps once failed (their squares underflowed); scores are rounded to 1e-12 in the
    # strategy because rescaling subnormal numbers can reorder them, which no formula survives
    y = np.array(ys)
    b = em.breakthroughness(y)
    if math.isfinite(b) and b != 0:
        assert em.breakthroughness(scale * y) == pytest.approx(b, rel=1e-6)


def test_extrapolation_surprise_separates_late_rises_from_straight_lines():
    n = np.logspace(3, 6, 7)
    assert em.extrapolation_surprise(n, np.log(n)) == pytest.approx(0.0, abs=1e-9)
    assert em.extrapolation_surprise(n, [0, 0, 0, 0, 0.1, 0.5, 1.0]) == pytest.approx(1.0)
    assert em.extrapolation_surprise(n, [0, 0.6, 0.9, 1, 1, 1, 1]) < 0


def test_crossing_scale_interpolates_in_log_n():
    n = [1e3, 1e5]
    assert em.crossing_scale(n, [0.0, 1.0], 0.5) == pytest.approx(1e4)
    assert math.isnan(em.crossing_scale(n, [0.0, 0.4], 0.5))
    assert em.crossing_scale(n, [0.6, 0.9], 0.5) == 1e3


def test_wei_table_rows_as_printed_in_the_paper():
    rows = {r.ability: r for r in em.WEI_2022_TABLE1}
    assert len(rows) == 22
    add3 = rows["Addition/subtraction (3 digit)"]
    assert (add3.train_flops, add3.params, add3.model) == (2.3e22, 13e9, "GPT-3")
    assert rows["Addition/subtraction (4-5 digit)"].train_flops == 3.1e23
    scratch = rows["Scratchpad: 8-digit addition (finetuning)"]
    assert (scratch.train_flops, scratch.params) == (8.9e19, 40e6)
    assert rows["Word in Context (WiC) benchmark"].train_flops == 2.5e24
    assert rows["Calibration via P(True)"].params == 52e9
    assert {r.citation for r in rows.values()} == {"wei2022emergent"}
    assert {r.prompting for r in rows.values()} == {"few-shot", "augmented"}


@pytest.mark.parametrize("call,name", [
    (lambda: em.exact_match(1.5, 3), "token_acc"),
    (lambda: em.exact_match(0.5, 0), "answer_tokens"),
    (lambda: em.token_accuracy(-1.0), "loss_nats"),
    (lambda: em.token_accuracy(float("nan")), "loss_nats"),
    (lambda: em.multiple_choice_grade(0.5, 1), "n_options"),
    (lambda: em.problems_to_detect(0.0), "accuracy"),
    (lambda: em.problems_to_detect(0.1, 1.0), "confidence"),
    (lambda: em.prob_zero_correct(0.1, -3), "n_problems"),
    (lambda: em.token_loss_law(0, 0.5), "scale_params"),
    (lambda: em.breakthroughness([1.0, 2.0]), "scores"),
    (lambda: em.crossing_scale([1, 2, 3], [0, 1], 0.5), "lengths differ"),
    (lambda: em.crossing_scale([3, 2, 1], [0, 1, 2], 0.5), "n_params"),
    (lambda: em.extrapolation_surprise([1, 2, 3], [0, 1, 2], n_fit=3), "n_fit"),
])
def test_bad_input_raises_a_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_inverse_and_u_shaped_scaling_counts_as_published():
    assert em.MCKENZIE_2023_INVERSE_SCALING_TASKS == 11  # McKenzie et al. (2023), abstract
    assert em.WEI_2023_U_SHAPED_TASKS == 6  # Wei et al. (2023), abstract: 6 of the 11
    assert em.WEI_2023_U_SHAPED_TASKS < em.MCKENZIE_2023_INVERSE_SCALING_TASKS
