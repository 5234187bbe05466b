"""Explorers of chapter 4, "Emergent abilities": the metric mirage and the test-set size."""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from scaling_lib import emergence as em
from scaling_lib._validate import as_int, as_positive
from scaling_lib.plotting import PALETTE, human_count, loglog, new_figure, place_legend
from scaling_lib.widgets.core import Explorer, log_slider, slider

#: The metrics the mirage explorer can show, with their axis labels.
MIRAGE_METRICS = {
    "exact match": "exact match, p^k",
    "token edit distance": "expected edit distance, k(1 − p) (tokens)",
    "per-token accuracy": "per-token accuracy, p = exp(−L)",
    "multiple-choice grade": "multiple-choice grade (4 options)",
    "Brier score": "Brier score (4 options; lower is better)",
}

_N_RANGE = (1e6, 1e12)
#: Model sizes of a hypothetical family, one per half decade, for the breakthroughness score.
FAMILY_PARAMS = np.logspace(6, 12, 13)

#: Fixed margins and fixed-height titles for speed (see ``plotting.new_figure``).
_MIRAGE_MARGINS = {"left": 0.072, "right": 0.978, "bottom": 0.131, "top": 0.89, "wspace": 0.161}
_RESOLUTION_MARGINS = {"left": 0.072, "right": 0.995, "bottom": 0.124, "top": 0.937,
                       "wspace": 0.206}


def _metric_values(metric: str, law, n_params, answer_tokens):
    c = em.mirage_curves(law, n_params, answer_tokens)
    return {
        "exact match": c.exact_match,
        "token edit distance": c.edit_distance_tokens,
        "per-token accuracy": c.token_accuracy,
        "multiple-choice grade": c.mc_grade,
        "Brier score": c.brier,
    }[metric]


def draw_mirage(scale_params=1e7, exponent=0.5, answer_tokens=10, metric="exact match",
                log_x=True):
    r"""Per-token loss :math:`L(N) = (N_c/N)^\alpha` (left) and one metric built from it (right).

    The right panel shows the chosen metric for answers of ``answer_tokens``
    tokens (thick) and, for exact match and edit distance, for a few other
    lengths (thin). The title scores the thick curve sampled at one model per
    half decade (the dots): BIG-bench's breakthroughness B and the course's
    extrapolation surprise S (falling metrics are negated first). Chapter 4,
    "Emergent abilities" (``schaeffer2023mirage``).
    """
    if metric not in MIRAGE_METRICS:
        raise ValueError(f"metric must be one of {sorted(MIRAGE_METRICS)}, got {metric!r}")
    law = em.token_loss_law(scale_params, exponent)
    k = as_int("answer_tokens", answer_tokens)
    n = np.geomspace(*_N_RANGE, 240)
    fig, (ax_l, ax_r) = new_figure(2, width=9.0, height=3.8, margins=_MIRAGE_MARGINS)

    loss = law.loss(n)
    ax_l.plot(n, loss, color=PALETTE[0], lw=2)
    loglog(ax_l, xlabel="parameters N", ylabel="per-token loss L (nats)",
           title=f"the cause: L(N) = ({human_count(scale_params)}/N)^{exponent:.2f}")
    ax_l.set_ylim(max(loss.min() * 0.5, 1e-5), max(loss.max() * 2, 2))
    p_mid = np.exp(-law.loss(1e9))
    ax_l.text(0.03, 0.05, f"per-token accuracy p = exp(−L)\n"
              f"at N = 1B: p = {p_mid:.3f}", transform=ax_l.transAxes, fontsize=8)

    others = [j for j in (1, 3, 30) if j != k] if metric in ("exact match",
                                                           "token edit distance") else []
    for j, c in zip(others, ("#bbbbbb", "#999999", "#777777"), strict=False):
        ax_r.plot(n, _metric_values(metric, law, n, j), color=c, lw=0.9, label=f"k = {j}")
    y = _metric_values(metric, law, n, k)
    ax_r.plot(n, y, color=PALETTE[3], lw=2.2, label=f"k = {k} tokens")
    if metric == "exact match":
        n50 = em.params_at_exact_match(law, k, 0.5)
        if _N_RANGE[0] <= n50 <= _N_RANGE[1]:
            ax_r.axvline(n50, color=PALETTE[3], ls="--", lw=0.9)
            # near the right edge, where the fixed margins would cut it off, the label goes
            # above the curve, left of the line
            at = np.log10(n50 / _N_RANGE[0]) / 6 if log_x else n50 / _N_RANGE[1]
            right = at > 0.75
            ax_r.annotate(f"50% at N = {human_count(n50)}", (n50, 0.5),
                          xytext=(-4, 6) if right else (4, -14), ha="right" if right else "left",
                          textcoords="offset points", fontsize=8, color=PALETTE[3])
    fam = _metric_values(metric, law, FAMILY_PARAMS, k)
    falling = metric in ("token edit distance", "Brier score")
    signed = -fam if falling else fam
    b = em.breakthroughness(signed)
    surprise = em.extrapolation_surprise(FAMILY_PARAMS, signed)
    ax_r.plot(FAMILY_PARAMS, fam, "o", ms=3.5, color=PALETTE[3])
    if log_x:
        ax_r.set_xscale("log")
        ax_r.minorticks_off()  # as loglog(): minor ticks on a log axis are slow to redraw
    ax_r.set_xlim(*_N_RANGE)
    ax_r.set_xlabel("parameters N" + ("" if log_x else " (linear axis)"))
    ax_r.set_ylabel(MIRAGE_METRICS[metric])
    b_text = "∞" if not np.isfinite(b) else f"{b:.1f}"
    ax_r.set_title(f"the metric: {metric}\n13 models (dots): B = {b_text}, "
                   f"surprise S = {surprise:.2f}", fontsize=9.5, y=1.0)
    ax_r.legend(loc="upper left" if not falling else "upper right", fontsize=8)
    return fig


def mirage_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_mirage`: N_c, α, answer length, metric, x-axis scale."""
    d = {"scale_params": 1e7, "exponent": 0.5, "answer_tokens": 10, "metric": "exact match",
         "log_x": True} | defaults
    controls = {
        "scale_params": log_slider("N_c (L = 1 nat)", d["scale_params"], 1e5, 1e10),
        "exponent": slider("exponent α", d["exponent"], 0.1, 1.0, 0.05),
        "answer_tokens": W.IntSlider(value=d["answer_tokens"], min=1, max=50,
                                     description="answer tokens k", continuous_update=False,
                                     style={"description_width": "9em"}),
        "metric": W.Dropdown(options=list(MIRAGE_METRICS), value=d["metric"],
                             description="metric", style={"description_width": "9em"}),
        "log_x": W.Checkbox(value=d["log_x"], description="log N axis"),
    }
    return Explorer(draw_mirage, controls, main="metric")


def draw_resolution(n_problems=100, answer_tokens=10, scale_params=1e7, exponent=0.5,
                  confidence=0.95, seed=0):
    r"""What a test set of ``n_problems`` sees of a smoothly rising exact match (a simulation).

    Left: the true exact match :math:`p^k` of the mirage model on a log axis,
    and the accuracy a test set of n problems measures at 25 model sizes
    (binomial draws, seeded); zero measurements sit on the floor of the plot.
    Below the shaded line, zero correct answers are still likely (probability
    above :math:`1 - c`). Right: problems needed to see at least one correct
    answer with probability ``confidence``, against the true accuracy.
    Chapter 4, "Emergent abilities".
    """
    n_prob = as_int("n_problems", int(round(as_positive("n_problems", n_problems,
                                                            allow_array=False))))
    k = as_int("answer_tokens", answer_tokens)
    seed = as_int("seed", seed, minimum=0)
    law = em.token_loss_law(scale_params, exponent)
    floor_acc = 1e-6
    fig, (ax_l, ax_r) = new_figure(2, width=9.0, height=3.8, margins=_RESOLUTION_MARGINS)

    n = np.geomspace(*_N_RANGE, 200)
    true = em.exact_match(np.exp(-law.loss(n)), k)
    ax_l.plot(n, np.maximum(true, floor_acc), color=PALETTE[0], lw=2, label="true exact match")
    sizes = np.geomspace(*_N_RANGE, 25)
    q = em.exact_match(np.exp(-law.loss(sizes)), k)
    rng = np.random.default_rng(seed)
    seen = rng.binomial(n_prob, q) / n_prob
    zero = seen == 0
    ax_l.plot(sizes[~zero], seen[~zero], "o", ms=4, color=PALETTE[3],
              label=f"measured on {n_prob:,} problems")
    ax_l.plot(sizes[zero], np.full(zero.sum(), floor_acc * 1.3), "v", ms=5, color=PALETTE[3],
              alpha=0.6, label="measured 0 (drawn at the floor)")
    blind = em.zero_correct_upper_bound(n_prob, confidence)
    # the band is named in the legend: a label inside it would not fit when it is thin
    ax_l.axhspan(floor_acc, blind, color="#dddddd", alpha=0.6, lw=0,
                 label=f"0 correct is plausible below {blind:.2g}")
    loglog(ax_l, xlabel="parameters N", ylabel=f"exact match, k = {k} tokens",
           title=f"{int(zero.sum())} of {sizes.size} models measure exactly 0")
    ax_l.set_ylim(floor_acc, 1.5)
    ax_l.set_xlim(*_N_RANGE)
    place_legend(ax_l, fontsize=7.5, locs=("lower right", "upper left", "center left"))

    acc = np.geomspace(1e-5, 0.5, 120)
    need = em.problems_to_detect(acc, confidence)
    ax_r.plot(acc, need, color=PALETTE[2], lw=2)
    ax_r.axhline(n_prob, color=PALETTE[3], ls="--", lw=1)
    q_min = float(acc[np.argmax(need <= n_prob)]) if np.any(need <= n_prob) else float("nan")
    # in the empty lower-left corner (the curve falls from the top left): never at the edge
    ax_r.text(0.03, 0.04, f"dashed: your {n_prob:,} problems see accuracies\nabove about "
              f"{q_min:.2g} ({confidence:.0%} of the time)", transform=ax_r.transAxes,
              fontsize=8, color=PALETTE[3], va="bottom")
    loglog(ax_r, xlabel="true accuracy q", ylabel="problems needed",
           title=f"n for ≥ 1 correct answer with probability {confidence:.0%}")
    return fig


def resolution_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_resolution`: test-set size, answer length, law, confidence."""
    d = {"n_problems": 100, "answer_tokens": 10, "scale_params": 1e7, "exponent": 0.5,
         "confidence": 0.95, "seed": 0} | defaults
    controls = {
        "n_problems": log_slider("test problems n", d["n_problems"], 10, 1e6, 0.1),
        "answer_tokens": W.IntSlider(value=d["answer_tokens"], min=1, max=50,
                                     description="answer tokens k", continuous_update=False,
                                     style={"description_width": "9em"}),
        "scale_params": log_slider("N_c (L = 1 nat)", d["scale_params"], 1e5, 1e10),
        "exponent": slider("exponent α", d["exponent"], 0.1, 1.0, 0.05),
        "confidence": slider("confidence", d["confidence"], 0.5, 0.99, 0.01),
        "seed": W.IntSlider(value=d["seed"], min=0, max=20, description="random seed",
                            continuous_update=False, style={"description_width": "9em"}),
    }
    return Explorer(draw_resolution, controls, main="n_problems")


def draw_task_sweep(sweep, answer_lengths=(2, 5, 8, 11), predict_from_digits=True):
    """The lab's emergence sweep: per-digit accuracy, log P(answer) and exact match against N.

    ``sweep`` is an :class:`~scaling_lib.lab.task.EmergenceSweep` (cached or live).
    With ``predict_from_digits``, the exact-match panel also shows the mirage
    model's prediction from the measured per-digit accuracy, :math:`p^k` (dashed).
    Chapter 4, "Emergent abilities".
    """
    ks = [as_int("answer_lengths", k) for k in answer_lengths]
    n = sweep.n_params
    fig, axes = new_figure(3, width=10.0, height=3.5)
    colours = [PALETTE[i] for i in (0, 2, 1, 3, 4, 5)]
    panels = (("per_digit_accuracy", "per-digit accuracy"),
              ("mean_logprob_nats", "log P(correct answer) (nats)"),
              ("exact_match", "exact match"))
    for ax, (metric, label) in zip(axes, panels, strict=True):
        for k, c in zip(ks, colours, strict=False):
            y = sweep.at_length(metric, k)
            ax.plot(n, y, "o-", ms=3, lw=1.5, color=c, label=f"k = {k}")
            if metric == "exact_match" and predict_from_digits:
                ax.plot(n, sweep.at_length("per_digit_accuracy", k) ** k, "--", lw=1,
                        color=c)
        ax.set_xscale("log")
        ax.set_xlabel("parameters N")
        ax.set_title(label, fontsize=10)
    axes[0].legend(title="answer digits", fontsize=8, title_fontsize=8, loc="upper left")
    if predict_from_digits:
        axes[2].text(0.03, 0.97, "dashed: (per-digit accuracy)^k", transform=axes[2].transAxes,
                     fontsize=7.5, va="top", color="#555555")
    return fig
