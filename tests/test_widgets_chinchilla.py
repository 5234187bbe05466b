import pytest
from figures import figure_text as _text

from scaling_lib import chinchilla as ch
from scaling_lib.laws import BESIROGLU_2024, HOFFMANN_2022
from scaling_lib.plotting import human_count
from scaling_lib.widgets import chinchilla as widgets


def test_isoflop_figure_marks_the_closed_form_optimum():
    n, d = HOFFMANN_2022.compute_optimal(5.76e23)
    text = _text(widgets.draw_isoflop("Hoffmann 2022, printed", 5.76e23))
    assert f"N_opt = {human_count(n)}" in text and f"{d / n:.1f} tokens per parameter" in text


@pytest.mark.parametrize("law", list(widgets.law_choices()))
def test_isoflop_figure_draws_every_law(law):
    fig = widgets.draw_isoflop(law, 2e11 if law == "the lab's own fit" else 1e22)
    assert len(fig.axes[0].lines) >= 4


def test_isoflop_tick_labels_stay_short_where_every_profile_hugs_e():
    # the lab's fit at Chinchilla's budget: the profiles span ~1e-5 nats around 0.818
    fig = widgets.draw_isoflop("the lab's own fit", 5.76e23)
    ax = fig.axes[0]
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and max(len(t) for t in labels) <= 4
    lab_e = widgets.law_choices()["the lab's own fit"].E
    assert ax.get_ylabel().startswith(f"loss − {lab_e:.4f}")
    # ordinary budgets keep plain loss labels
    assert widgets.draw_isoflop("Hoffmann 2022, printed", 1e22).axes[0].get_ylabel() == (
        "loss (nats per token)")


def test_isoflop_figure_rejects_an_unknown_law():
    with pytest.raises(ValueError, match="law must be one of"):
        widgets.draw_isoflop("Kaplan", 1e22)


def test_frontier_figure_reports_each_law_at_the_budget():
    n, d = BESIROGLU_2024.compute_optimal(1e24)
    text = _text(widgets.draw_frontier(1e24))
    assert f"Besiroglu 2024, refit: N={human_count(n)}" in text
    assert "Kaplan" in text


def test_frontier_figure_can_hide_kaplan():
    assert "Kaplan" not in _text(widgets.draw_frontier(1e24, show_kaplan=False))


# ------------------------------------------------------------------ fit explorer
def test_fit_figure_shows_the_mean_objective_stopping_far_above_the_sum_with_60_starts():
    summed = widgets.lab_fit("lbfgs", "sum", 60)
    mean = widgets.lab_fit("lbfgs", "mean", 60)
    assert summed.objective_ratio < 1.001 and mean.objective_ratio > 5
    text = _text(widgets.draw_fit("lbfgs", "mean", 60))
    assert f"= {mean.objective_ratio:.5g} × the best found" in text
    assert "mean of Huber losses" in text and "converged: no" in text


def test_fit_explorer_at_40_starts_matches_the_chapters_sum_vs_mean_table():
    n, d, ell, _, _ = widgets._lab_runs()
    hub = ch.huber_reduction_fits(n, d, ell, n_starts=40)
    assert widgets.lab_fit("lbfgs", "sum", 40).fit.objective == hub.lbfgs_sum.objective
    assert widgets.lab_fit("lbfgs", "mean", 40).fit.objective == hub.lbfgs_mean.objective


def test_robust_fit_is_the_best_found_and_reports_E_against_the_true_entropy():
    res = widgets.lab_fit("fast", "sum")
    assert res.objective_ratio == 1 and res.fit.converged
    text = _text(widgets.draw_fit("fast", "sum"))
    assert f"E − entropy = {1000 * (res.fit.law.E - res.entropy):+.1f} millinats" in text
    assert "converged: yes" in text


def test_fit_figure_shows_intervals_only_with_resamples():
    assert "no intervals (0 resamples)" in _text(widgets.draw_fit(resamples=0))
    res = widgets.lab_fit(resamples=50)
    lo, hi = res.bootstrap.interval("E", widgets.FIT_LEVEL)
    assert lo < res.fit.law.E < hi
    assert f"[{lo:.4f}, {hi:.4f}]" in _text(widgets.draw_fit(resamples=50))


def test_fit_results_are_memoised_per_setting():
    assert widgets.lab_fit("lbfgs", "sum", 5) is widgets.lab_fit("lbfgs", "sum", 5)
    assert widgets.lab_fit("fast", "mean", 1) is widgets.lab_fit("fast", "mean", 60)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"method": "adam"}, "method"), ({"reduction": "median"}, "reduction"),
    ({"starts": 0}, "starts"), ({"starts": 5000}, "starts"), ({"starts": 2.5}, "starts"),
    ({"resamples": -1}, "resamples"),
])
def test_fit_figure_rejects_bad_settings_naming_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        widgets.draw_fit(**kwargs)


def test_fit_explorer_defaults_can_be_overridden():
    explorer = widgets.fit_explorer(method="lbfgs", reduction="mean", starts=5)
    assert explorer.values == {"method": "lbfgs", "reduction": "mean", "starts": 5,
                               "resamples": 0}


def test_isoflop_parabolas_figure_marks_one_minimum_per_budget():
    from scaling_lib.fitting import fit_isoflop
    from scaling_lib.lab import load_sweep

    s0 = load_sweep("isoflop").where(seed=0)
    n, d, loss, c = s0["total_params"], s0["tokens"], s0["final_loss"], s0["budget_flops"]
    fit = fit_isoflop(n, d, loss, flops=c)
    fig = widgets.draw_isoflop_parabolas(n, loss, c, fit)
    stars = [ln for ln in fig.axes[0].lines if ln.get_label() == "parabola minima"]
    assert len(stars) == 1 and len(stars[0].get_xdata()) == len(fit.flops)
    assert f"∝ C^{fit.a:.2f}" in _text(fig)


def test_three_approaches_figure_labels_each_exponent():
    import numpy as np

    from scaling_lib.fitting import fit_envelope, fit_isoflop, fit_parametric
    from scaling_lib.lab import load_sweep

    iso = load_sweep("isoflop")
    s0 = iso.where(seed=0)
    a2 = fit_isoflop(s0["total_params"], s0["tokens"], s0["final_loss"],
                     flops=s0["budget_flops"])
    law = fit_parametric(iso["total_params"], iso["tokens"], iso["final_loss"]).law
    runs = list(load_sweep("envelope"))
    pts = np.array([(r["total_params"], t, x, i) for i, r in enumerate(runs)
                    for t, x in zip(r["curve_tokens"], r["curve_loss"], strict=True)],
                   float).T
    c_lo = 6 * pts[0].min() * pts[1].min() * 4
    keep = 6 * pts[0] * pts[1] >= c_lo
    a1 = fit_envelope(*pts[:3, keep], runs=pts[3, keep], n_budgets=20)
    text = _text(widgets.draw_three_approaches(runs, c_lo, a1, a2, law))
    for label in (f"Approach 1 fit, a = {a1.a:.2f}", f"Approach 2 fit, a = {a2.a:.2f}",
                  f"Approach 3 frontier, a = {law.params_exponent:.2f}", "envelope"):
        assert label in text


def test_fit_explorer_greys_out_starts_when_the_method_has_none():
    explorer = widgets.fit_explorer()
    method, starts = explorer.controls["method"], explorer.controls["starts"]
    method.value = "fast"
    assert starts.disabled
    method.value = "lbfgs"
    assert not starts.disabled
