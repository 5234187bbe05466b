"""Explorers of chapter 0, "Counting compute": a training-budget calculator and lifetime compute."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.transforms import Bbox

from scaling_lib import compute, models
from scaling_lib.plotting import (
    PALETTE,
    human_count,
    label_points,
    loglog,
    measuring_renderer,
    new_figure,
    place_legend,
    pow10_label,
)
from scaling_lib.widgets.core import Explorer, frame_positions, log_slider, slider

#: The highest MFU chapter 0 quotes: PaLM's reported 46.2%, Llama 3's reported BF16 MFUs and
#: the MFUs implied by the published GPU-hours of ``models.MODELS``.
HIGHEST_QUOTED_MFU = max(compute.PALM_540B_MFU, *models.LLAMA3_REPORTED_MFU,
                         *(m.implied_mfu for m in models.MODELS if m.implied_mfu is not None))


def _times_ten(x: float, digits: int = 3) -> str:
    """``5.88×10²³``: a large number as a person writes it."""
    exp = int(np.floor(np.log10(abs(x))))
    mantissa = float(f"{x / 10**exp:.{digits}g}")
    if mantissa >= 10:
        mantissa, exp = mantissa / 10, exp + 1
    return pow10_label(mantissa * 10.0**exp).replace(f"{mantissa:.2g}×", f"{mantissa:.{digits}g}×")


def _count_slider(description: str, value: float, low: float, high: float,
                  max_positions: int = 60):
    """A log-spaced slider over round counts whose readout is the count as papers write it
    (70B, 1.4T), the same as the figure's text."""
    grid = frame_positions(log_slider(description, value, low, high), max_positions)
    return W.SelectionSlider(options=[(human_count(v), v) for v in grid],
                             value=next(v for v in grid if np.isclose(v, value, rtol=1e-9)),
                             description=description, continuous_update=False,
                             style={"description_width": "9em"})


def draw_training_budget(params=70e9, tokens=1.4e12, accelerator="H100", mfu=0.4,
                         dollars_per_gpu_hour=2.0, n_gpus=1024):
    """Iso-FLOP lines in the (N, D) plane, published models, and the chosen run's cost.

    Chapter 0, "Counting compute".
    """
    b = compute.training_budget(params, tokens, accelerator, mfu, dollars_per_gpu_hour, n_gpus)
    fig, ax = new_figure(width=7.0, height=4.4,
                         margins={"left": 0.1, "right": 0.97, "bottom": 0.11, "top": 0.93})
    n = np.logspace(8, 12.5, 50)
    for exp in range(20, 27):
        flops = 10.0**exp
        ax.plot(n, flops / (6 * n), color="#bbbbbb", lw=0.8, zorder=1, gid="background")
        # label each line where it meets the bottom of the plot, or else the right edge
        x = min(flops / (6 * 1.1e10), 2.6e12)
        ax.annotate(pow10_label(flops), (x, flops / (6 * x)), fontsize=7, color="#888888",
                    ha="right", va="bottom")
    dense = [m for m in models.ALL_MODELS if not m.is_moe]
    moe = [m for m in models.ALL_MODELS if m.is_moe]
    ax.scatter([m.params for m in dense], [m.tokens for m in dense], s=14,
               color=PALETTE[0], zorder=2, label="published models")
    # a mixture of experts sits at its active parameters: those set the compute per token
    ax.scatter([m.params for m in moe], [m.tokens for m in moe], s=18, facecolor="white",
               edgecolor=PALETTE[0], zorder=2, label="mixtures of experts (active N)")
    ax.scatter([b.params], [b.tokens], s=90, marker="*", color=PALETTE[3], zorder=3,
               label="your run")
    ax.set_xlim(1e8, 3e12)
    ax.set_ylim(1e10, 1e14)
    loglog(ax, xlabel="parameters N", ylabel="training tokens D",
           title="Training runs; grey lines: equal compute C = 6ND (FLOPs)")
    text = (f"N = {human_count(b.params)}, D = {human_count(b.tokens)}\n"
            f"C = {_times_ten(b.flops)} FLOPs = {b.pf_days:,.0f} PF-days\n"
            f"{accelerator} at MFU {mfu:.0%}: {b.gpu_hours:,.0f} GPU-hours\n"
            + (f"(above every MFU quoted in this chapter, at most "
               f"{HIGHEST_QUOTED_MFU:.0%})\n" if mfu > HIGHEST_QUOTED_MFU + 0.005 else "") +
            f"{n_gpus:,} GPUs: {b.wall_clock_days:,.1f} days\n"
            f"at \\${dollars_per_gpu_hour:.2f}/GPU-hour: \\${b.dollars:,.0f}")
    box = ax.text(0.02, 0.98, text, transform=ax.transAxes, va="top", fontsize=8,
                  bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    legend = ax.legend(loc="lower right")
    # model names where they overlap neither each other, the text box, the legend nor the star
    renderer = measuring_renderer(fig)
    star = ax.transData.transform((b.params, b.tokens))
    avoid = [box.get_window_extent(renderer), legend.get_window_extent(renderer),
             Bbox.from_extents(star[0] - 6, star[1] - 6, star[0] + 6, star[1] + 6)]
    shown = dense + moe
    label_points(ax, [m.params for m in shown], [m.tokens for m in shown],
                 [m.name for m in shown], avoid=avoid, fontsize=6.5, color="#444444")
    return fig


def training_budget_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_training_budget`: N, D, hardware, MFU, price, GPUs."""
    d = {"params": 70e9, "tokens": 1.4e12, "accelerator": "H100", "mfu": 0.4,
         "dollars_per_gpu_hour": 2.0, "n_gpus": 1024} | defaults
    controls = {
        "params": _count_slider("parameters N", d["params"], 1e8, 1e12, 20),
        "tokens": _count_slider("tokens D", d["tokens"], 1e10, 1e14),
        "accelerator": W.Dropdown(options=sorted(compute.ACCELERATORS), value=d["accelerator"],
                                  description="hardware", style={"description_width": "9em"}),
        "mfu": slider("MFU", d["mfu"], 0.05, 0.8, 0.01, readout_format=".0%"),
        "dollars_per_gpu_hour": slider("$ per GPU-hour", d["dollars_per_gpu_hour"], 0.5, 10,
                                        0.1),
        "n_gpus": W.IntSlider(value=d["n_gpus"], min=8, max=16384, step=8, description="GPUs",
                              readout_format=",d", continuous_update=False,
                              style={"description_width": "9em"}),
    }
    return Explorer(draw_training_budget, controls, main="params")


def draw_lifetime_compute(params=70e9, tokens=2e12, tokens_per_day=1e10, days=365.0):
    """Cumulative training + inference FLOPs of one model served for ``days``.

    Training costs 6·N·D once; serving costs 2·N per token, so inference
    catches up with training after 3·D served tokens, whatever N is.
    Chapter 0, "Counting compute".
    """
    train = float(compute.training_flops(params, tokens))
    t_days = np.linspace(0, days, 200)
    served = tokens_per_day * t_days
    infer = compute.FORWARD_FLOPS_PER_PARAM_PER_TOKEN * params * served
    fig, ax = new_figure(width=7.0, height=4.0,
                         margins={"left": 0.1, "right": 0.97, "bottom": 0.12, "top": 0.9})
    ax.fill_between(t_days, 0, train, color=PALETTE[0], alpha=0.35, label="training, 6·N·D")
    ax.fill_between(t_days, train, train + infer, color=PALETTE[1], alpha=0.5,
                    label="inference, 2·N per token")
    cross = compute.inference_tokens_to_match_training(tokens) / tokens_per_day
    if cross <= days:
        ax.axvline(cross, color=PALETTE[3], ls="--", lw=1)
        ax.annotate(f"inference = training\nafter {cross:,.0f} days", (cross, train),
                    xytext=(5, 5), textcoords="offset points", fontsize=8, color=PALETTE[3])
    share = infer[-1] / (train + infer[-1])
    ax.set_xlabel("days in service")
    ax.set_ylabel("cumulative compute (FLOPs)")
    ax.set_title(f"N = {human_count(params)}, D = {human_count(tokens)}, "
                 f"{human_count(tokens_per_day)} tokens/day: inference is {share:.0%} "
                 f"of lifetime compute", fontsize=9)
    ax.set_xlim(0, days)
    ax.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    place_legend(ax)
    return fig


def lifetime_compute_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_lifetime_compute`."""
    d = {"params": 70e9, "tokens": 2e12, "tokens_per_day": 1e10, "days": 365.0} | defaults
    controls = {
        "params": _count_slider("parameters N", d["params"], 1e8, 1e12),
        "tokens": _count_slider("training tokens D", d["tokens"], 1e10, 1e14),
        "tokens_per_day": _count_slider("served tokens/day", d["tokens_per_day"], 1e7, 1e13,
                                        20),
        "days": slider("days in service", d["days"], 30, 1825, 5, readout_format=".0f"),
    }
    return Explorer(draw_lifetime_compute, controls, main="tokens_per_day")
