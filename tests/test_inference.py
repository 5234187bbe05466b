"""Training for deployment: the inference-optimal optimiser, break-even volumes and dollars."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import compute, laws
from scaling_lib import inference as inf

LAWS = [laws.HOFFMANN_2022, laws.BESIROGLU_2024, laws.HOFFMANN_2022_UNROUNDED]


def _brute_force(law, target, demand, n=400_001):
    n_min = inf.min_params_for_loss(law, target)
    n_c, _ = inf.chinchilla_optimal_for_loss(law, target)
    ns = np.geomspace(n_min * (1 + 1e-9), n_c * 1.01, n)
    ds = inf.tokens_for_loss(law, ns, target)
    life = 6 * ns * ds + 2 * ns * demand
    i = int(np.argmin(life))
    return ns[i], life[i]


@pytest.mark.parametrize("law", LAWS, ids=lambda law: law.label)
@pytest.mark.parametrize("demand", [1e9, 2e12, 1e14, 1e16])
def test_optimum_matches_a_brute_force_scan_of_the_iso_loss_curve(law, demand):
    target = float(inf.chinchilla_loss_for_params(law, 13e9))
    opt = inf.inference_optimal(law, target, demand)
    n_bf, life_bf = _brute_force(law, target, demand)
    assert opt.lifetime_flops <= life_bf * (1 + 1e-9)
    assert opt.params == pytest.approx(n_bf, rel=1e-3)


@pytest.mark.parametrize("law", LAWS, ids=lambda law: law.label)
def test_zero_demand_gives_the_closed_form_compute_optimal_model(law):
    target = float(law.loss(*law.compute_optimal(1e23)))
    opt = inf.inference_optimal(law, target, 0.0)
    n_c, d_c = law.compute_optimal(1e23)
    assert opt.params == pytest.approx(n_c, rel=1e-9)
    assert opt.tokens == pytest.approx(d_c, rel=1e-9)
    assert opt.saving_flops == pytest.approx(0.0, abs=1e-6 * opt.lifetime_flops)


def test_the_optimum_reaches_the_target_loss_exactly():
    law = laws.HOFFMANN_2022
    target = np.array([1.9, 2.0, 2.3])
    opt = inf.inference_optimal(law, target, np.array([1e10, 1e13, 1e16]))
    np.testing.assert_allclose(law.loss(opt.params, opt.tokens), target, rtol=1e-12)


def test_more_demand_means_a_smaller_model_trained_longer():
    law = laws.HOFFMANN_2022
    target = float(inf.chinchilla_loss_for_params(law, 70e9))
    opt = inf.inference_optimal(law, target, np.geomspace(1e9, 1e17, 40))
    assert np.all(np.diff(opt.params) < 0)
    assert np.all(np.diff(opt.tokens_per_param) > 0)
    assert np.all(np.diff(opt.saving_fraction) > 0)
    assert np.all(opt.params > inf.min_params_for_loss(law, target))


@settings(max_examples=40, deadline=None)
@given(ref=st.floats(1e8, 1e12), log_demand=st.floats(6, 20))
def test_implied_demand_inverts_the_optimiser(ref, log_demand):
    law = laws.BESIROGLU_2024
    target = float(inf.chinchilla_loss_for_params(law, ref))
    opt = inf.inference_optimal(law, target, 10.0**log_demand)
    back = inf.implied_inference_tokens(law, opt.params, opt.tokens)
    assert back == pytest.approx(10.0**log_demand, rel=1e-6)


@settings(max_examples=40, deadline=None)
@given(ref=st.floats(1e8, 1e12), log_demand=st.floats(6, 20))
def test_the_optimum_never_costs_more_than_the_chinchilla_model(ref, log_demand):
    law = laws.HOFFMANN_2022
    target = float(inf.chinchilla_loss_for_params(law, ref))
    opt = inf.inference_optimal(law, target, 10.0**log_demand)
    assert opt.lifetime_flops <= opt.chinchilla_lifetime_flops * (1 + 1e-12)
    assert opt.params <= opt.chinchilla_params * (1 + 1e-12)
    assert opt.extra_training_fraction >= -1e-12


def test_chinchilla_loss_for_params_names_the_compute_optimal_model():
    law = laws.HOFFMANN_2022
    n_c, d_c = law.compute_optimal(5.76e23)
    assert inf.chinchilla_loss_for_params(law, n_c) == pytest.approx(law.loss(n_c, d_c))
    n2, d2 = inf.chinchilla_optimal_for_loss(law, law.loss(n_c, d_c))
    assert (n2, d2) == (pytest.approx(n_c), pytest.approx(d_c))


def test_tokens_and_params_for_loss_are_inverse_to_the_law():
    law = laws.BESIROGLU_2024
    target = 2.1
    d = inf.tokens_for_loss(law, 5e9, target)
    assert law.loss(5e9, d) == pytest.approx(target, rel=1e-12)
    assert inf.params_for_loss(law, d, target) == pytest.approx(5e9, rel=1e-9)


def test_unrounded_hoffmann_law_is_close_to_sardanas_figure_1():
    fig1 = inf.SARDANA_FIGURE1
    law = laws.HOFFMANN_2022_UNROUNDED
    target = float(inf.chinchilla_loss_for_params(law, fig1["chinchilla_params"]))
    opt = inf.inference_optimal(law, target, fig1["inference_tokens"])
    assert opt.params == pytest.approx(fig1["optimal_params"], rel=0.05)
    assert opt.saving_flops == pytest.approx(fig1["saving_flops"], rel=0.1)
    assert opt.saving_fraction == pytest.approx(fig1["saving_fraction"], abs=0.02)


def test_published_constants_are_the_values_printed_by_sardana():
    assert inf.SARDANA_MAX_TOKENS_PER_PARAM == 10_000
    assert inf.SARDANA_N_MODELS == 47
    assert inf.SARDANA_FIGURE1["saving_flops"] == 1.7e22
    assert inf.SARDANA_FIGURE1["saving_fraction"] == 0.17


def test_break_even_equalises_lifetime_compute():
    n_l, d_l, n_s, d_s = 13e9, 260e9, 7e9, 700e9
    t = inf.break_even_inference_tokens(n_l, d_l, n_s, d_s)
    assert compute.lifetime_flops(n_l, d_l, t) == pytest.approx(compute.lifetime_flops(n_s, d_s, t))
    assert compute.lifetime_flops(n_s, d_s, 2 * t) < compute.lifetime_flops(n_l, d_l, 2 * t)


def test_break_even_is_zero_when_the_smaller_model_is_also_cheaper_to_train():
    assert inf.break_even_inference_tokens(13e9, 1e12, 7e9, 1e12) == 0.0
    out = inf.break_even_inference_tokens(13e9, 1e12, np.array([7e9, 7e9]),
                                          np.array([1e12, 4e12]))
    assert out[0] == 0.0 and out[1] > 0


def test_cost_of_ownership_adds_training_and_serving_at_their_own_settings():
    tco = inf.cost_of_ownership(8e9, 15e12, requests_per_day=1e6, tokens_per_request=1000,
                                lifetime_days=730, training_mfu=0.4, inference_mfu=0.1,
                                training_dollars_per_gpu_hour=2.0,
                                inference_dollars_per_gpu_hour=2.5)
    train = compute.training_cost_dollars(6 * 8e9 * 15e12, compute.H100, 0.4, 2.0)
    serve = compute.training_cost_dollars(2 * 8e9 * 1e9 * 730, compute.H100, 0.1, 2.5)
    assert tco.training_dollars == pytest.approx(train)
    assert tco.inference_dollars == pytest.approx(serve)
    assert tco.total_dollars == pytest.approx(train + serve)
    assert tco.dollars_after(730) == pytest.approx(tco.total_dollars)
    assert 0 < tco.inference_share < 1


def test_no_traffic_costs_only_the_training_run():
    tco = inf.cost_of_ownership(1e9, 2e10, requests_per_day=0, tokens_per_request=100,
                                lifetime_days=10)
    assert tco.inference_dollars == 0 and tco.inference_gpu_hours == 0
    assert tco.total_dollars == tco.training_dollars


def test_break_even_day_matches_the_crossing_of_the_cost_lines():
    args = {"requests_per_day": 1e7, "tokens_per_request": 1000, "lifetime_days": 365}
    big = inf.cost_of_ownership(70e9, 1.4e12, **args)
    small = inf.cost_of_ownership(35e9, 3.5e12, **args)
    day = inf.break_even_day(small, big)
    assert small.dollars_after(day) == pytest.approx(big.dollars_after(day))
    assert inf.break_even_day(big, small) == 0.0
    worse = inf.cost_of_ownership(70e9, 3e12, **args)
    assert inf.break_even_day(worse, big) == math.inf


def test_flop_price_ratio_turns_the_dollar_problem_into_the_flop_problem():
    assert inf.inference_flop_price_ratio(0.4, 0.1, 2.0, 2.0) == pytest.approx(4.0)
    assert inf.inference_flop_price_ratio(0.5, 0.5, 1.0, 3.0) == pytest.approx(3.0)


def test_illustrative_defaults_are_labelled_and_match_chapter_0():
    assert inf.ILLUSTRATIVE_TRAINING_MFU == 0.4
    assert inf.ILLUSTRATIVE_INFERENCE_MFU == 0.1
    assert inf.ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR == 2.0
    assert "illustrative" in inf.cost_of_ownership.__doc__


@pytest.mark.parametrize("call,match", [
    (lambda: inf.inference_optimal(laws.HOFFMANN_2022, 1.5, 1e12), "target_loss"),
    (lambda: inf.inference_optimal(laws.HOFFMANN_2022, float("nan"), 1e12), "target_loss"),
    (lambda: inf.inference_optimal(laws.HOFFMANN_2022, 2.0, -1.0), "inference_tokens"),
    (lambda: inf.inference_optimal(laws.HOFFMANN_2022, 2.0, math.inf), "inference_tokens"),
    (lambda: inf.inference_optimal("Hoffmann", 2.0, 1e12), "law"),
    (lambda: inf.tokens_for_loss(laws.HOFFMANN_2022, 1e6, 2.0), "params"),
    (lambda: inf.params_for_loss(laws.HOFFMANN_2022, 1e6, 2.0), "tokens"),
    (lambda: inf.break_even_inference_tokens(7e9, 1e12, 13e9, 1e12), "params_small"),
    (lambda: inf.break_even_inference_tokens(0, 1e12, 13e9, 1e12), "params_large"),
    (lambda: inf.cost_of_ownership(1e9, 1e10, requests_per_day=-1, tokens_per_request=1,
                                   lifetime_days=1), "requests_per_day"),
    (lambda: inf.cost_of_ownership(1e9, 1e10, requests_per_day=1, tokens_per_request=1,
                                   lifetime_days=1, inference_mfu=1.5), "mfu"),
    (lambda: inf.cost_of_ownership(1e9, 1e10, requests_per_day=1, tokens_per_request=1,
                                   lifetime_days=1, accelerator="TPU"), "accelerator"),
    (lambda: inf.break_even_day(1.0, 2.0), "costlier_to_train"),
    (lambda: inf.inference_flop_price_ratio(0.4, 0.0), "inference_mfu"),
])
def test_bad_input_raises_a_value_error_naming_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_interpolation_finds_the_tokens_between_the_bracketing_runs():
    d = inf.interpolate_tokens_for_loss([4e5, 1e5, 2e5], [0.90, 0.95, 0.92], 0.91)
    assert 2e5 < d < 4e5
    assert d == pytest.approx(np.exp(np.log(2e5) + 0.5 * np.log(2)))
    with pytest.raises(ValueError, match="outside the measured losses"):
        inf.interpolate_tokens_for_loss([1e5, 2e5], [0.95, 0.92], 0.80)
    with pytest.raises(ValueError, match="lengths differ"):
        inf.interpolate_tokens_for_loss([1e5, 2e5, 3e5], [0.95, 0.92], 0.93)


def test_a_size_cap_costs_extra_training_and_is_free_at_the_compute_optimum():
    law = laws.HOFFMANN_2022
    target = float(inf.chinchilla_loss_for_params(law, 7e9))
    assert inf.training_multiple_for_size(law, 7e9, target) == pytest.approx(1.0)
    assert inf.training_multiple_for_size(law, 3e9, target) > 1.0
    assert inf.training_multiple_for_size(law, 20e9, target) > 1.0


def test_sardanas_own_constants_reproduce_their_opening_example_exactly():
    # constants from nikhilsardana/beyond-chinchilla utils.py (ChinchillaConstants):
    # alpha 0.336, beta 0.283, A 406.4, B 410.7, E 1.69
    law = laws.SARDANA_2024
    assert (law.alpha, law.beta, law.A, law.B, law.E) == (0.336, 0.283, 406.4, 410.7, 1.69)
    fig1 = inf.SARDANA_FIGURE1
    target = float(inf.chinchilla_loss_for_params(law, fig1["chinchilla_params"]))
    n_c, d_c = inf.chinchilla_optimal_for_loss(law, target)
    assert d_c == pytest.approx(576.5e9, rel=1e-3)  # the 13B baseline: 576B tokens
    assert d_c / n_c == pytest.approx(44.3, abs=0.05)
    opt = inf.inference_optimal(law, target, fig1["inference_tokens"])
    assert opt.params == pytest.approx(6.97e9, rel=1e-3)
    assert opt.saving_flops == pytest.approx(1.69e22, rel=2e-3)
    assert opt.saving_fraction == pytest.approx(0.174, abs=5e-4)
    # and, rounded as the caption rounds them, the caption's figures
    assert round(opt.params / 1e9) * 1e9 == fig1["optimal_params"]
    assert round(opt.saving_flops / 1e21) / 10 == pytest.approx(fig1["saving_flops"] / 1e22)
    assert round(opt.saving_fraction, 2) == fig1["saving_fraction"]


@pytest.mark.parametrize("law,ratio13,ratio70", [
    # compute-optimal tokens per parameter at the 13B and 70B targets: the printed
    # two-digit exponents give 76 and 109; the unrounded constants 47 and 65; Sardana's
    # code 44 and 61 (issue 17)
    (laws.HOFFMANN_2022, 76.3, 109.4),
    (laws.HOFFMANN_2022_UNROUNDED, 47.5, 65.4),
    (laws.SARDANA_2024, 44.3, 60.8),
])
def test_the_printed_laws_compute_optimal_ratio_is_a_rounding_artefact(law, ratio13, ratio70):
    for params, ratio in ((13e9, ratio13), (70e9, ratio70)):
        t = float(inf.chinchilla_loss_for_params(law, params))
        n, d = inf.chinchilla_optimal_for_loss(law, t)
        assert d / n == pytest.approx(ratio, abs=0.1)
