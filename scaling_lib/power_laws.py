"""Working with power laws: doubling gains, the joint law's bottleneck, overfitting, extrapolation.

Chapter 1, "Power laws" (``book/01_kaplan.ipynb``). The published constants of
Kaplan et al. (2020, ``kaplan2020scaling``) live in :mod:`scaling_lib.laws`;
this module adds the one constant chapter 1 needs that ``laws`` lacks (the
overfitting condition, Eq. 4.4) and small pure functions that read the laws:

- :func:`loss_factor` and :func:`multiple_for_loss_factor` — what multiplying a
  resource buys, and what a target loss costs, under :math:`L \\propto X^{-\\alpha}`;
- :func:`joint_terms`, :func:`bottleneck`, :func:`overfitting_penalty` — reading
  Kaplan's joint law :math:`L(N, D)`;
- :func:`local_slopes` and :func:`floor_crossing` — is a curve a power law, and
  where does a floorless fit predict the impossible;
- :func:`extrapolate` — fit the small runs of a sweep, predict the large ones,
  with a residual-bootstrap interval.

Units: ``params`` are non-embedding parameters (Kaplan's :math:`N`), ``tokens``
training tokens, losses in nats per token.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._contract import output_record
from ._validate import (
    _show,
    as_array,
    as_fraction,
    as_int,
    as_nonnegative,
    as_positive,
    check_fields,
    check_type,
    returns_finite,
    same_length,
)
from .fitting import PowerLawFit, fit_power_law
from .laws import KaplanJointLaw, check_law

__all__ = [
    "OverfittingCondition",
    "KAPLAN_OVERFITTING",
    "loss_factor",
    "multiple_for_loss_factor",
    "joint_terms",
    "bottleneck",
    "overfitting_penalty",
    "local_slopes",
    "local_slope_noise",
    "floor_crossing",
    "Extrapolation",
    "extrapolate",
    "LearnedContexts",
    "learned_contexts_curve",
    "zipf_exponent_predictions",
    "draw_learned_contexts",
    "draw_lab_model",
]


# --------------------------------------------------------------------------------------
# The overfitting condition (Kaplan et al. 2020, Eq. 4.4)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverfittingCondition:
    r"""Kaplan's rule for enough data, :math:`D \gtrsim k\,N^{p}` (``kaplan2020scaling``, Eq. 4.4).

    Kaplan et al. estimate the seed-to-seed variation of the loss at about 0.02
    and require the overfitting penalty :math:`\delta L = L(N, D)/L(N, \infty) - 1`
    (Eq. 4.2, 4.3) to stay within it (``penalty_threshold``); with the joint-law
    fit (Table 2) that gives :math:`D \gtrsim (5\times10^3)\,N^{0.74}`.
    Checked against the text of arXiv:2001.08361, Section 4.2. ``N`` counts
    non-embedding parameters, ``D`` tokens; the authors note they did not tune
    regularisation (dropout) with size, and that the rule is not compute-optimal.

    Attributes
    ----------
    tokens_coefficient : float
        :math:`k` = 5e3 tokens.
    exponent : float
        :math:`p` = 0.74 (≈ :math:`\alpha_N/\alpha_D`).
    penalty_threshold : float
        The tolerated :math:`\delta L` the rule was derived for (0.02).
    citation : str
    """

    tokens_coefficient: float
    exponent: float
    penalty_threshold: float
    citation: str

    def __post_init__(self):
        check_fields(self, positive=("tokens_coefficient", "exponent", "penalty_threshold"),
                     text="citation")

    @returns_finite
    def min_tokens(self, params):
        """Fewest training tokens for which a ``params``-parameter model does not overfit."""
        params = as_positive("params", params)
        return self.tokens_coefficient * params**self.exponent

    @returns_finite
    def max_params(self, tokens):
        """Largest non-embedding parameter count that ``tokens`` tokens support."""
        tokens = as_positive("tokens", tokens)
        return (tokens / self.tokens_coefficient) ** (1.0 / self.exponent)


KAPLAN_OVERFITTING = OverfittingCondition(
    tokens_coefficient=5e3, exponent=0.74, penalty_threshold=0.02, citation="kaplan2020scaling"
)


# --------------------------------------------------------------------------------------
# Reading a single power law
# --------------------------------------------------------------------------------------


@returns_finite
def loss_factor(exponent, multiple=2.0):
    r"""Factor by which the loss changes when the resource is multiplied by ``multiple``.

    For :math:`L = (X_c/X)^{\alpha}`: :math:`L(mX)/L(X) = m^{-\alpha}`, the same
    at every :math:`X`. Kaplan et al. quote :math:`2^{-\alpha_N} = 0.95` for
    doubling :math:`N` (``kaplan2020scaling``, Section 1.2).

    Parameters
    ----------
    exponent : float or array
        :math:`\alpha` (positive).
    multiple : float or array
        :math:`m` (2 for a doubling).
    """
    exponent = as_positive("exponent", exponent)
    multiple = as_positive("multiple", multiple)
    return multiple ** (-exponent)


@returns_finite
def multiple_for_loss_factor(exponent, factor):
    r"""How many times more of the resource multiplies the loss by ``factor``.

    Inverting :math:`m^{-\alpha} = f`: :math:`m = f^{-1/\alpha}`. A 10% lower loss
    (``factor`` = 0.9) under :math:`L(C_{min})` (:math:`\alpha_C^{min} = 0.050`)
    needs :math:`0.9^{-20} \approx 8.2` times the compute.

    Parameters
    ----------
    exponent : float or array
        :math:`\alpha` (positive).
    factor : float or array
        Target ratio new loss / old loss (positive; below 1 for an improvement).
    """
    exponent = as_positive("exponent", exponent)
    factor = as_positive("factor", factor)
    return factor ** (-1.0 / exponent)


# --------------------------------------------------------------------------------------
# Reading Kaplan's joint law
# --------------------------------------------------------------------------------------


@returns_finite
def joint_terms(law: KaplanJointLaw, params, tokens):
    r"""The two terms inside Kaplan's joint law, Eq. (1.5) of ``kaplan2020scaling``.

    .. math:: L(N, D) = \Big[\underbrace{(N_c/N)^{\alpha_N/\alpha_D}}_{\text{params term}}
              + \underbrace{D_c/D}_{\text{tokens term}}\Big]^{\alpha_D}

    The larger term is the bottleneck: growing the other resource barely helps.

    Returns
    -------
    (params_term, tokens_term) : floats or arrays (dimensionless)
    """
    check_law(law, cls=KaplanJointLaw)
    params = as_positive("params", params)
    tokens = as_positive("tokens", tokens)
    return (law.n_c / params) ** (law.alpha_n / law.alpha_d), law.d_c / tokens


def bottleneck(law: KaplanJointLaw, params: float, tokens: float) -> str:
    """``"params"`` if the model size limits the loss more than the data, else ``"tokens"``."""
    check_law(law, cls=KaplanJointLaw)
    p, t = joint_terms(law, as_positive("params", params, allow_array=False),
                       as_positive("tokens", tokens, allow_array=False))
    return "params" if p >= t else "tokens"


@returns_finite
def overfitting_penalty(law: KaplanJointLaw, params, tokens):
    r"""Relative excess loss from finite data, :math:`\delta L = L(N, D)/L(N, \infty) - 1`.

    Eq. (4.2)–(4.3) of ``kaplan2020scaling``:
    :math:`\delta L = \left(1 + (N/N_c)^{\alpha_N/\alpha_D} D_c/D\right)^{\alpha_D} - 1`.
    """
    p, t = joint_terms(law, params, tokens)
    return (1.0 + t / p) ** law.alpha_d - 1.0


# --------------------------------------------------------------------------------------
# Is it a power law, and where does a floorless law break?
# --------------------------------------------------------------------------------------


def local_slopes(x, y):
    r"""Slopes :math:`\Delta\log y / \Delta\log x` between consecutive points.

    Constant for a pure power law; drifting towards 0 when the data approach a floor.
    ``x`` must be strictly increasing.
    """
    x = as_array("x", x, positive=True, min_length=2)
    y = as_array("y", y, positive=True, min_length=2)
    same_length(x=x, y=y)
    if np.any(np.diff(x) <= 0):
        raise ValueError("x must be strictly increasing")
    return np.diff(np.log(y)) / np.diff(np.log(x))


@returns_finite
def local_slope_noise(x, y, sd: float):
    r"""Standard deviation of each of :func:`local_slopes` when every ``y`` has noise ``sd``.

    A local slope is :math:`(\ln y_{i+1} - \ln y_i)/(\ln x_{i+1} - \ln x_i)`; independent
    noise of standard deviation ``sd`` in each ``y`` (for lab losses: the seed-to-seed
    spread, in the units of ``y``) gives it the standard deviation
    :math:`\sqrt{(s/y_i)^2 + (s/y_{i+1})^2}\,/\,\Delta\ln x` (first order in s/y).
    Compare a drift between two slopes with the noise of their difference, the two
    values combined in quadrature.
    """
    local_slopes(x, y)  # validates x and y
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    sd = float(as_nonnegative("sd", sd, allow_array=False))
    with np.errstate(over="ignore", divide="ignore"):
        return np.hypot(sd / y[:-1], sd / y[1:]) / np.diff(np.log(x))


@returns_finite
def floor_crossing(fit: PowerLawFit, floor: float) -> float:
    r"""The ``x`` at which a decreasing offset-free fit :math:`c\,x^k` reaches ``floor``.

    A pure power law falls without limit; past this point it predicts a loss
    below ``floor`` (for example the entropy of the data), which is impossible.

    Returns
    -------
    float
        :math:`(\text{floor}/c)^{1/k}`.
    """
    check_type("fit", fit, PowerLawFit, "a PowerLawFit (from fitting.fit_power_law)")
    floor = as_positive("floor", floor, allow_array=False)
    if fit.offset != 0:
        raise ValueError("fit has an offset: it never falls below its floor")
    if fit.exponent >= 0:
        raise ValueError(f"fit must decrease (exponent < 0), got exponent {fit.exponent!r}")
    return float((floor / fit.coefficient) ** (1.0 / fit.exponent))


# --------------------------------------------------------------------------------------
# Extrapolation with an interval
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True, eq=False)
class Extrapolation:
    r"""A power law fitted to the first runs of a sweep and used to predict the rest.

    The model is :math:`y = \text{floor} + c\,x^{k}`, with ``floor`` given (0 for a
    pure power law, the entropy for the lab). The interval comes from a residual
    bootstrap in log space: it covers the scatter of the fitted points *under
    the assumed form*, not an error in the form itself.

    Attributes
    ----------
    fit : PowerLawFit
        Fit of :math:`y - \text{floor}` on the fitted points.
    floor : float
    level : float
        Central probability of the interval (e.g. 0.8).
    x_fit, y_fit, x_test, y_test : arrays
        Fitted and held-out points.
    boot_log_coefficient, boot_exponent : arrays
        Refitted :math:`\log c` and :math:`k` of each bootstrap resample.
    """

    fit: PowerLawFit
    floor: float
    level: float
    x_fit: np.ndarray = field(repr=False)
    y_fit: np.ndarray = field(repr=False)
    x_test: np.ndarray = field(repr=False)
    y_test: np.ndarray = field(repr=False)
    boot_log_coefficient: np.ndarray = field(repr=False)
    boot_exponent: np.ndarray = field(repr=False)

    @returns_finite
    def predict(self, x):
        """Point prediction of ``y`` at ``x``."""
        return self.floor + self.fit.predict(x)

    @returns_finite
    def interval(self, x):
        """(lower, upper) bootstrap percentile interval of the prediction at ``x``."""
        x = as_positive("x", x)
        if np.ndim(x) > 1:
            raise ValueError(f"x must be a number or a 1-D array, got an array of shape "
                             f"{np.shape(x)}")
        x = np.atleast_1d(x)
        draws = self.floor + np.exp(self.boot_log_coefficient[:, None]
                                    + self.boot_exponent[:, None] * np.log(x)[None, :])
        tail = 50.0 * (1.0 - self.level)
        lo, hi = np.percentile(draws, [tail, 100.0 - tail], axis=0)
        return lo, hi

    @property
    def predicted(self) -> np.ndarray:
        """Predictions at the held-out ``x_test``."""
        return self.predict(self.x_test) if self.x_test.size else self.x_test

    @property
    def errors(self) -> np.ndarray:
        """Prediction minus measurement at each held-out point (same unit as ``y``)."""
        return self.predicted - self.y_test

    @property
    def covered(self) -> np.ndarray:
        """Whether each held-out measurement lies inside the interval."""
        if not self.x_test.size:
            return np.zeros(0, dtype=bool)
        lo, hi = self.interval(self.x_test)
        return (lo <= self.y_test) & (self.y_test <= hi)


def extrapolate(x, y, n_fit: int, *, floor: float = 0.0, n_boot: int = 1000,
                level: float = 0.8, seed: int = 0) -> Extrapolation:
    r"""Fit :math:`y = \text{floor} + c\,x^k` to the ``n_fit`` smallest ``x``; predict the rest.

    The fit is ordinary least squares of :math:`\log(y - \text{floor})` on
    :math:`\log x` (:func:`scaling_lib.fitting.fit_power_law`). For the
    interval, the log residuals of the fit are resampled with replacement
    ``n_boot`` times, added to the fitted line, and the line refitted: the
    spread of the refitted predictions gives a ``level`` percentile interval.
    With few points (the usual case) such an interval is narrow and
    optimistic: it knows nothing about curvature beyond the fitted range.

    Parameters
    ----------
    x, y : arrays
        Resource (e.g. non-embedding parameters) and loss, same length.
    n_fit : int
        How many of the smallest-``x`` points to fit (at least 3).
    floor : float
        Known irreducible loss subtracted before fitting (0: a pure power law).
        Must lie below every fitted ``y``.
    n_boot : int
    level : float
        Central probability of the interval, in (0, 1].
    seed : int
        Seeds the bootstrap.

    Returns
    -------
    Extrapolation
    """
    x = as_array("x", x, positive=True)
    y = as_array("y", y, positive=True)
    n = same_length(x=x, y=y)
    n_fit = as_int("n_fit", n_fit, minimum=3)
    if n_fit > n:
        raise ValueError(f"n_fit must not exceed the number of points ({n}), got {n_fit}")
    floor = as_nonnegative("floor", floor, allow_array=False)
    n_boot = as_int("n_boot", n_boot, minimum=10, maximum=100_000)
    level = as_fraction("level", level, allow_array=False)
    seed = as_int("seed", seed, minimum=0)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    x_fit, y_fit = x[:n_fit], y[:n_fit]
    if np.any(y_fit <= floor):
        raise ValueError(f"floor must lie below every fitted loss, got floor={floor!r} "
                         f"and smallest fitted y={float(y_fit.min())!r}")
    fit = fit_power_law(x_fit, y_fit - floor)
    lx = np.log(x_fit)
    line = np.log(fit.coefficient) + fit.exponent * lx
    resid = np.log(y_fit - floor) - line
    # with n points and 2 fitted constants, residuals are rescaled to unbiased size
    resid = resid * np.sqrt(n_fit / (n_fit - 2))
    rng = np.random.default_rng(seed)
    boot_y = line[None, :] + rng.choice(resid, size=(n_boot, n_fit), replace=True)
    design = np.column_stack((np.ones(n_fit), lx))
    coef = np.linalg.lstsq(design, boot_y.T, rcond=None)[0]
    return Extrapolation(fit, floor, level, x_fit, y_fit, x[n_fit:], y[n_fit:],
                         coef[0], coef[1])


# --------------------------------------------------------------------------------------
# Why the lab's losses are power laws (chapter 1, "Why power laws?")
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True)
class LearnedContexts:
    """The learned-contexts curve of a lab language (:func:`learned_contexts_curve`).

    Attributes
    ----------
    n : ndarray of int
        Numbers of learned contexts (the most frequent ones), increasing.
    excess : ndarray
        Excess loss (nats/token) of an ideal model that knows the top ``n`` contexts' laws
        exactly and predicts the mixture of the unknown contexts' laws for all others.
    tail : ndarray
        :math:`\\sum_{r>n} f_r`, the probability mass of the contexts not learned.
    zipf_exponent : float
        The language's :math:`s` in :math:`f_r \\propto r^{-s}`.
    n_contexts : int
        :math:`K`, the number of contexts of the language.
    """

    n: np.ndarray
    excess: np.ndarray
    tail: np.ndarray
    zipf_exponent: float
    n_contexts: int

    def slope(self, n_min: float = 10.0, n_max: float | None = None) -> float:
        """Fitted log-log slope of the excess against ``n`` between ``n_min`` and ``n_max``
        (default: a sixteenth of the contexts, before the finite vocabulary of contexts bends
        the tail); the Zipf-tail argument predicts :math:`1 - s`."""
        n_min = as_positive("n_min", n_min, allow_array=False)
        n_max = self.n_contexts / 16 if n_max is None else as_positive("n_max", n_max,
                                                                       allow_array=False)
        keep = (self.n >= n_min) & (self.n <= n_max) & (self.excess > 0)
        if keep.sum() < 2:
            raise ValueError(f"n_min={n_min} and n_max={n_max} leave fewer than two points "
                             f"of the curve (n from {self.n[0]} to {self.n[-1]})")
        return float(np.polyfit(np.log(self.n[keep]), np.log(self.excess[keep]), 1)[0])


def zipf_exponent_predictions(zipf_exponent: float) -> tuple[float, float]:
    """The excess-loss exponents the Zipf-tail argument predicts from :math:`s`.

    A model that has learned the :math:`n` most frequent of Zipf-distributed contexts
    (:math:`f_r \\propto r^{-s}`, :math:`s > 1`) leaves an excess loss proportional to the
    tail :math:`\\sum_{r>n} f_r \\propto n^{1-s}`. If :math:`n` grows in proportion to the
    parameter count, the parameter exponent is :math:`\\alpha = s - 1`; if a context is
    learned once it has been seen a fixed number of times, :math:`n \\propto D^{1/s}` and the
    data exponent is :math:`\\beta = (s - 1)/s` (``hutter2021learning``,
    ``michaud2023quantization``). Returns ``(alpha, beta)``.
    """
    s = as_positive("zipf_exponent", zipf_exponent, allow_array=False)
    if s <= 1:
        raise ValueError(f"zipf_exponent must exceed 1 (the tail of a Zipf law with s <= 1 "
                         f"does not shrink as a power of n), got {_show(zipf_exponent)}")
    return s - 1.0, (s - 1.0) / s


def learned_contexts_curve(language=None, n_points: int = 30) -> LearnedContexts:
    """Excess loss against the number of learned contexts, for a lab language.

    For ``n`` log-spaced from 1 to the number of contexts, the exact excess loss of an ideal
    model that knows the ``n`` most frequent contexts' next-token laws and predicts, for
    every other context, the mixture of the unknown contexts' laws (the same quantity as
    :meth:`~scaling_lib.lab.language.ZipfLanguage.excess_loss_if_learned`, computed for all
    ``n`` at once from suffix sums). ``language`` is a ``ZipfLanguage``, a
    ``LanguageConfig`` or None (the lab's default language).
    """
    from .lab.language import LanguageConfig, ZipfLanguage, make_language

    n_points = as_int("n_points", n_points, minimum=2, maximum=1000)
    if language is None:
        language = make_language()
    elif isinstance(language, LanguageConfig):
        language = make_language(**language.to_dict())
    check_type("language", language, ZipfLanguage,
               "a ZipfLanguage, a LanguageConfig or None (the lab's default language)")
    f, p = language.context_probs, language.next_probs
    k = f.size
    n = np.unique(np.geomspace(1, k - 1, n_points).astype(int))
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0).sum(axis=1)
    # suffix sums over the contexts not learned (ranks n+1 … K)
    tail = np.cumsum(f[::-1])[::-1]
    neg_entropy = np.cumsum((f * plogp)[::-1])[::-1]
    mass = np.cumsum((f[:, None] * p)[::-1], axis=0)[::-1]
    t, b = tail[n], mass[n]
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = np.where(b > 0, b * np.log(b / t[:, None]), 0.0).sum(axis=1)
    excess = np.maximum(neg_entropy[n] - cross, 0.0)
    return LearnedContexts(n=n, excess=excess, tail=t,
                           zipf_exponent=float(language.config.zipf_exponent), n_contexts=k)


def draw_learned_contexts(curve: LearnedContexts | None = None, band=None):
    """The learned-contexts curve on log-log axes, with the Zipf tail's slope :math:`1 - s`.

    ``band`` = (low, high) shades a range of excess losses (e.g. the lab runs' range).
    Chapter 1, "Why power laws?".
    """
    from .plotting import PALETTE, loglog, new_figure

    curve = learned_contexts_curve() if curve is None else curve
    check_type("curve", curve, LearnedContexts, "a LearnedContexts (learned_contexts_curve())")
    if band is not None:
        values = np.ravel(as_positive("band", band))
        if values.size != 2:
            raise ValueError(f"band must hold two values (low, high), got {values.size}: "
                             f"{_show(band)}")
        if not values[0] < values[1]:
            raise ValueError(f"band must be (low, high) with low < high, got {_show(band)}")
        lo, hi = float(values[0]), float(values[1])
    s = curve.zipf_exponent
    fig, ax = new_figure(width=6.4, height=3.9)
    keep = curve.excess > 0
    ax.plot(curve.n[keep], curve.excess[keep], "o-", color=PALETTE[0], ms=4,
            label="ideal model knowing the top n contexts")
    mid = np.sqrt(10 * curve.n_contexts / 16)
    anchor = float(np.interp(np.log(mid), np.log(curve.n[keep]), curve.excess[keep]))
    grid = np.geomspace(1, curve.n_contexts, 50)
    ax.plot(grid, anchor * (grid / mid) ** (1 - s), "--", color=PALETTE[3],
            label=f"Zipf tail: slope 1 − s = {1 - s:.2f}")
    if band is not None:
        ax.axhspan(lo, hi, color="#dddddd", zorder=0, label="the lab's trained models")
    loglog(ax, xlabel="contexts learned, n (most frequent first)",
           ylabel="excess loss (nats/token)", title="Learned contexts and the excess loss")
    ax.set_ylim(max(float(curve.excess[keep].min()) / 2, 1e-4), 1.5)
    ax.legend(loc="lower left", fontsize=8)
    return fig


def draw_lab_model(context_length: int, embed_dim: int, width: int, vocab_size: int):
    """A diagram of the lab's language model with its four sizes k, d, h and V.

    k context tokens → k embeddings of d numbers each (one shared table of V·d) → a hidden
    layer of width h (ReLU) → V logits → softmax. Chapter 1, "Meet the lab".
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from .plotting import PALETTE, new_figure

    k = as_int("context_length", context_length)
    d = as_int("embed_dim", embed_dim)
    h = as_int("width", width)
    v = as_int("vocab_size", vocab_size, minimum=2)
    fig, ax = new_figure(width=8.6, height=2.9)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 3.3)
    ax.axis("off")
    boxes = [
        (0.1, f"context\n{k} tokens\n$x_1 \\ldots x_k$", "#eeeeee"),
        (2.6, f"embedding\n$k \\cdot d$ = {k * d} numbers\n(table of $V \\cdot d$)", PALETTE[0]),
        (5.1, f"hidden layer\nwidth $h$ = {h}\nReLU", PALETTE[3]),
        (7.6, f"{v} logits\nsoftmax over\n$V$ = {v} tokens", PALETTE[2]),
    ]
    for x, text, color in boxes:
        ax.add_patch(FancyBboxPatch((x, 0.9), 2.1, 1.6, boxstyle="round,pad=0.05",
                                    fc=color, ec="#444444", alpha=0.35))
        ax.text(x + 1.05, 1.7, text, ha="center", va="center", fontsize=10.5)
    labels = [f"look up\n$V \\cdot d$ = {v * d}", f"$W_1, b_1$\n$k d h + h$ = {k * d * h + h:,}",
              f"$W_2, b_2$\n$h V + V$ = {h * v + v:,}"]
    for i, label in enumerate(labels):
        x0 = 2.2 + 2.5 * i
        ax.add_patch(FancyArrowPatch((x0, 1.7), (x0 + 0.4, 1.7), arrowstyle="-|>",
                                     mutation_scale=12, color="#444444"))
        ax.text(x0 + 0.2, 2.75 if i % 2 == 0 else 0.35, label, ha="center", va="center",
                fontsize=9.5, color="#333333")
    return fig
