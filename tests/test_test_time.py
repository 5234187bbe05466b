"""Chapter 6 library: pass@k estimators, Beta coverage, coverage-law fits, majority vote,
best-of-N with a verifier, and compute-matched sample counts."""

import math
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import beta as beta_fn

from scaling_lib import test_time as tt

# -- pass@k ------------------------------------------------------------------------------

@given(n=st.integers(1, 60), data=st.data())
@settings(max_examples=60, deadline=None)
def test_unbiased_pass_at_k_equals_the_binomial_ratio(n, data):
    c = data.draw(st.integers(0, n))
    k = data.draw(st.integers(1, n))
    exact = 1.0 if n - c < k else 1 - comb(n - c, k) / comb(n, k)
    assert tt.pass_at_k(n, c, k) == pytest.approx(exact, abs=1e-12)


def test_unbiased_estimator_is_the_mean_over_k_subsets_and_the_plugin_is_below_it():
    # the exact expectation of pass@k under sampling c ~ Binomial(n, p) is 1 - (1 - p)^k
    n, k, p = 12, 4, 0.2
    cs = np.arange(n + 1)
    weights = np.array([comb(n, c) * p**c * (1 - p) ** (n - c) for c in cs])
    unbiased = np.sum(weights * tt.pass_at_k(n, cs, k))
    plugin = np.sum(weights * tt.pass_at_k_plugin(n, cs, k))
    assert unbiased == pytest.approx(1 - (1 - p) ** k, abs=1e-12)
    assert plugin < unbiased - 0.01


def test_pass_at_k_is_stable_for_large_n_and_vectorised():
    got = tt.pass_at_k(100_000, np.array([0, 1, 50_000, 100_000]), 1000)
    assert got[0] == 0.0 and got[-1] == 1.0
    assert got[1] == pytest.approx(0.01, rel=1e-9)
    assert got[2] == pytest.approx(1.0)
    assert tt.pass_at_k(200, 150, 1) == pytest.approx(0.75)


def test_pass_at_k_rejects_bad_counts():
    with pytest.raises(ValueError, match="c must satisfy"):
        tt.pass_at_k(10, 11, 1)
    with pytest.raises(ValueError, match="k must be at most n"):
        tt.pass_at_k(10, 2, 11)
    with pytest.raises(ValueError, match="k"):
        tt.pass_at_k(10, 2, 0)
    with pytest.raises(ValueError, match="n must be whole"):
        tt.pass_at_k(10.5, 2, 1)


def test_coverage_curve_rises_with_k_and_knows_its_estimators():
    c = np.array([0, 1, 5, 30, 100])
    cov = tt.coverage_curve(100, c, [1, 10, 100])
    assert np.all(np.diff(cov) > 0)
    assert cov[-1] == pytest.approx(0.8)
    with pytest.raises(ValueError, match="estimator"):
        tt.coverage_curve(100, c, [1], estimator="mean")


# -- Beta difficulty ---------------------------------------------------------------------

def test_beta_failure_matches_direct_integration_and_its_k_power_tail():
    a, b = 0.3, 2.0
    for k in (1, 7, 50):
        assert tt.beta_failure(a, b, k) == pytest.approx(beta_fn(a, b + k) / beta_fn(a, b))
    big = np.array([1e4, 1e5])
    assert np.allclose(tt.beta_failure(a, b, big), tt.beta_failure_tail(a, b, big), rtol=1e-3)
    slope = tt.local_slope(big, tt.beta_failure(a, b, big))
    assert slope[0] == pytest.approx(-a, abs=1e-3)


def test_beta_coverage_of_one_sample_is_the_mean_success_rate():
    assert tt.beta_coverage(2.0, 6.0, 1) == pytest.approx(0.25)


def test_beta_binomial_fit_recovers_the_generating_parameters():
    rng = np.random.default_rng(1)
    p = rng.beta(0.4, 2.0, 3000)
    fit = tt.fit_beta_binomial(100, rng.binomial(100, p))
    assert fit.alpha == pytest.approx(0.4, rel=0.1)
    assert fit.beta == pytest.approx(2.0, rel=0.15)
    assert fit.failure(10) == pytest.approx(tt.beta_failure(fit.alpha, fit.beta, 10))


def test_beta_fit_refuses_data_without_spread():
    with pytest.raises(ValueError, match="all 0"):
        tt.fit_beta_binomial(10, [0, 0, 0])


# -- coverage law ------------------------------------------------------------------------

def test_coverage_law_fit_recovers_an_exponentiated_power_law():
    k = np.geomspace(1, 1000, 12)
    cov = np.exp(-1.7 * k**-0.4)
    fit = tt.fit_coverage_law(k, cov)
    assert fit.a == pytest.approx(-1.7)
    assert fit.b == pytest.approx(-0.4)
    assert fit.predict(50.0) == pytest.approx(math.exp(-1.7 * 50**-0.4))


def test_coverage_law_fit_rejects_saturated_coverage():
    with pytest.raises(ValueError, match="below 1"):
        tt.fit_coverage_law([1, 2, 4], [0.5, 0.8, 1.0])


# -- majority vote -----------------------------------------------------------------------

@pytest.mark.parametrize("probs,k", [([0.4, 0.3, 0.1, 0.1, 0.1], 9), ([0.35, 0.4, 0.25], 6),
                                     ([0.2, 0.2, 0.2, 0.2, 0.2], 4)])
@pytest.mark.parametrize("ties", ["random", "strict"])
def test_exact_majority_vote_agrees_with_simulation(probs, k, ties):
    exact = tt.majority_vote_accuracy(probs, k, ties=ties)
    sim = tt.simulate_majority_vote(probs, k, n_trials=40_000, seed=3, ties=ties)
    assert exact == pytest.approx(sim, abs=0.01)


def test_majority_vote_of_one_sample_is_the_correct_answers_probability():
    assert tt.majority_vote_accuracy([0.3, 0.5, 0.2], 1) == pytest.approx(0.3)


def test_majority_vote_rises_to_one_when_correct_is_the_mode_and_falls_when_not():
    up = [tt.majority_vote_accuracy([0.4, 0.3, 0.3], k) for k in (1, 11, 61, 149)]
    down = [tt.majority_vote_accuracy([0.35, 0.4, 0.25], k) for k in (5, 25, 75, 149)]
    assert np.all(np.diff(up) > 0) and up[-1] > 0.85
    assert np.all(np.diff(down) < 0) and down[-1] < 0.25


def test_symmetric_answers_share_the_vote_evenly_with_random_ties():
    assert tt.majority_vote_accuracy([0.25] * 4, 6) == pytest.approx(0.25)


@pytest.mark.parametrize("ties", ["random", "strict"])
def test_majority_vote_over_several_k_equals_each_k_alone(ties):
    probs = [0.3, 0.2] + [0.0625] * 8
    ks = [1, 2, 5, 12, 33, 64]
    curve = tt.majority_vote_accuracy(probs, ks, ties=ties)
    assert isinstance(curve, np.ndarray) and curve.shape == (len(ks),)
    assert np.array_equal(curve, [tt.majority_vote_accuracy(probs, k, ties=ties) for k in ks])


def test_majority_vote_rejects_bad_distributions():
    with pytest.raises(ValueError, match="sum to 1"):
        tt.majority_vote_accuracy([0.5, 0.4], 3)
    with pytest.raises(ValueError, match="correct"):
        tt.majority_vote_accuracy([0.5, 0.5], 3, correct=2)
    with pytest.raises(ValueError, match="simulate"):
        tt.majority_vote_accuracy([0.5, 0.5], 500)


def test_majority_vote_curve_on_samples_matches_the_exact_value_at_full_size():
    # with k = n every subset is the whole sample: the vote is deterministic
    counts = [np.array([6, 3, 1]), np.array([5, 5]), np.array([4, 3, 3]), np.array([10])]
    ranks = np.array([0, 1, 1, -1])
    got = tt.majority_vote_curve(counts, ranks, [1, 10], n_trials=200, seed=0)
    assert got[1] == pytest.approx((1 + 0.5 + 0 + 0) / 4)
    assert got[0] == pytest.approx((0.6 + 0.5 + 0.3 + 0) / 4, abs=0.03)


def test_answer_distribution_appends_a_never_sampled_correct_answer():
    probs, idx = tt.answer_distribution([3, 1], -1)
    assert idx == 2 and probs[idx] == 0 and probs.sum() == pytest.approx(1)


# -- best-of-N ---------------------------------------------------------------------------

def test_best_of_one_is_the_base_rate_and_a_perfect_verifier_approaches_pass_at_n():
    assert tt.best_of_n_accuracy(0.3, 1) == pytest.approx(0.3, abs=1e-6)
    n = np.array([1, 4, 16])
    good = tt.best_of_n_accuracy(0.3, n, separation=12.0)
    assert np.allclose(good, 1 - 0.7**n, atol=1e-4)


def test_best_of_n_rises_flattens_and_falls_when_wrong_scores_spread_wider():
    n = np.array([1, 16, 64, 4096])
    acc = tt.best_of_n_accuracy(0.2, n, separation=2.0, wrong_spread=1.5)
    assert acc[1] > acc[0] and acc[2] > acc[0]
    assert acc[3] < acc.max() - 0.1
    same = tt.best_of_n_accuracy(0.2, n, separation=2.0, wrong_spread=1.0)
    assert np.all(np.diff(same) > 0)


def test_best_of_n_with_a_useless_verifier_stays_at_the_base_rate():
    acc = tt.best_of_n_accuracy(0.25, np.array([1, 8, 64]), separation=0.0)
    assert np.allclose(acc, 0.25, atol=1e-3)


# -- compute matching and allocation -----------------------------------------------------

def test_matched_samples_is_the_parameter_ratio():
    assert tt.matched_samples(1000, 8000) == pytest.approx(8.0)
    assert tt.matched_samples(1000, 8000, samples_large=2) == pytest.approx(16.0)


def test_training_compute_buys_extra_samples_that_vanish_with_many_queries():
    few = tt.matched_samples_with_training(1000, 8000, 1e5, 100, 10)
    many = tt.matched_samples_with_training(1000, 8000, 1e5, 1e12, 10)
    assert few == pytest.approx(8 + 3 * 1e5 * 7000 / (100 * 10 * 1000))
    assert many == pytest.approx(8.0, rel=1e-6)


def test_allocation_spends_the_budget_where_problems_are_hard_but_solvable():
    k = tt.allocate_samples([0.0, 0.05, 0.5, 1.0], 40)
    assert k.sum() == 40
    assert k[0] == 1 and k[3] == 1 and k[1] > k[2]


def test_allocation_is_optimal_on_a_small_case():
    import itertools

    p = np.array([0.05, 0.3, 0.6])

    def value(ks):
        return sum(1 - (1 - pi) ** ki for pi, ki in zip(p, ks, strict=True))

    best = max((ks for ks in itertools.product(range(1, 10), repeat=3) if sum(ks) == 11),
               key=value)
    assert value(tt.allocate_samples(p, 11)) == pytest.approx(value(best))


def test_allocation_respects_a_cap():
    k = tt.allocate_samples([0.01, 0.02], 100, max_per_problem=20)
    assert k.tolist() == [20, 20]


# -- lab curves --------------------------------------------------------------------------

class _Summary:
    def __init__(self, n_correct, counts, ranks, greedy):
        self.n_samples = 10
        self.n_correct = np.array(n_correct)
        self.answer_counts = [np.array(c) for c in counts]
        self.correct_rank = np.array(ranks)
        self.greedy_correct = np.array(greedy, dtype=bool)
        self.answer_digits = np.array([3, 5])


class _Sweep:
    widths = np.array([8, 16])
    n_params = np.array([547, 1083])
    train_flops = np.array([6 * 547 * 1e4, 6 * 1083 * 1e4])
    samples = [_Summary([2, 0], [[6, 2, 2], [7, 3]], [1, -1], [0, 0]),
               _Summary([10, 6], [[10], [6, 4]], [0, 0], [1, 1])]


def test_sampling_curves_summarise_a_sweep():
    cur = tt.sampling_curves(_Sweep(), ks=[1, 5, 10, 50], n_trials=20)
    assert cur.ks.tolist() == [1, 5, 10]
    assert cur.coverage[1, 0] == pytest.approx(0.8)
    assert cur.majority[1, -1] == pytest.approx(1.0)
    assert cur.tokens_per_answer == pytest.approx(5.0)
    assert cur.inference_flops(16, 3) == pytest.approx(3 * 2 * 1083 * 5.0)
    with pytest.raises(ValueError, match="width"):
        cur.index(7)


def test_published_numbers_match_the_sources():
    # snell2024scaling abstract: "outperform a 14x larger model"
    assert tt.SNELL_LARGER_MODEL_FACTOR == 14
    # cobbe2021training, Figure 7a: improves "up to 400" completions
    assert tt.COBBE_VERIFIER_PEAK_COMPLETIONS == 400
    # brown2024monkeys §4.1: selection methods "plateau around 100 samples"
    assert tt.BROWN_SELECTION_PLATEAU_SAMPLES == 100
