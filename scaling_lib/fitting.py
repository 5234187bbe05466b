"""Fitting scaling laws: power laws, and Chinchilla's three approaches.

- :func:`fit_power_law` — y = c·x^k (+ an optional offset), in log space.
- :func:`fit_envelope` — Approach 1 of ``hoffmann2022training``: the lower
  envelope of training curves gives (N_opt, D_opt) per FLOP budget.
- :func:`fit_isoflop` — Approach 2: a parabola in log N per IsoFLOP profile;
  its minima give N_opt(C) and D_opt(C).
- :func:`fit_parametric` — Approach 3: the parametric law
  L = E + A/N^alpha + B/D^beta fitted with a Huber loss (delta = 1e-3) on
  log-loss residuals, in the log-sum-exp parametrisation
  log L̂ = LSE(a − alpha·log N, b − beta·log D, e).
- :func:`bootstrap_parametric` — refits on resampled points, giving intervals
  for every parameter and for derived quantities (a, b, tokens per parameter).

How the Approach-3 fit is made fast and reliable
------------------------------------------------
Hoffmann et al. run L-BFGS from 4,500 grid starts. Here:

1. *Variable projection on a coarse grid.* For fixed (alpha, beta) the law is
   linear in (A, B, E). On a grid of (alpha, beta) values the best
   non-negative (A, B, E) in relative least squares is found for every grid
   point at once (3×3 normal equations, all active sets enumerated,
   vectorised with numpy). The Huber objective is then evaluated at every
   grid point.
2. *Polish.* The best few grid points (and any user starts) are polished in
   all five parameters by a damped Gauss-Newton (Levenberg-Marquardt)
   iteration on the summed Huber loss, with the analytic Jacobian of the
   log-sum-exp residuals; about ten iterations of a 5×5 solve each. If that
   does not pass the convergence test, scipy's trust-region solver
   (``least_squares`` with ``loss="huber"``, which minimises exactly
   sum Huber_delta(r_i)) gets a second try from the best point.
3. *Convergence check.* The gradient of the mean Huber loss at the answer is
   computed analytically; a fit is ``converged`` only if the solver stopped
   on a tolerance and that gradient is small. Otherwise a
   :class:`FitConvergenceWarning` is issued (or an error raised, on request).

The sum and the mean of the Huber losses have the same minimiser; they
differ in *scale*, and an optimiser with fixed absolute tolerances (as
L-BFGS-B in scipy) stops earlier on the smaller mean objective. Besiroglu et
al. (2024, ``besiroglu2024chinchilla``) traced Hoffmann's implausibly narrow
intervals to this. ``reduction`` chooses the reported objective;
``method="lbfgs"`` reproduces Hoffmann's procedure (L-BFGS-B from given
starts, scipy's default tolerances) so the difference can be shown.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares, minimize, minimize_scalar, nnls

from ._contract import output_record
from ._validate import (
    as_array,
    as_bool,
    as_choice,
    as_finite,
    as_fraction,
    as_int,
    as_nonnegative,
    as_positive,
    returns_finite,
    same_length,
)
from .laws import FLOPS_PER_PARAM_TOKEN, ChinchillaLaw, check_law, compute_optimal

__all__ = [
    "HUBER_DELTA",
    "ENVELOPE_RTOL",
    "synthetic_isoflop_data",
    "FitConvergenceWarning",
    "huber",
    "hoffmann_initial_grid",
    "parametric_objective",
    "PowerLawFit",
    "fit_power_law",
    "AllocationFit",
    "fit_envelope",
    "fit_isoflop",
    "ParametricFit",
    "fit_parametric",
    "BootstrapResult",
    "bootstrap_parametric",
]

HUBER_DELTA = 1e-3
"""Huber threshold used by Hoffmann et al. 2022 for Approach 3 (hoffmann2022training, Sec. 3.3)."""

_PARAM_NAMES = ("E", "A", "B", "alpha", "beta")
_REDUCTIONS = ("sum", "mean")


class FitConvergenceWarning(RuntimeWarning):
    """A fit stopped without meeting its convergence test."""


# --------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------


def huber(residuals, delta: float = HUBER_DELTA):
    r"""Huber loss of each residual.

    .. math:: H_\delta(r) = \tfrac12 r^2 \ (|r| \le \delta),\qquad
              \delta(|r| - \tfrac12\delta)\ \text{otherwise}.
    """
    r = as_finite("residuals", residuals)
    delta = _check_delta(delta)
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))


def hoffmann_initial_grid() -> np.ndarray:
    """The 4,500 L-BFGS starts of Hoffmann et al. 2022 (Appendix D.2), as (a, b, e, alpha, beta).

    alpha, beta in {0, 0.5, …, 2}; e in {−1, −0.5, …, 1}; a, b in {0, 5, …, 25}.
    """
    ab = np.arange(0.0, 30.0, 5.0)
    e = np.arange(-1.0, 1.5, 0.5)
    ex = np.arange(0.0, 2.5, 0.5)
    grid = np.array(list(itertools.product(ab, ab, e, ex, ex)))
    return grid


def _check_reduction(reduction: str) -> str:
    return as_choice("reduction", reduction, _REDUCTIONS)


#: Range of the Huber threshold: residuals are differences of log losses.
DELTA_RANGE = (1e-10, 10.0)


def _check_delta(delta) -> float:
    delta = float(as_positive("delta", delta, allow_array=False))
    lo, hi = DELTA_RANGE
    if not lo <= delta <= hi:
        raise ValueError(f"delta must lie between {lo:g} and {hi:g} (a threshold on log-loss "
                         f"residuals; Hoffmann et al. use 1e-3), got {delta!r}")
    return delta


def _check_ndl(params, tokens, losses, *, min_points: int):
    """Validate three equal-length positive 1-D arrays with at least ``min_points`` entries."""
    params = as_array("params", params, positive=True)
    tokens = as_array("tokens", tokens, positive=True)
    losses = as_array("losses", losses, positive=True)
    n = same_length(params=params, tokens=tokens, losses=losses)
    if n < min_points:
        raise ValueError(
            f"need at least {min_points} data points (more points than parameters), got {n}"
        )
    return params, tokens, losses


def _lse(theta, logn, logd):
    """Prediction log L̂ and the softmax weights of the three terms, for one parameter vector."""
    a, b, e, alpha, beta = theta
    t1 = a - alpha * logn
    t2 = b - beta * logd
    t3 = np.full_like(logn, e)
    m = np.maximum(np.maximum(t1, t2), t3)
    w1, w2, w3 = np.exp(t1 - m), np.exp(t2 - m), np.exp(t3 - m)
    s = w1 + w2 + w3
    return m + np.log(s), (w1 / s, w2 / s, w3 / s)


def _jacobian(weights, logn, logd):
    w1, w2, w3 = weights
    return np.column_stack((w1, w2, w3, -w1 * logn, -w2 * logd))


def _objective_and_grad(theta, logn, logd, logl, delta):
    """Sum of Huber losses and its gradient."""
    pred, w = _lse(theta, logn, logd)
    r = pred - logl
    a = np.abs(r)
    f = np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta)).sum()
    psi = np.clip(r, -delta, delta)
    g = _jacobian(w, logn, logd).T @ psi
    return float(f), g


def parametric_objective(
    law_or_log_params,
    params,
    tokens,
    losses,
    *,
    delta: float = HUBER_DELTA,
    reduction: str = "sum",
) -> float:
    r"""The Approach-3 objective of ``hoffmann2022training`` (Equation 3).

    .. math:: \sum_i \mathrm{Huber}_\delta\big(\log \hat L(N_i, D_i) - \log L_i\big)

    (divided by the number of points when ``reduction="mean"``).

    Parameters
    ----------
    law_or_log_params : ChinchillaLaw or array of 5
        A law, or the vector (a, b, e, alpha, beta) with A = exp(a) etc.
    params, tokens, losses : arrays
        Parameters N, tokens D and observed losses L of each run.
    """
    params, tokens, losses = _check_ndl(params, tokens, losses, min_points=1)
    delta = _check_delta(delta)
    theta = _theta_of(law_or_log_params)
    f, _ = _objective_and_grad(theta, np.log(params), np.log(tokens), np.log(losses), delta)
    return f / len(params) if _check_reduction(reduction) == "mean" else f


def _theta_of(law_or_log_params) -> np.ndarray:
    if isinstance(law_or_log_params, ChinchillaLaw):
        return law_or_log_params.log_params
    theta = as_array("law_or_log_params", law_or_log_params)
    if theta.size != 5:
        raise ValueError(f"law_or_log_params must be a ChinchillaLaw or 5 numbers (a, b, e, "
                         f"alpha, beta), got {theta.size} numbers")
    return theta


# --------------------------------------------------------------------------------------
# Power laws
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True, eq=False)
class PowerLawFit:
    r"""Result of :func:`fit_power_law`: :math:`y = \text{offset} + c\,x^{k}`.

    Attributes
    ----------
    coefficient, exponent, offset : float
        c, k and the irreducible term (0 when fitted without offset).
    rms_log_residual : float
        Root mean square of log(y) − log(ŷ) over the data.
    x, y : arrays
        The data, for plotting.
    """

    coefficient: float
    exponent: float
    offset: float
    rms_log_residual: float
    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)

    @property
    def scale(self) -> float:
        r"""X_c in Kaplan's form :math:`(X_c/x)^{\alpha}`, i.e. c^(−1/k) (offset-free fits)."""
        return self.coefficient ** (-1.0 / self.exponent)

    @returns_finite
    def predict(self, x):
        """ŷ at ``x``."""
        x = as_positive("x", x)
        return self.offset + self.coefficient * x**self.exponent

    def summary(self) -> str:
        """A small text table of the fitted constants."""
        rows = [
            ("coefficient c", f"{self.coefficient:.6g}"),
            ("exponent k", f"{self.exponent:.6g}"),
            ("offset", f"{self.offset:.6g}"),
            ("points", f"{self.x.size}"),
            ("rms log residual", f"{self.rms_log_residual:.3g}"),
        ]
        return _table("power law y = offset + c·x^k", rows)

    def plot(self, ax=None):
        """Data and fitted curve on log-log axes; returns the matplotlib Axes."""
        ax = _axes(ax)
        ax.loglog(self.x, self.y, "o", label="data")
        xs = np.geomspace(self.x.min(), self.x.max(), 200)
        ax.loglog(xs, self.predict(xs), "-", label=f"fit, k = {self.exponent:.3f}")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend()
        return ax


def fit_power_law(x, y, *, offset: bool = False) -> PowerLawFit:
    r"""Fit :math:`y = c\,x^{k}` or :math:`y = y_0 + c\,x^{k}` to positive data.

    Without offset: ordinary least squares of log y on log x.
    With offset: for each exponent k the best non-negative (y_0, c) in
    relative least squares (residuals (ŷ − y)/y ≈ log-space residuals) is a
    linear problem (variable projection); k is found by a grid search over
    [−4, 4] refined by bounded Brent search.

    Parameters
    ----------
    x, y : arrays of positive numbers, at least 2 points (3 with offset)
    offset : bool
        Fit an irreducible term y_0 ≥ 0.

    Returns
    -------
    PowerLawFit
    """
    x = as_array("x", x, positive=True)
    y = as_array("y", y, positive=True)
    n = same_length(x=x, y=y)
    offset = as_bool("offset", offset)
    need = 3 if offset else 2
    if n < need:
        raise ValueError(f"need at least {need} points for this power-law fit, got {n}")
    if np.ptp(np.log(x)) == 0:
        raise ValueError("x must contain at least two different values")
    lx, ly = np.log(x), np.log(y)
    if not offset:
        k, logc = np.polyfit(lx, ly, 1)
        c, y0 = math.exp(logc), 0.0
    else:

        def solve(k):
            design = np.column_stack((np.ones(n), x**k)) / y[:, None]
            coef, rnorm = nnls(design, np.ones(n))
            return coef, rnorm

        def sse(k):
            if not np.isfinite(x**k).all():
                return np.inf
            return solve(k)[1] ** 2

        ks = np.linspace(-4.0, 4.0, 401)
        vals = np.array([sse(k) for k in ks])
        i = int(np.argmin(vals))
        lo, hi = ks[max(i - 1, 0)], ks[min(i + 1, ks.size - 1)]
        res = minimize_scalar(sse, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
        k = float(res.x) if res.fun <= vals[i] else float(ks[i])
        (y0, c), _ = solve(k)
        if c <= 0:
            raise ValueError("the data show no power-law trend on top of a constant (c = 0)")
    pred = y0 + c * x**k
    rms = float(np.sqrt(np.mean((np.log(pred) - ly) ** 2)))
    return PowerLawFit(float(c), float(k), float(y0), rms, x, y)


# --------------------------------------------------------------------------------------
# Approaches 1 and 2
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True, eq=False)
class AllocationFit:
    r"""Compute-optimal allocation fitted by Approach 1 or 2 of ``hoffmann2022training``.

    :math:`N_{opt} = k_N C^a`, :math:`D_{opt} = k_D C^b`.

    Attributes
    ----------
    approach : str
    flops : array
        The FLOP budgets at which an optimum was found.
    params_opt, tokens_opt : arrays
        The optimum at each budget.
    a, b : float
        Fitted exponents.
    params_coefficient, tokens_coefficient : float
        k_N and k_D.
    """

    approach: str
    flops: np.ndarray = field(repr=False)
    params_opt: np.ndarray = field(repr=False)
    tokens_opt: np.ndarray = field(repr=False)
    a: float
    b: float
    params_coefficient: float
    tokens_coefficient: float
    details: dict = field(default_factory=dict, repr=False)

    @returns_finite
    def params(self, flops):
        """Fitted N_opt at ``flops``."""
        flops = as_positive("flops", flops)
        return self.params_coefficient * flops**self.a

    @returns_finite
    def tokens(self, flops):
        """Fitted D_opt at ``flops``."""
        flops = as_positive("flops", flops)
        return self.tokens_coefficient * flops**self.b

    def summary(self) -> str:
        """A small text table."""
        rows = [
            ("a  (N_opt ∝ C^a)", f"{self.a:.4f}"),
            ("b  (D_opt ∝ C^b)", f"{self.b:.4f}"),
            ("k_N", f"{self.params_coefficient:.4g}"),
            ("k_D", f"{self.tokens_coefficient:.4g}"),
            ("budgets used", f"{self.flops.size}"),
            ("FLOP range", f"{self.flops.min():.3g} – {self.flops.max():.3g}"),
        ]
        return _table(self.approach, rows)

    def plot(self, ax=None):
        """N_opt and D_opt against FLOPs with the fitted power laws; returns the Axes."""
        ax = _axes(ax)
        cs = np.geomspace(self.flops.min(), self.flops.max(), 100)
        ax.loglog(self.flops, self.params_opt, "o", label="N_opt (parameters)")
        ax.loglog(cs, self.params(cs), "-", label=f"∝ C^{self.a:.3f}")
        ax.loglog(self.flops, self.tokens_opt, "s", label="D_opt (tokens)")
        ax.loglog(cs, self.tokens(cs), "-", label=f"∝ C^{self.b:.3f}")
        ax.set_xlabel("training FLOPs")
        ax.set_title(self.approach)
        ax.legend()
        return ax


def _allocation(approach, flops, params_opt, details) -> AllocationFit:
    flops = np.asarray(flops, dtype=float)
    params_opt = np.asarray(params_opt, dtype=float)
    if flops.size < 2 or np.ptp(np.log(flops)) == 0:
        raise ValueError(
            f"{approach}: need optima at two or more different FLOP budgets, got {flops.size}"
        )
    tokens_opt = flops / (FLOPS_PER_PARAM_TOKEN * params_opt)
    a, log_kn = np.polyfit(np.log(flops), np.log(params_opt), 1)
    b, log_kd = np.polyfit(np.log(flops), np.log(tokens_opt), 1)
    return AllocationFit(
        approach,
        flops,
        params_opt,
        tokens_opt,
        float(a),
        float(b),
        math.exp(log_kn),
        math.exp(log_kd),
        details,
    )


#: relative tolerance (of the data's log-compute span) within which a training curve
#: counts as reaching a budget in :func:`fit_envelope`; makes the fit unit-invariant
ENVELOPE_RTOL = 1e-9


def fit_envelope(
    params,
    tokens,
    losses,
    *,
    runs=None,
    n_budgets: int = 40,
    drop_boundary: bool = True,
) -> AllocationFit:
    """Approach 1 of ``hoffmann2022training``: the envelope of training curves.

    Each point is one evaluation of one run: a model with ``params``
    parameters after ``tokens`` tokens, at loss ``losses``; its compute is
    C = 6·N·D. For each of ``n_budgets`` log-spaced budgets, every run whose
    curve spans that budget is interpolated (linearly in log C – log L) and
    the run with the lowest loss gives N_opt(C); D_opt = C / (6·N_opt).
    Power laws N_opt ∝ C^a and D_opt ∝ C^b are then fitted.

    Parameters
    ----------
    params, tokens, losses : arrays
        One entry per evaluation point.
    runs : array, optional
        A run label per point; by default all points with the same ``params``
        form one run.
    n_budgets : int
        Number of log-spaced FLOP budgets.
    drop_boundary : bool
        Drop budgets where the winner is the smallest or largest model that
        spans the budget (the optimum is then not bracketed).

    Notes
    -----
    The fit does not depend on the units of ``params`` and ``tokens``. A curve
    spans a budget when the budget lies in the curve's log-compute range
    widened by ``ENVELOPE_RTOL`` (10⁻⁹) of the whole data's log-compute span;
    just outside its ends a curve takes its end value. Without the tolerance,
    curves that begin or end at the same compute (the usual design: every size
    trained from one smallest to one largest budget) reach the first and last
    budgets or miss them by one rounding error, and which ones miss changes with
    the units (parameters in millions, tokens in billions): the edge budgets
    then had different candidates, winners or none, and the exponent moved
    (0.435 against 0.622 on one synthetic design). The tolerance is far above
    rounding (≈10⁻¹⁶ of log C) and far below any real gap between two runs'
    compute.
    """
    params, tokens, losses = _check_ndl(params, tokens, losses, min_points=4)
    n_budgets = as_int("n_budgets", n_budgets, minimum=2, maximum=10_000)
    drop_boundary = as_bool("drop_boundary", drop_boundary)
    labels = params if runs is None else np.asarray(runs)
    if labels.dtype.kind not in "iufUSO" or labels.dtype.kind == "O" and any(
            v is None for v in labels.ravel()):
        raise ValueError(f"runs must be one label (a number or text) per point, got "
                         f"{runs!r:.60}")
    if labels.shape != params.shape:
        raise ValueError(f"runs must have one label per point ({params.size}), got "
                         f"{labels.size}: {runs!r:.60}")
    logc = np.log(FLOPS_PER_PARAM_TOKEN * params * tokens)
    curves = []
    for lab in np.unique(labels):
        m = labels == lab
        if np.ptp(params[m]) != 0:
            raise ValueError(f"run {lab!r} mixes different params values")
        order = np.argsort(logc[m])
        lc, ll = logc[m][order], np.log(losses[m][order])
        if lc.size >= 2:
            curves.append((params[m][0], lc, ll))
    if len(curves) < 2:
        raise ValueError("fit_envelope needs at least two runs with two or more points each")
    grid = np.linspace(logc.min(), logc.max(), n_budgets)
    tol = ENVELOPE_RTOL * (logc.max() - logc.min())
    budgets, winners = [], []
    for c in grid:
        cand = [(np.interp(c, lc, ll), n) for n, lc, ll in curves
                if lc[0] - tol <= c <= lc[-1] + tol]
        if len(cand) < 2:
            continue
        best_loss, best_n = min(cand)
        sizes = [n for _, n in cand]
        if drop_boundary and (best_n == min(sizes) or best_n == max(sizes)):
            continue
        budgets.append(math.exp(c))
        winners.append(best_n)
    return _allocation(
        "Approach 1: envelope of training curves", budgets, winners, {"n_runs": len(curves)}
    )


def _group_budgets(flops, rel_gap: float = 0.01):
    """Cluster FLOP values whose log10 differ by less than ``rel_gap`` dex."""
    lf = np.log10(flops)
    order = np.argsort(lf)
    labels = np.empty(flops.size, dtype=int)
    g = 0
    for j, i in enumerate(order):
        if j and lf[i] - lf[order[j - 1]] > rel_gap:
            g += 1
        labels[i] = g
    return labels


def fit_isoflop(params, tokens, losses, *, flops=None) -> AllocationFit:
    r"""Approach 2 of ``hoffmann2022training``: IsoFLOP profiles.

    Points are grouped by budget (``flops`` labels, or clusters of 6·N·D
    within 0.01 dex). In each group a parabola
    :math:`L \approx p_2 x^2 + p_1 x + p_0` with x = log N is fitted; its
    vertex :math:`x^* = -p_1 / 2p_2` gives N_opt(C), and
    D_opt = C / (6·N_opt). Power laws in C are then fitted to the optima.

    Raises
    ------
    ValueError
        If a budget has fewer than three distinct model sizes, or its
        parabola opens downward (no minimum).
    """
    params, tokens, losses = _check_ndl(params, tokens, losses, min_points=6)
    if flops is None:
        c_point = FLOPS_PER_PARAM_TOKEN * params * tokens
        groups = _group_budgets(c_point)
    else:
        flops = as_array("flops", flops, positive=True)
        same_length(params=params, flops=flops)
        c_point = flops
        _, groups = np.unique(flops, return_inverse=True)
    budgets, optima, parabolas = [], [], []
    for g in np.unique(groups):
        m = groups == g
        c = float(np.exp(np.mean(np.log(c_point[m]))))
        x = np.log(params[m])
        if np.unique(x).size < 3:
            raise ValueError(f"budget {c:.3g} FLOPs has fewer than 3 distinct model sizes")
        p2, p1, p0 = np.polyfit(x, losses[m], 2)
        if p2 <= 0:
            raise ValueError(f"the IsoFLOP parabola at {c:.3g} FLOPs has no minimum (opens down)")
        xstar = -p1 / (2 * p2)
        if not (x.min() <= xstar <= x.max()):
            warnings.warn(
                f"IsoFLOP minimum at {c:.3g} FLOPs lies outside the sampled model sizes",
                FitConvergenceWarning,
                stacklevel=2,
            )
        budgets.append(c)
        optima.append(math.exp(xstar))
        parabolas.append((c, p2, p1, p0, float(x.min()), float(x.max())))
    fit = _allocation("Approach 2: IsoFLOP parabolas", budgets, optima, {"parabolas": parabolas})
    return fit


# --------------------------------------------------------------------------------------
# Approach 3
# --------------------------------------------------------------------------------------

_DEFAULT_ALPHAS = np.geomspace(0.03, 2.0, 20)


def _coarse_grid(logn, logd, logl, delta, alphas, betas, top_k):
    """Variable projection over an (alpha, beta) grid; return the best ``top_k`` starts.

    For each (alpha, beta), (A, B, E) ≥ 0 minimise sum ((A·N^-alpha + B·D^-beta + E)/L − 1)^2,
    solved exactly by enumerating active sets of the 3×3 normal equations.
    """
    n = logn.size
    u = np.exp(-alphas[:, None] * logn[None, :] - logl[None, :])  # (na, n)
    v = np.exp(-betas[:, None] * logd[None, :] - logl[None, :])  # (nb, n)
    s = np.exp(-logl)
    na, nb = alphas.size, betas.size
    gram = np.empty((na, nb, 3, 3))
    gram[..., 0, 0] = (u * u).sum(1)[:, None]
    gram[..., 1, 1] = (v * v).sum(1)[None, :]
    gram[..., 2, 2] = s @ s
    gram[..., 0, 1] = gram[..., 1, 0] = u @ v.T
    gram[..., 0, 2] = gram[..., 2, 0] = (u @ s)[:, None]
    gram[..., 1, 2] = gram[..., 2, 1] = (v @ s)[None, :]
    rhs = np.empty((na, nb, 3))
    rhs[..., 0] = u.sum(1)[:, None]
    rhs[..., 1] = v.sum(1)[None, :]
    rhs[..., 2] = s.sum()
    scale = np.sqrt(np.einsum("...ii->...i", gram))
    gs = gram / (scale[..., :, None] * scale[..., None, :])
    rs = rhs / scale
    best_sse = np.full((na, nb), np.inf)
    best = np.zeros((na, nb, 3))
    for k in range(1, 4):
        for subset in itertools.combinations(range(3), k):
            idx = np.array(subset)
            sub = gs[..., idx[:, None], idx[None, :]] + 1e-12 * np.eye(k)
            theta = np.linalg.solve(sub, rs[..., idx][..., None])[..., 0]
            full = np.zeros((na, nb, 3))
            full[..., idx] = theta
            sse = (
                n
                - 2 * np.einsum("...i,...i", full, rs)
                + np.einsum("...i,...ij,...j", full, gs, full)
            )
            ok = (theta >= 0).all(-1) & (sse < best_sse)
            best_sse = np.where(ok, sse, best_sse)
            best = np.where(ok[..., None], full, best)
    coef = best / scale  # (A, B, E) per grid point
    # Floors for terms the projection switched off: make them 1e-6 of the smallest loss.
    lmin = logl.min()
    floor_a = math.log(1e-6) + lmin + alphas[:, None] * logn.max()
    floor_b = math.log(1e-6) + lmin + betas[None, :] * logd.max()
    floor_e = math.log(1e-6) + lmin
    with np.errstate(divide="ignore"):
        la, lb, le = np.log(coef[..., 0]), np.log(coef[..., 1]), np.log(coef[..., 2])
    la = np.maximum(la, floor_a)
    lb = np.maximum(lb, floor_b)
    le = np.maximum(le, floor_e)
    # Huber objective at every grid point.
    t1 = la[..., None] - alphas[:, None, None] * logn
    t2 = lb[..., None] - betas[None, :, None] * logd
    t3 = np.broadcast_to(le[..., None], t1.shape)
    pred = np.logaddexp(np.logaddexp(t1, t2), t3)
    r = np.abs(pred - logl)
    obj = np.where(r <= delta, 0.5 * r * r, delta * (r - 0.5 * delta)).sum(-1)
    flat = np.argsort(obj, axis=None)[:top_k]
    ia, ib = np.unravel_index(flat, obj.shape)
    starts = np.column_stack((la[ia, ib], lb[ia, ib], le[ia, ib], alphas[ia], betas[ib]))
    return starts


def _polish(theta0, logn, logd, logl, delta, max_iter):
    """Damped Gauss-Newton (Levenberg-Marquardt) on the summed Huber objective.

    The curvature model is J^T W J with W_i = 1 for |r_i| <= delta (the exact
    Gauss-Newton Hessian of the quadratic part) plus 1e-3·delta/|r_i| for the
    linear part (keeps the system regular when few residuals are below
    delta). Steps are accepted only when the objective does not increase.
    Returns (theta, objective, iterations, ok).
    """
    theta = np.asarray(theta0, dtype=float)

    def evaluate(th):
        pred, w = _lse(th, logn, logd)
        r = pred - logl
        a = np.abs(r)
        return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta)).sum(), r, w

    f, r, w = evaluate(theta)
    if not np.isfinite(f):
        return theta, np.inf, 0, False
    lam = 1e-3
    eye = np.eye(5)
    for it in range(1, max_iter + 1):
        jac = _jacobian(w, logn, logd)
        a = np.abs(r)
        g = jac.T @ np.clip(r, -delta, delta)
        if np.max(np.abs(g) / (delta * np.abs(jac).sum(0) + 1e-300)) < 1e-13:
            return theta, f, it, True
        inside = a <= delta
        wt = np.where(inside, 1.0, 1e-3 * delta / np.maximum(a, 1e-300))
        h = (jac * wt[:, None]).T @ jac
        sc = np.sqrt(np.diag(h)) + 1e-300
        hs, gs = h / np.outer(sc, sc), g / sc
        while True:
            try:
                step = -np.linalg.solve(hs + lam * eye, gs) / sc
            except np.linalg.LinAlgError:
                step = np.full(5, np.nan)
            f2, r2, w2 = evaluate(theta + step) if np.isfinite(step).all() else (np.inf, r, w)
            if f2 <= f:
                done = (f - f2) <= 1e-15 * f and np.max(np.abs(step)) <= 1e-12 * (
                    1 + np.max(np.abs(theta))
                )
                theta, f, r, w = theta + step, f2, r2, w2
                lam = max(lam / 3.0, 1e-12)
                break
            lam *= 4.0
            if lam > 1e14:  # no descent possible from here: stationary to rounding
                return theta, f, it, True
        if done:
            return theta, f, it, True
    return theta, f, max_iter, False


def _converged(theta, logn, logd, logl, delta, status):
    """Gradient test on the *mean* Huber loss, relative to its natural scale delta·|J|."""
    _, g = _objective_and_grad(theta, logn, logd, logl, delta)
    g = g / logn.size
    _, w = _lse(theta, logn, logd)
    jscale = np.abs(_jacobian(w, logn, logd)).mean(0) + 1e-300
    gnorm = float(np.max(np.abs(g) / (delta * jscale)))
    return (status > 0 and gnorm < 1e-6 and np.isfinite(theta).all()), gnorm


def _fit_core(logn, logd, logl, delta, *, extra_starts=(), top_k=4, grid=None, max_iter=500):
    starts = list(extra_starts)
    if top_k > 0:
        alphas = _DEFAULT_ALPHAS if grid is None else grid
        starts += list(_coarse_grid(logn, logd, logl, delta, alphas, alphas, top_k))
    best = None
    iters = 0
    for th0 in starts:
        theta, f, it, ok = _polish(th0, logn, logd, logl, delta, max_iter)
        iters += it
        if best is None or f < best[1]:
            best = (theta, f, ok)
    theta, f, ok = best
    message = "damped Gauss-Newton: converged" if ok else "damped Gauss-Newton: iteration limit"
    conv, gnorm = _converged(theta, logn, logd, logl, delta, 1 if ok else 0)
    if not conv:  # second opinion from scipy's trust-region solver
        res = least_squares(
            lambda th: _lse(th, logn, logd)[0] - logl,
            theta,
            jac=lambda th: _jacobian(_lse(th, logn, logd)[1], logn, logd),
            loss="huber",
            f_scale=delta,
            x_scale="jac",
            ftol=1e-15,
            xtol=1e-15,
            gtol=1e-15,
            max_nfev=2000,
        )
        iters += res.nfev
        f2, _ = _objective_and_grad(res.x, logn, logd, logl, delta)
        if f2 <= f:
            theta, f, message = res.x, f2, f"scipy least_squares: {res.message}"
            conv, gnorm = _converged(theta, logn, logd, logl, delta, res.status)
    return theta, f, conv, gnorm, message, iters, len(starts)


def _fit_lbfgs(logn, logd, logl, delta, reduction, starts):
    """Hoffmann-style: L-BFGS-B from every start, scipy default tolerances."""
    n = logn.size
    div = n if reduction == "mean" else 1.0

    def fg(th):
        f, g = _objective_and_grad(th, logn, logd, logl, delta)
        return f / div, g / div

    best = None
    nfev = 0
    for th0 in starts:
        res = minimize(fg, th0, jac=True, method="L-BFGS-B")
        nfev += res.nfev
        if best is None or res.fun < best.fun:
            best = res
    theta = best.x
    f, _ = _objective_and_grad(theta, logn, logd, logl, delta)
    ok, gnorm = _converged(theta, logn, logd, logl, delta, 1 if best.success else 0)
    return theta, f, ok, gnorm, str(best.message), nfev, len(starts)


@output_record
@dataclass(frozen=True, eq=False)
class ParametricFit:
    r"""Result of :func:`fit_parametric` (Approach 3 of ``hoffmann2022training``).

    Attributes
    ----------
    law : ChinchillaLaw
        The fitted law (``citation=None``).
    log_params : array
        (a, b, e, alpha, beta) with A = exp(a), B = exp(b), E = exp(e).
    objective : float
        Huber objective at the answer, summed or averaged per ``reduction``.
    reduction : str
        ``"sum"`` or ``"mean"``.
    delta : float
        Huber threshold.
    converged : bool
        True when the solver stopped on a tolerance and the scaled gradient of
        the mean Huber loss is below 1e-6.
    gradient_norm : float
        max_j |∂(mean Huber)/∂θ_j| / (delta · mean|∂r/∂θ_j|).
    message : str
        The solver's message.
    n_starts, nfev : int
        Starts polished and solver iterations (fast) or function evaluations (lbfgs).
    method : str
        ``"fast"`` or ``"lbfgs"``.
    params, tokens, losses : arrays
        The data that were fitted.
    """

    law: ChinchillaLaw
    log_params: np.ndarray = field(repr=False)
    objective: float
    reduction: str
    delta: float
    converged: bool
    gradient_norm: float
    message: str = field(repr=False)
    n_starts: int
    nfev: int
    method: str
    params: np.ndarray = field(repr=False)
    tokens: np.ndarray = field(repr=False)
    losses: np.ndarray = field(repr=False)

    @property
    def n_points(self) -> int:
        """Number of data points fitted."""
        return int(self.params.size)

    @returns_finite
    def predict(self, params, tokens):
        """Predicted loss for ``params`` parameters and ``tokens`` tokens."""
        return self.law.loss(params, tokens)

    def residuals(self) -> np.ndarray:
        """log L̂ − log L at each data point."""
        return np.log(self.law.loss(self.params, self.tokens)) - np.log(self.losses)

    def compute_optimal(self, flops):
        """Closed-form (params, tokens) on the fitted law's compute-optimal frontier."""
        return self.law.compute_optimal(flops)

    def tokens_per_param(self, flops):
        """D_opt / N_opt of the fitted law at ``flops``."""
        return self.law.tokens_per_param(flops)

    def bootstrap(self, n_resamples: int = 1000, *, seed: int = 0) -> BootstrapResult:
        """Refit on ``n_resamples`` resamples of the points (see :func:`bootstrap_parametric`)."""
        return bootstrap_parametric(
            self.params,
            self.tokens,
            self.losses,
            n_resamples=n_resamples,
            seed=seed,
            delta=self.delta,
            reduction=self.reduction,
            _warm_start=self.log_params,
        )

    def summary(self) -> str:
        """The fitted constants and fit diagnostics as a text table."""
        lw = self.law
        rows = [
            ("E", f"{lw.E:.6g}"),
            ("A", f"{lw.A:.6g}"),
            ("B", f"{lw.B:.6g}"),
            ("alpha", f"{lw.alpha:.6g}"),
            ("beta", f"{lw.beta:.6g}"),
            ("a = beta/(alpha+beta)", f"{lw.params_exponent:.4f}"),
            ("b = alpha/(alpha+beta)", f"{lw.tokens_exponent:.4f}"),
            (f"Huber objective ({self.reduction})", f"{self.objective:.6g}"),
            ("delta", f"{self.delta:g}"),
            ("points", f"{self.n_points}"),
            ("converged", f"{self.converged}  (scaled gradient {self.gradient_norm:.1e})"),
            ("method / starts / evaluations", f"{self.method} / {self.n_starts} / {self.nfev}"),
        ]
        return _table("Approach 3: L = E + A/N^alpha + B/D^beta", rows)

    def __str__(self) -> str:
        return self.summary()

    def plot(self, ax=None):
        """Observed against predicted loss (log-log), coloured by compute; returns the Axes."""
        ax = _axes(ax)
        pred = self.law.loss(self.params, self.tokens)
        flops = FLOPS_PER_PARAM_TOKEN * self.params * self.tokens
        sc = ax.scatter(pred, self.losses, c=np.log10(flops), s=14, cmap="viridis")
        lo, hi = min(pred.min(), self.losses.min()), max(pred.max(), self.losses.max())
        ax.plot([lo, hi], [lo, hi], "k--", lw=1, label="y = x")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("predicted loss (nats/token)")
        ax.set_ylabel("observed loss (nats/token)")
        ax.figure.colorbar(sc, ax=ax, label="log10 training FLOPs")
        ax.legend()
        return ax


#: Ceilings on the work one fit may be asked to do (refused up front).
MAX_TOP_K = 400
MAX_STARTS = 10_000


def fit_parametric(
    params,
    tokens,
    losses,
    *,
    delta: float = HUBER_DELTA,
    reduction: str = "sum",
    method: str = "fast",
    starts=None,
    top_k: int = 4,
    on_failure: str = "warn",
) -> ParametricFit:
    r"""Fit :math:`L = E + A/N^\alpha + B/D^\beta` as in Approach 3 of ``hoffmann2022training``.

    Minimises

    .. math:: \sum_i \mathrm{Huber}_\delta\big(\mathrm{LSE}(a - \alpha\log N_i,\,
              b - \beta\log D_i,\, e) - \log L_i\big)

    (or its mean), with A = e^a, B = e^b, E = e^e.

    Parameters
    ----------
    params, tokens, losses : arrays
        Parameters N, training tokens D and final loss L of each run; at
        least 6 runs (more than the 5 parameters).
    delta : float
        Huber threshold; 1e-3 as in Hoffmann et al.
    reduction : {"sum", "mean"}
        Sum or mean of the Huber losses. Same minimiser; the reported
        objective and, for ``method="lbfgs"``, where the optimiser stops,
        depend on it (``besiroglu2024chinchilla``).
    method : {"fast", "lbfgs"}
        ``"fast"``: variable-projection grid, then robust trust-region polish
        (see the module docstring). ``"lbfgs"``: Hoffmann's procedure,
        scipy L-BFGS-B with default tolerances from every start (by default
        the 4,500 starts of :func:`hoffmann_initial_grid`; slow).
    starts : array (k, 5), optional
        Extra starting points (a, b, e, alpha, beta). With ``"lbfgs"`` they
        replace Hoffmann's grid.
    top_k : int
        Grid points polished by the fast method.
    on_failure : {"warn", "raise"}
        What to do when the fit did not converge: issue a
        :class:`FitConvergenceWarning` or raise ``RuntimeError``.

    Returns
    -------
    ParametricFit
    """
    params, tokens, losses = _check_ndl(params, tokens, losses, min_points=6)
    delta = _check_delta(delta)
    reduction = _check_reduction(reduction)
    top_k = as_int("top_k", top_k, maximum=MAX_TOP_K)
    method = as_choice("method", method, ("fast", "lbfgs"))
    on_failure = as_choice("on_failure", on_failure, ("warn", "raise"))
    extra = []
    if starts is not None:
        if np.ndim(starts) == 0:
            raise ValueError(f"starts must be an array of shape (k, 5), got {starts!r:.60}")
        extra = np.atleast_2d(as_finite("starts", starts))
        if extra.ndim != 2 or extra.shape[1] != 5:
            raise ValueError(f"starts must have shape (k, 5), got {np.shape(starts)}")
        if extra.shape[0] > MAX_STARTS:
            raise ValueError(f"starts must hold at most {MAX_STARTS:,} rows, got "
                             f"{extra.shape[0]:,}")
    logn, logd, logl = np.log(params), np.log(tokens), np.log(losses)
    if method == "fast":
        theta, f, ok, gnorm, msg, nfev, nst = _fit_core(
            logn, logd, logl, delta, extra_starts=extra, top_k=top_k
        )
    else:
        grid = hoffmann_initial_grid() if starts is None else extra
        theta, f, ok, gnorm, msg, nfev, nst = _fit_lbfgs(logn, logd, logl, delta, reduction, grid)
    why = _unidentifiable(params, tokens)
    if why:
        ok, msg = False, f"{msg}; the data cannot determine the law: {why}"
    fit = _make_fit(
        theta, f, ok, gnorm, msg, nfev, nst, method, reduction, delta, params, tokens, losses
    )
    if not fit.converged:
        text = (
            f"fit_parametric did not converge (scaled gradient {gnorm:.2e}, solver: "
            f"{fit.message}); the parameters may be far from the optimum"
        )
        if on_failure == "raise":
            raise RuntimeError(text)
        warnings.warn(text, FitConvergenceWarning, stacklevel=2)
    return fit


def _unidentifiable(params, tokens) -> str:
    """Why (params, tokens) cannot pin down E, A, B, alpha, beta; "" if they can.

    E + A/N^alpha + B/D^beta has five constants. With fewer than three distinct model sizes
    the size term is confounded with E (two sizes give two numbers for three unknowns E, A,
    alpha); the same holds for the token counts; and repeated points add no information.
    """
    n_sizes = np.unique(params).size
    n_tokens = np.unique(tokens).size
    n_points = np.unique(np.column_stack((params, tokens)), axis=0).shape[0]
    if n_sizes < 3:
        return (f"params has {n_sizes} distinct value{'s' if n_sizes > 1 else ''}; A and alpha "
                f"need at least 3 model sizes")
    if n_tokens < 3:
        return (f"tokens has {n_tokens} distinct value{'s' if n_tokens > 1 else ''}; B and beta "
                f"need at least 3 token counts")
    if n_points < 6:
        return f"only {n_points} distinct (params, tokens) points for 5 constants"
    return ""


def _make_fit(theta, f, ok, gnorm, msg, nfev, nst, method, reduction, delta, n, d, ell):
    a, b, e, alpha, beta = (float(t) for t in theta)
    # A, B or E can collapse to zero (log → -inf) on data that do not pin them down; the
    # fit is then reported as failed instead of raising when the law is built.
    log_floor = math.log(np.finfo(float).tiny)
    collapsed = [name for name, v in (("A", a), ("B", b), ("E", e)) if not v > log_floor]
    a, b, e = (v if v > log_floor else log_floor for v in (a, b, e))
    valid = np.isfinite([alpha, beta]).all() and alpha > 0 and beta > 0 and not collapsed
    if valid:
        law = ChinchillaLaw.from_log_params(a, b, e, alpha, beta, label="fitted")
    else:  # keep a law object; mark the fit as failed
        law = ChinchillaLaw.from_log_params(
            a, b, e, max(alpha, 1e-12) if alpha == alpha else 1e-12,
            max(beta, 1e-12) if beta == beta else 1e-12, label="fitted (invalid)"
        )
        ok = False
        if collapsed:
            msg = f"{msg}; fitted {', '.join(collapsed)} collapsed to zero"
        else:
            msg = f"{msg}; fitted exponents not positive (alpha={alpha:.3g}, beta={beta:.3g})"
    obj = f / n.size if reduction == "mean" else f
    return ParametricFit(
        law,
        np.asarray(theta, dtype=float),
        float(obj),
        reduction,
        delta,
        bool(ok),
        gnorm,
        str(msg),
        int(nst),
        int(nfev),
        method,
        n,
        d,
        ell,
    )


# --------------------------------------------------------------------------------------
# Bootstrap
# --------------------------------------------------------------------------------------


@output_record
@dataclass(frozen=True, eq=False)
class BootstrapResult:
    """Parameters refitted on resampled data (points drawn with replacement).

    Attributes
    ----------
    samples : array (n_resamples, 5)
        Columns E, A, B, alpha, beta.
    converged : array of bool
        Whether each refit converged.
    estimate : ChinchillaLaw
        The fit on the full data.
    seed : int
    n_failed : int
        Resamples whose refit failed outright (an error, or parameters out of floating-point
        range, as on degenerate data): skipped, not in ``samples``, and counted here.
    """

    samples: np.ndarray = field(repr=False)
    converged: np.ndarray = field(repr=False)
    estimate: ChinchillaLaw
    seed: int
    n_failed: int = 0

    @property
    def n_resamples(self) -> int:
        """Number of resamples."""
        return int(self.samples.shape[0])

    def values(self, name: str) -> np.ndarray:
        """Bootstrap draws of ``name``: E, A, B, alpha, beta, a (N_opt exponent) or b."""
        as_choice("name", name, _PARAM_NAMES + ("a", "b"))
        if name in _PARAM_NAMES:
            return self.samples[:, _PARAM_NAMES.index(name)]
        alpha, beta = self.samples[:, 3], self.samples[:, 4]
        if name == "a":
            return beta / (alpha + beta)
        if name == "b":
            return alpha / (alpha + beta)
        raise ValueError(f"name must be one of E, A, B, alpha, beta, a, b; got {name!r}")

    def interval(self, name: str, level: float = 0.95) -> tuple[float, float]:
        """Percentile interval of ``name`` at confidence ``level`` (e.g. 0.8 for 10th–90th)."""
        level = as_fraction("level", level, allow_array=False)
        lo, hi = np.percentile(self.values(name), [50 * (1 - level), 50 * (1 + level)])
        return float(lo), float(hi)

    @returns_finite
    def tokens_per_param(self, flops) -> np.ndarray:
        """Bootstrap draws of D_opt/N_opt at ``flops`` FLOPs."""
        flops = as_positive("flops", flops, allow_array=False)
        e, a, b, alpha, beta = self.samples.T
        g = (alpha * a / (beta * b)) ** (1.0 / (alpha + beta))
        x = flops / FLOPS_PER_PARAM_TOKEN
        n_opt = g * x ** (beta / (alpha + beta))
        return (x / n_opt) / n_opt

    def tokens_per_param_interval(self, flops, level: float = 0.95) -> tuple[float, float]:
        """Percentile interval of tokens per parameter at ``flops``."""
        level = as_fraction("level", level, allow_array=False)
        lo, hi = np.percentile(self.tokens_per_param(flops), [50 * (1 - level), 50 * (1 + level)])
        return float(lo), float(hi)

    def summary(self, level: float = 0.95) -> str:
        """Estimates with percentile intervals as a text table."""
        est = self.estimate
        point = {
            "E": est.E,
            "A": est.A,
            "B": est.B,
            "alpha": est.alpha,
            "beta": est.beta,
            "a": est.params_exponent,
            "b": est.tokens_exponent,
        }
        rows = []
        for name, value in point.items():
            lo, hi = self.interval(name, level)
            rows.append((name, f"{value:.5g}   [{lo:.5g}, {hi:.5g}]"))
        rows.append(("resamples (converged)", f"{self.n_resamples} ({int(self.converged.sum())})"))
        if self.n_failed:
            rows.append(("resamples that failed", f"{self.n_failed} (skipped)"))
        return _table(f"bootstrap, {100 * level:g}% percentile intervals", rows)


#: Most resamples one bootstrap may be asked for (refused up front).
MAX_RESAMPLES = 100_000


def bootstrap_parametric(
    params,
    tokens,
    losses,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    delta: float = HUBER_DELTA,
    reduction: str = "sum",
    _warm_start=None,
) -> BootstrapResult:
    """Bootstrap the Approach-3 fit: refit on ``n_resamples`` resamples of the points.

    Each refit starts from the full-data optimum; a refit that does not
    converge from there is redone with the variable-projection grid starts.
    Deterministic for a given ``seed``.
    """
    params, tokens, losses = _check_ndl(params, tokens, losses, min_points=6)
    n_resamples = as_int("n_resamples", n_resamples, maximum=MAX_RESAMPLES)
    seed = as_int("seed", seed, minimum=0)
    delta = _check_delta(delta)
    _check_reduction(reduction)
    logn, logd, logl = np.log(params), np.log(tokens), np.log(losses)
    if _warm_start is None:
        full = fit_parametric(params, tokens, losses, delta=delta, reduction=reduction)
        theta0 = full.log_params
        estimate = full.law
    else:
        theta0 = np.asarray(_warm_start, dtype=float)
        estimate = ChinchillaLaw.from_log_params(*theta0, label="fitted")
    rng = np.random.default_rng(seed)
    n = params.size
    rows, conv = [], []
    failed = 0
    for _ in range(n_resamples):
        idx = rng.integers(0, n, n)
        sub = logn[idx], logd[idx], logl[idx]
        try:
            with np.errstate(all="ignore"):
                theta, _, ok, _, _, _, _ = _fit_core(*sub, delta, extra_starts=[theta0], top_k=0)
                if not ok:  # fall back to the variable-projection grid
                    theta, _, ok, _, _, _, _ = _fit_core(*sub, delta, extra_starts=[theta0],
                                                         top_k=2)
                row = (np.exp(theta[2]), np.exp(theta[0]), np.exp(theta[1]), theta[3], theta[4])
        except (ValueError, OverflowError, FloatingPointError, np.linalg.LinAlgError):
            failed += 1
            continue
        if not np.all(np.isfinite(row)):
            failed += 1
            continue
        rows.append(row)
        conv.append(bool(ok))
    conv = np.array(conv, dtype=bool)
    if not rows:
        raise ValueError(f"params, tokens, losses: none of the {n_resamples} bootstrap refits "
                         f"could be computed (degenerate data?)")
    if failed or not conv.all():
        warnings.warn(
            f"{int((~conv).sum())} of {n_resamples} bootstrap refits did not converge"
            + (f" and {failed} failed (skipped)" if failed else ""),
            FitConvergenceWarning,
            stacklevel=2,
        )
    return BootstrapResult(np.array(rows, dtype=float), conv, estimate, seed, failed)


# --------------------------------------------------------------------------------------
# presentation helpers
# --------------------------------------------------------------------------------------


def _table(title: str, rows) -> str:
    width = max(len(k) for k, _ in rows)
    lines = [title, "-" * max(len(title), width + 3 + max(len(v) for _, v in rows))]
    lines += [f"{k:<{width}}   {v}" for k, v in rows]
    return "\n".join(lines)


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 4))
        return ax
    from matplotlib.axes import Axes

    from ._validate import check_type

    return check_type("ax", ax, Axes, "None or a matplotlib Axes")


def synthetic_isoflop_data(law: ChinchillaLaw, *, per_budget: int = 27, budgets=None,
                           noise: float = 0.0, outliers: float = 0.0, jitter: float = 0.05,
                           seed: int = 0):
    """Simulated IsoFLOP runs drawn from a known ``law``, for testing and benchmarking fits.

    At each budget C (default: 9 budgets log-spaced from 6e18 to 3e21 FLOPs) the model sizes
    run from 1/8 to 8 times the law's compute-optimal N, each multiplied by
    exp(N(0, ``jitter``)); D = C / (6·N). Losses are ``law.loss(N, D)`` times
    exp(N(0, ``noise``)); a fraction ``outliers`` of them is multiplied by exp(U(0.1, 0.5)).
    This is a simulation, not data: its only use is to check that a fit recovers the truth.

    Returns
    -------
    params, tokens, losses : arrays
    """
    check_law(law)
    per_budget = as_int("per_budget", per_budget, minimum=1, maximum=100_000)
    noise = float(as_nonnegative("noise", noise, allow_array=False))
    outliers = float(as_fraction("outliers", outliers, allow_zero=True, allow_array=False))
    jitter = float(as_nonnegative("jitter", jitter, allow_array=False))
    for name, v in (("noise", noise), ("jitter", jitter)):
        if v > 5:
            raise ValueError(f"{name} must be at most 5 (a log-normal spread), got {v!r}")
    seed = as_int("seed", seed, minimum=0)
    budgets = (np.geomspace(6e18, 3e21, 9) if budgets is None
               else as_array("budgets", budgets, positive=True))
    rng = np.random.default_rng(seed)
    params, tokens = [], []
    for c in budgets:
        n_opt, _ = compute_optimal(law, c)
        ns = n_opt * np.geomspace(1 / 8, 8, per_budget) * np.exp(rng.normal(0, jitter, per_budget))
        params.append(ns)
        tokens.append(c / (FLOPS_PER_PARAM_TOKEN * ns))
    params, tokens = np.concatenate(params), np.concatenate(tokens)
    losses = law.loss(params, tokens) * np.exp(rng.normal(0.0, noise, params.size))
    if outliers:
        bad = rng.random(params.size) < outliers
        losses[bad] *= np.exp(rng.uniform(0.1, 0.5, bad.sum()))
    return params, tokens, losses
