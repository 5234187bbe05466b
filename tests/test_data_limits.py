"""Chapter 3 library: the value of repeated data, the data wall, and capped allocation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import data_limits as dl
from scaling_lib.laws import HOFFMANN_2022, MUENNIGHOFF_2023, compute_optimal


def test_villalobos_stock_is_pinned_to_the_published_estimate():
    s = dl.VILLALOBOS_2024
    assert (s.central_tokens, s.low_tokens, s.high_tokens) == (3e14, 1e14, 1e15)
    assert (s.first_year, s.median_year, s.last_year) == (2026, 2028, 2032)
    assert s.citation == "villalobos2024will"  # the 2024 revision (ICML 2024) gives 300T


def test_qwen3_training_set_is_about_twelve_percent_of_the_central_stock():
    assert dl.QWEN3_PRETRAINING_TOKENS == 36e12  # Qwen3 Technical Report: ~36T tokens
    share = dl.QWEN3_PRETRAINING_TOKENS / dl.VILLALOBOS_2024.central_tokens
    assert share == pytest.approx(0.12)


@pytest.mark.parametrize("example", [dl.MUENNIGHOFF_README_EXAMPLE_EARLIER,
                                     dl.MUENNIGHOFF_README_EXAMPLE_CURRENT])
def test_constrained_optimum_reproduces_both_readme_examples(example):
    a = dl.constrained_optimum(example["flops"], example["unique_tokens"])
    assert a.tokens == pytest.approx(example["tokens"], rel=0.01)
    assert a.epochs == pytest.approx(example["epochs"], rel=0.01)
    assert a.params == pytest.approx(example["params"], rel=0.01)


def test_readme_examples_as_printed():
    old, new = dl.MUENNIGHOFF_README_EXAMPLE_EARLIER, dl.MUENNIGHOFF_README_EXAMPLE_CURRENT
    assert (old["tokens"], old["epochs"], old["params"]) == (227e9, 9.1, 6.8e9)
    assert (new["flops"], new["tokens"], new["epochs"], new["params"]) == (
        1e22, 237e9, 9.49, 7.0e9)
    assert old["unique_tokens"] == new["unique_tokens"] == 25e9


def test_rule_of_thumb_run_has_twenty_tokens_per_parameter_and_spends_the_budget():
    c = 1e24
    d = dl.rule_of_thumb_tokens(c)
    n = d / 20
    assert 6 * n * d == pytest.approx(c)
    assert dl.flops_for_optimal_tokens(d) == pytest.approx(c)


def test_flops_for_optimal_tokens_inverts_the_closed_form_optimum():
    for law in (HOFFMANN_2022, MUENNIGHOFF_2023.base_law):
        _, d = compute_optimal(law, 3e25)
        assert dl.flops_for_optimal_tokens(d, law) == pytest.approx(3e25, rel=1e-9)


def test_one_epoch_is_worth_exactly_its_tokens():
    assert dl.effective_epochs(1.0) == pytest.approx(1.0)
    assert dl.effective_data_fraction(1.0) == pytest.approx(1.0)
    assert dl.epoch_value(1) == 1.0


def test_four_epochs_keep_most_of_the_value_and_repetition_saturates_at_one_plus_r_star():
    assert dl.effective_data_fraction(4) > 0.9
    big = dl.effective_epochs(1e6)
    assert big == pytest.approx(1 + MUENNIGHOFF_2023.r_d_star, rel=1e-9)


def test_effective_epochs_match_the_laws_effective_tokens():
    u, e = 5e10, np.array([1.0, 2.0, 7.5, 40.0])
    np.testing.assert_allclose(u * dl.effective_epochs(e),
                               MUENNIGHOFF_2023.effective_tokens(u * e, u))


@settings(max_examples=60, deadline=None)
@given(e=st.floats(1, 1e4), r=st.floats(0.1, 100))
def test_repeated_data_is_never_worth_more_than_fresh_nor_less_than_one_pass(e, r):
    eff = float(dl.effective_epochs(e, r))
    assert 1 - 1e-12 <= eff <= e + 1e-9
    assert eff <= 1 + r + 1e-9


@settings(max_examples=60, deadline=None)
@given(k=st.integers(2, 60), r=st.floats(1.0, 100))
def test_each_further_epoch_is_worth_less_than_the_one_before(k, r):
    assert dl.epoch_value(k + 1, r) < dl.epoch_value(k, r) <= 1.0


def test_epoch_values_sum_to_the_effective_epochs():
    ks = np.arange(1, 21)
    assert np.sum(dl.epoch_value(ks)) == pytest.approx(float(dl.effective_epochs(20)))


def test_half_life_of_repeated_data_is_r_star_ln2_repetitions():
    e = dl.epochs_at_marginal_value(0.5)
    assert e == pytest.approx(1 + MUENNIGHOFF_2023.r_d_star * math.log(2))
    assert dl.marginal_value(e) == pytest.approx(0.5)


def test_constrained_optimum_reproduces_the_authors_worked_example():
    # huggingface/datablations README: 8.67B params, 178B tokens, 25B unique ->
    # "227B tokens, 9.1 epochs, 6.8B parameters"
    a = dl.constrained_optimum(6 * 8.67e9 * 178e9, 25e9)
    assert a.tokens == pytest.approx(227e9, rel=0.01)
    assert a.epochs == pytest.approx(9.1, rel=0.01)
    assert a.params == pytest.approx(6.8e9, rel=0.01)
    assert a.loss <= MUENNIGHOFF_2023.loss(6.34e9, 242e9, 25e9)


def test_constrained_optimum_spends_the_budget_and_is_never_better_than_uncapped():
    a = dl.constrained_optimum(1e23, 1e11)
    assert 6 * a.params * a.tokens == pytest.approx(1e23)
    assert a.binds and a.loss_penalty > 0
    assert a.epochs > a.unconstrained_epochs  # fewer parameters, more epochs


def test_without_a_binding_cap_the_optimum_is_chinchillas():
    a = dl.constrained_optimum(1e21, 1e13)
    n, d = compute_optimal(MUENNIGHOFF_2023.base_law, 1e21)
    assert (a.params, a.tokens, a.epochs, a.loss_penalty) == (pytest.approx(n),
                                                               pytest.approx(d), 1.0, 0.0)
    assert not a.binds
    assert dl.constrained_optimum(1e21, math.inf).params == pytest.approx(n)


def test_capped_optimum_approaches_the_loss_floor_as_compute_grows():
    floor = float(dl.loss_floor(1e10))
    losses = [dl.constrained_optimum(c, 1e10).loss for c in (1e21, 1e23, 1e25)]
    assert losses[0] > losses[1] > losses[2] >= floor - 1e-9
    assert losses[2] - floor < 1e-3


def test_compute_equivalent_inverts_the_uncapped_optimum():
    base = MUENNIGHOFF_2023.base_law
    loss = float(base.loss(*compute_optimal(base, 4e22)))
    assert dl.compute_equivalent(loss) == pytest.approx(4e22, rel=1e-6)
    with pytest.raises(ValueError, match="irreducible"):
        dl.compute_equivalent(1.0)


def test_fit_recovers_a_known_r_star_from_synthetic_runs():
    fresh = dl.FreshCurve(0.8, 20.0, -0.5)
    d = 2e6
    u = d / np.array([1, 2, 4, 8, 16, 32])
    losses = fresh.loss(u * dl.effective_epochs(d / u, 3.0))
    fit = dl.fit_r_d_star(np.full(u.size, d), u, losses, fresh)
    assert fit.r_d_star == pytest.approx(3.0, rel=1e-4)
    assert fit.rms_residual < 1e-8
    np.testing.assert_allclose(fit.measured_effective_epochs, fit.predicted_effective_epochs())


def test_fit_respects_max_epochs():
    fresh = dl.FreshCurve(0.8, 20.0, -0.5)
    u = np.array([1e5, 1e5, 1e5, 1e5])
    e = np.array([1.0, 2.0, 4.0, 64.0])
    losses = fresh.loss(u * dl.effective_epochs(e, 3.0))
    losses[-1] += 0.5  # an overfit run the form cannot describe
    fit = dl.fit_r_d_star(u * e, u, losses, fresh, max_epochs=4)
    assert fit.r_d_star == pytest.approx(3.0, rel=1e-4)
    assert list(fit.used) == [True, True, True, False]


def test_fresh_curve_round_trips_and_fits_clean_data():
    c = dl.FreshCurve(0.8, 20.0, -0.5)
    assert c.tokens_for(c.loss(12345.0)) == pytest.approx(12345.0)
    assert math.isnan(c.tokens_for(0.7))
    d = np.geomspace(1e4, 1e7, 8)
    f = dl.FreshCurve.fit(d, c.loss(d))
    assert f.exponent == pytest.approx(-0.5, rel=1e-3)
    assert c.shifted(0.01).offset == pytest.approx(0.81)


@pytest.mark.parametrize("call,match", [
    (lambda: dl.effective_epochs(0.5), "epochs"),
    (lambda: dl.effective_epochs(2, r_star=0), "r_star"),
    (lambda: dl.effective_epochs(float("nan")), "epochs"),
    (lambda: dl.epochs_at_marginal_value(2.0), "value"),
    (lambda: dl.constrained_optimum(-1, 1e9), "flops"),
    (lambda: dl.constrained_optimum(1e22, 0), "unique_tokens"),
    (lambda: dl.rule_of_thumb_tokens(float("inf")), "flops"),
    (lambda: dl.fit_r_d_star([1e6, 1e6], [1e6], [1.0, 1.0], dl.FreshCurve(0.8, 1, -0.5)),
     "lengths"),
    (lambda: dl.fit_r_d_star([1e6], [2e6], [1.0], dl.FreshCurve(0.8, 1, -0.5)),
     "unique_tokens"),
    (lambda: dl.FreshCurve(0.8, 1.0, 0.5), "exponent"),
])
def test_bad_input_is_refused_with_a_message_naming_it(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ------------------------------------------------------------------ repeated data over seeds


def _seed_runs(noise=0.0005, n_seeds=5, overfit=0.1):
    """Runs of a fixed token budget from shrinking pools: the form with R_D* = 2, plus a
    memorisation penalty growing with epochs beyond 8, plus seed noise."""
    curve = dl.FreshCurve(0.8, 30.0, -0.4)
    tokens = np.full(6, 1e6)
    epochs = np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
    unique = tokens / epochs
    clean = curve.loss(unique * dl.effective_epochs(epochs, 2.0))
    clean = clean + overfit * np.maximum(np.log2(epochs) - 3, 0) ** 2
    rng = np.random.default_rng(1)
    losses = clean + rng.normal(0, noise, (n_seeds, 1))  # a seed offset shared by its runs
    losses = losses + rng.normal(0, noise / 5, losses.shape)
    return tokens, unique, losses, curve


def test_repetition_by_seed_measures_each_seed_against_its_own_one_epoch_run():
    tokens, unique, losses, curve = _seed_runs()
    rs = dl.repetition_by_seed(tokens, unique, losses, curve)
    assert rs.n_seeds == 5
    assert np.allclose(rs.one_pass[:, 0], losses[:, 0])
    assert np.allclose(rs.r_d_star, 2.0, rtol=0.3)
    assert rs.versus_fresh(4).verdict == "b"  # repetition costs a little
    assert rs.versus_one_pass(4).verdict == "a"  # but beats one pass over the pool
    assert rs.versus_one_pass(32).verdict == "b"
    assert rs.versus_one_pass(16).verdict == "a"
    assert rs.overfit_onset() == 32.0


def test_overfit_onset_is_none_without_memorisation_and_never_counts_one_epoch():
    tokens, unique, losses, curve = _seed_runs(overfit=0.0)
    rs = dl.repetition_by_seed(tokens, unique, losses, curve)
    assert rs.overfit_onset() is None


def test_repetition_by_seed_rejects_bad_designs():
    tokens, unique, losses, curve = _seed_runs()
    with pytest.raises(ValueError, match="one-epoch"):
        dl.repetition_by_seed(tokens, unique * 0.9, losses, curve)
    with pytest.raises(ValueError, match="losses"):
        dl.repetition_by_seed(tokens, unique, losses[:1], curve)
    with pytest.raises(ValueError, match="losses"):
        dl.repetition_by_seed(tokens, unique, losses[:, :3], curve)
    rs = dl.repetition_by_seed(tokens, unique, losses, curve)
    with pytest.raises(ValueError, match="epochs"):
        rs.versus_one_pass(3)
