"""Published scaling laws, their fitted constants, and the compute-optimal frontier.

Every law is a small frozen dataclass that carries its constants and the
``references.bib`` key of the paper they come from (``citation``). The
module-level instances (``KAPLAN_PARAMS_LAW``, ``HOFFMANN_2022`` …) hold the
published numbers; ``tests/test_laws.py`` pins each one.

Units are in the names: ``params`` (parameters), ``tokens`` (training
tokens), ``flops`` (floating-point operations), ``pf_days`` (petaflop/s-days,
1 PF-day = 8.64e19 FLOPs), losses in nats per token.

Where the constants were checked
--------------------------------
- Kaplan et al. 2020 (``kaplan2020scaling``): a text transcription of
  arXiv:2001.08361v1 (Appendix A, Tables 5 and 6; Section 4, Table 2).
- Hoffmann et al. 2022 (``hoffmann2022training``): verbatim quotations of
  Equation (4), Appendix D.2 Equation (10), Tables 2 and 3 (not the PDF
  itself).
- Hoffmann's unrounded values: the analysis code of Besiroglu et al. 2024
  (``besiroglu2024chinchilla``), which stores them in log form.
- Besiroglu et al. 2024 refit: the values printed in the paper as quoted by
  several independent sources, and cross-checked against the paper's
  analysis code (which agrees to the printed digits except ``E``, see
  :data:`BESIROGLU_2024`).
- Muennighoff et al. 2023 (``muennighoff2023scaling``): the authors'
  repository (huggingface/datablations, README "Parametric Fit").
- Sardana et al. 2024 (``sardana2024beyond``): the authors' repository
  (nikhilsardana/beyond-chinchilla, ``utils.py``, class ``ChinchillaConstants``).
- Llama 3's IsoFLOP optimum (``dubey2024llama3``): Section 3.2.1 of the paper (ar5iv
  text of arXiv:2407.21783).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from ._validate import (
    as_finite,
    as_int,
    as_positive,
    check_fields,
    check_type,
    out_of_range,
    returns_finite,
)
from .compute import PF_DAY_FLOPS, TRAINING_FLOPS_PER_PARAM_PER_TOKEN

__all__ = [
    "FLOPS_PER_PARAM_TOKEN",
    "FLOPS_PER_PF_DAY",
    "PowerLaw",
    "KaplanJointLaw",
    "KaplanComputeOptimal",
    "CriticalBatchSize",
    "ChinchillaLaw",
    "AllocationExponents",
    "ComputeOptimalProjection",
    "DataConstrainedLaw",
    "KAPLAN_PARAMS_LAW",
    "KAPLAN_TOKENS_LAW",
    "KAPLAN_COMPUTE_LAW",
    "KAPLAN_COMPUTE_FIXED_BATCH_LAW",
    "KAPLAN_JOINT_LAW",
    "KAPLAN_COMPUTE_OPTIMAL",
    "KAPLAN_CRITICAL_BATCH",
    "HOFFMANN_2022",
    "HOFFMANN_2022_UNROUNDED",
    "BESIROGLU_2024",
    "SARDANA_2024",
    "BESIROGLU_2024_DATA",
    "PublishedOptimum",
    "LLAMA3_ISOFLOP_OPTIMUM",
    "HOFFMANN_APPROACH3_REPORTED",
    "CHINCHILLA_LAWS",
    "HOFFMANN_TABLE2",
    "HOFFMANN_TABLE3",
    "MUENNIGHOFF_2023",
    "compute_optimal",
    "tokens_per_param",
    "isoflop_profile",
    "isoflop_optimum",
]

# Defined once in scaling_lib.compute (chapter 0); re-exported here under the names laws use.
FLOPS_PER_PARAM_TOKEN = float(TRAINING_FLOPS_PER_PARAM_PER_TOKEN)
FLOPS_PER_PF_DAY = PF_DAY_FLOPS


# --------------------------------------------------------------------------------------
# Kaplan et al. 2020
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerLaw:
    r"""A single-variable Kaplan power law :math:`L(X) = (X_c / X)^{\alpha_X}`.

    Parameters
    ----------
    scale : float
        :math:`X_c`, in the unit named by ``variable``.
    exponent : float
        :math:`\alpha_X` (positive: the loss falls as ``X`` grows).
    variable : str
        ``"params"`` (non-embedding parameters), ``"tokens"`` or ``"pf_days"``.
    citation : str
        Key in ``book/references.bib``.
    note : str
        Where the constants are printed and under which conditions the law holds.
    """

    scale: float
    exponent: float
    variable: str
    citation: str
    note: str = ""

    def __post_init__(self):
        check_fields(self, positive=("scale", "exponent"), label="variable",
                     text=("citation", "note"))

    @returns_finite
    def loss(self, x):
        """Loss in nats per token at ``x`` (in the unit of ``variable``)."""
        x = as_positive(f"x ({self.variable})", x)
        return (self.scale / x) ** self.exponent

    @returns_finite
    def inverse(self, loss):
        """The ``x`` at which the law predicts ``loss`` nats: :math:`X_c L^{-1/\\alpha_X}`."""
        loss = as_positive("loss", loss)
        return self.scale * loss ** (-1.0 / self.exponent)


KAPLAN_PARAMS_LAW = PowerLaw(
    scale=8.8e13,
    exponent=0.076,
    variable="params",
    citation="kaplan2020scaling",
    note="Eq. (1.1), Table 5. N counts non-embedding parameters; models trained to "
    "convergence on enough data.",
)
KAPLAN_TOKENS_LAW = PowerLaw(
    scale=5.4e13,
    exponent=0.095,
    variable="tokens",
    citation="kaplan2020scaling",
    note="Eq. (1.2), Table 5. Large models trained on D tokens with early stopping.",
)
KAPLAN_COMPUTE_LAW = PowerLaw(
    scale=3.1e8,
    exponent=0.050,
    variable="pf_days",
    citation="kaplan2020scaling",
    note="Eq. (1.3), Table 5: L(C_min), compute C_min in PF-days of non-embedding "
    "compute, optimal model size and batch size well below the critical batch size.",
)
KAPLAN_COMPUTE_FIXED_BATCH_LAW = PowerLaw(
    scale=1.6e7,
    exponent=0.057,
    variable="pf_days",
    citation="kaplan2020scaling",
    note="Table 5: the naive L(C) trend at a fixed batch size; Kaplan advise using "
    "L(C_min) for predictions.",
)


@dataclass(frozen=True)
class KaplanJointLaw:
    r"""Kaplan's joint law in non-embedding parameters and tokens.

    .. math:: L(N, D) = \left[\left(\frac{N_c}{N}\right)^{\alpha_N/\alpha_D}
              + \frac{D_c}{D}\right]^{\alpha_D}

    Equation (1.5) of ``kaplan2020scaling``, with its own fitted constants
    (Table 2), which differ from the single-variable fits (Table 5).
    ``N`` excludes embedding parameters.
    """

    n_c: float
    d_c: float
    alpha_n: float
    alpha_d: float
    citation: str

    def __post_init__(self):
        check_fields(self, positive=("n_c", "d_c", "alpha_n", "alpha_d"), text="citation")

    @returns_finite
    def loss(self, params, tokens):
        """Loss in nats per token for ``params`` non-embedding parameters and ``tokens``."""
        params = as_positive("params", params)
        tokens = as_positive("tokens", tokens)
        return ((self.n_c / params) ** (self.alpha_n / self.alpha_d) + self.d_c / tokens) ** (
            self.alpha_d
        )

    @returns_finite
    def term_ratio(self, params, tokens):
        """Parameter term over data term, (N_c/N)^(α_N/α_D) / (D_c/D), inside the bracket."""
        params = as_positive("params", params)
        tokens = as_positive("tokens", tokens)
        return (self.n_c / params) ** (self.alpha_n / self.alpha_d) / (self.d_c / tokens)

    def doubling_threshold(self, factor: float = 2.0) -> float:
        r"""Term ratio above which multiplying N by ``factor`` helps more than multiplying D.

        Multiplying N by m shrinks the parameter term P by 1 − m^(−α_N/α_D) of itself;
        multiplying D by m shrinks the data term T by 1 − 1/m. The loss is monotone in
        P + T, so growing N helps more exactly when

        .. math:: \frac{P}{T} > \frac{1 - 1/m}{1 - m^{-\alpha_N/\alpha_D}},

        which for m = 2 and Kaplan's exponents is about 1.25, not 1: near balance the
        larger term is not always the better one to shrink.
        """
        m = float(as_positive("factor", factor, allow_array=False))
        if not m > 1:
            raise ValueError(f"factor must exceed 1, got {factor!r}")
        return (1 - 1 / m) / (1 - m ** (-self.alpha_n / self.alpha_d))


KAPLAN_JOINT_LAW = KaplanJointLaw(
    n_c=6.4e13, d_c=1.8e13, alpha_n=0.076, alpha_d=0.103, citation="kaplan2020scaling"
)


@dataclass(frozen=True)
class KaplanComputeOptimal:
    r"""Kaplan's compute-efficient allocation (Table 6 of ``kaplan2020scaling``).

    .. math:: N_{opt} = N_e\,C_{min}^{p_N},\qquad D_{opt} = D_e\,C_{min}^{p_D}

    with :math:`C_{min}` in PF-days and :math:`N` in non-embedding parameters.
    """

    params_scale: float
    params_exponent: float
    tokens_scale: float
    tokens_exponent: float
    citation: str

    def __post_init__(self):
        check_fields(self, positive=("params_scale", "tokens_scale"),
                     finite=("params_exponent", "tokens_exponent"), text="citation")

    @returns_finite
    def params(self, pf_days):
        """Compute-optimal non-embedding parameter count at ``pf_days`` of compute."""
        pf_days = as_positive("pf_days", pf_days)
        return self.params_scale * pf_days**self.params_exponent

    @returns_finite
    def tokens(self, pf_days):
        """Compute-optimal number of training tokens at ``pf_days`` of compute."""
        pf_days = as_positive("pf_days", pf_days)
        return self.tokens_scale * pf_days**self.tokens_exponent

    @returns_finite
    def six_nd_pf_days(self, pf_days):
        """6·N_opt·D_opt in PF-days: the compute the table's N and D imply.

        Table 6's prefactors were fitted separately and do not satisfy C = 6·N·D: at
        C_min = 1 PF-day, 6 × 1.3e9 × 2e10 FLOPs is about 1.8 PF-days.
        """
        return 6 * self.params(pf_days) * self.tokens(pf_days) / FLOPS_PER_PF_DAY


KAPLAN_COMPUTE_OPTIMAL = KaplanComputeOptimal(
    params_scale=1.3e9,
    params_exponent=0.73,
    tokens_scale=2e10,
    tokens_exponent=0.27,
    citation="kaplan2020scaling",
)


@dataclass(frozen=True)
class CriticalBatchSize:
    r"""Critical batch size as a function of the loss (Eq. 1.4 / 5.2 of ``kaplan2020scaling``).

    .. math:: B_{crit}(L) = \frac{B_*}{L^{1/\alpha_B}}

    ``b_star_tokens`` is :math:`B_*` in tokens (Table 5 prints 2.1e8; the text
    of Section 1.2 rounds it to 2e8).
    """

    b_star_tokens: float
    alpha_b: float
    citation: str

    def __post_init__(self):
        check_fields(self, positive=("b_star_tokens", "alpha_b"), text="citation")

    @returns_finite
    def tokens(self, loss):
        """Critical batch size, in tokens, when the loss is ``loss`` nats per token."""
        loss = as_positive("loss", loss)
        return self.b_star_tokens / loss ** (1.0 / self.alpha_b)


KAPLAN_CRITICAL_BATCH = CriticalBatchSize(
    b_star_tokens=2.1e8, alpha_b=0.21, citation="kaplan2020scaling"
)


# --------------------------------------------------------------------------------------
# Chinchilla parametric law
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChinchillaLaw:
    r"""The parametric loss of Hoffmann et al. (2022), Equation (2).

    .. math:: \hat L(N, D) = E + \frac{A}{N^\alpha} + \frac{B}{D^\beta}

    ``N`` counts all parameters (embeddings included), ``D`` training tokens.
    Under the budget :math:`C = 6ND` the loss is minimised by (Equation 4)

    .. math:: N_{opt} = G\,(C/6)^a,\quad D_{opt} = G^{-1}(C/6)^b,\quad
              G = \left(\frac{\alpha A}{\beta B}\right)^{1/(\alpha+\beta)},\
              a = \frac{\beta}{\alpha+\beta},\ b = \frac{\alpha}{\alpha+\beta}.

    Parameters
    ----------
    E, A, B, alpha, beta : float
        The constants (E in nats per token).
    citation : str or None
        Key in ``book/references.bib``; ``None`` for a law fitted here.
    label : str
        Short human-readable name used in tables and plot legends.
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    citation: str | None = None
    label: str = ""

    def __post_init__(self):
        check_fields(self, positive=("E", "A", "B", "alpha", "beta"), optional_text="citation",
                     text="label")

    @classmethod
    def from_log_params(cls, a, b, e, alpha, beta, *, citation: str | None = None,
                        label: str = ""):
        """Build the law from the log-parametrisation a = log A, b = log B, e = log E."""
        values = {}
        for name, v in (("a", a), ("b", b), ("e", e)):
            v = float(as_finite(name, v, allow_array=False))
            if not -745 < v < 709:
                raise ValueError(f"{name} must lie between -745 and 709 (exp({name}) must be a "
                                 f"positive float), got {v!r}")
            values[name] = math.exp(v)
        return cls(
            E=values["e"],
            A=values["a"],
            B=values["b"],
            alpha=float(as_positive("alpha", alpha, allow_array=False)),
            beta=float(as_positive("beta", beta, allow_array=False)),
            citation=citation,
            label=label,
        )

    @property
    def log_params(self) -> np.ndarray:
        """The vector (a, b, e, alpha, beta) with a = log A, b = log B, e = log E."""
        return np.array(
            [math.log(self.A), math.log(self.B), math.log(self.E), self.alpha, self.beta]
        )

    @property
    def params_exponent(self) -> float:
        """a = beta / (alpha + beta), the exponent of N_opt ∝ C^a."""
        return self.beta / (self.alpha + self.beta)

    @property
    def tokens_exponent(self) -> float:
        """b = alpha / (alpha + beta), the exponent of D_opt ∝ C^b."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def G(self) -> float:
        """G = (alpha·A / (beta·B))^(1/(alpha+beta)) of Equation (4)."""
        return (self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta))

    @returns_finite
    def loss(self, params, tokens):
        """Predicted loss (nats per token) for ``params`` parameters trained on ``tokens``."""
        params = as_positive("params", params)
        tokens = as_positive("tokens", tokens)
        return self.E + self.A / params**self.alpha + self.B / tokens**self.beta

    def compute_optimal(self, flops):
        """Closed-form (params, tokens) minimising the loss under 6·params·tokens = flops."""
        return compute_optimal(self, flops)

    def tokens_per_param(self, flops):
        """D_opt / N_opt at ``flops``; constant in ``flops`` only when alpha == beta."""
        return tokens_per_param(self, flops)


HOFFMANN_2022 = ChinchillaLaw(
    E=1.69,
    A=406.4,
    B=410.7,
    alpha=0.34,
    beta=0.28,
    citation="hoffmann2022training",
    label="Hoffmann et al. 2022 (printed)",
)
"""Approach-3 fit as printed in Hoffmann et al. 2022, Appendix D.2, Equation (10)."""

_HOFFMANN_UNROUNDED_LOG = (6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083)
HOFFMANN_2022_UNROUNDED = ChinchillaLaw.from_log_params(
    *_HOFFMANN_UNROUNDED_LOG,
    citation="besiroglu2024chinchilla",
    label="Hoffmann et al. 2022 (unrounded)",
)
"""Hoffmann's unrounded Approach-3 values (from the TeX source of their paper).

Besiroglu et al. (2024) point out that the rounded printed values bias the
law's predictions. The values here are the log-form vector
(a, b, e, alpha, beta) = (6.0073404, 6.0179186, 0.5267228, 0.33917084,
0.2849083) used in Besiroglu et al.'s analysis code, i.e. A ≈ 406.40,
B ≈ 410.72, E ≈ 1.6934, alpha ≈ 0.3392, beta ≈ 0.2849. Not verified against
Hoffmann's TeX source itself here.
"""

BESIROGLU_2024 = ChinchillaLaw(
    E=1.8172,
    A=482.01,
    B=2085.43,
    alpha=0.3478,
    beta=0.3658,
    citation="besiroglu2024chinchilla",
    label="Besiroglu et al. 2024 (refit)",
)
"""Besiroglu et al. 2024's refit of Approach 3 to data extracted from Hoffmann's Figure 4.

Printed values (standard errors 0.03, 124.58, 1293.23, 0.02, 0.02). The
paper's analysis code stores the fit as (6.17795598, 7.64273236, 0.59711196,
0.34781303, 0.36585412) in log form, which reproduces A, B, alpha and beta
to the printed digits but gives E = exp(0.59711196) ≈ 1.8169, not 1.8172.
We keep the printed E.
"""

SARDANA_2024 = ChinchillaLaw(
    E=1.69,
    A=406.4,
    B=410.7,
    alpha=0.336,
    beta=0.283,
    citation="sardana2024beyond",
    label="Sardana et al. 2024 (their code)",
)
"""The Chinchilla constants in Sardana et al.'s own code (``utils.py`` of
nikhilsardana/beyond-chinchilla, ``ChinchillaConstants`` defaults): Hoffmann's printed A,
B and E with α = 0.336 and β = 0.283 to three digits. With them the optimisation of
chapter 5 gives the paper's opening example to the digits it prints (a 13B-quality model
for 2T tokens of demand: about 7B parameters, 1.7e22 FLOPs or 17% saved).
"""

CHINCHILLA_LAWS = (HOFFMANN_2022, HOFFMANN_2022_UNROUNDED, BESIROGLU_2024)

#: The data behind :data:`BESIROGLU_2024`. Hoffmann et al. trained "over 400" models
#: (``hoffmann2022training``, abstract); Besiroglu et al. could extract only a subset of them
#: from Hoffmann's Figure 4: 245 points (the ``svg_extracted_data.csv`` table of their
#: repository epoch-research/analyzing-chinchilla, ``data_analysis.ipynb``: 245 rows, 1.40e18
#: to 1.30e22 FLOPs), of which they dropped 5 and refitted on 240 (the paper, as quoted in
#: issue 17; the 240 was not re-read here).
BESIROGLU_2024_DATA = {"hoffmann_runs": 400, "points_extracted": 245, "points_fitted": 240,
                       "min_flops": 1.40e18, "max_flops": 1.30e22,
                       "citation": "besiroglu2024chinchilla"}


@dataclass(frozen=True)
class PublishedOptimum:
    """A compute-optimal (params, tokens) that a paper states for one budget.

    Attributes
    ----------
    flops, params, tokens : float
        The budget and the allocation as printed.
    citation : str
    note : str
        Where it is printed, and whether it was checked here.
    """

    flops: float
    params: float
    tokens: float
    citation: str
    note: str = ""

    def __post_init__(self):
        check_fields(self, positive=("flops", "params", "tokens"), text=("citation", "note"))

    @property
    def tokens_per_param(self) -> float:
        """D / N of the stated optimum."""
        return self.tokens / self.params

    @property
    def six_nd(self) -> float:
        """6·N·D of the stated allocation, FLOPs (compare with ``flops``)."""
        return FLOPS_PER_PARAM_TOKEN * self.params * self.tokens


LLAMA3_ISOFLOP_OPTIMUM = PublishedOptimum(
    flops=3.8e25, params=402e9, tokens=16.55e12, citation="dubey2024llama3",
    note="Section 3.2.1: IsoFLOP parabolas from 6e18 to 1e22 FLOPs, a power law "
    "N*(C) = A C^alpha for the optimal tokens with (alpha, A) = (0.53, 0.29), extrapolated to "
    "3.8e25 FLOPs: 'a 402B parameter model on 16.55T tokens'. Checked against the paper's "
    "text (ar5iv). 6ND of these two numbers is 4.0e25, not 3.8e25.",
)
"""Llama 3's own compute-optimal allocation at its flagship budget."""

HOFFMANN_APPROACH3_REPORTED = (
    PublishedOptimum(
        flops=5.76e23, params=40e9, tokens=5.76e23 / (6 * 40e9),
        citation="hoffmann2022training",
        note="Figure 4 (right): Approach 3's optimal size at the Gopher budget, about 40B. "
        "Taken from issue 17's check of the paper; the figure was not re-read here.",
    ),
    PublishedOptimum(
        flops=1.71e24, params=67e9, tokens=1.71e24 / (6 * 67e9),
        citation="hoffmann2022training",
        note="Table A3: Approach 3's estimate of the compute-optimal budget for a 67B model. "
        "Taken from issue 17's check of the paper; the table was not re-read here.",
    ),
)
"""What Hoffmann et al.'s own Approach-3 computation gave (not re-derived from the rounded
constants). Both lie close to the unrounded law and far from the printed one."""


@dataclass(frozen=True)
class AllocationExponents:
    """One row of Hoffmann et al. 2022, Table 2: N_opt ∝ C^a and D_opt ∝ C^b.

    The intervals are the 10th and 90th bootstrap percentiles (80% of the data
    resampled 100 times); ``None`` where the paper gives none.
    """

    approach: str
    a: float
    b: float
    a_interval: tuple[float, float] | None
    b_interval: tuple[float, float] | None
    citation: str = "hoffmann2022training"

    def __post_init__(self):
        check_fields(self, label="approach", finite=("a", "b"), text="citation")
        for name in ("a_interval", "b_interval"):
            v = getattr(self, name)
            if v is None:
                continue
            if not isinstance(v, tuple):
                check_type(name, v, tuple, "None or a (low, high) tuple of two numbers")
            if len(v) != 2:
                raise ValueError(f"{name} must be a (low, high) tuple of two numbers, got {v!r} "
                                 f"(length {len(v)})")
            lo, hi = (float(as_finite(name, x, allow_array=False)) for x in v)
            if lo > hi:
                raise ValueError(f"{name} must be (low, high) with low <= high, got {v!r}")


HOFFMANN_TABLE2 = {
    "approach1": AllocationExponents(
        "1. Minimum over training curves", 0.50, 0.50, (0.488, 0.502), (0.501, 0.512)
    ),
    "approach2": AllocationExponents(
        "2. IsoFLOP profiles", 0.49, 0.51, (0.462, 0.534), (0.483, 0.529)
    ),
    "approach3": AllocationExponents(
        "3. Parametric modelling of the loss", 0.46, 0.54, (0.454, 0.455), (0.542, 0.543)
    ),
    "kaplan": AllocationExponents("Kaplan et al. (2020)", 0.73, 0.27, None, None),
}
"""Hoffmann et al. 2022, Table 2 (exponents of the compute-optimal allocation)."""


@dataclass(frozen=True)
class ComputeOptimalProjection:
    """One row of Hoffmann et al. 2022, Table 3 (projections from Approach 1)."""

    params: float
    flops: float
    tokens: float
    citation: str = "hoffmann2022training"

    def __post_init__(self):
        check_fields(self, positive=("params", "flops", "tokens"), text="citation")

    @property
    def tokens_per_param(self) -> float:
        """Tokens per parameter implied by the row."""
        return self.tokens / self.params


HOFFMANN_TABLE3 = tuple(
    ComputeOptimalProjection(p, f, t)
    for p, f, t in (
        (400e6, 1.92e19, 8.0e9),
        (1e9, 1.21e20, 20.2e9),
        (10e9, 1.23e22, 205.1e9),
        (67e9, 5.76e23, 1.5e12),
        (175e9, 3.85e24, 3.7e12),
        (280e9, 9.90e24, 5.9e12),
        (520e9, 3.43e25, 11.0e12),
        (1e12, 1.27e26, 21.2e12),
        (10e12, 1.30e28, 216.2e12),
    )
)
"""Hoffmann et al. 2022, Table 3: compute-optimal FLOPs and tokens per model size (Approach 1)."""


# --------------------------------------------------------------------------------------
# Compute-optimal frontier
# --------------------------------------------------------------------------------------


def check_law(law, name: str = "law", cls=None):
    """``law`` if it is a :class:`ChinchillaLaw` (or ``cls``); else a clear ``TypeError``."""
    cls = cls or ChinchillaLaw
    examples = {"ChinchillaLaw": "laws.HOFFMANN_2022",
                "DataConstrainedLaw": "laws.MUENNIGHOFF_2023",
                "KaplanJointLaw": "laws.KAPLAN_JOINT_LAW", "PowerLaw": "laws.KAPLAN_PARAMS_LAW"}
    eg = examples.get(cls.__name__)
    return check_type(name, law, cls, f"a {cls.__name__}" + (f" such as {eg}" if eg else ""))


@returns_finite
def compute_optimal(law: ChinchillaLaw, flops):
    r"""Closed-form compute-optimal allocation for a Chinchilla-form law.

    .. math:: N_{opt} = G\,(C/6)^a,\qquad D_{opt} = G^{-1}(C/6)^b

    (``hoffmann2022training``, Equation 4). ``a + b = 1``, so
    6·N_opt·D_opt = C exactly.

    Parameters
    ----------
    law : ChinchillaLaw
    flops : float or array
        Training budget C in FLOPs.

    Returns
    -------
    (params, tokens) : tuple of float or arrays
    """
    check_law(law)
    flops = as_positive("flops", flops)
    x = flops / FLOPS_PER_PARAM_TOKEN
    g = law.G
    params = g * x**law.params_exponent
    tokens = x / params  # = x**b / G, written so that 6·N·D == C to rounding
    return params, tokens


@returns_finite
def tokens_per_param(law: ChinchillaLaw, flops):
    r"""Tokens per parameter at the compute optimum, :math:`D_{opt}/N_{opt} = G^{-2}(C/6)^{b-a}`.

    It does not depend on ``flops`` only when alpha == beta; the famous
    "20 tokens per parameter" is a rounded rule of thumb from Table 3 of
    ``hoffmann2022training``.
    """
    params, tokens = compute_optimal(law, flops)
    return tokens / params


@returns_finite
def isoflop_profile(law: ChinchillaLaw, flops, params):
    """Loss along the IsoFLOP curve 6·params·tokens = flops.

    Parameters
    ----------
    law : ChinchillaLaw
    flops : float
        The budget C in FLOPs.
    params : float or array
        Model sizes at which to evaluate the curve.

    Returns
    -------
    (tokens, loss) : tuple
        tokens = flops / (6·params) and the law's loss there.
    """
    check_law(law)
    flops = as_positive("flops", flops, allow_array=False)
    params = as_positive("params", params)
    tokens = flops / (FLOPS_PER_PARAM_TOKEN * params)
    if not np.all((tokens > 0) & np.isfinite(tokens)):
        raise out_of_range("tokens = flops / (6·params)", flops=flops, params=params)
    return tokens, law.loss(params, tokens)


@returns_finite
def isoflop_optimum(law: ChinchillaLaw, flops, *, xtol: float = 1e-13, maxiter: int = 500):
    r"""Numerical minimum of the loss along the IsoFLOP curve at ``flops``.

    With x = log N and D = C/(6N), the slope of the loss along the curve is

    .. math:: \frac{dL}{dx} = -\alpha A N^{-\alpha} + \beta B D^{-\beta},

    which increases monotonically in x (the loss is strictly convex in log N
    along an IsoFLOP curve). The minimum is its root, found by Brent's method
    on x in [0, log(C/6)] (at least one parameter and one token). This does
    not use the closed form, so the tests can compare the two.

    Returns
    -------
    (params, tokens) : tuple of float
    """
    check_law(law)
    flops = as_positive("flops", flops, allow_array=False)
    xtol = as_positive("xtol", xtol, allow_array=False)
    maxiter = as_int("maxiter", maxiter, maximum=100_000)
    hi = math.log(flops / FLOPS_PER_PARAM_TOKEN)
    if hi <= 0:
        raise ValueError(f"flops must exceed 6 (one parameter, one token), got {flops!r}")

    def slope(x):
        params = math.exp(x)
        tokens = math.exp(hi - x)
        return -law.alpha * law.A * params**-law.alpha + law.beta * law.B * tokens**-law.beta

    lo_slope, hi_slope = slope(0.0), slope(hi)
    if lo_slope >= 0:  # optimum at (or below) one parameter
        x = 0.0
    elif hi_slope <= 0:  # optimum at (or below) one token
        x = hi
    else:
        x = brentq(slope, 0.0, hi, xtol=xtol, rtol=4 * np.finfo(float).eps, maxiter=maxiter)
    params = math.exp(x)
    return params, flops / (FLOPS_PER_PARAM_TOKEN * params)


# --------------------------------------------------------------------------------------
# Muennighoff et al. 2023: data-constrained law
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataConstrainedLaw:
    r"""Data-constrained scaling law of Muennighoff et al. (2023).

    Repeated tokens and excess parameters are worth less than fresh ones:

    .. math::
        D' = U_D + U_D R_D^* \left(1 - e^{-R_D/R_D^*}\right),\qquad
        N' = U_N + U_N R_N^* \left(1 - e^{-R_N/R_N^*}\right),

    .. math:: L(N, D, U_D) = E + \frac{A}{N'^\alpha} + \frac{B}{D'^\beta}

    with :math:`U_D` unique tokens, :math:`R_D = D/U_D - 1` repetitions,
    :math:`U_N = \min(N, N_{opt}(U_D))` the compute-optimal model size for
    :math:`U_D` tokens under the law's own Chinchilla constants, and
    :math:`R_N = N/U_N - 1` (``muennighoff2023scaling``; this follows the
    reference implementation in the authors' repository).
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    r_d_star: float
    r_n_star: float
    citation: str

    def __post_init__(self):
        check_fields(self, positive=("E", "A", "B", "alpha", "beta", "r_d_star", "r_n_star"),
                     text="citation")

    @property
    def base_law(self) -> ChinchillaLaw:
        """The underlying Chinchilla-form law (no repetition)."""
        return ChinchillaLaw(self.E, self.A, self.B, self.alpha, self.beta, self.citation)

    @returns_finite
    def effective_tokens(self, tokens, unique_tokens):
        """D', the fresh tokens worth as much as ``tokens`` drawn from ``unique_tokens``."""
        tokens, unique_tokens = self._tokens(tokens, unique_tokens)
        repeats = np.maximum(tokens / unique_tokens - 1.0, 0.0)
        return unique_tokens + unique_tokens * self.r_d_star * (
            1.0 - np.exp(-repeats / self.r_d_star)
        )

    @returns_finite
    def effective_params(self, params, unique_tokens):
        """N', the parameter count worth as much as ``params`` when data are ``unique_tokens``."""
        params = as_positive("params", params)
        unique_tokens = as_positive("unique_tokens", unique_tokens)
        g = self.base_law.G
        # compute-optimal N for D = unique_tokens: N = G (C/6)^a with D = (C/6)^b / G
        useful = (unique_tokens * g) ** (self.beta / self.alpha) * g
        u_n = np.minimum(params, useful)
        repeats = np.maximum(params / u_n - 1.0, 0.0)
        return u_n + u_n * self.r_n_star * (1.0 - np.exp(-repeats / self.r_n_star))

    @returns_finite
    def loss(self, params, tokens, unique_tokens):
        """Predicted loss for ``params`` trained on ``tokens`` drawn from ``unique_tokens``."""
        n_eff = self.effective_params(params, unique_tokens)
        d_eff = self.effective_tokens(tokens, unique_tokens)
        return self.E + self.A / n_eff**self.alpha + self.B / d_eff**self.beta

    @staticmethod
    def _tokens(tokens, unique_tokens):
        tokens = as_positive("tokens", tokens)
        unique_tokens = as_positive("unique_tokens", unique_tokens)
        if np.any(np.asarray(unique_tokens) > np.asarray(tokens)):
            raise ValueError(
                f"unique_tokens must not exceed tokens, got unique_tokens={unique_tokens!r} "
                f"and tokens={tokens!r}"
            )
        return tokens, unique_tokens


_MUENNIGHOFF_LOG = (6.255414, 7.3049974, 0.6254804, 0.3526596, 0.3526596)
MUENNIGHOFF_2023 = DataConstrainedLaw(
    E=math.exp(_MUENNIGHOFF_LOG[2]),
    A=math.exp(_MUENNIGHOFF_LOG[0]),
    B=math.exp(_MUENNIGHOFF_LOG[1]),
    alpha=_MUENNIGHOFF_LOG[3],
    beta=_MUENNIGHOFF_LOG[4],
    r_d_star=15.387756,
    r_n_star=5.309743,
    citation="muennighoff2023scaling",
)
"""Muennighoff et al. 2023 fitted constants (C4).

From the authors' repository (huggingface/datablations, "Parametric Fit"):
(a, b, e, alpha, beta, R_D*, R_N*) = (6.255414, 7.3049974, 0.6254804,
0.3526596, 0.3526596, 15.387756, 5.309743), i.e. A ≈ 520.8, B ≈ 1487.7,
E ≈ 1.869, alpha = beta ≈ 0.353, R_D* ≈ 15.39, R_N* ≈ 5.31.
"""
