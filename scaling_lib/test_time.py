r"""Test-time compute: pass@k, coverage laws, majority vote, verifiers, matched FLOPs.

Chapter 6, "Test-time compute" (``book/06_test_time_compute.ipynb``).

* :func:`pass_at_k` — the unbiased estimator of Chen et al. 2021
  (``chen2021evaluating``) from n samples with c correct, in its numerically
  stable product form; :func:`pass_at_k_plugin` — the biased plug-in
  1 − (1 − c/n)^k, for comparison; :func:`coverage_curve` — their mean over
  problems.
* :func:`beta_failure` / :func:`beta_coverage` — coverage for per-problem
  success rates p ~ Beta(α, β): 1 − E[pass@k] = B(α, β + k)/B(α, β), whose
  tail is Γ(α + β)/Γ(β) · k^(−α) (:func:`beta_failure_tail`). A heavy left
  tail of p (small α) is what turns per-problem exponential decay into an
  aggregate power law (Schaeffer et al. 2025, ``schaeffer2025monkeys``).
  :func:`fit_beta_binomial` fits (α, β) to observed counts.
* :func:`fit_coverage_law` — Brown et al. 2024's exponentiated power law
  c ≈ exp(a·k^b) (``brown2024monkeys``, §3.1, Eq. 3), fitted as a power law
  of −log c with :func:`scaling_lib.fitting.fit_power_law`.
* :func:`majority_vote_accuracy` — exact probability that a vote over k
  samples from an answer distribution picks the correct answer (multinomial
  dynamic programme); :func:`simulate_majority_vote` — the same by seeded
  simulation; :func:`majority_vote_curve` — on observed samples (random
  k-subsets without replacement, as Brown et al. do), for self-consistency
  (``wang2022selfconsistency``).
* :func:`best_of_n_accuracy` — best-of-N with an imperfect verifier, a toy
  model (see its docstring) in the spirit of Cobbe et al. 2021
  (``cobbe2021training``).
* :func:`matched_samples` and :func:`allocate_samples` — compute-matched
  comparisons at 2·N FLOPs per generated token
  (:func:`scaling_lib.compute.inference_flops`) and adaptive allocation of a
  sample budget across problems.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln
from scipy.stats import norm

from scaling_lib import compute
from scaling_lib._contract import output_record
from scaling_lib._validate import (
    InputTypeError,
    _show,
    as_array,
    as_choice,
    as_finite,
    as_fraction,
    as_int,
    as_int_list,
    as_positive,
    check_fields,
    returns_finite,
    same_length,
)
from scaling_lib.fitting import FitConvergenceWarning, PowerLawFit, fit_power_law

__all__ = [
    "SNELL_LARGER_MODEL_FACTOR",
    "COBBE_VERIFIER_PEAK_COMPLETIONS",
    "BROWN_SELECTION_PLATEAU_SAMPLES",
    "pass_at_k",
    "pass_at_k_plugin",
    "coverage_curve",
    "beta_failure",
    "beta_coverage",
    "beta_failure_tail",
    "BetaFit",
    "fit_beta_binomial",
    "CoverageLawFit",
    "fit_coverage_law",
    "local_slope",
    "majority_vote_accuracy",
    "simulate_majority_vote",
    "majority_vote_curve",
    "answer_distribution",
    "best_of_n_accuracy",
    "matched_samples",
    "allocate_samples",
    "matched_samples_with_training",
    "LAB_KS",
    "SamplingCurves",
    "sampling_curves",
    "SAMPLING_SEEDS",
    "MATCHED_PAIRS",
    "load_sampling_seeds",
    "SamplingSeedFindings",
    "sampling_seed_findings",
]


# --------------------------------------------------------------------------------------
# Published numbers (each next to its source; pinned in tests/test_test_time.py)
# --------------------------------------------------------------------------------------

#: "in a FLOPs-matched evaluation, we find that on problems where a smaller base model
#: attains somewhat non-trivial success rates, test-time compute can be used to outperform
#: a 14x larger model" (``snell2024scaling``, abstract). The comparison (section 7,
#: Figure 9) bins questions by oracle difficulty, computed from ground-truth correctness.
SNELL_LARGER_MODEL_FACTOR = 14

#: Cobbe et al.'s 6B verifier: performance "improves as we increase the number of
#: completions up to 400", then declines (``cobbe2021training``, section 5.1, Figure 7a;
#: checked against the arXiv text). The cause is the authors' hedged suggestion, not a
#: measurement: "the benefits of search are eventually outweighed by the risk of finding
#: adversarial solutions that fool the verifier".
COBBE_VERIFIER_PEAK_COMPLETIONS = 400

#: Majority vote and reward-model selection "plateau around 100 samples" on GSM8K and
#: MATH while coverage keeps rising (``brown2024monkeys``, §1 and §4.1, Figure 7).
BROWN_SELECTION_PLATEAU_SAMPLES = 100


# --------------------------------------------------------------------------------------
# pass@k
# --------------------------------------------------------------------------------------


#: Most samples per problem the estimators accept (refused up front beyond this).
MAX_SAMPLES = 10**7


def _counts(n, c):
    """Validated (n, c) as int arrays of one shape, with 0 <= c <= n."""
    arrays = {}
    for name, value in (("n", n), ("c", c)):
        arr = np.asarray(as_finite(name, value), dtype=float)
        if np.any(arr != np.round(arr)):
            raise ValueError(f"{name} must be whole numbers, got {_show(value)}")
        if np.any(arr > MAX_SAMPLES):
            raise ValueError(f"{name} must be at most {MAX_SAMPLES:,} samples, got "
                             f"{float(arr.max()):.6g}")
        arrays[name] = arr.astype(np.int64)
    try:
        n_arr, c_arr = np.broadcast_arrays(arrays["n"], arrays["c"])
    except ValueError:
        raise ValueError(f"n and c must have the same shape (or one be a single number), but "
                         f"their shapes differ: {np.shape(arrays['n'])} and "
                         f"{np.shape(arrays['c'])}") from None
    if np.any(n_arr < 1):
        raise ValueError(f"n must be at least 1, got {int(n_arr.min())}")
    if np.any(c_arr < 0) or np.any(c_arr > n_arr):
        bad = c_arr[(c_arr < 0) | (c_arr > n_arr)].flat[0]
        raise ValueError(f"c must satisfy 0 <= c <= n, got {int(bad)}")
    return n_arr, c_arr


def pass_at_k(n, c, k):
    r"""Unbiased estimate of pass@k from n samples of which c are correct (``chen2021evaluating``).

    .. math::
        \widehat{\text{pass@}k} = 1 - \binom{n-c}{k} \Big/ \binom{n}{k}
        = 1 - \prod_{i=n-c+1}^{n} \Big(1 - \frac{k}{i}\Big),

    and 1 when n − c < k (every k-subset then holds a correct sample). The
    product form avoids the huge binomial coefficients; it is summed here in
    log space, so it is exact to rounding for any n.

    Parameters
    ----------
    n : int or array of int
        Samples drawn per problem (n ≥ k).
    c : int or array of int
        Correct samples per problem, 0 ≤ c ≤ n.
    k : int
        Samples the metric allows, 1 ≤ k ≤ n.

    Returns
    -------
    float or ndarray
        Per-problem estimates, shaped like ``np.broadcast(n, c)``.
    """
    n_arr, c_arr = _counts(n, c)
    k = as_int("k", k, maximum=MAX_SAMPLES)
    if np.any(n_arr < k):
        raise ValueError(f"k must be at most n ({int(n_arr.min())}), got {k}")
    out = np.ones(n_arr.shape)
    todo = (n_arr - c_arr) >= k
    if np.any(todo):
        nmax = int(n_arr.max())
        i = np.arange(1, nmax + 1, dtype=float)
        with np.errstate(divide="ignore"):
            terms = np.where(i > k, np.log1p(-k / np.maximum(i, k + 1.0)), -np.inf)
        # S[m] = sum_{i <= m} log(1 - k/i) over i > k; the product runs over i in (n - c, n].
        cum = np.concatenate(([0.0], np.cumsum(np.where(i > k, terms, 0.0))))
        nn, cc = n_arr[todo], c_arr[todo]
        out[todo] = -np.expm1(cum[nn] - cum[nn - cc]) + 0.0
    return float(out) if out.ndim == 0 else out


def pass_at_k_plugin(n, c, k):
    r"""The plug-in estimate 1 − (1 − c/n)^k: biased low for k > 1 (``chen2021evaluating``).

    It treats the observed fraction c/n as the true success rate. By Jensen's
    inequality (1 − p)^k is convex in p, so averaging it over the sampling
    noise of c/n overstates the failure probability.
    """
    n_arr, c_arr = _counts(n, c)
    k = as_int("k", k, maximum=MAX_SAMPLES)
    out = 1.0 - (1.0 - c_arr / n_arr) ** k
    return float(out) if out.ndim == 0 else out


def coverage_curve(n, c, ks, *, estimator: str = "unbiased") -> np.ndarray:
    """Coverage (mean pass@k over problems) at each k in ``ks``.

    Parameters
    ----------
    n : int or array
        Samples per problem.
    c : array of int
        Correct samples per problem.
    ks : sequence of int
    estimator : {"unbiased", "plugin"}
    """
    as_choice("estimator", estimator, ("unbiased", "plugin"))
    fn = pass_at_k if estimator == "unbiased" else pass_at_k_plugin
    ks = as_int_list("ks", ks if np.ndim(ks) else [ks], maximum=MAX_SAMPLES)
    return np.array([np.mean(fn(n, c, k)) for k in ks])


# --------------------------------------------------------------------------------------
# Beta-distributed difficulty
# --------------------------------------------------------------------------------------


def _ab(alpha, beta):
    return (as_positive("alpha", alpha, allow_array=False),
            as_positive("beta", beta, allow_array=False))


def _ks(k):
    k = as_positive("k", k)
    if np.any(np.asarray(k) < 1):
        raise ValueError(f"k must be at least 1, got {float(np.min(k))}")
    return k


@returns_finite
def beta_failure(alpha, beta, k):
    r"""1 − E[pass@k] for p ~ Beta(α, β): E[(1 − p)^k] = B(α, β + k)/B(α, β).

    Parameters
    ----------
    alpha, beta : float
        Beta parameters (positive). Mean success rate α/(α + β); the density
        near p = 0 behaves like p^(α − 1), so small α means many very hard
        problems.
    k : float or array
        Number of samples, ≥ 1 (non-integer k is allowed: the formula is smooth).
    """
    a, b = _ab(alpha, beta)
    k = _ks(k)
    return np.exp(betaln(a, b + k) - betaln(a, b))


@returns_finite
def beta_coverage(alpha, beta, k):
    """Expected coverage E[pass@k] = 1 − B(α, β + k)/B(α, β) for p ~ Beta(α, β)."""
    return 1.0 - beta_failure(alpha, beta, k)


@returns_finite
def beta_failure_tail(alpha, beta, k):
    r"""Large-k tail of :func:`beta_failure`: Γ(α + β)/Γ(β) · k^(−α).

    From Γ(β + k)/Γ(α + β + k) ~ k^(−α): the aggregate failure rate is a power
    law in k with exponent −α, set by the left tail of the difficulty
    distribution, although each problem's failure (1 − p)^k decays exponentially.
    """
    a, b = _ab(alpha, beta)
    k = _ks(k)
    return np.exp(gammaln(a + b) - gammaln(b)) * k ** (-a)


@dataclass(frozen=True)
class BetaFit:
    """Beta(α, β) distribution of per-problem success rates fitted to counts.

    Attributes
    ----------
    alpha, beta : float
    n_problems : int
    log_likelihood : float
        Beta-binomial log-likelihood at the optimum (nats).
    at_bound : str or None
        Names the parameter(s) that ended at the edge of the search range (α or β within a
        factor e of e^±9): the likelihood is still rising or flat there, so the data do not
        pin that value down (e.g. counts less spread than a binomial's). ``None`` for an
        interior optimum.
    """

    alpha: float
    beta: float
    n_problems: int
    log_likelihood: float
    at_bound: str | None = None

    def __post_init__(self):
        check_fields(self, positive=("alpha", "beta"), count="n_problems",
                     finite="log_likelihood", optional_text="at_bound")

    @property
    def mean(self) -> float:
        """Mean success rate α/(α + β)."""
        return self.alpha / (self.alpha + self.beta)

    def failure(self, k):
        """Predicted 1 − coverage at k (:func:`beta_failure`)."""
        return beta_failure(self.alpha, self.beta, k)

    def coverage(self, k):
        """Predicted coverage at k (:func:`beta_coverage`)."""
        return beta_coverage(self.alpha, self.beta, k)


def fit_beta_binomial(n, c) -> BetaFit:
    r"""Maximum-likelihood Beta(α, β) for success rates, given c_i correct of n_i samples.

    Each c_i ~ BetaBinomial(n_i, α, β):
    log L = Σ_i [log C(n_i, c_i) + log B(c_i + α, n_i − c_i + β) − log B(α, β)].
    Optimised over (log α, log β) with L-BFGS from a few starts.
    """
    n_arr, c_arr = _counts(n, c)
    n_arr, c_arr = n_arr.ravel().astype(float), c_arr.ravel().astype(float)
    if n_arr.size < 2:
        raise ValueError(f"need at least 2 problems to fit a Beta distribution, got {n_arr.size}")
    if np.all(c_arr == 0) or np.all(c_arr == n_arr):
        raise ValueError("c must not be all 0 or all n: the Beta fit is then unbounded")
    const = gammaln(n_arr + 1) - gammaln(c_arr + 1) - gammaln(n_arr - c_arr + 1)

    def nll(theta):
        a, b = np.exp(theta)
        return -np.sum(const + betaln(c_arr + a, n_arr - c_arr + b) - betaln(a, b))

    best = None
    for start in ((0.0, 0.0), (-1.5, 0.0), (-1.5, 1.5), (0.5, 1.0)):
        res = minimize(nll, np.array(start), method="L-BFGS-B",
                       bounds=[(-9.0, 9.0), (-9.0, 9.0)])
        if best is None or res.fun < best.fun:
            best = res
    a, b = np.exp(best.x)
    # The likelihood is flat far out: L-BFGS stops short of e^±9, so within a factor e of it
    # counts as at the edge (the data do not pin the value down).
    edges = [f"{name} = {math.exp(x):.3g} near the {'upper' if x > 0 else 'lower'} bound "
             f"e^{'' if x > 0 else '-'}9" for name, x in (("alpha", best.x[0]),
                                                          ("beta", best.x[1])) if abs(x) >= 8.0]
    at_bound = "; ".join(edges) or None
    if at_bound:
        warnings.warn(f"fit_beta_binomial: {at_bound} of the search range: the data do not "
                      f"pin it down (the result records at_bound)", FitConvergenceWarning,
                      stacklevel=2)
    return BetaFit(float(a), float(b), int(n_arr.size), float(-best.fun), at_bound)


# --------------------------------------------------------------------------------------
# Coverage law (Brown et al. 2024)
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True, eq=False)
class CoverageLawFit:
    r"""Brown et al.'s exponentiated power law c(k) ≈ exp(a·k^b) (``brown2024monkeys``).

    Equivalently −log c = −a·k^b, a power law in k; a < 0 and b < 0 for a
    coverage that rises towards 1.

    Attributes
    ----------
    a, b : float
    power_law : PowerLawFit
        The underlying fit of −log c against k.
    k, coverage : ndarray
        The data.
    """

    a: float
    b: float
    power_law: PowerLawFit = field(repr=False)
    k: np.ndarray = field(repr=False)
    coverage: np.ndarray = field(repr=False)

    @returns_finite
    def predict(self, k):
        """Coverage exp(a·k^b) at ``k``."""
        k = as_positive("k", k)
        return np.exp(self.a * k**self.b)

    @property
    def rms_log_residual(self) -> float:
        """RMS residual of log(−log c), the quantity fitted."""
        return self.power_law.rms_log_residual


def fit_coverage_law(k, coverage) -> CoverageLawFit:
    """Fit c ≈ exp(a·k^b) to a coverage curve (``brown2024monkeys``, §3.1).

    Uses :func:`scaling_lib.fitting.fit_power_law` on (k, −log c), i.e.
    ordinary least squares of log(−log c) on log k. Brown et al. fit the
    same function class with SciPy's ``curve_fit``.

    Parameters
    ----------
    k : array of positive numbers
    coverage : array of fractions, 0 < c < 1
    """
    k = as_array("k", k, positive=True)
    cov = as_array("coverage", coverage)
    same_length(k=k, coverage=cov)
    as_fraction("coverage", cov)
    if np.any(cov >= 1):
        raise ValueError("coverage must be below 1 at every k (−log c must be positive); "
                         "drop the points where it has reached 1")
    fit = fit_power_law(k, -np.log(cov))
    return CoverageLawFit(a=-fit.coefficient, b=fit.exponent, power_law=fit, k=k, coverage=cov)


def local_slope(x, y) -> np.ndarray:
    """d log y / d log x between consecutive points (length len(x) − 1)."""
    x = as_array("x", x, positive=True, min_length=2)
    y = as_array("y", y, positive=True, min_length=2)
    same_length(x=x, y=y)
    return np.diff(np.log(y)) / np.diff(np.log(x))


# --------------------------------------------------------------------------------------
# Majority vote
# --------------------------------------------------------------------------------------


def _probs(probs, correct):
    q = as_array("probs", probs)
    if np.any(q < 0):
        raise ValueError(f"probs must be zero or positive, got {float(q[q < 0][0])}")
    total = q.sum()
    if not math.isclose(total, 1.0, rel_tol=0, abs_tol=1e-9):
        raise ValueError(f"probs must sum to 1, got {total:.6g}")
    correct = as_int("correct", correct, minimum=0)
    if correct >= q.size:
        raise ValueError(f"correct must index probs (size {q.size}), got {correct}")
    return q, correct


_MAX_EXACT_K = 150
#: Ceiling on m²·k³ (m answers, k votes) for the exact calculation: a few seconds.
_MAX_EXACT_WORK = 6e9


def majority_vote_accuracy(probs, k, correct: int = 0, *, ties: str = "random"
                           ) -> float | np.ndarray:
    r"""Exact P(majority vote over k samples picks the correct answer).

    Each of k samples is answer i with probability ``probs[i]``; the answer
    with most votes wins. With ``ties="random"`` a tie for first place is
    broken uniformly at random (the result is the expected accuracy); with
    ``"strict"`` a tie counts as wrong.

    Computed exactly: condition on j correct votes (binomial); the other
    k − j votes are multinomial over the wrong answers, and a dynamic
    programme over answers sums the probability that every wrong answer gets
    fewer than j votes (or exactly j, weighted by x per tie). Random
    tie-breaking uses 1/(1 + T) = ∫₀¹ x^T dx, integrated exactly by
    Gauss–Legendre quadrature because the integrand is a polynomial in x.
    Cost O(m·k³) for m answers; k is limited to 150 (use
    :func:`simulate_majority_vote` beyond).

    Parameters
    ----------
    probs : array
        Probability of each distinct answer (sums to 1).
    k : int or sequence of int
        Samples voted over. Several k share one dynamic programme (the table for the
        largest k holds the smaller ones), so a curve costs about as much as its largest k.
    correct : int
        Index of the correct answer in ``probs``.
    ties : {"random", "strict"}

    Returns
    -------
    float, or an array with one accuracy per k if ``k`` is a sequence
    """
    q, correct = _probs(probs, correct)
    several = np.ndim(k) > 0
    ks = as_int_list("k", k) if several else [as_int("k", k)]
    k_max = max(ks)
    if k_max > _MAX_EXACT_K:
        raise ValueError(f"k must be at most {_MAX_EXACT_K} for the exact calculation, got "
                         f"{k_max}; use simulate_majority_vote")
    as_choice("ties", ties, ("random", "strict"))
    m_wrong = int(np.count_nonzero(np.delete(q, correct)))
    if m_wrong**2 * float(k_max) ** 3 > _MAX_EXACT_WORK:
        raise ValueError(f"probs has {m_wrong} wrong answers and k = {k_max}: the exact "
                         f"calculation costs about m²·k³ = {m_wrong**2 * k_max**3:.2g} "
                         f"operations, more than {_MAX_EXACT_WORK:.0e}; use "
                         f"simulate_majority_vote")
    pc = q[correct]
    others = np.delete(q, correct)
    others = others[others > 0]
    if pc == 0 or others.size == 0 or pc >= 1:
        acc = np.full(len(ks), 0.0 if pc == 0 else 1.0)
        return acc if several else float(acc[0])
    r = others / others.sum()
    m = r.size
    if ties == "random":
        nodes, weights = np.polynomial.legendre.leggauss(max(1, (m + 2) // 2))
        xs, wx = (nodes + 1) / 2, weights / 2
    else:
        xs, wx = np.array([0.0]), np.array([1.0])
    j = np.arange(1, k_max + 1)  # correct votes (j = 0 never wins)
    u = np.arange(k_max + 1)
    log_fact = gammaln(u + 1.0)
    # state[j - 1, x, s]: sum over processed answers of prod r^u/u! (x per tie) with total
    # votes s. No entry depends on larger j or s, so the table for k_max serves every k.
    state = np.zeros((k_max, xs.size, k_max + 1))
    state[:, :, 0] = 1.0
    for ro in r:
        with np.errstate(divide="ignore"):
            w = np.exp(u * np.log(ro) - log_fact)  # r^u / u!
        # coef[t, j - 1, x]: coefficient of t votes for this answer given j correct votes,
        # r^t/t! if t < j, times x if t = j (a tie), 0 if t > j
        below = (u[:, None] < j)[:, :, None]
        tied = (u[:, None] == j)[:, :, None]
        coef = np.where(below, w[:, None, None], 0.0) + np.where(tied, w[:, None, None], 0.0) * xs
        new = np.zeros_like(state)
        for t in range(k_max + 1):
            lo = max(t - 1, 0)  # coef is zero for j < t: only rows j >= t change
            if not coef[t, lo:].any():
                continue
            new[lo:, :, t:] += state[lo:, :, : k_max + 1 - t] * coef[t, lo:, :, None]
        state = new
    acc = np.empty(len(ks))
    for i, kk in enumerate(ks):
        jk = j[:kk]
        rest = kk - jk
        inner = state[jk - 1, :, rest] * np.exp(log_fact[rest])[:, None]  # P(others ok | j)
        inner = inner @ wx
        log_binom = log_fact[kk] - log_fact[jk] - log_fact[rest]
        with np.errstate(divide="ignore"):
            pj = np.exp(log_binom + jk * np.log(pc) + rest * np.log1p(-pc))
        acc[i] = np.clip(np.sum(pj * inner), 0.0, 1.0)
    return acc if several else float(acc[0])


def _vote_outcome(counts: np.ndarray, correct: int, ties: str) -> np.ndarray:
    """Per row of vote ``counts`` (R, m): 1 if the correct answer wins, 1/(1+T) on a tie."""
    cc = counts[:, correct]
    other = np.delete(counts, correct, axis=1)
    top = other.max(axis=1) if other.shape[1] else np.zeros(len(counts))
    n_tied = (other == cc[:, None]).sum(axis=1)
    win = (cc > top).astype(float)
    if ties == "random":
        win += np.where((cc == top) & (cc > 0), 1.0 / (1.0 + n_tied), 0.0)
    return win


def simulate_majority_vote(probs, k, correct: int = 0, *, n_trials: int = 2000, seed: int = 0,
                           ties: str = "random") -> float:
    """Majority-vote accuracy by seeded simulation (the model of :func:`majority_vote_accuracy`)."""
    q, correct = _probs(probs, correct)
    k = as_int("k", k, maximum=MAX_SAMPLES)
    n_trials = as_int("n_trials", n_trials, maximum=10**6)
    seed = as_int("seed", seed, minimum=0)
    as_choice("ties", ties, ("random", "strict"))
    if n_trials * q.size > 10**8:
        raise ValueError(f"n_trials × answers = {n_trials * q.size:,} is more than 10⁸ vote "
                         f"counts in memory; lower n_trials")
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(k, q, size=n_trials)
    return float(_vote_outcome(counts, correct, ties).mean())


def answer_distribution(answer_counts, correct_rank) -> tuple[np.ndarray, int]:
    """Empirical answer distribution of one problem and the index of its correct answer.

    For a never-sampled correct answer (``correct_rank = -1``) a zero-probability
    entry is appended and its index returned.
    """
    counts = as_array("answer_counts", answer_counts, positive=True)
    rank = as_int("correct_rank", correct_rank, minimum=-1)
    probs = counts / counts.sum()
    if rank < 0:
        return np.append(probs, 0.0), counts.size
    if rank >= counts.size:
        raise ValueError(f"correct_rank must index answer_counts (size {counts.size}), got {rank}")
    return probs, rank


def majority_vote_curve(answer_counts, correct_rank, ks, *, n_trials: int = 100, seed: int = 0,
                        ties: str = "random") -> np.ndarray:
    """Majority-vote accuracy at each k on observed samples (random k-subsets, seeded).

    For every problem, ``n_trials`` random subsets of k of its n samples are
    drawn without replacement and voted on; accuracy is averaged over trials
    and problems. This is to majority vote what the unbiased estimator is to
    pass@k; Brown et al. 2024 average over 100 random subsets the same way.

    Parameters
    ----------
    answer_counts : list of arrays
        Per problem, the counts of its distinct sampled answers (as in
        :class:`scaling_lib.lab.task.SampleSummary`).
    correct_rank : array of int
        Per problem, the index of the correct answer in ``answer_counts`` (−1: never sampled).
    ks : sequence of int
        Vote sizes, each at most the samples per problem.
    """
    if isinstance(answer_counts, str | bytes | np.ndarray) or not isinstance(
            answer_counts, list | tuple):
        raise InputTypeError(f"answer_counts must be a list with one array of answer counts "
                             f"per problem, got {_show(answer_counts)}")
    if not answer_counts:
        raise ValueError("answer_counts is empty: give the counts of at least one problem")
    all_counts = []
    for counts in answer_counts:
        c = as_array("answer_counts", counts, positive=True)
        if np.any(c != np.round(c)) or c.sum() > MAX_SAMPLES:
            raise ValueError(f"answer_counts must hold whole counts (at most {MAX_SAMPLES:,} "
                             f"samples per problem), got {_show(counts)}")
        all_counts.append(c.astype(int))
    ranks = np.array(as_int_list("correct_rank", correct_rank if np.ndim(correct_rank)
                                 else [correct_rank], minimum=-1), dtype=int)
    if len(answer_counts) != ranks.size:
        raise ValueError(f"lengths differ: answer_counts has {len(answer_counts)}, "
                         f"correct_rank has {ranks.size} ({_show(correct_rank)})")
    ks = as_int_list("ks", ks if np.ndim(ks) else [ks], maximum=MAX_SAMPLES)
    n_trials = as_int("n_trials", n_trials, maximum=10**6)
    as_choice("ties", ties, ("random", "strict"))
    rng = np.random.default_rng(as_int("seed", seed, minimum=0))
    if n_trials * max(int(c.sum()) for c in all_counts) > 10**8:
        raise ValueError(f"n_trials × samples per problem is more than 10⁸ numbers in memory; "
                         f"lower n_trials (got {n_trials:,})")
    total = np.zeros(len(ks))
    for counts, rank in zip(all_counts, ranks, strict=True):
        n = int(counts.sum())
        if rank >= counts.size:
            raise ValueError(f"correct_rank must index that problem's answer_counts (size "
                             f"{counts.size}), got {rank}")
        if max(ks) > n:
            raise ValueError(f"ks must be at most the samples per problem ({n}), got {max(ks)}")
        if rank < 0:
            continue
        if counts.size == 1:
            total += 1.0
            continue
        labels = np.repeat(np.arange(counts.size), counts)
        order = np.argsort(rng.random((n_trials, n)), axis=1)
        seq = labels[order]
        rows = np.arange(n_trials)[:, None] * counts.size
        for i, k in enumerate(ks):
            votes = np.bincount((seq[:, :k] + rows).ravel(),
                                minlength=n_trials * counts.size).reshape(n_trials, -1)
            total[i] += _vote_outcome(votes, rank, ties).mean()
    return total / ranks.size


# --------------------------------------------------------------------------------------
# Best-of-N with an imperfect verifier
# --------------------------------------------------------------------------------------

def best_of_n_accuracy(p, n, *, separation: float = 2.0, wrong_spread: float = 1.0):
    r"""P(the highest-scoring of N samples is correct), for a toy verifier model.

    The model (a simplification, not fitted to any paper): each sample is
    correct with probability p, independently. A verifier scores a correct
    sample from N(``separation``, 1) and an incorrect one from
    N(0, ``wrong_spread``²); best-of-N returns the sample with the highest
    score. Then

    .. math::
        \text{acc}(N) = N p \int f_c(x)\,[p F_c(x) + (1 - p) F_w(x)]^{N-1}\,dx,

    the chance that one given sample is correct and beats the other N − 1.
    With ``wrong_spread`` = 1 accuracy keeps creeping towards 1; with a
    wider spread of wrong-answer scores (a verifier that is fooled now and
    then by a confident wrong answer) the largest wrong score eventually wins
    and accuracy rises, flattens and falls. Cobbe et al. 2021 report the
    same shape for their trained verifiers on GSM8K (``cobbe2021training``).

    Parameters
    ----------
    p : float
        Per-sample success rate, 0 < p ≤ 1.
    n : int or array of int
        Number of samples N.
    separation : float
        Mean verifier score of a correct sample (incorrect ones have mean 0), in
        units of the correct-score standard deviation.
    wrong_spread : float
        Standard deviation of incorrect samples' scores.
    """
    p = as_fraction("p", p, allow_array=False)
    sep = float(as_finite("separation", separation, allow_array=False))
    spread = as_positive("wrong_spread", wrong_spread, allow_array=False)
    for name, v in (("separation", abs(sep)), ("wrong_spread", spread)):
        if v > 1e3:
            raise ValueError(f"{name} must be at most 1000 in size (score units), got {v!r}")
    n_arr = as_positive("n", n)
    if np.ndim(n_arr) > 1:
        raise ValueError(f"n must be a number or a 1-D array, got shape {np.shape(n_arr)}")
    n_arr = np.atleast_1d(n_arr)
    if np.any(n_arr != np.round(n_arr)) or np.any(n_arr > MAX_SAMPLES):
        raise ValueError(f"n must be whole numbers of at most {MAX_SAMPLES:,} samples, got "
                         f"{_show(n)}")
    x = np.linspace(min(sep, 0.0) - 9.0 * max(spread, 1.0), max(sep, 0.0) + 9.0 * max(spread, 1.0),
                    3001)
    f_c = norm.pdf(x, loc=sep)
    g = p * norm.cdf(x, loc=sep) + (1 - p) * norm.cdf(x, scale=spread)
    with np.errstate(divide="ignore"):
        log_g = np.log(g)
    out = np.array([nn * p * np.trapezoid(f_c * np.exp((nn - 1) * log_g), x) for nn in n_arr])
    out = np.clip(out, 0.0, 1.0)
    return float(out[0]) if np.ndim(n) == 0 else out


# --------------------------------------------------------------------------------------
# Compute-matched comparisons
# --------------------------------------------------------------------------------------


@returns_finite
def matched_samples(params_small, params_large, samples_large: int = 1) -> float:
    """Samples from the small model that cost as many inference FLOPs as the large model's.

    Both generate the same number of tokens per answer at 2·N FLOPs per token
    (:func:`scaling_lib.compute.inference_flops`), so the ratio is
    k = samples_large · N_large / N_small (not rounded).
    """
    small = compute.inference_flops(as_positive("params_small", params_small, allow_array=False))
    large = compute.inference_flops(as_positive("params_large", params_large, allow_array=False))
    return float(as_int("samples_large", samples_large) * large / small)


#: Largest sample budget :func:`allocate_samples` accepts (refused up front beyond this).
MAX_TOTAL_SAMPLES = 10**12
_LOG_TINY = math.log(np.finfo(float).tiny)


def allocate_samples(success_rates, total_samples: int, *, max_per_problem: int | None = None):
    r"""Split a budget of samples over problems to maximise expected coverage.

    Expected coverage (1/M) Σ_i [1 − (1 − p_i)^{k_i}] is separable and each
    term has diminishing returns (the gain of one more sample, p(1 − p)^k,
    falls with k), so handing out samples in order of marginal gain is
    optimal. Every problem gets one sample first; problems with p = 0
    (unsolvable) or p = 1 (solved by one sample) get no more: the budget goes
    where a problem is hard but solvable.

    Parameters
    ----------
    success_rates : array of fractions
        Per-problem (estimated) success rate of one sample, 0 ≤ p ≤ 1.
    total_samples : int
        Budget, at least the number of problems.
    max_per_problem : int, optional
        Cap on k_i (e.g. the n samples available to evaluate pass@k_i).
        Samples that no problem can use are left unspent.

    Returns
    -------
    ndarray of int
        Samples per problem (summing to ``total_samples`` unless capped).
    """
    p = as_array("success_rates", success_rates)
    as_fraction("success_rates", p, allow_zero=True)
    total = as_int("total_samples", total_samples, minimum=p.size, maximum=MAX_TOTAL_SAMPLES)
    cap = np.inf if max_per_problem is None else as_int("max_per_problem", max_per_problem)
    k = np.ones(p.size, dtype=np.int64)
    ok = (p > 0) & (p < 1)
    log_p = np.log(np.where(ok, p, 0.5))
    log_q = np.log1p(-np.where(ok, p, 0.5))
    spare = total - p.size
    # The next sample of a problem holding k gains p (1 - p)^k. Find the threshold t on
    # log gains such that taking every gain >= t uses about the budget (bisection).

    def extra_at(t):
        s = np.floor((t - log_p) / log_q)  # extra samples with log p + s log q >= t, s >= 1
        return np.where(ok, np.clip(s, 0, cap - 1), 0)

    if spare > 0 and ok.any():
        lowest = extra_at(_LOG_TINY)
        if lowest.sum() <= spare:  # the rest would each gain less than 1e-308: unspent
            k += lowest.astype(np.int64)
            return k
        lo, hi = _LOG_TINY, 0.0
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if extra_at(mid).sum() > spare else (lo, mid)
        base = extra_at(hi).astype(np.int64)
        k += base
        left = spare - int(base.sum())
        # The last `left` samples go to problems whose next gains lie in [lo, hi), a sliver
        # of width ~1e-58 in log gain: any split among them is optimal to rounding.
        room = (extra_at(lo) - base).astype(np.int64)
        before = np.cumsum(room) - room
        k += np.clip(left - before, 0, room)
    return k


# --------------------------------------------------------------------------------------
# Curves of the lab's sampling sweep
# --------------------------------------------------------------------------------------

#: Vote and sample sizes used for the lab's curves (k ≤ n = 100 in the cached sweep).
LAB_KS = (1, 2, 3, 4, 6, 8, 10, 12, 16, 24, 32, 48, 64, 100)


@output_record
@dataclass(frozen=True, eq=False)
class SamplingCurves:
    """Coverage, majority vote and costs of every model of a lab sampling sweep.

    Attributes
    ----------
    widths, n_params, train_flops : ndarray (n_models,)
    ks : ndarray (n_k,)
        Samples per problem.
    coverage : ndarray (n_models, n_k)
        Mean unbiased pass@k (an oracle verifier picks a correct sample if there is one).
    majority : ndarray (n_models, n_k)
        Majority-vote accuracy over k samples (random subsets, ties broken at random).
    greedy : ndarray (n_models,)
        Accuracy of one greedy (temperature 0) answer.
    mean_pass1 : ndarray (n_models,)
        Mean c/n: accuracy of one sampled answer.
    tokens_per_answer : float
        Mean generated tokens per answer, taken as the correct answer's digits
        plus EOS (the same problems for every model).
    """

    widths: np.ndarray
    n_params: np.ndarray
    train_flops: np.ndarray
    ks: np.ndarray
    coverage: np.ndarray
    majority: np.ndarray
    greedy: np.ndarray
    mean_pass1: np.ndarray
    tokens_per_answer: float

    def index(self, width: int) -> int:
        """Row of the model of hidden width ``width``."""
        hit = np.flatnonzero(self.widths == as_int("width", width))
        if hit.size == 0:
            raise ValueError(f"width must be one of {self.widths.tolist()}, got {width!r}")
        return int(hit[0])

    @returns_finite
    def inference_flops(self, width: int, samples=1):
        """Inference FLOPs per problem: samples · 2·N · tokens per answer."""
        n = self.n_params[self.index(width)]
        return compute.inference_flops(n, self.tokens_per_answer) * as_positive("samples",
                                                                                samples)


def sampling_curves(sweep, ks=LAB_KS, *, n_trials: int = 100, seed: int = 0) -> SamplingCurves:
    """Coverage and majority-vote curves of every model in a lab :class:`SamplingSweep`.

    Coverage uses :func:`pass_at_k`; majority vote uses :func:`majority_vote_curve`
    (``n_trials`` random k-subsets per problem, seeded). ``ks`` larger than the
    sweep's samples per problem are dropped.
    """
    if not hasattr(sweep, "samples") or not getattr(sweep, "samples", None):
        raise InputTypeError(f"sweep must be a SamplingSweep (e.g. "
                             f"load_task_sweep('sampling')), got {_show(sweep)}")
    n = int(sweep.samples[0].n_samples)
    ks = np.array([k for k in as_int_list("ks", ks if np.ndim(ks) else [ks]) if k <= n])
    n_trials = as_int("n_trials", n_trials, maximum=10**6)
    seed = as_int("seed", seed, minimum=0)
    if ks.size == 0:
        raise ValueError(f"ks must contain values up to the samples per problem ({n})")
    cov, maj = [], []
    for s in sweep.samples:
        cov.append(coverage_curve(s.n_samples, s.n_correct, ks))
        maj.append(majority_vote_curve(s.answer_counts, s.correct_rank, ks, n_trials=n_trials,
                                       seed=seed))
    first = sweep.samples[0]
    return SamplingCurves(
        widths=np.asarray(sweep.widths, dtype=int),
        n_params=np.asarray(sweep.n_params, dtype=float),
        train_flops=np.asarray(sweep.train_flops, dtype=float),
        ks=ks,
        coverage=np.array(cov),
        majority=np.array(maj),
        greedy=np.array([s.greedy_correct.mean() for s in sweep.samples]),
        mean_pass1=np.array([(s.n_correct / s.n_samples).mean() for s in sweep.samples]),
        tokens_per_answer=float(np.mean(first.answer_digits + 1)),
    )


@returns_finite
def matched_samples_with_training(params_small, params_large, train_tokens, queries,
                                  tokens_per_answer) -> float:
    r"""Samples per query from the small model at equal *total* (training + inference) FLOPs.

    Both models are trained on ``train_tokens`` tokens (6·N·D FLOPs) and
    answer ``queries`` queries of ``tokens_per_answer`` generated tokens; the
    large model answers each once. Solving
    6 N_s D + Q k 2 N_s T = 6 N_l D + Q 2 N_l T for k:

    .. math::
        k = \frac{N_l}{N_s} + \frac{3 D (N_l - N_s)}{Q\, T\, N_s}.

    The second term is the large model's extra training compute spread over
    the queries: with few queries the small model can afford many samples;
    with many (inference tokens ≫ training tokens) k falls to N_l/N_s.
    This is the ratio of inference to pretraining tokens that Snell et al.
    2024 call R (``snell2024scaling``).
    """
    n_s = as_positive("params_small", params_small, allow_array=False)
    n_l = as_positive("params_large", params_large, allow_array=False)
    d = as_positive("train_tokens", train_tokens, allow_array=False)
    q = as_positive("queries", queries)
    t = as_positive("tokens_per_answer", tokens_per_answer, allow_array=False)
    extra = compute.training_flops(n_l, d) - compute.training_flops(n_s, d)
    per_query_small = compute.inference_flops(n_s, t)
    return n_l / n_s + extra / (q * per_query_small)


# --------------------------------------------------------------------------------------
# Lab findings across seeds (issue 28: a comparison of lab runs is stated from seeds)
# --------------------------------------------------------------------------------------

#: Seeds of the sampling sweep: seed 0 is ``book/data/lab/task_sampling.json``; the others
#: are ``book/data/lab/seeds/seed<N>/task_sampling.json``, written by the lab's own command
#: ``python -m scaling_lib.lab.task full sampling --seed N --out book/data/lab/seeds/seedN``.
SAMPLING_SEEDS = (0, 1, 2, 3, 4)

#: (small width, large width) pairs of chapter 6's equal-FLOPs comparison.
MATCHED_PAIRS = ((16, 32), (32, 64), (16, 128), (32, 128), (64, 128))


def load_sampling_seeds(seeds=SAMPLING_SEEDS, data_dir=None) -> list:
    """The cached sampling sweeps of ``seeds``, in that order (seed 0 is the main cache).

    A seed changes the models' initialisation and data order and the 200 test problems.
    """
    from pathlib import Path

    from scaling_lib.lab.sweep import seed_dir
    from scaling_lib.lab.task import DATA_DIR, load_task_sweep

    seeds = as_int_list("seeds", seeds, minimum=0)
    if len(seeds) < 2:
        raise ValueError(f"seeds must list at least two seeds for a finding, got "
                         f"{len(seeds)}: {seeds}")
    if data_dir is not None and not isinstance(data_dir, str | Path):
        raise InputTypeError(f"data_dir must be a folder path or None, got {_show(data_dir)}")
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    if not root.is_dir():
        raise ValueError(f"data_dir must be an existing folder, got {_show(data_dir)}")
    return [load_task_sweep("sampling", seed_dir(s, root)) for s in seeds]


@output_record
@dataclass(frozen=True, eq=False)
class SamplingSeedFindings:
    """Chapter 6's lab findings, each computed seed by seed from several sampling sweeps.

    Arrays have one row per seed and one column per width (``widths``). The findings are
    :class:`scaling_lib.findings.Comparison` / :class:`~scaling_lib.findings.Trend` objects:
    ``greedy_trend`` (greedy accuracy against log2 width), ``sample_vs_greedy`` (one sample
    at T = 1 against the greedy answer, at ``width_sample``), ``vote_vs_greedy`` (a vote over
    all n samples against the greedy answer, at ``width_vote``), ``matched`` (per pair of
    :data:`MATCHED_PAIRS`: the large model's greedy answer against the small model's
    coverage with N_l/N_s samples), ``length_gap`` (that gap for ``width_sample`` against
    width 128 on short sums against long sums) and ``allocation`` (coverage with a budget of
    4 samples per problem allocated by answer length against an even split).
    """

    seeds: tuple
    widths: np.ndarray
    greedy: np.ndarray
    pass1: np.ndarray
    coverage_n: np.ndarray
    vote_n: np.ndarray
    plateau: np.ndarray
    greedy_trend: object
    sample_vs_greedy: object
    vote_vs_greedy: object
    matched: dict
    length_gap: object
    allocation: object
    short_cover_n: np.ndarray
    width_sample: int = 32
    width_vote: int = 16


def _cov_at(ks, cov, k):
    return float(np.interp(np.log(k), np.log(ks), cov))


def sampling_seed_findings(sweeps, *, width_sample: int = 32, width_vote: int = 16,
                           seeds=None) -> SamplingSeedFindings:
    """Recompute chapter 6's lab comparisons from sampling sweeps of several seeds.

    ``sweeps`` is a list of :class:`scaling_lib.lab.task.SamplingSweep` with the same widths
    (e.g. :func:`load_sampling_seeds`). Coverage uses :func:`pass_at_k`; the vote over all
    n samples per problem uses :func:`majority_vote_curve` (ties at random, seeded).
    """
    from scaling_lib.findings import compare_paired, seed_trend

    if not isinstance(sweeps, list | tuple) or len(sweeps) < 2:
        raise InputTypeError(f"sweeps must be a list of at least two SamplingSweep (one per "
                             f"seed), got {_show(sweeps)}")
    for s in sweeps:
        if not hasattr(s, "samples") or not getattr(s, "samples", None):
            raise InputTypeError(f"sweeps must hold SamplingSweep objects (e.g. "
                                 f"load_sampling_seeds()), got {_show(s)}")
    widths = np.asarray(sweeps[0].widths, dtype=int)
    if any(not np.array_equal(np.asarray(s.widths, dtype=int), widths) for s in sweeps):
        raise ValueError(f"sweeps must share their widths, got "
                         f"{[np.asarray(s.widths).tolist() for s in sweeps]}")
    width_sample = as_int("width_sample", width_sample)
    width_vote = as_int("width_vote", width_vote)
    for name, w in (("width_sample", width_sample), ("width_vote", width_vote)):
        if w not in widths:
            raise ValueError(f"{name} must be one of {widths.tolist()}, got {w!r}")
    seeds = (tuple(range(len(sweeps))) if seeds is None
             else tuple(as_int_list("seeds", seeds, minimum=0)))
    if len(seeds) != len(sweeps):
        raise ValueError(f"seeds must name one seed per sweep ({len(sweeps)}), got {seeds}")
    ks = np.array([k for k in LAB_KS if k <= int(sweeps[0].samples[0].n_samples)])
    col = {int(w): i for i, w in enumerate(widths)}
    greedy, pass1, cov_n, vote_n, plateau, matched_rows = [], [], [], [], [], []
    gap_short, gap_long, short_cover, alloc_even, alloc_len = [], [], [], [], []
    for sweep in sweeps:
        n = int(sweep.samples[0].n_samples)
        covs = [coverage_curve(s.n_samples, s.n_correct, ks) for s in sweep.samples]
        greedy.append([s.greedy_correct.mean() for s in sweep.samples])
        pass1.append([(s.n_correct / s.n_samples).mean() for s in sweep.samples])
        cov_n.append([c[-1] for c in covs])
        vote_n.append([majority_vote_curve(s.answer_counts, s.correct_rank, [n],
                                           n_trials=100, seed=0)[0] for s in sweep.samples])
        plateau.append([(s.correct_rank == 0).mean() for s in sweep.samples])
        n_params = np.asarray(sweep.n_params, dtype=float)
        matched_rows.append([(greedy[-1][col[wl]],
                              _cov_at(ks, covs[col[ws]],
                                      matched_samples(n_params[col[ws]], n_params[col[wl]])))
                             for ws, wl in MATCHED_PAIRS])
        small, large = sweep.for_width(width_sample), sweep.for_width(int(widths.max()))
        k = int(round(matched_samples(n_params[col[width_sample]], n_params.max())))
        for lo, hi, out in ((1, 4, gap_short), (9, 11, gap_long)):
            m = (small.answer_digits >= lo) & (small.answer_digits <= hi)
            out.append(large.greedy_correct[m].mean()
                       - pass_at_k(small.n_samples, small.n_correct[m], k).mean())
            if out is gap_short:
                short_cover.append(pass_at_k(small.n_samples, small.n_correct[m], n).mean())
        p_hat = small.n_correct / small.n_samples
        budget = 4 * p_hat.size
        by_len = np.array([p_hat[small.answer_digits == d].mean()
                           for d in small.answer_digits])
        alloc = allocate_samples(by_len, budget, max_per_problem=n)
        alloc_even.append(np.mean([pass_at_k(n, c, 4) for c in small.n_correct]))
        alloc_len.append(np.mean([pass_at_k(n, c, int(a))
                                  for c, a in zip(small.n_correct, alloc, strict=True)]))
    greedy, pass1 = np.array(greedy), np.array(pass1)
    cov_n, vote_n, plateau = np.array(cov_n), np.array(vote_n), np.array(plateau)
    mrows = np.array(matched_rows)  # (seeds, pairs, 2): large greedy, small coverage
    cs, cv = col[width_sample], col[width_vote]
    matched = {pair: compare_paired(mrows[:, j, 0], mrows[:, j, 1],
                                    label_a=f"width {pair[1]} answering once",
                                    label_b=f"width {pair[0]} sampling at equal FLOPs",
                                    lower_is_better=False, unit="")
               for j, pair in enumerate(MATCHED_PAIRS)}
    return SamplingSeedFindings(
        seeds=seeds, widths=widths, greedy=greedy, pass1=pass1, coverage_n=cov_n,
        vote_n=vote_n, plateau=plateau,
        greedy_trend=seed_trend(np.log2(widths), greedy,
                                label="greedy accuracy", unit="per doubling of width"),
        sample_vs_greedy=compare_paired(pass1[:, cs], greedy[:, cs],
                                        label_a="one sample at temperature 1",
                                        label_b="the greedy answer", lower_is_better=False,
                                        unit=""),
        vote_vs_greedy=compare_paired(vote_n[:, cv], greedy[:, cv],
                                      label_a="the vote over all samples",
                                      label_b="the greedy answer", lower_is_better=False,
                                      unit=""),
        matched=matched,
        length_gap=compare_paired(gap_short, gap_long, label_a="on 1–4-digit sums",
                                  label_b="on 9–11-digit sums", unit=""),
        allocation=compare_paired(alloc_len, alloc_even, label_a="allocation by answer length",
                                  label_b="an even split", lower_is_better=False, unit=""),
        short_cover_n=np.array(short_cover),
        width_sample=width_sample, width_vote=width_vote,
    )
