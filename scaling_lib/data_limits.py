"""When data runs out: repeated epochs, the data wall, and compute under a unique-token cap.

Chapter 3 of the course (``book/03_data_limits.ipynb``). The data-constrained law
itself, :data:`scaling_lib.laws.MUENNIGHOFF_2023` (``muennighoff2023scaling``),
lives in :mod:`scaling_lib.laws`; this module adds what the chapter does with it:

- the value of repeated data: :func:`effective_epochs`, :func:`effective_data_fraction`,
  :func:`epoch_value`, :func:`marginal_value`, :func:`epochs_at_marginal_value`;
- the data wall: :data:`VILLALOBOS_2024` (the estimated stock of public human text) and
  :func:`rule_of_thumb_tokens`, :func:`flops_for_optimal_tokens`;
- compute allocation under a cap on unique tokens: :func:`constrained_optimum`,
  :func:`compute_equivalent`;
- fitting the repetition constant :math:`R_D^*` to lab runs: :class:`FreshCurve`,
  :func:`fit_r_d_star`.

Units are in the names: ``tokens`` (training tokens, repeats counted), ``unique_tokens``,
``params`` (parameters), ``flops`` (training FLOPs, C = 6·N·D), losses in nats per token.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from ._contract import accepts, output_record
from ._validate import (
    InputTypeError,
    _show,
    as_array,
    as_finite,
    as_int,
    as_positive,
    check_fields,
    check_type,
    finite_result,
    out_of_range,
    returns_finite,
    same_length,
)
from .fitting import FitConvergenceWarning, fit_power_law
from .laws import (
    FLOPS_PER_PARAM_TOKEN,
    MUENNIGHOFF_2023,
    ChinchillaLaw,
    DataConstrainedLaw,
    check_law,
    compute_optimal,
)

__all__ = [
    "CHINCHILLA_TOKENS_PER_PARAM",
    "TextStockEstimate",
    "VILLALOBOS_2024",
    "QWEN3_PRETRAINING_TOKENS",
    "MUENNIGHOFF_README_EXAMPLE_EARLIER",
    "MUENNIGHOFF_README_EXAMPLE_CURRENT",
    "repetitions",
    "effective_epochs",
    "effective_data_fraction",
    "epoch_value",
    "marginal_value",
    "epochs_at_marginal_value",
    "rule_of_thumb_tokens",
    "flops_for_optimal_tokens",
    "with_r_d_star",
    "isoflop_losses",
    "ConstrainedAllocation",
    "constrained_optimum",
    "compute_equivalent",
    "loss_floor",
    "FreshCurve",
    "RepetitionFit",
    "fit_r_d_star",
    "RepetitionSeeds",
    "repetition_by_seed",
]

#: "About 20 tokens per parameter": a rounded rule of thumb read off Table 3 of
#: ``hoffmann2022training`` (not a fitted constant; the fitted laws imply other ratios).
CHINCHILLA_TOKENS_PER_PARAM = 20.0

_R_D_STAR = MUENNIGHOFF_2023.r_d_star


# --------------------------------------------------------------------------------------
# The data wall
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextStockEstimate:
    """An estimate of the stock of text available for training, in tokens.

    Attributes
    ----------
    central_tokens, low_tokens, high_tokens : float
        Central estimate and the ends of the stated interval.
    interval : str
        What the interval is (as the source states it).
    median_year, first_year, last_year : int
        When, by the source's projection, training sets reach the stock.
    citation : str
        Key in ``book/references.bib``.
    note : str
        What the numbers include and where they were checked.
    """

    central_tokens: float
    low_tokens: float
    high_tokens: float
    interval: str
    median_year: int
    first_year: int
    last_year: int
    citation: str
    note: str = ""

    def __post_init__(self):
        check_fields(self, positive=("central_tokens", "low_tokens", "high_tokens"),
                     text=("interval", "citation", "note"))
        if not self.low_tokens <= self.central_tokens <= self.high_tokens:
            raise ValueError(f"central_tokens must lie between low_tokens and high_tokens, got "
                             f"{self.low_tokens!r} <= {self.central_tokens!r} <= "
                             f"{self.high_tokens!r}")
        years = [as_int(n, getattr(self, n), minimum=1900, maximum=2500)
                 for n in ("first_year", "median_year", "last_year")]
        if not years[0] <= years[1] <= years[2]:
            raise ValueError(f"median_year must lie between first_year and last_year, got "
                             f"{years[0]} <= {years[1]} <= {years[2]}")


VILLALOBOS_2024 = TextStockEstimate(
    central_tokens=3e14,
    low_tokens=1e14,
    high_tokens=1e15,
    interval="90% confidence interval",
    median_year=2028,
    first_year=2026,
    last_year=2032,
    citation="villalobos2024will",
    note="Effective stock of public human-generated text, 'on the order of 300 trillion "
    "tokens, with a 90% confidence interval of 100T to 1000T'; it counts only text of "
    "sufficient quality and already allows for multi-epoch training (Epoch AI's summary "
    "of arXiv:2211.04325v2). Full use 'between 2026 and 2032' (abstract), median year "
    "2028 (Figure 1 caption), earlier if models are overtrained. The 2022 first version "
    "of the same paper projected high-quality language data to run out 'likely before "
    "2026'. Checked against the abstract, the Figure 1 caption and Epoch AI's summary, "
    "not against the full PDF.",
)
"""Villalobos et al.'s revised (2024) estimate of the stock of public human text."""

#: ``yang2025qwen3``: Qwen3 was pre-trained on "approximately 36 trillion tokens" (Qwen3
#: Technical Report, arXiv:2505.09388, 2025; checked against the abstract page and summaries
#: of section 3, not the PDF). A 2025 training set, to set against the stock above.
QWEN3_PRETRAINING_TOKENS = 36e12

#: The worked example of the optimal data-constrained allocation in an earlier version of the
#: README of huggingface/datablations (``muennighoff2023scaling``), read in the stored copy at
#: commit 0c76502: budget 6 × 8.67B × 178B FLOPs, 25B unique tokens ->
#: "227B tokens, 9.1 epochs, 6.8B parameters".
MUENNIGHOFF_README_EXAMPLE_EARLIER = {
    "flops": 6 * 8.67e9 * 178e9, "unique_tokens": 25e9,
    "tokens": 227e9, "epochs": 9.1, "params": 6.8e9,
}

#: The example in the current README (revised in 2024): 1e22 FLOPs, 25B unique tokens ->
#: 237B tokens, 9.49 epochs, 7.0B parameters. Not verified against the source (the stored
#: copy we could read is the earlier version); ``constrained_optimum`` reproduces it.
MUENNIGHOFF_README_EXAMPLE_CURRENT = {
    "flops": 1e22, "unique_tokens": 25e9,
    "tokens": 237e9, "epochs": 9.49, "params": 7.0e9,
}


@returns_finite
def rule_of_thumb_tokens(flops, tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM):
    r"""Training tokens of a compute-optimal run by the "D = 20 N" rule of thumb.

    With :math:`C = 6ND` and :math:`D = rN`: :math:`D = \sqrt{rC/6}` (``hoffmann2022training``,
    rounded). A rule of thumb, not a fitted law.
    """
    flops = as_positive("flops", flops)
    r = as_positive("tokens_per_param", tokens_per_param, allow_array=False)
    return np.sqrt(r * flops / FLOPS_PER_PARAM_TOKEN)


@returns_finite
def flops_for_optimal_tokens(tokens, law: ChinchillaLaw | None = None, tokens_per_param: float =
                             CHINCHILLA_TOKENS_PER_PARAM):
    r"""The training budget whose compute-optimal run uses ``tokens`` tokens.

    With a Chinchilla-form ``law`` (anything with ``G`` and ``tokens_exponent``) it inverts
    :math:`D_{opt} = G^{-1}(C/6)^b`: :math:`C = 6\,(G D)^{1/b}`. Without a law it uses the
    rule of thumb :math:`C = 6D^2/r` with ``tokens_per_param`` = r.
    """
    tokens = as_positive("tokens", tokens)
    if law is None:
        r = as_positive("tokens_per_param", tokens_per_param, allow_array=False)
        return FLOPS_PER_PARAM_TOKEN * tokens**2 / r
    if not (hasattr(law, "G") and hasattr(law, "tokens_exponent")):
        check_type("law", law, ChinchillaLaw, "None or a Chinchilla-form law such as "
                   "laws.HOFFMANN_2022")
    return FLOPS_PER_PARAM_TOKEN * (law.G * tokens) ** (1.0 / law.tokens_exponent)


# --------------------------------------------------------------------------------------
# The value of repeated data
# --------------------------------------------------------------------------------------


@returns_finite
def repetitions(tokens, unique_tokens):
    """R_D = D / U_D − 1, the number of repeats beyond the first epoch (0 for fresh data)."""
    tokens = as_positive("tokens", tokens)
    unique_tokens = as_positive("unique_tokens", unique_tokens)
    return np.maximum(tokens / unique_tokens - 1.0, 0.0)


def _epochs(epochs, name: str = "epochs"):
    epochs = as_finite(name, epochs)
    if np.any(np.asarray(epochs) < 1):
        bad = epochs if np.ndim(epochs) == 0 else np.asarray(epochs)[np.asarray(epochs) < 1][0]
        raise ValueError(f"{name} must be at least 1 (one pass over the data), got {bad!r}")
    return epochs


def _r_star(r_star, name: str = "r_star"):
    return as_positive(name, r_star, allow_array=False)


@returns_finite
def effective_epochs(epochs, r_star: float = _R_D_STAR):
    r"""D'/U_D: how many epochs of fresh data ``epochs`` passes over one pool are worth.

    .. math:: \frac{D'}{U_D} = 1 + R^*\left(1 - e^{-(e-1)/R^*}\right)

    (``muennighoff2023scaling``, with :math:`R_D = e - 1`). It never exceeds
    :math:`1 + R^*`, however many epochs are run.
    """
    epochs = _epochs(epochs)
    r_star = _r_star(r_star)
    return 1.0 + r_star * (1.0 - np.exp(-(epochs - 1.0) / r_star))


@returns_finite
def effective_data_fraction(epochs, r_star: float = _R_D_STAR):
    """D'/D: the fraction of its fresh-data value that a run of ``epochs`` epochs keeps."""
    epochs = _epochs(epochs)
    return effective_epochs(epochs, r_star) / epochs


@returns_finite
def epoch_value(k, r_star: float = _R_D_STAR):
    r"""Value of the k-th pass over the pool, relative to a pass over fresh data.

    The k-th epoch adds :math:`U_D R^* (e^{-(k-2)/R^*} - e^{-(k-1)/R^*})` effective
    tokens, against :math:`U_D` for fresh data; the first epoch is worth 1.
    """
    k = _epochs(k, "k")
    r_star = _r_star(r_star)
    later = r_star * (np.exp(-(k - 2.0) / r_star) - np.exp(-(k - 1.0) / r_star))
    return np.where(k < 2, 1.0, later) if np.ndim(k) else (1.0 if k < 2 else float(later))


@returns_finite
def marginal_value(epochs, r_star: float = _R_D_STAR):
    r"""dD'/dD: what one more repeated token is worth, in fresh tokens, after ``epochs`` epochs.

    .. math:: \frac{dD'}{dD} = e^{-R_D/R^*},\quad R_D = e - 1
    """
    epochs = _epochs(epochs)
    return np.exp(-(epochs - 1.0) / _r_star(r_star))


@returns_finite
def epochs_at_marginal_value(value, r_star: float = _R_D_STAR):
    r"""The epoch count at which a further repeated token is worth ``value`` fresh tokens.

    Inverts :func:`marginal_value`: :math:`e = 1 + R^* \ln(1/v)`. For ``value`` = 0.5 this is
    the "half-life" of repeated data, :math:`1 + R^*\ln 2` epochs.
    """
    value = as_positive("value", value)
    if np.any(np.asarray(value) > 1):
        raise ValueError(f"value must be at most 1 (a fresh token), got {value!r}")
    return 1.0 + _r_star(r_star) * np.log(1.0 / value)


def with_r_d_star(r_d_star: float, law: DataConstrainedLaw = MUENNIGHOFF_2023):
    """A copy of ``law`` with another repetition constant R_D* (e.g. one fitted to the lab)."""
    r_d_star = float(_r_star(r_d_star, "r_d_star"))
    check_law(law, cls=DataConstrainedLaw)
    return dataclasses.replace(law, r_d_star=r_d_star)


# --------------------------------------------------------------------------------------
# Allocating compute under a unique-token cap
# --------------------------------------------------------------------------------------


def _cap(unique_tokens) -> float:
    """The unique-token cap: a positive number, or ``math.inf`` for no cap."""
    if isinstance(unique_tokens, float) and unique_tokens == math.inf:
        return math.inf
    return float(as_positive("unique_tokens", unique_tokens, allow_array=False))


@accepts(unique_tokens={"inf": "math.inf means no cap on unique tokens"})
@returns_finite
def isoflop_losses(flops, params, unique_tokens, law: DataConstrainedLaw = MUENNIGHOFF_2023):
    """Loss along the IsoFLOP line 6·N·D = ``flops`` when at most ``unique_tokens`` are unique.

    Each model of ``params`` parameters trains on D = flops / (6·params) tokens, of which
    U = min(unique_tokens, D) are unique (it repeats them D / U times).

    Returns
    -------
    (tokens, losses) : arrays
    """
    flops = as_positive("flops", flops, allow_array=False)
    params = as_positive("params", params)
    cap = _cap(unique_tokens)
    check_law(law, cls=DataConstrainedLaw)
    tokens = flops / (FLOPS_PER_PARAM_TOKEN * params)
    if not np.all((tokens > 0) & np.isfinite(tokens)):
        raise out_of_range("tokens = flops / (6·params)", flops=flops, params=params)
    return tokens, law.loss(params, tokens, np.minimum(cap, tokens))


@output_record
@dataclass(frozen=True)
class ConstrainedAllocation:
    """The compute-optimal run under a cap on unique tokens, next to the uncapped optimum.

    All losses are predictions of the same data-constrained law.
    """

    flops: float
    unique_tokens: float
    params: float
    tokens: float
    loss: float
    unconstrained_params: float
    unconstrained_tokens: float
    unconstrained_loss: float
    citation: str = "muennighoff2023scaling"

    @property
    def epochs(self) -> float:
        """Passes over the unique data at the optimum (1 when the cap does not bind)."""
        return max(self.tokens / self.unique_tokens, 1.0)

    @property
    def unconstrained_epochs(self) -> float:
        """Epochs the uncapped optimum would need if it had to use this pool."""
        return max(self.unconstrained_tokens / self.unique_tokens, 1.0)

    @property
    def loss_penalty(self) -> float:
        """Extra loss (nats per token) caused by the cap: constrained − unconstrained."""
        return self.loss - self.unconstrained_loss

    @property
    def binds(self) -> bool:
        """True when the uncapped optimum would need more tokens than the pool holds."""
        return self.unconstrained_tokens > self.unique_tokens

    @property
    def tokens_per_param(self) -> float:
        return self.tokens / self.params

    def summary(self) -> str:
        from .plotting import human_count, sci

        rows = [("", "capped", "uncapped"),
                ("parameters N", human_count(self.params), human_count(self.unconstrained_params)),
                ("tokens D", human_count(self.tokens), human_count(self.unconstrained_tokens)),
                ("epochs", f"{self.epochs:.2f}", f"{self.unconstrained_epochs:.2f}"),
                ("loss (nats)", f"{self.loss:.4f}", f"{self.unconstrained_loss:.4f}")]
        head = (f"C = {sci(self.flops)} FLOPs, {human_count(self.unique_tokens)} unique tokens: "
                f"penalty {self.loss_penalty:.4f} nats")
        return head + "\n" + "\n".join(f"{a:<14}{b:>10}{c:>10}" for a, b, c in rows)


#: Most grid points :func:`constrained_optimum` evaluates (refused up front beyond this).
MAX_GRID_POINTS = 100_001


@accepts(unique_tokens={"inf": "math.inf means no cap on unique tokens"})
def constrained_optimum(flops: float, unique_tokens: float,
                        law: DataConstrainedLaw = MUENNIGHOFF_2023,
                        *, grid_points: int = 241, span_decades: float = 4.0
                        ) -> ConstrainedAllocation:
    r"""Minimise the data-constrained loss over N on the IsoFLOP line, with U_D capped.

    .. math:: \min_{N}\ L\bigl(N,\ D = C/(6N),\ U_D = \min(U, D)\bigr)

    so the number of epochs is D / U_D. The loss is evaluated on a log-spaced grid of
    ``grid_points`` model sizes spanning ``span_decades`` decades either side of the
    uncapped (Chinchilla) optimum, then refined by bounded Brent search in log N between
    the grid neighbours of the best point (``muennighoff2023scaling``; the authors'
    repository uses a grid search within a factor of 3 of a starting point).

    Parameters
    ----------
    flops : float
        Training budget C in FLOPs.
    unique_tokens : float
        U, the unique tokens available (``math.inf`` for no cap).
    law : DataConstrainedLaw
    grid_points : int
        5 to :data:`MAX_GRID_POINTS`.
    span_decades : float
        At most 30.

    Returns
    -------
    ConstrainedAllocation
    """
    flops = as_positive("flops", flops, allow_array=False)
    cap = _cap(unique_tokens)
    check_law(law, cls=DataConstrainedLaw)
    grid_points = as_int("grid_points", grid_points, minimum=5, maximum=MAX_GRID_POINTS)
    span = as_positive("span_decades", span_decades, allow_array=False)
    if span > 30:
        raise ValueError(f"span_decades must be at most 30, got {span!r}")
    base = law.base_law
    n0, d0 = compute_optimal(base, flops)
    n0, d0 = float(n0), float(d0)
    free_loss = float(base.loss(n0, d0))
    if not math.isfinite(cap) or d0 <= cap:
        return ConstrainedAllocation(flops, cap, n0, d0, free_loss, n0, d0, free_loss)

    x_max = math.log(flops / FLOPS_PER_PARAM_TOKEN)  # at least one token
    lo, hi = max(math.log(n0) - span * math.log(10), 0.0), min(math.log(n0) + span * math.log(10),
                                                                x_max)

    def loss_at(x):
        params = np.exp(x)
        return isoflop_losses(flops, params, cap, law)[1]

    xs = np.linspace(lo, hi, grid_points)
    vals = loss_at(xs)
    i = int(np.argmin(vals))
    a, b = xs[max(i - 1, 0)], xs[min(i + 1, xs.size - 1)]
    res = minimize_scalar(lambda x: float(loss_at(x)), bounds=(a, b), method="bounded",
                          options={"xatol": 1e-9})
    x = float(res.x) if res.fun <= vals[i] else float(xs[i])
    params = math.exp(x)
    tokens = flops / (FLOPS_PER_PARAM_TOKEN * params)
    loss = float(loss_at(x))
    finite_result((params, tokens, loss, n0, d0, free_loss), flops=flops,
                  unique_tokens=unique_tokens)
    return ConstrainedAllocation(flops, cap, params, tokens, loss, n0, d0, free_loss)


@returns_finite
def loss_floor(unique_tokens, law: DataConstrainedLaw = MUENNIGHOFF_2023):
    r"""The lowest loss any budget reaches with ``unique_tokens`` unique tokens.

    With unlimited repetition :math:`D' \to U_D(1 + R_D^*)` and
    :math:`N' \to U_N(1 + R_N^*)`, so the law flattens at
    :math:`E + A/(U_N(1+R_N^*))^\alpha + B/(U_D(1+R_D^*))^\beta`: past some budget, more
    compute buys nothing (``muennighoff2023scaling``).
    """
    unique_tokens = as_positive("unique_tokens", unique_tokens)
    check_law(law, cls=DataConstrainedLaw)
    base = law.base_law
    u_n = (unique_tokens * base.G) ** (law.beta / law.alpha) * base.G
    return (law.E + law.A / (u_n * (1 + law.r_n_star)) ** law.alpha
            + law.B / (unique_tokens * (1 + law.r_d_star)) ** law.beta)


def compute_equivalent(loss: float, law: DataConstrainedLaw = MUENNIGHOFF_2023) -> float:
    r"""The budget at which the uncapped compute-optimal run reaches ``loss``.

    Solves :math:`L_{opt}(C) = ` ``loss`` for C with the law's own Chinchilla constants, so
    a capped run's loss can be read as "the loss of an uncapped run with C' FLOPs".
    """
    loss = as_positive("loss", loss, allow_array=False)
    check_law(law, cls=DataConstrainedLaw)
    base = law.base_law
    if loss <= base.E:
        raise ValueError(f"loss must exceed the law's irreducible loss E = {base.E:.4f}, "
                         f"got {loss!r}")

    def gap(logc):
        n, d = compute_optimal(base, math.exp(logc))
        return float(base.loss(n, d)) - loss

    lo, hi = math.log(1e3), math.log(1e40)
    if gap(lo) < 0:
        raise ValueError(f"loss {loss!r} is reached below 1e3 FLOPs; nothing sensible to report")
    if gap(hi) > 0:
        raise ValueError(f"loss {loss!r} is not reached below 1e40 FLOPs")
    return math.exp(brentq(gap, lo, hi, xtol=1e-12))


# --------------------------------------------------------------------------------------
# Fitting R_D* to lab runs
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FreshCurve:
    r"""Loss against training tokens on fresh data, :math:`L(D) = L_0 + c\,D^{k}` (k < 0).

    It turns a measured loss into the fresh-data tokens that reach it (:meth:`tokens_for`),
    which is how the effective data D' of a repeated-data run is measured.
    """

    offset: float
    coefficient: float
    exponent: float

    def __post_init__(self):
        check_fields(self, finite=("offset", "exponent"), positive="coefficient")
        if not self.exponent < 0:
            raise ValueError(f"exponent must be negative (loss falls with data), got "
                             f"{self.exponent!r}")

    @classmethod
    def fit(cls, tokens, losses) -> FreshCurve:
        """Fit to fresh-data runs with :func:`scaling_lib.fitting.fit_power_law` (offset)."""
        tokens = as_array("tokens", tokens, positive=True, min_length=3)
        losses = as_array("losses", losses, positive=True, min_length=3)
        same_length(tokens=tokens, losses=losses)
        if np.ptp(tokens) == 0:
            raise ValueError(f"tokens must contain at least two different values, got "
                             f"{_show(tokens)}")
        f = fit_power_law(tokens, losses, offset=True)
        return cls(f.offset, f.coefficient, f.exponent)

    @returns_finite
    def loss(self, tokens):
        """Predicted loss after ``tokens`` fresh tokens."""
        return self.offset + self.coefficient * as_positive("tokens", tokens) ** self.exponent

    @accepts(loss={k: "a loss at or below the floor L_0 is never reached: NaN, as documented"
                   for k in ("zero", "negative", "tiny")})
    def tokens_for(self, loss):
        """Fresh tokens needed to reach ``loss`` (NaN where the loss is at or below L_0)."""
        loss = as_finite("loss", loss)
        excess = np.asarray(loss, dtype=float) - self.offset
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            out = np.where(excess > 0, (np.maximum(excess, 1e-300) / self.coefficient)
                           ** (1.0 / self.exponent), np.nan)
        return float(out) if np.ndim(out) == 0 else out

    def shifted(self, delta: float) -> FreshCurve:
        """The same curve moved up by ``delta`` nats (re-anchored to another model size)."""
        return FreshCurve(self.offset + float(as_finite("delta", delta, allow_array=False)),
                          self.coefficient, self.exponent)


@output_record
@dataclass(frozen=True, eq=False)
class RepetitionFit:
    """Result of :func:`fit_r_d_star`.

    Attributes
    ----------
    r_d_star : float
        The fitted repetition constant R_D*.
    fresh : FreshCurve
        The fresh-data curve the fit uses.
    tokens, unique_tokens, losses : arrays
        The repeated-data runs.
    used : bool array
        Runs used in the fit (epochs <= ``max_epochs``).
    predicted : array
        Loss the fitted form predicts for every run, L_fresh(D').
    at_bound : str or None
        ``"lower"`` or ``"upper"`` when R_D* sits at an end of the searched ``bounds`` (the
        data do not pin it down: the true optimum may lie beyond); ``None`` otherwise.
    """

    r_d_star: float
    fresh: FreshCurve
    tokens: np.ndarray = field(repr=False)
    unique_tokens: np.ndarray = field(repr=False)
    losses: np.ndarray = field(repr=False)
    used: np.ndarray = field(repr=False)
    predicted: np.ndarray = field(repr=False)
    at_bound: str | None = None

    @property
    def epochs(self) -> np.ndarray:
        return self.tokens / self.unique_tokens

    @property
    def residuals(self) -> np.ndarray:
        """Measured − predicted loss, nats."""
        return self.losses - self.predicted

    @property
    def rms_residual(self) -> float:
        """Root mean square residual over the runs used in the fit, nats."""
        return float(np.sqrt(np.mean(self.residuals[self.used] ** 2)))

    @property
    def measured_effective_tokens(self) -> np.ndarray:
        """D' read off the fresh curve: fresh tokens that reach each run's measured loss."""
        return np.asarray(self.fresh.tokens_for(self.losses), dtype=float)

    @property
    def measured_effective_epochs(self) -> np.ndarray:
        """D'/U_D measured; below 1 the run is worse than one pass over its unique data."""
        return self.measured_effective_tokens / self.unique_tokens

    def predicted_effective_epochs(self, epochs=None):
        """D'/U_D of the fitted form at ``epochs`` (default: the runs' epochs)."""
        epochs = self.epochs if epochs is None else _epochs(epochs)
        return effective_epochs(epochs, self.r_d_star)


def fit_r_d_star(tokens, unique_tokens, losses, fresh: FreshCurve, *,
                 max_epochs: float | None = None, bounds=(1e-2, 1e4)) -> RepetitionFit:
    r"""Fit the repetition constant :math:`R_D^*` to repeated-data runs.

    Each run trained on ``tokens`` tokens drawn from a pool of ``unique_tokens``. The form
    of ``muennighoff2023scaling`` predicts its loss as the fresh-data loss at the effective
    data :math:`D' = U_D + U_D R_D^*(1 - e^{-R_D/R_D^*})`; :math:`R_D^*` minimises the sum of
    squared loss residuals over the runs with at most ``max_epochs`` epochs (grid search
    over log R_D* in ``bounds``, refined by bounded Brent search).

    The form can only describe runs worth at least one pass over their unique data
    (:math:`D' \ge U_D`); runs that overfit beyond that are what ``max_epochs`` leaves out.
    """
    tokens = as_array("tokens", tokens, positive=True)
    unique = as_array("unique_tokens", unique_tokens, positive=True)
    losses = as_array("losses", losses, positive=True)
    same_length(tokens=tokens, unique_tokens=unique, losses=losses)
    if np.any(unique > tokens * (1 + 1e-12)):
        raise ValueError("unique_tokens must not exceed tokens in any run")
    check_type("fresh", fresh, FreshCurve, "a FreshCurve (e.g. FreshCurve.fit(tokens, losses))")
    epochs = tokens / unique
    used = np.ones(tokens.size, bool) if max_epochs is None else epochs <= float(
        as_positive("max_epochs", max_epochs, allow_array=False)) * (1 + 1e-9)
    if not np.any(used & (epochs > 1 + 1e-9)):
        raise ValueError(f"need at least one run with more than one epoch within "
                         f"max_epochs={max_epochs!r}")
    if not isinstance(bounds, tuple | list) or len(bounds) != 2:
        length = f" (length {len(bounds)})" if isinstance(bounds, tuple | list) else ""
        raise InputTypeError(f"bounds must be a (low, high) pair of positive numbers, got "
                             f"{_show(bounds)}{length}")
    lo, hi = (math.log(as_positive("bounds", b, allow_array=False)) for b in bounds)
    if not hi - lo > 1e-6:
        raise ValueError(f"bounds must be (low, high) with low < high, got {_show(bounds)}")

    def predict(r_star):
        return fresh.loss(unique * effective_epochs(epochs, r_star))

    def sse(logr):
        return float(np.sum((predict(math.exp(logr))[used] - losses[used]) ** 2))

    grid = np.linspace(lo, hi, 121)
    vals = np.array([sse(g) for g in grid])
    i = int(np.argmin(vals))
    res = minimize_scalar(sse, bounds=(grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]),
                          method="bounded", options={"xatol": 1e-10})
    logr = float(res.x) if res.fun <= vals[i] else float(grid[i])
    r_star = math.exp(logr)
    edge = 1e-3 * (hi - lo)
    at_bound = "lower" if logr <= lo + edge else "upper" if logr >= hi - edge else None
    if at_bound:
        warnings.warn(f"fit_r_d_star: R_D* = {r_star:.4g} is at the {at_bound} end of bounds "
                      f"{tuple(bounds)}; the data do not pin it down (the optimum may lie "
                      f"beyond). The result records at_bound={at_bound!r}.",
                      FitConvergenceWarning, stacklevel=2)
    return RepetitionFit(r_star, fresh, tokens, unique, losses, used, predict(r_star), at_bound)


# --------------------------------------------------------------------------------------
# Repeated-data runs over several seeds (lab findings, issue 28)
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True, eq=False)
class RepetitionSeeds:
    """Repeated-data runs of several seeds, each measured against its own fresh-data curve.

    Built by :func:`repetition_by_seed`. Row ``s`` of ``losses`` and ``one_pass`` is seed
    ``s``; column ``j`` is run ``j`` (``epochs[j]`` passes over a pool of
    ``unique_tokens[j]`` tokens). ``one_pass[s, j]`` is the loss seed ``s`` would reach with
    one pass over that pool: its fresh curve at ``unique_tokens[j]`` tokens.
    """

    tokens: np.ndarray = field(repr=False)
    unique_tokens: np.ndarray = field(repr=False)
    losses: np.ndarray = field(repr=False)
    one_pass: np.ndarray = field(repr=False)
    fits: tuple = field(repr=False)

    @property
    def epochs(self) -> np.ndarray:
        return self.tokens / self.unique_tokens

    @property
    def n_seeds(self) -> int:
        return int(self.losses.shape[0])

    @property
    def r_d_star(self) -> np.ndarray:
        """R_D* fitted seed by seed."""
        return np.array([f.r_d_star for f in self.fits])

    @property
    def measured_effective_epochs(self) -> np.ndarray:
        """D'/U_D seed by seed (rows) and run by run (columns)."""
        return np.array([f.measured_effective_epochs for f in self.fits])

    def _column(self, epochs) -> int:
        e = float(as_positive("epochs", epochs, allow_array=False))
        hit = np.flatnonzero(np.isclose(self.epochs, e, rtol=1e-9))
        if hit.size == 0:
            raise ValueError(f"epochs={e!r} is not one of the runs' epochs "
                             f"{[float(x) for x in self.epochs]}")
        return int(hit[0])

    def versus_fresh(self, epochs, *, z: float = 2.0):
        """Seed-paired comparison: ``epochs`` passes over a pool against one pass over fresh
        data of the same total size (the one-epoch run). Verdict ``"b"``: repetition costs."""
        from .findings import compare_paired

        j, ref = self._column(epochs), self._column(1.0)
        return compare_paired(self.losses[:, j], self.losses[:, ref],
                              label_a=f"{self.epochs[j]:g} epochs over a pool",
                              label_b="fresh data", z=z)

    def versus_one_pass(self, epochs, *, z: float = 2.0):
        """Seed-paired comparison: ``epochs`` passes over a pool against one pass over the
        same pool. Verdict ``"b"``: the repeated run is worse than one pass (it memorises)."""
        from .findings import compare_paired

        j = self._column(epochs)
        return compare_paired(self.losses[:, j], self.one_pass[:, j],
                              label_a=f"{self.epochs[j]:g} epochs over a pool",
                              label_b="one pass over it", z=z)

    def overfit_onset(self, *, z: float = 2.0) -> float | None:
        """The fewest epochs from which every run with at least as many epochs is decidedly
        worse than one pass over its pool (:meth:`versus_one_pass` verdict ``"b"``);
        ``None`` if the run with the most epochs is not. The one-epoch run is its own one
        pass (equal by construction, up to rounding) and never counts."""
        onset = None
        for e in sorted(self.epochs[self.epochs > 1 + 1e-9], reverse=True):
            if self.versus_one_pass(e, z=z).verdict != "b":
                break
            onset = float(e)
        return onset


def repetition_by_seed(tokens, unique_tokens, losses, fresh: FreshCurve, *,
                       max_epochs: float = 8.0) -> RepetitionSeeds:
    """Measure repeated-data runs of several seeds against one fresh-data curve shape.

    ``tokens`` and ``unique_tokens`` describe the runs (one entry each, the same design for
    every seed, one run with ``tokens == unique_tokens``); ``losses`` has one row per seed.
    Each seed's fresh curve is ``fresh`` moved up or down to pass through that seed's
    one-epoch run, and R_D* is fitted per seed (:func:`fit_r_d_star`, runs up to
    ``max_epochs``).
    """
    tokens = as_array("tokens", tokens, positive=True, min_length=2)
    unique = as_array("unique_tokens", unique_tokens, positive=True, min_length=2)
    same_length(tokens=tokens, unique_tokens=unique)
    loss = np.asarray(as_finite("losses", losses), dtype=float)
    if loss.ndim != 2 or loss.shape[1] != tokens.size or loss.shape[0] < 2:
        raise ValueError(f"losses must have one row per seed (at least two) and one column "
                         f"per run ({tokens.size}), got shape {loss.shape}: {_show(losses)}")
    if not np.all(loss > 0):
        raise ValueError(f"losses must be positive, got {_show(losses)}")
    check_type("fresh", fresh, FreshCurve, "a FreshCurve (e.g. FreshCurve.fit(tokens, losses))")
    max_epochs = float(as_positive("max_epochs", max_epochs, allow_array=False))
    one = np.flatnonzero(np.isclose(tokens, unique, rtol=1e-9))
    if one.size != 1:
        raise ValueError(f"unique_tokens must equal tokens in exactly one run (the one-epoch "
                         f"run), got {one.size}: tokens={_show(tokens)}, "
                         f"unique_tokens={_show(unique)}")
    j = int(one[0])
    fits, one_pass = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitConvergenceWarning)
        for row in loss:
            curve = fresh.shifted(row[j] - fresh.loss(tokens[j]))
            fits.append(fit_r_d_star(tokens, unique, row, curve, max_epochs=max_epochs))
            one_pass.append(curve.loss(unique))
    return RepetitionSeeds(tokens, unique, loss, np.array(one_pass), tuple(fits))
