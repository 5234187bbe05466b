import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import compute, models

positive = st.floats(min_value=1e-3, max_value=1e30, allow_nan=False, allow_infinity=False)


def test_training_costs_six_flops_per_parameter_per_token():
    assert compute.training_flops(2.0, 3.0) == 36.0
    assert compute.TRAINING_FLOPS_PER_PARAM_PER_TOKEN == 6


def test_gpt3_six_nd_is_within_half_a_percent_of_the_published_budget():
    assert math.isclose(compute.training_flops(175e9, 300e9), 3.14e23, rel_tol=5e-3)


def test_inference_costs_two_flops_per_parameter_per_token():
    assert compute.inference_flops(70e9) == 1.4e11
    assert compute.inference_flops(70e9, 10) == 1.4e12


def test_pf_day_is_a_petaflop_per_second_for_a_day():
    assert compute.PF_DAY_FLOPS == 8.64e19
    assert math.isclose(compute.flops_to_pf_days(3.14e23), 3634.26, rel_tol=1e-5)


@given(positive)
def test_pf_day_conversion_round_trips(flops):
    assert math.isclose(compute.pf_days_to_flops(compute.flops_to_pf_days(flops)), flops,
                        rel_tol=1e-12)


def test_accelerator_peaks_match_the_datasheets():
    assert compute.A100.peak_flops_per_second == 312e12
    assert compute.H100.peak_flops_per_second == 989e12
    assert compute.A100.citation == "nvidia2020a100"


def test_gpu_hours_divide_flops_by_useful_throughput():
    hours = compute.gpu_hours(3600 * 100.0, 100.0, 0.5)
    assert hours == pytest.approx(2.0)


def test_wall_clock_days_share_the_work_between_gpus():
    one = compute.wall_clock_days(1e24, compute.H100, 0.4, 1)
    many = compute.wall_clock_days(1e24, compute.H100, 0.4, 1000)
    assert one == pytest.approx(1000 * many)


def test_implied_mfu_inverts_gpu_hours():
    hours = compute.gpu_hours(5e23, compute.A100, 0.37)
    assert compute.implied_mfu(5e23, compute.A100, hours) == pytest.approx(0.37)


def test_training_cost_is_gpu_hours_times_price():
    cost = compute.training_cost_dollars(1e24, compute.H100, 0.4, 2.5)
    assert cost == pytest.approx(compute.gpu_hours(1e24, compute.H100, 0.4) * 2.5)


def test_cost_per_million_tokens_uses_two_n_flops_per_token():
    cost = compute.dollars_per_million_tokens(70e9, compute.H100, 0.1, 2.5)
    assert cost == pytest.approx(2 * 70e9 * 1e6 / (989e12 * 0.1) / 3600 * 2.5)


@given(positive, positive)
def test_inference_equals_training_after_three_d_tokens_whatever_n(params, tokens):
    t = compute.inference_tokens_to_match_training(tokens)
    assert math.isclose(compute.inference_flops(params, t), compute.training_flops(params, tokens),
                        rel_tol=1e-12)


def test_lifetime_flops_adds_training_and_inference():
    assert compute.lifetime_flops(10, 5, 0) == 300
    assert compute.lifetime_flops(10, 5, 7) == 300 + 140


def test_training_budget_is_consistent():
    b = compute.training_budget(70e9, 1.4e12, "H100", 0.4, 2.0, 1024)
    assert b.flops == pytest.approx(5.88e23)
    assert b.gpu_days == pytest.approx(b.gpu_hours / 24)
    assert b.wall_clock_days == pytest.approx(b.gpu_days / 1024)
    assert b.dollars == pytest.approx(b.gpu_hours * 2.0)


def test_training_budget_rejects_unknown_hardware():
    with pytest.raises(ValueError, match="accelerator"):
        compute.training_budget(1e9, 1e10, "TPU-v9")


def test_attention_term_is_small_for_gpt3():
    f = compute.forward_flops_per_token(175e9, 96, 2048, 12288)
    assert 0.01 < (f - 2 * 175e9) / f < 0.02


def test_functions_accept_arrays():
    out = compute.training_flops(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    np.testing.assert_allclose(out, [18.0, 48.0])


BAD = [0, -1.0, float("nan"), float("inf"), "70B", None, [1.0, -2.0]]
CALLS = [
    ("params", lambda x: compute.training_flops(x, 1e9)),
    ("tokens", lambda x: compute.training_flops(1e9, x)),
    ("params", lambda x: compute.inference_flops(x)),
    ("flops", lambda x: compute.flops_to_pf_days(x)),
    ("flops", lambda x: compute.gpu_hours(x, compute.A100, 0.5)),
    ("peak_flops_per_second", lambda x: compute.gpu_hours(1e20, x, 0.5)),
    ("mfu", lambda x: compute.gpu_hours(1e20, compute.A100, x)),
    ("n_gpus", lambda x: compute.wall_clock_days(1e20, compute.A100, 0.5, x)),
    ("dollars_per_gpu_hour", lambda x: compute.training_cost_dollars(1e20, compute.A100, 0.5, x)),
    ("gpu_hours_used", lambda x: compute.implied_mfu(1e20, compute.A100, x)),
]


@pytest.mark.parametrize("bad", BAD, ids=repr)
@pytest.mark.parametrize("name,call", CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)])
def test_bad_input_gives_a_value_error_naming_the_argument(name, call, bad):
    with pytest.raises(ValueError, match=name):
        call(bad)


@given(st.one_of(st.floats(max_value=0.0), st.just(float("nan")), st.just(float("inf"))))
def test_non_positive_or_non_finite_params_are_rejected(x):
    with pytest.raises(ValueError, match="params"):
        compute.training_flops(x, 1e9)


@given(st.floats(min_value=1.0000001, max_value=1e6))
def test_mfu_above_one_is_rejected(mfu):
    with pytest.raises(ValueError, match="mfu"):
        compute.gpu_hours(1e20, compute.A100, mfu)


def test_h100_sxm_fp8_dense_peak_is_twice_bf16():
    # NVIDIA H100 datasheet: SXM FP8 3,958 TFLOPS and BF16 1,979 TFLOPS "with sparsity";
    # dense is half of each
    assert compute.H100_FP8.peak_flops_per_second == 1979e12
    assert compute.H100_FP8.peak_flops_per_second == pytest.approx(
        2 * compute.H100.peak_flops_per_second, rel=1e-3)
    assert compute.H100.name == "H100 SXM" and "fp8" in compute.H100_FP8.precision


def test_serving_catches_up_at_3d_in_flops_but_0_75d_in_gpu_time_at_the_chapters_mfus():
    d = 1.4e12
    assert compute.inference_tokens_to_match_training(d) == pytest.approx(3 * d)
    assert compute.inference_tokens_to_match_training_cost(d, 0.4, 0.1) == pytest.approx(0.75 * d)
    assert compute.inference_tokens_to_match_training_cost(d, 0.4, 0.4) == pytest.approx(3 * d)
    # dearer serving GPUs bring parity sooner still
    assert compute.inference_tokens_to_match_training_cost(d, 0.4, 0.1, 2.0, 2.5) == \
        pytest.approx(0.6 * d)


def test_attention_counts_causal_average_and_full_context():
    # issue 28 / review ch10-05-07 E6: a query attending to m tokens costs 2·m·d for QKᵀ and
    # 2·m·d for AV per layer. Kaplan et al.'s Table 1 term 2·n_layer·n_ctx·d_attn is the
    # average over a causal window (m = 1 … n_ctx); a full context costs 4·n_layer·n_ctx·d.
    layers, ctx, d = 32, 8192, 4096
    causal = compute.attention_flops_per_token(layers, ctx, d)
    full = compute.attention_flops_per_token(layers, ctx, d, context="full")
    assert causal == 2 * layers * ctx * d
    assert full == 4 * layers * ctx * d
    assert compute.attention_flops_per_token(layers, ctx, d, context="causal") == causal
    per_position = [4 * layers * m * d for m in range(1, ctx + 1)]
    assert np.mean(per_position) == pytest.approx(causal, rel=1 / ctx)
    assert per_position[-1] == full


def test_full_context_forward_flops_match_brown_2024s_formula():
    # brown2024monkeys Section 2.3:
    # FLOPsPerToken ≈ 2·(NumParameters + 2·NumLayers·TokenDim·ContextLen)
    n, layers, d, ctx = 8e9, 32, 4096, 131072
    assert compute.forward_flops_per_token(n, layers, ctx, d, context="full") == pytest.approx(
        2 * (n + 2 * layers * d * ctx))
    assert compute.forward_flops_per_token(n, layers, ctx, d) == pytest.approx(
        2 * n + 2 * layers * ctx * d)  # kaplan2020scaling Table 1, C_forward


def test_attention_equals_two_n_at_twelve_times_d_model_with_kaplans_n():
    d_model, layers = 4096, 32
    n = 12 * layers * d_model**2
    ctx = compute.attention_crossover_context(n, layers, d_model)
    assert ctx == pytest.approx(12 * d_model)
    assert compute.attention_crossover_context(n, layers, d_model, "full") == pytest.approx(
        6 * d_model)
    assert compute.attention_flops_per_token(layers, ctx, d_model) == pytest.approx(2 * n)
    assert compute.forward_flops_per_token(n, layers, ctx, d_model) == pytest.approx(4 * n)


def test_llama31_8b_crosses_over_near_61000_tokens_not_49152():
    # the model's own N = 8e9 (not 12·n_layer·d²): 8e9 / (32·4096) = 61,035 with the causal
    # term, half that for a token attending to the full context
    a = models.LLAMA31_8B
    causal = compute.attention_crossover_context(a.params, a.n_layers, a.d_model)
    full = compute.attention_crossover_context(a.params, a.n_layers, a.d_model, context="full")
    assert causal == pytest.approx(61_035, abs=1)
    assert full == pytest.approx(30_518, abs=1)
    assert causal != pytest.approx(12 * a.d_model, rel=0.1)
    for ctx, counted in ((causal, "causal"), (full, "full")):
        assert compute.attention_flops_per_token(a.n_layers, ctx, a.d_model, counted) == \
            pytest.approx(2 * a.params)


@pytest.mark.parametrize("bad", ["average", "", None, 2])
def test_attention_context_must_be_causal_or_full(bad):
    for call in (lambda: compute.attention_flops_per_token(32, 8192, 4096, context=bad),
                 lambda: compute.forward_flops_per_token(8e9, 32, 8192, 4096, context=bad),
                 lambda: compute.attention_crossover_context(8e9, 32, 4096, context=bad)):
        with pytest.raises((ValueError, TypeError), match="context"):
            call()
