"""Explorers and figures of chapter 3, "When data runs out".

- :func:`effective_data_explorer` — unique tokens, epochs and R_D* → effective data D' and the
  predicted loss of repeated versus fresh data (``muennighoff2023scaling``).
- :func:`constrained_allocation_explorer` — a compute budget and a cap on unique tokens →
  the optimal N, D and epochs, and the loss penalty against the uncapped optimum.
- :func:`draw_data_wall` and :func:`draw_repetition_lab` — the chapter's static figures.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from scaling_lib import data_limits as dl
from scaling_lib import models
from scaling_lib._validate import as_positive
from scaling_lib.laws import MUENNIGHOFF_2023, compute_optimal
from scaling_lib.plotting import PALETTE, human_count, loglog, new_figure, place_legend, sci
from scaling_lib.widgets.core import Explorer, log_slider, slider

_BOX = {"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"}

#: Fixed margins and fixed-height titles for speed (see ``plotting.new_figure``).
_EFFECTIVE_DATA_MARGINS = {"left": 0.064, "right": 0.995, "bottom": 0.129, "top": 0.938,
                           "wspace": 0.181}
_ALLOCATION_MARGINS = {"left": 0.062, "right": 0.995, "bottom": 0.129, "top": 0.94,
                       "wspace": 0.169}


def draw_effective_data(unique_tokens=100e9, epochs=4.0, params=10e9,
                        r_d_star=MUENNIGHOFF_2023.r_d_star):
    """Effective data D' and predicted loss for ``unique_tokens`` repeated ``epochs`` times.

    Left: D' against the tokens trained on (fresh data: D' = D; the ceiling U·(1 + R_D*)).
    Right: the data-constrained law's loss for a model of ``params`` parameters, repeated
    pool versus the same number of fresh tokens. Chapter 3, "When data runs out".
    """
    unique_tokens = float(as_positive("unique_tokens", unique_tokens, allow_array=False))
    params = float(as_positive("params", params, allow_array=False))
    epochs = float(dl._epochs(epochs))
    law = dl.with_r_d_star(r_d_star)
    e = np.geomspace(1, 128, 60)
    tokens = e * unique_tokens
    d_eff = unique_tokens * dl.effective_epochs(e, law.r_d_star)
    fig, (ax1, ax2) = new_figure(2, width=9.0, height=3.9, margins=_EFFECTIVE_DATA_MARGINS)
    ax1.plot(e, e, color="#999999", ls="--", lw=1, label="fresh data: D' = D")
    ax1.plot(e, d_eff / unique_tokens, color=PALETTE[0], lw=2, label="repeated pool")
    ax1.axhline(1 + law.r_d_star, color=PALETTE[3], lw=1, ls=":",
                label=f"ceiling 1 + R*_D = {1 + law.r_d_star:.1f}")
    here = float(dl.effective_epochs(epochs, law.r_d_star))
    ax1.plot([epochs], [here], "o", color=PALETTE[3], zorder=3)
    loglog(ax1, xlabel="epochs over the pool (D / U)", ylabel="effective epochs D' / U",
           title="What repeated data is worth")
    ax1.legend(loc="upper left", fontsize=8)

    rep = law.loss(params, tokens, unique_tokens)
    fresh = law.loss(params, tokens, tokens)
    ax2.plot(e, fresh, color="#999999", ls="--", lw=1, label="fresh tokens")
    ax2.plot(e, rep, color=PALETTE[0], lw=2, label=f"{human_count(unique_tokens)} unique, repeated")
    l_rep = float(law.loss(params, epochs * unique_tokens, unique_tokens))
    l_fresh = float(law.loss(params, epochs * unique_tokens, epochs * unique_tokens))
    ax2.plot([epochs], [l_rep], "o", color=PALETTE[3], zorder=3)
    ax2.set_xscale("log")
    ax2.minorticks_off()  # as loglog(): minor ticks on a log axis are slow to redraw
    ax2.set_xlabel("epochs over the pool (D / U)")
    ax2.set_ylabel("predicted loss (nats/token)")
    ax2.set_title(f"N = {human_count(params)} parameters", fontsize=10, y=1.0)
    place_legend(ax2, fontsize=8)
    text = (f"{epochs:.1f} epochs of {human_count(unique_tokens)}:\n"
            f"D = {human_count(epochs * unique_tokens)}, D' = {human_count(here * unique_tokens)}"
            f" ({here / epochs:.0%} of fresh)\n"
            f"loss {l_rep:.3f} vs {l_fresh:.3f} fresh (+{l_rep - l_fresh:.4f})")
    ax2.text(0.03, 0.04, text, transform=ax2.transAxes, fontsize=8, va="bottom", bbox=_BOX)
    return fig


def effective_data_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_effective_data`."""
    d = {"unique_tokens": 100e9, "epochs": 4.0, "params": 10e9,
         "r_d_star": MUENNIGHOFF_2023.r_d_star} | defaults
    controls = {
        "unique_tokens": log_slider("unique tokens U", d["unique_tokens"], 1e9, 1e13),
        "epochs": log_slider("epochs D/U", d["epochs"], 1, 128),
        "params": log_slider("parameters N", d["params"], 1e8, 1e12),
        "r_d_star": slider("R*_D", d["r_d_star"], 0.5, 60, 0.1),
    }
    return Explorer(draw_effective_data, controls, main="epochs")


@lru_cache(maxsize=64)
def _best_loss_by_budget(cap: float):
    """Budgets, and the uncapped and capped optimal loss at each: a function of the cap only.

    Cached, so that moving the compute slider does not repeat 29 constrained optimisations.
    """
    budgets = np.geomspace(1e20, 1e27, 29)
    n_free, d_free = compute_optimal(MUENNIGHOFF_2023.base_law, budgets)
    free_loss = MUENNIGHOFF_2023.base_law.loss(n_free, d_free)
    capped_loss = np.array([dl.constrained_optimum(c, cap, grid_points=41).loss
                            for c in budgets])
    for a in (budgets, free_loss, capped_loss):
        a.setflags(write=False)
    return budgets, free_loss, capped_loss


def draw_constrained_allocation(flops=1e23, unique_tokens=100e9):
    """IsoFLOP loss with and without a cap on unique tokens, and the optimum's epochs by budget.

    Chapter 3, "When data runs out" (law: ``muennighoff2023scaling``).
    """
    flops = float(as_positive("flops", flops, allow_array=False))
    cap = float(as_positive("unique_tokens", unique_tokens, allow_array=False))
    a = dl.constrained_optimum(flops, cap, grid_points=121)
    fig, (ax1, ax2) = new_figure(2, width=9.0, height=3.9, margins=_ALLOCATION_MARGINS)
    n = np.geomspace(a.unconstrained_params / 30, a.unconstrained_params * 30, 80)
    _, capped = dl.isoflop_losses(flops, n, cap)
    _, free = dl.isoflop_losses(flops, n, np.inf)
    ax1.plot(n, free, color="#999999", ls="--", lw=1, label="no cap on unique tokens")
    ax1.plot(n, capped, color=PALETTE[0], lw=2, label=f"cap U = {human_count(cap)}")
    ax1.plot([a.unconstrained_params], [a.unconstrained_loss], "s", color="#666666", zorder=3)
    ax1.plot([a.params], [a.loss], "o", color=PALETTE[3], zorder=3)
    ax1.set_xscale("log")
    ax1.minorticks_off()  # as loglog(): minor ticks on a log axis are slow to redraw
    lo = min(a.unconstrained_loss, a.loss)
    ax1.set_ylim(lo - 0.12, lo + 0.35)
    ax1.set_xlabel("parameters N (D = C / 6N)")
    ax1.set_ylabel("predicted loss (nats/token)")
    ax1.set_title(f"IsoFLOP at C = {sci(flops, 2)} FLOPs", fontsize=10, y=1.0)
    place_legend(ax1, fontsize=8)
    text = (f"capped: N = {human_count(a.params)}, D = {human_count(a.tokens)}, "
            f"{a.epochs:.1f} epochs\n"
            f"uncapped: N = {human_count(a.unconstrained_params)}, "
            f"D = {human_count(a.unconstrained_tokens)}\n"
            f"penalty {a.loss_penalty:.4f} nats")
    ax1.text(0.03, 0.03, text, transform=ax1.transAxes, fontsize=8, va="bottom", bbox=_BOX)

    budgets, free_loss, capped_loss = _best_loss_by_budget(cap)
    ax2.plot(budgets, free_loss, color="#999999", ls="--", lw=1, label="uncapped optimum")
    ax2.plot(budgets, capped_loss, color=PALETTE[0], lw=2, label="capped optimum")
    floor = float(dl.loss_floor(cap))
    ax2.axhline(floor, color=PALETTE[3], lw=1, ls=":",
                label=f"floor with {human_count(cap)} unique")
    ax2.plot([flops], [a.loss], "o", color=PALETTE[3], zorder=3)
    ax2.set_xscale("log")
    ax2.minorticks_off()
    ax2.set_xlabel("training compute C (FLOPs)")
    ax2.set_ylabel("predicted loss (nats/token)")
    ax2.set_title("Best loss for each budget", fontsize=10, y=1.0)
    place_legend(ax2, fontsize=8)
    return fig


def constrained_allocation_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_constrained_allocation`."""
    d = {"flops": 1e23, "unique_tokens": 100e9} | defaults
    controls = {
        "flops": log_slider("compute C (FLOPs)", d["flops"], 1e20, 1e27),
        "unique_tokens": log_slider("unique tokens U", d["unique_tokens"], 1e9, 1e14),
    }
    return Explorer(draw_constrained_allocation, controls, main="unique_tokens")


def draw_data_wall(stock=dl.VILLALOBOS_2024, laws=()):
    """Compute-optimal training tokens against compute, next to the estimated stock of text.

    ``laws`` are (label, Chinchilla-form law) pairs drawn beside the 20-tokens-per-parameter
    rule of thumb; published models are dots. Chapter 3, "When data runs out".
    """
    c = np.geomspace(1e21, 1e30, 60)
    fig, ax = new_figure(width=7.0, height=4.2)
    ax.axhspan(stock.low_tokens, stock.high_tokens, color=PALETTE[1], alpha=0.2,
               label=f"stock of public text, {stock.interval}")
    ax.axhline(stock.central_tokens, color=PALETTE[1], lw=1.5)
    ax.plot(c, dl.rule_of_thumb_tokens(c), color=PALETTE[0], lw=2,
            label="D = 20 N (rule of thumb)")
    for i, (label, law) in enumerate(laws):
        ax.plot(c, law.compute_optimal(c)[1], color=PALETTE[[2, 4, 5][i % 3]], lw=1.6,
                ls=["--", ":", "-."][i % 3], label=label)
    ms = models.MODELS
    ax.scatter([m.flops_6nd for m in ms], [m.tokens for m in ms], s=12, color="#333333",
               zorder=3, label="published models (6ND, D)")
    loglog(ax, xlabel="training compute C (FLOPs)", ylabel="training tokens D",
           title="Compute-optimal data versus the estimated stock of text")
    ax.set_ylim(1e10, 1e16)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def draw_repetition_lab(fit, fresh_tokens=None, fresh_losses=None, title=""):
    """Loss against epochs for repeated lab runs, fresh-data runs and the fitted form.

    ``fit`` is a :class:`scaling_lib.data_limits.RepetitionFit`. Left: loss against the
    epochs; right: measured effective epochs D'/U against the fitted form and the form with
    the published R_D* = 15.4.
    """
    e = fit.epochs
    order = np.argsort(e)
    fig, (ax1, ax2) = new_figure(2, width=9.0, height=3.9)
    ax1.plot(e[order], fit.losses[order], "o-", color=PALETTE[0], label="repeated pool (measured)")
    ee = np.geomspace(1, e.max(), 80)
    if np.ptp(fit.tokens) == 0:  # fixed total tokens D, pools of D / epochs unique tokens
        pools = fit.tokens[0] / ee
    else:  # one pool of U unique tokens, repeated
        pools = np.full(ee.shape, fit.unique_tokens[0])
    if fresh_tokens is not None:
        ft, fl = np.asarray(fresh_tokens, float), np.asarray(fresh_losses, float)
        ax1.plot(ft / fit.unique_tokens[0], fl, "s--", color="#777777", ms=4,
                 label="fresh data, same tokens")
    ax1.plot(ee, fit.fresh.loss(pools * dl.effective_epochs(ee, fit.r_d_star)), color=PALETTE[3],
             lw=1, label=f"form, fitted R*_D = {fit.r_d_star:.2g}")
    ax1.set_xscale("log")
    ax1.set_xlabel("epochs over the unique pool")
    ax1.set_ylabel("loss (nats/token)")
    if title:
        ax1.set_title(title, fontsize=10)
    ax1.legend(loc="best", fontsize=8)

    meas = fit.measured_effective_epochs
    ax2.plot(e[order], meas[order], "o", color=PALETTE[0], label="measured D'/U (lab)")
    ax2.plot(ee, dl.effective_epochs(ee, fit.r_d_star), color=PALETTE[3], lw=1.5,
             label=f"fitted R*_D = {fit.r_d_star:.2g}")
    ax2.plot(ee, dl.effective_epochs(ee, MUENNIGHOFF_2023.r_d_star), color="#999999", ls="--",
             lw=1, label=f"published R*_D = {MUENNIGHOFF_2023.r_d_star:.1f}")
    ax2.plot(ee, ee, color="#cccccc", lw=1, ls=":", label="fresh data")
    ax2.axhline(1, color="#bbbbbb", lw=0.8)
    loglog(ax2, xlabel="epochs over the unique pool", ylabel="effective epochs D' / U")
    ax2.legend(loc="upper left", fontsize=8)
    return fig
