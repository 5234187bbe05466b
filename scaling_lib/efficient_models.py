r"""Sparse, low-precision and distilled models: what N means when it is not one number.

Chapter 10, "Sparse, low-precision and distilled models" (``book/10_efficient_models.ipynb``).

* Mixture of experts (MoE): a token passes through the shared layers and k of E experts,
  so training compute counts the *active* parameters, C = 6·N_active·D
  (``kaplan2020scaling``'s 6·N·D applied to what a token touches), while the memory that
  holds the model counts all of them (:func:`moe_total_params`, :func:`moe_active_params`,
  :func:`moe_training_flops`, :func:`weight_memory_bytes`).
* No routed-LM law: the text of Clark et al. 2022 (``clark2022unified``) could not be
  reached to check its form and constants, so the library does not implement one
  (chapter 10 describes it in words, marked as unchecked).
* :func:`ptq_degradation` — the post-training-quantisation loss increase of Kumar et al.
  (``kumar2024precision``, Eq. 2), δ = C_T·(D^γ_D / N^γ_N)·exp(−P_post/γ_post);
  :data:`KUMAR_2024_PTQ` holds the published C_T, γ_D and γ_N (Appendix K, Table 2). The
  table prints no value labelled γ_post, so γ_post stays an argument and
  :meth:`PTQLaw.relative` compares degradations without it.
* :class:`SupervisedLaw`, :class:`DistillationLaw` and :func:`distilled_student_loss` —
  the supervised law (Eq. 1) and the distillation scaling law (Eq. 8) of Busbridge et al.
  2025 (``busbridge2025distillation``) with their published constants
  (:data:`BUSBRIDGE_2025_SUPERVISED`, :data:`BUSBRIDGE_2025_DISTILLATION`, Table 6).
* :func:`trend_per_decade` — the slope of a measured quantity against log10 of another,
  with its standard error (the lab's quantisation damage against tokens per parameter).
* :func:`crossover` — where one measured loss curve first drops below another
  (distillation overtaking training on data).

Where the constants were checked
--------------------------------
- Busbridge et al. 2025: the text of arXiv:2502.08606v2 (HTML rendering; its abstract
  matches v2): Eq. 1, Eq. 8 (restated as Eq. 46 in Appendix F.2, with A′ and B′), and
  Table 6 (Appendix F.3, "Scaling law parameter estimates", point estimates; the table
  also gives 90 % bootstrap intervals).
- Kumar et al. 2024: the text of the ICLR 2025 version of arXiv:2411.04330: Eq. 2
  (Section 3.1, "Finding 1") and Table 2 ("Fitted constants and their values",
  Appendix K). The fits there carry offsets in their exponents that the equations omit
  (Appendix K says so), and the appendix does not say which stage of its piecewise fit
  each row comes from; C_T, γ_D and γ_N are taken as printed.
- Clark et al. 2022: not reached.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scaling_lib._validate import (
    _show,
    as_array,
    as_finite,
    as_positive,
    check_fields,
    check_type,
    returns_finite,
    same_length,
)

__all__ = ["moe_total_params", "moe_active_params", "moe_training_flops",
           "weight_memory_bytes", "ptq_degradation", "PTQLaw",
           "KUMAR_2024_PTQ", "SupervisedLaw", "DistillationLaw", "BUSBRIDGE_2025_SUPERVISED",
           "BUSBRIDGE_2025_DISTILLATION", "BUSBRIDGE_2025_PARAM_RANGE",
           "supervised_params_for_loss", "distilled_student_loss", "trend_per_decade",
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
def ptq_degradation(params, tokens, bits, c_t, gamma_d, gamma_n, gamma_post):
    """Loss increase from post-training quantisation, δ = C_T·(D^γ_D/N^γ_N)·exp(−P/γ_post).

    Eq. 2 of ``kumar2024precision`` (checked symbol by symbol against the ICLR 2025 text),
    for a model of N ``params`` trained in high precision on D ``tokens`` and quantised
    to P_post = ``bits``: at fixed N the damage grows as D^γ_D (over-trained models
    quantise worse); each extra bit divides it by exp(1/γ_post). All four constants are
    arguments; :data:`KUMAR_2024_PTQ` holds the published C_T, γ_D, γ_N.
    """
    n = as_positive("params", params)
    dd = as_positive("tokens", tokens)
    p = as_positive("bits", bits)
    c_t = as_positive("c_t", c_t)
    g_d = as_finite("gamma_d", gamma_d)
    g_n = as_finite("gamma_n", gamma_n)
    g_p = as_positive("gamma_post", gamma_post)
    return c_t * dd ** g_d / n ** g_n * np.exp(-p / g_p)


@dataclass(frozen=True)
class PTQLaw:
    r"""Kumar et al.'s post-training-quantisation law, Eq. 2, with published constants.

    .. math:: \delta_\text{PTQ}(N, D, P_\text{post}) = C_T\,
              \frac{D^{\gamma_D}}{N^{\gamma_N}}\,e^{-P_\text{post}/\gamma_\text{post}}

    for a model of N parameters trained in high precision (BF16) on D tokens, its weights
    then quantised to P_post bits (GPTQ in the paper).

    Parameters
    ----------
    c_t, gamma_d, gamma_n : float
        :math:`C_T`, :math:`\gamma_D`, :math:`\gamma_N`.
    citation : str or None
        Key in ``book/references.bib``.
    note : str
        Where the constants are printed.
    """

    c_t: float
    gamma_d: float
    gamma_n: float
    citation: str | None = None
    note: str = ""

    def __post_init__(self):
        check_fields(self, positive=("c_t", "gamma_d", "gamma_n"), optional_text="citation",
                     text="note")

    @returns_finite
    def relative(self, params, tokens, ref_params, ref_tokens):
        r"""δ(N, D) / δ(N_ref, D_ref) at the same bit width: (D/D_ref)^γ_D·(N_ref/N)^γ_N.

        Neither :math:`C_T` nor :math:`\gamma_\text{post}` enters, so this is the part of
        the law that can be compared with a measurement in another setting.
        """
        n = as_positive("params", params)
        d = as_positive("tokens", tokens)
        n0 = as_positive("ref_params", ref_params)
        d0 = as_positive("ref_tokens", ref_tokens)
        return np.exp(self.gamma_d * (np.log(d) - np.log(d0))
                      + self.gamma_n * (np.log(n0) - np.log(n)))

    def degradation(self, params, tokens, bits, gamma_post):
        """Eq. 2 with these constants and a ``gamma_post`` you supply (see the note)."""
        return ptq_degradation(params, tokens, bits, self.c_t, self.gamma_d, self.gamma_n,
                               gamma_post)


#: Kumar et al. (2024), Table 2 (Appendix K, "Fitted constants and their values") of the
#: ICLR 2025 version: C_T = 0.0598, γ_D = 0.5068, γ_N = 0.3439. The same table lists an
#: unlabelled γ = 0.5907 and an offset b = 1.1277 without saying which exponent they
#: belong to, so no γ_post is taken from it.
KUMAR_2024_PTQ = PTQLaw(
    c_t=0.0598, gamma_d=0.5068, gamma_n=0.3439, citation="kumar2024precision",
    note="Eq. 2; Table 2, Appendix K (ICLR 2025 version of arXiv:2411.04330). Fitted on "
         "OLMo-style models of 30M-220M parameters, 1.5B-26B tokens, Dolma, GPTQ; "
         "the paper stresses that the values depend on the setup.",
)


@dataclass(frozen=True)
class SupervisedLaw:
    r"""The supervised law of Busbridge et al. (2025), Eq. 1.

    .. math:: L(N, D) = E + \left(\frac{A}{N^\alpha} + \frac{B}{D^\beta}\right)^\gamma

    N counts non-embedding parameters, D training tokens; L is the validation
    cross-entropy (nats per token). Hoffmann et al.'s form is the case γ = 1.

    Parameters
    ----------
    E, A, B, alpha, beta, gamma : float
        The constants.
    citation : str or None
        Key in ``book/references.bib``.
    note : str
        Where the constants are printed.
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    gamma: float
    citation: str | None = None
    note: str = ""

    def __post_init__(self):
        check_fields(self, positive=("E", "A", "B", "alpha", "beta", "gamma"),
                     optional_text="citation", text="note")

    @returns_finite
    def loss(self, params, tokens):
        """L(N, D) for ``params`` non-embedding parameters trained on ``tokens`` tokens."""
        n = as_positive("params", params)
        d = as_positive("tokens", tokens)
        inner = np.logaddexp(np.log(self.A) - self.alpha * np.log(n),
                             np.log(self.B) - self.beta * np.log(d))
        return self.E + np.exp(self.gamma * inner)


@dataclass(frozen=True)
class DistillationLaw:
    r"""The distillation scaling law of Busbridge et al. (2025), Eq. 8 (Eq. 46).

    .. math:: L_S = L_T + \frac{1}{L_T^{c_0}}
              \left(1 + \left(\frac{L_T}{\widetilde L_S\, d_1}\right)^{1/f_1}
              \right)^{-c_1 f_1}
              \left(\frac{A'}{N_S^{\alpha'}} + \frac{B'}{D_S^{\beta'}}\right)^{\gamma'}

    the cross-entropy :math:`L_S` of a student of :math:`N_S` non-embedding parameters
    distilled on :math:`D_S` tokens (pure distillation, temperature 1) from a teacher of
    cross-entropy :math:`L_T`, where :math:`\widetilde L_S = L(N_S, D_S)` is what the
    same student reaches by supervised training (``supervised``, Eq. 1). The student
    never beats the teacher (:math:`L_S > L_T`). The capacity gap (a stronger teacher, a
    worse student) comes from the prefactor :math:`1/L_T^{c_0}`, which widens the
    student–teacher gap as the teacher improves. The broken power law in
    :math:`L_T/\widetilde L_S` is close to 1 for strong teachers; it switches to the
    weak-teacher regime, where it vanishes and the student copies its teacher
    (:math:`L_S \to L_T`), around :math:`L_T = d_1 \widetilde L_S`, a teacher *weaker* than
    the student trained alone.

    Parameters
    ----------
    A, B, alpha, beta, gamma : float
        :math:`A', B', \alpha', \beta', \gamma'`.
    c0, c1, f1, d1 : float
        The broken-power-law constants.
    supervised : SupervisedLaw
        The law giving :math:`\widetilde L_S`.
    citation : str or None
        Key in ``book/references.bib``.
    note : str
        Where the constants are printed.
    """

    A: float
    B: float
    alpha: float
    beta: float
    gamma: float
    c0: float
    c1: float
    f1: float
    d1: float
    supervised: SupervisedLaw
    citation: str | None = None
    note: str = ""

    def __post_init__(self):
        check_fields(self, positive=("A", "B", "alpha", "beta", "gamma", "c0", "c1", "f1",
                                     "d1"), optional_text="citation", text="note")
        check_type("supervised", self.supervised, SupervisedLaw,
                   "a SupervisedLaw such as BUSBRIDGE_2025_SUPERVISED")

    @returns_finite
    def student_loss(self, student_params, student_tokens, teacher_loss):
        """L_S(N_S, D_S, L_T), evaluated in log space (as the paper fits it, Eq. 49)."""
        n = as_positive("student_params", student_params)
        d = as_positive("student_tokens", student_tokens)
        lt = as_positive("teacher_loss", teacher_loss)
        ls_sup = self.supervised.loss(n, d)
        gap = np.logaddexp(0.0, (np.log(lt) - np.log(ls_sup) - np.log(self.d1)) / self.f1)
        mimic = np.logaddexp(np.log(self.A) - self.alpha * np.log(n),
                             np.log(self.B) - self.beta * np.log(d))
        log_term = -self.c0 * np.log(lt) - self.c1 * self.f1 * gap + self.gamma * mimic
        return lt + np.exp(log_term)


#: Busbridge et al. (2025), Eq. 1 with Table 6 (Appendix F.3), "Supervised" column:
#: E = 1.220, A = 3355, B = 18186, α = 0.408, β = 0.431, γ = 0.452 (73 runs).
BUSBRIDGE_2025_SUPERVISED = SupervisedLaw(
    E=1.220, A=3355.0, B=18186.0, alpha=0.408, beta=0.431, gamma=0.452,
    citation="busbridge2025distillation",
    note="Eq. 1; Table 6, Appendix F.3 of arXiv:2502.08606v2 (point estimates). "
         "Non-embedding parameters, C4 (English) validation cross-entropy, muP.",
)

#: Busbridge et al. (2025), Eq. 8 with Table 6 (Appendix F.3), "Distillation" column:
#: A′ = 2243, B′ = 24181, α′ = 0.321, β′ = 0.637, γ′ = 0.764, c0 = 2.549, c1 = 522.6,
#: f1 = 0.090, d1 = 1.315 (697 runs).
BUSBRIDGE_2025_DISTILLATION = DistillationLaw(
    A=2243.0, B=24181.0, alpha=0.321, beta=0.637, gamma=0.764,
    c0=2.549, c1=522.6, f1=0.090, d1=1.315, supervised=BUSBRIDGE_2025_SUPERVISED,
    citation="busbridge2025distillation",
    note="Eq. 8 (Eq. 46); Table 6, Appendix F.3 of arXiv:2502.08606v2 (point "
         "estimates). Pure distillation (lambda = 1), temperature 1; students and "
         "teachers of 143M-12.6B parameters.",
)


#: Busbridge et al. (2025): the students and teachers the distillation law was fitted on
#: span 143M to 12.6B parameters (the range stated with the paper, arXiv:2502.08606).
BUSBRIDGE_2025_PARAM_RANGE = (143e6, 12.6e9)


@returns_finite
def supervised_params_for_loss(loss, law: SupervisedLaw = BUSBRIDGE_2025_SUPERVISED):
    """The fewest parameters N with which ``law`` reaches cross-entropy ``loss`` at all,
    i.e. with unlimited data: E + (A/N^α)^γ = loss, so N = (A / (loss − E)^(1/γ))^(1/α).

    A loss at or below the law's floor E is out of reach (``ValueError``).
    """
    law = check_type("law", law, SupervisedLaw, "a SupervisedLaw such as "
                     "BUSBRIDGE_2025_SUPERVISED")
    loss = as_positive("loss", loss)
    if np.any(np.asarray(loss) <= law.E):
        raise ValueError(f"loss must be above the law's floor E = {law.E}, got {_show(loss)}")
    return (law.A / (np.asarray(loss, dtype=float) - law.E) ** (1.0 / law.gamma)) ** (
        1.0 / law.alpha)


def distilled_student_loss(student_params, student_tokens, teacher_loss,
                           law: DistillationLaw = BUSBRIDGE_2025_DISTILLATION):
    """Student cross-entropy L_S(N_S, D_S, L_T) from ``law`` (Busbridge et al. Eq. 8).

    ``student_params`` non-embedding parameters, ``student_tokens`` distillation tokens,
    ``teacher_loss`` the teacher's own cross-entropy (nats per token).
    """
    law = check_type("law", law, DistillationLaw,
                     "a DistillationLaw such as BUSBRIDGE_2025_DISTILLATION")
    return law.student_loss(student_params, student_tokens, teacher_loss)


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


