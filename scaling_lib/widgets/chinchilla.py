"""Explorers of chapter 2, "Compute-optimal training": IsoFLOP profiles, the frontier, the fit."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as W
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from scaling_lib import chinchilla as ch
from scaling_lib._validate import as_int
from scaling_lib.fitting import FitConvergenceWarning, fit_parametric, hoffmann_initial_grid
from scaling_lib.laws import (
    BESIROGLU_2024,
    FLOPS_PER_PF_DAY,
    HOFFMANN_2022,
    HOFFMANN_2022_UNROUNDED,
    HOFFMANN_TABLE3,
    KAPLAN_COMPUTE_OPTIMAL,
    isoflop_profile,
)
from scaling_lib.plotting import PALETTE, human_count, new_figure, place_legend, sci
from scaling_lib.widgets.core import Explorer, log_slider

#: Chinchilla's training budget (Hoffmann et al. 2022), FLOPs: the explorers' default.
CHINCHILLA_FLOPS = 5.76e23


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _decade(x, _pos=None) -> str:
    """Tick label 10ⁿ in plain Unicode (mathtext labels are slow to lay out)."""
    if x <= 0:
        return ""
    n = int(round(np.log10(x)))
    return f"10{str(n).translate(_SUPERSCRIPT)}" if abs(np.log10(x) - n) < 1e-9 else ""


def _log_axes(ax, *, x=True, y=True, every=1) -> None:
    """Log scale with Unicode decade labels (every ``every`` decades) and no minor ticks."""
    for on, axis, setter in ((x, ax.xaxis, ax.set_xscale), (y, ax.yaxis, ax.set_yscale)):
        if not on:
            continue
        setter("log")
        axis.set_major_locator(LogLocator(base=10.0 ** every, numticks=12))
        axis.set_major_formatter(FuncFormatter(_decade))
        axis.set_minor_locator(NullLocator())


def law_choices() -> dict:
    """The laws the explorers offer, by label (the lab's own fit is made on first use)."""
    return {
        "Hoffmann 2022, printed": HOFFMANN_2022,
        "Hoffmann 2022, unrounded": HOFFMANN_2022_UNROUNDED,
        "Besiroglu 2024, refit": BESIROGLU_2024,
        "the lab's own fit": ch.lab_law(),
    }


def _law(name):
    laws = law_choices()
    if name not in laws:
        raise ValueError(f"law must be one of {sorted(laws)}, got {name!r}")
    return laws[name]


def draw_isoflop(law="Hoffmann 2022, printed", flops=CHINCHILLA_FLOPS, spread=10.0):
    """IsoFLOP profiles L(N) at C/spread, C and C·spread, with each optimum and the frontier.

    Along 6·N·D = C the loss of a Chinchilla-form law is a U in log N; its minimum is
    N_opt = G·(C/6)^a (``hoffmann2022training``, Eq. 4). Chapter 2.
    """
    lw = _law(law)
    flops = float(flops)
    spread = float(spread)
    if not (flops > 6 and spread >= 1):
        raise ValueError(f"need flops > 6 and spread >= 1, got {flops!r}, {spread!r}")
    budgets = (flops / spread, flops, flops * spread) if spread > 1 else (flops,)
    n_mid, _ = lw.compute_optimal(flops)
    n = np.geomspace(n_mid / 300, n_mid * 300, 160)
    fig, ax = new_figure(1, width=7.0, height=4.0,
                         margins={"left": 0.1, "right": 0.97, "bottom": 0.12, "top": 0.92})
    opt_n, opt_l = [], []
    for c, colour in zip(budgets, (PALETTE[5], PALETTE[0], PALETTE[2]), strict=False):
        keep = c / (6 * n) >= 1
        _, loss = isoflop_profile(lw, c, n[keep])
        ax.plot(n[keep], loss, color=colour, lw=2 if c == flops else 1.2,
                label=f"C = {sci(c, 2)} FLOPs")
        no, do = lw.compute_optimal(c)
        opt_n.append(no)
        opt_l.append(lw.loss(no, do))
    ax.plot(opt_n, opt_l, "k--", lw=0.9, label="optima (the frontier)")
    ax.plot(opt_n, opt_l, "o", color="k", ms=5)
    no, do = lw.compute_optimal(flops)
    ax.text(0.02, 0.04, f"at C = {sci(flops, 2)} FLOPs:\nN_opt = {human_count(no)}, "
            f"D_opt = {human_count(do)}\n{do / no:.1f} tokens per parameter",
            transform=ax.transAxes, fontsize=8, va="bottom")
    _log_axes(ax, y=False)
    ax.set_xlabel("parameters N (total)")
    ax.set_ylabel("loss (nats per token)")
    lo, hi = min(opt_l), max(opt_l)
    ax.set_ylim(lo - 0.3 * (lo - lw.E), hi + 1.2 * (hi - lw.E))
    span = hi + 1.2 * (hi - lw.E) - lw.E
    if span < 1e-3 * lw.E:
        # far beyond the law's data every profile hugs E: tick labels would need 6+ digits,
        # so they count from a rounded E instead
        base, exponent = float(f"{lw.E:.4f}"), int(np.floor(np.log10(span)))
        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda y, _pos: f"{round((y - base) / 10.0**exponent, 6) + 0.0:g}"))
        ax.set_ylabel(f"loss − {base:.4f}  (10$^{{{exponent}}}$ nats per token)")
    ax.axhline(lw.E, color="#888888", lw=0.8, ls=":")
    ax.set_title(f"IsoFLOP profiles, {lw.label}", fontsize=10, y=1.0)
    place_legend(ax, fontsize=8, frameon=True, facecolor="white", edgecolor="none",
              framealpha=0.9)
    return fig


def isoflop_explorer():
    """Law selector and budget slider over :func:`draw_isoflop`."""
    controls = {
        "law": W.Dropdown(options=list(law_choices()), value="Hoffmann 2022, printed",
                          description="law", style={"description_width": "9em"}),
        "flops": log_slider("budget C (FLOPs)", CHINCHILLA_FLOPS, 1e9, 1e27, 0.1),
        "spread": log_slider("other budgets ×/÷", 10.0, 1.0, 1000.0, 0.1),
    }
    return Explorer(draw_isoflop, controls, main="flops")


def _kaplan_params(flops):
    """Kaplan et al.'s N_opt (non-embedding parameters) at ``flops`` (Table 6, C in PF-days)."""
    return KAPLAN_COMPUTE_OPTIMAL.params(np.asarray(flops) / FLOPS_PER_PF_DAY)


def draw_frontier(flops=CHINCHILLA_FLOPS, show_kaplan=True):
    """N_opt(C) and tokens per parameter D_opt/N_opt(C) for each published law.

    Left: the frontier of each law (and Kaplan et al.'s allocation, which counts
    non-embedding parameters). Right: tokens per parameter, constant only when
    alpha = beta, with Hoffmann's Table 3 ratios (Approach 1) as points. Chapter 2.
    """
    flops = float(flops)
    if not flops > 6:
        raise ValueError(f"flops must exceed 6, got {flops!r}")
    laws = [(k, v) for k, v in law_choices().items() if k != "the lab's own fit"]
    c = np.geomspace(1e18, 3e28, 60)
    fig, (ax_n, ax_r) = new_figure(2, width=9.5, height=4.0,
                                   margins={"left": 0.08, "right": 0.98, "bottom": 0.12,
                                            "top": 0.92, "wspace": 0.25})
    lines = []
    for (name, lw), colour in zip(laws, PALETTE, strict=False):
        n, d = lw.compute_optimal(c)
        ax_n.plot(c, n, color=colour, lw=1.6, label=name)
        ax_r.plot(c, d / n, color=colour, lw=1.6, label=name)
        n0, d0 = lw.compute_optimal(flops)
        ax_n.plot(flops, n0, "o", color=colour, ms=5)
        ax_r.plot(flops, d0 / n0, "o", color=colour, ms=5)
        lines.append(f"{name}: N={human_count(n0)}, D={human_count(d0)}, D/N={d0 / n0:.0f}")
    if show_kaplan:
        nk = _kaplan_params(c)
        ax_n.plot(c, nk, color=PALETTE[3], lw=1.2, ls="--", label="Kaplan 2020 (non-emb.)")
        dk = KAPLAN_COMPUTE_OPTIMAL.tokens(c / FLOPS_PER_PF_DAY)
        ax_r.plot(c, dk / nk, color=PALETTE[3], lw=1.2, ls="--", label="Kaplan 2020 (Table 6)")
        nk0 = float(_kaplan_params(flops))
        dk0 = float(KAPLAN_COMPUTE_OPTIMAL.tokens(flops / FLOPS_PER_PF_DAY))
        lines.append(f"Kaplan: N={human_count(nk0)}, D={human_count(dk0)}, D/N={dk0 / nk0:.2f}")
    t3 = np.array([(r.flops, r.tokens_per_param) for r in HOFFMANN_TABLE3])
    ax_r.plot(t3[:, 0], t3[:, 1], "s", color="k", ms=4, label="Hoffmann Table 3")
    for ax in (ax_n, ax_r):
        ax.axvline(flops, color="#888888", lw=0.8)
    for ax in (ax_n, ax_r):
        _log_axes(ax, every=2)
        ax.set_xlabel("training compute C (FLOPs)")
    ax_n.set_ylabel("compute-optimal N (parameters)")
    ax_r.set_ylabel("tokens per parameter D/N")
    ax_n.set_title(f"C = {sci(flops, 3)} FLOPs", y=1.0)
    ax_r.set_ylim(0.01, 3000)
    place_legend(ax_n, fontsize=7)
    place_legend(ax_r, fontsize=7)
    ax_r.text(0.02, 0.98, "\n".join(lines), transform=ax_r.transAxes, fontsize=6.5,
              va="top")
    return fig


def frontier_explorer():
    """Budget slider over :func:`draw_frontier`."""
    controls = {
        "flops": log_slider("budget C (FLOPs)", CHINCHILLA_FLOPS, 1e18, 1e27, 0.1),
        "show_kaplan": W.Checkbox(value=True, description="show Kaplan 2020"),
    }
    return Explorer(draw_frontier, controls, main="flops")


# ------------------------------------------------------------------ the fit explorer
#: Controls of :func:`fit_explorer`: L-BFGS-B starts (drawn, seed 0, from Hoffmann's grid of
#: 4,500 as in :func:`scaling_lib.chinchilla.huber_reduction_fits`) and bootstrap resamples.
FIT_STARTS = (1, 5, 20, 40, 60)
FIT_RESAMPLES = (0, 50, 200)
FIT_METHODS = {"robust (fast)": "fast", "L-BFGS-B (Hoffmann)": "lbfgs"}
#: Interval level of the fit explorer: the 10th–90th percentiles, as Hoffmann's Table 2.
FIT_LEVEL = 0.8


@dataclass(frozen=True, eq=False)
class LabFit:
    """One Approach-3 fit of the cached IsoFLOP sweep, as :func:`draw_fit` shows it.

    Attributes
    ----------
    fit : ParametricFit
        The fit at the requested method, reduction and starts.
    best_objective : float
        Lowest summed Huber objective found (this fit or the robust fit), for the ratio.
    bootstrap : BootstrapResult or None
        Robust refits of resampled runs (None with 0 resamples): the sampling spread of the
        minimiser, which ``fit`` may or may not have reached.
    entropy : float
        The lab language's exact entropy rate, nats per token.
    """

    fit: object
    best_objective: float
    bootstrap: object
    entropy: float

    @property
    def objective_ratio(self) -> float:
        """Summed Huber objective of ``fit`` over the best found (1 = the best)."""
        return _summed(self.fit) / self.best_objective


def _summed(fit) -> float:
    return fit.objective * (fit.n_points if fit.reduction == "mean" else 1)


@lru_cache(maxsize=1)
def _lab_runs():
    """(N, D, L, budget, entropy) of every run of the cached IsoFLOP sweep, loaded once."""
    from scaling_lib.lab import load_sweep

    s = load_sweep("isoflop")
    cols = [np.array(s[k], dtype=float) for k in ("total_params", "tokens", "final_loss",
                                                  "budget_flops")]
    for c in cols:
        c.setflags(write=False)
    return (*cols, float(s["entropy"][0]))


@lru_cache(maxsize=16)
def _reduction_fits(starts: int):
    n, d, ell, _, _ = _lab_runs()
    return ch.huber_reduction_fits(n, d, ell, n_starts=starts, seed=0)


@lru_cache(maxsize=16)
def _robust_fit(reduction: str):
    n, d, ell, _, _ = _lab_runs()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitConvergenceWarning)
        return fit_parametric(n, d, ell, method="fast", reduction=reduction)


@lru_cache(maxsize=64)
def _lab_fit(method: str, reduction: str, starts: int, resamples: int) -> LabFit:
    if method == "lbfgs":
        hub = _reduction_fits(starts)
        fit = hub.lbfgs_sum if reduction == "sum" else hub.lbfgs_mean
    else:
        fit = _robust_fit(reduction)
    best = min(_summed(fit), _summed(_robust_fit("sum")))
    return LabFit(fit, best, _bootstrap(resamples) if resamples else None, _lab_runs()[4])


@lru_cache(maxsize=4)
def _bootstrap(resamples: int):
    # Refits from the robust optimum: the same intervals as from any start that converges,
    # without the slow fallback a far-off L-BFGS-B answer would trigger in every refit.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitConvergenceWarning)
        return _robust_fit("sum").bootstrap(resamples, seed=0)


def lab_fit(method="fast", reduction="sum", starts=20, resamples=0) -> LabFit:
    """Approach 3 on every run of the lab's cached IsoFLOP sweep, memoised per setting.

    Parameters
    ----------
    method : {"fast", "lbfgs"}
        The course's robust fit, or Hoffmann's L-BFGS-B with scipy's default tolerances
        (``hoffmann2022training``, Appendix D.2).
    reduction : {"sum", "mean"}
        Summed or mean Huber loss (``besiroglu2024chinchilla``).
    starts : int
        L-BFGS-B starts, drawn with seed 0 from Hoffmann's 4,500
        (:func:`scaling_lib.chinchilla.huber_reduction_fits`; 40 reproduces the chapter's
        table). Ignored by ``"fast"``, which searches its own variable-projection grid.
    resamples : int
        Bootstrap resamples (:func:`scaling_lib.fitting.bootstrap_parametric`, seed 0, robust
        refits, whatever ``method``: an L-BFGS-B refit per resample would be too slow); 0: none.
    """
    if method not in ("fast", "lbfgs"):
        raise ValueError(f"method must be 'fast' or 'lbfgs', got {method!r}")
    if reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be 'sum' or 'mean', got {reduction!r}")
    starts = as_int("starts", starts)
    if starts > len(hoffmann_initial_grid()):
        raise ValueError(f"starts must be at most 4500 (Hoffmann's grid), got {starts!r}")
    resamples = as_int("resamples", resamples, minimum=0)
    return _lab_fit(method, reduction, starts if method == "lbfgs" else 0, resamples)


def _interval_text(boot, name, fmt) -> str:
    if boot is None:
        return ""
    lo, hi = boot.interval(name, FIT_LEVEL)
    return f"  [{lo:{fmt}}, {hi:{fmt}}]"


def draw_fit(method="fast", reduction="sum", starts=20, resamples=0):
    """Approach 3 on the lab's IsoFLOP sweep: the fitted profiles and what the fit reports.

    Left: the runs (final loss against total parameters, one colour per budget) with the
    fitted law's IsoFLOP profiles L(N, C/6N), its optima, its E and the language's true
    entropy. Right: E, a, b with 80% bootstrap intervals (robust refits of resampled runs:
    where the minimum lies, which an L-BFGS-B answer may miss), the summed Huber objective
    relative to the best found, and the convergence test.
    L-BFGS-B stops on scipy's default tolerances; on the mean objective, n times smaller,
    it can stop far from the minimum (``besiroglu2024chinchilla``). Chapter 2.
    """
    res = lab_fit(method, reduction, starts, resamples)
    fit, lw, boot, h = res.fit, res.fit.law, res.bootstrap, res.entropy
    n, _, ell, budget, _ = _lab_runs()
    fig, ax = new_figure(1, width=9.5, height=4.0,
                         margins={"left": 0.08, "right": 0.56, "bottom": 0.13, "top": 0.91})
    for c, colour in zip(np.unique(budget), PALETTE, strict=False):
        m = budget == c
        ax.plot(n[m], ell[m], "o", color=colour, ms=4, label=f"C = {sci(c, 2)} FLOPs")
        x = np.geomspace(n[m].min() / 1.5, n[m].max() * 1.5, 40)
        ax.plot(x, lw.loss(x, c / (6 * x)), color=colour, lw=1.2)
    no, do = lw.compute_optimal(np.unique(budget))
    ax.plot(no, lw.loss(no, do), "k*", ms=8, label="fitted optima")
    lo = min(ell.min(), h)
    lo, hi = lo - 0.1 * (ell.max() - lo), ell.max() + 0.1 * (ell.max() - lo)
    off = "" if lo <= lw.E <= hi else " (off the axis)"
    ax.axhline(min(max(lw.E, lo), hi), color="k", lw=0.9, ls="--",
               label=f"fitted E = {lw.E:.3f}{off}")
    ax.axhline(h, color="#888888", lw=0.9, ls=":", label=f"true entropy {h:.3f}")
    ax.set_ylim(lo, hi)
    _log_axes(ax, y=False)
    ax.set_xlim(n.min() / 2, n.max() * 2)
    ax.set_xlabel("parameters N (total)")
    ax.set_ylabel("final loss (nats per token)")
    fig.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.6, 0.02), ncol=2,
               frameon=False)
    how = (f"L-BFGS-B from {starts} start{'s' if starts > 1 else ''} (seed 0)"
           if method == "lbfgs" else "robust fit (variable projection)")
    ratio = res.objective_ratio
    interval = (f"{FIT_LEVEL:.0%} intervals: {boot.n_resamples} robust refits"
                if boot is not None else "no intervals (0 resamples)")
    lines = [
        "Approach 3 on the lab's IsoFLOP sweep:",
        how,
        f"{reduction} of Huber losses, {fit.n_points} runs",
        "",
        f"E = {lw.E:.4f} nats{_interval_text(boot, 'E', '.4f')}",
        f"true entropy = {h:.4f} nats",
        f"E − entropy = {1000 * (lw.E - h):+.1f} millinats",
        f"a = {lw.params_exponent:.3f}{_interval_text(boot, 'a', '.3f')}",
        f"b = {lw.tokens_exponent:.3f}{_interval_text(boot, 'b', '.3f')}",
        f"α = {lw.alpha:.3f}, β = {lw.beta:.3f}",
        f"({interval})",
        "",
        f"{reduction} objective = {fit.objective:.3e}",
        f"= {ratio:.5g} × the best found",
        f"converged: {'yes' if fit.converged else 'no'} (scaled gradient "
        f"{fit.gradient_norm:.1e})",
    ]
    fig.text(0.6, 0.91, "\n".join(lines), fontsize=8, va="top", ha="left", linespacing=1.4,
             color="#b2182b" if ratio > 1.01 or not fit.converged else "k")
    return fig


def fit_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_fit`: method, sum or mean, starts and bootstrap resamples."""
    d = {"method": "fast", "reduction": "sum", "starts": 20, "resamples": 0} | defaults
    style = {"description_width": "9em"}
    controls = {
        "method": W.Dropdown(options=list(FIT_METHODS.items()), value=d["method"],
                             description="method", style=style),
        "reduction": W.ToggleButtons(options=["sum", "mean"], value=d["reduction"],
                                     description="Huber loss", style=style),
        "starts": W.Dropdown(options=list(FIT_STARTS), value=d["starts"],
                             description="L-BFGS-B starts", style=style),
        "resamples": W.Dropdown(options=list(FIT_RESAMPLES), value=d["resamples"],
                                description="bootstrap", style=style),
    }

    # the robust fit has no starts to choose: the control is greyed out while it is selected
    def _starts_apply(change=None):
        controls["starts"].disabled = controls["method"].value != "lbfgs"
    _starts_apply()
    controls["method"].observe(_starts_apply, names="value")
    return Explorer(draw_fit, controls, main="method")


def draw_isoflop_parabolas(params, losses, flops, fit):
    """Approach 2 on IsoFLOP runs: the parabolas per budget, then the optima against compute.

    ``params``, ``losses`` and ``flops`` are the runs (one entry per run); ``fit`` is the
    :class:`~scaling_lib.fitting.IsoflopFit` of them (``fit_isoflop``). Chapter 2,
    "Your own IsoFLOP profiles".
    """
    params, losses, flops = (np.asarray(v, float) for v in (params, losses, flops))
    fig, (ax, ax2) = new_figure(2, width=9.5, height=3.8)
    parabolas = fit.details["parabolas"]
    for (c, p2, p1, p0, xlo, xhi), colour in zip(parabolas, PALETTE, strict=False):
        m = np.isclose(flops, c, rtol=1e-6)
        ax.plot(params[m], losses[m], "o", color=colour, label=f"C = {sci(c, 2)} FLOPs")
        x = np.linspace(xlo, xhi, 50)
        ax.plot(np.exp(x), p2 * x * x + p1 * x + p0, color=colour, lw=1)
    minima = [np.polyval(p[1:4], np.log(n)) for p, n in zip(parabolas, fit.params_opt,
                                                             strict=True)]
    ax.plot(fit.params_opt, minima, "k*", ms=9, label="parabola minima")
    ax.set_xscale("log")
    ax.set(xlabel="parameters N (total)", ylabel="final loss (nats per token)",
           title="Approach 2 on the lab's IsoFLOP sweep")
    ax.legend(fontsize=7)
    cs = np.geomspace(flops.min(), flops.max(), 50)
    ax2.loglog(fit.flops, fit.params_opt, "o", color=PALETTE[0], label="N_opt (parameters)")
    ax2.loglog(cs, fit.params(cs), color=PALETTE[0], lw=1, label=f"∝ C^{fit.a:.2f}")
    ax2.loglog(fit.flops, fit.tokens_opt, "s", color=PALETTE[2], label="D_opt (tokens)")
    ax2.loglog(cs, fit.tokens(cs), color=PALETTE[2], lw=1, label=f"∝ C^{fit.b:.2f}")
    ax2.set(xlabel="training compute C (FLOPs)", title="the optima against compute")
    ax2.legend(fontsize=7)
    return fig


def draw_three_approaches(runs, c_lo, envelope, isoflop, law):
    """Approach 1's training curves and envelope, then N_opt by all three approaches.

    ``runs``: the lab's ``envelope`` sweep records (``curve_tokens``, ``curve_loss``,
    ``total_params``, ``tokens``); ``c_lo``: the smallest budget used by the envelope fit;
    ``envelope``, ``isoflop``: the Approach 1 and 2 fits; ``law``: the Approach 3
    :class:`~scaling_lib.laws.ChinchillaLaw`. Chapter 2, "Approach 1 on real training
    curves".
    """
    runs = list(runs)
    sizes = np.unique([r["total_params"] for r in runs])
    longest = {n: max(r["tokens"] for r in runs if r["total_params"] == n) for n in sizes}
    c_max = max(6 * r["total_params"] * r["tokens"] for r in runs)
    fig, (ax, ax2) = new_figure(2, width=9.5, height=3.8)
    for n, colour in zip(sizes, PALETTE * 2, strict=False):
        for r in (r for r in runs if r["total_params"] == n):
            c = 6 * n * np.asarray(r["curve_tokens"])
            ax.plot(c, r["curve_loss"], "-", color=colour, lw=0.8, alpha=0.8,
                    label=human_count(n) if r["tokens"] == longest[n] else None)
            ax.plot(c[-1], r["curve_loss"][-1], "o", color=colour, ms=3)
    curves = [(np.log(6 * r["total_params"] * np.asarray(r["curve_tokens"])),
               np.log(r["curve_loss"])) for r in runs]
    lc = np.linspace(np.log(c_lo), np.log(c_max), 80)
    lowest = [min(np.interp(x, c, y) for c, y in curves if c[0] <= x <= c[-1]) for x in lc]
    ax.plot(np.exp(lc), np.exp(lowest), "k-", lw=2.5, alpha=0.35, label="envelope")
    ax.axvline(c_lo, color="0.5", ls=":", lw=1)
    ax.set_xscale("log")
    ax.set(xlim=(c_lo / 4, 1.2 * c_max), ylim=(0.84, 0.96),
           xlabel="compute C = 6ND (FLOPs)", ylabel="exact loss (nats per token)",
           title="Training curves, one colour per size (dots: ends)")
    ax.legend(fontsize=7, title="parameters", title_fontsize=7, ncol=2)
    cs = np.geomspace(envelope.flops.min(), isoflop.flops.max(), 50)
    ax2.loglog(envelope.flops, envelope.params_opt, ".", color=PALETTE[0],
               label="Approach 1: envelope winners")
    ax2.loglog(cs, envelope.params(cs), color=PALETTE[0], lw=1.2,
               label=f"Approach 1 fit, a = {envelope.a:.2f}")
    ax2.loglog(isoflop.flops, isoflop.params_opt, "*", color=PALETTE[1], ms=9,
               label="Approach 2: parabola minima")
    ax2.loglog(cs, isoflop.params(cs), color=PALETTE[1], lw=1.2, ls="--",
               label=f"Approach 2 fit, a = {isoflop.a:.2f}")
    ax2.loglog(cs, law.compute_optimal(cs)[0], color=PALETTE[2], lw=1.2, ls="-.",
               label=f"Approach 3 frontier, a = {law.params_exponent:.2f}")
    ax2.set(xlabel="compute C (FLOPs)", ylabel="N_opt (parameters)",
            title="Compute-optimal size, three ways")
    ax2.legend(fontsize=7)
    return fig
