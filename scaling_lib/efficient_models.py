r"""Sparse, low-precision and distilled models: what N means when it is not one number.

Chapter 10, "Sparse, low-precision and distilled models" (``book/10_efficient_models.ipynb``).

* Mixture of experts (MoE): a token passes through the shared layers and k of E experts,
  so training compute counts the *active* parameters, C = 6·N_active·D
  (``kaplan2020scaling``'s 6·N·D applied to what a token touches), while the memory that
  holds the model counts all of them (:func:`moe_total_params`, :func:`moe_active_params`,
  :func:`moe_training_flops`, :func:`weight_memory_bytes`).
* :func:`routed_loss` — the functional form of Clark et al. 2022's routed-LM law
  (``clark2022unified``), log L = a·log N + b·log E + c·log N·log E + d, with the
  constants as arguments: the paper's fitted values were not transcribed here.
* :func:`ptq_degradation` — the functional form of Kumar et al. 2024's post-training
  quantisation loss increase (``kumar2024precision``),
  δ = C_T · (D^γ_D / N^γ_N) · exp(−P / γ_post), growing with tokens D at fixed N; the
  fitted constants were not transcribed here either, so all four are arguments.
* :func:`trend_per_decade` — the slope of a measured quantity against log10 of another,
  with its standard error (the lab's quantisation damage against tokens per parameter).
* :func:`crossover` — where one measured loss curve first drops below another
  (distillation overtaking training on data).
"""

from __future__ import annotations

import numpy as np

from scaling_lib._validate import (
    as_array,
    as_finite,
    as_positive,
    returns_finite,
    same_length,
)

__all__ = ["moe_total_params", "moe_active_params", "moe_training_flops",
           "weight_memory_bytes", "routed_loss", "ptq_degradation", "trend_per_decade",
           "crossover"]


@returns_finite
def moe_total_params(shared_params, expert_params, experts):
    """Parameters a mixture of experts must store: N_total = N_shared + E·N_expert.

    ``shared_params`` are the parameters every token uses (attention, embeddings, router),
    ``expert_params`` those of one expert, ``experts`` the number E of experts per layer
    summed over layers as one count. Chapter 10.
    """
    shared = as_positive("shared_params", shared_params)
    expert = as_positive("expert_params", expert_params)
    e = as_positive("experts", experts)
    return shared + e * expert


@returns_finite
def moe_active_params(shared_params, expert_params, active_experts=1):
    """Parameters one token touches: N_active = N_shared + k·N_expert (top-k routing)."""
    shared = as_positive("shared_params", shared_params)
    expert = as_positive("expert_params", expert_params)
    k = as_positive("active_experts", active_experts)
    return shared + k * expert


@returns_finite
def moe_training_flops(active_params, tokens):
    """Training compute of a routed model, C = 6·N_active·D FLOPs (router cost neglected).

    The same 6·N·D as for a dense model (``kaplan2020scaling``), with N the parameters a
    token actually multiplies by: the idle experts cost memory, not FLOPs.
    """
    return 6.0 * as_positive("active_params", active_params) * as_positive("tokens", tokens)


@returns_finite
def weight_memory_bytes(params, bits):
    """Bytes to hold ``params`` weights at ``bits`` bits each: N·bits/8 (no scales counted)."""
    return as_positive("params", params) * as_positive("bits", bits) / 8.0


@returns_finite
def routed_loss(params, experts, a, b, c, d):
    """Clark et al.'s routed-LM form: log L = a·log N + b·log E + c·log N·log E + d.

    ``clark2022unified`` (Eq. 1 of the paper, in natural logs of the dense-equivalent
    parameter count N and the expert count E). With c > 0 the benefit of experts,
    ∂log L/∂log E = b + c·log N, shrinks as N grows. The paper's fitted a, b, c, d (and its
    saturating transformation of E) were not transcribed in this course: pass your own.
    """
    n = as_positive("params", params)
    e = as_positive("experts", experts)
    a, b, c, d = (as_finite(k, v) for k, v in zip("abcd", (a, b, c, d), strict=True))
    return np.exp(a * np.log(n) + b * np.log(e) + c * np.log(n) * np.log(e) + d)


@returns_finite
def ptq_degradation(params, tokens, bits, c_t, gamma_d, gamma_n, gamma_post):
    """Loss increase from post-training quantisation, δ = C_T·(D^γ_D/N^γ_N)·exp(−P/γ_post).

    The functional form of ``kumar2024precision`` for a model of N ``params`` trained on D
    ``tokens`` and quantised to P ``bits``: at fixed N the damage grows as a power of D
    (over-trained models quantise worse); each extra bit divides it by exp(1/γ_post).
    The fitted constants were not transcribed in this course, so all four are arguments.
    """
    n = as_positive("params", params)
    dd = as_positive("tokens", tokens)
    p = as_positive("bits", bits)
    c_t = as_positive("c_t", c_t)
    g_d = as_finite("gamma_d", gamma_d)
    g_n = as_finite("gamma_n", gamma_n)
    g_p = as_positive("gamma_post", gamma_post)
    return c_t * dd ** g_d / n ** g_n * np.exp(-p / g_p)


def trend_per_decade(x, y) -> tuple[float, float]:
    """Least-squares slope of ``y`` against log10 ``x`` and its standard error.

    Returns ``(slope, stderr)``: the change of y per tenfold x. Needs ≥ 3 points with at
    least two distinct x.
    """
    x = as_array("x", x, positive=True)
    y = as_array("y", y)
    n = same_length(x=x, y=y)
    if n < 3:
        raise ValueError(f"x must hold at least 3 points, got {n}")
    lx = np.log10(x)
    if np.ptp(lx) == 0:
        raise ValueError(f"x must hold at least two distinct values, got {x.tolist()}")
    A = np.column_stack([lx, np.ones(n)])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ coef
    s2 = float(resid @ resid) / max(n - 2, 1)
    cov = s2 * np.linalg.inv(A.T @ A)
    return float(coef[0]), float(np.sqrt(cov[0, 0]))


def crossover(x, y_base, y_new) -> float:
    """First x (log-interpolated) at which ``y_new`` drops below ``y_base``; nan if never.

    ``x`` increasing and positive (e.g. compute in FLOPs); returns ``x[0]`` if ``y_new``
    is already lower there.
    """
    x = as_array("x", x, positive=True)
    y0 = as_array("y_base", y_base)
    y1 = as_array("y_new", y_new)
    n = same_length(x=x, y_base=y0, y_new=y1)
    if n < 2 or np.any(np.diff(x) <= 0):
        raise ValueError(f"x must hold at least 2 increasing values, got {x.tolist()}")
    gap = y1 - y0
    if gap[0] < 0:
        return float(x[0])
    for i in range(1, n):
        if gap[i] < 0:
            t = gap[i - 1] / (gap[i - 1] - gap[i])
            lx = np.log(x[i - 1]) + t * (np.log(x[i]) - np.log(x[i - 1]))
            return float(np.exp(lx))
    return float("nan")


