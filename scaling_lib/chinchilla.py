"""Compute-optimal training: helpers for chapter 2, "Compute-optimal training".

The laws and the three fitting approaches live in :mod:`scaling_lib.laws` and
:mod:`scaling_lib.fitting`; this module adds what the chapter needs on top of them:

- :func:`frontier_loss`, :func:`equivalent_flops`, :func:`allocation_table` — the loss on
  the compute-optimal frontier, the compute at which the frontier reaches a given
  model's loss, and a table of how far published models sit from the frontier
  (``hoffmann2022training``, ``besiroglu2024chinchilla``);
- :func:`isoflop_bootstrap` — intervals for Approach 2's exponents a, b;
- :func:`embedding_params`, :func:`non_embedding_allocation` — re-express a Chinchilla
  frontier in non-embedding parameters and compute, as Kaplan et al. counted them
  (``kaplan2020scaling``), to show the steeper local exponent that Pearce & Song
  (``pearce2024reconciling``) identify as the main cause of Kaplan's 0.73;
- :func:`huber_reduction_fits` — the same Approach-3 fit with L-BFGS on the summed and on
  the mean Huber loss, and the robust fit, on the lab's runs (``besiroglu2024chinchilla``);
- :func:`isoflop_vertex`, :func:`runs_arrays` — the vertex of one IsoFLOP profile of a
  sweep, and a way to turn a :class:`~scaling_lib.lab.TrainingAccount` into arrays for the
  fits. (The capstone's reference profile is kept with the exercise, not here.)
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

from ._contract import output_record
from ._validate import (
    InputTypeError,
    _show,
    as_array,
    as_fraction,
    as_int,
    as_list_of,
    as_positive,
    check_type,
    out_of_range,
    returns_finite,
    same_length,
)
from .fitting import (
    FitConvergenceWarning,
    fit_isoflop,
    fit_parametric,
    hoffmann_initial_grid,
)
from .laws import FLOPS_PER_PARAM_TOKEN, ChinchillaLaw, check_law, compute_optimal
from .models import GPT3_175B, PublishedModel

__all__ = [
    "LAB_TARGET_FLOPS",
    "PLAN_BUDGET_FLOPS",
    "KAPLAN_VOCAB_SIZE",
    "KAPLAN_CONTEXT",
    "ASSUMED_ASPECT_RATIO",
    "frontier_loss",
    "equivalent_flops",
    "AllocationRow",
    "allocation_table",
    "IsoflopBootstrap",
    "isoflop_bootstrap",
    "embedding_params",
    "NonEmbeddingAllocation",
    "non_embedding_allocation",
    "HuberReductionFits",
    "huber_reduction_fits",
    "IsoflopTruth",
    "isoflop_vertex",
    "lab_law",
    "runs_arrays",
]

#: The capstone's target budget, FLOPs: 33× the experiment budget. Its reference IsoFLOP
#: profile (``tools/capstone_reference.py``) is kept out of ``load_sweep``'s folder.
LAB_TARGET_FLOPS = 1e12
#: The capstone's experiment budget (a :class:`~scaling_lib.lab.TrainingAccount`), FLOPs.
PLAN_BUDGET_FLOPS = 3e10
#: GPT-2's byte-pair vocabulary and the context length Kaplan et al. trained with
#: (``kaplan2020scaling``, Section 2).
KAPLAN_VOCAB_SIZE = GPT3_175B.vocab_size
KAPLAN_CONTEXT = 1024
#: d_model / n_layer assumed when splitting off embeddings (an assumption of this course).
ASSUMED_ASPECT_RATIO = 64.0


# ------------------------------------------------------------------ the frontier
@returns_finite
def frontier_loss(law: ChinchillaLaw, flops):
    """Loss of the compute-optimal model at ``flops``: L(N_opt(C), D_opt(C)), nats per token."""
    check_law(law)
    params, tokens = compute_optimal(law, flops)
    return law.loss(params, tokens)


@returns_finite
def equivalent_flops(law: ChinchillaLaw, params, tokens) -> float:
    r"""FLOPs at which the compute-optimal model reaches the loss of (``params``, ``tokens``).

    Solves :math:`L(N_{opt}(C'), D_{opt}(C')) = L(N, D)` for :math:`C'` (the frontier loss
    falls monotonically in C). ``C'/(6ND)`` is the fraction of the spent compute that was
    useful: 1 on the frontier, less off it.
    """
    check_law(law)
    params = float(as_positive("params", params, allow_array=False))
    tokens = float(as_positive("tokens", tokens, allow_array=False))
    target = float(law.loss(params, tokens))
    spent = FLOPS_PER_PARAM_TOKEN * params * tokens
    if not (math.isfinite(spent) and spent * math.exp(-40.0) > 0):
        raise out_of_range("6·params·tokens", params=params, tokens=tokens)

    def gap(logc):
        return float(frontier_loss(law, math.exp(logc))) - target

    return math.exp(brentq(gap, math.log(spent) - 40.0, math.log(spent) + 1e-9, xtol=1e-12))


@output_record
@dataclass(frozen=True)
class AllocationRow:
    """One model under one law: where it sits relative to the compute-optimal frontier.

    Attributes
    ----------
    model, law : str
    flops : float
        C = 6·N·D, FLOPs.
    params, tokens : float
        The model's N and D.
    params_opt, tokens_opt : float
        The law's compute-optimal N and D at the same C.
    loss, loss_opt : float
        The law's loss for (N, D) and on the frontier at C, nats per token.
    equivalent_flops : float
        Compute at which the frontier reaches ``loss``.
    """

    model: str
    law: str
    flops: float
    params: float
    tokens: float
    params_opt: float
    tokens_opt: float
    loss: float
    loss_opt: float
    equivalent_flops: float

    @property
    def oversize(self) -> float:
        """N / N_opt: how many times larger than compute-optimal the model is."""
        return self.params / self.params_opt

    @property
    def token_shortfall(self) -> float:
        """D_opt / D: how many times more tokens the compute-optimal model would see."""
        return self.tokens_opt / self.tokens

    @property
    def useful_fraction(self) -> float:
        """equivalent_flops / flops: the share of the compute that bought loss."""
        return self.equivalent_flops / self.flops


def allocation_table(models, laws) -> list[AllocationRow]:
    """An :class:`AllocationRow` for every published model under every law.

    Parameters
    ----------
    models : iterable of :class:`scaling_lib.models.PublishedModel`
        Uses ``params``, ``tokens`` and C = 6·N·D (not the published FLOPs, so that
        each row sits exactly on its IsoFLOP curve).
    laws : iterable of ChinchillaLaw
    """
    models = as_list_of("models", models, PublishedModel,
                        "PublishedModel objects such as models.MODELS")
    laws = as_list_of("laws", laws, ChinchillaLaw,
                      "ChinchillaLaw objects such as laws.HOFFMANN_2022")
    rows = []
    for m in models:
        flops = FLOPS_PER_PARAM_TOKEN * m.params * m.tokens
        for law in laws:
            n_opt, d_opt = compute_optimal(law, flops)
            rows.append(AllocationRow(
                m.name, law.label, flops, m.params, m.tokens, float(n_opt), float(d_opt),
                float(law.loss(m.params, m.tokens)), float(law.loss(n_opt, d_opt)),
                equivalent_flops(law, m.params, m.tokens)))
    return rows


# ------------------------------------------------------------- Approach 2 intervals
@output_record
@dataclass(frozen=True, eq=False)
class IsoflopBootstrap:
    """Approach-2 exponents refitted on resampled runs (within each budget).

    Attributes
    ----------
    a, b : float
        Exponents fitted on all runs (N_opt ∝ C^a, D_opt ∝ C^b).
    a_samples, b_samples : arrays
        One value per successful resample.
    seed : int
    n_failed : int
        Resamples whose refit failed (a parabola without a minimum, a vertex out of range):
        skipped, counted here, and replaced by fresh draws.
    """

    a: float
    b: float
    a_samples: np.ndarray = field(repr=False)
    b_samples: np.ndarray = field(repr=False)
    seed: int
    n_failed: int = 0

    def interval(self, name: str, level: float = 0.8) -> tuple[float, float]:
        """Percentile interval of ``"a"`` or ``"b"`` (0.8: the 10th–90th, as Hoffmann's Table 2)."""
        from ._validate import as_choice

        as_choice("name", name, ("a", "b"))
        level = float(as_fraction("level", level, allow_array=False))
        if level >= 1:
            raise ValueError(f"level must be below 1, got {level!r}")
        values = self.a_samples if name == "a" else self.b_samples
        lo, hi = np.percentile(values, [50 * (1 - level), 50 * (1 + level)])
        return float(lo), float(hi)


def _resample(rng, groups, params, attempts: int = 100):
    """One resample: per budget, runs drawn with replacement, redrawn (at most ``attempts``
    times) until at least three distinct sizes are present; ``None`` if that never happens."""
    idx = []
    for g in groups:
        for _ in range(attempts):
            pick = rng.choice(g, g.size)
            if np.unique(params[pick]).size >= 3:
                break
        else:
            return None
        idx.append(pick)
    return np.concatenate(idx)


def isoflop_bootstrap(params, tokens, losses, flops, *, n_resamples: int = 200,
                      seed: int = 0) -> IsoflopBootstrap:
    """Bootstrap Approach 2 (``hoffmann2022training``): resample runs within each budget.

    Each resample draws, for every budget, as many runs as it has (with replacement;
    redrawn, up to 100 times, until at least three distinct sizes are present), refits the
    parabolas and the power laws, and records a and b. A resample that cannot be fitted (a
    parabola that opens downwards, a vertex out of floating-point range, no draw with three
    sizes) is skipped, counted in ``n_failed`` and replaced by a fresh draw; at most
    ``10 × n_resamples`` draws are made, so degenerate data give fewer samples (with a
    warning), never a hang.
    """
    params = as_array("params", params, positive=True)
    tokens = as_array("tokens", tokens, positive=True)
    losses = as_array("losses", losses, positive=True)
    flops = as_array("flops", flops, positive=True)
    same_length(params=params, tokens=tokens, losses=losses, flops=flops)
    n_resamples = as_int("n_resamples", n_resamples, maximum=100_000)
    seed = as_int("seed", seed, minimum=0)
    full = fit_isoflop(params, tokens, losses, flops=flops)
    rng = np.random.default_rng(seed)
    groups = [np.flatnonzero(flops == c) for c in np.unique(flops)]
    a_s, b_s = [], []
    failed = 0
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", FitConvergenceWarning)
        warnings.simplefilter("ignore", np.exceptions.RankWarning)
        draws = 0
        while len(a_s) < n_resamples and draws < 10 * n_resamples:
            draws += 1
            idx = _resample(rng, groups, params)
            if idx is None:
                failed += 1
                continue
            try:
                fit = fit_isoflop(params[idx], tokens[idx], losses[idx], flops=flops[idx])
            except (ValueError, OverflowError, FloatingPointError, np.linalg.LinAlgError):
                failed += 1
                continue
            if not (math.isfinite(fit.a) and math.isfinite(fit.b)):
                failed += 1
                continue
            a_s.append(fit.a)
            b_s.append(fit.b)
    if not a_s:
        raise ValueError(f"params, tokens, losses: none of {draws} resamples could be fitted "
                         f"(too few distinct sizes per budget?)")
    if len(a_s) < n_resamples:
        warnings.warn(f"only {len(a_s)} of {n_resamples} IsoFLOP bootstrap resamples could be "
                      f"fitted ({failed} failed and were skipped; the draws stop at "
                      f"{10 * n_resamples})", FitConvergenceWarning, stacklevel=2)
    return IsoflopBootstrap(full.a, full.b, np.array(a_s), np.array(b_s), seed, failed)


# ------------------------------------------------------- Kaplan's parameter count
@returns_finite
def embedding_params(non_embedding_params, *, vocab_size: int = KAPLAN_VOCAB_SIZE,
                     context: int = KAPLAN_CONTEXT,
                     aspect_ratio: float = ASSUMED_ASPECT_RATIO):
    r"""Embedding parameters of a GPT-style transformer with ``non_embedding_params``.

    With :math:`N_{\setminus E} = 12\,n_{layer}\,d_{model}^2` (``kaplan2020scaling``, Table 1)
    and a fixed aspect ratio :math:`d_{model} = r\,n_{layer}`,
    :math:`d_{model} = (r N_{\setminus E}/12)^{1/3}` and the token plus position embeddings
    hold :math:`(n_{vocab} + n_{ctx})\,d_{model}` parameters. The aspect ratio ``r`` is an
    assumption of this course (Kaplan et al. found the loss insensitive to it over a wide
    range), not a published constant.
    """
    ne = as_positive("non_embedding_params", non_embedding_params)
    as_int("vocab_size", vocab_size, maximum=10**9)
    as_int("context", context, maximum=10**9)
    r = as_positive("aspect_ratio", aspect_ratio, allow_array=False)
    return (vocab_size + context) * (r * ne / 12.0) ** (1.0 / 3.0)


@output_record
@dataclass(frozen=True, eq=False)
class NonEmbeddingAllocation:
    """The frontier of a law expressed in total and in non-embedding terms.

    Attributes
    ----------
    flops, params, tokens : arrays
        Total compute 6·N·D, total parameters N_opt and tokens D_opt on the frontier.
    non_embedding_params, non_embedding_flops : arrays
        N without embeddings and C = 6·N_nonemb·D, as Kaplan et al. counted.
    a_total, a_non_embedding : float
        Slopes of log N_opt on log C, fitted over the range, in each counting.
    """

    flops: np.ndarray = field(repr=False)
    params: np.ndarray = field(repr=False)
    tokens: np.ndarray = field(repr=False)
    non_embedding_params: np.ndarray = field(repr=False)
    non_embedding_flops: np.ndarray = field(repr=False)
    a_total: float
    a_non_embedding: float


def non_embedding_allocation(law: ChinchillaLaw, flops, **shape) -> NonEmbeddingAllocation:
    """Re-express the frontier of ``law`` in non-embedding parameters and compute.

    For each budget the compute-optimal total N is split into embedding and
    non-embedding parameters with :func:`embedding_params` (``shape`` passes
    ``vocab_size``, ``context``, ``aspect_ratio``), and local exponents are fitted to
    both descriptions (``pearce2024reconciling`` make this argument; their model of the
    embedding count differs in detail).
    """
    check_law(law)
    flops = as_array("flops", flops, positive=True)
    if flops.size < 2:
        raise ValueError(f"flops needs at least two budgets, got {flops.size}")
    params, tokens = compute_optimal(law, flops)
    ne = np.array([brentq(lambda x, n=n: x + float(embedding_params(x, **shape)) - n,
                          1e-9 * n, n) for n in params])
    ce = FLOPS_PER_PARAM_TOKEN * ne * tokens
    a_t = float(np.polyfit(np.log(flops), np.log(params), 1)[0])
    a_ne = float(np.polyfit(np.log(ce), np.log(ne), 1)[0])
    return NonEmbeddingAllocation(flops, params, tokens, ne, ce, a_t, a_ne)


# ------------------------------------------------------------ sum vs mean Huber
@output_record
@dataclass(frozen=True, eq=False)
class HuberReductionFits:
    """Approach 3 on the same runs three ways: L-BFGS on the sum, on the mean, and robust.

    ``lbfgs_sum`` and ``lbfgs_mean`` start from the same ``starts``; ``robust`` is
    :func:`scaling_lib.fitting.fit_parametric` with ``method="fast"``.
    """

    lbfgs_sum: object
    lbfgs_mean: object
    robust: object
    n_starts: int


def huber_reduction_fits(params, tokens, losses, *, n_starts: int = 40,
                         seed: int = 0) -> HuberReductionFits:
    """Fit Approach 3 with L-BFGS-B on the summed and on the mean Huber loss.

    Both start from the same ``n_starts`` points drawn (seeded) from Hoffmann's grid of
    4,500 (:func:`scaling_lib.fitting.hoffmann_initial_grid`) and stop on scipy's default
    tolerances, as in ``hoffmann2022training``; the mean objective is ``n`` times smaller,
    so L-BFGS-B stops earlier on it (``besiroglu2024chinchilla``). Convergence warnings
    are silenced: the fits' ``converged`` flags report them.
    """
    n_starts = as_int("n_starts", n_starts, maximum=4500)
    seed = as_int("seed", seed, minimum=0)
    grid = hoffmann_initial_grid()
    starts = grid[np.random.default_rng(seed).choice(len(grid), min(n_starts, len(grid)),
                                                     replace=False)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitConvergenceWarning)
        s = fit_parametric(params, tokens, losses, method="lbfgs", reduction="sum",
                           starts=starts)
        m = fit_parametric(params, tokens, losses, method="lbfgs", reduction="mean",
                           starts=starts)
        r = fit_parametric(params, tokens, losses)
    return HuberReductionFits(s, m, r, int(starts.shape[0]))


# ----------------------------------------------------------------- the lab
@output_record
@dataclass(frozen=True, eq=False)
class IsoflopTruth:
    """The compute-optimal size and loss at one budget, from the lab's own IsoFLOP runs.

    Attributes
    ----------
    flops : float
    params_opt, loss_opt : float
        Vertex of the parabola in log N fitted to the runs at ``flops`` (Approach 2).
    params, losses : arrays
        The runs (total parameters, final loss).
    coefficients : tuple
        (p2, p1, p0) of L ≈ p2·x² + p1·x + p0, x = ln N.
    """

    flops: float
    params_opt: float
    loss_opt: float
    params: np.ndarray = field(repr=False)
    losses: np.ndarray = field(repr=False)
    coefficients: tuple

    @returns_finite
    def loss_at(self, params):
        """Loss the parabola gives at ``params`` (nats per token), for judging a prediction."""
        x = np.log(as_positive("params", params))
        p2, p1, p0 = self.coefficients
        return p2 * x * x + p1 * x + p0


def isoflop_vertex(sweep, flops: float) -> IsoflopTruth:
    """The compute-optimal size and loss at ``flops`` from one IsoFLOP profile of ``sweep``.

    Fits a parabola in ln N to the final losses of the seed-0 runs of ``sweep`` (a
    ``SweepTable`` or a list of result rows) whose ``budget_flops`` is ``flops``, and
    returns its vertex (Approach 2 at one budget, ``hoffmann2022training``).
    """
    sweep = as_list_of("sweep", sweep, dict, "result rows (a SweepTable or a list of dicts)")
    flops = float(as_positive("flops", flops, allow_array=False))
    rows = [r for r in sweep if r.get("budget_flops") == flops and r.get("seed") == 0]
    if len(rows) < 3:
        have = sorted({r.get("budget_flops") for r in sweep if r.get("budget_flops")})
        raise ValueError(f"flops={flops:.3g}: the sweep has fewer than 3 seed-0 runs at this "
                         f"budget (its budgets: {', '.join(f'{c:.3g}' for c in have) or 'none'})")
    n = np.array([r["total_params"] for r in rows], dtype=float)
    ell = np.array([r["final_loss"] for r in rows], dtype=float)
    p2, p1, p0 = np.polyfit(np.log(n), ell, 2)
    x = -p1 / (2 * p2)
    return IsoflopTruth(flops, float(math.exp(x)), float(p2 * x * x + p1 * x + p0), n, ell,
                        (float(p2), float(p1), float(p0)))


@lru_cache(maxsize=1)
def lab_law() -> ChinchillaLaw:
    """Approach-3 law fitted to every run of the cached IsoFLOP sweep (for the explorers)."""
    from scaling_lib.lab import load_sweep

    s = load_sweep("isoflop")
    fit = fit_parametric(s["total_params"], s["tokens"], s["final_loss"])
    lw = fit.law
    return ChinchillaLaw(lw.E, lw.A, lw.B, lw.alpha, lw.beta, None, "the lab's own fit")


def runs_arrays(runs):
    """(params, tokens, losses) arrays from lab results (e.g. ``TrainingAccount.runs``).

    ``params`` are total parameters, as in 6·N·D.
    """
    if isinstance(runs, str | bytes) or not hasattr(runs, "__iter__"):
        check_type("runs", runs, list, "a list of lab results (e.g. TrainingAccount.runs)")
    original, runs = runs, list(runs)
    if not runs:
        raise ValueError("runs is empty: train at least one model first")
    for r in runs:
        if not all(hasattr(r, a) for a in ("total_params", "tokens", "final_loss")):
            raise InputTypeError(f"runs must be a list of lab results (TrainResult objects, e.g. "
                                 f"TrainingAccount.runs), but it holds {_show(r)}: "
                                 f"{_show(original)}")
    return (np.array([r.total_params for r in runs], dtype=float),
            np.array([r.tokens for r in runs], dtype=float),
            np.array([r.final_loss for r in runs], dtype=float))
