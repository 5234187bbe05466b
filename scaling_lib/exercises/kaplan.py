"""Exercises of chapter 1, "Power laws" (``book/01_kaplan.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.laws``, ``scaling_lib.power_laws`` and the cached lab sweep,
independently of the solution cells in the book.

Handles: ``p1 … p4`` predictions at the top of the sections that answer them; ``t1 … t3``
"Try this" questions after the three explorers; ``q1 … q9`` the end-of-chapter exercises.
Objectives (the chapter's list): 1 read a log-log plot and say why a pure power law has no
floor, 2 Kaplan's three laws (doublings, target losses), 3 the joint law and the overfitting
condition, 4 Kaplan's compute-optimal allocation, 5 fit, extrapolate and recognise failure,
6 why the lab's losses follow power laws (the Zipf tail) and their exponents from s.
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
from scaling_lib.plotting import human_count as _count
from scaling_lib.plotting import tex as _tex

_AN = laws.KAPLAN_PARAMS_LAW.exponent
_AD = laws.KAPLAN_TOKENS_LAW.exponent
_AC = laws.KAPLAN_COMPUTE_LAW.exponent
_AC_FIXED = laws.KAPLAN_COMPUTE_FIXED_BATCH_LAW.exponent

# ---------------------------------------------------------------------------- q1
_Q1 = float(pl.loss_factor(_AN, 8.0))  # three doublings
q1 = NumericQuestion(
    "q1",
    kind="compute",
    objectives=[2],
    expected=_Q1,
    rel_tol=0.002,
    units="(a ratio)",
    misconceptions={
        1 - _Q1: "that is the fractional reduction of the loss; the question asks for the "
                 "factor new loss / old loss.",
        8**_AN: "the loss falls when N grows: the exponent of 8 is negative.",
        1 / 8: "the loss is not proportional to 1/N; it scales as N^(−α_N) with a small α_N.",
        float(pl.loss_factor(_AN, 2.0)): "that is one doubling; the model doubles three times.",
        3 * float(pl.loss_factor(_AN, 2.0)): "the factors of the three doublings multiply, "
                                             "they do not add.",
        float(pl.loss_factor(_AD, 8.0)): "0.095 is α_D, the exponent of the data law L(D).",
        float(pl.loss_factor(_AC, 8.0)): "0.050 is the exponent of the compute law L(C_min).",
    },
    hints=[
        "Under a power law, multiplying N by a factor multiplies L by a factor that does not "
        "depend on N: the scale N_c cancels.",
        "L(mN)/L(N) = m^(−α_N).",
    ],
    worked_solution=(
        "$L(8N)/L(N) = \\left(\\frac{N_c}{8N}\\right)^{\\alpha_N} / "
        "\\left(\\frac{N_c}{N}\\right)^{\\alpha_N} = 8^{-\\alpha_N} = "
        "(2^{-\\alpha_N})^3$, "
        f"and with $\\alpha_N = {_AN}$ that is **{_Q1:.4f}**: a "
        f"{1 - _Q1:.1%} lower loss, whatever $N$ you start from."
    ),
)

# ---------------------------------------------------------------------------- q2
_Q2 = float(pl.multiple_for_loss_factor(_AD, 0.92))
q2 = NumericQuestion(
    "q2",
    kind="compute",
    objectives=[2],
    expected=_Q2,
    rel_tol=0.01,
    units="times the data",
    misconceptions={
        float(pl.multiple_for_loss_factor(_AC, 0.92)):
            "that uses the compute exponent 0.050; the question is about L(D), exponent 0.095.",
        float(pl.multiple_for_loss_factor(_AN, 0.92)):
            "that uses α_N = 0.076; the data law's exponent is α_D = 0.095.",
        1.08 ** (1 / _AD):
            "an 8% lower loss is a factor 0.92, not 1/1.08.",
        0.08 / _AD: "a power law is not linear: solve m^(−α_D) = 0.92 for m.",
        0.92 ** (1 / _AD): "the multiple must be larger than 1: more data lowers the loss.",
        float(pl.multiple_for_loss_factor(_AD, 0.9)): "that is the price of 10%; the question "
                                                      "asks for 8%.",
    },
    hints=[
        "Multiplying D by m multiplies L(D) by a factor that depends on m only: set that "
        "factor equal to 0.92.",
        "m^(−α_D) = 0.92, so m = 0.92^(−1/α_D).",
    ],
    worked_solution=(
        "Multiplying the data by $m$ multiplies $L(D)$ by $m^{-\\alpha_D}$, so we need "
        f"$m^{{-{_AD}}} = 0.92$, i.e. $m = 0.92^{{-1/{_AD}}} \\approx$ **{_Q2:.2f}**. "
        "A loss only 8% lower costs well over twice the data."
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
    return -math.log((L[-1] - E) / (L[_Q3_FIRST] - E)) / math.log(n[-1] / n[_Q3_FIRST])


#: q6 fits this many of the smallest runs (the page's worked example fits four) and predicts
#: the second-largest run (the explorer's box shows the largest one's prediction)
_Q6_FIT = 3
#: q3 takes the second-smallest and the largest run (the page fits all of them: 0.49)
_Q3_FIRST = 1


@lru_cache(maxsize=1)
def _lab() -> dict:
    X, L, E = _n_sweep()  # noqa: N806
    ex6 = pl.extrapolate(X, L, _Q6_FIT, floor=E)
    return {"_X": X, "_L": L, "_E": E,
            "_Q3": -math.log((L[-1] - E) / (L[_Q3_FIRST] - E)) / math.log(X[-1] / X[_Q3_FIRST]),
            "_TOTAL3": _total_params_slope(L, E),
            "_EX": ex6, "_Q6": float(ex6.predicted[-2]),
            "_Q6_LARGEST": float(ex6.predicted[-1]),
            "_PURE": float(pl.extrapolate(X, L, _Q6_FIT, floor=0.0).predicted[-2]),
            # the page's worked example: the four smallest runs
            "_PAGE4": float(pl.extrapolate(X, L, 4, floor=E).predicted[-2])}


def __getattr__(name: str):
    """The lab values behind q3 and q6 (``_X``, ``_L``, ``_E``, ``_Q3`` …), on first use."""
    if name in ("_X", "_L", "_E", "_Q3", "_EX", "_Q6", "_PURE"):
        return _lab()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _build_q3() -> NumericQuestion:
    v = _lab()
    _X, _L, _E, _Q3 = v["_X"], v["_L"], v["_E"], v["_Q3"]  # noqa: N806
    i = _Q3_FIRST
    return NumericQuestion(
        "q3",
        kind="complete",
        objectives=[1, 5],
        expected=_Q3,
        rel_tol=0.01,
        units="(an exponent)",
        misconceptions={
            -math.log(_L[-1] / _L[_Q3_FIRST]) / math.log(_X[-1] / _X[_Q3_FIRST]):
                "that is the slope of the loss itself; subtract the entropy E first, the part "
                "of the loss no model can remove.",
            -math.log((_L[-1] - _E) / (_L[0] - _E)) / math.log(_X[-1] / _X[0]):
                "that uses the smallest run; the question takes the second-smallest.",
            v["_TOTAL3"]: "Kaplan's N, and this question, count non-embedding "
                          "parameters, not total parameters.",
            -math.log10((_L[-1] - _E) / (_L[_Q3_FIRST] - _E)) / math.log(_X[-1] / _X[_Q3_FIRST]):
                "use the same logarithm for both the loss ratio and the size ratio.",
        },
        hints=[
            "On log-log axes a power law is a straight line, and its exponent is minus its "
            "slope: which two quantities go on the axes?",
            "α = −[log(L − E) of the large run − log(L − E) of the small run] / "
            "[log N of the large run − log N of the small run].",
        ],
        worked_solution=(
            f"The second-smallest run has $N = {_tex_int(_X[i])}$ and "
            f"$L - E = {_L[i] - _E:.4f}$ nats; "
            f"the largest $N = {_tex_int(_X[-1])}$ and $L - E = {_L[-1] - _E:.4f}$ nats. "
            f"$\\alpha = -\\ln({_L[-1] - _E:.4f}/{_L[i] - _E:.4f}) / "
            f"\\ln({_tex_int(_X[-1])}/{_tex_int(_X[i])}) "
            f"\\approx$ **{_Q3:.3f}**. Without subtracting $E$ the slope would be only "
            f"{-math.log(_L[-1] / _L[i]) / math.log(_X[-1] / _X[i]):.3f}: most of the loss is the "
            "floor, which does not scale."
        ),
    )


q3 = DeferredQuestion("q3", _build_q3)

# ---------------------------------------------------------------------------- q4
_N4 = 1e10
_Q4 = float(pl.KAPLAN_OVERFITTING.min_tokens(_N4))
q4 = NumericQuestion(
    "q4",
    kind="compute",
    objectives=[3],
    expected=_Q4,
    rel_tol=0.02,
    units="tokens",
    misconceptions={
        20 * _N4: "20 tokens per parameter is Chinchilla's compute-optimal rule of thumb "
                  "(chapter 2), not Kaplan's overfitting condition.",
        5e3 * _N4: "the condition is sub-linear: N enters as N^0.74.",
        _N4**0.74: "you left out the coefficient 5·10³.",
        5e3 * _N4**0.076: "the exponent is 0.74, not α_N.",
        float(pl.KAPLAN_OVERFITTING.min_tokens(1e9)): "that is the data for 10^9 parameters, "
                                                      "the page's example; this model has "
                                                      "10^10.",
    },
    hints=[
        "Kaplan et al. ask that the penalty for finite data stay below the seed-to-seed noise: "
        "their overfitting condition. Does the data it asks for grow faster or slower than N?",
        "Eq. (4.4): D ≳ 5·10³ · N^0.74, with N non-embedding parameters.",
    ],
    worked_solution=(
        f"$D \\gtrsim 5\\times10^3 \\times (10^{{10}})^{{0.74}} \\approx {_tex(_Q4)}$ "
        f"tokens, about {_Q4 / _N4:.0f} tokens per parameter. Larger models need relatively "
        "less data by this rule: at $10^9$ parameters it asks for "
        f"{float(pl.KAPLAN_OVERFITTING.min_tokens(1e9)) / 1e9:.0f} tokens per parameter."
    ),
)

# ---------------------------------------------------------------------------- q5
_Q5 = float(laws.KAPLAN_COMPUTE_LAW.inverse(2.0))
q5 = NumericQuestion(
    "q5",
    kind="compute",
    objectives=[2],
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
        "Invert the law: which compute makes (C_c/C)^α_C equal to the target loss? Mind its "
        "unit.",
        f"C = C_c · L^(−1/α_C), with C_c = {_literal(laws.KAPLAN_COMPUTE_LAW.scale)} PF-days.",
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
        kind="compute",
        objectives=[5],
        expected=_Q6,
        rel_tol=0.001,
        units="nats per token",
        misconceptions={
            float(_L[-2]): "that is the measured loss of the second-largest run; the question "
                           "asks what the fit on the three smallest runs predicts for it.",
            v["_Q6_LARGEST"]: "that is the prediction for the largest run; the question asks "
                              "for the second-largest.",
            v["_PAGE4"]: "that is the fit on the four smallest runs, the page's example; fit "
                         "the three smallest.",
            _PURE: "that is a pure power law fitted to the loss; fit the excess L − E and add E "
                   "back.",
            _Q6 - _E: "that is the predicted excess loss; add the entropy E to get the loss.",
        },
        hints=[
            "Which quantity is a straight line on log-log axes, the loss or the loss above the "
            "floor? Fit that one, then undo the subtraction.",
            "Fit log(L − E) against log N on the 3 smallest runs, evaluate the line at the "
            "second-largest N and add E back (`power_laws.extrapolate` does the fit).",
        ],
        worked_solution=(
            f"On the three smallest runs the excess loss fits "
            f"$L - E = c\\,N^{{{_EX.fit.exponent:.3f}}}$"
            f". At the second-largest run, $N = {_tex_int(_X[-2])}$, it predicts "
            f"$L - E = {_Q6 - _E:.4f}$, so "
            f"$L \\approx$ **{_Q6:.4f}** nats. The run measured {_L[-2]:.4f}: the prediction is "
            f"{_L[-2] - _Q6:.4f} nats too optimistic (the page's four-run fit is "
            f"{_L[-2] - v['_PAGE4']:.4f} too optimistic there), because the lab's excess loss "
            "bends "
            "slightly on log-log axes. A pure power law fitted to $L$ would have predicted "
            f"{_PURE:.4f}."
        ),
    )


q6 = DeferredQuestion("q6", _build_q6)

# ---------------------------------------------------------------------------- q7
_N7, _D7 = 200e9, 200e9
_P, _T = pl.joint_terms(laws.KAPLAN_JOINT_LAW, _N7, _D7)
_Q7 = pl.bottleneck(laws.KAPLAN_JOINT_LAW, _N7, _D7)
q7 = ChoiceQuestion(
    "q7",
    kind="compute",
    objectives=[3],
    options={"params": "the model size N", "tokens": "the training data D"},
    correct=_Q7,
    why_wrong={
        "tokens": "compare the two terms inside the bracket of L(N, D): "
                  "(N_c/N)^(α_N/α_D) and D_c/D. Which is larger?",
        "params": "compare the two terms inside the bracket of L(N, D): "
                  "(N_c/N)^(α_N/α_D) and D_c/D. Which is larger?",
    },
    hints=[
        "The joint law adds a parameter term and a data term inside its bracket: the larger "
        "one limits the loss.",
        "P = (N_c/N)^(α_N/α_D) and T = D_c/D, with Table 2's constants "
        "(`power_laws.joint_terms` returns both).",
    ],
    worked_solution=(
        f"With Table 2's constants, $(N_c/N)^{{\\alpha_N/\\alpha_D}} = {_P:.2f}$ and "
        f"$D_c/D = {_T:.2f}$. The "
        f"{'data' if _Q7 == 'tokens' else 'parameter'} term is larger, so the answer is "
        f"**{_Q7}**: at one token per parameter, far fewer than GPT-3's 1.7, even Kaplan's law "
        "calls the data the limit."
    ),
)

# ---------------------------------------------------------------------------- p1
# top of "Power laws on log-log axes": the same ratio per doubling, not the same nats
_LAW_N = laws.KAPLAN_PARAMS_LAW
_GAIN_SMALL = float(_LAW_N.loss(1e8) - _LAW_N.loss(2e8))
_GAIN_LARGE = float(_LAW_N.loss(1e11) - _LAW_N.loss(2e11))
p1 = ChoiceQuestion(
    "p1",
    kind="predict",
    objectives=[1, 2],
    options={
        "a": "both doublings save the same number of nats",
        "b": "the doubling of the small model saves more nats",
        "c": "the doubling of the large model saves more nats",
    },
    correct="b" if _GAIN_SMALL > 1.5 * _GAIN_LARGE else "a",
    why_wrong={
        "a": "each doubling multiplies the loss by the same ratio, but the large model's loss "
             "is already lower, so the same percentage of it is fewer nats.",
        "c": "a power law gives every doubling the same ratio, not a growing one; applied to a "
             "smaller loss, that ratio removes fewer nats.",
    },
    hints=[
        "A power law fixes the ratio L(2N)/L(N). Is the loss the same at both sizes?",
        "Saving = L(N) · (1 − 2^(−α_N)), and L(N) is smaller at 10^11 than at 10^8.",
    ],
    worked_solution=(
        f"Every doubling multiplies $L$ by $2^{{-\\alpha_N}}$ = {pl.loss_factor(_AN, 2.0):.4f}, "
        f"but the saving in nats is $L(N)\\,(1 - 2^{{-\\alpha_N}})$: {_GAIN_SMALL:.3f} nats from "
        f"$10^8$ and only {_GAIN_LARGE:.3f} from $10^{{11}}$, where the loss is lower. "
        "The answer is **b**."
    ),
)


# ---------------------------------------------------------------------------- p2
# top of the lab section: where does a pure power law fitted to the N-sweep cross the entropy?
def _cross_ratio() -> float:
    from scaling_lib.fitting import fit_power_law

    v = _lab()
    pure = fit_power_law(v["_X"], v["_L"])
    return float(pl.floor_crossing(pure, v["_E"]) / v["_X"][-1])


def _build_p2() -> ChoiceQuestion:
    ratio = _cross_ratio()
    correct = "a" if not np.isfinite(ratio) else ("b" if ratio < 10 else "c")
    return ChoiceQuestion(
        "p2",
        kind="predict",
        objectives=[1, 5],
        options={
            "a": "never: a line fitted to losses above E stays above E",
            "b": "soon: within a few times the largest model's size",
            "c": "only far away, beyond a thousand times the largest model's size",
        },
        correct=correct,
        why_wrong={
            "a": "a straight line on log-log axes falls for ever: it has no floor, so "
                 "continued far enough it goes below any positive loss, E included.",
            "b": "the lab's loss bends towards its floor already within the sweep; compute "
                 "where the fitted line meets E.",
            "c": "most of the lab's loss is the floor E, so the line's small slope has only a "
                 "little way to fall before it reaches E.",
        },
        hints=[
            "A straight line on log-log axes has no floor. How much of the lab's loss is the "
            "entropy, and how much is left above it?",
            "Fit log L = log a − b·log N to the sweep and solve a·N^(−b) = E for N.",
        ],
        worked_solution=(
            f"The pure power law fitted to the whole N-sweep reaches the entropy at "
            f"{ratio:.1f} times the largest model's size: the impossible is close, because "
            "most of the lab's loss is the floor, and the fitted line, with no floor of its "
            "own, keeps falling. The answer is "
            f"**{correct}**."
        ),
    )


p2 = DeferredQuestion("p2", _build_p2)

# ---------------------------------------------------------------------------- p3
# top of "The joint law and the bottleneck": are bigger models always better?
_J = laws.KAPLAN_JOINT_LAW
_GAIN_INF = float(_J.loss(1e9, 1e30) - _J.loss(1e11, 1e30))
_GAIN_FIXED = float(_J.loss(1e9, 1e10) - _J.loss(1e11, 1e10))
p3 = ChoiceQuestion(
    "p3",
    kind="predict",
    objectives=[3],
    options={
        "a": "about as much as with unlimited data: bigger models are better",
        "b": "much less than with unlimited data: the data become the limit",
        "c": "more than with unlimited data: a larger model gets more out of each token",
    },
    correct="b" if _GAIN_FIXED < 0.5 * _GAIN_INF else "a",
    why_wrong={
        "a": "L(N) assumes enough data. At 10^10 tokens the data term of the joint law stays "
             "the same while the parameter term shrinks, so it soon dominates.",
        "c": "the joint law adds a data term that a bigger model cannot shrink; with fixed "
             "data the gain from size is smaller, not larger.",
    },
    hints=[
        "Does L(N) assume anything about the data?",
        "L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D: which term does growing N leave alone?",
    ],
    worked_solution=(
        f"With unlimited data, growing from $10^9$ to $10^{{11}}$ parameters saves "
        f"{_GAIN_INF:.3f} nats; at $10^{{10}}$ tokens it saves {_GAIN_FIXED:.3f}. Past the "
        "overfitting boundary, the data term $D_c/D$ dominates the bracket and no model size "
        "removes it. The answer is **b**."
    ),
)

# ---------------------------------------------------------------------------- t1
# loglog explorer, main control the floor (exponent and scale at Kaplan's L(N))
_T1_FLOOR = 1.5
_T1_CROSS = float(_LAW_N.scale / _T1_FLOOR ** (1 / _AN))  # the pure law equals the floor
_T1 = math.floor(math.log10(_T1_CROSS))
t1 = NumericQuestion(
    "t1",
    kind="compute",
    objectives=[1],
    expected=float(_T1),
    rel_tol=0.0,
    whole_number=True,
    misconceptions={
        _T1_CROSS: "give the power of ten j, a whole number, not the crossing itself.",
        float(_T1 + 1): "the crossing lies below 10^" f"{_T1 + 1}; give the lower decade.",
        13.0: "the dashed line is the pure power law; it meets the dotted floor line well "
              "before the right edge of the plot.",
    },
    hints=[
        "The dashed line has no floor; where does it meet the floor's dotted line?",
        "The pure law equals E where (X_c/X)^α = E, i.e. X = X_c · E^(−1/α).",
    ],
    worked_solution=(
        f"$X = X_c\\,E^{{-1/\\alpha}} = {_tex(_LAW_N.scale)} \\times {_T1_FLOOR}^{{-1/{_AN}}} "
        f"\\approx {_tex(_T1_CROSS)}$, between $10^{{{_T1}}}$ and $10^{{{_T1 + 1}}}$: "
        f"**j = {_T1}**. Beyond it the pure power law predicts a loss below the floor, which "
        "no model can reach."
    ),
)

# ---------------------------------------------------------------------------- t2
# joint-law explorer, main control D (N at its default 10^9)
_T2_N = 1e9
_T2_GRID = tuple(m * 10.0**e for e in range(8, 15) for m in (1, 2, 5) if m * 10.0**e <= 1e14)
_T2_NEED = float(pl.KAPLAN_OVERFITTING.min_tokens(_T2_N))
_T2 = min(d for d in _T2_GRID if d >= _T2_NEED)
_T2_PREV = max(d for d in _T2_GRID if d < _T2)
t2 = NumericQuestion(
    "t2",
    kind="compute",
    objectives=[3],
    expected=_T2,
    rel_tol=0.01,
    units="tokens",
    misconceptions={
        _T2_PREV: f"{_count(_T2_PREV)} tokens is below what Eq. 4.4 asks for this model: read "
                  "the last line of the figure's box.",
        _T2_NEED: "that is what Eq. 4.4 asks for; the question asks for the smallest position "
                  "of the slider that meets it.",
        _T2 / 1e9: "give D as a plain count of tokens (for example 5e9), not in billions.",
    },
    hints=[
        "The box states what the overfitting condition asks for this model: compare it with D.",
        "Eq. 4.4: D ≳ 5·10³ · N^0.74.",
    ],
    worked_solution=(
        f"For $N = 10^9$ Eq. 4.4 asks for $D \\gtrsim {_tex(_T2_NEED)}$ tokens. The slider's "
        f"{_count(_T2_PREV)} is below that; the next position, **{_count(_T2)}**, is the "
        "smallest that meets it. There the overfitting penalty δL in the box has fallen to "
        f"{float(pl.overfitting_penalty(_J, _T2_N, _T2)):.1%}."
    ),
)


# ---------------------------------------------------------------------------- t3
# extrapolation explorer, main control the number of fitted runs (3 … 7)
_T3_SETTINGS = (3, 4, 5, 6, 7)


def _t3_covered() -> list[bool]:
    v = _lab()
    out = []
    for n_fit in _T3_SETTINGS:  # as the explorer draws it: 80% interval, 400 resamples
        e = pl.extrapolate(v["_X"], v["_L"], n_fit, floor=v["_E"], level=0.8, n_boot=400)
        out.append(bool(e.covered[-1]))
    return out


def _build_t3() -> NumericQuestion:
    covered = _t3_covered()
    k = sum(not c for c in covered)  # settings whose interval misses the largest run
    return NumericQuestion(
        "t3",
        kind="compute",
        objectives=[5],
        expected=float(k),
        rel_tol=0.0,
        whole_number=True,
        misconceptions={
            float(len(_T3_SETTINGS) - k): "that counts the settings whose band contains the "
                                          "largest run; the question asks how many miss it.",
        },
        hints=[
            "A bootstrap interval shows how much the fit moves when its own points are "
            "perturbed. Can it show an error in the form of the law?",
            "For each number of fitted runs, check whether the rightmost open circle lies "
            "inside the shaded band.",
        ],
        worked_solution=(
            f"With 3 to 7 fitted runs the 80% interval misses the largest run in **{k}** of "
            f"the {len(_T3_SETTINGS)} settings. More runs narrow the band and move the "
            "prediction closer, but the band narrows faster than the error shrinks: the lab's "
            "excess loss bends, the fit assumes a straight line, and resampling the fitted "
            "points cannot reveal that."
        ),
    )


t3 = DeferredQuestion("t3", _build_t3)

# ---------------------------------------------------------------------------- q8
_KO = laws.KAPLAN_COMPUTE_OPTIMAL
_Q8_N = 100.0 ** _KO.params_exponent
_Q8_D = 100.0 ** _KO.tokens_exponent
q8 = ChoiceQuestion(
    "q8",
    kind="critique",
    objectives=[4],
    options={
        "a": "Nothing: Kaplan's N ∝ C^0.73 puts all new compute into size.",
        "b": f"By Kaplan's own fit N grows about {_Q8_N:.0f}-fold and D about "
             f"{_Q8_D:.1f}-fold: size gets most of the budget, not all of it.",
        "c": "Kaplan's fit says N and D grow equally, each 10-fold.",
    },
    correct="b",
    why_wrong={
        "a": f"N ∝ C^0.73 means a 100-fold C gives 100^0.73 ≈ {_Q8_N:.0f}-fold N, and the "
             f"rest, C^0.27, goes into data.",
        "c": "equal growth, C^0.5 each, is Hoffmann et al.'s later finding (chapter 2), not "
             "Kaplan's allocation.",
    },
    hints=[
        "Kaplan's allocation splits the exponent of C between N and D: the two add to 1.",
        "N_opt ∝ C^0.73 and D_opt ∝ C^0.27; raise 100 to each.",
    ],
    worked_solution=(
        f"$100^{{0.73}} \\approx {_Q8_N:.1f}$ and $100^{{0.27}} \\approx {_Q8_D:.2f}$: a budget "
        f"100 times larger buys a model about {_Q8_N:.0f} times larger trained on about "
        f"{_Q8_D:.1f} times more data. Kaplan's advice favours size strongly, but the data "
        "still grow. The answer is **b**."
    ),
)

# ---------------------------------------------------------------------------- q9
q9 = ChoiceQuestion(
    "q9",
    kind="explain",
    objectives=[4],
    options={
        "a": "Kaplan et al. measured the loss in bits, Hoffmann et al. in nats.",
        "b": "Kaplan et al.'s models were LSTMs, whose exponents differ from Transformers'.",
        "c": "Choices in how the runs were set up and counted: non-embedding parameters and "
             "no output-head compute at small scale, warm-up and optimiser settings not "
             "tuned per size.",
        "d": "Compute-optimal allocations change with time, as hardware gets faster.",
    },
    correct="c",
    why_wrong={
        "a": "both measure the loss in nats per token, and a change of unit rescales the loss "
             "without changing how N and D should grow.",
        "b": "Kaplan et al.'s laws are fitted to Transformers; the LSTMs were a comparison.",
        "d": "the allocation is a property of the loss as a function of N and D for a fixed "
             "budget of FLOPs; faster hardware changes the cost of a FLOP, not the split.",
    },
    hints=[
        "The two papers fit different runs of the same kind of model: what did they count "
        "and tune differently?",
        "Read the paragraph after Kaplan's allocation table: Porian et al. and Pearce and Song "
        "each name corrections.",
    ],
    worked_solution=(
        "Later reproductions close the gap with corrections to how Kaplan's runs were set up "
        "and counted: Porian et al. with the output head's compute, the warm-up length and "
        "optimiser settings tuned per scale; Pearce and Song with the counting of "
        "non-embedding parameters at small scale. Hoffmann et al.'s own explanation, the "
        "learning-rate schedule, turned out not to be essential. The answer is **c**."
    ),
)


# ---------------------------------------------------------------------------- p4
# "Why power laws?": from the lab language's Zipf exponent s, predict the excess-loss
# exponents in parameters and in data (the page then reveals the sweeps' fitted values)
def _p4_s() -> float:
    from scaling_lib.lab.language import LanguageConfig

    return float(LanguageConfig().zipf_exponent)


_P4_S = _p4_s()
_P4_ALPHA, _P4_BETA = pl.zipf_exponent_predictions(_P4_S)
p4 = ChoiceQuestion(
    "p4",
    kind="predict",
    objectives=[6],
    options={
        "a": "α = s − 1 in parameters and β = (s − 1)/s in data",
        "b": "α = β = s − 1: a learned context is a learned context, whichever resource "
             "paid for it",
        "c": "α = (s − 1)/s in parameters and β = s − 1 in data",
        "d": "α = β = s: the exponents are the Zipf exponent itself",
    },
    correct="a",
    why_wrong={
        "b": "parameters buy contexts one for one (n ∝ N), but data buy them more slowly: "
             "context r is seen D·f_r ∝ D·r^(−s) times, so the contexts seen often enough are "
             "those with r^s below a multiple of D, and n grows only as D^(1/s).",
        "c": "the two are swapped: n ∝ N gives the parameter exponent s − 1, and n ∝ D^(1/s) "
             "gives the smaller data exponent (s − 1)/s.",
        "d": "the excess is the tail beyond n, Σ_{r>n} f_r ∝ n^(1−s): its exponent in n is "
             "s − 1, not s.",
    },
    hints=[
        "The excess is ∝ n^(1−s). Write n as a power of N, then as a power of D, and "
        "substitute each into n^(1−s).",
        "In D tokens, context r is seen D·f_r ∝ D·r^(−s) times; it is learned once that "
        "reaches a fixed number. Which is the rarest context learned?",
    ],
    worked_solution=(
        f"With $n \\propto N$, the excess $\\propto n^{{1-s}} = N^{{-(s-1)}}$: "
        f"$\\alpha = s - 1 = {_P4_ALPHA:.2f}$. "
        "In $D$ tokens context $r$ is seen $D f_r \\propto D\\,r^{-s}$ times; it is learned "
        "once that reaches a fixed number, so the contexts learned are those with "
        "$r \\lesssim D^{1/s}$, i.e. $n \\propto D^{1/s}$, and the excess "
        f"$\\propto D^{{-(s-1)/s}}$: $\\beta = (s-1)/s = {_P4_BETA:.2f}$. The answer is **a**."
    ),
)


QUESTIONS = [p1, p2, p3, p4, t1, t2, t3, q1, q2, q3, q4, q5, q6, q7, q8, q9]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
