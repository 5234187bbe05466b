"""Tests for scaling_lib.laws: published constants, the compute-optimal frontier."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import laws
from scaling_lib.laws import (
    BESIROGLU_2024,
    CHINCHILLA_LAWS,
    HOFFMANN_2022,
    HOFFMANN_2022_UNROUNDED,
    HOFFMANN_TABLE2,
    HOFFMANN_TABLE3,
    KAPLAN_COMPUTE_FIXED_BATCH_LAW,
    KAPLAN_COMPUTE_LAW,
    KAPLAN_COMPUTE_OPTIMAL,
    KAPLAN_CRITICAL_BATCH,
    KAPLAN_JOINT_LAW,
    KAPLAN_PARAMS_LAW,
    KAPLAN_TOKENS_LAW,
    MUENNIGHOFF_2023,
    ChinchillaLaw,
    compute_optimal,
    isoflop_optimum,
    isoflop_profile,
    tokens_per_param,
)

# ------------------------------------------------------------------ published constants


def test_kaplan_single_variable_constants_match_table_5():
    assert (KAPLAN_PARAMS_LAW.scale, KAPLAN_PARAMS_LAW.exponent) == (8.8e13, 0.076)
    assert (KAPLAN_TOKENS_LAW.scale, KAPLAN_TOKENS_LAW.exponent) == (5.4e13, 0.095)
    assert (KAPLAN_COMPUTE_LAW.scale, KAPLAN_COMPUTE_LAW.exponent) == (3.1e8, 0.050)
    assert (KAPLAN_COMPUTE_FIXED_BATCH_LAW.scale, KAPLAN_COMPUTE_FIXED_BATCH_LAW.exponent) == (
        1.6e7,
        0.057,
    )
    assert KAPLAN_COMPUTE_LAW.variable == "pf_days"
    assert KAPLAN_PARAMS_LAW.variable == "params"


def test_kaplan_joint_law_uses_its_own_table_2_constants():
    j = KAPLAN_JOINT_LAW
    assert (j.n_c, j.d_c, j.alpha_n, j.alpha_d) == (6.4e13, 1.8e13, 0.076, 0.103)


def test_kaplan_compute_optimal_and_critical_batch_constants():
    k = KAPLAN_COMPUTE_OPTIMAL
    assert (k.params_scale, k.params_exponent) == (1.3e9, 0.73)
    assert (k.tokens_scale, k.tokens_exponent) == (2e10, 0.27)
    assert (KAPLAN_CRITICAL_BATCH.b_star_tokens, KAPLAN_CRITICAL_BATCH.alpha_b) == (2.1e8, 0.21)


def test_every_law_carries_a_citation_key_from_the_bibliography():
    bib = open("book/references.bib").read()
    objs = [
        KAPLAN_PARAMS_LAW,
        KAPLAN_TOKENS_LAW,
        KAPLAN_COMPUTE_LAW,
        KAPLAN_JOINT_LAW,
        KAPLAN_COMPUTE_OPTIMAL,
        KAPLAN_CRITICAL_BATCH,
        MUENNIGHOFF_2023,
        *CHINCHILLA_LAWS,
        *HOFFMANN_TABLE2.values(),
        *HOFFMANN_TABLE3,
    ]
    for obj in objs:
        assert "{" + obj.citation + "," in bib, obj


def test_hoffmann_printed_constants_match_equation_10():
    h = HOFFMANN_2022
    assert (h.E, h.A, h.B, h.alpha, h.beta) == (1.69, 406.4, 410.7, 0.34, 0.28)


def test_hoffmann_unrounded_constants_round_to_the_printed_ones():
    u = HOFFMANN_2022_UNROUNDED
    assert u.log_params == pytest.approx([6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083])
    assert (round(u.E, 2), round(u.A, 1), round(u.B, 1)) == (1.69, 406.4, 410.7)
    assert (round(u.alpha, 2), round(u.beta, 2)) == (0.34, 0.28)
    assert u.E == pytest.approx(1.6934, abs=5e-5)


def test_besiroglu_refit_constants_match_the_paper():
    b = BESIROGLU_2024
    assert (b.E, b.A, b.B, b.alpha, b.beta) == (1.8172, 482.01, 2085.43, 0.3478, 0.3658)
    assert b.params_exponent == pytest.approx(0.5126, abs=5e-5)


def test_hoffmann_table_2_exponents():
    t = HOFFMANN_TABLE2
    assert (t["approach1"].a, t["approach1"].b) == (0.50, 0.50)
    assert (t["approach2"].a, t["approach2"].b) == (0.49, 0.51)
    assert (t["approach3"].a, t["approach3"].b) == (0.46, 0.54)
    assert (t["kaplan"].a, t["kaplan"].b) == (0.73, 0.27)
    assert t["approach1"].a_interval == (0.488, 0.502)
    assert t["approach2"].b_interval == (0.483, 0.529)
    assert t["approach3"].a_interval == (0.454, 0.455)
    assert t["kaplan"].a_interval is None


def test_hoffmann_table_3_projections():
    rows = {(r.params, r.flops, r.tokens) for r in HOFFMANN_TABLE3}
    assert (1e9, 1.21e20, 20.2e9) in rows
    assert (67e9, 5.76e23, 1.5e12) in rows
    assert (10e12, 1.30e28, 216.2e12) in rows
    assert len(HOFFMANN_TABLE3) == 9
    # the table is the source of the "about 20 tokens per parameter" rule of thumb
    assert all(15 < r.tokens_per_param < 25 for r in HOFFMANN_TABLE3)


def test_table_3_flops_are_roughly_six_n_d():
    for r in HOFFMANN_TABLE3:
        assert 6 * r.params * r.tokens == pytest.approx(r.flops, rel=0.1)


def test_muennighoff_constants_match_the_authors_repository():
    m = MUENNIGHOFF_2023
    assert (m.r_d_star, m.r_n_star) == (15.387756, 5.309743)
    assert m.alpha == m.beta == 0.3526596
    assert math.log(m.A) == pytest.approx(6.255414, rel=1e-12)
    assert math.log(m.B) == pytest.approx(7.3049974, rel=1e-12)
    assert math.log(m.E) == pytest.approx(0.6254804, rel=1e-12)


def test_muennighoff_law_reproduces_the_authors_worked_example():
    # printed in huggingface/datablations README ("Models in Figure 1 (right)")
    assert MUENNIGHOFF_2023.loss(6.34e9, 242e9, 25e9) == pytest.approx(2.2256440889984477, 1e-12)
    assert MUENNIGHOFF_2023.loss(8.67e9, 178e9, 25e9) == pytest.approx(2.2269634075087867, 1e-12)


# ------------------------------------------------------------------ Kaplan behaviour


def test_kaplan_power_law_is_one_nat_at_its_scale_and_inverts():
    assert KAPLAN_PARAMS_LAW.loss(8.8e13) == pytest.approx(1.0)
    assert KAPLAN_PARAMS_LAW.inverse(KAPLAN_PARAMS_LAW.loss(1e9)) == pytest.approx(1e9)


def test_kaplan_joint_law_reduces_to_the_params_law_with_infinite_data():
    j = KAPLAN_JOINT_LAW
    n = 1e9
    assert j.loss(n, 1e300) == pytest.approx((j.n_c / n) ** j.alpha_n, rel=1e-12)


def test_kaplan_compute_optimal_params_grow_as_c_to_the_073():
    k = KAPLAN_COMPUTE_OPTIMAL
    assert k.params(10.0) / k.params(1.0) == pytest.approx(10**0.73)
    assert k.params(1.0) == 1.3e9


def test_critical_batch_size_grows_as_the_loss_falls():
    b = KAPLAN_CRITICAL_BATCH
    assert b.tokens(2.0) > b.tokens(3.0)
    assert b.tokens(1.0) == pytest.approx(2.1e8)


# ------------------------------------------------------------------ frontier


@pytest.mark.parametrize("law", CHINCHILLA_LAWS, ids=lambda law: law.label)
@pytest.mark.parametrize("flops", [1e18, 5.76e23, 1e27])
def test_numerical_isoflop_optimum_matches_the_closed_form(law, flops):
    n_closed, d_closed = compute_optimal(law, flops)
    n_num, d_num = isoflop_optimum(law, flops)
    assert n_num == pytest.approx(n_closed, rel=1e-9)
    assert d_num == pytest.approx(d_closed, rel=1e-9)


def test_tokens_per_param_depends_on_the_budget_unless_alpha_equals_beta():
    assert tokens_per_param(HOFFMANN_2022, 1e20) != pytest.approx(
        tokens_per_param(HOFFMANN_2022, 1e25)
    )
    equal = ChinchillaLaw(E=1.7, A=400.0, B=400.0, alpha=0.3, beta=0.3)
    assert tokens_per_param(equal, 1e20) == pytest.approx(tokens_per_param(equal, 1e25))


def test_hoffmann_fit_implies_far_more_tokens_per_param_than_the_refit():
    c = 5.76e23  # Chinchilla's budget
    assert HOFFMANN_2022.tokens_per_param(c) > 50
    assert 15 < BESIROGLU_2024.tokens_per_param(c) < 25


def test_isoflop_profile_spends_the_budget_and_is_lowest_near_the_optimum():
    c = 1e21
    n_opt, _ = compute_optimal(BESIROGLU_2024, c)
    ns = n_opt * np.geomspace(0.1, 10, 41)
    tokens, loss = isoflop_profile(BESIROGLU_2024, c, ns)
    np.testing.assert_allclose(6 * ns * tokens, c, rtol=1e-12)
    assert np.argmin(loss) == 20


laws_st = st.builds(
    ChinchillaLaw,
    E=st.floats(0.5, 3.0),
    A=st.floats(10.0, 1e4),
    B=st.floats(10.0, 1e4),
    alpha=st.floats(0.1, 1.0),
    beta=st.floats(0.1, 1.0),
)
flops_st = st.floats(1e15, 1e28)


@settings(max_examples=100, deadline=None)
@given(law=laws_st, flops=flops_st)
def test_compute_optimal_spends_the_whole_budget(law, flops):
    n, d = compute_optimal(law, flops)
    assert 6 * n * d == pytest.approx(flops, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(law=laws_st, flops=flops_st, factor=st.floats(1.001, 100.0))
def test_compute_optimal_is_a_minimum_along_the_isoflop_curve(law, flops, factor):
    n, d = compute_optimal(law, flops)
    best = law.loss(n, d)
    for m in (factor, 1 / factor):
        _, other = isoflop_profile(law, flops, n * m)
        assert other >= best - 1e-12 * best


@settings(max_examples=100, deadline=None)
@given(law=laws_st, flops=flops_st, k=st.floats(1.5, 1e4))
def test_scaling_the_budget_by_k_scales_the_optimal_params_by_k_to_the_a(law, flops, k):
    n1, d1 = compute_optimal(law, flops)
    n2, d2 = compute_optimal(law, flops * k)
    assert n2 / n1 == pytest.approx(k**law.params_exponent, rel=1e-9)
    assert d2 / d1 == pytest.approx(k**law.tokens_exponent, rel=1e-9)


# ------------------------------------------------------------------ data-constrained law


def test_unrepeated_data_is_worth_its_full_count():
    m = MUENNIGHOFF_2023
    assert m.effective_tokens(1e11, 1e11) == pytest.approx(1e11)


def test_repeated_data_saturates_at_one_plus_r_d_star_epochs():
    m = MUENNIGHOFF_2023
    u = 1e10
    assert m.effective_tokens(4 * u, u) > 3.5 * u  # four epochs: almost as good as fresh
    assert m.effective_tokens(1e6 * u, u) == pytest.approx(u * (1 + m.r_d_star), rel=1e-9)


def test_repetition_never_lowers_the_loss_below_fresh_data():
    m = MUENNIGHOFF_2023
    fresh = m.base_law.loss(1e9, 1e11)
    repeated = m.loss(1e9, 1e11, 1e10)
    assert repeated > fresh


def test_unique_tokens_cannot_exceed_tokens():
    with pytest.raises(ValueError, match="unique_tokens"):
        MUENNIGHOFF_2023.effective_tokens(1e9, 2e9)


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf")])
def test_laws_reject_non_positive_or_non_finite_inputs(bad):
    with pytest.raises(ValueError, match="params"):
        HOFFMANN_2022.loss(bad, 1e9)
    with pytest.raises(ValueError, match="tokens"):
        KAPLAN_JOINT_LAW.loss(1e9, bad)
    with pytest.raises(ValueError, match="flops"):
        compute_optimal(HOFFMANN_2022, bad)
    with pytest.raises(ValueError, match="pf_days"):
        KAPLAN_COMPUTE_LAW.loss(bad)


def test_a_law_with_a_non_positive_constant_is_refused():
    with pytest.raises(ValueError, match="alpha"):
        ChinchillaLaw(E=1.7, A=400.0, B=400.0, alpha=0.0, beta=0.3)


def test_isoflop_optimum_rejects_a_budget_below_one_param_and_one_token():
    with pytest.raises(ValueError, match="flops"):
        isoflop_optimum(HOFFMANN_2022, 5.0)


def test_module_exports_exist():
    for name in laws.__all__:
        assert hasattr(laws, name), name


def test_joint_law_doubling_condition_is_a_term_ratio_of_1_25_not_1():
    # issue 17: for one doubling, doubling N helps more than doubling D only when the
    # parameter term exceeds ~1.25 x the data term; GPT-3 sits at 1.30
    j = laws.KAPLAN_JOINT_LAW
    assert j.doubling_threshold() == pytest.approx(1.2488, abs=1e-4)
    assert j.term_ratio(175e9, 300e9) == pytest.approx(1.297, abs=1e-3)
    gain_n = j.loss(175e9, 300e9) - j.loss(350e9, 300e9)
    gain_d = j.loss(175e9, 300e9) - j.loss(175e9, 600e9)
    assert (round(gain_n, 4), round(gain_d, 4)) == (0.0433, 0.0415)
    # at a term ratio between 1 and 1.25 the larger term is the parameter term, yet
    # doubling the data helps more
    n = 175e9
    for d in np.geomspace(1e10, 1e13, 400):
        r = j.term_ratio(n, d)
        if 1.02 < r < 1.23:
            assert j.loss(n, d) - j.loss(2 * n, d) < j.loss(n, d) - j.loss(n, 2 * d)
    with pytest.raises(ValueError, match="factor"):
        j.doubling_threshold(1.0)


def test_kaplans_table6_prefactors_do_not_satisfy_six_nd():
    # 6 x 1.3e9 x 2e10 FLOPs = 1.56e20 FLOPs = 1.8 PF-days at C_min = 1 PF-day
    assert laws.KAPLAN_COMPUTE_OPTIMAL.six_nd_pf_days(1.0) == pytest.approx(1.806, abs=1e-3)


def test_llama3_isoflop_optimum_is_about_40_tokens_per_parameter():
    # dubey2024llama3 Section 3.2.1 (ar5iv text): 402B parameters on 16.55T tokens at 3.8e25
    o = laws.LLAMA3_ISOFLOP_OPTIMUM
    assert (o.flops, o.params, o.tokens) == (3.8e25, 402e9, 16.55e12)
    assert o.tokens_per_param == pytest.approx(41.2, abs=0.05)
    assert o.six_nd == pytest.approx(3.99e25, rel=1e-3)


def test_hoffmanns_own_approach3_outputs_match_the_unrounded_law_not_the_printed_one():
    fig4, table_a3 = laws.HOFFMANN_APPROACH3_REPORTED
    for r in (fig4, table_a3):
        n_unr = laws.HOFFMANN_2022_UNROUNDED.compute_optimal(r.flops)[0]
        n_pr = laws.HOFFMANN_2022.compute_optimal(r.flops)[0]
        assert abs(n_unr / r.params - 1) < 0.02
        assert n_pr / r.params < 0.81
    # the printed constants' 93 tokens per parameter at the Gopher budget against ~59
    assert laws.HOFFMANN_2022.tokens_per_param(5.76e23) == pytest.approx(92.6, abs=0.1)
    assert laws.HOFFMANN_2022_UNROUNDED.tokens_per_param(5.76e23) == pytest.approx(58.9, abs=0.1)


def test_besiroglu_refit_used_240_of_245_extracted_points_not_hoffmanns_400_runs():
    # epoch-research/analyzing-chinchilla data_analysis.ipynb: the extracted table has 245
    # rows, from 1.397e18 to 1.296e22 FLOPs
    d = laws.BESIROGLU_2024_DATA
    assert (d["points_extracted"], d["points_fitted"], d["hoffmann_runs"]) == (245, 240, 400)
    assert d["points_extracted"] - d["points_fitted"] == 5
    assert (d["min_flops"], d["max_flops"]) == (1.40e18, 1.30e22)
