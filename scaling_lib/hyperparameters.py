r"""Hyperparameters across scale: critical batch, published laws, μP, schedules, AdamW decay.

Chapter 8, "Hyperparameters across scale" (``book/08_hyperparameters.ipynb``).

* Critical batch (``mccandlish2018empirical``): training to a fixed loss with batch B takes
  S steps and E = B·S examples, with :math:`(S/S_{min} - 1)(E/E_{min} - 1) = 1`, i.e.
  :math:`S = S_{min}(1 + B_{crit}/B)` and :math:`E = E_{min}(1 + B/B_{crit})`,
  :math:`B_{crit} = E_{min}/S_{min}` (:func:`steps_to_target`, :func:`examples_to_target`,
  :func:`examples_for_steps`); :func:`fit_critical_batch` fits the hyperbola to measured
  (B, S) pairs, with a bootstrap interval on :math:`B_{crit}`. Kaplan's :math:`B_{crit}(L)`
  is :data:`scaling_lib.laws.KAPLAN_CRITICAL_BATCH`.
* Published hyperparameter laws in compute: DeepSeek LLM's
  :math:`\eta_{opt} = 0.3118\,C^{-0.1250}` and :math:`B_{opt} = 0.2920\,C^{0.3271}`
  (``bi2024deepseek``, §3.1; C in FLOPs counted as C = M·D with M the non-embedding FLOPs
  per token, B in tokens): :data:`DEEPSEEK_HYPERPARAMETERS`, with the 7B and 67B settings
  the paper chose from them (:data:`DEEPSEEK_MODELS`) and its M
  (:func:`deepseek_flops_per_token`).
* μP (``yang2021feature``; μTransfer, ``yang2022tensor``): :func:`mup_multipliers`, the
  factors by which μP changes a layer's initial variance, Adam learning rate and output
  multiplier at width h relative to the standard parametrisation, with base width h_base.
* Fits of the optimum: :func:`optimal_learning_rate` (a parabola in log η through the best
  point of a grid and its neighbours) and :func:`fit_hyperparameter_law` (a power law
  y = c·x^k with a bootstrap interval on k), for η_opt(width), η_opt(C) and B_opt(C).
* Schedules: :func:`wsd_compute_fraction`, what a family of cooldowns branched off one
  constant-rate run costs relative to separate runs (``hagele2024scaling``,
  ``hu2024minicpm``).
* AdamW's timescale (``wang2024adamw``): :func:`adamw_timescale_steps`,
  τ = 1/(η·λ) steps, and :func:`weight_decay_for_timescale`.
* The lab's sweeps: :func:`lr_width_optima`, :func:`lr_width_curves`,
  :func:`batch_targets`, :func:`budget_optima`, :func:`wsd_comparison` read the cached
  tables (``load_sweep("lr_width")`` …); :func:`fit_data_law` fits L(D) = E + B·D^(−β).
  :func:`lr_width_trends` and :func:`lr_reuse_losses` give the ``lr_width`` sweep seed by
  seed, for the chapter's findings (:mod:`scaling_lib.findings`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lib._contract import accepts, output_record
from scaling_lib._validate import (
    InputTypeError,
    _show,
    as_array,
    as_choice,
    as_fraction,
    as_int,
    as_positive,
    check_fields,
    check_type,
    returns_finite,
    same_length,
)

__all__ = [
    "HyperparameterLaw", "DEEPSEEK_HYPERPARAMETERS", "DEEPSEEK_MODELS",
    "DEEPSEEK_NEAR_OPTIMAL_BAND", "deepseek_flops_per_token",
    "steps_to_target", "examples_to_target", "examples_for_steps",
    "CriticalBatchFit", "fit_critical_batch",
    "MUP_LAYERS", "mup_multipliers",
    "optimal_learning_rate", "HyperparameterLawFit", "fit_hyperparameter_law",
    "wsd_compute_fraction", "adamw_timescale_steps", "weight_decay_for_timescale",
    "lr_width_optima", "lr_width_curves", "batch_targets", "budget_optima", "wsd_comparison",
    "fit_data_law", "lr_width_trends", "lr_reuse_losses",
]


# ------------------------------------------------------------------ published laws
@dataclass(frozen=True)
class HyperparameterLaw:
    r"""Optimal learning rate and batch size as power laws of compute.

    .. math:: \eta_{opt} = a_\eta\,C^{k_\eta}, \qquad B_{opt} = a_B\,C^{k_B}

    with C in FLOPs and B in tokens (``bi2024deepseek``, §3.1, formula (1)).
    """

    lr_coefficient: float
    lr_exponent: float
    batch_coefficient: float
    batch_exponent: float
    compute_range_flops: tuple
    citation: str

    def __post_init__(self):
        check_fields(self, positive=("lr_coefficient", "batch_coefficient"),
                     finite=("lr_exponent", "batch_exponent"), text="citation")
        r = self.compute_range_flops
        if not (isinstance(r, tuple) and len(r) == 2 and all(
                isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                and v > 0 for v in r) and r[0] < r[1]):
            raise ValueError(f"compute_range_flops must be a tuple (low, high) of length 2, in "
                             f"FLOPs with 0 < low < high, got {_show(r)}")

    @returns_finite
    def learning_rate(self, compute_flops):
        """η_opt at compute ``compute_flops`` (FLOPs)."""
        c = as_positive("compute_flops", compute_flops)
        return self.lr_coefficient * c ** self.lr_exponent

    @returns_finite
    def batch_tokens(self, compute_flops):
        """B_opt in tokens at compute ``compute_flops`` (FLOPs)."""
        c = as_positive("compute_flops", compute_flops)
        return self.batch_coefficient * c ** self.batch_exponent


#: ``bi2024deepseek`` §3.1: fitted on budgets 1e17 to 2e19 FLOPs (C = M·D), checked at 1e20.
DEEPSEEK_HYPERPARAMETERS = HyperparameterLaw(
    lr_coefficient=0.3118, lr_exponent=-0.1250, batch_coefficient=0.2920,
    batch_exponent=0.3271, compute_range_flops=(1e17, 2e19), citation="bi2024deepseek")

#: ``bi2024deepseek`` §3.1: hyperparameters whose loss is within 0.25% of the best count
#: as near-optimal (the band the laws were fitted to).
DEEPSEEK_NEAR_OPTIMAL_BAND = 0.0025

#: ``bi2024deepseek`` Table 2: layers, width, context length, batch (sequences), peak
#: learning rate and training tokens of DeepSeek LLM 7B and 67B.
DEEPSEEK_MODELS = {
    "7B": {"n_layers": 30, "d_model": 4096, "context_length": 4096,
           "batch_sequences": 2304, "learning_rate": 4.2e-4, "tokens": 2.0e12},
    "67B": {"n_layers": 95, "d_model": 8192, "context_length": 4096,
            "batch_sequences": 4608, "learning_rate": 3.2e-4, "tokens": 2.0e12},
}


@returns_finite
def deepseek_flops_per_token(n_layers, d_model, context_length):
    r"""Non-embedding FLOPs per token, :math:`M = 72\,n_{layer}d_{model}^2 +
    12\,n_{layer}d_{model}l_{seq}` (``bi2024deepseek``, §3.2): 6N for the weights plus the
    attention's own work, without the vocabulary. Compute is C = M·D.
    """
    n = as_positive("n_layers", n_layers)
    d = as_positive("d_model", d_model)
    seq = as_positive("context_length", context_length)
    return 72.0 * n * d**2 + 12.0 * n * d * seq


# ------------------------------------------------------------------ critical batch
def _smin_emin(s_min, e_min):
    return as_positive("s_min", s_min), as_positive("e_min", e_min)


@returns_finite
def steps_to_target(batch_size, s_min, e_min):
    r"""Steps to reach a target loss with batch B: :math:`S = S_{min}(1 + B_{crit}/B)`,
    :math:`B_{crit} = E_{min}/S_{min}` (``mccandlish2018empirical``, Eq. 2.11)."""
    b = as_positive("batch_size", batch_size)
    s, e = _smin_emin(s_min, e_min)
    return s + e / b


@returns_finite
def examples_to_target(batch_size, s_min, e_min):
    r"""Examples (tokens, for one token per example) to reach the target with batch B:
    :math:`E = B\,S = E_{min}(1 + B/B_{crit})` (``mccandlish2018empirical``)."""
    b = as_positive("batch_size", batch_size)
    s, e = _smin_emin(s_min, e_min)
    return e + b * s


@returns_finite
def examples_for_steps(steps, s_min, e_min):
    r"""The trade-off curve: examples needed if the target must be reached in S steps,
    from :math:`(S/S_{min} - 1)(E/E_{min} - 1) = 1`; S must exceed S_min."""
    steps = as_positive("steps", steps)
    s, e = _smin_emin(s_min, e_min)
    if np.any(np.asarray(steps) <= s):
        raise ValueError(f"steps must exceed s_min={s:g} (no batch reaches the target in "
                         f"fewer steps), got {_show(steps)}")
    return e * (1.0 + 1.0 / (np.asarray(steps, dtype=float) / s - 1.0)) \
        if np.ndim(steps) else e * (1.0 + 1.0 / (steps / s - 1.0))


@output_record
@dataclass(frozen=True, eq=False)
class CriticalBatchFit:
    r"""The hyperbola :math:`S = S_{min} + E_{min}/B` fitted to measured (B, S).

    Attributes
    ----------
    s_min, e_min, b_crit : float
        Fewest steps, fewest examples (tokens) and :math:`B_{crit} = E_{min}/S_{min}`.
    r_squared : float
        R² of the fit of log S (the trade-off curve spans decades, so the fit is judged
        in logs, as on McCandlish et al.'s log-log plots).
    b_crit_interval : tuple of float
        Central 90% bootstrap interval of B_crit (pairs resampled).
    failed_resamples : int
        Bootstrap resamples with no valid fit (fewer than 2 distinct batches, or a
        non-positive S_min or E_min), left out of the interval.
    batch_sizes, steps : ndarray
    """

    s_min: float
    e_min: float
    b_crit: float
    r_squared: float
    b_crit_interval: tuple
    failed_resamples: int
    batch_sizes: np.ndarray = field(repr=False)
    steps: np.ndarray = field(repr=False)

    @returns_finite
    def predict_steps(self, batch_size):
        """Fitted S at ``batch_size``."""
        return steps_to_target(batch_size, self.s_min, self.e_min)


def _log_r_squared(observed_log, predicted_log) -> float:
    """R² of a fit judged in logs: 1 − Σ(log y − log ŷ)² / Σ(log y − mean)² (1 if y is flat)."""
    ss_tot = float(np.sum((observed_log - observed_log.mean()) ** 2))
    resid = observed_log - predicted_log
    return 1.0 - float(np.sum(resid**2)) / ss_tot if ss_tot > 0 else 1.0


def _hyperbola(b, s):
    # weighted least squares of S = s_min + e_min / B with weights 1/S² (relative errors)
    design = np.column_stack((np.ones_like(b), 1.0 / b)) / s[:, None]
    coef, *_ = np.linalg.lstsq(design, np.ones_like(s), rcond=None)
    return coef


@accepts(n_boot={"zero": "no bootstrap: the interval is (nan, nan)"})
def fit_critical_batch(batch_sizes, steps, *, n_boot: int = 1000, seed: int = 0
                       ) -> CriticalBatchFit:
    r"""Fit McCandlish et al.'s :math:`S = S_{min}(1 + B_{crit}/B)` to (B, S) pairs.

    Linear in (S_min, E_min) once written S = S_min + E_min·(1/B); fitted in relative
    least squares. ``steps`` are the steps each batch size took to reach one target loss.
    """
    b = as_array("batch_sizes", batch_sizes, positive=True)
    s = as_array("steps", steps, positive=True)
    n = same_length(batch_sizes=b, steps=s)
    if n < 3 or np.unique(b).size < 3:
        raise ValueError(f"batch_sizes must hold at least 3 different batch sizes, got "
                         f"{_show(batch_sizes)}")
    n_boot = as_int("n_boot", n_boot, minimum=0, maximum=100_000)
    seed = as_int("seed", seed, minimum=0)
    s_min, e_min = _hyperbola(b, s)
    if not (s_min > 0 and e_min > 0):
        raise ValueError(f"steps do not follow S = S_min + E_min/B with positive S_min and "
                         f"E_min (got S_min={s_min:.3g}, E_min={e_min:.3g}) for "
                         f"batch_sizes={_show(batch_sizes)}, steps={_show(steps)}")
    pred = s_min + e_min / b
    r2 = _log_r_squared(np.log(s), np.log(pred))
    rng = np.random.default_rng(seed)
    crits, failed = [], 0
    for _ in range(n_boot):
        i = rng.integers(0, n, n)
        if np.unique(b[i]).size < 2:
            failed += 1
            continue
        sm, em = _hyperbola(b[i], s[i])
        if sm > 0 and em > 0:
            crits.append(em / sm)
        else:
            failed += 1
    interval = (tuple(float(q) for q in np.quantile(crits, [0.05, 0.95]))
                if len(crits) >= 10 else (math.nan, math.nan))
    return CriticalBatchFit(float(s_min), float(e_min), float(e_min / s_min), r2, interval,
                            failed, b, s)


# ----------------------------------------------------------------------------- μP
#: the kinds of layer :func:`mup_multipliers` knows
MUP_LAYERS = ("input", "hidden", "output", "bias")


def mup_multipliers(layer: str, width, base_width) -> dict:
    r"""How μP changes one layer relative to the standard parametrisation (SP), with Adam.

    With m = h / h_base (``yang2022tensor``, Table 3 / 8, in the form of the ``mup``
    package: ``MuReadout`` divides the output by m and rescales its initial weights,
    ``MuAdam`` divides the rate of hidden matrices by m):

    ========  ==============  =============  =================
    layer     init variance   Adam lr        output multiplier
    ========  ==============  =============  =================
    input     × 1             × 1            × 1
    hidden    × 1             × 1/m          × 1
    output    × m             × 1            × 1/m
    bias      × 1             × 1            × 1
    ========  ==============  =============  =================

    (SP's output initial variance is 1/h; × m makes it 1/h_base, a constant.) At h =
    h_base every factor is 1: μP and SP coincide there, so a rate tuned at the base width
    transfers. Returns ``{"init_variance": …, "learning_rate": …, "output_multiplier": …}``.
    """
    as_choice("layer", layer, MUP_LAYERS)
    h = as_positive("width", width, allow_array=False)
    h0 = as_positive("base_width", base_width, allow_array=False)
    m = h / h0
    if not (math.isfinite(m) and m > 0) or not math.isfinite(1.0 / m):
        raise ValueError(f"width / base_width is out of range: width={_show(width)}, "
                         f"base_width={_show(base_width)}")
    out = {"init_variance": 1.0, "learning_rate": 1.0, "output_multiplier": 1.0}
    if layer == "hidden":
        out["learning_rate"] = 1.0 / m
    elif layer == "output":
        out["init_variance"] = m
        out["output_multiplier"] = 1.0 / m
    return out


# ------------------------------------------------------------------------ optima
def optimal_learning_rate(learning_rates, losses) -> tuple[float, bool]:
    r"""The best learning rate of a grid: a parabola in log η through the best point and
    its two neighbours, its vertex kept inside them.

    Losses that are ``nan`` (a diverged run) count as worse than any finite loss. Returns
    ``(lr_opt, at_edge)``; ``at_edge`` is True when the best point is the grid's first or
    last (then ``lr_opt`` is that point: the optimum may lie outside the grid).
    """
    lr = as_array("learning_rates", learning_rates, positive=True)
    loss = _losses_with_gaps("losses", losses)
    if loss.size != lr.size:
        raise ValueError(f"learning_rates and losses differ in length: learning_rates has "
                         f"{lr.size}, losses has {loss.size} ({_show(losses)})")
    n = lr.size
    if n < 3:
        raise ValueError(f"learning_rates needs at least 3 points, got {_show(learning_rates)}")
    if not np.isfinite(loss).any():
        raise ValueError(f"losses must hold at least one finite loss, got {_show(losses)}")
    order = np.argsort(lr)
    lr, loss = lr[order], np.where(np.isfinite(loss[order]), loss[order], np.inf)
    i = int(np.argmin(loss))
    if i == 0 or i == n - 1 or not np.isfinite(loss[[i - 1, i + 1]]).all():
        return float(lr[i]), i in (0, n - 1)
    x = np.log(lr[i - 1:i + 2])
    a, b, _ = np.polyfit(x, loss[i - 1:i + 2], 2)
    vertex = -b / (2 * a) if a > 0 else x[1]
    return float(np.exp(np.clip(vertex, x[0], x[2]))), False


def _losses_with_gaps(name: str, values) -> np.ndarray:
    """A 1-D float array where ``None`` and ``nan`` (diverged runs) become nan."""
    if isinstance(values, str | bytes) or not hasattr(values, "__len__"):
        raise InputTypeError(f"{name} must be a 1-D array of losses, got {_show(values)}")
    vals = [math.nan if v is None else v for v in values]
    if not all(isinstance(v, int | float | np.integer | np.floating)
               and not isinstance(v, bool | np.bool_) for v in vals):
        raise InputTypeError(f"{name} must hold numbers (or None for a diverged run), got "
                             f"{_show(values)}")
    arr = np.asarray(vals, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got {_show(values)}")
    if np.isinf(arr).any() or (arr[np.isfinite(arr)] <= 0).any():
        raise ValueError(f"{name} must hold positive finite losses or nan, got {_show(values)}")
    return arr


@output_record
@dataclass(frozen=True, eq=False)
class HyperparameterLawFit:
    """A power law y = c·x^k fitted in logs, with a bootstrap interval on k.

    Attributes
    ----------
    coefficient, exponent : float
    exponent_interval : tuple of float
        Central 90% bootstrap interval of k (points resampled).
    r_squared : float
        R² of log y.
    x, y : ndarray
    """

    coefficient: float
    exponent: float
    exponent_interval: tuple
    r_squared: float
    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)

    @returns_finite
    def predict(self, x):
        """ŷ at ``x``."""
        x = as_positive("x", x)
        return self.coefficient * x ** self.exponent


@accepts(n_boot={"zero": "no bootstrap: the interval is (nan, nan)"})
def fit_hyperparameter_law(x, y, *, n_boot: int = 1000, seed: int = 0
                           ) -> HyperparameterLawFit:
    """Fit y = c·x^k by least squares in logs (e.g. η_opt against width or compute).

    Several y at the same x (seeds) are allowed; the bootstrap resamples points.
    """
    x = as_array("x", x, positive=True)
    y = as_array("y", y, positive=True)
    n = same_length(x=x, y=y)
    if n < 2 or np.unique(x).size < 2:
        raise ValueError(f"x must hold at least 2 different values, got {_show(x)}")
    n_boot = as_int("n_boot", n_boot, minimum=0, maximum=100_000)
    seed = as_int("seed", seed, minimum=0)
    # fitting.fit_power_law gives the same c and k but not log c, which R² needs (log(c)
    # of an exp'd c differs in the last bit, and c underflows to 0 for extreme data)
    lx, ly = np.log(x), np.log(y)
    k, logc = np.polyfit(lx, ly, 1)
    r2 = _log_r_squared(ly, logc + k * lx)
    rng = np.random.default_rng(seed)
    ks = []
    for _ in range(n_boot):
        i = rng.integers(0, n, n)
        if np.unique(lx[i]).size >= 2:
            ks.append(np.polyfit(lx[i], ly[i], 1)[0])
    interval = (tuple(float(q) for q in np.quantile(ks, [0.05, 0.95]))
                if len(ks) >= 10 else (math.nan, math.nan))
    return HyperparameterLawFit(float(math.exp(logc)), float(k), interval, r2, x, y)


# --------------------------------------------------------------------- schedules
def wsd_compute_fraction(lengths_tokens, cooldown_fraction) -> float:
    r"""Compute of a WSD family relative to separate runs of the same lengths.

    One constant-rate run to the longest branch point, (1 − f)·D_max tokens, plus a
    cooldown of f·D_i tokens for each length D_i, against Σ D_i for separate (cosine) runs
    of one model size (``hagele2024scaling``):
    :math:`[(1 - f)\,D_{max} + f \sum_i D_i] / \sum_i D_i`.
    """
    d = as_array("lengths_tokens", lengths_tokens, positive=True)
    f = as_fraction("cooldown_fraction", cooldown_fraction, allow_zero=True,
                    allow_array=False)
    total = float(d.sum())
    return ((1.0 - f) * float(d.max()) + f * total) / total


@returns_finite
def adamw_timescale_steps(learning_rate, weight_decay):
    r"""AdamW's averaging timescale in steps, :math:`\tau = 1/(\eta\lambda)`
    (``wang2024adamw``): AdamW's weights are an exponential moving average of recent
    updates over about τ steps. Wang & Aitchison find the best τ, measured as a
    fraction of the run (in epochs), roughly constant as model and data grow."""
    lr = as_positive("learning_rate", learning_rate)
    wd = as_positive("weight_decay", weight_decay)
    return 1.0 / (lr * wd)


@returns_finite
def weight_decay_for_timescale(learning_rate, run_steps, timescale_fraction):
    r"""λ that keeps AdamW's timescale at a fixed fraction of the run:
    :math:`\lambda = 1/(\eta\,\tau_{frac}\,S)` (``wang2024adamw``). Twice the steps at the
    same η need half the weight decay."""
    lr = as_positive("learning_rate", learning_rate)
    steps = as_positive("run_steps", run_steps)
    frac = as_positive("timescale_fraction", timescale_fraction)
    return 1.0 / (lr * frac * steps)


# ------------------------------------------------------------- the lab's sweeps
def _table(table, preset: str):
    from scaling_lib.lab.sweep import SweepTable

    check_type("table", table, SweepTable, f"a SweepTable (load_sweep({preset!r}))")
    if not table.rows:
        raise ValueError(f"table has no rows; expected the {preset!r} sweep")
    return table


def lr_width_optima(table) -> dict:
    """Optimal learning rate of every (parametrisation, width, seed) of the ``lr_width`` sweep.

    Returns ``{parametrization: {"widths", "seeds", "lr_opt", "at_edge", "fit"}}`` with
    arrays over (width, seed) pairs and ``fit`` the :class:`HyperparameterLawFit` of
    η_opt against width (its exponent is the slope of log η_opt vs log h).
    """
    table = _table(table, "lr_width")
    out = {}
    for p in sorted({r["parametrization"] for r in table.rows}):
        rows = [r for r in table.rows if r["parametrization"] == p]
        keys = sorted({(r["width"], r["seed"]) for r in rows})
        widths, seeds, lrs, edges = [], [], [], []
        for w, s in keys:
            grid = sorted((r["peak_lr"], r["final_loss"]) for r in rows
                          if r["width"] == w and r["seed"] == s)
            lr, edge = optimal_learning_rate([g[0] for g in grid], [g[1] for g in grid])
            widths.append(w)
            seeds.append(s)
            lrs.append(lr)
            edges.append(edge)
        widths, lrs = np.array(widths, float), np.array(lrs)
        out[p] = {"widths": widths, "seeds": np.array(seeds), "lr_opt": lrs,
                  "at_edge": np.array(edges), "fit": fit_hyperparameter_law(widths, lrs)}
    return out


def lr_width_trends(table) -> dict:
    """The slope of log η_opt against log width, seed by seed, of the ``lr_width`` sweep.

    Returns ``{parametrization: {"widths", "seeds", "lr_opt", "trend"}}`` with ``lr_opt``
    of shape (seeds, widths) and ``trend`` the :class:`scaling_lib.findings.Trend` of
    log η_opt against log width (its ``per_seed`` slopes are one per seed). Only seeds
    trained at every width count.
    """
    from scaling_lib.findings import seed_trend

    optima = lr_width_optima(table)
    out = {}
    for p, o in optima.items():
        widths = np.array(sorted(set(o["widths"].tolist())))
        seeds = [s for s in sorted(set(o["seeds"].tolist()))
                 if all(((o["widths"] == w) & (o["seeds"] == s)).any() for w in widths)]
        if len(seeds) < 2 or widths.size < 2:
            raise ValueError(f"table needs at least two seeds trained at every width and two "
                             f"widths for a trend, got seeds {seeds} and widths "
                             f"{widths.tolist()} under {p!r}")
        lr = np.array([[o["lr_opt"][(o["widths"] == w) & (o["seeds"] == s)][0]
                        for w in widths] for s in seeds])
        label = {"sp": "the best rate under SP", "mup": "the best rate under μP"}.get(
            p, f"the best rate under {p}")
        out[p] = {"widths": widths, "seeds": np.array(seeds), "lr_opt": lr,
                  "trend": seed_trend(np.log(widths), np.log(lr), label=label)}
    return out


def lr_reuse_losses(table, parametrization: str = "sp", small_width: int = 32,
                    large_width: int = 256) -> dict:
    """What a rate tuned at ``small_width`` costs at ``large_width``, seed by seed.

    For each seed of the ``lr_width`` sweep: the small width's optimal rate
    (:func:`optimal_learning_rate`), the large width's final loss at that rate
    (interpolated in log η between its grid points; diverged runs left out) and the large
    width's best loss on its grid. Returns arrays ``seeds``, ``rate``, ``reused``, ``best``.
    """
    table = _table(table, "lr_width")
    as_choice("parametrization", parametrization, ("sp", "mup"))
    widths = sorted({int(r["width"]) for r in table.rows})
    small_width = as_int("small_width", small_width, minimum=1)
    large_width = as_int("large_width", large_width, minimum=1)
    for name, w in (("small_width", small_width), ("large_width", large_width)):
        if w not in widths:
            raise ValueError(f"{name} must be one of the sweep's widths {widths}, got {w}")
    rows = [r for r in table.rows if r["parametrization"] == parametrization]
    seeds, rates, reused, best = [], [], [], []
    for s in sorted({r["seed"] for r in rows}):
        def grid(w, s=s):
            g = sorted((r["peak_lr"], math.nan if r["final_loss"] is None else r["final_loss"])
                       for r in rows if r["width"] == w and r["seed"] == s)
            return np.array([x for x, _ in g], float), np.array([y for _, y in g], float)

        lr_s, loss_s = grid(small_width)
        lr_l, loss_l = grid(large_width)
        if lr_s.size < 3 or lr_l.size < 2:
            continue
        rate, _ = optimal_learning_rate(lr_s, loss_s)
        ok = np.isfinite(loss_l)
        seeds.append(s)
        rates.append(rate)
        reused.append(float(np.interp(np.log(rate), np.log(lr_l[ok]), loss_l[ok])))
        best.append(float(loss_l[ok].min()))
    if not seeds:
        raise ValueError(f"table has no seed trained at both widths {small_width} and "
                         f"{large_width} under {parametrization!r}")
    return {"seeds": np.array(seeds), "rate": np.array(rates), "reused": np.array(reused),
            "best": np.array(best)}


def lr_width_curves(table, parametrization: str = "sp") -> dict:
    """Mean final loss over seeds against learning rate, per width: ``{width: (lrs, loss)}``.

    A diverged run (loss ``None``) makes its point ``nan``."""
    table = _table(table, "lr_width")
    as_choice("parametrization", parametrization, ("sp", "mup"))
    rows = [r for r in table.rows if r["parametrization"] == parametrization]
    out = {}
    for w in sorted({r["width"] for r in rows}):
        lrs = sorted({r["peak_lr"] for r in rows if r["width"] == w})
        mean = []
        for lr in lrs:
            v = [r["final_loss"] for r in rows if r["width"] == w and r["peak_lr"] == lr]
            mean.append(math.nan if any(x is None for x in v) else float(np.mean(v)))
        out[int(w)] = (np.array(lrs), np.array(mean))
    return out


def batch_targets(table) -> dict:
    """Steps and tokens to each target loss of the ``batch_size`` sweep, at each batch size's
    best learning rate: ``{target: {"batch_sizes", "steps", "tokens", "lr"}}`` (batch sizes
    that never reached a target are left out of it)."""
    table = _table(table, "batch_size")
    targets = sorted({t for r in table.rows for t in r["targets"]}, key=float, reverse=True)
    out = {}
    for t in targets:
        best = {}
        for r in table.rows:
            s = r["targets"][t]["steps"]
            if s is not None and (r["batch_size"] not in best or s < best[r["batch_size"]][0]):
                best[r["batch_size"]] = (s, r["peak_lr"])
        b = np.array(sorted(best), float)
        steps = np.array([best[k][0] for k in sorted(best)])
        out[t] = {"batch_sizes": b, "steps": steps, "tokens": b * steps,
                  "lr": np.array([best[k][1] for k in sorted(best)])}
    return out


def budget_optima(table) -> dict:
    """Best (learning rate, batch) of each compute budget of the ``hp_budgets`` sweep.

    The budget of a (width, tokens) cell is C = 6·N·D; its optimum is the grid point of
    lowest final loss. Returns arrays ``compute_flops``, ``widths``, ``lr_opt``,
    ``batch_opt``, ``loss_opt`` and the fits ``lr_fit``, ``batch_fit`` (power laws in C).
    """
    table = _table(table, "hp_budgets")
    cells = sorted({(r["width"], r["tokens"]) for r in table.rows})
    c, w, lr, b, loss = [], [], [], [], []
    for width, tokens in cells:
        rows = [r for r in table.rows if r["width"] == width and r["tokens"] == tokens
                and r["final_loss"] is not None]
        best = min(rows, key=lambda r: r["final_loss"])
        c.append(best["flops"])
        w.append(width)
        lr.append(best["peak_lr"])
        b.append(best["batch_size"])
        loss.append(best["final_loss"])
    c, lr, b = np.array(c), np.array(lr), np.array(b, float)
    return {"compute_flops": c, "widths": np.array(w), "lr_opt": lr, "batch_opt": b,
            "loss_opt": np.array(loss), "lr_fit": fit_hyperparameter_law(c, lr),
            "batch_fit": fit_hyperparameter_law(c, b)}


def wsd_comparison(table, peak_lr=None) -> dict:
    """WSD branches against separate cosine runs of the ``wsd`` sweep, length by length.

    ``peak_lr`` picks one peak rate, shared by both schedules; ``None`` takes, at each
    length, each schedule's best final loss over the sweep's rates (each tuned on its own).
    Returns arrays ``tokens``, ``branch_loss``, ``cosine_loss``, ``branch_lr``,
    ``cosine_lr``, ``branch_start_loss`` (the trunk's loss where each branch leaves it),
    ``entropy`` (the language's irreducible loss), ``gap_of_reducible`` = (branch − cosine)
    / (cosine − entropy), and the compute of one branch family and of one set of cosine
    runs (6·N·D each).
    """
    table = _table(table, "wsd")
    rates = sorted({r["peak_lr"] for r in table.rows})
    if peak_lr is not None:
        peak_lr = as_positive("peak_lr", peak_lr, allow_array=False)
        if not any(math.isclose(peak_lr, x) for x in rates):
            raise ValueError(f"peak_lr must be one of the sweep's rates {rates}, got "
                             f"{_show(peak_lr)}")
        rates = [x for x in rates if math.isclose(peak_lr, x)]
    rows = [r for r in table.rows if r["peak_lr"] in rates and r["final_loss"] is not None]
    branches = [r for r in rows if r.get("phase") == "branch"]
    cosines = [r for r in rows if r.get("phase") == "run"]
    tokens = np.array(sorted({r["tokens"] for r in branches}), float)
    best_b = [min((r for r in branches if r["tokens"] == t), key=lambda r: r["final_loss"])
              for t in tokens]
    best_c = [min((r for r in cosines if r["tokens"] == t), key=lambda r: r["final_loss"])
              for t in tokens]
    bl = np.array([r["final_loss"] for r in best_b])
    cl = np.array([r["final_loss"] for r in best_c])
    h = float(best_b[0]["entropy"])
    one_lr = [r for r in cosines if r["peak_lr"] == best_c[0]["peak_lr"]]
    return {"tokens": tokens, "branch_loss": bl, "cosine_loss": cl,
            "branch_lr": np.array([r["peak_lr"] for r in best_b]),
            "cosine_lr": np.array([r["peak_lr"] for r in best_c]),
            "branch_start_loss": np.array([r.get("branch_start_loss") or math.nan
                                           for r in best_b]),
            "entropy": h, "gap_of_reducible": (bl - cl) / (cl - h),
            "branch_family_flops": float(best_b[0]["shared_flops"]),
            "cosine_flops": float(sum(r["flops"] for r in one_lr)),
            "rates": rates}


def _offset_power_fit(d: np.ndarray, y: np.ndarray):
    """(E, B, β) of y ≈ E + B·d^(−β) in relative least squares: for each β on a grid the best
    (E, B) is a 2×2 linear solve; the grid is refined twice around the best β."""
    lo, hi = 0.005, 3.0
    for _ in range(3):
        betas = np.linspace(lo, hi, 200)
        x = d[None, :] ** -betas[:, None] / y          # (betas, points), weighted by 1/y
        w = 1.0 / y
        a11, a12, a22 = np.sum(w * w), x @ w, np.sum(x * x, axis=1)
        b1, b2 = np.sum(w), x.sum(axis=1)
        det = a11 * a22 - a12**2
        with np.errstate(divide="ignore", invalid="ignore"):
            e = (a22 * b1 - a12 * b2) / det
            b = (a11 * b2 - a12 * b1) / det
            sse = np.sum((e[:, None] * w + b[:, None] * x - 1.0) ** 2, axis=1)
        sse[~np.isfinite(sse) | (e < 0) | (b <= 0)] = np.inf
        i = int(np.argmin(sse))
        if not np.isfinite(sse[i]):
            return None
        step = betas[1] - betas[0]
        lo, hi = max(0.001, betas[i] - step), betas[i] + step
    return float(e[i]), float(b[i]), float(betas[i])


@accepts(n_boot={"zero": "no bootstrap: the intervals are (nan, nan)"})
def fit_data_law(tokens, losses, *, n_boot: int = 500, seed: int = 0) -> dict:
    r"""Fit the data term of chapter 2's law at one model size, :math:`L(D) = E + B\,D^{-\beta}`,
    with central 90% bootstrap intervals (points resampled) on β and on E.

    Relative least squares with E ≥ 0, B > 0 and β in (0, 3]. Returns ``{"E", "B", "beta",
    "beta_interval", "E_interval", "failed_resamples"}``; a resample with fewer than 3
    distinct lengths, or whose best β lies at the edge of the range, counts as failed.
    """
    d = as_array("tokens", tokens, positive=True)
    y = as_array("losses", losses, positive=True)
    n = same_length(tokens=d, losses=y)
    if n < 4 or np.unique(d).size < 4:
        raise ValueError(f"tokens must hold at least 4 different lengths, got {_show(tokens)}")
    n_boot = as_int("n_boot", n_boot, minimum=0, maximum=10_000)
    seed = as_int("seed", seed, minimum=0)
    best = _offset_power_fit(d, y)
    if best is None:
        raise ValueError(f"losses do not fall with tokens as E + B·D^(−β) with B > 0: "
                         f"tokens={_show(tokens)}, losses={_show(losses)}")
    rng = np.random.default_rng(seed)
    betas, es, failed = [], [], 0
    for _ in range(n_boot):
        i = rng.integers(0, n, n)
        f = _offset_power_fit(d[i], y[i]) if np.unique(d[i]).size >= 3 else None
        if f is None or not 0.006 < f[2] < 2.99:
            failed += 1
            continue
        es.append(f[0])
        betas.append(f[2])

    def interval(v):
        return (tuple(float(q) for q in np.quantile(v, [0.05, 0.95])) if len(v) >= 10
                else (math.nan, math.nan))

    return {"E": best[0], "B": best[1], "beta": best[2], "beta_interval": interval(betas),
            "E_interval": interval(es), "failed_resamples": failed}
