"""Explorers and figures of chapter 8, "Hyperparameters across scale".

* :func:`lr_width_explorer` — the lab's learning-rate landscape at four widths, under the
  standard parametrisation or μP (the switch), with the optimum against width.
* :func:`critical_batch_explorer` — steps and tokens to a target loss against batch size,
  the fitted hyperbola of McCandlish et al. and a chosen batch on it.
* :func:`schedule_explorer` — cosine runs of several lengths against one WSD run with
  cooldowns branched off it; the cooldown fraction sets the family's compute.

``draw_budget_optima`` and ``draw_wsd_lab`` draw the other lab figures.
"""

from __future__ import annotations

import functools
import math

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from scaling_lib import hyperparameters as hp
from scaling_lib._validate import as_choice, as_fraction, as_int, as_positive, check_type
from scaling_lib.lab.hyper import HyperConfig
from scaling_lib.plotting import PALETTE, loglog, new_figure, place_legend
from scaling_lib.widgets.core import Explorer, slider

_STYLE = {"description_width": "9em"}
_TWO = {"left": 0.085, "right": 0.985, "bottom": 0.15, "top": 0.9, "wspace": 0.3}
_NAMES = {"sp": "standard parametrisation", "mup": "μP"}
#: Where the schedule explorer's cosine ends, as a fraction of the peak: where the lab's
#: cosine runs end (``HyperConfig.final_lr_fraction``, 10%, the usual choice for language
#: models).
COSINE_FLOOR = HyperConfig.final_lr_fraction


def _sweep(name):
    from scaling_lib.lab.sweep import load_sweep

    return load_sweep(name)


def _log_ticks(ax, axis, values):
    values = sorted(set(values))
    getattr(ax, f"set_{axis}ticks")(values)
    getattr(ax, f"set_{axis}ticklabels")([f"{v:,g}" for v in values])


# --------------------------------------------------------------- learning rate vs width
def draw_lr_width(table, parametrization: str = "sp", seeds: str = "mean", *,
                  optima: dict | None = None):
    """Left: final loss against peak learning rate at each width (``seeds``: "mean" of the
    seeds, or one seed as "seed 0" / "seed 1"), each width's optimum starred. Right: optimal
    learning rate against width for both parametrisations, with the fitted slopes
    (``optima``: the table's :func:`~scaling_lib.hyperparameters.lr_width_optima`, computed
    if not given).

    The optima are those of the text and the right panel: each seed's rate from a parabola
    through its best grid point and the two neighbours
    (:func:`~scaling_lib.hyperparameters.optimal_learning_rate`), and for "mean" their
    geometric mean over the seeds; a star sits on the curve at that rate. Chapter 8."""
    as_choice("parametrization", parametrization, ("sp", "mup"))
    if optima is None:
        optima = hp.lr_width_optima(table)
    check_type("optima", optima, dict, "lr_width_optima(table)")
    fig, (ax0, ax1) = new_figure(2, width=9.0, height=3.7, margins=_TWO)
    rows = table.rows
    seed_values = sorted({r["seed"] for r in rows})
    keep = None
    if seeds != "mean":
        as_choice("seeds", seeds, ["mean"] + [f"seed {i}" for i in range(len(seed_values))])
        keep = seed_values[int(seeds.split()[1])]
        from scaling_lib.lab.sweep import SweepTable

        table = SweepTable(table.name, [r for r in rows if r["seed"] == keep], table.meta)
    curves = hp.lr_width_curves(table, parametrization)
    o = optima[parametrization]
    for i, (w, (lrs, loss)) in enumerate(curves.items()):
        colour = PALETTE[i % 7]
        ax0.plot(lrs, loss, "o-", color=colour, ms=3.5, label=f"width {w}")
        mine = (o["widths"] == w) & ((o["seeds"] == keep) if keep is not None else True)
        if not mine.any():
            continue
        best = float(np.exp(np.mean(np.log(o["lr_opt"][mine]))))
        ok = np.isfinite(loss)
        at = float(np.interp(np.log(best), np.log(lrs[ok]), loss[ok]))
        ax0.plot(best, at, "*", color=colour, ms=11, mec="k", mew=0.5,
                 label="optimum η*" if i == len(curves) - 1 else None)
    ax0.set_xscale("log")
    all_lrs = sorted({r["peak_lr"] for r in rows})
    _log_ticks(ax0, "x", all_lrs[::2])
    finite = [v for _, (_, loss) in curves.items() for v in loss if np.isfinite(v)]
    lo = min(finite)
    ax0.set_ylim(lo - 0.01, lo + 0.12)
    ax0.set_xlabel("peak learning rate η")
    ax0.set_ylabel("final loss (nats)")
    which = (f"mean of {len(seed_values)} seeds" if keep is None
             else f"{seeds} of {len(seed_values)}")
    ax0.set_title(f"{_NAMES[parametrization]}, {which}", fontsize=10)
    place_legend(ax0, fontsize=7, prefer="upper left")
    ax0.grid(True, color="#dddddd", linewidth=0.6)
    for k, p in enumerate(("sp", "mup")):
        o = optima[p]
        ws = np.unique(o["widths"])
        mean = np.array([np.exp(np.mean(np.log(o["lr_opt"][o["widths"] == w]))) for w in ws])
        ax1.plot(o["widths"], o["lr_opt"], "o", color=PALETTE[3 * k], alpha=0.35, ms=4)
        fit = o["fit"]
        ax1.plot(ws, fit.predict(ws), "-", color=PALETTE[3 * k],
                 lw=2.5 if p == parametrization else 1.2,
                 label=f"{_NAMES[p]}: slope {fit.exponent:+.2f}")
        ax1.plot(ws, mean, "s", color=PALETTE[3 * k], ms=5,
                 label="geometric mean over seeds" if k == 1 else None)
    loglog(ax1, xlabel="width h", ylabel="optimal learning rate η*")
    _log_ticks(ax1, "x", [int(w) for w in np.unique(optima["sp"]["widths"])])
    ys = np.concatenate([optima[p]["lr_opt"] for p in optima])
    _log_ticks(ax1, "y", [v for v in all_lrs if ys.min() / 2.5 <= v <= ys.max() * 2.5])
    ax1.set_ylim(ys.min() / 2.5, ys.max() * 2.5)
    ax1.set_title("log η* against log h", fontsize=10)
    place_legend(ax1, fontsize=7, prefer="lower left")
    return fig


def lr_width_explorer(table=None, **defaults) -> Explorer:
    """Explorer over :func:`draw_lr_width`; the parametrisation switch carries the point."""
    if table is None:
        table = _sweep("lr_width")
    n_seeds = len({r["seed"] for r in table.rows})
    d = {"parametrization": "sp", "seeds": "mean"} | defaults
    controls = {
        "parametrization": W.Dropdown(options=[("standard", "sp"), ("μP", "mup")],
                                      value=d["parametrization"],
                                      description="parametrisation", style=_STYLE),
        "seeds": W.Dropdown(options=["mean"] + [f"seed {i}" for i in range(n_seeds)],
                            value=d["seeds"], description="seeds", style=_STYLE),
    }
    draw = functools.partial(draw_lr_width, table, optima=hp.lr_width_optima(table))
    return Explorer(draw, controls, main="parametrization")


# ---------------------------------------------------------------------- critical batch
def draw_critical_batch(targets: dict, target: str, batch_size: float = 256.0, *,
                        fits: dict | None = None):
    """Left: steps to ``target`` against batch size with the fitted S = S_min(1 + B_crit/B).
    Right: the same runs as tokens against steps, the trade-off hyperbola
    (S/S_min − 1)(E/E_min − 1) = 1, and the chosen batch on it. ``targets`` is
    :func:`scaling_lib.hyperparameters.batch_targets` of the sweep; ``fits`` maps a target
    to its :func:`~scaling_lib.hyperparameters.fit_critical_batch` (fitted if absent).
    Chapter 8."""
    check_type("targets", targets, dict, "batch_targets(load_sweep('batch_size'))")
    if target not in targets:
        raise ValueError(f"target must be one of {sorted(targets)}, got {target!r}")
    b_now = as_positive("batch_size", batch_size, allow_array=False)
    d = targets[target]
    fit = (fits or {}).get(target) or hp.fit_critical_batch(d["batch_sizes"], d["steps"],
                                                            n_boot=0)
    fig, (ax0, ax1) = new_figure(2, width=9.0, height=3.7, margins=_TWO)
    # the curves span the runs and the chosen batch, with room either side
    bs = np.geomspace(min(d["batch_sizes"].min(), b_now) / 2,
                      max(d["batch_sizes"].max(), b_now) * 2, 100)
    s_now = float(fit.predict_steps(b_now))
    e_now = float(hp.examples_to_target(b_now, fit.s_min, fit.e_min))
    ax0.plot(d["batch_sizes"], d["steps"], "o", color=PALETTE[0], label="lab runs")
    ax0.plot(bs, fit.predict_steps(bs), "-", color=PALETTE[1],
             label=f"fit, B_crit ≈ {fit.b_crit:,.0f}")
    ax0.axhline(fit.s_min, color="#999999", ls=":", lw=1)
    ax0.axvline(fit.b_crit, color=PALETTE[1], ls=":", lw=1)
    ax0.plot(b_now, s_now, "*", color=PALETTE[3], ms=13, mec="k", mew=0.5,
             label=f"B = {b_now:,.0f}")
    loglog(ax0, xlabel="batch size B (tokens)", ylabel="steps S to the target")
    _log_ticks(ax0, "x", [int(b) for b in d["batch_sizes"][::2]])
    place_legend(ax0, fontsize=7, prefer="lower left")
    ax0.set_title(f"target loss {target} nats", fontsize=10)
    s_curve = fit.predict_steps(bs)
    e_curve = hp.examples_to_target(bs, fit.s_min, fit.e_min)
    ax1.plot(d["steps"], d["tokens"], "o", color=PALETTE[0])
    ax1.plot(s_curve, e_curve, "-", color=PALETTE[1])
    ax1.plot(s_now, e_now, "*", color=PALETTE[3], ms=13, mec="k", mew=0.5)
    loglog(ax1, xlabel="steps S", ylabel="tokens E = B·S")
    _log_ticks(ax1, "y", _decade_marks(e_curve))
    _log_ticks(ax1, "x", _decade_marks(s_curve))
    for ax, xs, ys in ((ax0, bs, fit.predict_steps(bs)), (ax1, s_curve, e_curve)):
        _pad_log_limits(ax, xs, ys)
    ax1.set_title(f"B = {b_now:,.0f}: {s_now / fit.s_min:.2f}·S_min steps, "
                  f"{e_now / fit.e_min:.2f}·E_min tokens", fontsize=9.5)
    return fig


def _pad_log_limits(ax, xs, ys, factor: float = 1.25) -> None:
    """Log axes that hold ``xs`` and ``ys`` with a margin, so no marker sits on an edge."""
    ax.set_xlim(float(np.min(xs)) / factor, float(np.max(xs)) * factor)
    ax.set_ylim(float(np.min(ys)) / factor, float(np.max(ys)) * factor)


def _decade_marks(values):
    lo, hi = float(np.min(values)), float(np.max(values))
    marks = [m * 10.0**k for k in range(int(math.floor(math.log10(lo))),
                                         int(math.ceil(math.log10(hi))) + 1)
             for m in (1, 2, 5)]
    inside = [v for v in marks if lo <= v <= hi]
    return inside if len(inside) >= 2 else [lo, hi]


def critical_batch_explorer(table=None, **defaults) -> Explorer:
    """Explorer over :func:`draw_critical_batch`: which target loss, and a batch size."""
    if table is None:
        table = _sweep("batch_size")
    targets = hp.batch_targets(table)
    keys = list(targets)
    d = {"target": keys[-1], "batch_size": 256} | defaults
    # batches of 16 to 8,192 tokens in powers of two, as the sweep's own batch sizes
    batches = [2**k for k in range(4, 14)]
    if d["batch_size"] not in batches:
        batches = sorted(set(batches) | {int(round(as_positive("batch_size", d["batch_size"],
                                                               allow_array=False)))})
    controls = {
        "target": W.Dropdown(options=keys, value=d["target"], description="target loss",
                             style=_STYLE),
        "batch_size": W.SelectionSlider(options=[(f"{b:,}", b) for b in batches],
                                        value=int(round(d["batch_size"])),
                                        description="batch size B (tokens)",
                                        continuous_update=False, style=_STYLE),
    }
    fits = {t: hp.fit_critical_batch(d["batch_sizes"], d["steps"], n_boot=0)
            for t, d in targets.items()}
    return Explorer(functools.partial(draw_critical_batch, targets, fits=fits), controls,
                    main="target")


# ------------------------------------------------------------------------- schedules
def draw_schedules(cooldown_fraction: float = 0.2, n_lengths: int = 6):
    """Learning rate against tokens: separate cosine runs of lengths D, 2D, … (left) and one
    constant-rate run with a linear cooldown branched off at each length (right), with the
    family's compute as a fraction of the separate runs'. Chapter 8."""
    f = as_fraction("cooldown_fraction", cooldown_fraction, allow_zero=True,
                    allow_array=False)
    n = as_int("n_lengths", n_lengths, maximum=12)
    lengths = np.arange(1, n + 1, dtype=float)
    fig, (ax0, ax1) = new_figure(2, width=9.0, height=3.4, margins=_TWO)
    # one colour per length, none of them the black of the shared run
    colours = plt.get_cmap("viridis")(np.linspace(0.0, 0.85, n))
    for i, d in enumerate(lengths):
        t = np.linspace(0, d, 200)
        warm = 0.05
        cos = np.where(t < warm, t / warm, COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (
            1 + np.cos(np.pi * np.clip((t - warm) / (d - warm), 0, 1))))
        ax0.plot(t, cos, color=colours[i], lw=1.2)
        start = (1 - f) * d
        tt = np.linspace(start, d, 50)
        ax1.plot(tt, 1 - (tt - start) / max(f * d, 1e-9), color=colours[i], lw=1.2)
    t = np.linspace(0, (1 - f) * lengths[-1], 100)
    ax1.plot(t, np.minimum(1.0, t / 0.05), color="k", lw=2, label="shared constant-rate run")
    ax0.axhline(COSINE_FLOOR, color="#999999", ls=":", lw=1)
    ax0.annotate(f"cosine floor, {COSINE_FLOOR:.0%} of peak", (lengths[-1], COSINE_FLOOR),
                 xytext=(0, 3), textcoords="offset points", ha="right", va="bottom",
                 fontsize=7, color="#666666")
    frac = hp.wsd_compute_fraction(lengths, f)
    ax0.set_title(f"{n} cosine runs: {lengths.sum():g} D of training", fontsize=10)
    ax1.set_title(f"WSD branches: {frac * lengths.sum():.1f} D ({frac:.0%} of the compute)",
                  fontsize=10)
    for ax in (ax0, ax1):
        ax.set_xlabel("tokens (units of D)")
        ax.set_ylim(0, 1.05)
        ax.grid(True, color="#dddddd", linewidth=0.6)
    ax0.set_ylabel("learning rate / peak")
    place_legend(ax1, fontsize=7, prefer="lower left")
    return fig


def schedule_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_schedules`: the cooldown fraction and the number of lengths."""
    d = {"cooldown_fraction": 0.2, "n_lengths": 6} | defaults
    controls = {
        "cooldown_fraction": slider("cooldown fraction f", d["cooldown_fraction"], 0.05, 0.5,
                                    0.05),
        "n_lengths": W.IntSlider(value=d["n_lengths"], min=2, max=10,
                                 description="run lengths", continuous_update=False,
                                 style=_STYLE),
    }
    return Explorer(draw_schedules, controls, main="cooldown_fraction")


# ------------------------------------------------------------------------ lab figures
def draw_budget_optima(optima: dict):
    """Optimal learning rate and batch size against compute for the ``hp_budgets`` sweep
    (:func:`scaling_lib.hyperparameters.budget_optima`), with the fitted power laws and, for
    comparison, DeepSeek LLM's exponents drawn through the lab's middle budget."""
    check_type("optima", optima, dict, "budget_optima(load_sweep('hp_budgets'))")
    c = optima["compute_flops"]
    law = hp.DEEPSEEK_HYPERPARAMETERS
    fig, (ax0, ax1) = new_figure(2, width=9.0, height=3.5, margins=_TWO)
    cs = np.geomspace(c.min() / 1.5, c.max() * 1.5, 50)
    mid = float(np.exp(np.mean(np.log(c))))
    for ax, key, fit, k, label in (
            (ax0, "lr_opt", optima["lr_fit"], law.lr_exponent, "optimal learning rate"),
            (ax1, "batch_opt", optima["batch_fit"], law.batch_exponent, "optimal batch")):
        ax.plot(c, optima[key], "o", color=PALETTE[0], ms=6, label="lab optimum")
        ax.plot(cs, fit.predict(cs), "-", color=PALETTE[0],
                label=f"lab fit: exponent {fit.exponent:+.2f}")
        ref = float(fit.predict(mid))
        ax.plot(cs, ref * (cs / mid) ** k, "--", color=PALETTE[1],
                label=f"DeepSeek exponent {k:+.3f}")
        loglog(ax, xlabel="compute C = 6ND (FLOPs)", ylabel=label)
        _log_ticks(ax, "y", sorted(set(optima[key])) or [1])
        ax.set_ylim(min(optima[key]) / 3, max(optima[key]) * 3)
        place_legend(ax, fontsize=7, prefer="best")
    return fig


def draw_wsd_lab(comparison: dict):
    """Final loss against training tokens: WSD branches of one run and separate cosine runs
    (:func:`scaling_lib.hyperparameters.wsd_comparison`), with the gap in percent of the
    reducible loss."""
    check_type("comparison", comparison, dict, "wsd_comparison(load_sweep('wsd'))")
    t = comparison["tokens"] / 1e6
    fig, (ax0, ax1) = new_figure(2, width=9.0, height=3.5, margins=_TWO)
    h = comparison["entropy"]
    ax0.plot(t, comparison["cosine_loss"] - h, "o-", color=PALETTE[0], label="cosine runs")
    ax0.plot(t, comparison["branch_loss"] - h, "s--", color=PALETTE[1],
             label="WSD branches of one run")
    ax0.set_yscale("log")
    ax0.yaxis.set_minor_locator(NullLocator())
    ys = np.concatenate([comparison["cosine_loss"], comparison["branch_loss"]]) - h
    _log_ticks(ax0, "y", [round(v, 3) for v in np.geomspace(ys.min(), ys.max(), 3)])
    ax0.set_ylabel("reducible loss L − H (nats)")
    place_legend(ax0, fontsize=7)
    ax1.axhspan(-1, 1, color="#eeeeee", label="within ±1% of the reducible loss")
    ax1.plot(t, 100 * comparison["gap_of_reducible"], "o-", color=PALETTE[3],
             label="branch − cosine")
    ax1.axhline(0, color="k", lw=0.8)
    place_legend(ax1, fontsize=7)
    ax1.set_ylabel("branch − cosine (% of reducible loss)")
    for ax in (ax0, ax1):
        ax.set_xlabel("training tokens D (millions)")
        ax.grid(True, color="#dddddd", linewidth=0.6)
    frac = comparison["branch_family_flops"] / comparison["cosine_flops"]
    ax1.set_title(f"the branches cost {frac:.0%} of the cosine runs", fontsize=10)
    return fig
