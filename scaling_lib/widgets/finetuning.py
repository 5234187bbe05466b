"""Explorers of chapter 7, "Fine-tuning": effective data transferred, LoRA, saturation."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as W
import numpy as np

from scaling_lib import finetuning as ft
from scaling_lib._validate import as_int, as_positive
from scaling_lib.plotting import PALETTE, human_count, loglog, new_figure, place_legend
from scaling_lib.widgets.core import Explorer, log_slider, slider

_LAWS = {law.label: law for law in ft.TRANSFER_LAWS}
_STYLE = {"description_width": "9em"}

#: Fixed margins and fixed-height titles for speed (see ``plotting.new_figure``).
_TRANSFER_MARGINS = {"left": 0.071, "right": 0.995, "bottom": 0.122, "top": 0.937,
                     "wspace": 0.163}
_LORA_MARGINS = {"left": 0.071, "right": 0.995, "bottom": 0.122, "top": 0.937, "wspace": 0.183}
_SATURATION_MARGINS = {"left": 0.105, "right": 0.994, "bottom": 0.25, "top": 0.95}


# ------------------------------------------------------------------ transfer
def draw_transfer(params=1e8, fine_tune_data=1e6, law="text → Python"):
    """D_T = k·D_F^α·N^β and the multiplier (D_F + D_T)/D_F for a published fit.

    Left: D_T against D_F for N, N/10 and 10·N. Right: the multiplier. The chosen
    (N, D_F) is marked and its numbers printed. Chapter 7, "Fine-tuning".
    """
    if law not in _LAWS:
        raise ValueError(f"law must be one of {', '.join(_LAWS)}, got {law!r}")
    tl = _LAWS[law]
    n = float(as_positive("params", params, allow_array=False))
    d = float(as_positive("fine_tune_data", fine_tune_data, allow_array=False))
    fig, (ax1, ax2) = new_figure(2, width=9.0, height=3.9, margins=_TRANSFER_MARGINS)
    grid = np.geomspace(1e3, 1e11, 60)
    for i, (f, name) in enumerate(((0.1, "N/10"), (1.0, "N"), (10.0, "10·N"))):
        style = {"color": PALETTE[i], "lw": 2.0 if f == 1 else 1.2,
                 "ls": "-" if f == 1 else "--"}
        ax1.plot(grid, tl.transferred(grid, f * n), label=f"{name} = {human_count(f * n)}",
                 **style)
        ax2.plot(grid, tl.multiplier(grid, f * n), **style)
    ax1.plot(grid, grid, color="#999999", lw=0.8, ls=":", label="D_T = D_F")
    dt, mult = float(tl.transferred(d, n)), float(tl.multiplier(d, n))
    ax1.plot([d], [dt], "o", color=PALETTE[3], zorder=3)
    ax2.plot([d], [mult], "o", color=PALETTE[3], zorder=3)
    ax2.axhline(1, color="#999999", lw=0.8, ls=":")
    unit = tl.data_unit
    loglog(ax1, xlabel=f"fine-tuning data D_F ({unit})", ylabel=f"transferred D_T ({unit})",
           title=f"{tl.label}: k = {tl.k:.2g}, α = {tl.alpha}, β = {tl.beta}")
    loglog(ax2, xlabel=f"fine-tuning data D_F ({unit})",
           ylabel="multiplier (D_F + D_T) / D_F", title="How much pre-training multiplies D_F")
    ax1.legend(loc="upper left", fontsize=8)
    text = (f"N = {human_count(n)}, D_F = {human_count(d)}\n"
            f"D_T = {human_count(dt)} {unit}\nmultiplier = {mult:,.1f}×")
    ax2.text(0.97, 0.97, text, transform=ax2.transAxes, ha="right", va="top", fontsize=8,
             bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    return fig


def transfer_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_transfer`: the published fit, N and D_F."""
    d = {"params": 1e8, "fine_tune_data": 1e6, "law": "text → Python"} | defaults
    controls = {
        "law": W.Dropdown(options=list(_LAWS), value=d["law"], description="pre-trained on",
                          style=_STYLE),
        "params": log_slider("parameters N", d["params"], 1e6, 1e11),
        "fine_tune_data": log_slider("fine-tuning D_F", d["fine_tune_data"], 1e3, 1e10),
    }
    return Explorer(draw_transfer, controls, main="fine_tune_data")


# ---------------------------------------------------------------------- LoRA
def draw_lora(d_model=4096, n_layers=32, rank=8, matrices_per_layer=2, lora_alpha=16.0):
    """LoRA's trainable parameters against rank, and its update scale α/r vs α/√r.

    Left: r·(d_in + d_out) per square d_model × d_model matrix, times the adapted
    matrices, against the ~12·d_model²·n_layers weights of the transformer blocks
    (full fine-tuning). Right: the multiplier of B·A in LoRA (α/r) and rsLoRA (α/√r).
    Chapter 7, "Fine-tuning".
    """
    d = float(as_positive("d_model", d_model, allow_array=False))
    layers = int(as_int("n_layers", n_layers))
    r = float(as_positive("rank", rank, allow_array=False))
    m = int(as_int("matrices_per_layer", matrices_per_layer))
    a = float(as_positive("lora_alpha", lora_alpha, allow_array=False))
    full = 12 * d**2 * layers
    ranks = np.geomspace(1, 1024, 40)
    fig, (ax1, ax2) = new_figure(2, width=9.0, height=3.9, margins=_LORA_MARGINS)
    ax1.plot(ranks, ft.lora_params(d, d, ranks, m * layers), color=PALETTE[0],
             label=f"LoRA on {m} matrices × {layers} layers")
    ax1.axhline(full, color=PALETTE[3], ls="--", lw=1.2, label="full fine-tuning (≈ 12·d²·layers)")
    mine = float(ft.lora_params(d, d, r, m * layers))
    ax1.plot([r], [mine], "o", color=PALETTE[3], zorder=3)
    loglog(ax1, xlabel="rank r", ylabel="trainable parameters",
           title=f"d_model = {int(d):,}: {human_count(mine)} trainable ({mine / full:.2%})")
    ax1.legend(loc="lower right", fontsize=8)
    ax2.plot(ranks, ft.lora_scale(a, ranks), color=PALETTE[0], label="LoRA: α / r")
    ax2.plot(ranks, ft.lora_scale(a, ranks, stabilised=True), color=PALETTE[2],
             label="rsLoRA: α / √r")
    ax2.plot([r, r], [ft.lora_scale(a, r), ft.lora_scale(a, r, stabilised=True)], "o",
             color=PALETTE[3], zorder=3)
    loglog(ax2, xlabel="rank r", ylabel="scale γ of the update B·A",
           title=f"α = {a:g}, r = {r:g}: α/r is {np.sqrt(r):.1f}× below α/√r")
    ax2.legend(loc="lower left", fontsize=8)
    return fig


def lora_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_lora`: model width, depth, rank, adapted matrices, α."""
    d = {"d_model": 4096, "n_layers": 32, "rank": 8, "matrices_per_layer": 2,
         "lora_alpha": 16.0} | defaults
    controls = {
        "d_model": W.Dropdown(options=[768, 1024, 2048, 4096, 8192, 12288], value=d["d_model"],
                              description="d_model", style=_STYLE),
        "n_layers": W.IntSlider(value=d["n_layers"], min=6, max=128, step=2,
                                description="layers", continuous_update=False, style=_STYLE),
        "rank": W.Dropdown(options=[1, 2, 4, 8, 16, 32, 64, 128, 256, 512], value=d["rank"],
                           description="rank r", style=_STYLE),
        "matrices_per_layer": W.IntSlider(value=d["matrices_per_layer"], min=1, max=7,
                                          description="matrices/layer",
                                          continuous_update=False, style=_STYLE),
        "lora_alpha": slider("LoRA α", d["lora_alpha"], 1, 64, 1),
    }
    return Explorer(draw_lora, controls, main="rank")


# ---------------------------------------------------------------- saturation
@lru_cache(maxsize=1)
def _cached_curves():
    from scaling_lib.lab import load_sweep

    return ft.finetune_curves(load_sweep("finetune"))


def draw_saturation(shared_fraction=0.75, pretrain_tokens=250_000, n_fit=4,
                    known_floor=True, tokens=None, losses=None, entropy=None):
    """A fine-tuning curve from the lab, a power law and a saturating curve fitted to it.

    Both are fitted to the ``n_fit`` smallest fine-tuning sets and extrapolated; the
    other points are held out and the errors printed. By default the curve comes from
    the cached ``finetune`` sweep; pass ``tokens``, ``losses`` (and ``entropy``) to use
    your own. Chapter 7, "Fine-tuning".
    """
    from_cache = tokens is None
    if from_cache:
        curves = _cached_curves()
        key = (float(shared_fraction), int(pretrain_tokens))
        if key not in curves:
            raise ValueError(f"no cached curve for shared_fraction={shared_fraction}, "
                             f"pretrain_tokens={pretrain_tokens}; have {sorted(curves)}")
        tokens, losses, entropy = curves[key]
    cmp = ft.compare_extrapolation(tokens, losses, n_fit,
                                   floor=entropy if known_floor else None)
    fig, ax = new_figure(width=7.0, height=4.9, margins=_SATURATION_MARGINS)
    grid = np.geomspace(cmp.tokens.min() / 2, cmp.tokens.max() * 30, 80)
    ax.plot(cmp.tokens[:n_fit], cmp.losses[:n_fit], "o", color="#222222", label="fitted points")
    if n_fit < cmp.tokens.size:
        ax.plot(cmp.held_out_tokens, cmp.losses[n_fit:], "o", mfc="white", color="#222222",
                label="held out")
    form = "E + B·D^(−b), E known" if known_floor else "L₀ + B·D^(−b)"
    ax.plot(grid, cmp.power_loss(grid), color=PALETTE[0], label=f"power law {form}")
    ax.plot(grid, cmp.saturating.predict(grid), color=PALETTE[3], ls="--",
            label="saturating L_sat + A·exp(−D/D_s)")
    if entropy is not None:
        ax.axhline(entropy, color="#999999", lw=0.8, ls=":", label="entropy (irreducible)")
    ax.set_xscale("log")
    ax.minorticks_off()  # as loglog(): minor ticks on a log axis are slow to redraw
    ax.set_xlabel("fine-tuning tokens D_F")
    ax.set_ylabel("loss on the target (nats/token)")
    title = f"shared fraction {shared_fraction}, pre-trained on {human_count(pretrain_tokens)}"
    ax.set_title(title if from_cache else "your fine-tuning curve", y=1.0)
    if cmp.power_errors.size:
        text = (f"held-out mean |error| (nats):\npower law {np.mean(np.abs(cmp.power_errors)):.4f}"
                f"\nsaturating {np.mean(np.abs(cmp.saturating_errors)):.4f}")
        ax.text(0.97, 0.97, text, transform=ax.transAxes, ha="right", va="top", fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    lo = min(cmp.losses.min(), entropy if entropy is not None else cmp.losses.min())
    ax.set_ylim(lo - 0.01, cmp.losses.max() + 0.03)
    # below the axes: inside, every corner holds a curve, the points or the entropy line
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8,
              frameon=False)
    return fig


def saturation_explorer(**defaults) -> Explorer:
    """Explorer over :func:`draw_saturation`: which lab curve, how many points to fit."""
    d = {"shared_fraction": 0.75, "pretrain_tokens": 250_000, "n_fit": 4,
         "known_floor": True} | defaults
    keys = sorted(_cached_curves())
    controls = {
        "shared_fraction": W.Dropdown(options=sorted({k[0] for k in keys}),
                                      value=d["shared_fraction"], description="shared fraction",
                                      style=_STYLE),
        "pretrain_tokens": W.Dropdown(options=sorted({k[1] for k in keys}),
                                      value=d["pretrain_tokens"], description="pre-train tokens",
                                      style=_STYLE),
        "n_fit": W.IntSlider(value=d["n_fit"], min=3, max=5, description="points fitted",
                             continuous_update=False, style=_STYLE),
        "known_floor": W.Checkbox(value=d["known_floor"], description="power law uses known E"),
    }
    return Explorer(draw_saturation, controls, main="n_fit")


# ------------------------------------------------------------ lab figures
def draw_lab_transfer(measurements, *, group_by="shared_fraction", fits=None, title=""):
    """Effective data transferred measured on lab runs, and the multiplier.

    Left: D_T against D_F, one colour per value of ``group_by`` (an attribute of
    :class:`scaling_lib.finetuning.TransferMeasurements`, e.g. ``"shared_fraction"`` or
    ``"width"``); runs where pre-training did not help (D_T ≤ 0) are drawn as crosses on
    the bottom edge. ``fits`` maps each group value to a fitted :class:`TransferLaw`
    (β = 0 within a group of one size), drawn as lines. Right: the multiplier
    (D_F + D_T)/D_F. Chapter 7, "Fine-tuning".
    """
    m = measurements
    groups = np.unique(getattr(m, group_by))
    fig, (ax1, ax2) = new_figure(2, width=9.0, height=3.9)
    pos = m.transferred_tokens[np.isfinite(m.transferred_tokens) & (m.transferred_tokens > 0)]
    floor = pos.min() / 3 if pos.size else 1.0
    for i, g in enumerate(groups):
        s = m.select(**{group_by: g})
        c = PALETTE[i % len(PALETTE)]
        label = f"{group_by.replace('_', ' ')} {g:g}"
        dt = s.transferred_tokens
        ok = np.isfinite(dt) & (dt > 0)
        ax1.plot(s.finetune_tokens[ok], dt[ok], "o", color=c, label=label)
        bad = np.isfinite(dt) & (dt <= 0)
        ax1.plot(s.finetune_tokens[bad], np.full(bad.sum(), floor), "x", color=c, ms=7)
        fine = np.isfinite(s.multiplier)
        ax2.plot(s.finetune_tokens[fine], s.multiplier[fine], "o-", color=c, lw=1, label=label)
        if fits and g in fits:
            law = fits[g]
            grid = np.geomspace(s.finetune_tokens.min(), s.finetune_tokens.max(), 20)
            n = float(np.median(s.params))
            ax1.plot(grid, law.transferred(grid, n), "-", color=c, lw=1.2)
    ax2.axhline(1, color="#999999", lw=0.8, ls=":")
    loglog(ax1, xlabel="fine-tuning tokens D_F", ylabel="transferred D_T (tokens)",
           title=title or "Effective data transferred (× : none)")
    ax2.set_xscale("log")
    ax2.minorticks_off()
    ax2.set_xlabel("fine-tuning tokens D_F")
    ax2.set_ylabel("multiplier (D_F + D_T) / D_F")
    ax2.set_title("Pre-training multiplies D_F by")
    for axis in (ax1.xaxis, ax1.yaxis, ax2.xaxis):
        _label_minor_ticks(axis)
    place_legend(ax1, fontsize=8)
    return fig


def _label_minor_ticks(axis):
    """On a log axis spanning less than two decades, tick and label 1×, 2× and 5× each decade."""
    from matplotlib.ticker import FuncFormatter, LogLocator

    axis.axes.autoscale_view()
    lo, hi = axis.get_view_interval()
    if lo > 0 and hi / lo < 100:
        axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(FuncFormatter(lambda v, _: human_count(v)))
