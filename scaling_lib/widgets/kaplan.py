"""Explorers of chapter 1, "Power laws": a log-log explorer, an extrapolation explorer on the
lab's sweeps, and a bottleneck explorer for Kaplan's joint law L(N, D)."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as W
import numpy as np

from scaling_lib import laws
from scaling_lib import power_laws as pl
from scaling_lib._validate import as_fraction, as_int, as_nonnegative, as_positive
from scaling_lib.fitting import fit_power_law
from scaling_lib.plotting import PALETTE, human_count, loglog, new_figure, place_legend
from scaling_lib.widgets.core import Explorer, log_slider, slider

_STYLE = {"description_width": "9em"}

#: Fixed margins and fixed-height titles for speed (see ``plotting.new_figure``).
_LOGLOG_MARGINS = {"left": 0.077, "right": 0.995, "bottom": 0.129, "top": 0.935, "wspace": 0.197}
_EXTRAPOLATION_MARGINS = {"left": 0.105, "right": 0.994, "bottom": 0.119, "top": 0.944}
_JOINT_LAW_MARGINS = {"left": 0.08, "right": 0.994, "bottom": 0.111, "top": 0.944}


def _plain_y(ax, ticks) -> None:
    """Label a log y axis with plain numbers at ``ticks`` (a short log range has no decades)."""
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator, ScalarFormatter

    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_major_formatter(ScalarFormatter())
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_minor_formatter(NullFormatter())


# --------------------------------------------------------------------------------------
# 1. log-log explorer
# --------------------------------------------------------------------------------------


def draw_loglog(exponent=0.076, scale=8.8e13, floor=1.0):
    r"""A power law :math:`L = E + (X_c/X)^{\alpha}` with and without its floor :math:`E`.

    Left: the loss on log-log axes; the pure power law is a straight line that
    falls for ever, the law with a floor bends towards :math:`E`. Right: the
    excess :math:`L - E`, a straight line of slope :math:`-\alpha`.
    Chapter 1, "Power laws".
    """
    exponent = as_positive("exponent", exponent, allow_array=False)
    scale = as_positive("scale", scale, allow_array=False)
    floor = as_nonnegative("floor", floor, allow_array=False)
    x = np.logspace(3, 13, 60)
    pure = (scale / x) ** exponent
    fig, (ax, bx) = new_figure(2, width=8.4, height=3.7, margins=_LOGLOG_MARGINS)
    ax.plot(x, pure, "--", color=PALETTE[0], label="pure power law $(X_c/X)^\\alpha$")
    if floor > 0:
        ax.plot(x, floor + pure, color=PALETTE[3], label="with floor: $E + (X_c/X)^\\alpha$")
        ax.axhline(floor, color="#888888", lw=0.8, ls=":")
        ax.annotate(f"floor E = {floor:.2f} nats", (x[-1], floor), xytext=(0, 3),
                    textcoords="offset points", fontsize=8, color="#555555", ha="right")
    loglog(ax, xlabel="resource X (e.g. parameters N)", ylabel="loss L (nats/token)",
           title="Loss")
    ax.legend(loc="upper right", fontsize=8)
    bx.plot(x, pure, color=PALETTE[2])
    loglog(bx, xlabel="resource X", ylabel="excess loss L − E (nats/token)",
           title=f"Excess loss: slope −α = −{exponent:.3g}")
    per_doubling = float(pl.loss_factor(exponent, 2.0))
    drop_small = float(pure[12] * (1 - per_doubling))
    drop_large = float(pure[-8] * (1 - per_doubling))
    text = (f"doubling X multiplies L − E by 2^−α = {per_doubling:.3f}\n"
            f"X = {human_count(x[12])}: a doubling saves {drop_small:.3g} nats\n"
            f"X = {human_count(x[-8])}: a doubling saves {drop_large:.3g} nats")
    bx.text(0.03, 0.04, text, transform=bx.transAxes, fontsize=8, va="bottom",
            bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    return fig


def loglog_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_loglog`: exponent, scale and floor."""
    d = {"exponent": laws.KAPLAN_PARAMS_LAW.exponent, "scale": laws.KAPLAN_PARAMS_LAW.scale,
         "floor": 1.0} | defaults
    controls = {
        "exponent": slider("exponent α", d["exponent"], 0.02, 0.8, 0.002),
        "scale": log_slider("scale X_c", d["scale"], 1e6, 1e16),
        "floor": slider("floor E (nats)", d["floor"], 0.0, 3.0, 0.05),
    }
    controls["exponent"].readout_format = ".3f"
    return Explorer(draw_loglog, controls, main="floor")


# --------------------------------------------------------------------------------------
# 2. extrapolation explorer (lab data)
# --------------------------------------------------------------------------------------

SWEEPS = {
    "n_sweep": ("non_embedding_params", "non-embedding parameters N"),
    "d_sweep": ("tokens", "training tokens D"),
}
FLOORS = ("entropy", "none")


@lru_cache(maxsize=4)
def lab_points(sweep: str = "n_sweep"):
    """(x, loss, entropy) of the seed-0 runs of a cached lab sweep, sorted by x."""
    if sweep not in SWEEPS:
        raise ValueError(f"sweep must be one of {', '.join(SWEEPS)}, got {sweep!r}")
    from scaling_lib.lab import load_sweep

    table = load_sweep(sweep)
    rows = [r for r in table.rows if not r.get("replicate")]
    col = SWEEPS[sweep][0]
    x = np.array([r[col] for r in rows], dtype=float)
    loss = np.array([r["final_loss"] for r in rows], dtype=float)
    order = np.argsort(x)
    x, loss = x[order], loss[order]
    x.setflags(write=False)
    loss.setflags(write=False)
    return x, loss, float(table.meta["entropy_nats"])


def draw_extrapolation(sweep="n_sweep", n_fit=4, floor="entropy", level=0.8):
    """Fit the ``n_fit`` smallest lab runs, predict the larger ones, compare with their losses.

    ``floor="entropy"`` fits the excess loss above the language's exact entropy;
    ``floor="none"`` fits a pure power law to the loss. The band is a
    residual-bootstrap interval (:func:`scaling_lib.power_laws.extrapolate`).
    Chapter 1, "Power laws".
    """
    if floor not in FLOORS:
        raise ValueError(f"floor must be one of {', '.join(FLOORS)}, got {floor!r}")
    x, loss, entropy = lab_points(sweep)
    n_fit = as_int("n_fit", n_fit, minimum=3)
    if n_fit >= x.size:
        raise ValueError(f"n_fit must leave at least one held-out run (< {x.size}), got {n_fit}")
    level = as_fraction("level", level, allow_array=False)
    ex = pl.extrapolate(x, loss, n_fit, floor=entropy if floor == "entropy" else 0.0,
                        level=level, n_boot=400)
    grid = np.geomspace(x[0] / 1.3, x[-1] * 2.5, 60)
    lo, hi = ex.interval(grid)
    fig, ax = new_figure(width=7.0, height=4.2, margins=_EXTRAPOLATION_MARGINS)
    ax.fill_between(grid, lo, hi, color=PALETTE[0], alpha=0.18, lw=0,
                    label=f"{level:.0%} bootstrap interval")
    ax.plot(grid, ex.predict(grid), color=PALETTE[0],
            label=f"fit: {'E + ' if floor == 'entropy' else ''}c·x^({ex.fit.exponent:.3f})")
    ax.plot(ex.x_fit, ex.y_fit, "o", color=PALETTE[0], label="fitted runs")
    ax.plot(ex.x_test, ex.y_test, "o", mfc="white", color=PALETTE[3], label="held-out runs")
    ax.axhline(entropy, color="#888888", lw=0.8, ls=":")
    ax.annotate(f"entropy E = {entropy:.3f} nats", (grid[-1], entropy), xytext=(-2, 3),
                textcoords="offset points", fontsize=8, color="#555555", ha="right")
    ax.set_xscale("log")
    ax.minorticks_off()  # as loglog(): minor ticks on a log axis are slow to redraw
    ax.set_xlabel(SWEEPS[sweep][1])
    ax.set_ylabel("final loss (nats/token)")
    ax.set_ylim(min(entropy, float(lo.min())) - 0.005, float(loss.max()) + 0.01)
    ax.set_title(f"lab {sweep}: fit on {n_fit} runs, predict {ex.x_test.size}", fontsize=10,
                 y=1.0)
    err = ex.errors
    text = (f"largest run: predicted {ex.predicted[-1]:.4f}, measured {ex.y_test[-1]:.4f} nats\n"
            f"mean |error| on held-out runs: {np.mean(np.abs(err)):.4f} nats\n"
            f"inside the interval: {int(ex.covered.sum())} of {err.size}")
    ax.text(0.98, 0.97, text, transform=ax.transAxes, fontsize=8, va="top", ha="right",
            bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    place_legend(ax, fontsize=8)
    return fig


def extrapolation_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_extrapolation`: sweep, number of fitted runs, floor, level."""
    d = {"sweep": "n_sweep", "n_fit": 4, "floor": "entropy", "level": 0.8} | defaults
    controls = {
        "sweep": W.Dropdown(options=list(SWEEPS), value=d["sweep"], description="lab sweep",
                            style=_STYLE),
        "n_fit": W.IntSlider(value=d["n_fit"], min=3, max=7, description="runs fitted",
                             continuous_update=False, style=_STYLE),
        "floor": W.Dropdown(options=list(FLOORS), value=d["floor"], description="floor",
                            style=_STYLE),
        "level": slider("interval level", d["level"], 0.5, 0.99, 0.01),
    }
    return Explorer(draw_extrapolation, controls, main="n_fit")


# --------------------------------------------------------------------------------------
# 3. joint-law bottleneck explorer
# --------------------------------------------------------------------------------------


def draw_joint_law(params=1e9, tokens=1e10):
    """Kaplan's L(N, D): which resource limits the loss at (N, D), and what a doubling buys.

    Curves of L(N, D) against N at fixed D (one per decade of tokens), the
    infinite-data limit L(N, ∞), the chosen run, and the overfitting boundary
    D = 5·10³·N^0.74 (Eq. 4.4 of ``kaplan2020scaling``). Chapter 1, "Power laws".
    """
    params = as_positive("params", params, allow_array=False)
    tokens = as_positive("tokens", tokens, allow_array=False)
    law = laws.KAPLAN_JOINT_LAW
    n = np.logspace(5, 13, 60)
    fig, ax = new_figure(width=7.0, height=4.3, margins=_JOINT_LAW_MARGINS)
    for i, d in enumerate(10.0 ** np.arange(8, 14)):
        ax.plot(n, law.loss(n, d), color="#bbbbbb", lw=0.9)
        if i < 4:  # the larger D sit on top of L(N) at the right edge
            ax.annotate(f"D = {human_count(d)}", (n[-1], law.loss(n[-1], d)), fontsize=7,
                        color="#777777", ha="right", va="bottom")
    ax.plot(n, law.loss(n, 1e30), color="black", lw=1.2, label="D → ∞: L(N)")
    d_min = pl.KAPLAN_OVERFITTING.min_tokens(n)
    ax.plot(n, law.loss(n, d_min), color=PALETTE[2], lw=1.2, ls="--",
            label="D = 5·10³·N^0.74 (overfitting boundary)")
    here = float(law.loss(params, tokens))
    ax.plot([params], [here], "*", ms=13, color=PALETTE[3], label="your run", zorder=3)
    loglog(ax, xlabel="non-embedding parameters N", ylabel="loss L(N, D) (nats/token)",
           title="Kaplan's joint law L(N, D)")
    ax.set_ylim(1.1, 6.5)
    _plain_y(ax, [1.2, 1.5, 2, 3, 4, 5, 6])
    p_term, t_term = pl.joint_terms(law, params, tokens)
    gain_n = here - float(law.loss(2 * params, tokens))
    gain_d = here - float(law.loss(params, 2 * tokens))
    need = float(pl.KAPLAN_OVERFITTING.min_tokens(params))
    text = (f"N = {human_count(params)}, D = {human_count(tokens)}: L = {here:.3f} nats\n"
            f"params term {p_term:.3g}, tokens term {t_term:.3g}: "
            f"bottleneck = {pl.bottleneck(law, params, tokens)}\n"
            f"doubling N saves {gain_n:.4f} nats, doubling D {gain_d:.4f}\n"
            f"overfitting penalty δL = {float(pl.overfitting_penalty(law, params, tokens)):.1%}; "
            f"Eq. 4.4 asks D ≥ {human_count(need)}")
    ax.text(0.02, 0.03, text, transform=ax.transAxes, fontsize=8, va="bottom",
            bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    ax.legend(loc="upper right", fontsize=8)
    return fig


def joint_law_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_joint_law`: N and D."""
    d = {"params": 1e9, "tokens": 1e10} | defaults
    controls = {
        "params": log_slider("parameters N", d["params"], 1e5, 1e13),
        "tokens": log_slider("tokens D", d["tokens"], 1e8, 1e14),
    }
    return Explorer(draw_joint_law, controls, main="tokens")


# --------------------------------------------------------------------------------------
# static figure of a lab sweep
# --------------------------------------------------------------------------------------


def draw_lab_sweep(sweep="n_sweep"):
    """A cached lab sweep two ways: the loss with a pure power-law fit, and the excess L − E.

    Left: loss against the resource on log-log axes, with a pure power law fitted to
    all runs and continued until it falls below the entropy E. Right: the excess
    L − E with its own power-law fit. Chapter 1, "Power laws".
    """
    x, loss, entropy = lab_points(sweep)
    pure = fit_power_law(x, loss)
    excess = fit_power_law(x, loss - entropy)
    cross = pl.floor_crossing(pure, entropy)
    fig, (ax, bx) = new_figure(2, width=8.6, height=3.7)
    grid = np.geomspace(x[0] / 1.2, max(cross * 3, x[-1] * 3), 80)
    ax.plot(x, loss, "o", color=PALETTE[0], label="lab runs")
    ax.plot(grid, pure.predict(grid), "--", color=PALETTE[0],
            label=f"pure power law, slope {pure.exponent:.3f}")
    ax.plot(grid, entropy + excess.predict(grid), color=PALETTE[3],
            label="E + power law in L − E")
    ax.axhline(entropy, color="#888888", lw=0.8, ls=":")
    ax.annotate(f"entropy E = {entropy:.3f}", (grid[0], entropy), xytext=(2, -10),
                textcoords="offset points", fontsize=8, color="#555555")
    ax.axvline(cross, color="#888888", lw=0.6)
    ax.annotate(f"pure law < E\nfrom {human_count(cross)}", (cross, float(loss.max())),
                xytext=(4, -4), textcoords="offset points", fontsize=8, va="top",
                color="#555555")
    loglog(ax, xlabel=SWEEPS[sweep][1], ylabel="final loss (nats/token)", title="Loss")
    _plain_y(ax, [0.75, 0.8, 0.85, 0.9, 0.95])
    ax.set_ylim(0.72, float(loss.max()) + 0.02)
    ax.legend(loc="lower left", fontsize=7.5)
    bx.plot(x, loss - entropy, "o", color=PALETTE[3], label="lab runs")
    gx = np.geomspace(x[0] / 1.2, x[-1] * 1.2, 40)
    bx.plot(gx, excess.predict(gx), color=PALETTE[3],
            label=f"power law, slope {excess.exponent:.3f}")
    loglog(bx, xlabel=SWEEPS[sweep][1], ylabel="excess loss L − E (nats/token)",
           title="Excess loss above the entropy")
    _plain_y(bx, [0.02, 0.03, 0.05, 0.1, 0.15, 0.2])
    bx.legend(loc="lower left", fontsize=8)
    return fig
