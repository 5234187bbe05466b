"""Explorers and figures of chapter 6, "Test-time compute".

* :func:`coverage_explorer` — Beta-distributed difficulty, coverage vs k, the
  k^(−α) tail, and the unbiased vs plug-in estimators on a simulated sample.
* :func:`selection_explorer` — oracle (pass@k), majority vote and best-of-k
  with an imperfect verifier, for one problem's answer distribution.
* :func:`compute_matched_explorer` — the lab's models at equal FLOPs: a small
  model with k samples against a large model answering once.

``draw_lab_coverage`` and ``draw_lab_majority`` draw the lab experiment's figures.
"""

from __future__ import annotations

import functools

import ipywidgets as W
import numpy as np
from matplotlib.ticker import NullLocator
from scipy.stats import beta as beta_dist

from scaling_lib import test_time as tt
from scaling_lib._validate import as_int, as_positive
from scaling_lib.compute import inference_flops
from scaling_lib.plotting import PALETTE, loglog, new_figure, place_legend, sci
from scaling_lib.widgets.core import Explorer, log_slider, slider

_STYLE = {"description_width": "9em"}

#: Fixed margins and fixed-height titles for speed (see ``plotting.new_figure``).
_COVERAGE_MARGINS = {"left": 0.078, "right": 0.995, "bottom": 0.136, "top": 0.937,
                     "wspace": 0.192}
_SELECTION_MARGINS = {"left": 0.08, "right": 0.994, "bottom": 0.205, "top": 0.906}
_COMPUTE_MATCHED_MARGINS = {"left": 0.079, "right": 0.984, "bottom": 0.2, "top": 0.949}


def _int_slider(description, value, low, high, step=1):
    return W.IntSlider(value=value, min=low, max=high, step=step, description=description,
                       continuous_update=False, style=_STYLE)


# --------------------------------------------------------------------------------------
# Coverage
# --------------------------------------------------------------------------------------

_K_GRID = np.unique(np.round(np.geomspace(1, 10_000, 60)))


@functools.lru_cache(maxsize=64)
def _simulated_counts(alpha, beta, n, n_problems, seed):
    rng = np.random.default_rng(seed)
    p = rng.beta(alpha, beta, n_problems)
    return rng.binomial(n, p)


def draw_coverage(alpha=0.3, beta=2.0, k=16, n_samples=100, estimator="unbiased",
                  n_problems=200):
    """Coverage for success rates p ~ Beta(α, β): exact curve, k^(−α) tail, and estimates.

    Left: the density of p. Right: the failure rate 1 − coverage against k,
    exact (B(α, β + k)/B(α, β)), its tail Γ(α + β)/Γ(β)·k^(−α), and the
    estimate from a simulated benchmark (``n_problems`` problems, ``n_samples``
    samples each, seed 0) with the chosen estimator. Chapter 6.
    """
    a = as_positive("alpha", alpha, allow_array=False)
    b = as_positive("beta", beta, allow_array=False)
    n = as_int("n_samples", n_samples)
    k = min(as_int("k", k), n)
    if estimator not in ("unbiased", "plugin"):
        raise ValueError(f"estimator must be 'unbiased' or 'plugin', got {estimator!r}")
    fig, (ax0, ax1) = new_figure(2, width=8.6, height=3.7, margins=_COVERAGE_MARGINS)
    ps = np.geomspace(1e-4, 1 - 1e-4, 300)
    dens = beta_dist.pdf(ps, a, b)
    ax0.plot(ps, dens, color=PALETTE[0])
    ax0.set_xscale("log")
    ax0.set_yscale("log")
    ax0.set_ylim(max(float(dens.min()), 1e-6) / 2, float(dens.max()) * 2)
    ax0.xaxis.set_minor_locator(NullLocator())
    ax0.yaxis.set_minor_locator(NullLocator())
    ax0.set_xlabel("success rate of one sample, p")
    ax0.set_ylabel("density")
    ax0.set_title(f"difficulty: p ~ Beta({a:.2g}, {b:.2g})", fontsize=10, y=1.0)

    fail = tt.beta_failure(a, b, _K_GRID)
    tail = tt.beta_failure_tail(a, b, _K_GRID)
    ax1.plot(_K_GRID, fail, color=PALETTE[0], lw=2, label="exact, B(α, β+k)/B(α, β)")
    ax1.plot(_K_GRID, tail, color="#777777", ls="--", lw=1, label=f"tail ∝ k^(−{a:.2g})")
    counts = _simulated_counts(a, b, n, n_problems, 0)
    ks_est = np.unique(np.round(np.geomspace(1, n, 12))).astype(int)
    est = tt.coverage_curve(n, counts, ks_est, estimator=estimator)
    ax1.plot(ks_est, np.clip(1 - est, 1e-4, None), "o", ms=4, color=PALETTE[3],
             label=f"{estimator} estimate, {n_problems} problems × {n}")
    exact_k = float(tt.beta_coverage(a, b, k))
    est_k = float(tt.coverage_curve(n, counts, [k], estimator=estimator)[0])
    ax1.axvline(k, color=PALETTE[1], lw=1)
    ax1.set_ylim(max(1e-4, float(fail.min()) / 3), 1.5)
    loglog(ax1, xlabel="samples per problem k", ylabel="failure rate 1 − coverage")
    ax1.set_title(f"k = {k}: coverage {exact_k:.3f} (exact), {est_k:.3f} (estimate)",
                  fontsize=9, y=1.0)
    place_legend(ax1, fontsize=7)
    return fig


def coverage_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_coverage`: α, β, k, n and the estimator."""
    d = {"alpha": 0.3, "beta": 2.0, "k": 16, "n_samples": 100, "estimator": "unbiased"} | defaults
    controls = {
        "alpha": log_slider("α (left tail)", d["alpha"], 0.05, 5.0),
        "beta": log_slider("β", d["beta"], 0.1, 20.0),
        "k": _int_slider("k", d["k"], 1, 100),
        "n_samples": _int_slider("samples n", d["n_samples"], 1, 100),
        "estimator": W.Dropdown(options=["unbiased", "plugin"], value=d["estimator"],
                                description="estimator", style=_STYLE),
    }
    return Explorer(draw_coverage, controls, main="alpha")


# --------------------------------------------------------------------------------------
# Selection: oracle, majority vote, verifier
# --------------------------------------------------------------------------------------

_N_GRID = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)
_N_VERIFIER = np.unique(np.round(np.geomspace(1, 4096, 40)))


def selection_answer_probs(p_correct, p_top_wrong, n_other_wrong):
    """Answer distribution of the selection explorer: correct, a top wrong answer, the rest.

    The remaining mass 1 − p_correct − p_top_wrong is split evenly over
    ``n_other_wrong`` further wrong answers. Index 0 is the correct answer.
    """
    pc = float(p_correct)
    pw = float(p_top_wrong)
    m = as_int("n_other_wrong", n_other_wrong)
    rest = 1.0 - pc - pw
    if pc <= 0 or pw < 0 or rest < -1e-12:
        raise ValueError(f"p_correct and p_top_wrong must be non-negative with a sum of at most "
                         f"1, got {pc} and {pw}")
    return np.concatenate(([pc, pw], np.full(m, max(rest, 0.0) / m)))


def draw_selection(p_correct=0.3, p_top_wrong=0.2, n_other_wrong=8, separation=2.0,
                   wrong_spread=1.5):
    """Accuracy vs samples k for three ways of choosing one answer. Chapter 6.

    Oracle: any correct sample counts (pass@k). Majority vote: exact, for an
    answer distribution with the correct answer, one popular wrong answer and
    ``n_other_wrong`` equally likely others. Verifier: best-of-k under the toy
    score model of :func:`scaling_lib.test_time.best_of_n_accuracy`.
    """
    probs = selection_answer_probs(p_correct, p_top_wrong, n_other_wrong)
    ns = np.array(_N_GRID)
    oracle_n = _N_VERIFIER
    oracle = 1 - (1 - p_correct) ** oracle_n
    vote = tt.majority_vote_accuracy(probs, ns)  # one dynamic programme for every k
    verifier = tt.best_of_n_accuracy(p_correct, oracle_n, separation=separation,
                                     wrong_spread=wrong_spread)
    fig, ax = new_figure(width=7.0, height=4.4, margins=_SELECTION_MARGINS)
    ax.plot(oracle_n, oracle, color=PALETTE[7], lw=1.5, label="oracle verifier (pass@k)")
    ax.plot(oracle_n, verifier, color=PALETTE[2], lw=2,
            label=f"best-of-k, imperfect verifier (d = {separation:.2g}, "
                  f"wrong spread {wrong_spread:.2g})")
    ax.plot(ns, vote, "o-", color=PALETTE[3], ms=4, lw=1.5, label="majority vote (exact)")
    ax.axhline(p_correct, color="#999999", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.minorticks_off()  # as loglog(): minor ticks on a log axis are slow to redraw
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("samples per problem k")
    ax.set_ylabel("probability the chosen answer is correct")
    mode = "the correct answer is the mode" if p_correct > probs[1:].max() else \
        "a wrong answer is the mode: voting converges to it"
    peak = int(oracle_n[int(np.argmax(verifier))])
    ax.set_title(f"p = {p_correct:.2f}, top wrong {p_top_wrong:.2f}: {mode}\n"
                 f"verifier peaks at k = {peak} ({float(np.max(verifier)):.2f}), "
                 f"then {float(verifier[-1]):.2f} at k = {int(oracle_n[-1])}", fontsize=9,
                 y=1.0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8)
    return fig


def _top_wrong_positions(high: float) -> list[float]:
    """0, 0.05, ... up to ``high`` (and ``high`` itself)."""
    values = [round(0.05 * i, 2) for i in range(int(high / 0.05 + 1e-9) + 1)]
    return sorted({*values, round(high, 2)})


def selection_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_selection`."""
    d = {"p_correct": 0.3, "p_top_wrong": 0.2, "n_other_wrong": 8, "separation": 2.0,
         "wrong_spread": 1.5} | defaults
    controls = {
        "p_correct": slider("P(correct)", d["p_correct"], 0.02, 0.9, 0.01),
        # the main control; its frames run to 1 - P(correct) at the default P(correct)
        "p_top_wrong": W.SelectionSlider(
            options=[(f"{v:.2f}", v) for v in _top_wrong_positions(1 - d["p_correct"])],
            value=d["p_top_wrong"], description="P(top wrong)", continuous_update=False,
            style=_STYLE),
        "n_other_wrong": _int_slider("other wrong answers", d["n_other_wrong"], 1, 12),
        "separation": slider("verifier separation", d["separation"], 0.0, 5.0, 0.1),
        "wrong_spread": slider("wrong-score spread", d["wrong_spread"], 0.5, 3.0, 0.05),
    }

    # keep P(correct) + P(top wrong) <= 1: a higher P(correct) pulls P(top wrong) down to the
    # largest position that fits (observed before the explorer's own redraw)
    def _limit(change=None):
        room = 1 - controls["p_correct"].value + 1e-9
        if controls["p_top_wrong"].value > room:
            controls["p_top_wrong"].value = max(
                v for _, v in controls["p_top_wrong"].options if v <= room)
    controls["p_correct"].observe(_limit, names="value")
    return Explorer(draw_selection, controls, main="p_top_wrong")


# --------------------------------------------------------------------------------------
# Compute-matched comparison on the lab's models
# --------------------------------------------------------------------------------------


def draw_compute_matched(curves: tt.SamplingCurves, small_width=32, large_width=128,
                         selection="oracle", queries=1e9):
    """Accuracy against FLOPs per query for a small model with k samples and a large one.

    x: FLOPs per query = training FLOPs / ``queries`` + k · 2·N · tokens per
    answer. With many queries the training share vanishes and only inference
    counts. The small model's k samples are combined by ``selection``
    ("oracle": pass@k, "majority": majority vote); the large model answers
    once (greedy, and one sample at temperature 1). Chapter 6.
    """
    if selection not in ("oracle", "majority"):
        raise ValueError(f"selection must be 'oracle' or 'majority', got {selection!r}")
    q = as_positive("queries", queries, allow_array=False)
    if small_width >= large_width:
        raise ValueError(f"the small model must be smaller than the large one, got "
                         f"small_width={small_width}, large_width={large_width}")
    i_s, i_l = curves.index(small_width), curves.index(large_width)
    ks = curves.ks
    acc = curves.coverage if selection == "oracle" else curves.majority

    def cost(i, k):
        per = inference_flops(curves.n_params[i], curves.tokens_per_answer)
        return curves.train_flops[i] / q + np.asarray(k) * per

    fig, ax = new_figure(width=7.0, height=4.6, margins=_COMPUTE_MATCHED_MARGINS)
    for i, colour in ((i_s, PALETTE[0]), (i_l, PALETTE[3])):
        w = curves.widths[i]
        ax.plot(cost(i, ks), acc[i], "o-", ms=3, color=colour,
                label=f"width {w} (N = {int(curves.n_params[i]):,}), k samples, {selection}")
        ax.plot(cost(i, 1), curves.greedy[i], "*", ms=12, color=colour,
                label=f"width {w}, one greedy answer")
    big = cost(i_l, 1)
    ax.axvline(big, color="#999999", lw=0.8, ls=":")
    k_match = float((big - curves.train_flops[i_s] / q)
                    / inference_flops(curves.n_params[i_s], curves.tokens_per_answer))
    if k_match >= 1 and k_match <= ks.max():
        small_at = float(np.interp(np.log(k_match), np.log(ks), acc[i_s]))
        note = (f"equal FLOPs: width {curves.widths[i_s]} gets k = {k_match:.3g} samples "
                f"→ {small_at:.2f}\nvs {curves.greedy[i_l]:.2f} greedy for width "
                f"{curves.widths[i_l]}")
    elif k_match > ks.max():
        note = (f"equal FLOPs would allow k = {sci(k_match)} samples,\nbeyond the "
                f"{int(ks.max())} in the sweep")
    else:
        note = "the large model costs less than one small-model sample"
    ax.text(0.98, 0.04, note, transform=ax.transAxes, ha="right", fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    ax.set_xscale("log")
    ax.minorticks_off()
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("FLOPs per query (training / queries + inference)")
    ax.set_ylabel("accuracy")
    ax.set_title(f"addition task, {sci(q, 2)} queries share the training compute", fontsize=10,
                 y=1.0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=7.5)
    return fig


def compute_matched_explorer(curves: tt.SamplingCurves | None = None, **defaults) -> Explorer:
    """Explorer over :func:`draw_compute_matched` (loads the cached lab sweep by default)."""
    if curves is None:
        from scaling_lib.lab.task import load_task_sweep

        curves = tt.sampling_curves(load_task_sweep("sampling"), n_trials=30)
    widths = [int(w) for w in curves.widths]
    d = {"small_width": widths[0], "large_width": widths[-1], "selection": "oracle",
         "queries": 1e9} | defaults
    controls = {
        "small_width": W.Dropdown(options=widths[:-1], value=d["small_width"],
                                  description="small model", style=_STYLE),
        "large_width": W.Dropdown(options=[w for w in widths if w > d["small_width"]],
                                  value=d["large_width"], description="large model",
                                  style=_STYLE),
        "selection": W.Dropdown(options=["oracle", "majority"], value=d["selection"],
                                description="selection", style=_STYLE),
        "queries": log_slider("queries served", d["queries"], 1e2, 1e10, 0.1),
    }

    # the large model is always larger than the small one (observed before the redraw)
    def _larger(change=None):
        small, large = controls["small_width"].value, controls["large_width"]
        keep = large.value
        large.options = [w for w in widths if w > small]
        large.value = keep if keep in large.options else large.options[-1]
    controls["small_width"].observe(_larger, names="value")
    return Explorer(functools.partial(draw_compute_matched, curves), controls, main="queries")


# --------------------------------------------------------------------------------------
# Lab figures
# --------------------------------------------------------------------------------------


def draw_lab_coverage(curves: tt.SamplingCurves, fits: dict | None = None, live=None):
    """Failure rate 1 − coverage vs k for every lab model, with fitted laws and a live run.

    ``fits`` maps width to a :class:`~scaling_lib.test_time.CoverageLawFit`;
    ``live`` is an optional ``(width, ks, coverage)`` from a fresh run.
    """
    fig, (ax0, ax1) = new_figure(2, width=8.8, height=3.8)
    kk = np.geomspace(1, curves.ks.max(), 100)
    for i, w in enumerate(curves.widths):
        colour = PALETTE[i % len(PALETTE)]
        ax0.plot(curves.ks, curves.coverage[i], "o", ms=4, color=colour, label=f"width {w}")
        fail = 1 - curves.coverage[i]
        keep = fail > 1e-3
        ax1.plot(curves.ks[keep], fail[keep], "o", ms=4, color=colour, label=f"width {w}")
        if fits and w in fits:
            ax0.plot(kk, fits[w].predict(kk), "-", lw=1, color=colour)
            ax1.plot(kk, 1 - fits[w].predict(kk), "-", lw=1, color=colour)
    if live is not None:
        w, ks, cov = live
        ax0.plot(ks, cov, "x", ms=6, color="#000000", label=f"your run, width {w}")
        ax1.plot(ks, 1 - np.asarray(cov), "x", ms=6, color="#000000",
                 label=f"your run, width {w}")
    ax0.set_xscale("log")
    ax0.set_ylim(0, 1.02)
    ax0.set_xlabel("samples per problem k")
    ax0.set_ylabel("coverage (pass@k)")
    ax0.set_title("coverage; lines: exp(a·k^b) fits", fontsize=10)
    ax0.legend(loc="lower right", fontsize=7)
    loglog(ax1, xlabel="samples per problem k", ylabel="1 − coverage",
           title="failure rate on log-log axes")
    ax1.set_ylim(1e-3, 1.1)
    return fig


def draw_lab_majority(curves: tt.SamplingCurves, width: int, plateau: float | None = None):
    """Coverage, majority vote and greedy accuracy vs k for one lab model.

    ``plateau`` (optional): the fraction of problems whose correct answer is
    the most frequent one, where majority vote levels off as k grows.
    """
    i = curves.index(width)
    fig, ax = new_figure(width=6.4, height=3.8)
    ax.plot(curves.ks, curves.coverage[i], "o-", ms=4, color=PALETTE[0],
            label="coverage (oracle verifier)")
    ax.plot(curves.ks, curves.majority[i], "s-", ms=4, color=PALETTE[3], label="majority vote")
    ax.axhline(curves.greedy[i], color=PALETTE[2], ls="--", lw=1, label="one greedy answer")
    if plateau is not None:
        ax.axhline(plateau, color=PALETTE[3], ls=":", lw=1,
                   label="problems whose correct answer is the mode")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("samples per problem k")
    ax.set_ylabel("accuracy")
    ax.set_title(f"width {width}: selection, not generation, is the bottleneck", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    return fig
