"""Chapter 9's forecasting library: published numbers, fits that recover known laws,
forecasts with honest intervals, held-out scoring and backtests."""

import numpy as np
import pytest

from scaling_lib import forecasting as fc
from scaling_lib import models
from scaling_lib.lab.task import DATA_DIR, load_task_sweep

# ------------------------------------------------------------------ published numbers


def test_published_numbers_match_their_sources():
    # Bhagia et al. 2024, arXiv 2412.04403, abstract (opened through the search tool, the
    # arXiv abstract page and its v2 HTML): "Training the ladder models only costs 1% of the
    # compute used for the target models"; "within 2 points of absolute error"; "a 7B model
    # trained to 4T tokens and a 13B model trained to 5T tokens".
    assert fc.BHAGIA_LADDER_COMPUTE_FRACTION == 0.01
    assert fc.BHAGIA_ABS_ERROR_POINTS == 2
    assert fc.BHAGIA_TARGETS == ((7e9, 4e12), (13e9, 5e12))
    # Llama 3 report, arXiv 2407.21783, section 3.2.1 (text quoted by pages found with the
    # search tool): scaling-law budgets "between 6 × 10^18 FLOPs and 10^22 FLOPs"; the
    # flagship's 3.8e25 FLOPs is already pinned in tests/test_models.py.
    assert fc.LLAMA3_SCALING_FLOPS_RANGE == (6e18, 1e22)
    flagship = next(m for m in models.MODELS if m.name == "Llama 3.1 405B")
    assert flagship.published_flops == 3.8e25
    # Lourie, Hu, Cho 2025, Findings of EMNLP 2025 (ACL Anthology abstract): "predictable
    # scaling only occurs in a minority of cases: 39% of the time"; 46 tasks (from summaries
    # of the paper, stated as such in the module).
    assert fc.LOURIE_PREDICTABLE_FRACTION == 0.39
    assert fc.LOURIE_N_TASKS == 46
    # Gadre et al. 2024, arXiv 2403.08540, abstract: "a testbed of 104 models with 0.011B to
    # 6.9B parameters"; top-1 error predicted "using experiments that take 20× less compute".
    assert fc.GADRE_N_MODELS == 104
    assert fc.GADRE_DOWNSTREAM_COMPUTE_FACTOR == 20
    # Schaeffer et al. 2024, arXiv 2406.04391, abstract: "five model families and twelve
    # well-established multiple-choice benchmarks".
    assert fc.SCHAEFFER_FAMILIES_BENCHMARKS == (5, 12)
    # Ruan, Maddison, Hashimoto 2024, arXiv 2405.10938v3, abstract (arXiv HTML, opened through
    # the search tool): scaling laws built "from ~100 publically available models".
    assert fc.RUAN_N_MODELS == 100


# ------------------------------------------------------------------ the two steps


def test_fit_task_loss_recovers_a_known_law():
    truth = fc.TaskLossLaw(e_nats=0.5, a_nats=8.0, alpha=0.6)
    c = np.geomspace(1e8, 1e11, 12)
    law = fc.fit_task_loss(c, truth.predict(c))
    assert law.alpha == pytest.approx(0.6, rel=0.02)
    assert law.e_nats == pytest.approx(0.5, abs=0.02)
    assert law.predict(1e12) == pytest.approx(truth.predict(1e12), rel=0.02)


def _ladders_near_their_floor(n=40, seed=0):
    """Noise-free ladders whose last run is within 1% of the floor (issue 28, item 4)."""
    rng = np.random.default_rng(seed)
    c = np.geomspace(1e9, 1e12, 8)
    for _ in range(n):
        e, alpha = rng.uniform(0.5, 3.0), rng.uniform(0.3, 1.0)
        a = rng.uniform(0.001, 0.01) * e * (c[-1] / 1e9) ** alpha
        yield c, fc.TaskLossLaw(e, a, alpha)


def test_fit_task_loss_finds_a_floor_within_one_percent_of_the_last_run():
    # The old search stopped at 0.99 x the smallest loss: on these ladders it put E below
    # the truth (every one of them extrapolated below the true floor) and missed the
    # reducible loss at 10x the last compute by a median of 258%. Now: within 5%.
    for c, true in _ladders_near_their_floor():
        law = fc.fit_task_loss(c, true.predict(c))
        assert law.e_nats == pytest.approx(true.e_nats, rel=1e-3)
        target = c[-1] * 10
        reducible = true.predict(target) - true.e_nats
        assert abs(law.predict(target) - true.predict(target)) < 0.05 * reducible
        assert law.predict(c[-1] * 1e6) >= true.e_nats * (1 - 1e-4)


def test_fit_task_loss_warns_when_the_floor_is_the_smallest_loss():
    c = np.geomspace(1e9, 1e12, 4)
    with pytest.warns(RuntimeWarning, match="edge of the search"):
        law = fc.fit_task_loss(c, [1.0 + 1e-9, 1.0, 1.0, 1.0])
    assert law.e_nats <= 1.0
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fc.fit_task_loss(c, 0.5 + 3 * (c / 1e9) ** -0.5)  # an interior floor: no warning


def test_fit_task_loss_without_floor_is_a_straight_line():
    c = np.geomspace(1e8, 1e10, 6)
    law = fc.fit_task_loss(c, 10.0 * (c / 1e9) ** -0.5)
    assert law.e_nats == pytest.approx(0.0, abs=1e-3)
    assert law.a_nats == pytest.approx(10.0, rel=1e-3)


def test_fit_sigmoid_recovers_midpoint_and_slope():
    link = fc.SigmoidLink(midpoint=3.0, slope=-1.2, floor=0.25, ceiling=1.0)
    x = np.linspace(0, 8, 25)
    fit = fc.fit_sigmoid(x, link.predict(x), floor=0.25)
    assert fit.midpoint == pytest.approx(3.0, abs=1e-3)
    assert fit.slope == pytest.approx(-1.2, rel=1e-3)
    assert fit.predict(3.0) == pytest.approx(0.625)


def test_sigmoid_is_halfway_between_floor_and_ceiling_at_its_midpoint():
    link = fc.SigmoidLink(midpoint=2.0, slope=-3.0, floor=0.1, ceiling=0.9)
    assert link.predict(2.0) == pytest.approx(0.5)
    assert link.predict(-50.0) == pytest.approx(0.9)
    assert link.predict(50.0) == pytest.approx(0.1)


def _synthetic_ladder(noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    law = fc.TaskLossLaw(0.0, 12.0, 0.7)
    link = fc.SigmoidLink(3.0, -1.0)
    c = np.geomspace(1e8, 3e10, 14)
    loss = law.predict(c) * np.exp(rng.normal(0, noise, c.size))
    acc = np.clip(link.predict(loss) + rng.normal(0, noise, c.size), 0, 1)
    return c, loss, acc, law, link


def test_two_step_forecast_is_exact_when_the_model_is_right():
    c, loss, acc, law, link = _synthetic_ladder()
    f = fc.two_step_forecast(c[:10], loss[:10], acc[:10], c[10:], n_boot=50)
    assert np.allclose(f.point, link.predict(law.predict(c[10:])), atol=1e-3)
    assert np.allclose(f.loss_point, law.predict(c[10:]), rtol=1e-3)
    score = f.score(acc[10:])
    assert score.mean_abs_error < 1e-3 and score.coverage == 1.0
    assert f.n_failed == 0 and f.samples.shape == (50, 4)


def test_direct_forecast_uses_the_same_interface():
    c, loss, acc, *_ = _synthetic_ladder(noise=0.02)
    f = fc.direct_forecast(c[:10], acc[:10], c[10:], n_boot=100, level=0.8)
    assert f.method == "direct" and f.level == 0.8
    assert np.all(f.lower <= f.point + 1e-9) and np.all(f.point <= f.upper + 1e-9)
    assert f.loss_point is None


def test_bootstrap_intervals_widen_with_noise_and_are_reproducible():
    quiet = _synthetic_ladder(noise=0.005)
    loud = _synthetic_ladder(noise=0.05)
    fq = fc.two_step_forecast(quiet[0][:10], quiet[1][:10], quiet[2][:10], quiet[0][10:],
                              n_boot=100, seed=3)
    fl = fc.two_step_forecast(loud[0][:10], loud[1][:10], loud[2][:10], loud[0][10:],
                              n_boot=100, seed=3)
    assert np.mean(fl.upper - fl.lower) > np.mean(fq.upper - fq.lower)
    again = fc.two_step_forecast(loud[0][:10], loud[1][:10], loud[2][:10], loud[0][10:],
                                 n_boot=100, seed=3)
    assert np.array_equal(again.lower, fl.lower)


def test_link_runs_enter_step_two_only():
    c, loss, acc, law, link = _synthetic_ladder()
    # the fitted rungs only see the foot; link runs show the top of the sigmoid
    extra_loss = np.linspace(0.2, 3.0, 8)
    f = fc.two_step_forecast(c[:6], loss[:6], acc[:6], c[10:], n_boot=0,
                             link_loss_nats=extra_loss, link_accuracy=link.predict(extra_loss))
    assert np.allclose(f.point, link.predict(f.loss_point), atol=1e-3)
    with pytest.raises(ValueError, match="link_loss_nats and link_accuracy"):
        fc.two_step_forecast(c, loss, acc, c, link_loss_nats=extra_loss)


def test_backtest_walks_up_the_ladder_and_scores_every_split():
    c, loss, acc, *_ = _synthetic_ladder(noise=0.01)
    b = fc.backtest(c, loss, acc, n_ahead=3, min_fit=6, n_boot=30)
    assert b.n_fit.tolist() == [6, 7, 8, 9, 10, 11]
    assert b.target_rung[0].tolist() == [6, 7, 8] and b.target_rung[-1].tolist() == [11, 12, 13]
    assert b.truth.shape == b.point.shape == (6, 3)
    assert 0 <= b.coverage <= 1 and b.mean_abs_error < 0.3
    d = fc.backtest(c, loss, acc, method="direct", n_boot=30)
    assert d.method == "direct"
    with pytest.raises(ValueError, match="sorted"):
        fc.backtest(c[::-1], loss[::-1], acc[::-1])


def test_capability_scores_rise_with_every_benchmark():
    x = np.linspace(0, 1, 8)
    scores = np.column_stack([x, x ** 2, np.sqrt(x) * 0.5 + 0.1])
    pc = fc.capability_scores(scores)
    assert pc.shape == (8,) and np.all(np.diff(pc) > 0)
    with pytest.raises(ValueError, match="scores"):
        fc.capability_scores(np.ones((4, 2)))


@pytest.mark.parametrize("call,name", [
    (lambda: fc.fit_task_loss([1e9, 2e9, 4e9], [3.0, -1.0, 1.0]), "task_loss_nats"),
    (lambda: fc.fit_task_loss([1e9, 1e9, 1e9], [3.0, 2.0, 1.0]), "train_flops"),
    (lambda: fc.fit_sigmoid([1, 2, 3], [0.1, 1.2, 0.5]), "accuracy"),
    (lambda: fc.fit_sigmoid([1, 2, 3], [0.1, 0.2, 0.5], floor=1.2), "floor"),
    (lambda: fc.direct_forecast([1e9, 2e9, 4e9], [0.1, 0.2, 0.3], [8e9], level=1.0), "level"),
    (lambda: fc.direct_forecast([1e9, 2e9, 4e9], [0.1, 0.2, 0.3], [8e9], n_boot=-1),
     "n_boot"),
    (lambda: fc.two_step_forecast([1e9, 2e9], [3.0, 2.0], [0.1, 0.2], [8e9]), "train_flops"),
])
def test_bad_input_is_refused_by_name(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


# ------------------------------------------------------------------ the cached ladder

needs_ladder = pytest.mark.skipif(not (DATA_DIR / "task_ladder.json").exists(),
                                  reason="cached ladder not generated yet")


@needs_ladder
def test_ladder_split_holds_out_the_three_widest_models():
    sweep = load_task_sweep("ladder")
    n = sweep.pretrain_loss_nats.shape[0]
    split = fc.ladder_split(sweep)
    assert split.widths[split.held].tolist() == [90, 128, 181]
    assert split.accuracy.shape == (n, 14) and split.fit.sum() == 11
    c, loss, acc = split.fit_points()
    assert c.size == loss.size == acc.size == n * 11
    # step 2 may borrow the other training lengths, never the held-out widths
    assert split.link_accuracy.size == 2 * n * 11
    # one seed's runs only
    one = fc.ladder_split(sweep, seed=n - 1)
    assert one.accuracy.shape == (1, 14)
    assert np.array_equal(one.accuracy[0], split.accuracy[n - 1])
    with pytest.raises(ValueError, match="seed"):
        fc.ladder_split(sweep, seed=n)
    with pytest.raises(ValueError, match="max_fit_width"):
        fc.ladder_split(load_task_sweep("ladder"), max_fit_width=3)


@needs_ladder
def test_forecasts_of_the_cached_ladder_are_scored_against_the_held_out_truth():
    split = fc.ladder_split(load_task_sweep("ladder"))
    for method, link in (("direct", False), ("two_step", False), ("two_step", True)):
        f = fc.forecast_split(split, method, link=link, n_boot=20)
        s = f.score(split.truth())
        assert f.point.shape == (3,) and 0 <= s.mean_abs_error <= 1
    with pytest.raises(ValueError, match="link"):
        fc.forecast_split(split, "direct", link=True)


@needs_ladder
def test_errors_by_seed_fit_and_score_each_seed_on_its_own():
    sweep = load_task_sweep("ladder")
    n = sweep.pretrain_loss_nats.shape[0]
    for method, link in (("direct", False), ("two_step", False), ("two_step", True)):
        e = fc.held_out_errors_by_seed(sweep, method, link=link)
        assert e.shape == (n,) and np.all((e >= 0) & (e <= 1))
    split = fc.ladder_split(sweep, seed=0)
    f = fc.forecast_split(split, "direct", n_boot=0)
    first = fc.held_out_errors_by_seed(sweep, "direct")[0]
    assert first == pytest.approx(f.score(split.accuracy[0, split.held]).mean_abs_error)
    b = fc.backtest_errors_by_seed(sweep, "two_step", metric="per_digit_accuracy")
    assert b.shape == (n,) and np.all(b >= 0)


@needs_ladder
def test_onsets_are_interpolated_between_the_bracketing_rungs():
    sweep = load_task_sweep("ladder")
    sel = sweep.rung_tokens == 150_000
    em = sweep.metric("exact_match", 11, per_seed=True)[:, sel]
    pre = sweep.metric("pretrain_loss_nats", per_seed=True)[:, sel]
    onset = fc.onset_by_seed(sweep, 150_000)
    n_onset = fc.onset_by_seed(sweep, 150_000, x="n_params")
    for s in range(em.shape[0]):
        j = int(np.argmax(em[s] > 0.05))
        lo, hi = sorted((pre[s, j - 1], pre[s, j]))
        assert lo <= onset[s] <= hi
        assert sweep.rung_params[sel][j - 1] <= n_onset[s] <= sweep.rung_params[sel][j]
    # a ladder that never crosses the threshold has no onset
    assert np.all(np.isnan(fc.onset_by_seed(sweep, 50_000, threshold=0.999)))
    with pytest.raises(ValueError, match="tokens"):
        fc.onset_by_seed(sweep, 123)



def test_laws_print_as_a_reader_reads_them():
    law = fc.TaskLossLaw(0.0, 11.11925897923526, 0.5653392131448536)
    text = str(law)
    assert "E = 0 nats" in text and "A = 11.1 nats" in text and "α = 0.565" in text
    assert "C₀ = 10⁹ FLOPs" in text and "11.11925" not in text
    link = fc.SigmoidLink(2.5769364995633666, -0.602998108558064)
    text = str(link)
    assert "m = 2.58" in text and "s = −0.603" in text and "2.576936" not in text
    assert "exp(" in text
