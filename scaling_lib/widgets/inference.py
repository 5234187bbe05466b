"""Explorers of chapter 5, "Training for deployment": inference demand and cost of ownership.

Both explorers name the target quality by a model size: "as good as the
Chinchilla-optimal model of N parameters" under the chosen law, as
``sardana2024beyond`` do.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator

from scaling_lib import inference as inf
from scaling_lib import laws
from scaling_lib.compute import lifetime_flops, training_flops
from scaling_lib.plotting import PALETTE, human_count, new_figure, place_legend, sci
from scaling_lib.widgets.core import Explorer, log_slider, slider

#: The laws the explorers offer, by the label shown in the dropdown.
#: The laws the explorers offer; the first (the chapter's headline law) is the default. The
#: printed constants are rounding-sensitive here (chapter 5).
LAWS = {"Hoffmann 2022, unrounded": laws.HOFFMANN_2022_UNROUNDED,
        "Hoffmann 2022, printed": laws.HOFFMANN_2022,
        "Besiroglu 2024": laws.BESIROGLU_2024,
        "Sardana 2024": laws.SARDANA_2024}
DEFAULT_LAW = "Hoffmann 2022, unrounded"

_BOX = {"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"}


def _power(x: float) -> str:
    """``1e9`` style label for a power of ten."""
    return f"1e{int(round(np.log10(x)))}"


def _law(law):
    if isinstance(law, str):
        if law not in LAWS:
            raise ValueError(f"law must be one of {sorted(LAWS)}, got {law!r}")
        return LAWS[law]
    return law


def draw_inference_demand(reference_params=13e9, inference_tokens=2e12, law=DEFAULT_LAW):
    """Lifetime compute along the iso-loss curve, and how the optimum moves with demand.

    Left: 6·N·D + 2·N·D_inf for every model (N, D) that reaches the loss of the
    Chinchilla-optimal model of ``reference_params`` parameters, with and
    without the inference term; the two optima are marked. Right: tokens per
    parameter and size of the optimum against lifetime inference demand.
    Chapter 5, "Training for deployment" (``sardana2024beyond``).
    """
    chosen = _law(law)
    target = float(inf.chinchilla_loss_for_params(chosen, reference_params))
    opt = inf.inference_optimal(chosen, target, inference_tokens)
    n_min = float(inf.min_params_for_loss(chosen, target))
    n_c = opt.chinchilla_params
    n = np.geomspace(max(n_min * 1.0005, min(n_c / 30, opt.params / 2)), n_c * 4, 120)
    d = inf.tokens_for_loss(chosen, n, target)
    train = training_flops(n, d)
    life = lifetime_flops(n, d, inference_tokens)

    fig, (ax, bx) = new_figure(2, width=9.6, height=4.0,
                               margins={"left": 0.08, "right": 0.98, "bottom": 0.13,
                                        "top": 0.92, "wspace": 0.22})
    ax.loglog(n, train, color=PALETTE[0], label="training only, 6ND")
    ax.loglog(n, life, color=PALETTE[3], label="training + inference")
    ax.scatter([n_c], [opt.chinchilla_lifetime_flops], color=PALETTE[0], zorder=3, s=30,
               label="Chinchilla-optimal")
    ax.scatter([opt.params], [opt.lifetime_flops], color=PALETTE[3], marker="*", s=120,
               zorder=3, label="inference-optimal")
    ax.set_ylim(train.min() / 1.5, max(opt.chinchilla_lifetime_flops, train.min() * 3) * 8)
    ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: human_count(x)))
    ax.xaxis.set_minor_locator(NullLocator())  # as loglog(): minor ticks are slow to redraw
    ax.set_xlabel("parameters N (on the iso-loss curve)")
    ax.set_ylabel("lifetime compute (FLOPs)")
    ax.set_title(f"loss {target:.3f} nats, {sci(inference_tokens, 2)} tokens served",
                 fontsize=9, y=1.0)
    text = (f"optimum: N = {human_count(opt.params)}, D = {human_count(opt.tokens)}\n"
            f"{opt.tokens_per_param:,.0f} tokens/param "
            f"(Chinchilla: {opt.chinchilla_tokens / n_c:,.0f})\n"
            f"saves {sci(opt.saving_flops, 2)} FLOPs = {opt.saving_fraction:.0%}")
    ax.text(0.97, 0.97, text, transform=ax.transAxes, ha="right", va="top", fontsize=8,
            bbox=_BOX)
    place_legend(ax, fontsize=7.5)

    demand = np.geomspace(1e9, 1e16, 60)
    sweep = inf.inference_optimal(chosen, target, demand)
    bx.loglog(demand, sweep.tokens_per_param, color=PALETTE[2], label="tokens per parameter")
    bx.loglog(demand, sweep.params / n_c * 100, color=PALETTE[4], ls="--",
              label="N as % of Chinchilla-optimal")
    bx.axvline(inference_tokens, color="#888888", lw=0.8)
    # plain-text tick labels: mathtext labels (10^n) are slow to typeset on every redraw
    for axis, fmt in ((ax.yaxis, _power), (bx.xaxis, _power), (bx.yaxis, human_count)):
        axis.set_minor_locator(NullLocator())
        axis.set_major_formatter(FuncFormatter(lambda x, _, f=fmt: f(x)))
    bx.set_xlabel("lifetime inference demand D_inf (tokens)")
    bx.set_title(f"optimum vs demand, {chosen.label}", fontsize=9, y=1.0)
    place_legend(bx, fontsize=7.5)
    return fig


def inference_demand_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_inference_demand`: target model size, inference demand, law."""
    d = {"reference_params": 13e9, "inference_tokens": 2e12, "law": DEFAULT_LAW} | defaults
    controls = {
        "reference_params": log_slider("target: as good as", d["reference_params"], 1e8, 1e12),
        "inference_tokens": log_slider("tokens served", d["inference_tokens"], 1e9, 1e16),
        "law": W.Dropdown(options=list(LAWS), value=d["law"], description="law",
                          style={"description_width": "9em"}),
    }
    return Explorer(draw_inference_demand, controls, main="inference_tokens")


def draw_cost_of_ownership(reference_params=70e9, requests_per_day=1e7, tokens_per_request=1000.0,
                           lifetime_days=365.0, training_mfu=inf.ILLUSTRATIVE_TRAINING_MFU,
                           inference_mfu=inf.ILLUSTRATIVE_INFERENCE_MFU,
                           training_price=inf.ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR,
                           inference_price=inf.ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR,
                           law=DEFAULT_LAW):
    """Cumulative dollars of two equally good plans: Chinchilla-optimal vs cost-optimal.

    Both reach the loss of the Chinchilla-optimal model of ``reference_params``.
    The cost-optimal plan minimises dollars for the lifetime demand
    requests/day × tokens/request × days, given separate MFU and prices for
    training and serving (H100 peak). Prices and MFU are illustrative settings.
    Chapter 5, "Training for deployment" (``sardana2024beyond``).
    """
    chosen = _law(law)
    target = float(inf.chinchilla_loss_for_params(chosen, reference_params))
    demand = requests_per_day * tokens_per_request * lifetime_days
    ratio = inf.inference_flop_price_ratio(training_mfu, inference_mfu, training_price,
                                           inference_price)
    opt = inf.inference_optimal(chosen, target, ratio * demand)
    settings = {"requests_per_day": requests_per_day, "tokens_per_request": tokens_per_request,
                "lifetime_days": lifetime_days, "training_mfu": training_mfu,
                "inference_mfu": inference_mfu, "training_dollars_per_gpu_hour": training_price,
                "inference_dollars_per_gpu_hour": inference_price}
    chin = inf.cost_of_ownership(opt.chinchilla_params, opt.chinchilla_tokens, **settings)
    best = inf.cost_of_ownership(opt.params, opt.tokens, **settings)
    day = inf.break_even_day(best, chin)

    days = np.linspace(0, lifetime_days, 100)
    fig, ax = new_figure(1, width=7.4, height=4.2,
                         margins={"left": 0.09, "right": 0.97, "bottom": 0.12, "top": 0.92})
    for plan, colour, name in ((chin, PALETTE[0], "Chinchilla-optimal"),
                               (best, PALETTE[3], "cost-optimal")):
        ax.plot(days, plan.dollars_after(days) / 1e6, color=colour,
                label=f"{name}: N = {human_count(plan.params)}, "
                      f"D = {human_count(plan.training_tokens)}")
    if best.params < chin.params * (1 - 1e-3) and 0 < day <= lifetime_days:
        ax.axvline(day, color="#888888", ls="--", lw=0.8)
        ax.annotate(f"break-even\nday {day:,.0f}", (day, best.dollars_after(day) / 1e6),
                    xytext=(6, -28), textcoords="offset points", fontsize=8)
    ax.set_xlim(0, lifetime_days)
    ax.set_ylim(0, None)
    ax.set_xlabel("days in service")
    ax.set_ylabel("cumulative cost (million $)")
    ax.set_title(f"{human_count(requests_per_day)} requests/day × {tokens_per_request:,.0f} "
                 f"tokens, loss {target:.3f} ({chosen.label})", fontsize=9)
    saving = chin.total_dollars - best.total_dollars
    text = (f"Chinchilla-optimal: \\${chin.total_dollars / 1e6:,.2f}M "
            f"({chin.inference_share:.0%} serving)\n"
            f"cost-optimal: \\${best.total_dollars / 1e6:,.2f}M "
            f"({best.inference_share:.0%} serving)\n"
            f"saving: \\${saving / 1e6:,.2f}M = {saving / chin.total_dollars:.0%}\n"
            f"illustrative prices and MFU")
    ax.text(0.02, 0.97, text, transform=ax.transAxes, va="top", fontsize=8, bbox=_BOX)
    ax.legend(loc="lower right", fontsize=7.5)
    return fig


def cost_of_ownership_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_cost_of_ownership`: demand, lifetime, MFU and prices."""
    d = {"reference_params": 70e9, "requests_per_day": 1e7, "tokens_per_request": 1000.0,
         "lifetime_days": 365.0, "training_mfu": inf.ILLUSTRATIVE_TRAINING_MFU,
         "inference_mfu": inf.ILLUSTRATIVE_INFERENCE_MFU,
         "training_price": inf.ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR,
         "inference_price": inf.ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR,
         "law": DEFAULT_LAW} | defaults
    controls = {
        "reference_params": log_slider("target: as good as", d["reference_params"], 1e8, 1e12),
        "requests_per_day": log_slider("requests/day", d["requests_per_day"], 1e3, 1e10),
        "tokens_per_request": log_slider("tokens/request", d["tokens_per_request"], 10, 1e5),
        "lifetime_days": slider("lifetime (days)", d["lifetime_days"], 30, 1825, 5),
        "training_mfu": slider("training MFU", d["training_mfu"], 0.05, 0.8, 0.01),
        "inference_mfu": slider("serving MFU", d["inference_mfu"], 0.01, 0.8, 0.01),
        "training_price": slider("train $/GPU-h", d["training_price"], 0.5, 10, 0.1),
        "inference_price": slider("serve $/GPU-h", d["inference_price"], 0.5, 10, 0.1),
        "law": W.Dropdown(options=list(LAWS), value=d["law"], description="law",
                          style={"description_width": "9em"}),
    }
    return Explorer(draw_cost_of_ownership, controls, main="requests_per_day")


def draw_lab_break_even(pair: dict, volumes):
    """Lifetime FLOPs of two lab models of equal loss against inference volume.

    ``pair`` has keys ``params_large``, ``tokens_large``, ``params_small``,
    ``tokens_small`` (measured match), ``tokens_small_law`` (the fitted law's
    match), and the break-even volumes ``measured`` and ``law``. ``volumes``
    are the inference volumes to mark. Chapter 5, the lab experiment.
    """
    t = np.concatenate([[0.0], np.geomspace(1e4, max(volumes) * 3, 150)])
    n_l, d_l, n_s = pair["params_large"], pair["tokens_large"], pair["params_small"]
    fig, ax = new_figure(width=7.4, height=4.0)
    big = lifetime_flops(n_l, d_l, t)
    small = lifetime_flops(n_s, pair["tokens_small"], t)
    small_law = lifetime_flops(n_s, pair["tokens_small_law"], t)
    ax.plot(t, big / big, color=PALETTE[0], label=f"larger model, N = {n_l:,.0f}")
    ax.plot(t, small / big, color=PALETTE[3],
            label=f"smaller model, N = {n_s:,.0f} (measured match)")
    ax.plot(t, small_law / big, color=PALETTE[3], ls=":",
            label="smaller model (fitted law's match)")
    for key, style, name in (("measured", "--", "measured"), ("law", ":", "law")):
        if np.isfinite(pair[key]) and pair[key] > 0:
            ax.axvline(pair[key], color="#666666", ls=style, lw=0.9)
            # the measured break-even rests on one seed: one figure (the second moves with
            # the BLAS kernel); the law's comes from the cached sweep
            digits = 1 if key == "measured" else 2
            ax.annotate(f"{name} break-even\n{sci(pair[key], digits)} tokens", (pair[key], 1.0),
                        xytext=(4, 18) if key == "measured" else (-4, -34),
                        ha="left" if key == "measured" else "right",
                        textcoords="offset points", fontsize=7.5)
    ax.scatter(volumes, np.interp(volumes, t, small / big), color=PALETTE[3], s=18, zorder=3)
    ax.set_xscale("symlog", linthresh=1e4)
    ax.set_xlim(0, t[-1])
    ax.set_xlabel("inference tokens served")
    ax.set_ylabel("lifetime FLOPs relative to the larger model")
    ax.set_title("equal loss, different sizes: the smaller model pays back its extra training",
                 fontsize=9)
    ax.legend(loc="lower left", fontsize=7.5)
    return fig


def draw_optimum_vs_demand(reference_params=13e9, laws_to_compare=tuple(LAWS)):
    """Size and tokens per parameter of the inference-optimal model against demand, per law.

    The target is the loss of each law's own Chinchilla-optimal model of
    ``reference_params`` parameters. Chapter 5 (``sardana2024beyond``).
    """
    demand = np.geomspace(1e9, 1e16, 80)
    fig, (ax, bx) = new_figure(2, width=9.6, height=3.8)
    for i, name in enumerate(laws_to_compare):
        law = _law(name)
        target = float(inf.chinchilla_loss_for_params(law, reference_params))
        opt = inf.inference_optimal(law, target, demand)
        ax.loglog(demand, opt.params, color=PALETTE[i], label=law.label)
        bx.loglog(demand, opt.tokens_per_param, color=PALETTE[i], label=law.label)
    bx.axhline(inf.SARDANA_MAX_TOKENS_PER_PARAM, color="#888888", ls="--", lw=0.8)
    bx.annotate("largest ratio Sardana et al. trained", (demand[0],
                inf.SARDANA_MAX_TOKENS_PER_PARAM), xytext=(2, 3), textcoords="offset points",
                fontsize=7.5, color="#555555")
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: human_count(x)))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("lifetime inference demand (tokens)")
    ax.set_ylabel("parameters N of the optimum")
    ax.set_title(f"same quality as a Chinchilla-optimal {human_count(reference_params)} model",
                 fontsize=9)
    bx.set_xlabel("lifetime inference demand (tokens)")
    bx.set_ylabel("training tokens per parameter")
    bx.set_title("the optimum trains longer and longer", fontsize=9)
    ax.legend(loc="lower left", fontsize=7.5)
    return fig
