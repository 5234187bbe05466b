"""Training for deployment: lifetime compute, inference-optimal models and cost of ownership.

Introduced in chapter 5, "Training for deployment" (``book/05_inference_optimal.ipynb``).

A model that will be served is paid for twice: once to train it, 6·N·D_train
FLOPs, and again for every token it processes in service, 2·N FLOPs each
(``scaling_lib.compute``). Sardana et al. (2024, ``sardana2024beyond``) ask
which model reaches a *target loss* at the least *lifetime* compute

.. math::
    \\min_{N,\\,D}\\ 6ND + 2N D_{inf} \\quad\\text{subject to}\\quad L(N, D) = \\ell ,

for a Chinchilla-form law L(N, D) = E + A/N^α + B/D^β (``hoffmann2022training``).
With no inference (D_inf = 0) the answer is the Chinchilla-optimal model for
that loss; the more tokens the model will serve, the smaller and longer-trained
the optimum becomes.

How the optimum is found
------------------------
Write R = ℓ − E (the reducible loss the model may keep) and let
s = (A/N^α)/R ∈ (0, 1) be the share of R spent on the parameter term; the rest,
(1 − s)·R = B/D^β, is spent on the data term. On the iso-loss curve

    N(s) = (A / (R·s))^(1/α),  D(s) = (B / (R·(1 − s)))^(1/β),

and the derivative of the lifetime compute along it vanishes where

    3·D(s)·(α·s/(β·(1 − s)) − 1) = D_inf .                         (★)

The left side is 0 at s* = β/(α + β) (the compute-optimal split, where
α·A/N^α = β·B/D^β) and grows monotonically to +∞ as s → 1 (N shrinks towards
its floor (A/R)^(1/α), D grows without bound). So (★) has exactly one root in
[s*, 1) for every D_inf ≥ 0; it is found here by bisection on log(1 − s),
vectorised over any array of demands and losses, to full float precision.
Sardana et al. used Newton's method on the same stationarity condition.

Prices and utilisations
-----------------------
Dollar figures need a price per GPU-hour and a model-FLOPs utilisation (MFU)
for training and for serving. The defaults below (``ILLUSTRATIVE_*``) are the
round settings of chapter 0: **illustrative settings, not published figures**.
Serving MFU is set lower than training MFU because generation at small batch
sizes is limited by memory bandwidth; the real value depends on batch size,
sequence lengths and the serving stack.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scaling_lib import compute
from scaling_lib._contract import output_record
from scaling_lib._validate import (
    as_array,
    as_fraction,
    as_nonnegative,
    as_positive,
    check_type,
    out_of_range,
    returns_finite,
    same_length,
)
from scaling_lib.laws import ChinchillaLaw, check_law

__all__ = [
    "ILLUSTRATIVE_TRAINING_MFU",
    "ILLUSTRATIVE_INFERENCE_MFU",
    "ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR",
    "SARDANA_MAX_TOKENS_PER_PARAM",
    "SARDANA_FIGURE1",
    "SARDANA_N_MODELS",
    "min_params_for_loss",
    "tokens_for_loss",
    "params_for_loss",
    "InferenceOptimum",
    "inference_optimal",
    "chinchilla_optimal_for_loss",
    "chinchilla_loss_for_params",
    "inference_flop_price_ratio",
    "training_multiple_for_size",
    "implied_inference_tokens",
    "break_even_inference_tokens",
    "interpolate_tokens_for_loss",
    "CostOfOwnership",
    "cost_of_ownership",
    "break_even_day",
]

#: Training model-FLOPs utilisation used as a default: an illustrative setting, not a
#: published figure (chapter 0 uses the same value).
ILLUSTRATIVE_TRAINING_MFU = 0.4
#: Serving MFU used as a default: an illustrative setting, not a published figure.
ILLUSTRATIVE_INFERENCE_MFU = 0.1
#: Rental price of one H100-hour used as a default: an illustrative setting, not a published
#: figure; prices differ between providers and change every month.
ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR = 2.0

#: Sardana et al.'s opening example (their Figure 1): a developer who would train a 13B
#: Chinchilla-optimal model and expects 2 trillion tokens of inference demand saves
#: 1.7e22 FLOPs (17%) by training a 7B model on more data instead (``sardana2024beyond``).
#: The figures are the caption's rounded ones (checked against a secondary quotation, not
#: the PDF). The constants their code uses (``laws.SARDANA_2024``, from
#: nikhilsardana/beyond-chinchilla ``utils.py``) reproduce them: 6.97B parameters, 1.69e22
#: FLOPs, 17.4%, with a 13B baseline on 576B tokens (``tests/test_inference.py``).
SARDANA_FIGURE1 = {"chinchilla_params": 13e9, "inference_tokens": 2e12, "optimal_params": 7e9,
                   "saving_flops": 1.7e22, "saving_fraction": 0.17,
                   "citation": "sardana2024beyond"}

#: Sardana et al. 2024 trained 47 models "to extreme ranges (up to 10,000)" tokens per
#: parameter (``sardana2024beyond``, abstract).
SARDANA_MAX_TOKENS_PER_PARAM = 10_000
#: Number of models Sardana et al. 2024 trained to test the law at extreme ratios (abstract).
SARDANA_N_MODELS = 47

_INF = compute.FORWARD_FLOPS_PER_PARAM_PER_TOKEN  # 2 FLOPs per parameter per served token
_TRAIN = compute.TRAINING_FLOPS_PER_PARAM_PER_TOKEN  # 6 FLOPs per parameter per training token


# ------------------------------------------------------------------ the iso-loss curve
def _check_law(law) -> ChinchillaLaw:
    return check_law(law)


def _reducible(law: ChinchillaLaw, target_loss):
    """R = target − E, checked to be positive (a loss at or below E is unreachable)."""
    target = as_positive("target_loss", target_loss)
    if np.any(np.asarray(target) <= law.E):
        bad = float(np.min(target))
        raise ValueError(f"target_loss must exceed the law's irreducible loss E = {law.E:.4g} "
                         f"nats, got {bad!r}")
    return target - law.E


@returns_finite
def min_params_for_loss(law: ChinchillaLaw, target_loss):
    """Smallest model that can reach ``target_loss`` even with infinite data: (A/(ℓ − E))^(1/α).

    Parameters
    ----------
    law : ChinchillaLaw
    target_loss : float or array
        ℓ, nats per token; must exceed ``law.E``.

    Returns
    -------
    float or ndarray
        Parameters. Any model at or below this size never reaches ℓ.
    """
    law = _check_law(law)
    r = _reducible(law, target_loss)
    return (law.A / r) ** (1.0 / law.alpha)


@returns_finite
def tokens_for_loss(law: ChinchillaLaw, params, target_loss):
    """Training tokens a model of ``params`` parameters needs to reach ``target_loss``.

    Solves E + A/N^α + B/D^β = ℓ for D:  D = (B / (ℓ − E − A/N^α))^(1/β)
    (``hoffmann2022training`` law, ``sardana2024beyond`` use).

    Parameters
    ----------
    law : ChinchillaLaw
    params : float or array
        N, parameters; must exceed :func:`min_params_for_loss`.
    target_loss : float or array
        ℓ, nats per token.

    Returns
    -------
    float or ndarray
        Tokens.

    Raises
    ------
    ValueError
        If a model is too small to reach the loss with any amount of data.
    """
    law = _check_law(law)
    n = as_positive("params", params)
    r = _reducible(law, target_loss)
    left = r - law.A / n**law.alpha
    if np.any(np.asarray(left) <= 0):
        n_min = np.asarray(min_params_for_loss(law, target_loss))
        raise ValueError(f"params must exceed {float(np.max(n_min)):.4g}, the smallest model "
                         f"that reaches target_loss with unlimited data; got "
                         f"{float(np.min(n)):.4g}")
    return (law.B / left) ** (1.0 / law.beta)


@returns_finite
def params_for_loss(law: ChinchillaLaw, tokens, target_loss):
    """Parameters a model trained on ``tokens`` tokens needs to reach ``target_loss``.

    N = (A / (ℓ − E − B/D^β))^(1/α), the mirror image of :func:`tokens_for_loss`.
    """
    law = _check_law(law)
    d = as_positive("tokens", tokens)
    r = _reducible(law, target_loss)
    left = r - law.B / d**law.beta
    if np.any(np.asarray(left) <= 0):
        raise ValueError(f"tokens = {float(np.min(d)):.4g} is too few to reach target_loss "
                         f"with any model size")
    return (law.A / left) ** (1.0 / law.alpha)


# ------------------------------------------------------------------ the optimiser
@output_record
@dataclass(frozen=True)
class InferenceOptimum:
    """The model reaching ``target_loss`` at least lifetime compute (:func:`inference_optimal`).

    Fields are floats, or arrays when the inputs were arrays. FLOPs are counts.

    Attributes
    ----------
    law : ChinchillaLaw
    target_loss : float or ndarray
        ℓ, nats per token.
    inference_tokens : float or ndarray
        D_inf, tokens the model processes in service over its lifetime.
    params, tokens : float or ndarray
        N and D_train of the optimum.
    tokens_per_param : float or ndarray
        D_train / N.
    training_flops, inference_flops, lifetime_flops : float or ndarray
        6·N·D_train, 2·N·D_inf and their sum.
    chinchilla_params, chinchilla_tokens : float or ndarray
        The Chinchilla-optimal model for the same loss (the optimum at D_inf = 0).
    chinchilla_lifetime_flops : float or ndarray
        Lifetime compute of that model serving the same D_inf tokens.
    """

    law: ChinchillaLaw
    target_loss: float
    inference_tokens: float
    params: float
    tokens: float
    tokens_per_param: float
    training_flops: float
    inference_flops: float
    lifetime_flops: float
    chinchilla_params: float
    chinchilla_tokens: float
    chinchilla_lifetime_flops: float

    @property
    def saving_flops(self):
        """Lifetime FLOPs saved against the Chinchilla-optimal model of the same loss (≥ 0)."""
        return self.chinchilla_lifetime_flops - self.lifetime_flops

    @property
    def saving_fraction(self):
        """``saving_flops`` as a fraction of the Chinchilla-optimal model's lifetime FLOPs."""
        return self.saving_flops / self.chinchilla_lifetime_flops

    @property
    def params_fraction(self):
        """N / N_Chinchilla: how much smaller than Chinchilla-optimal the optimum is (≤ 1)."""
        return self.params / self.chinchilla_params

    @property
    def extra_training_fraction(self):
        """Extra training compute over the Chinchilla-optimal model: 6ND / 6N_cD_c − 1 (≥ 0)."""
        return self.params * self.tokens / (self.chinchilla_params * self.chinchilla_tokens) - 1


def _split(law: ChinchillaLaw, r, share):
    """N, D on the iso-loss curve for a share ``share`` of R on the parameter term."""
    n = (law.A / (r * share)) ** (1.0 / law.alpha)
    d = (law.B / (r * (1.0 - share))) ** (1.0 / law.beta)
    return n, d


def _optimal_share(law: ChinchillaLaw, r, inference_tokens, iterations: int = 200):
    """Root s of (★) in [s*, 1), vectorised; s* where inference_tokens == 0."""
    a, b = law.alpha, law.beta
    s_star = b / (a + b)
    r, t = np.broadcast_arrays(np.asarray(r, dtype=float), np.asarray(inference_tokens,
                                                                       dtype=float))
    share = np.full(r.shape, s_star)
    pos = t > 0
    if not np.any(pos):
        return share
    rp, tp = r[pos], t[pos]
    # y = log(1 − s); (★) in logs: phi(y) = log D + log(α s/(β(1 − s)) − 1) − log(D_inf/3)
    log_b_r = np.log(law.B / rp)

    def phi(y):
        one_minus = np.exp(y)
        s = 1.0 - one_minus
        log_d = (log_b_r - y) / b
        excess = (a * s - b * one_minus) / (b * one_minus)  # α s / (β (1 − s)) − 1 ≥ 0
        with np.errstate(divide="ignore"):
            return log_d + np.log(excess) - np.log(tp / 3.0)

    hi = np.full(rp.shape, math.log1p(-s_star))  # phi(hi) = −inf: the Chinchilla point
    # For s → 1, phi ≈ (log(B/R) − y)/β + log(α/β) − y − log(D_inf/3): a line in y with
    # slope −(1 + 1/β). Start from its root minus a margin and step down until phi > 0.
    lo = (log_b_r / b + math.log(a / b) - np.log(tp / 3.0)) / (1.0 + 1.0 / b) - 2.0
    lo = np.minimum(lo, hi - 1e-12)
    for _ in range(200):
        bad = ~(phi(lo) > 0)
        if not np.any(bad):
            break
        lo = np.where(bad, 2.0 * lo - 1.0, lo)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        up = phi(mid) > 0
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
        if np.all(hi - lo <= 1e-15 * np.maximum(1.0, np.abs(lo))):
            break
    share[pos] = 1.0 - np.exp(0.5 * (lo + hi))
    return share


@returns_finite
def inference_optimal(law: ChinchillaLaw, target_loss, inference_tokens) -> InferenceOptimum:
    """N and D_train reaching ``target_loss`` at minimum lifetime compute (``sardana2024beyond``).

    Minimises 6·N·D_train + 2·N·D_inf subject to L(N, D_train) = ℓ for a
    Chinchilla-form law (``hoffmann2022training``). See the module docstring
    for the method: a one-dimensional monotone root-finding problem, solved
    by bisection to float precision, vectorised over arrays.

    Parameters
    ----------
    law : ChinchillaLaw
        E.g. ``laws.HOFFMANN_2022`` or ``laws.BESIROGLU_2024``, or a fitted law.
    target_loss : float or array
        ℓ, nats per token; must exceed ``law.E``.
    inference_tokens : float or array
        D_inf ≥ 0, tokens processed in service over the model's lifetime.
        Arrays broadcast against ``target_loss``.

    Returns
    -------
    InferenceOptimum

    Examples
    --------
    >>> from scaling_lib import laws
    >>> target = laws.HOFFMANN_2022.loss(13e9, 260e9)             # doctest: +SKIP
    >>> opt = inference_optimal(laws.HOFFMANN_2022, target, 2e12)  # doctest: +SKIP
    """
    law = _check_law(law)
    r = _reducible(law, target_loss)
    t = as_nonnegative("inference_tokens", inference_tokens)
    share = _optimal_share(law, r, t)
    n, d = _split(law, r, share)
    s_star = law.beta / (law.alpha + law.beta)
    n_c, d_c = _split(law, np.broadcast_to(r, np.shape(share)), s_star)
    target = np.broadcast_to(np.asarray(r) + law.E, np.shape(share))
    t_b = np.broadcast_to(t, np.shape(share))
    train = _TRAIN * n * d
    infer = _INF * n * t_b
    chin = _TRAIN * n_c * d_c + _INF * n_c * t_b

    def out(x):
        x = np.asarray(x, dtype=float)
        return float(x) if x.ndim == 0 else x.copy()

    return InferenceOptimum(
        law=law, target_loss=out(target), inference_tokens=out(t_b), params=out(n),
        tokens=out(d), tokens_per_param=out(d / n), training_flops=out(train),
        inference_flops=out(infer), lifetime_flops=out(train + infer),
        chinchilla_params=out(n_c), chinchilla_tokens=out(d_c),
        chinchilla_lifetime_flops=out(chin),
    )


@returns_finite
def chinchilla_optimal_for_loss(law: ChinchillaLaw, target_loss):
    """The compute-optimal (params, tokens) that reach ``target_loss``: no inference counted.

    Closed form from the split s* = β/(α + β) of the reducible loss:
    N = (A(α + β)/(β R))^(1/α), D = (B(α + β)/(α R))^(1/β), R = ℓ − E.
    This is the point of ``law.compute_optimal(C)`` whose loss is ℓ.
    """
    law = _check_law(law)
    r = _reducible(law, target_loss)
    return _split(law, r, law.beta / (law.alpha + law.beta))


@returns_finite
def chinchilla_loss_for_params(law: ChinchillaLaw, params):
    """Loss of the compute-optimal model of ``params`` parameters: E + (A/N^α)·(α + β)/β.

    At the compute optimum the parameter term is the share β/(α + β) of the
    reducible loss, so a target can be named by a model size: "as good as a
    Chinchilla-optimal 13B model" (as ``sardana2024beyond`` do).
    """
    law = _check_law(law)
    n = as_positive("params", params)
    return law.E + law.A / n**law.alpha * (law.alpha + law.beta) / law.beta


@returns_finite
def inference_flop_price_ratio(training_mfu=ILLUSTRATIVE_TRAINING_MFU,
                               inference_mfu=ILLUSTRATIVE_INFERENCE_MFU,
                               training_dollars_per_gpu_hour=ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR,
                               inference_dollars_per_gpu_hour=ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR):
    """Dollars per inference FLOP divided by dollars per training FLOP (same accelerator).

    A FLOP costs price / (peak · MFU · 3600) dollars, so the ratio is
    (price_inf / MFU_inf) / (price_train / MFU_train). Minimising *dollars*
    6N·D·c_train + 2N·D_inf·c_inf is the FLOP problem of
    :func:`inference_optimal` with D_inf scaled by this ratio: the
    cost-optimal model is ``inference_optimal(law, loss, ratio * D_inf)``.
    """
    u_t = as_positive("training_mfu", training_mfu, allow_array=False)
    u_i = as_positive("inference_mfu", inference_mfu, allow_array=False)
    if u_t > 1 or u_i > 1:
        raise ValueError(f"MFU must be at most 1, got training_mfu={u_t!r}, "
                         f"inference_mfu={u_i!r}")
    p_t = as_positive("training_dollars_per_gpu_hour", training_dollars_per_gpu_hour,
                      allow_array=False)
    p_i = as_positive("inference_dollars_per_gpu_hour", inference_dollars_per_gpu_hour,
                      allow_array=False)
    return (p_i / u_i) / (p_t / u_t)


@returns_finite
def training_multiple_for_size(law: ChinchillaLaw, params, target_loss):
    """Training compute of a model of fixed size reaching ``target_loss``, over the compute-optimal.

    6·N·D(N) / (6·N_c·D_c), with D(N) from :func:`tokens_for_loss` and (N_c, D_c)
    from :func:`chinchilla_optimal_for_loss`: the price of a size cap (an edge
    device's memory), ≥ 1 for every size.
    """
    law = _check_law(law)
    n = as_positive("params", params)
    d = tokens_for_loss(law, n, target_loss)
    n_c, d_c = chinchilla_optimal_for_loss(law, target_loss)
    return n * d / (n_c * d_c)


@returns_finite
def implied_inference_tokens(law: ChinchillaLaw, params, tokens):
    """The lifetime inference demand for which (params, tokens) is the inference-optimal model.

    From the stationarity condition (★): D_inf = 3·D·(α·A/N^α / (β·B/D^β) − 1).
    Zero for a Chinchilla-optimal model; negative when the model is *larger*
    than compute-optimal for its loss (no inference demand makes it optimal).

    Parameters
    ----------
    law : ChinchillaLaw
    params, tokens : float or array
        N and D_train of a model.

    Returns
    -------
    float or ndarray
        Tokens served over the model's lifetime.
    """
    law = _check_law(law)
    n = as_positive("params", params)
    d = as_positive("tokens", tokens)
    ratio = (law.alpha * law.A / n**law.alpha) / (law.beta * law.B / d**law.beta)
    return 3.0 * d * (ratio - 1.0)


@returns_finite
def break_even_inference_tokens(params_large, tokens_large, params_small, tokens_small):
    """Served tokens after which a smaller model trained longer has used less lifetime compute.

    The two models are assumed to be equally good (same loss). Lifetime compute
    6·N·D + 2·N·T is equal for both when

    .. math:: T^* = \\frac{3\\,(N_s D_s - N_l D_l)}{N_l - N_s} .

    Beyond T* the smaller model is cheaper (``sardana2024beyond``). If the
    smaller model also cost less to train, T* is 0 (it is cheaper from the start).

    Parameters
    ----------
    params_large, tokens_large : float or array
        N_l and D_l of the larger model.
    params_small, tokens_small : float or array
        N_s < N_l and D_s of the smaller model.

    Returns
    -------
    float or ndarray
        T*, inference tokens (≥ 0).
    """
    n_l = as_positive("params_large", params_large)
    d_l = as_positive("tokens_large", tokens_large)
    n_s = as_positive("params_small", params_small)
    d_s = as_positive("tokens_small", tokens_small)
    if np.any(np.asarray(n_s) >= np.asarray(n_l)):
        raise ValueError(f"params_small must be smaller than params_large, got "
                         f"params_small={params_small!r} and params_large={params_large!r}")
    t = 3.0 * (n_s * d_s - n_l * d_l) / (n_l - n_s)
    return np.maximum(t, 0.0) if np.ndim(t) else max(float(t), 0.0)


@returns_finite
def interpolate_tokens_for_loss(tokens, losses, target_loss):
    """Training tokens at which one model's *measured* loss reaches ``target_loss``.

    For runs of one model size at several token counts, the loss is
    interpolated linearly in log D between the two runs that bracket the
    target (the measured counterpart of :func:`tokens_for_loss`). Used in
    chapter 5's lab experiment to match the loss of a larger model.

    Parameters
    ----------
    tokens, losses : arrays
        Token counts (any order) and final losses of the runs; at least 2.
    target_loss : float

    Raises
    ------
    ValueError
        If the target lies outside the measured losses (no extrapolation).
    """
    d = as_array("tokens", tokens, positive=True, min_length=2)
    loss = as_array("losses", losses, positive=True, min_length=2)
    same_length(tokens=d, losses=loss)
    target = float(as_positive("target_loss", target_loss, allow_array=False))
    order = np.argsort(d)
    d, loss = d[order], loss[order]
    for i in range(d.size - 1):
        lo, hi = sorted((loss[i], loss[i + 1]))
        if lo <= target <= hi and loss[i] != loss[i + 1]:
            frac = (loss[i] - target) / (loss[i] - loss[i + 1])
            return float(np.exp(np.log(d[i]) + frac * (np.log(d[i + 1]) - np.log(d[i]))))
    raise ValueError(f"target_loss {target!r} is outside the measured losses "
                     f"{loss.min():.4g} … {loss.max():.4g}: train at more token counts")


# ------------------------------------------------------------------ dollars
@output_record
@dataclass(frozen=True)
class CostOfOwnership:
    """Dollars to train a model and serve it for its lifetime; see :func:`cost_of_ownership`.

    Attributes
    ----------
    params, training_tokens : float
    inference_tokens : float
        Tokens processed over the lifetime: requests/day × tokens/request × days.
    training_flops, inference_flops : float
    training_gpu_hours, inference_gpu_hours : float
    training_dollars : float
    inference_dollars_per_day : float
    inference_dollars : float
    lifetime_days : float
    """

    params: float
    training_tokens: float
    inference_tokens: float
    training_flops: float
    inference_flops: float
    training_gpu_hours: float
    inference_gpu_hours: float
    training_dollars: float
    inference_dollars_per_day: float
    inference_dollars: float
    lifetime_days: float

    @property
    def total_dollars(self) -> float:
        """Training plus lifetime serving, dollars."""
        return self.training_dollars + self.inference_dollars

    @property
    def inference_share(self) -> float:
        """Fraction of the total spent on serving."""
        return self.inference_dollars / self.total_dollars

    @returns_finite
    def dollars_after(self, days):
        """Cumulative dollars after ``days`` in service (training paid on day 0)."""
        days = as_nonnegative("days", days)
        return self.training_dollars + self.inference_dollars_per_day * days


def _peak(accelerator):
    if isinstance(accelerator, str):
        if accelerator not in compute.ACCELERATORS:
            raise ValueError(f"accelerator must be one of {sorted(compute.ACCELERATORS)}, "
                             f"got {accelerator!r}")
        return compute.ACCELERATORS[accelerator]
    return check_type("accelerator", accelerator, compute.Accelerator,
                      f"an Accelerator or one of {sorted(compute.ACCELERATORS)}")


@returns_finite
def cost_of_ownership(
    params,
    training_tokens,
    *,
    requests_per_day,
    tokens_per_request,
    lifetime_days,
    accelerator="H100",
    training_mfu=ILLUSTRATIVE_TRAINING_MFU,
    inference_mfu=ILLUSTRATIVE_INFERENCE_MFU,
    training_dollars_per_gpu_hour=ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR,
    inference_dollars_per_gpu_hour=ILLUSTRATIVE_DOLLARS_PER_GPU_HOUR,
) -> CostOfOwnership:
    """Total cost of ownership: train once, then serve for ``lifetime_days``.

    training $ = 6·N·D / (peak · MFU_train · 3600) · price_train,
    serving $/day = 2·N·(requests/day · tokens/request) / (peak · MFU_inf · 3600) · price_inf
    (``sardana2024beyond`` make the same split; they also separate prompt and
    generated tokens, which this function does not).

    The MFU and price defaults are **illustrative settings, not published
    figures** (see the module docstring).

    Parameters
    ----------
    params, training_tokens : float
        N and D_train.
    requests_per_day : float ≥ 0
    tokens_per_request : float > 0
        Prompt plus generated tokens per request.
    lifetime_days : float > 0
    accelerator : str or Accelerator
        ``"H100"`` or ``"A100"`` (``scaling_lib.compute``), or an Accelerator.
    training_mfu, inference_mfu : float in (0, 1]
    training_dollars_per_gpu_hour, inference_dollars_per_gpu_hour : float > 0

    Returns
    -------
    CostOfOwnership
    """
    n = float(as_positive("params", params, allow_array=False))
    d = float(as_positive("training_tokens", training_tokens, allow_array=False))
    per_day = float(as_nonnegative("requests_per_day", requests_per_day, allow_array=False))
    per_req = float(as_positive("tokens_per_request", tokens_per_request, allow_array=False))
    days = float(as_positive("lifetime_days", lifetime_days, allow_array=False))
    for name, value in (("training_mfu", training_mfu), ("inference_mfu", inference_mfu)):
        as_fraction(name, value, allow_array=False)
    for name, value in (("training_dollars_per_gpu_hour", training_dollars_per_gpu_hour),
                        ("inference_dollars_per_gpu_hour", inference_dollars_per_gpu_hour)):
        as_positive(name, value, allow_array=False)
    acc = _peak(accelerator)
    train_flops = float(compute.training_flops(n, d))
    train_hours = float(compute.gpu_hours(train_flops, acc, training_mfu))
    train_dollars = float(compute.training_cost_dollars(train_flops, acc, training_mfu,
                                                        training_dollars_per_gpu_hour))
    # one served token costs 2·N FLOPs; price a million of them with the serving settings
    per_million = float(compute.dollars_per_million_tokens(n, acc, inference_mfu,
                                                           inference_dollars_per_gpu_hour))
    tokens_per_day = per_day * per_req
    infer_tokens = tokens_per_day * days
    infer_flops = _INF * n * infer_tokens
    if not math.isfinite(infer_flops):
        raise out_of_range("2·params·inference tokens", params=params,
                           requests_per_day=requests_per_day,
                           tokens_per_request=tokens_per_request, lifetime_days=lifetime_days)
    infer_hours = (float(compute.gpu_hours(infer_flops, acc, inference_mfu))
                   if infer_flops > 0 else 0.0)
    per_day_dollars = per_million * tokens_per_day / 1e6
    return CostOfOwnership(
        params=n, training_tokens=d, inference_tokens=infer_tokens,
        training_flops=train_flops, inference_flops=infer_flops,
        training_gpu_hours=train_hours, inference_gpu_hours=infer_hours,
        training_dollars=train_dollars, inference_dollars_per_day=per_day_dollars,
        inference_dollars=per_day_dollars * days, lifetime_days=days,
    )


def break_even_day(costlier_to_train: CostOfOwnership, cheaper_to_train: CostOfOwnership) -> float:
    """Day in service after which the plan that cost more to train has cost less in total.

    day* = (train$_a − train$_b) / (serve$/day_b − serve$/day_a), with *a* the plan
    that costs more to train (typically the smaller model trained longer) and
    *b* the other. Returns 0 if *a* is not more expensive to train, and
    ``math.inf`` if *a* is not cheaper to serve either (it never pays back).
    """
    for name, v in (("costlier_to_train", costlier_to_train),
                    ("cheaper_to_train", cheaper_to_train)):
        check_type(name, v, CostOfOwnership, "a CostOfOwnership (from cost_of_ownership)")
    extra = costlier_to_train.training_dollars - cheaper_to_train.training_dollars
    if extra <= 0:
        return 0.0
    saving = (cheaper_to_train.inference_dollars_per_day
              - costlier_to_train.inference_dollars_per_day)
    if saving <= 0:
        return math.inf
    return extra / saving

