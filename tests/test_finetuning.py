"""Chapter 7 library: transfer as effective data, the fine-tuning law, LoRA counting, saturation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import finetuning as ft
from scaling_lib.lab import SweepTable
from scaling_lib.models import GPT3_175B


def test_published_transfer_fits_match_table_1_of_hernandez():
    law = ft.HERNANDEZ_TEXT_TO_PYTHON
    assert (law.k, law.alpha, law.beta) == (1.9e4, 0.18, 0.38)
    mix = ft.HERNANDEZ_TEXT_AND_CODE_TO_PYTHON
    assert (mix.k, mix.alpha, mix.beta) == (2.1e5, 0.096, 0.38)
    assert {law.citation, mix.citation} == {"hernandez2021scaling"}
    assert law.data_unit == "characters" and "non-embedding" in law.params_unit


def test_beta_is_about_twice_alpha_so_ten_times_the_model_is_worth_about_100_times_the_data():
    f = ft.data_factor_worth_params(ft.HERNANDEZ_TEXT_TO_PYTHON, 10)
    assert 100 < f < 150
    assert ft.HERNANDEZ_TEXT_TO_PYTHON.beta == pytest.approx(2 * 0.18, abs=0.03)


@settings(max_examples=40, deadline=None)
@given(d=st.floats(1e3, 1e10), n=st.floats(1e6, 1e11), f=st.floats(1.5, 100))
def test_scaling_data_by_the_trade_factor_equals_scaling_the_model(d, n, f):
    law = ft.HERNANDEZ_TEXT_TO_PYTHON
    g = ft.data_factor_worth_params(law, f)
    assert law.transferred(g * d, n) == pytest.approx(law.transferred(d, f * n), rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(d=st.floats(1e3, 1e10), n=st.floats(1e6, 1e11))
def test_multiplier_is_one_plus_k_n_beta_over_d_to_one_minus_alpha(d, n):
    law = ft.HERNANDEZ_TEXT_AND_CODE_TO_PYTHON
    expected = 1 + law.k * n**law.beta / d ** (1 - law.alpha)
    assert law.multiplier(d, n) == pytest.approx(expected, rel=1e-9)
    assert law.multiplier(d, n) > 1


def test_multiplier_falls_as_fine_tuning_data_grows():
    m = ft.HERNANDEZ_TEXT_TO_PYTHON.multiplier(np.geomspace(1e3, 1e10, 20), 1e8)
    assert np.all(np.diff(m) < 0)


def test_effective_data_is_exact_at_measured_points_and_nan_outside_the_curve():
    d = np.array([1e4, 3e4, 1e5, 3e5])
    loss = np.array([1.2, 1.0, 0.9, 0.85])
    assert ft.effective_from_scratch_data(1.0, d, loss) == pytest.approx(3e4)
    assert math.isnan(ft.effective_from_scratch_data(0.80, d, loss))
    assert math.isnan(ft.effective_from_scratch_data(1.3, d, loss))
    mid = ft.effective_from_scratch_data(0.95, d, loss)
    assert mid == pytest.approx(math.sqrt(3e4 * 1e5))   # halfway in loss = geometric mean in D


def test_effective_data_uses_the_best_loss_reached_with_at_most_d_tokens():
    d = np.array([1e4, 3e4, 1e5, 3e5])
    loss = np.array([1.2, 1.0, 1.05, 0.85])            # a noisy bump at 1e5
    got = ft.effective_from_scratch_data(np.array([1.0, 0.9]), d, loss)
    assert got[0] == pytest.approx(3e4)
    assert 1e5 < got[1] < 3e5


def test_transfer_fit_recovers_known_exponents_from_exact_data():
    law = ft.TransferLaw(k=300.0, alpha=0.3, beta=0.5)
    d, n = np.meshgrid(np.geomspace(1e3, 1e6, 5), np.geomspace(1e4, 1e6, 3))
    fit = ft.fit_transfer_law(d.ravel(), law.transferred(d.ravel(), n.ravel()), n.ravel())
    assert fit.fitted_beta
    assert (fit.law.k, fit.law.alpha, fit.law.beta) == pytest.approx((300, 0.3, 0.5), rel=1e-6)
    assert fit.rms_log_residual < 1e-9


def test_transfer_fit_with_one_size_fits_alpha_only_and_drops_negative_transfer():
    d = np.array([1e4, 3e4, 1e5, 3e5, 1e6])
    dt = 50 * d**0.4
    dt[-1] = -2e5                                       # ossification: not a power law
    fit = ft.fit_transfer_law(d, dt, np.full(5, 1e4))
    assert not fit.fitted_beta and fit.law.beta == 0.0
    assert fit.law.alpha == pytest.approx(0.4) and fit.n_points == 4
    assert "not fitted" in fit.summary()


def _table():
    rows = []
    for w, n in ((32, 3000), (64, 6000)):
        speed = 1.0 if w == 32 else 1.5
        for t in (1e4, 3e4, 1e5, 3e5):
            rows.append({"phase": "train", "width": w, "shared_fraction": 0.5, "tokens": t,
                         "final_loss": 1 + 10 / (speed * t) ** 0.5, "non_embedding_params": n})
        for t in (1e4, 3e4):
            rows.append({"phase": "finetune", "width": w, "shared_fraction": 0.5,
                         "pretrain_tokens": 1e5, "finetune_tokens": t,
                         "final_loss": 1 + 10 / (speed * 3 * t) ** 0.5, "non_embedding_params": n,
                         "entropy": 1.0})
    return SweepTable("synthetic", rows)


def test_measure_transfer_finds_the_from_scratch_data_matching_each_fine_tuned_loss():
    m = ft.measure_transfer(_table())
    assert len(m) == 4
    # fine-tuned on D behaves like from scratch on 3D: D_T = 2 D (to interpolation accuracy)
    np.testing.assert_allclose(m.transferred_tokens, 2 * m.finetune_tokens, rtol=0.1)
    np.testing.assert_allclose(m.multiplier, 3, rtol=0.05)
    assert len(m.select(width=64)) == 2


def test_measure_transfer_on_the_cached_lab_sweep_shows_positive_transfer_at_small_data():
    from scaling_lib.lab import load_sweep

    m = ft.measure_transfer(load_sweep("finetune"))
    small = m.select(finetune_tokens=10_000)
    assert np.all(small.transferred_tokens > 0)
    assert np.all(small.finetuned_loss < small.scratch_loss)


def test_measure_transfer_keeps_only_fine_tuned_rows_with_the_given_labels():
    rows = list(_table())
    for r in rows:
        if r["phase"] == "finetune":
            r["pretrain_rule"] = "fixed" if r["width"] == 32 else "per_param"
    table = SweepTable("labelled", rows)
    assert set(ft.measure_transfer(table, pretrain_rule="fixed").width) == {32}
    assert set(ft.measure_transfer(table, pretrain_rule="per_param").width) == {64}
    with pytest.raises(ValueError, match="no fine-tuned rows"):
        ft.measure_transfer(table, pretrain_rule="neither")


def test_cached_size_sweep_gives_positive_beta_only_when_larger_models_pretrain_longer():
    # chapter 7: Hernandez's beta > 0 needs larger models to end pre-training knowing more
    from scaling_lib.lab import load_sweep

    sweep = load_sweep("finetune_sizes")
    betas = {}
    for rule in ("per_param", "fixed"):
        m = ft.measure_transfer(sweep, pretrain_rule=rule)
        ok = m.transferred_tokens > 0
        betas[rule] = ft.fit_transfer_law(m.finetune_tokens[ok], m.transferred_tokens[ok],
                                          m.params[ok]).law.beta
    assert betas["per_param"] > 0.15
    assert betas["fixed"] < betas["per_param"] - 0.15


def test_measure_transfer_needs_a_from_scratch_curve():
    rows = [r for r in _table() if r["phase"] == "finetune"]
    with pytest.raises(ValueError, match="from-scratch"):
        ft.measure_transfer(SweepTable("x", rows))


def test_finetune_curves_group_by_target_and_pretraining():
    curves = ft.finetune_curves(_table())
    (d, loss, e), = curves.values()
    assert list(d) == [1e4, 1e4, 3e4, 3e4] and e == 1.0


def test_transfer_specs_build_one_pretraining_job_and_a_scratch_curve_per_width():
    specs = ft.transfer_specs((32, 64), scratch_tokens=(5_000, 10_000, 20_000))
    assert len(specs) == 2 * (1 + 3)
    pre = [s for s in specs if s.finetune_tokens]
    assert len(pre) == 2 and pre[0].finetune_language.shared_fraction == 0.75


def test_lora_counts_r_times_d_in_plus_d_out_and_matches_the_gpt3_budget_of_hu_et_al():
    assert ft.lora_params(100, 30, 4) == 4 * 130
    d, layers = GPT3_175B.d_model, GPT3_175B.n_layers
    one_type_r8 = ft.lora_params(d, d, 8, layers)
    two_types_r4 = ft.lora_params(d, d, 4, 2 * layers)
    assert one_type_r8 == two_types_r4
    assert one_type_r8 == pytest.approx(ft.LORA_GPT3_BUDGET_PARAMS, rel=0.05)


@settings(max_examples=30, deadline=None)
@given(r=st.integers(1, 4096), a=st.floats(0.5, 128))
def test_rank_stabilised_scale_is_sqrt_r_times_the_lora_scale(r, a):
    assert ft.lora_scale(a, r, stabilised=True) == pytest.approx(math.sqrt(r) * ft.lora_scale(a, r))


def test_multiplicative_law_trade_does_not_depend_on_where_you_stand():
    law = ft.FinetuningLaw(A=5.0, alpha=0.3, beta=0.1, E=0.5)
    f = law.data_factor_matching(2.0)
    for x, d in ((1e9, 1e4), (1e10, 1e6)):
        assert law.loss(2 * x, d) == pytest.approx(law.loss(x, f * d))


def test_saturating_fit_recovers_an_exponential_curve():
    d = np.geomspace(1e3, 1e6, 8)
    y = 0.9 + 0.4 * np.exp(-d / 3e4)
    fit = ft.fit_saturating(d, y)
    assert fit.floor == pytest.approx(0.9, rel=1e-3)
    assert fit.scale_tokens == pytest.approx(3e4, rel=0.02)


def test_held_out_comparison_prefers_the_form_that_generated_the_data():
    d = np.geomspace(1e4, 1e6, 6)
    power = 0.8 + 2.0 * d**-0.3
    assert ft.compare_extrapolation(d, power, 4, floor=0.8).better == "power law"
    sat = 0.9 + 0.4 * np.exp(-d / 2e4)
    assert ft.compare_extrapolation(d, sat, 4).better == "saturating"


def test_inputs_are_validated_with_the_argument_named():
    law = ft.HERNANDEZ_TEXT_TO_PYTHON
    with pytest.raises(ValueError, match="fine_tune_data"):
        law.transferred(0, 1e8)
    with pytest.raises(ValueError, match="params"):
        law.multiplier(1e6, -1)
    with pytest.raises(ValueError, match="rank"):
        ft.lora_params(10, 10, 0)
    with pytest.raises(ValueError, match="lengths differ"):
        ft.effective_from_scratch_data(1.0, [1, 2, 3], [3, 2])
    with pytest.raises(ValueError, match="n_fit"):
        ft.compare_extrapolation([1, 2, 3, 4], [4, 3, 2, 1], 5)
    with pytest.raises(ValueError, match="floor"):
        ft.compare_extrapolation([1, 2, 3, 4], [4, 3, 2, 1], 3, floor=3.5)
    with pytest.raises(ValueError, match="at least 3 points"):
        ft.fit_transfer_law([1e4, 1e5], [10, 20])


def test_lora_without_regret_learning_rate_factor_as_published():
    assert ft.LORA_WITHOUT_REGRET_LR_FACTOR == 10  # schulman2025lora: LoRA LR ≈ 10 × full FT
