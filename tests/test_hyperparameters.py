"""Chapter 8 library: critical batch, published hyperparameter laws, μP multipliers, fits."""

import math

import numpy as np
import pytest

from scaling_lib import hyperparameters as hp
from scaling_lib.laws import KAPLAN_CRITICAL_BATCH

# -- published constants ---------------------------------------------------------------


def test_deepseek_constants_are_the_papers():
    # bi2024deepseek §3.1, formula (1), read in the arXiv v1 HTML (search tool, 2026-12):
    # eta_opt = 0.3118 * C^-0.1250, B_opt = 0.2920 * C^0.3271; fitted on 1e17 ... 2e19
    # FLOPs; near-optimal = within 0.25% of the best generalization error
    law = hp.DEEPSEEK_HYPERPARAMETERS
    assert (law.lr_coefficient, law.lr_exponent) == (0.3118, -0.1250)
    assert (law.batch_coefficient, law.batch_exponent) == (0.2920, 0.3271)
    assert law.compute_range_flops == (1e17, 2e19)
    assert law.citation == "bi2024deepseek"
    assert hp.DEEPSEEK_NEAR_OPTIMAL_BAND == 0.0025


def test_deepseek_models_are_table_2():
    # bi2024deepseek Table 2: 7B 30 layers, d 4096, ctx 4096, batch 2304, lr 4.2e-4, 2.0T;
    # 67B 95 layers, d 8192, ctx 4096, batch 4608, lr 3.2e-4, 2.0T
    m7, m67 = hp.DEEPSEEK_MODELS["7B"], hp.DEEPSEEK_MODELS["67B"]
    assert (m7["n_layers"], m7["d_model"], m7["batch_sequences"]) == (30, 4096, 2304)
    assert (m7["learning_rate"], m7["tokens"]) == (4.2e-4, 2.0e12)
    assert (m67["n_layers"], m67["d_model"], m67["batch_sequences"]) == (95, 8192, 4608)
    assert (m67["learning_rate"], m67["tokens"]) == (3.2e-4, 2.0e12)


def test_deepseek_flops_per_token_is_table_3():
    # bi2024deepseek Table 3: (n_layer, d_model) = (8, 512) -> M = 352M; (32, 4096) -> 45.1B
    assert hp.deepseek_flops_per_token(8, 512, 4096) == pytest.approx(352e6, rel=0.01)
    assert hp.deepseek_flops_per_token(32, 4096, 4096) == pytest.approx(45.1e9, rel=0.01)


@pytest.mark.parametrize("name, rel", [("7B", 0.03), ("67B", 0.10)])
def test_deepseek_laws_give_the_settings_they_chose(name, rel):
    # the units check: with C = M·D in FLOPs, the law's B is in tokens (sequences × 4096)
    m = hp.DEEPSEEK_MODELS[name]
    c = hp.deepseek_flops_per_token(m["n_layers"], m["d_model"], m["context_length"])
    c *= m["tokens"]
    law = hp.DEEPSEEK_HYPERPARAMETERS
    assert law.learning_rate(c) == pytest.approx(m["learning_rate"], rel=0.03)
    assert law.batch_tokens(c) == pytest.approx(m["batch_sequences"] * 4096, rel=rel)


def test_kaplan_critical_batch_is_reused():
    assert KAPLAN_CRITICAL_BATCH.citation == "kaplan2020scaling"


# -- critical batch --------------------------------------------------------------------


def test_tradeoff_relations_agree():
    s_min, e_min = 200.0, 1e5
    b = np.array([16.0, 500.0, 4096.0])
    s = hp.steps_to_target(b, s_min, e_min)
    e = hp.examples_to_target(b, s_min, e_min)
    assert np.allclose(e, b * s)
    assert np.allclose((s / s_min - 1) * (e / e_min - 1), 1.0)
    assert np.allclose(hp.examples_for_steps(s, s_min, e_min), e)
    # at B = B_crit both cost twice their minimum
    bc = e_min / s_min
    assert hp.steps_to_target(bc, s_min, e_min) == pytest.approx(2 * s_min)
    assert hp.examples_to_target(bc, s_min, e_min) == pytest.approx(2 * e_min)


def test_examples_for_steps_needs_more_than_s_min():
    with pytest.raises(ValueError, match="steps"):
        hp.examples_for_steps(100.0, 200.0, 1e5)


def test_fit_critical_batch_recovers_the_hyperbola():
    b = np.array([32, 64, 128, 256, 512, 1024, 2048], float)
    s = hp.steps_to_target(b, 150.0, 6e4)
    fit = hp.fit_critical_batch(b, s)
    assert fit.b_crit == pytest.approx(400.0, rel=1e-6)
    assert fit.r_squared == pytest.approx(1.0)
    noisy = s * np.exp(np.random.default_rng(1).normal(0, 0.05, b.size))
    fit = hp.fit_critical_batch(noisy * 0 + b, noisy)
    lo, hi = fit.b_crit_interval
    assert lo < fit.b_crit < hi and lo < 400 < hi
    assert fit.r_squared > 0.98


def test_fit_critical_batch_refuses_too_few_batches():
    with pytest.raises(ValueError, match="batch_sizes"):
        hp.fit_critical_batch([32, 32, 64], [10, 11, 12])


# -- μP --------------------------------------------------------------------------------


def test_mup_multipliers_follow_yang_2022():
    # yang2022tensor Table 3 (Adam), in microsoft/mup's form (MuReadout divides the output
    # by width_mult; MuAdam divides the lr of matrix-like, i.e. hidden, weights by it)
    assert hp.mup_multipliers("hidden", 256, 32) == {
        "init_variance": 1.0, "learning_rate": 1 / 8, "output_multiplier": 1.0}
    assert hp.mup_multipliers("output", 256, 32) == {
        "init_variance": 8.0, "learning_rate": 1.0, "output_multiplier": 1 / 8}
    for layer in hp.MUP_LAYERS:
        assert set(hp.mup_multipliers(layer, 64, 64).values()) == {1.0}
    assert set(hp.mup_multipliers("input", 4096, 32).values()) == {1.0}


def test_mup_multipliers_reject_unknown_layers():
    with pytest.raises(ValueError, match="layer"):
        hp.mup_multipliers("attention", 64, 32)


# -- optima and laws -------------------------------------------------------------------


def test_optimal_learning_rate_finds_the_parabola_vertex():
    lrs = 0.001 * 2.0 ** np.arange(7)
    losses = 1.0 + 0.1 * (np.log(lrs) - math.log(0.01)) ** 2
    lr, edge = hp.optimal_learning_rate(lrs, losses)
    assert lr == pytest.approx(0.01, rel=1e-6) and not edge


def test_optimal_learning_rate_flags_edges_and_skips_diverged_runs():
    assert hp.optimal_learning_rate([0.1, 0.2, 0.4], [1.0, 1.1, None]) == (0.1, True)
    lr, edge = hp.optimal_learning_rate([0.1, 0.2, 0.4, 0.8], [1.2, 1.0, 1.1, math.nan])
    assert 0.1 < lr < 0.4 and not edge


def test_fit_hyperparameter_law_recovers_an_exponent():
    x = np.geomspace(32, 256, 4).repeat(2)
    y = 0.5 * x**-0.6 * np.exp(np.random.default_rng(0).normal(0, 0.02, x.size))
    fit = hp.fit_hyperparameter_law(x, y)
    assert fit.exponent == pytest.approx(-0.6, abs=0.05)
    lo, hi = fit.exponent_interval
    assert lo < -0.6 < hi
    assert fit.predict(64.0) == pytest.approx(0.5 * 64**-0.6, rel=0.05)


# -- schedules and weight decay --------------------------------------------------------


def test_wsd_compute_fraction():
    # eight lengths D, 2D, ..., 8D with 20% cooldowns: (0.8·8 + 0.2·36) / 36
    assert hp.wsd_compute_fraction(np.arange(1, 9), 0.2) == pytest.approx(13.6 / 36)
    assert hp.wsd_compute_fraction([5.0], 0.2) == pytest.approx(1.0)


def test_adamw_timescale():
    # wang2024adamw: tau_iter = 1 / (eta * lambda)
    assert hp.adamw_timescale_steps(1e-3, 0.1) == pytest.approx(1e4)
    lam = hp.weight_decay_for_timescale(1e-3, 20_000, 0.5)
    assert hp.adamw_timescale_steps(1e-3, lam) == pytest.approx(10_000)
    assert hp.weight_decay_for_timescale(1e-3, 40_000, 0.5) == pytest.approx(lam / 2)


def test_fit_data_law_recovers_e_and_beta_and_agrees_with_the_general_fit():
    from scaling_lib.fitting import fit_power_law

    d = np.arange(1, 9) * 131_072.0
    y = 0.8 + 3.0 * d**-0.3
    got = hp.fit_data_law(d, y, n_boot=50)
    assert got["E"] == pytest.approx(0.8, rel=1e-3) and got["beta"] == pytest.approx(0.3, rel=0.01)
    noisy = y * (1 + np.random.default_rng(0).normal(0, 0.002, d.size))
    got = hp.fit_data_law(d, noisy, n_boot=100)
    ref = fit_power_law(d, noisy, offset=True)
    assert got["beta"] == pytest.approx(-ref.exponent, rel=1e-3)
    assert got["E"] == pytest.approx(ref.offset, rel=1e-4)
    lo, hi = got["beta_interval"]
    assert lo <= got["beta"] <= hi


def test_fit_data_law_refuses_rising_losses():
    with pytest.raises(ValueError, match="losses"):
        hp.fit_data_law([1e4, 2e4, 4e4, 8e4], [1.0, 1.1, 1.2, 1.3], n_boot=0)


def _wsd_table():
    from scaling_lib.lab.sweep import SweepTable

    rows = []
    for lr, off in ((0.01, 0.0), (0.02, 0.01)):
        for t in (100, 200, 300, 400):
            base = 1.0 + 1.0 / t
            rows.append({"phase": "branch", "peak_lr": lr, "tokens": t, "final_loss": base + off,
                         "entropy": 1.0, "shared_flops": 6e3, "branch_start_loss": base + 0.1,
                         "flops": 6.0 * t})
            rows.append({"phase": "run", "peak_lr": lr, "tokens": t,
                         "final_loss": base + 0.005 - off / 2, "entropy": 1.0, "flops": 6.0 * t})
    return SweepTable("wsd", rows)


def test_wsd_comparison_at_one_rate_and_at_each_schedules_best():
    table = _wsd_table()
    same = hp.wsd_comparison(table, 0.02)
    assert np.allclose(same["branch_loss"] - same["cosine_loss"], 0.01)
    best = hp.wsd_comparison(table)
    assert set(best["branch_lr"]) == {0.01} and set(best["cosine_lr"]) == {0.02}
    assert best["cosine_flops"] == pytest.approx(6.0 * 1000)
    with pytest.raises(ValueError, match="peak_lr"):
        hp.wsd_comparison(table, 0.05)


# -- the lr_width sweep seed by seed (chapter 8's findings) ----------------------------


def test_lr_width_trends_one_slope_per_seed():
    from scaling_lib.lab.sweep import load_sweep

    table = load_sweep("lr_width")
    trends = hp.lr_width_trends(table)
    optima = hp.lr_width_optima(table)
    for p, t in trends.items():
        assert t["lr_opt"].shape == (len(t["seeds"]), len(t["widths"]))
        assert len(t["trend"].per_seed) == len(t["seeds"])
        # the mean of per-seed slopes is the slope of the seed-mean log optimum
        y = np.log(t["lr_opt"]).mean(axis=0)
        assert t["trend"].slope == pytest.approx(np.polyfit(np.log(t["widths"]), y, 1)[0])
        # the same optima as lr_width_optima
        assert sorted(t["lr_opt"].ravel()) == pytest.approx(sorted(optima[p]["lr_opt"]))


def test_lr_reuse_losses_reused_is_no_better_than_the_grid_best():
    from scaling_lib.lab.sweep import load_sweep

    table = load_sweep("lr_width")
    r = hp.lr_reuse_losses(table, "sp", 32, 256)
    assert (r["reused"] >= r["best"] - 1e-12).all()
    assert len(r["seeds"]) == table.meta["settings"]["seeds"] == 5
    with pytest.raises(ValueError, match="small_width"):
        hp.lr_reuse_losses(load_sweep("lr_width"), "sp", 48, 256)
