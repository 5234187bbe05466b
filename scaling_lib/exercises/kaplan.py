"""Exercises of chapter 1, "Power laws" (``book/01_kaplan.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.laws``, ``scaling_lib.power_laws`` and the cached lab sweep,
independently of the solution cells in the book.
"""

import math
from functools import lru_cache

import numpy as np

from scaling_lib import laws
from scaling_lib import power_laws as pl
from scaling_lib.exercises.core import (
    ChoiceQuestion,
    DeferredQuestion,
    NumericQuestion,
    _literal,
    _tex_int,
)
from scaling_lib.plotting import tex as _tex

_AN = laws.KAPLAN_PARAMS_LAW.exponent
_AD = laws.KAPLAN_TOKENS_LAW.exponent
_AC = laws.KAPLAN_COMPUTE_LAW.exponent
_AC_FIXED = laws.KAPLAN_COMPUTE_FIXED_BATCH_LAW.exponent

# ---------------------------------------------------------------------------- q1
_Q1 = float(pl.loss_factor(_AN, 2.0))
q1 = NumericQuestion(
    "q1",
    expected=_Q1,
    rel_tol=0.002,
    units="(a ratio)",
    misconceptions={
        1 - _Q1: "that is the fractional reduction of the loss; the question asks for the "
                 "factor new loss / old loss.",
        2**_AN: "the loss falls when N grows: the exponent of 2 is negative.",
        0.5: "the loss is not proportional to 1/N; it scales as N^(−α_N) with a small α_N.",
        float(pl.loss_factor(_AD, 2.0)): "0.095 is α_D, the exponent of the data law L(D).",
        float(pl.loss_factor(_AC, 2.0)): "0.050 is the exponent of the compute law L(C_min).",
    },
    hints=[
        "Under L(N) = (N_c/N)^α_N, compare L(2N) with L(N): N_c cancels.",
        f"L(2N)/L(N) = 2^(−α_N) with α_N = {_AN}.",
    ],
    worked_solution=(
        "$L(2N)/L(N) = \\left(\\frac{N_c}{2N}\\right)^{\\alpha_N} / "
        "\\left(\\frac{N_c}{N}\\right)^{\\alpha_N} = 2^{-\\alpha_N}$, "
        f"and with $\\alpha_N = {_AN}$ that is **{_Q1:.4f}**: a "
        f"{1 - _Q1:.1%} lower loss, whatever $N$ you start from. "
        "Kaplan et al. (2020) quote the same number, rounded to 0.95."
    ),
)

# ---------------------------------------------------------------------------- q2
_Q2 = float(pl.multiple_for_loss_factor(_AC, 0.9))
q2 = NumericQuestion(
    "q2",
    expected=_Q2,
    rel_tol=0.01,
    units="times the compute",
    misconceptions={
        float(pl.multiple_for_loss_factor(_AC_FIXED, 0.9)):
            "that uses the fixed-batch exponent 0.057; the question is about L(C_min), "
            "exponent 0.050.",
        1.1 ** (1 / _AC): "a 10% lower loss is a factor 0.9, not 1/1.1.",
        0.1 / _AC: "a power law is not linear: solve m^(−α) = 0.9 for m.",
        0.9 ** (1 / _AC): "the multiple must be larger than 1: more compute lowers the loss.",
    },
    hints=[
        "Multiplying C by m multiplies L(C_min) by m^(−α_C). Set that equal to 0.9.",
        f"m = 0.9^(−1/α_C) with α_C = {_AC}.",
    ],
    worked_solution=(
        "Multiplying the compute by $m$ multiplies $L(C_{min})$ by $m^{-\\alpha_C}$, so we need "
        f"$m^{{-{_AC}}} = 0.9$, i.e. $m = 0.9^{{-1/{_AC}}} \\approx$ **{_Q2:.2f}**. "
        "A modest-looking gain in loss costs almost an order of magnitude in compute."
    ),
)


# ---------------------------------------------------------------------------- lab data
# q3 and q6 read the cached n_sweep: only when first checked, hinted or solved, so that
# importing this module reads nothing (a missing cache then fails those two, clearly).
def _n_sweep():
    from scaling_lib.widgets.kaplan import lab_points

    return lab_points("n_sweep")


def _total_params_slope(L, E):  # noqa: N803 - the chapter's symbols
    from scaling_lib.lab import load_sweep

    rows = sorted((r for r in load_sweep("n_sweep").rows if not r.get("replicate")),
                  key=lambda r: r["non_embedding_params"])
    n = np.array([r["total_params"] for r in rows], dtype=float)
    return -math.log((L[-1] - E) / (L[0] - E)) / math.log(n[-1] / n[0])


@lru_cache(maxsize=1)
def _lab() -> dict:
    X, L, E = _n_sweep()  # noqa: N806
    ex6 = pl.extrapolate(X, L, 4, floor=E)
    return {"_X": X, "_L": L, "_E": E,
            "_Q3": -math.log((L[-1] - E) / (L[0] - E)) / math.log(X[-1] / X[0]),
            "_TOTAL3": _total_params_slope(L, E),
            "_EX": ex6, "_Q6": float(ex6.predicted[-1]),
            "_PURE": float(pl.extrapolate(X, L, 4, floor=0.0).predicted[-1])}


def __getattr__(name: str):
    """The lab values behind q3 and q6 (``_X``, ``_L``, ``_E``, ``_Q3`` …), on first use."""
    if name in ("_X", "_L", "_E", "_Q3", "_EX", "_Q6", "_PURE"):
        return _lab()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _build_q3() -> NumericQuestion:
    v = _lab()
    _X, _L, _E, _Q3 = v["_X"], v["_L"], v["_E"], v["_Q3"]  # noqa: N806
    return NumericQuestion(
        "q3",
        expected=_Q3,
        rel_tol=0.01,
        units="(an exponent)",
        misconceptions={
            -math.log(_L[-1] / _L[0]) / math.log(_X[-1] / _X[0]):
                "that is the slope of the loss itself; subtract the entropy E first, the part "
                "of the loss no model can remove.",
            v["_TOTAL3"]: "Kaplan's N, and this question, count non-embedding "
                          "parameters, not total parameters.",
            -math.log10((_L[-1] - _E) / (_L[0] - _E)) / math.log(_X[-1] / _X[0]):
                "use the same logarithm for both the loss ratio and the size ratio.",
        },
        hints=[
            "On log-log axes a power law is a line: α = −Δlog(L − E) / Δlog N.",
            "Use the columns non_embedding_params and final_loss of the smallest and largest "
            "seed-0 runs, and E = the table's meta['entropy_nats'].",
        ],
        worked_solution=(
            f"The smallest run has $N = {_tex_int(_X[0])}$ and $L - E = {_L[0] - _E:.4f}$ nats; "
            f"the largest $N = {_tex_int(_X[-1])}$ and $L - E = {_L[-1] - _E:.4f}$ nats. "
            f"$\\alpha = -\\ln({_L[-1] - _E:.4f}/{_L[0] - _E:.4f}) / "
            f"\\ln({_tex_int(_X[-1])}/{_tex_int(_X[0])}) "
            f"\\approx$ **{_Q3:.3f}**. Without subtracting $E$ the slope would be only "
            f"{-math.log(_L[-1] / _L[0]) / math.log(_X[-1] / _X[0]):.3f}: most of the loss is the "
            "floor, which does not scale."
        ),
    )


q3 = DeferredQuestion("q3", _build_q3)

# ---------------------------------------------------------------------------- q4
_Q4 = float(pl.KAPLAN_OVERFITTING.min_tokens(1e9))
q4 = NumericQuestion(
    "q4",
    expected=_Q4,
    rel_tol=0.02,
    units="tokens",
    misconceptions={
        20 * 1e9: "20 tokens per parameter is Chinchilla's compute-optimal rule of thumb "
                  "(chapter 2), not Kaplan's overfitting condition.",
        5e3 * 1e9: "the condition is sub-linear: N enters as N^0.74.",
        1e9**0.74: "you left out the coefficient 5·10³.",
        5e3 * 1e9**0.076: "the exponent is 0.74, not α_N.",
    },
    hints=[
        "Kaplan's Eq. (4.4): D ≳ (5·10³)·N^0.74, with N non-embedding parameters.",
        "Compute 5e3 * (1e9)**0.74.",
    ],
    worked_solution=(
        f"$D \\gtrsim 5\\times10^3 \\times (10^9)^{{0.74}} \\approx {_tex(_Q4)}$ tokens, "
        f"about {_Q4 / 1e9:.0f} tokens per parameter. Larger models need relatively less "
        "data by this rule: at $10^{11}$ parameters it asks for "
        f"{float(pl.KAPLAN_OVERFITTING.min_tokens(1e11)) / 1e11:.0f} tokens per parameter."
    ),
)

# ---------------------------------------------------------------------------- q5
_Q5 = float(laws.KAPLAN_COMPUTE_LAW.inverse(2.0))
q5 = NumericQuestion(
    "q5",
    expected=_Q5,
    rel_tol=0.01,
    units="PF-days",
    misconceptions={
        _Q5 * laws.FLOPS_PER_PF_DAY: "that is in FLOPs; the law's C is in PF-days.",
        float(laws.KAPLAN_COMPUTE_FIXED_BATCH_LAW.inverse(2.0)):
            "that uses the fixed-batch law (C_c = 1.6e7, α = 0.057); use L(C_min).",
        laws.KAPLAN_COMPUTE_LAW.scale * 2.0**_AC: "invert the law: C = C_c · L^(−1/α_C).",
    },
    hints=[
        "Solve (C_c/C)^α_C = L for C.",
        f"C = C_c · L^(−1/α_C) with C_c = {_literal(laws.KAPLAN_COMPUTE_LAW.scale)} PF-days and "
        f"α_C = {_AC}.",
    ],
    worked_solution=(
        "$C = C_c\\,L^{-1/\\alpha_C} = 3.1\\times10^8 \\times 2^{-20} \\approx$ "
        f"**{_Q5:,.0f} PF-days**, or ${_tex(_Q5 * laws.FLOPS_PER_PF_DAY)}$ FLOPs. "
        "(`laws.KAPLAN_COMPUTE_LAW.inverse(2.0)` does the same.)"
    ),
)

# ---------------------------------------------------------------------------- q6
def _build_q6() -> NumericQuestion:
    v = _lab()
    _X, _L, _E, _EX, _Q6, _PURE = (v[k] for k in ("_X", "_L", "_E", "_EX", "_Q6",  # noqa: N806
                                                  "_PURE"))
    return NumericQuestion(
        "q6",
        expected=_Q6,
        rel_tol=0.002,
        units="nats per token",
        misconceptions={
            float(_L[-1]): "that is the measured loss of the largest run; the question asks "
                           "what the fit on the four smallest runs predicts for it.",
            _PURE: "that is a pure power law fitted to the loss; fit the excess L − E and add E "
                   "back.",
            _Q6 - _E: "that is the predicted excess loss; add the entropy E to get the loss.",
        },
        hints=[
            "Fit log(L − E) against log N on the 4 smallest runs (a straight line), evaluate it "
            "at the largest N, and add E back.",
            "`power_laws.extrapolate(N, L, 4, floor=E)` does this; its `.predicted[-1]` is the "
            "prediction for the largest run.",
        ],
        worked_solution=(
            f"On the four smallest runs the excess loss fits "
            f"$L - E = c\\,N^{{{_EX.fit.exponent:.3f}}}$"
            f". At the largest run, $N = {_tex_int(_X[-1])}$, it predicts "
            f"$L - E = {_Q6 - _E:.4f}$, so "
            f"$L \\approx$ **{_Q6:.4f}** nats. The run measured {_L[-1]:.4f}: the prediction is "
            f"{_L[-1] - _Q6:.4f} nats too optimistic, because the lab's excess loss bends "
            "slightly on log-log axes. A pure power law fitted to $L$ would have predicted "
            f"{_PURE:.4f}."
        ),
    )


q6 = DeferredQuestion("q6", _build_q6)

# ---------------------------------------------------------------------------- q7
_P, _T = pl.joint_terms(laws.KAPLAN_JOINT_LAW, 175e9, 300e9)
_Q7 = pl.bottleneck(laws.KAPLAN_JOINT_LAW, 175e9, 300e9)
q7 = ChoiceQuestion(
    "q7",
    options={"params": "the model size N", "tokens": "the training data D"},
    correct=_Q7,
    why_wrong={
        "tokens": "compare the two terms inside the bracket of L(N, D): "
                  "(N_c/N)^(α_N/α_D) and D_c/D. Which is larger?",
        "params": "compare the two terms inside the bracket of L(N, D): "
                  "(N_c/N)^(α_N/α_D) and D_c/D. Which is larger?",
    },
    hints=[
        "The larger of the two terms inside the bracket of Eq. (1.5) limits the loss.",
        "`power_laws.joint_terms(laws.KAPLAN_JOINT_LAW, 175e9, 300e9)` returns both terms.",
    ],
    worked_solution=(
        f"With Table 2's constants, $(N_c/N)^{{\\alpha_N/\\alpha_D}} = {_P:.1f}$ and "
        f"$D_c/D = {_T:.1f}$. The parameter term is larger, so the answer is **{_Q7}**, "
        "though not by much: by Kaplan's law GPT-3 was roughly balanced, slightly "
        "size-limited. Chapter 2 reaches the opposite verdict."
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6, q7]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
