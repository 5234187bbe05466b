"""Explorers and figures of chapter 9, "Predicting abilities before you train".

* :func:`forecast_explorer` — pick the metric, the method (two-step or direct), the
  rungs to fit and whether step 2 may use other models; see the forecast, its
  bootstrap interval and the held-out truth.
* :func:`choices_explorer` — multiple-choice accuracy against task loss for 2, 4 or
  10 options: the same model, the same correct answer, a different number of wrong
  options.

``draw_ladder``, ``draw_two_step``, ``draw_forecast_vs_truth`` and
``draw_loss_collapse`` draw the chapter's lab figures.
"""

from __future__ import annotations

import functools

import ipywidgets as W
import numpy as np
from matplotlib.ticker import NullLocator

from scaling_lib import forecasting as fc
from scaling_lib._validate import InputTypeError, _show, as_choice, as_int
from scaling_lib.plotting import PALETTE, LogLabels, LogTicks, new_figure, place_legend
from scaling_lib.widgets.core import Explorer

_STYLE = {"description_width": "9em"}
_LABELS = {"task_loss_nats": "task loss (nats/answer)", "exact_match": "exact match",
           "per_digit_accuracy": "per-digit accuracy",
           "mc2_accuracy": "2-choice accuracy", "mc4_accuracy": "4-choice accuracy",
           "mc10_accuracy": "10-choice accuracy"}
_METHODS = {"two_step": "two-step", "direct": "direct"}
_TWO_PANEL = {"left": 0.075, "right": 0.985, "bottom": 0.14, "top": 0.9, "wspace": 0.22}
_THREE_PANEL = {"left": 0.06, "right": 0.99, "bottom": 0.15, "top": 0.9, "wspace": 0.3}


def _sweep(sweep):
    from scaling_lib.lab.task import LadderSweep, load_task_sweep

    if sweep is None:
        return load_task_sweep("ladder")
    if not isinstance(sweep, LadderSweep):
        raise InputTypeError(f"sweep must be a LadderSweep (load_task_sweep('ladder')), got "
                             f"{_show(sweep)}")
    return sweep


def _length_colors(sweep):
    return {int(t): PALETTE[i % len(PALETTE)] for i, t in enumerate(sweep.tokens)}


def _log_x(ax) -> None:
    """A log x axis with the book's fast ticks (no minor ticks, no mathtext labels)."""
    ax.set_xscale("log")
    ax.minorticks_off()
    ax.xaxis.set_major_locator(LogTicks())
    ax.xaxis.set_major_formatter(LogLabels())


def _log_y(ax) -> None:
    """A log y axis with the book's fast ticks."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogTicks())
    ax.yaxis.set_major_formatter(LogLabels())
    ax.yaxis.set_minor_locator(NullLocator())


def _tok(t) -> str:
    return f"{int(t) // 1000}k tokens"


# --------------------------------------------------------------------------------------
# The ladder
# --------------------------------------------------------------------------------------


def draw_ladder(sweep, answer_digits: int = 11, *, max_shown_width: int | None = 64):
    """Pre-training loss, task loss and exact match against compute, per training length.

    Rungs wider than ``max_shown_width`` are not drawn (the held-out top of the
    ladder stays hidden until the forecast is made); ``None`` draws all. Chapter 9.
    """
    sweep = _sweep(sweep)
    k = as_int("answer_digits", answer_digits)
    if k not in sweep.answer_lengths:
        raise ValueError(f"answer_digits must be one of {sweep.answer_lengths.tolist()}, got {k}")
    limit = np.inf if max_shown_width is None else as_int("max_shown_width", max_shown_width)
    fig, axes = new_figure(3, width=10.0, height=3.4, margins=_THREE_PANEL)
    series = (("pretrain_loss_nats", None, "pre-training loss (nats/token)"),
              ("task_loss_nats", k, f"task loss, k = {k} (nats/answer)"),
              ("exact_match", k, f"exact match, k = {k}"))
    colors = _length_colors(sweep)
    for ax, (name, kk, label) in zip(axes, series, strict=True):
        y = sweep.metric(name, kk)
        for t in sweep.tokens:
            m = (sweep.rung_tokens == t) & (sweep.rung_widths <= limit)
            ax.plot(sweep.rung_flops[m], y[m], "o-", ms=3.5, color=colors[int(t)],
                    label=_tok(t))
        _log_x(ax)
        if name != "exact_match":
            _log_y(ax)
        ax.set_xlabel("training compute C (FLOPs)")
        ax.set_title(label, y=1.0, fontsize=10)
    axes[2].set_ylim(-0.03, 1.03)
    axes[0].legend(fontsize=8, loc="lower left")
    return fig


def draw_loss_collapse(sweep, answer_digits: int = 11, metric: str = "exact_match"):
    """Accuracy against parameters (left) and against pre-training loss (right).

    Every run of every training length is drawn. If accuracy is a function of
    pre-training loss alone, the right panel's curves fall on one another
    (Du et al. 2024, ``du2024understanding``). Chapter 9.
    """
    sweep = _sweep(sweep)
    as_choice("metric", metric, tuple(fc.CHANCE))
    k = as_int("answer_digits", answer_digits)
    if k not in sweep.answer_lengths:
        raise ValueError(f"answer_digits must be one of {sweep.answer_lengths.tolist()}, got {k}")
    fig, (ax0, ax1) = new_figure(2, width=8.6, height=3.5, margins=_TWO_PANEL)
    acc = sweep.metric(metric, k)
    pre = sweep.metric("pretrain_loss_nats")
    colors = _length_colors(sweep)
    for t in sweep.tokens:
        m = sweep.rung_tokens == t
        ax0.plot(sweep.rung_params[m], acc[m], "o-", ms=3.5, color=colors[int(t)],
                 label=_tok(t))
        ax1.plot(np.maximum(pre[m], 1e-4), acc[m], "o-", ms=3.5, color=colors[int(t)])
    _log_x(ax0)
    _log_x(ax1)
    ax1.invert_xaxis()
    ax0.set_xlabel("parameters N")
    ax1.set_xlabel("pre-training loss (nats/token), falling →")
    for ax in (ax0, ax1):
        ax.set_ylabel(f"{_LABELS[metric]}, k = {k}")
        ax.set_ylim(-0.03, 1.03)
    place_legend(ax0, fontsize=8, prefer="upper left")
    ax0.set_title("against model size", y=1.0)
    ax1.set_title("against pre-training loss", y=1.0)
    return fig


# --------------------------------------------------------------------------------------
# The two steps and the forecast
# --------------------------------------------------------------------------------------


def draw_two_step(split: fc.LadderSplit, *, show_truth: bool = False, link: bool = False):
    """The two fitted steps on a ladder split.

    Left: task loss against compute, the fitted runs and the law of
    :func:`~scaling_lib.forecasting.fit_task_loss` extended to the held-out
    computes. Right: accuracy against task loss and the fitted sigmoid (with the
    other training lengths' runs when ``link``). ``show_truth`` adds the held-out
    runs. Chapter 9.
    """
    if not isinstance(split, fc.LadderSplit):
        raise InputTypeError(f"split must be a LadderSplit (from ladder_split), got "
                             f"{_show(split)}")
    c, loss, acc = split.fit_points()
    law = fc.fit_task_loss(c, loss)
    x2, y2 = loss, acc
    if link and split.link_accuracy.size:
        x2 = np.concatenate([loss, split.link_task_loss_nats])
        y2 = np.concatenate([acc, split.link_accuracy])
    sig = fc.fit_sigmoid(x2, y2, floor=split.floor)
    fig, (ax0, ax1) = new_figure(2, width=8.6, height=3.5, margins=_TWO_PANEL)
    grid = np.geomspace(split.train_flops.min(), split.train_flops.max(), 100)
    ax0.plot(c, loss, "o", ms=3.5, color=PALETTE[0], label="fitted runs")
    ax0.plot(grid, law.predict(grid), "-", color=PALETTE[1],
             label=f"L = {law.e_nats:.2g} + {law.a_nats:.3g}·(C/1e9)^−{law.alpha:.2f}")
    _log_x(ax0)
    _log_y(ax0)
    ax0.set_xlabel("training compute C (FLOPs)")
    ax0.set_ylabel(f"task loss, k = {split.answer_digits} (nats/answer)")
    ax0.set_title("step 1: compute → task loss", y=1.0)
    lgrid = np.linspace(0.0, max(float(loss.max()), 1.0), 200)
    if link and split.link_accuracy.size:
        ax1.plot(split.link_task_loss_nats, split.link_accuracy, "s", ms=3, color=PALETTE[5],
                 alpha=0.6, label="other training lengths")
    ax1.plot(loss, acc, "o", ms=3.5, color=PALETTE[0], label="fitted runs")
    ax1.plot(lgrid, sig.predict(lgrid), "-", color=PALETTE[1],
             label=f"sigmoid, midpoint {sig.midpoint:.2f} nats")
    if show_truth:
        held = split.held
        ax0.plot(split.train_flops[held], split.task_loss_nats[:, held].mean(0), "*", ms=9,
                 color=PALETTE[3], label="held out (truth)")
        ax1.plot(split.task_loss_nats[:, held].mean(0), split.truth(), "*", ms=9,
                 color=PALETTE[3], label="held out (truth)")
    ax1.set_xlabel(f"task loss, k = {split.answer_digits} (nats/answer)")
    ax1.set_ylabel(_LABELS[split.metric])
    ax1.set_ylim(-0.03, 1.03)
    ax1.set_title("step 2: task loss → accuracy", y=1.0)
    place_legend(ax0, fontsize=7.5, prefer="lower left")
    place_legend(ax1, fontsize=7.5, prefer="upper right")
    return fig


def draw_forecast_vs_truth(split: fc.LadderSplit, forecasts: dict, *, prediction=None):
    """Forecasts with their intervals against the held-out truth (seed mean and seeds).

    ``forecasts`` maps a label to a :class:`~scaling_lib.forecasting.Forecast` of the
    held-out rungs of ``split``; ``prediction`` is the reader's
    pre-registered forecast for the largest held-out rung (``ex.q1.prediction``); when it
    is None the figure says that no forecast was recorded. Chapter 9.
    """
    if not isinstance(split, fc.LadderSplit):
        raise InputTypeError(f"split must be a LadderSplit (from ladder_split), got "
                             f"{_show(split)}")
    if not isinstance(forecasts, dict) or not all(isinstance(f, fc.Forecast)
                                                  for f in forecasts.values()):
        raise InputTypeError(f"forecasts must be a dict of label -> Forecast, got "
                             f"{_show(forecasts)}")
    fig, ax = new_figure(1, width=7.0, height=3.8,
                         margins={"left": 0.1, "right": 0.98, "bottom": 0.14, "top": 0.92})
    c = split.train_flops
    ax.plot(c[split.fit], split.accuracy[:, split.fit].mean(0), "o", ms=4, color=PALETTE[0],
            label="fitted rungs (seed mean)")
    held = split.held
    for s in range(split.accuracy.shape[0]):
        ax.plot(c[held], split.accuracy[s, held], ".", ms=5, color="#999999",
                label="held out, each seed" if s == 0 else None)
    ax.plot(c[held], split.truth(), "*", ms=12, color=PALETTE[3], label="held out (truth)")
    n = len(forecasts)
    for i, (label, f) in enumerate(forecasts.items()):
        shift = 10 ** (0.035 * (i - (n - 1) / 2))
        ax.errorbar(f.target_flops * shift, f.point,
                    yerr=[f.point - f.lower, f.upper - f.point], fmt="o", ms=4, capsize=3,
                    color=PALETTE[(i + 1) % len(PALETTE)],
                    label=f"{label} ({f.level:.0%} interval)")
    if prediction is not None:
        ax.plot([c[held][-1] * 1.12], [float(prediction)], "D", ms=7, color=PALETTE[7],
                label="your pre-registered forecast (ex.q1)")
    else:
        ax.text(0.99, 0.02, "no pre-registered forecast recorded (ex.q1)",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=7.5,
                color="#555555")
    _log_x(ax)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("training compute C (FLOPs)")
    ax.set_ylabel(f"{_LABELS[split.metric]}, k = {split.answer_digits}")
    ax.set_title(f"held-out rungs at {_tok(split.tokens)}", y=1.0)
    place_legend(ax, fontsize=7.5, prefer="upper left")
    return fig


# --------------------------------------------------------------------------------------
# Explorer 1: choose the rungs, the metric and the method
# --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=128)
def _explorer_forecast(sweep_id, metric, method, min_fit_width, max_fit_width, link):
    sweep = _SWEEPS[sweep_id]
    split = fc.ladder_split(sweep, metric="exact_match" if metric == "task_loss_nats"
                            else metric, max_fit_width=max_fit_width,
                            min_fit_width=min_fit_width)
    dense = np.geomspace(split.train_flops[split.fit].min(), split.train_flops.max() * 1.5, 40)
    c, loss, acc = split.fit_points()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "direct" and metric != "task_loss_nats":
            curve = fc.direct_forecast(c, acc, dense, floor=split.floor, n_boot=100)
            held = fc.forecast_split(split, "direct", n_boot=100)
        else:
            keep = split.link_task_loss_nats > 0  # a perfect run may store a loss of 0
            extra = ({"link_loss_nats": split.link_task_loss_nats[keep],
                      "link_accuracy": split.link_accuracy[keep]}
                     if link and keep.any() else {})
            curve = fc.two_step_forecast(c, loss, acc, dense, floor=split.floor, n_boot=100,
                                         **extra)
            held = fc.forecast_split(split, "two_step", link=link, n_boot=100)
    return split, curve, held


_SWEEPS: dict = {}


def draw_forecast(metric="exact_match", method="two_step", min_fit_width=2, max_fit_width=64,
                  link=False, *, sweep=None):
    """A forecast of the ladder's held-out rungs at 150k tokens, k = 11, with its interval.

    With ``metric="task_loss_nats"`` the figure shows step 1 alone: the task
    loss forecast by the power law (``method`` and ``link`` do not apply).
    Fits the rungs with ``min_fit_width <= width <= max_fit_width`` (all seeds),
    forecasts every compute up to the largest rung with ``method`` ("two_step"
    or "direct"; ``link`` adds the other training lengths to step 2) and a 90%
    pairs-bootstrap band (100 resamples), and marks the held-out truth. The
    title gives the mean absolute error over the held-out rungs and how many
    lie inside their intervals. Chapter 9.
    """
    sweep = _sweep(sweep)
    as_choice("metric", metric, _EXPLORER_METRICS)
    as_choice("method", method, ("two_step", "direct"))
    min_w = as_int("min_fit_width", min_fit_width)
    max_w = as_int("max_fit_width", max_fit_width)
    if not isinstance(link, bool):
        raise InputTypeError(f"link must be True or False, got {_show(link)}")
    _SWEEPS[id(sweep)] = sweep
    loss_only = metric == "task_loss_nats"
    if loss_only:
        method, link = "two_step", False
    split, curve, held = _explorer_forecast(id(sweep), metric, method, min_w, max_w,
                                            link and method == "two_step")
    if loss_only:
        return _draw_loss_forecast(split, curve, held)
    score = held.score(split.truth())
    fig, ax = new_figure(1, width=7.4, height=3.8,
                         margins={"left": 0.09, "right": 0.985, "bottom": 0.14, "top": 0.9})
    c = split.train_flops
    used = split.fit
    unused = ~split.fit & ~split.held
    ax.fill_between(curve.target_flops, curve.lower, curve.upper, color=PALETTE[1], alpha=0.25,
                    lw=0, label="90% bootstrap band")
    ax.plot(curve.target_flops, curve.point, "-", color=PALETTE[1],
            label=f"{_METHODS[method]} forecast" + (" + other lengths" if link and
                                                    method == "two_step" else ""))
    ax.plot(c[used], split.accuracy[:, used].mean(0), "o", ms=4, color=PALETTE[0],
            label="fitted rungs")
    if unused.any():
        ax.plot(c[unused], split.accuracy[:, unused].mean(0), "o", ms=4, mfc="white",
                color=PALETTE[0], label="not fitted")
    ax.plot(c[split.held], split.truth(), "*", ms=11, color=PALETTE[3], label="held out")
    _log_x(ax)
    lo = split.floor
    ax.set_ylim(lo - 0.03 * (1 - lo), 1 + 0.03 * (1 - lo))
    ax.set_xlabel("training compute C (FLOPs)")
    ax.set_ylabel(f"{_LABELS[metric]}, k = 11")
    ax.set_title(f"held-out error {score.mean_abs_error:.3f}; "
                 f"{int(score.covered.sum())} of {score.covered.size} inside the interval",
                 y=1.0)
    place_legend(ax, fontsize=7.5, prefer="upper left")
    return fig


def _draw_loss_forecast(split, curve, held):
    truth = split.task_loss_nats[:, split.held].mean(0)
    err = np.abs(held.loss_point - truth)
    inside = (truth >= held.loss_lower) & (truth <= held.loss_upper)
    fig, ax = new_figure(1, width=7.4, height=3.8,
                         margins={"left": 0.1, "right": 0.985, "bottom": 0.14, "top": 0.9})
    c = split.train_flops
    unused = ~split.fit & ~split.held
    ax.fill_between(curve.target_flops, curve.loss_lower, curve.loss_upper, color=PALETTE[1],
                    alpha=0.25, lw=0, label="90% bootstrap band")
    ax.plot(curve.target_flops, curve.loss_point, "-", color=PALETTE[1],
            label="step 1: power law with floor")
    ax.plot(c[split.fit], split.task_loss_nats[:, split.fit].mean(0), "o", ms=4,
            color=PALETTE[0], label="fitted rungs")
    if unused.any():
        ax.plot(c[unused], split.task_loss_nats[:, unused].mean(0), "o", ms=4, mfc="white",
                color=PALETTE[0], label="not fitted")
    ax.plot(c[split.held], truth, "*", ms=11, color=PALETTE[3], label="held out")
    _log_x(ax)
    _log_y(ax)
    ax.set_xlabel("training compute C (FLOPs)")
    ax.set_ylabel(_LABELS["task_loss_nats"] + ", k = 11")
    ax.set_title(f"held-out error {err.mean():.2f} nats; {int(inside.sum())} of {inside.size} "
                 f"inside the interval", y=1.0)
    place_legend(ax, fontsize=7.5, prefer="lower left")
    return fig


_EXPLORER_METRICS = ("exact_match", "per_digit_accuracy", "mc4_accuracy", "mc10_accuracy",
                     "task_loss_nats")


def forecast_explorer(sweep=None, **defaults) -> Explorer:
    """Explorer over :func:`draw_forecast` (loads the cached ladder by default)."""
    sweep = _sweep(sweep)
    d = {"metric": "exact_match", "method": "two_step", "min_fit_width": 2,
         "max_fit_width": 64, "link": False} | defaults
    widths = [int(w) for w in sweep.widths]
    controls = {
        "metric": W.Dropdown(options=[(_LABELS[m], m) for m in _EXPLORER_METRICS],
                             value=d["metric"], description="metric", style=_STYLE),
        "method": W.ToggleButtons(options=[("two-step", "two_step"), ("direct", "direct")],
                                  value=d["method"], description="method", style=_STYLE),
        "min_fit_width": W.Dropdown(options=widths[:8], value=d["min_fit_width"],
                                    description="smallest fitted width", style=_STYLE),
        "max_fit_width": W.Dropdown(options=widths[6:-1], value=d["max_fit_width"],
                                    description="largest fitted width", style=_STYLE),
        "link": W.Checkbox(value=d["link"], description="step 2 uses other lengths",
                           style=_STYLE),
    }
    _keep_three_fitted_rungs(controls["min_fit_width"], controls["max_fit_width"], widths)
    return Explorer(functools.partial(draw_forecast, sweep=sweep), controls, main="metric")


#: The fewest rungs a forecast is fitted to (see ``forecasting.ladder_split``).
_MIN_FITTED_RUNGS = 3


def _keep_three_fitted_rungs(smallest, largest, widths: list) -> None:
    """Offer in each width dropdown only the widths that, with the other's current value,
    leave at least three fitted rungs, so every setting a learner can pick draws a forecast.

    Registered before the explorer's own observers, so the options are narrowed before
    the figure is redrawn."""
    min_options, max_options = list(smallest.options), list(largest.options)

    def rungs(lo, hi):
        return sum(1 for w in widths if lo <= w <= hi)

    busy = []

    def offer(dropdown, options):
        value = dropdown.value  # still valid: the other dropdown only offered valid values
        if tuple(options) != tuple(dropdown.options):
            dropdown.options = options  # ipywidgets selects the first option (also valid) ...
            dropdown.value = value      # ... and the learner's choice is put back

    def narrow(_change=None):
        if busy:  # the value changes made here do not narrow again
            return
        busy.append(True)
        try:
            offer(largest, [w for w in max_options
                            if rungs(smallest.value, w) >= _MIN_FITTED_RUNGS])
            offer(smallest, [w for w in min_options
                             if rungs(w, largest.value) >= _MIN_FITTED_RUNGS])
        finally:
            busy.clear()

    narrow()
    smallest.observe(narrow, names="value")
    largest.observe(narrow, names="value")


# --------------------------------------------------------------------------------------
# Explorer 2: multiple choice, and the wrong options
# --------------------------------------------------------------------------------------


#: The smallest raw probability the choices figure places on its log axis; runs below it
#: are drawn at it with their own marker, and the legend counts them.
_P_SHOWN_MIN = 1e-12


def draw_choices(n_choices=4, x_axis="task loss", *, sweep=None, answer_digits=11,
                 max_fit_width=64):
    """Multiple-choice accuracy of every ladder run against its task loss.

    Left: accuracy with ``n_choices`` options (the correct answer and
    ``n_choices − 1`` near misses), every run of every training length, with a
    sigmoid between chance (1/c) and 1 fitted to the runs of width at most
    ``max_fit_width`` (the held-out widths are drawn, never fitted), and exact
    match for comparison.
    Right: the probability of the correct option renormalised over the c options,
    against the raw probability of the correct answer: how much of the right
    answer's mass the wrong options take (Schaeffer et al. 2024,
    ``schaeffer2024elusive``). Chapter 9.
    """
    sweep = _sweep(sweep)
    c = as_int("n_choices", n_choices, minimum=2)
    if c not in sweep.n_choices:
        raise ValueError(f"n_choices must be one of {sweep.n_choices.tolist()}, got {c}")
    as_choice("x_axis", x_axis, ("task loss", "pre-training loss"))
    k = as_int("answer_digits", answer_digits)
    if k not in sweep.answer_lengths:
        raise ValueError(f"answer_digits must be one of {sweep.answer_lengths.tolist()}, got {k}")
    x = (sweep.metric("task_loss_nats", k) if x_axis == "task loss"
         else sweep.metric("pretrain_loss_nats"))
    acc = sweep.metric(f"mc{c}_accuracy", k)
    em = sweep.metric("exact_match", k)
    small = sweep.rung_widths <= as_int("max_fit_width", max_fit_width)
    if small.sum() < 3:
        raise ValueError(f"max_fit_width must leave at least 3 runs to fit, got "
                         f"{max_fit_width!r}")
    sig = fc.fit_sigmoid(x[small], acc[small], floor=1.0 / c)
    fig, (ax0, ax1) = new_figure(2, width=8.6, height=3.6, margins=_TWO_PANEL)
    ax0.plot(x, em, ".", ms=4, color="#999999", label="exact match (generated)")
    ax0.plot(x, acc, "o", ms=3.5, color=PALETTE[0], label=f"{c}-choice accuracy")
    grid = np.linspace(0.0, float(x.max()), 200)
    ax0.plot(grid, sig.predict(grid), "-", color=PALETTE[1],
             label=f"sigmoid, chance 1/{c}, midpoint {sig.midpoint:.2f}")
    ax0.axhline(1.0 / c, color=PALETTE[1], lw=0.8, ls=":")
    unit = "nats/answer" if x_axis == "task loss" else "nats/token"
    ax0.set_xlabel(f"{x_axis} ({unit})")
    ax0.set_ylabel("accuracy")
    # head room above 1 for the legend, so it covers no run
    ax0.set_ylim(-0.03, 1.36)
    ax0.set_yticks(np.linspace(0.0, 1.0, 6))
    misses = "1 near miss" if c == 2 else f"{c - 1} near misses"
    ax0.set_title(f"{c} options: the correct answer and {misses}", y=1.0)
    ax0.legend(loc="upper right", fontsize=7.5)
    p_raw = sweep.metric("p_correct", k)
    pn = sweep.metric(f"mc{c}_prob_correct", k)
    clipped = p_raw < _P_SHOWN_MIN
    ax1.plot(p_raw[~clipped], pn[~clipped], "o", ms=3.5, color=PALETTE[2],
             label="one run (P of the 12-token answer)")
    if clipped.any():
        ax1.plot(np.full(int(clipped.sum()), _P_SHOWN_MIN), pn[clipped], "<", ms=4.5,
                 color=PALETTE[2], mfc="white",
                 label=f"{int(clipped.sum())} runs with P < 10⁻¹², drawn at 10⁻¹²")
    ax1.plot([_P_SHOWN_MIN, 1], [_P_SHOWN_MIN, 1], ":", color="#777777", lw=0.8,
             label="no wrong-option mass")
    ax1.axhline(1.0 / c, color=PALETTE[1], lw=0.8, ls=":", label=f"chance 1/{c}")
    _log_x(ax1)
    ax1.set_xlim(_P_SHOWN_MIN / 4, 1.5)
    ax1.set_ylim(0, 1.03)
    ax1.set_xlabel("P(correct answer), raw")
    ax1.set_ylabel(f"P(correct option) among {c}")
    ax1.set_title("renormalised over the options", y=1.0)
    place_legend(ax1, fontsize=7, prefer="upper left")
    return fig


def choices_explorer(sweep=None, **defaults) -> Explorer:
    """Explorer over :func:`draw_choices` (loads the cached ladder by default)."""
    sweep = _sweep(sweep)
    d = {"n_choices": 4, "x_axis": "task loss"} | defaults
    controls = {
        "n_choices": W.Dropdown(options=[int(c) for c in sweep.n_choices],
                                value=d["n_choices"], description="options c", style=_STYLE),
        "x_axis": W.ToggleButtons(options=["task loss", "pre-training loss"],
                                  value=d["x_axis"], description="x axis", style=_STYLE),
    }
    return Explorer(functools.partial(draw_choices, sweep=sweep), controls, main="n_choices")
