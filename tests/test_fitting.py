"""Tests for scaling_lib.fitting: power laws and Chinchilla's three approaches."""

import warnings

import matplotlib
import numpy as np
import pytest

from scaling_lib import fitting
from scaling_lib.fitting import (
    HUBER_DELTA,
    FitConvergenceWarning,
    bootstrap_parametric,
    fit_envelope,
    fit_isoflop,
    fit_parametric,
    fit_power_law,
    hoffmann_initial_grid,
    huber,
    parametric_objective,
    synthetic_isoflop_data,
)
from scaling_lib.laws import BESIROGLU_2024, HOFFMANN_2022, compute_optimal

matplotlib.use("Agg")

TRUTHS = [BESIROGLU_2024, HOFFMANN_2022]


def isoflop_data(law, *, n_per=27, **kwargs):
    return synthetic_isoflop_data(law, per_budget=n_per, **kwargs)


def rel_errors(law, truth):
    got = np.array([law.E, law.A, law.B, law.alpha, law.beta])
    true = np.array([truth.E, truth.A, truth.B, truth.alpha, truth.beta])
    return np.abs(got / true - 1)


@pytest.fixture(scope="module")
def noisy():
    data = isoflop_data(BESIROGLU_2024, noise=0.01, seed=2)
    return data, fit_parametric(*data)


# ------------------------------------------------------------------ helpers


def test_huber_is_quadratic_inside_delta_and_linear_outside():
    d = 1e-3
    assert huber(5e-4, d) == pytest.approx(0.5 * 5e-4**2)
    assert huber(-0.1, d) == pytest.approx(d * (0.1 - 0.5 * d))
    assert HUBER_DELTA == 1e-3


def test_hoffmann_grid_has_the_4500_published_starts():
    g = hoffmann_initial_grid()
    assert g.shape == (4500, 5)
    assert sorted(set(g[:, 0])) == [0, 5, 10, 15, 20, 25]
    assert sorted(set(g[:, 2])) == [-1, -0.5, 0, 0.5, 1]
    assert sorted(set(g[:, 3])) == [0, 0.5, 1, 1.5, 2]


# ------------------------------------------------------------------ power laws


def test_power_law_without_offset_recovers_kaplan_exponent_exactly():
    x = np.geomspace(1e6, 1e10, 12)
    y = (8.8e13 / x) ** 0.076
    fit = fit_power_law(x, y)
    assert fit.exponent == pytest.approx(-0.076, rel=1e-10)
    assert fit.scale == pytest.approx(8.8e13, rel=1e-8)
    assert fit.offset == 0.0


def test_power_law_with_offset_recovers_the_irreducible_term():
    x = np.geomspace(1e6, 1e11, 30)
    y = 1.7 + 400.0 * x**-0.34
    fit = fit_power_law(x, y, offset=True)
    assert fit.offset == pytest.approx(1.7, rel=1e-6)
    assert fit.coefficient == pytest.approx(400.0, rel=1e-5)
    assert fit.exponent == pytest.approx(-0.34, rel=1e-6)
    assert fit.predict(1e8) == pytest.approx(1.7 + 400.0 * 1e8**-0.34, rel=1e-8)


def test_power_law_needs_two_distinct_x_values():
    with pytest.raises(ValueError, match="x"):
        fit_power_law([1.0, 1.0, 1.0], [2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="at least 3"):
        fit_power_law([1.0, 2.0], [2.0, 1.0], offset=True)


# ------------------------------------------------------------------ Approach 3


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.label)
def test_noiseless_data_is_recovered_to_one_part_in_a_million(truth):
    data = isoflop_data(truth)
    fit = fit_parametric(*data)
    assert fit.converged
    assert rel_errors(fit.law, truth).max() < 1e-6


def test_sum_and_mean_reductions_share_the_minimiser(noisy):
    data, fit_sum = noisy
    fit_mean = fit_parametric(*data, reduction="mean")
    np.testing.assert_allclose(fit_mean.log_params, fit_sum.log_params, rtol=1e-7)
    assert fit_mean.objective == pytest.approx(fit_sum.objective / len(data[0]), rel=1e-9)


def test_objective_reported_matches_parametric_objective(noisy):
    data, fit = noisy
    assert parametric_objective(fit.law, *data) == pytest.approx(fit.objective, rel=1e-9)
    assert parametric_objective(fit.log_params, *data, reduction="mean") == pytest.approx(
        fit.objective / len(data[0]), rel=1e-9
    )


def test_fast_fit_is_no_worse_than_lbfgs_from_hoffmann_starts(noisy):
    data, fit = noisy
    starts = hoffmann_initial_grid()[::450]  # 10 of the 4,500, keeps the test fast
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitConvergenceWarning)
        ref = fit_parametric(*data, method="lbfgs", starts=starts)
    assert fit.objective <= ref.objective * (1 + 1e-12)


def test_huber_loss_shrugs_off_outliers():
    data = isoflop_data(BESIROGLU_2024, noise=0.001, outliers=0.05, seed=3)
    fit = fit_parametric(*data)
    assert fit.converged
    assert rel_errors(fit.law, BESIROGLU_2024)[[0, 3, 4]].max() < 0.01  # E, alpha, beta


def test_noisy_fit_has_the_truth_inside_its_bootstrap_intervals(noisy):
    data, fit = noisy
    boot = fit.bootstrap(200, seed=0)
    truth = BESIROGLU_2024
    for name, value in [
        ("E", truth.E),
        ("alpha", truth.alpha),
        ("beta", truth.beta),
        ("a", truth.params_exponent),
    ]:
        lo, hi = boot.interval(name, 0.95)
        assert lo <= value <= hi, (name, lo, value, hi)
    lo, hi = boot.tokens_per_param_interval(5.76e23)
    assert lo <= truth.tokens_per_param(5.76e23) <= hi


def test_bootstrap_is_reproducible_and_its_intervals_are_ordered(noisy):
    data, fit = noisy
    b1 = bootstrap_parametric(*data, n_resamples=20, seed=7, _warm_start=fit.log_params)
    b2 = bootstrap_parametric(*data, n_resamples=20, seed=7, _warm_start=fit.log_params)
    np.testing.assert_array_equal(b1.samples, b2.samples)
    lo80, hi80 = b1.interval("alpha", 0.8)
    lo95, hi95 = b1.interval("alpha", 0.95)
    assert lo95 <= lo80 <= hi80 <= hi95
    assert b1.converged.all()
    assert "alpha" in b1.summary()
    with pytest.raises(ValueError, match="name"):
        b1.values("gamma")


def test_result_predicts_summarises_and_plots(noisy):
    data, fit = noisy
    assert fit.predict(1e9, 2e10) == pytest.approx(fit.law.loss(1e9, 2e10))
    assert fit.residuals().shape == (len(data[0]),)
    n, d = fit.compute_optimal(1e22)
    assert 6 * n * d == pytest.approx(1e22)
    text = fit.summary()
    for word in ("E", "alpha", "beta", "converged", "Huber objective (sum)"):
        assert word in text
    ax = fit.plot()
    assert ax.get_xlabel().startswith("predicted")
    matplotlib.pyplot.close("all")


def test_a_fit_stopped_early_says_so():
    data = isoflop_data(BESIROGLU_2024)
    one_start = hoffmann_initial_grid()[:1]
    with pytest.warns(FitConvergenceWarning, match="did not converge"):
        fit = fit_parametric(*data, method="lbfgs", starts=one_start, reduction="mean")
    assert not fit.converged
    with pytest.raises(RuntimeError, match="did not converge"):
        fit_parametric(*data, method="lbfgs", starts=one_start, on_failure="raise")


# ------------------------------------------------------------------ Approach 2


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: t.label)
@pytest.mark.parametrize("centre", [1.0, 2.0])
def test_isoflop_parabolas_recover_the_allocation_exponents(truth, centre):
    # Along an IsoFLOP curve the loss has the same shape in log N at every budget,
    # so a grid placed the same way around each optimum (even off-centre) gives
    # minima offset by a constant factor, and the exponents come out exactly.
    budgets = np.geomspace(1e18, 1e22, 6)
    params, tokens, flops = [], [], []
    for c in budgets:
        n_opt, _ = compute_optimal(truth, c)
        ns = centre * n_opt * np.geomspace(1 / 4, 4, 15)
        params += list(ns)
        tokens += list(c / (6 * ns))
        flops += [c] * ns.size
    params, tokens = np.array(params), np.array(tokens)
    fit = fit_isoflop(params, tokens, truth.loss(params, tokens), flops=flops)
    assert fit.a == pytest.approx(truth.params_exponent, abs=1e-6)
    assert fit.b == pytest.approx(truth.tokens_exponent, abs=1e-6)
    assert fit.flops.size == budgets.size


def test_isoflop_groups_budgets_without_labels():
    data = isoflop_data(BESIROGLU_2024, jitter=0.0)
    fit = fit_isoflop(*data)
    assert fit.flops.size == 9
    assert fit.a == pytest.approx(BESIROGLU_2024.params_exponent, abs=1e-3)
    assert "Approach 2" in fit.summary()


def test_isoflop_refuses_a_budget_without_a_minimum():
    n = np.array([1e8, 2e8, 4e8, 1e8, 2e8, 4e8])
    d = 1e20 / (6 * n)
    loss = np.array([2.0, 2.5, 2.0, 2.1, 2.6, 2.1])  # opens downward
    with pytest.raises(ValueError, match="no minimum"):
        fit_isoflop(n, d, loss, flops=[1e20] * 3 + [2e20] * 3)


# ------------------------------------------------------------------ Approach 1


def test_training_curve_envelope_recovers_the_allocation_exponents():
    truth = BESIROGLU_2024
    sizes = np.geomspace(3e7, 3e10, 80)
    params, tokens = [], []
    for n in sizes:
        d = np.geomspace(1e8, 1e13, 60)
        params += [n] * d.size
        tokens += list(d)
    params, tokens = np.array(params), np.array(tokens)
    fit = fit_envelope(params, tokens, truth.loss(params, tokens), n_budgets=30)
    assert fit.a == pytest.approx(truth.params_exponent, abs=0.02)
    assert fit.b == pytest.approx(truth.tokens_exponent, abs=0.02)
    ax = fit.plot()
    assert ax.get_xlabel() == "training FLOPs"
    matplotlib.pyplot.close("all")



@pytest.mark.parametrize("n_budgets", [5, 8, 10, 20, 40])
def test_envelope_exponent_does_not_depend_on_units(n_budgets):
    # issue 28 item 4: every size trained over the same compute range, so all curves begin
    # and end at the same budget up to one rounding error, which changes with the units
    # (the old code gave 0.480 against 0.514 with n_budgets=5 on this design)
    truth = BESIROGLU_2024
    sizes = np.geomspace(1e7, 1e10, 8)
    flops = np.geomspace(1e17, 1e22, 13)
    params = np.repeat(sizes, flops.size)
    tokens = (flops[None, :] / (6 * sizes[:, None])).ravel()
    loss = truth.loss(params, tokens)
    raw = fit_envelope(params, tokens, loss, n_budgets=n_budgets)
    scaled = fit_envelope(params / 1e6, tokens / 1e9, loss, n_budgets=n_budgets)
    assert scaled.flops.size == raw.flops.size
    assert scaled.a == pytest.approx(raw.a, rel=1e-6)
    assert scaled.b == pytest.approx(raw.b, rel=1e-6)
    assert np.allclose(scaled.params_opt * 1e6, raw.params_opt, rtol=1e-9)


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_fit_rejects_non_positive_or_non_finite_values(bad):
    n, d, loss = isoflop_data(BESIROGLU_2024, n_per=3)
    loss = loss.copy()
    loss[4] = bad
    with pytest.raises(ValueError, match="losses"):
        fit_parametric(n, d, loss)


def test_fit_rejects_mismatched_lengths():
    n, d, loss = isoflop_data(BESIROGLU_2024, n_per=3)
    with pytest.raises(ValueError, match="lengths differ"):
        fit_parametric(n, d[:-1], loss)


def test_fit_rejects_fewer_points_than_parameters():
    n, d, loss = isoflop_data(BESIROGLU_2024, n_per=3)
    with pytest.raises(ValueError, match="at least 6"):
        fit_parametric(n[:5], d[:5], loss[:5])


def test_fit_rejects_unknown_options():
    n, d, loss = isoflop_data(BESIROGLU_2024, n_per=3)
    with pytest.raises(ValueError, match="reduction"):
        fit_parametric(n, d, loss, reduction="median")
    with pytest.raises(ValueError, match="method"):
        fit_parametric(n, d, loss, method="adam")
    with pytest.raises(ValueError, match="starts"):
        fit_parametric(n, d, loss, starts=[[1.0, 2.0]])
    with pytest.raises(ValueError, match="delta"):
        fit_parametric(n, d, loss, delta=0.0)


def test_module_exports_exist():
    for name in fitting.__all__:
        assert hasattr(fitting, name), name


def test_a_collapsed_irreducible_term_is_reported_as_a_failed_fit_not_an_error():
    from scaling_lib.fitting import _make_fit

    n = np.geomspace(1e6, 1e9, 8).repeat(4)
    d = np.tile(np.geomspace(1e8, 1e11, 4), 8)
    loss = 400 / n**0.34 + 410 / d**0.28
    theta = np.array([6.0, 6.0, -np.inf, 0.3, 0.3])
    fit = _make_fit(theta, 0.1, True, 0.0, "ok", 1, 1, "fast", "sum", 1e-3, n, d, loss)
    assert not fit.converged
    assert fit.law.E > 0


def test_synthetic_isoflop_data_is_deterministic_and_validated():
    a = synthetic_isoflop_data(BESIROGLU_2024, per_budget=5, noise=0.01, seed=4)
    b = synthetic_isoflop_data(BESIROGLU_2024, per_budget=5, noise=0.01, seed=4)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert np.allclose(6 * a[0] * a[1] / np.repeat(np.geomspace(6e18, 3e21, 9), 5), 1.0)
    with pytest.raises(ValueError, match="outliers"):
        synthetic_isoflop_data(BESIROGLU_2024, outliers=1.5)
