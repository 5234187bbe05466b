r"""Forecasting task accuracy before training: compute → task loss → accuracy.

Chapter 9, "Predicting abilities before you train" (``book/09_predicting_abilities.ipynb``).

The **two-step forecast** of the Llama 3 report (``dubey2024llama3``, §3.2.1) and
of the OLMo model ladders (``bhagia2024ladders``):

1. a power law with a floor from training compute C (FLOPs) to the *task loss*
   L, the negative log-likelihood of the correct answer
   (:class:`TaskLossLaw`, :func:`fit_task_loss`):

   .. math:: L(C) = E + A\,(C / C_0)^{-\alpha};

2. a sigmoid from task loss to accuracy (:class:`SigmoidLink`,
   :func:`fit_sigmoid`), between a floor (chance: 0 for a generated answer,
   1/c for c options) and a ceiling:

   .. math:: \mathrm{acc}(L) = f + \frac{u - f}{1 + e^{-s\,(L - m)}} .

   (s < 0 here: accuracy falls as loss rises.)

Composing them predicts accuracy at a compute never trained
(:func:`two_step_forecast`). **Direct extrapolation** fits the same sigmoid to
accuracy against log₁₀ C and extrapolates it (:func:`direct_forecast`), so the
two can be compared on equal terms: same rungs, same bootstrap, same scoring.

Intervals come from a pairs bootstrap over the fitted runs (every run is
resampled with replacement, both steps are refitted, and the prediction's
percentiles are read off); :meth:`Forecast.score` scores a forecast against
held-out runs, and :func:`backtest` repeats a forecast over the leave-top-out
splits of a ladder to measure errors and interval coverage.

Published numbers quoted by the chapter sit below, each next to its source and
pinned in ``tests/test_forecasting.py``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    _show,
    as_array,
    as_choice,
    as_finite,
    as_fraction,
    as_int,
    as_positive,
    same_length,
)

__all__ = [
    "BHAGIA_LADDER_COMPUTE_FRACTION",
    "BHAGIA_ABS_ERROR_POINTS",
    "BHAGIA_TARGETS",
    "LLAMA3_SCALING_FLOPS_RANGE",
    "LOURIE_PREDICTABLE_FRACTION",
    "LOURIE_N_TASKS",
    "GADRE_N_MODELS",
    "GADRE_DOWNSTREAM_COMPUTE_FACTOR",
    "SCHAEFFER_FAMILIES_BENCHMARKS",
    "RUAN_N_MODELS",
    "TaskLossLaw",
    "fit_task_loss",
    "SigmoidLink",
    "fit_sigmoid",
    "Forecast",
    "ForecastScore",
    "two_step_forecast",
    "direct_forecast",
    "Backtest",
    "backtest",
    "capability_scores",
    "CHANCE",
    "LadderSplit",
    "ladder_split",
    "forecast_split",
    "held_out_errors_by_seed",
    "backtest_errors_by_seed",
    "onset_by_seed",
]

# --------------------------------------------------------------------------------------
# Published numbers (pinned in tests/test_forecasting.py)
# --------------------------------------------------------------------------------------

#: "Training the ladder models only costs 1% of the compute used for the target models"
#: (``bhagia2024ladders``, abstract, arXiv 2412.04403).
BHAGIA_LADDER_COMPUTE_FRACTION = 0.01

#: "On four multiple-choice tasks formatted as ranked classification, we can predict the
#: accuracy of both target models within 2 points of absolute error" (same abstract).
BHAGIA_ABS_ERROR_POINTS = 2

#: The two target models of the OLMo ladder: (parameters, training tokens)
#: "a 7B model trained to 4T tokens and a 13B model trained to 5T tokens" (same abstract).
BHAGIA_TARGETS = ((7e9, 4e12), (13e9, 5e12))

#: Compute budgets of the Llama 3 scaling-law runs, "between 6 × 10^18 FLOPs and
#: 10^22 FLOPs" (``dubey2024llama3``, §3.2.1), whose forecast reached the 3.8 × 10^25
#: FLOPs flagship (``scaling_lib.models``).
LLAMA3_SCALING_FLOPS_RANGE = (6e18, 1e22)

#: "predictable scaling only occurs in a minority of cases: 39% of the time"
#: (``lourie2025unreliable``, abstract; Findings of EMNLP 2025).
LOURIE_PREDICTABLE_FRACTION = 0.39

#: The meta-analysis covers 46 tasks (``lourie2025unreliable``; the count is from
#: summaries of the paper, whose full text was not opened here).
LOURIE_N_TASKS = 46

#: "a testbed of 104 models with 0.011B to 6.9B parameters" (``gadre2024overtraining``,
#: abstract, arXiv 2403.08540).
GADRE_N_MODELS = 104

#: Average top-1 error of the two target models predicted "using experiments that take
#: 20× less compute" (same abstract).
GADRE_DOWNSTREAM_COMPUTE_FACTOR = 20

#: Observational scaling laws are built "from ~100 publically available models"
#: (``ruan2024observational``, abstract of arXiv 2405.10938v3; version 1 said ~80).
RUAN_N_MODELS = 100

#: "Using five model families and twelve well-established multiple-choice benchmarks"
#: (``schaeffer2024elusive``, abstract, arXiv 2406.04391).
SCHAEFFER_FAMILIES_BENCHMARKS = (5, 12)

#: Most bootstrap resamples a forecast accepts.
MAX_BOOT = 10_000
#: Reference compute C_0 of :class:`TaskLossLaw` (keeps A of order one on the lab's scale).
C_REF_FLOPS = 1e9


def _matrix(name, value) -> np.ndarray:
    x = np.asarray(as_finite(name, value), dtype=float)
    if x.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array, got {_show(value)} (shape {x.shape})")
    return x


def _points(name_x, x, name_y, y, *, positive_x=True, positive_y=False, min_points=3):
    """Two 1-D float arrays of equal length (one value per run), at least ``min_points``."""
    x = as_array(name_x, x, positive=positive_x, min_length=min_points)
    y = as_array(name_y, y, positive=positive_y, min_length=min_points)
    same_length(**{name_x: x, name_y: y})
    return x, y


def _targets(target_flops) -> np.ndarray:
    t = np.atleast_1d(np.asarray(as_positive("target_flops", target_flops), dtype=float))
    if t.ndim != 1:
        raise ValueError(f"target_flops must be one compute or a 1-D array, got shape "
                         f"{t.shape}")
    if np.any(t < 1.0):
        raise ValueError(f"target_flops must be at least 1 FLOP, got {_show(target_flops)}")
    return t


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_text(x: float) -> str:
    """``x`` as a person writes it: ``1e9`` → ``10⁹``, ``3e9`` → ``3×10⁹``, ``500`` → ``500``."""
    if x <= 0 or not np.isfinite(x) or 1e-3 <= x < 1e4:
        return f"{x:.3g}"
    exp = int(np.floor(np.log10(x) + 1e-9))
    mant = x / 10.0 ** exp
    power = "10" + str(exp).translate(_SUPERSCRIPT)
    return power if abs(mant - 1) < 1e-9 else f"{mant:.3g}×{power}"


# --------------------------------------------------------------------------------------
# Step 1: compute -> task loss
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True)
class TaskLossLaw:
    r"""Task loss against training compute, :math:`L(C) = E + A\,(C/C_0)^{-\alpha}`.

    Step 1 of the two-step forecast in this course's form: ``dubey2024llama3`` relate a
    (normalised) negative log-likelihood to training FLOPs linearly, ``bhagia2024ladders``
    use model size N and data D; the floor E here lets the lab's task loss flatten.

    Attributes
    ----------
    e_nats : float
        Floor E (nats per answer); 0 for a task with one right answer, learnable exactly.
    a_nats : float
        Scale A at the reference compute C_0.
    alpha : float
        Exponent α.
    c_ref_flops : float
        C_0.
    """

    e_nats: float
    a_nats: float
    alpha: float
    c_ref_flops: float = C_REF_FLOPS

    def __post_init__(self):
        for name in ("e_nats", "a_nats", "alpha", "c_ref_flops"):
            as_finite(name, getattr(self, name), allow_array=False)
        as_positive("a_nats", self.a_nats, allow_array=False)
        as_positive("c_ref_flops", self.c_ref_flops, allow_array=False)
        if self.e_nats < 0:
            raise ValueError(f"e_nats must be >= 0, got {self.e_nats!r}")

    def __str__(self) -> str:
        return (f"task loss L(C) = E + A·(C/C₀)^(−α): E = {self.e_nats:.3g} nats, "
                f"A = {self.a_nats:.3g} nats, "
                f"α = {self.alpha:.3f}, C₀ = {_power_text(self.c_ref_flops)} FLOPs")

    def predict(self, flops):
        """Task loss (nats) at training compute ``flops``."""
        c = np.asarray(as_positive("flops", flops), dtype=float)
        if np.any(c < 1.0):
            raise ValueError(f"flops must be at least 1 FLOP, got {_show(flops)}")
        out = self.e_nats + self.a_nats * (c / self.c_ref_flops) ** (-self.alpha)
        return float(out) if out.ndim == 0 else out


_E_GRID_LINEAR = np.linspace(0.0, 0.99, 100)
#: Beyond 0.99 the floor is searched on a log grid of the gap 1 − g, down to 1e-6:
#: a ladder whose last run is within 1% of its floor must not be cut off at 0.99·min L.
_E_GAP_LOG10 = np.arange(-2.1, -6.0 - 1e-9, -0.1)
_E_GRID = np.concatenate([_E_GRID_LINEAR, 1.0 - 10.0 ** _E_GAP_LOG10])
#: Largest fraction of the smallest loss the floor may take; a fit that ends there is on
#: the edge of the search (the data cannot tell E from min L) and is flagged.
E_FRACTION_MAX = float(_E_GRID[-1])


def _fit_loss_batch(logc: np.ndarray, logl: np.ndarray):
    """Least squares in log L over (E, A, α), for B data sets at once (rows).

    E = g·min L on a grid of g in [0, 0.99] and, beyond it, on a log grid of 1 − g
    down to 1e-6 (:data:`E_FRACTION_MAX`); then a finer grid between the best g's
    neighbours. For each E, A and α come from a straight-line fit of log(L − E) on log C.
    Returns arrays (e, a, alpha, sse) of length B; a fit whose E is
    ``E_FRACTION_MAX·min L`` sits on the edge of the search.
    """
    lmin = np.exp(logl.min(axis=1))
    loss = np.exp(logl)[:, None, :]
    x = logc[:, None, :]
    xm = x.mean(axis=2, keepdims=True)
    dx = x - xm
    vx = (dx ** 2).sum(axis=2)
    vx = np.where(vx > 0, vx, np.nan)

    def evaluate(g):  # g: (B, G)
        e = g * lmin[:, None]
        y = np.log(loss - e[:, :, None])
        ym = y.mean(axis=2, keepdims=True)
        slope = (dx * (y - ym)).sum(axis=2) / vx
        icpt = ym[:, :, 0] - slope * xm[:, :, 0]
        pred = np.log(e[:, :, None] + np.exp(icpt[:, :, None] + slope[:, :, None] * x))
        sse = ((pred - logl[:, None, :]) ** 2).sum(axis=2)
        return e, icpt, slope, np.where(np.isfinite(sse), sse, np.inf)

    n = logc.shape[0]
    g = np.broadcast_to(_E_GRID, (n, _E_GRID.size))
    _, _, _, sse = evaluate(g)
    k = np.argmin(sse, axis=1)
    best = _E_GRID[k]
    step = _E_GRID_LINEAR[1] - _E_GRID_LINEAR[0]
    # inside [0, 0.98] the refinement is the original one (results unchanged there)
    fine = np.clip(best[:, None] + np.linspace(-step, step, 41)[None, :], 0.0, 0.99)
    high = k >= _E_GRID_LINEAR.size - 1
    if np.any(high):
        kh = k[high]
        gap = np.log10(1.0 - _E_GRID[np.maximum(kh - 1, 0)])
        gap_hi = np.log10(1.0 - _E_GRID[np.minimum(kh + 1, _E_GRID.size - 1)])
        t = np.linspace(0.0, 1.0, 41)[None, :]
        fine = fine.copy()
        fine[high] = 1.0 - 10.0 ** (gap[:, None] + (gap_hi - gap)[:, None] * t)
    e, icpt, slope, sse = evaluate(fine)
    j = np.argmin(sse, axis=1)
    rows = np.arange(n)
    return e[rows, j], np.exp(icpt[rows, j]), -slope[rows, j], sse[rows, j]


def fit_task_loss(train_flops, task_loss_nats) -> TaskLossLaw:
    r"""Fit :math:`L(C) = E + A\,(C/C_0)^{-\alpha}` to (compute, task loss) points.

    Least squares on log L; E is searched on a grid in [0, min L): linear up to
    0.99·min L, then logarithmic in the gap down to (1 − 10⁻⁶)·min L, so a ladder whose
    last run is within 1% of its floor is fitted too. A, α follow from a linear fit of
    log(L − E) on log C. Step 1 of the two-step forecast (see :class:`TaskLossLaw`).

    When the best floor is the edge of that search (E indistinguishable from the
    smallest loss) the law is returned with a ``RuntimeWarning``: the data do not
    determine E, and extrapolations below the smallest loss are not supported.

    Parameters
    ----------
    train_flops : array_like
        Training compute C of each run (FLOPs), > 0.
    task_loss_nats : array_like
        Task loss of each run (nats), > 0. At least three runs, two distinct C.
    """
    c, loss = _points("train_flops", train_flops, "task_loss_nats", task_loss_nats,
                      positive_y=True)
    if np.unique(c).size < 2:
        raise ValueError(f"train_flops must hold at least two distinct values to fit a slope, "
                         f"got {_show(train_flops)}")
    e, a, alpha, _ = _fit_loss_batch(np.log(c / C_REF_FLOPS)[None], np.log(loss)[None])
    if e[0] >= E_FRACTION_MAX * loss.min() * (1 - 1e-12):
        warnings.warn(f"fit_task_loss: the fitted floor E = {e[0]:.6g} nats is at the edge of "
                      f"the search ({E_FRACTION_MAX} of the smallest loss, {loss.min():.6g}): "
                      f"the runs cannot tell the floor from their smallest loss",
                      RuntimeWarning, stacklevel=2)
    return TaskLossLaw(e_nats=float(e[0]), a_nats=float(a[0]), alpha=float(alpha[0]))


# --------------------------------------------------------------------------------------
# Step 2: task loss -> accuracy (and the same sigmoid for direct extrapolation)
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True)
class SigmoidLink:
    r"""Accuracy as a sigmoid of x between a floor f and a ceiling u (u, not h: chapter 9
    keeps h for a model's hidden width):

    .. math:: \mathrm{acc}(x) = f + \frac{u - f}{1 + e^{-s\,(x - m)}} .

    With x the task loss (s < 0) it is step 2 of the two-step forecast
    (``dubey2024llama3``; ``bhagia2024ladders``); with x = log₁₀ C (s > 0) it is
    direct extrapolation of accuracy.

    Attributes
    ----------
    midpoint : float
        m, where accuracy is halfway between floor and ceiling.
    slope : float
        s, per unit of x.
    floor, ceiling : float
        f and u, fixed (chance level and 1 by default).
    """

    midpoint: float
    slope: float
    floor: float = 0.0
    ceiling: float = 1.0

    def __post_init__(self):
        for name in ("midpoint", "slope", "floor", "ceiling"):
            as_finite(name, getattr(self, name), allow_array=False)
        if not 0 <= self.floor <= 1 - 1e-6:
            raise ValueError(f"floor must lie in [0, 1), got {self.floor!r}")
        if not self.floor + 1e-6 <= self.ceiling <= 1:
            raise ValueError(f"ceiling must lie above floor ({self.floor!r}) and at most 1, got "
                             f"{self.ceiling!r}")

    def __str__(self) -> str:
        return (f"accuracy = f + (u − f)/(1 + exp(−s·(x − m))): midpoint m = "
                f"{self.midpoint:.3g}, slope s = {self.slope:.3g}, floor f = {self.floor:.3g}, "
                f"ceiling u = {self.ceiling:.3g}").replace("= -", "= −")

    def predict(self, x):
        """Accuracy at ``x``."""
        x = np.asarray(as_finite("x", x), dtype=float)
        z = np.clip(-self.slope * (x - self.midpoint), -500, 500)
        out = self.floor + (self.ceiling - self.floor) / (1.0 + np.exp(z))
        return float(out) if out.ndim == 0 else out


def _fit_sigmoid_batch(x: np.ndarray, y: np.ndarray, floor: float, ceiling: float,
                       iterations: int = 60):
    """Least-squares sigmoid fits of accuracy on x for B data sets at once (rows).

    Parametrised as acc = f + (ceiling − f)·σ(u·z + v) on the standardised z = (x − x̄)/sd,
    started from a straight-line fit of the clipped logit and refined by
    Levenberg-Marquardt steps (a 2 × 2 system per row). Returns arrays
    (midpoint m, slope s, ok) with s·(x − m) = u·z + v.
    """
    span = ceiling - floor
    xm = x.mean(axis=1, keepdims=True)
    sd = x.std(axis=1, keepdims=True)
    ok = sd[:, 0] > 0
    sd = np.where(sd > 0, sd, 1.0)
    z = (x - xm) / sd
    q = np.clip((y - floor) / span, 0.02, 0.98)
    t = np.log(q / (1 - q))
    tm = t.mean(axis=1, keepdims=True)
    u = (z * (t - tm)).sum(axis=1) / np.maximum((z ** 2).sum(axis=1), 1e-12)
    v = tm[:, 0].copy()
    lam = np.full(x.shape[0], 1e-2)

    def sse_of(u_, v_):
        p = 1.0 / (1.0 + np.exp(-np.clip(u_[:, None] * z + v_[:, None], -500, 500)))
        r = floor + span * p - y
        return (r ** 2).sum(axis=1), p, r

    sse, p, r = sse_of(u, v)
    for _ in range(iterations):
        d = span * p * (1 - p)
        ju, jv = d * z, d
        a11, a12, a22 = (ju * ju).sum(1), (ju * jv).sum(1), (jv * jv).sum(1)
        g1, g2 = (ju * r).sum(1), (jv * r).sum(1)
        b11, b22 = a11 * (1 + lam) + 1e-12, a22 * (1 + lam) + 1e-12
        det = b11 * b22 - a12 ** 2
        det = np.where(np.abs(det) > 1e-300, det, 1e-300)
        du = -(b22 * g1 - a12 * g2) / det
        dv = -(b11 * g2 - a12 * g1) / det
        new_sse, new_p, new_r = sse_of(u + du, v + dv)
        better = new_sse < sse
        u = np.where(better, u + du, u)
        v = np.where(better, v + dv, v)
        sse = np.where(better, new_sse, sse)
        p = np.where(better[:, None], new_p, p)
        r = np.where(better[:, None], new_r, r)
        lam = np.where(better, lam / 3, lam * 4)
    slope = u / sd[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        mid = xm[:, 0] - v * sd[:, 0] / u
    ok &= np.isfinite(slope) & np.isfinite(mid) & (u != 0)
    return mid, slope, ok


def fit_sigmoid(x, accuracy, *, floor: float = 0.0, ceiling: float = 1.0) -> SigmoidLink:
    r"""Fit :class:`SigmoidLink` (midpoint m and slope s; floor and ceiling fixed).

    Least squares on accuracy (Levenberg-Marquardt), started from a
    straight-line fit of logit((acc − f)/(u − f)) on x. Use x = task loss for step 2 of the
    two-step forecast (``bhagia2024ladders``), x = log₁₀ C for direct
    extrapolation.

    Parameters
    ----------
    x : array_like
        Task loss (nats) or log₁₀ compute of each run.
    accuracy : array_like
        Accuracy of each run, in [0, 1]. At least three runs.
    floor, ceiling : float
        Fixed floor (chance) and ceiling, 0 <= floor < ceiling <= 1.
    """
    x, y = _points("x", x, "accuracy", accuracy, positive_x=False)
    if np.any((y < 0) | (y > 1)):
        raise ValueError(f"accuracy must lie in [0, 1], got {_show(accuracy)}")
    floor = float(as_finite("floor", floor, allow_array=False))
    ceiling = float(as_finite("ceiling", ceiling, allow_array=False))
    SigmoidLink(0.0, 1.0, floor, ceiling)  # validates floor and ceiling
    m, s, ok = (float(v[0]) for v in _fit_sigmoid_batch(x[None], y[None], floor, ceiling))
    if not ok:
        warnings.warn("fit_sigmoid did not converge; the returned link is the starting "
                      "guess", RuntimeWarning, stacklevel=2)
    return SigmoidLink(midpoint=m, slope=s, floor=floor, ceiling=ceiling)


# --------------------------------------------------------------------------------------
# Forecasts with bootstrap intervals
# --------------------------------------------------------------------------------------


@output_record
@dataclass
class ForecastScore:
    """A forecast against the truth at each target.

    Attributes
    ----------
    truth, point : ndarray
    abs_error : ndarray
        |point − truth|.
    covered : ndarray of bool
        truth inside [lower, upper].
    """

    truth: np.ndarray
    point: np.ndarray
    abs_error: np.ndarray
    covered: np.ndarray

    @property
    def mean_abs_error(self) -> float:
        """Mean absolute error over the targets."""
        return float(self.abs_error.mean())

    @property
    def coverage(self) -> float:
        """Fraction of targets whose truth lies inside the interval."""
        return float(self.covered.mean())


@output_record
@dataclass
class Forecast:
    """Predicted accuracy at target computes, with a bootstrap interval.

    Attributes
    ----------
    method : {"two_step", "direct"}
    target_flops : ndarray
    point : ndarray
        Prediction of the fit to all fitted runs.
    lower, upper : ndarray
        Percentile interval of the bootstrap predictions at ``level``.
    level : float
        Nominal coverage of the interval, e.g. 0.9.
    n_fit : int
        Runs fitted.
    n_boot, n_failed : int
        Bootstrap resamples drawn, and those whose fit failed (dropped).
    loss_point, loss_lower, loss_upper : ndarray or None
        Two-step only: the predicted task loss and its interval.
    samples : ndarray
        Bootstrap predictions, shape (n_boot − n_failed, n_targets).
    """

    method: str
    target_flops: np.ndarray
    point: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    level: float
    n_fit: int
    n_boot: int
    n_failed: int
    loss_point: np.ndarray | None = None
    loss_lower: np.ndarray | None = None
    loss_upper: np.ndarray | None = None
    samples: np.ndarray = field(default=None, repr=False)

    def score(self, truth) -> ForecastScore:
        """Score against the true accuracy at each target (same order as ``target_flops``)."""
        t = np.atleast_1d(np.asarray(as_finite("truth", truth), dtype=float))
        if t.shape != self.point.shape:
            raise ValueError(f"truth must hold one value per target ({self.point.size}), got "
                             f"{_show(truth)}")
        return ForecastScore(truth=t, point=self.point.copy(),
                             abs_error=np.abs(self.point - t),
                             covered=(t >= self.lower - 1e-12) & (t <= self.upper + 1e-12))


def _boot_settings(n_boot, level, seed):
    n_boot = as_int("n_boot", n_boot, minimum=0, maximum=MAX_BOOT)
    level = float(as_fraction("level", level, allow_array=False))
    if level >= 1:
        raise ValueError(f"level must be below 1, got {level!r}")
    seed = as_int("seed", seed, minimum=0)
    return n_boot, level, seed


def _interval(samples, level, point):
    if samples.shape[0] == 0:
        return point.copy(), point.copy()
    lo, hi = np.percentile(samples, [50 * (1 - level), 50 * (1 + level)], axis=0)
    return lo, hi


def _check_bounds(floor, ceiling):
    floor = float(as_finite("floor", floor, allow_array=False))
    ceiling = float(as_finite("ceiling", ceiling, allow_array=False))
    SigmoidLink(0.0, 1.0, floor, ceiling)
    return floor, ceiling


def _accuracy(name, acc):
    if np.any((acc < 0) | (acc > 1)):
        raise ValueError(f"{name} must lie in [0, 1], got {_show(acc)}")
    return acc


def two_step_forecast(train_flops, task_loss_nats, accuracy, target_flops, *,
                      link_loss_nats=None, link_accuracy=None, floor: float = 0.0,
                      ceiling: float = 1.0, n_boot: int = 200, level: float = 0.9,
                      seed: int = 0) -> Forecast:
    r"""Forecast accuracy at ``target_flops`` in two steps, with a bootstrap interval.

    Step 1 fits :math:`L(C) = E + A (C/C_0)^{-\alpha}` (:func:`fit_task_loss`) to
    the fitted runs; step 2 fits accuracy against task loss with a sigmoid
    (:func:`fit_sigmoid`) and evaluates it at the predicted loss
    (``dubey2024llama3`` §3.2.1; ``bhagia2024ladders``). Step 2 may also use
    extra (loss, accuracy) pairs from other models (``link_loss_nats``,
    ``link_accuracy``), as the Llama 3 report used older Llama 2 models; they
    are resampled with the rest.

    The interval is a pairs bootstrap: the runs are resampled with
    replacement ``n_boot`` times, both steps refitted, and the ``level``
    percentile interval of the predictions reported.

    Parameters
    ----------
    train_flops, task_loss_nats, accuracy : array_like
        One entry per fitted run (seeds may repeat a compute).
    target_flops : array_like
        Computes to forecast.
    link_loss_nats, link_accuracy : array_like, optional
        Extra runs for step 2 only.
    floor, ceiling : float
        Sigmoid floor (chance) and ceiling.
    n_boot : int
        Bootstrap resamples (0: no interval).
    level : float
        Nominal coverage of the interval.
    seed : int
    """
    c, loss = _points("train_flops", train_flops, "task_loss_nats", task_loss_nats,
                      positive_y=True)
    _, acc = _points("train_flops", train_flops, "accuracy", accuracy)
    _accuracy("accuracy", acc)
    targets = _targets(target_flops)
    given = {k: v for k, v in (("link_loss_nats", link_loss_nats),
                               ("link_accuracy", link_accuracy)) if v is not None}
    for name, value in given.items():
        as_array(name, value, positive=name == "link_loss_nats")
    if len(given) == 1:
        (name, value), = given.items()
        raise ValueError(f"link_loss_nats and link_accuracy must be given together; got only "
                         f"{name}={_show(value)}")
    if given:
        ll, la = _points("link_loss_nats", link_loss_nats, "link_accuracy", link_accuracy,
                         min_points=1)
        _accuracy("link_accuracy", la)
    else:
        ll, la = np.empty(0), np.empty(0)
    floor, ceiling = _check_bounds(floor, ceiling)
    n_boot, level, seed = _boot_settings(n_boot, level, seed)
    if np.unique(c).size < 2:
        raise ValueError(f"train_flops must hold at least two distinct values, got "
                         f"{_show(train_flops)}")
    logc, logl = np.log(c / C_REF_FLOPS), np.log(loss)
    logt = np.log(targets / C_REF_FLOPS)
    rng = np.random.default_rng(seed)
    ic = np.vstack([np.arange(c.size), rng.integers(0, c.size, (n_boot, c.size))])
    il = np.vstack([np.arange(ll.size), rng.integers(0, ll.size, (n_boot, ll.size))])
    with np.errstate(all="ignore"):
        e, a, alpha, _ = _fit_loss_batch(logc[ic], logl[ic])
        lt = e[:, None] + a[:, None] * np.exp(-alpha[:, None] * logt[None, :])
        x2 = np.concatenate([loss[ic], ll[il]], axis=1)
        y2 = np.concatenate([acc[ic], la[il]], axis=1)
        m, s, ok = _fit_sigmoid_batch(x2, y2, floor, ceiling)
        zz = np.clip(-s[:, None] * (lt - m[:, None]), -500, 500)
        p = floor + (ceiling - floor) / (1 + np.exp(zz))
    ok &= np.all(np.isfinite(p), axis=1) & np.all(np.isfinite(lt), axis=1)
    ok &= np.array([np.unique(row).size >= 2 for row in c[ic]])
    if not ok[0]:
        warnings.warn("two_step_forecast: the fit on all runs did not converge",
                      RuntimeWarning, stacklevel=2)
    samples, loss_samples = p[1:][ok[1:]], lt[1:][ok[1:]]
    failed = int(n_boot - samples.shape[0])
    lo, hi = _interval(samples, level, p[0])
    llo, lhi = _interval(loss_samples, level, lt[0])
    return Forecast("two_step", targets, p[0], lo, hi, level, int(c.size), n_boot, failed,
                    loss_point=lt[0], loss_lower=llo, loss_upper=lhi, samples=samples)


def direct_forecast(train_flops, accuracy, target_flops, *, floor: float = 0.0,
                    ceiling: float = 1.0, n_boot: int = 200, level: float = 0.9,
                    seed: int = 0) -> Forecast:
    r"""Forecast accuracy at ``target_flops`` by extrapolating accuracy directly.

    Fits :math:`\mathrm{acc} = f + (u - f)/(1 + e^{-s(\log_{10} C - m)})` to the
    fitted runs (:func:`fit_sigmoid` with x = log₁₀ C) and evaluates it at the
    targets; the interval is the same pairs bootstrap as
    :func:`two_step_forecast`, so the two compare on equal terms.
    """
    c, acc = _points("train_flops", train_flops, "accuracy", accuracy)
    as_positive("train_flops", c)
    _accuracy("accuracy", acc)
    targets = _targets(target_flops)
    floor, ceiling = _check_bounds(floor, ceiling)
    n_boot, level, seed = _boot_settings(n_boot, level, seed)
    x, xt = np.log10(c), np.log10(targets)
    rng = np.random.default_rng(seed)
    ic = np.vstack([np.arange(c.size), rng.integers(0, c.size, (n_boot, c.size))])
    with np.errstate(all="ignore"):
        m, s, ok = _fit_sigmoid_batch(x[ic], acc[ic], floor, ceiling)
        zz = np.clip(-s[:, None] * (xt[None, :] - m[:, None]), -500, 500)
        p = floor + (ceiling - floor) / (1 + np.exp(zz))
    ok &= np.all(np.isfinite(p), axis=1)
    if not ok[0]:
        warnings.warn("direct_forecast: the fit on all runs did not converge",
                      RuntimeWarning, stacklevel=2)
    samples = p[1:][ok[1:]]
    lo, hi = _interval(samples, level, p[0])
    return Forecast("direct", targets, p[0], lo, hi, level, int(c.size), n_boot,
                    int(n_boot - samples.shape[0]), samples=samples)


# --------------------------------------------------------------------------------------
# Leave-top-out backtests
# --------------------------------------------------------------------------------------


@output_record
@dataclass
class Backtest:
    """Forecasts over the leave-top-out splits of one ladder.

    Split j fits the ``n_fit[j]`` smallest rungs and forecasts the next
    ``n_ahead`` rungs, whose truth it is scored against.

    Attributes
    ----------
    method : str
    n_fit : ndarray (n_splits,)
    target_rung : ndarray (n_splits, n_ahead)
        Index of each forecast rung (in the ladder's order by compute).
    truth, point, lower, upper : ndarray (n_splits, n_ahead)
    level : float
    """

    method: str
    n_fit: np.ndarray
    target_rung: np.ndarray
    truth: np.ndarray
    point: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    level: float

    @property
    def abs_error(self) -> np.ndarray:
        return np.abs(self.point - self.truth)

    @property
    def covered(self) -> np.ndarray:
        return (self.truth >= self.lower - 1e-12) & (self.truth <= self.upper + 1e-12)

    @property
    def mean_abs_error(self) -> float:
        """Mean absolute error over every split and target."""
        return float(self.abs_error.mean())

    @property
    def coverage(self) -> float:
        """Fraction of held-out truths inside their interval (nominal: ``level``)."""
        return float(self.covered.mean())


def backtest(train_flops, task_loss_nats, accuracy, *, method: str = "two_step",
             n_ahead: int = 3, min_fit: int = 6, per_seed_accuracy=None,
             per_seed_task_loss_nats=None, floor: float = 0.0, ceiling: float = 1.0,
             n_boot: int = 100, level: float = 0.9, seed: int = 0) -> Backtest:
    """Leave-top-out backtest of a forecast method on one ladder (runs sorted by compute).

    For every k from ``min_fit`` to n − ``n_ahead``, fit the k cheapest rungs
    and forecast rungs k … k + n_ahead − 1; truth is the (seed-mean)
    ``accuracy`` there. With ``per_seed_accuracy`` and
    ``per_seed_task_loss_nats`` (shape (n_seeds, n_rungs)) every seed's run is
    a fitted point, as in the chapter's main forecast.
    """
    as_choice("method", method, ("two_step", "direct"))
    c, loss = _points("train_flops", train_flops, "task_loss_nats", task_loss_nats,
                      positive_y=True)
    _, acc = _points("train_flops", train_flops, "accuracy", accuracy)
    _accuracy("accuracy", acc)
    if np.any(np.diff(c) < 0):
        raise ValueError(f"train_flops must be sorted by compute (one ladder), got "
                         f"{_show(train_flops)}")
    n_ahead = as_int("n_ahead", n_ahead, maximum=c.size)
    min_fit = as_int("min_fit", min_fit, minimum=3, maximum=c.size)
    if min_fit + n_ahead > c.size:
        raise ValueError(f"min_fit + n_ahead must be at most the number of rungs ({c.size}), "
                         f"got {min_fit} + {n_ahead}")
    given = {k: _matrix(k, v) for k, v in (("per_seed_accuracy", per_seed_accuracy),
                                           ("per_seed_task_loss_nats",
                                            per_seed_task_loss_nats)) if v is not None}
    if len(given) == 1:
        (name, value), = given.items()
        raise ValueError(f"per_seed_accuracy and per_seed_task_loss_nats must be given "
                         f"together; got only {name} (shape {value.shape})")
    if given:
        pa, pl = given["per_seed_accuracy"], given["per_seed_task_loss_nats"]
        if pa.shape != pl.shape or pa.shape[1] != c.size:
            raise ValueError(f"per_seed_accuracy and per_seed_task_loss_nats must both have "
                             f"shape (n_seeds, {c.size}), got {pa.shape} and {pl.shape}")
        _accuracy("per_seed_accuracy", pa)
        as_positive("per_seed_task_loss_nats", pl)
    else:
        pa, pl = acc[None, :], loss[None, :]
    n_boot, level, seed = _boot_settings(n_boot, level, seed)
    rows = []
    for k in range(min_fit, c.size - n_ahead + 1):
        idx = np.arange(k + n_ahead)[k:]
        fc = np.tile(c[:k], pa.shape[0])
        fl, fa = pl[:, :k].ravel(), pa[:, :k].ravel()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            if method == "two_step":
                f = two_step_forecast(fc, fl, fa, c[idx], floor=floor, ceiling=ceiling,
                                      n_boot=n_boot, level=level, seed=seed)
            else:
                f = direct_forecast(fc, fa, c[idx], floor=floor, ceiling=ceiling,
                                    n_boot=n_boot, level=level, seed=seed)
        rows.append((k, idx, acc[idx], f.point, f.lower, f.upper))
    return Backtest(
        method=method,
        n_fit=np.array([r[0] for r in rows]),
        target_rung=np.array([r[1] for r in rows]),
        truth=np.array([r[2] for r in rows]),
        point=np.array([r[3] for r in rows]),
        lower=np.array([r[4] for r in rows]),
        upper=np.array([r[5] for r in rows]),
        level=level,
    )


# --------------------------------------------------------------------------------------
# Observational scaling: a low-dimensional capability measure
# --------------------------------------------------------------------------------------


def capability_scores(scores) -> np.ndarray:
    """First principal component of standardised benchmark scores, one value per model.

    ``scores`` has shape (n_models, n_benchmarks). Each column is standardised
    (zero mean, unit variance), and the models are projected on the leading
    principal direction, signed so that the score rises with the column mean:
    the low-dimensional capability measure of observational scaling laws
    (``ruan2024observational``), here with one component.
    """
    x = _matrix("scores", scores)
    if x.shape[0] < 2 or x.shape[1] < 1:
        raise ValueError(f"scores must have at least 2 models (rows) and 1 benchmark, got "
                         f"shape {x.shape}")
    sd = x.std(axis=0)
    if np.any(sd == 0):
        raise ValueError(f"scores: every benchmark (column) must vary across models; column(s) "
                         f"{np.flatnonzero(sd == 0).tolist()} of the 2-D array {_show(scores)} "
                         f"are constant")
    z = (x - x.mean(axis=0)) / sd
    _, _, vt = np.linalg.svd(z, full_matrices=False)
    pc = z @ vt[0]
    if np.corrcoef(pc, z.mean(axis=1))[0, 1] < 0:
        pc = -pc
    return pc


# --------------------------------------------------------------------------------------
# The lab's ladder, split into fitted and held-out rungs
# --------------------------------------------------------------------------------------

#: Chance level (the sigmoid's floor) of each ladder metric: 0 for a generated answer or
#: digit, 1/c for c options.
CHANCE = {"exact_match": 0.0, "per_digit_accuracy": 0.0, "mc2_accuracy": 0.5,
          "mc4_accuracy": 0.25, "mc10_accuracy": 0.1}


@output_record
@dataclass
class LadderSplit:
    """One training length of a :class:`~scaling_lib.lab.task.LadderSweep`, for forecasting.

    Rungs are the widths at this training length, in order of compute; ``fit``
    marks the rungs a forecast may use, the rest are held out.

    Attributes
    ----------
    metric : str
    answer_digits : int
    tokens : int
    widths, n_params : ndarray (n_rungs,)
    train_flops : ndarray (n_rungs,)
    task_loss_nats, accuracy : ndarray (n_seeds, n_rungs)
    fit : ndarray of bool (n_rungs,)
        Rungs a forecast may use.
    held : ndarray of bool (n_rungs,)
        Held-out rungs (wider than every fitted one); rungs in neither mask are unused.
    floor : float
        Chance level of the metric.
    link_task_loss_nats, link_accuracy : ndarray
        The fitted-width runs of the *other* training lengths (all seeds), which a
        two-step forecast may add to step 2, as Llama 3 added older models.
    """

    metric: str
    answer_digits: int
    tokens: int
    widths: np.ndarray
    n_params: np.ndarray
    train_flops: np.ndarray
    task_loss_nats: np.ndarray
    accuracy: np.ndarray
    fit: np.ndarray
    held: np.ndarray
    floor: float
    link_task_loss_nats: np.ndarray
    link_accuracy: np.ndarray

    def fit_points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(compute, task loss, accuracy) of every fitted run, one entry per seed and rung."""
        n_seeds = self.accuracy.shape[0]
        return (np.tile(self.train_flops[self.fit], n_seeds),
                self.task_loss_nats[:, self.fit].ravel(), self.accuracy[:, self.fit].ravel())

    def truth(self) -> np.ndarray:
        """Seed-mean accuracy of the held-out rungs."""
        return self.accuracy[:, self.held].mean(axis=0)


def ladder_split(sweep, tokens: int = 150_000, metric: str = "exact_match",
                 answer_digits: int = 11, *, max_fit_width: int = 64,
                 min_fit_width: int = 0, seed: int | None = None) -> LadderSplit:
    """Pick one training length of a ladder and split its rungs into fitted and held out.

    Rungs with ``min_fit_width <= width <= max_fit_width`` are fitted; wider ones
    are held out (narrower ones are not used at all). ``sweep`` is a
    :class:`~scaling_lib.lab.task.LadderSweep` (``load_task_sweep("ladder")``).
    ``seed`` (an index into the sweep's seeds) keeps that seed's runs only, so a
    forecast can be made and scored seed by seed; by default every seed is used.
    """
    from scaling_lib.lab.task import LadderSweep

    if not isinstance(sweep, LadderSweep):
        from scaling_lib._validate import InputTypeError

        raise InputTypeError(f"sweep must be a LadderSweep (load_task_sweep('ladder')), got "
                             f"{_show(sweep)}")
    tokens = as_int("tokens", tokens)
    if tokens not in sweep.tokens:
        raise ValueError(f"tokens must be one of {sweep.tokens.tolist()}, got {tokens}")
    as_choice("metric", metric, tuple(sorted(m for m in CHANCE if m in sweep.metrics)))
    answer_digits = as_int("answer_digits", answer_digits)
    if answer_digits not in sweep.answer_lengths:
        raise ValueError(f"answer_digits must be one of {sweep.answer_lengths.tolist()}, got "
                         f"{answer_digits}")
    max_fit_width = as_int("max_fit_width", max_fit_width)
    min_fit_width = as_int("min_fit_width", min_fit_width, minimum=0)
    sel = sweep.rung_tokens == tokens
    widths = sweep.rung_widths[sel]
    fit = (widths <= max_fit_width) & (widths >= min_fit_width)
    held = widths > max_fit_width
    if fit.sum() < 3 or not held.any():
        raise ValueError(f"max_fit_width={max_fit_width} and min_fit_width={min_fit_width} "
                         f"must leave at least 3 fitted rungs and one held out, among widths "
                         f"{widths.tolist()}")
    loss = sweep.metric("task_loss_nats", answer_digits, per_seed=True)
    acc = sweep.metric(metric, answer_digits, per_seed=True)
    if seed is not None:
        seed = as_int("seed", seed, minimum=0, maximum=loss.shape[0] - 1)
        loss, acc = loss[[seed]], acc[[seed]]
    other = (sweep.rung_tokens != tokens) & (sweep.rung_widths <= max_fit_width) & \
        (sweep.rung_widths >= min_fit_width)
    return LadderSplit(
        metric=metric, answer_digits=answer_digits, tokens=tokens, widths=widths,
        n_params=sweep.rung_params[sel], train_flops=sweep.rung_flops[sel],
        task_loss_nats=loss[:, sel], accuracy=acc[:, sel], fit=fit, held=held,
        floor=CHANCE[metric],
        link_task_loss_nats=loss[:, other].ravel(), link_accuracy=acc[:, other].ravel(),
    )


def forecast_split(split: LadderSplit, method: str = "two_step", *, link: bool = False,
                   n_boot: int = 200, level: float = 0.9, seed: int = 0) -> Forecast:
    """Forecast the held-out rungs of ``split`` from its fitted rungs.

    ``method`` is "two_step" (:func:`two_step_forecast`; ``link=True`` adds the
    other training lengths' fitted-width runs to step 2) or "direct"
    (:func:`direct_forecast`).
    """
    if not isinstance(split, LadderSplit):
        from scaling_lib._validate import InputTypeError

        raise InputTypeError(f"split must be a LadderSplit (from ladder_split), got "
                             f"{_show(split)}")
    as_choice("method", method, ("two_step", "direct"))
    if not isinstance(link, bool):
        from scaling_lib._validate import InputTypeError

        raise InputTypeError(f"link must be True or False, got {_show(link)}")
    c, loss, acc = split.fit_points()
    targets = split.train_flops[split.held]
    if method == "direct":
        if link:
            raise ValueError("link=True needs method='two_step': direct extrapolation has no "
                             "loss step to link")
        return direct_forecast(c, acc, targets, floor=split.floor, n_boot=n_boot, level=level,
                               seed=seed)
    extra = {}
    if link and split.link_accuracy.size:
        # a run that answers everything can store a task loss of exactly 0 (6 decimals):
        # it carries no information for a sigmoid in the loss and is left out
        keep = split.link_task_loss_nats > 0
        extra = {"link_loss_nats": split.link_task_loss_nats[keep],
                 "link_accuracy": split.link_accuracy[keep]}
    return two_step_forecast(c, loss, acc, targets, floor=split.floor, n_boot=n_boot,
                             level=level, seed=seed, **extra)


# --------------------------------------------------------------------------------------
# Seed by seed: the numbers behind the chapter's comparisons (scaling_lib.findings)
# --------------------------------------------------------------------------------------


def _n_seeds(sweep) -> int:
    from scaling_lib.lab.task import LadderSweep

    if not isinstance(sweep, LadderSweep):
        from scaling_lib._validate import InputTypeError

        raise InputTypeError(f"sweep must be a LadderSweep (load_task_sweep('ladder')), got "
                             f"{_show(sweep)}")
    return int(sweep.pretrain_loss_nats.shape[0])


def held_out_errors_by_seed(sweep, method: str = "two_step", *, link: bool = False,
                            tokens: int = 150_000, metric: str = "exact_match",
                            answer_digits: int = 11, max_fit_width: int = 64,
                            min_fit_width: int = 0) -> np.ndarray:
    """Mean absolute error on the held-out rungs, one entry per seed of the ladder.

    For each seed, ``method`` (and ``link``) is fitted to that seed's fitted rungs only
    (:func:`ladder_split` with ``seed``; no bootstrap) and scored against that seed's
    held-out runs. Two methods' arrays pair seed by seed (``findings.compare_paired``).
    """
    n = _n_seeds(sweep)
    as_choice("method", method, ("two_step", "direct"))
    if not isinstance(link, bool):
        from scaling_lib._validate import InputTypeError

        raise InputTypeError(f"link must be True or False, got {_show(link)}")
    out = np.empty(n)
    for s in range(n):
        split = ladder_split(sweep, tokens, metric, answer_digits, max_fit_width=max_fit_width,
                             min_fit_width=min_fit_width, seed=s)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            f = forecast_split(split, method, link=link, n_boot=0)
        out[s] = f.score(split.truth()).mean_abs_error
    return out


def backtest_errors_by_seed(sweep, method: str = "two_step", *, tokens: int = 150_000,
                            metric: str = "exact_match", answer_digits: int = 11,
                            n_ahead: int = 3, min_fit: int = 6) -> np.ndarray:
    """The leave-top-out backtest's mean absolute error, one entry per seed.

    Each seed's ladder at ``tokens`` is backtested on its own (:func:`backtest`, no
    bootstrap) and scored against its own runs.
    """
    n = _n_seeds(sweep)
    as_choice("method", method, ("two_step", "direct"))
    split = ladder_split(sweep, tokens, metric, answer_digits)
    order = np.argsort(split.train_flops, kind="stable")
    out = np.empty(n)
    for s in range(n):
        out[s] = backtest(split.train_flops[order], split.task_loss_nats[s, order],
                          split.accuracy[s, order], method=method, n_ahead=n_ahead,
                          min_fit=min_fit, floor=split.floor, n_boot=0).mean_abs_error
    return out


def onset_by_seed(sweep, tokens: int, *, threshold: float = 0.05,
                  metric: str = "exact_match", answer_digits: int = 11,
                  x: str = "pretrain_loss_nats") -> np.ndarray:
    """Where each seed's ladder at ``tokens`` first passes ``threshold``, in ``x``.

    Walking up the widths, the first rung whose ``metric`` exceeds ``threshold`` and the
    rung before it bracket the crossing; ``x`` (the pre-training loss by default, or
    ``"n_params"``) is interpolated linearly between them, so the onset does not sit on
    the grid of widths. NaN for a seed whose ladder never crosses (or starts above).
    """
    n = _n_seeds(sweep)
    tokens = as_int("tokens", tokens)
    if tokens not in sweep.tokens:
        raise ValueError(f"tokens must be one of {sweep.tokens.tolist()}, got {tokens}")
    threshold = float(as_fraction("threshold", threshold, allow_array=False))
    as_choice("x", x, ("pretrain_loss_nats", "n_params"))
    as_choice("metric", metric, tuple(sorted(m for m in CHANCE if m in sweep.metrics)))
    answer_digits = as_int("answer_digits", answer_digits)
    if answer_digits not in sweep.answer_lengths:
        raise ValueError(f"answer_digits must be one of {sweep.answer_lengths.tolist()}, got "
                         f"{answer_digits}")
    sel = sweep.rung_tokens == tokens
    acc = sweep.metric(metric, answer_digits, per_seed=True)[:, sel]
    if x == "n_params":
        xs = np.broadcast_to(sweep.rung_params[sel].astype(float), acc.shape)
    else:
        xs = sweep.metric(x, per_seed=True)[:, sel]
    out = np.full(n, np.nan)
    for s in range(n):
        above = np.flatnonzero(acc[s] > threshold)
        if above.size == 0 or above[0] == 0:
            continue
        j = above[0]
        a0, a1, x0, x1 = acc[s, j - 1], acc[s, j], xs[s, j - 1], xs[s, j]
        out[s] = x0 + (threshold - a0) * (x1 - x0) / (a1 - a0)
    return out

