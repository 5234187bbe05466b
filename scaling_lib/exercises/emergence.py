"""Exercises of chapter 4, "Emergent abilities" (``book/04_emergence.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.emergence``, independently of the solution cells in the book.
"""

import math

import numpy as np

from scaling_lib import emergence as em
from scaling_lib.exercises.core import FunctionQuestion, NumericQuestion, _human

# q1: exact match from a per-token accuracy ---------------------------------------------
_P1, _K1 = 0.9, 10
_EM1 = float(em.exact_match(_P1, _K1))
_LINEAR1 = ("that is 1 − k(1 − p), a first-order approximation that fails when k(1 − p) is not "
            "small (here it gives 0); use p^k.")
q1 = NumericQuestion(
    "q1",
    expected=_EM1,
    rel_tol=0.01,
    misconceptions={
        _P1: "that is the per-token accuracy; exact match needs all 10 tokens right.",
        1 - _EM1: "that is the probability of at least one wrong token, the complement.",
        _P1 ** (_K1 + 1): "the answer has 10 tokens; do not add an end-of-answer token here.",
        # 1 − k(1 − p) is 0 here (2.2e-16 in floating point): relative tolerance never
        # reaches 0 from a non-zero key, so both the exact and the float value are listed.
        0.0: _LINEAR1,
        1 - _K1 * (1 - _P1): _LINEAR1,
    },
    hints=[
        "Exact match needs every one of the k tokens to be right.",
        "With independent tokens, multiply the k per-token probabilities: p^k.",
    ],
    worked_solution=(
        f"All {_K1} tokens must be right, each with probability {_P1}: "
        f"$p^k = {_P1}^{{{_K1}}} \\approx {_EM1:.4f}$. "
        f"A model that gets 90% of tokens right answers only about {_EM1:.0%} of 10-token "
        f"problems exactly, while its expected edit distance is just "
        f"$k(1-p) = {_K1 * (1 - _P1):.0f}$ token."
    ),
)

# q2: the longest answer still exactly right half the time --------------------------------
_N2 = 1e9
_LAW = em.ILLUSTRATIVE_TOKEN_LOSS
_L2 = float(_LAW.loss(_N2))
_P2 = em.token_accuracy(_L2)
_KREAL2 = float(em.answer_length_at(_P2, 0.5))
_K2 = math.floor(_KREAL2)
q2 = NumericQuestion(
    "q2",
    expected=float(_K2),
    rel_tol=1e-6,
    rounding="down",
    units="tokens",
    misconceptions={
        float(_K2 + 1): "with that many tokens exact match has already dropped below 50%: "
                        "round down.",
        _KREAL2: "answer lengths are whole numbers of tokens: give the longest one that is "
                 "still exactly right at least half the time.",
    },
    hints=[
        "First the per-token loss: L = (10^7 / 10^9)^0.5 nats, and p = exp(−L).",
        "p^k ≥ 0.5 means k ≤ ln(0.5) / ln(p) = ln 2 / L. Then take the whole part.",
    ],
    worked_solution=(
        f"$L = (10^7/10^9)^{{0.5}} = {_L2:.2f}$ nats, so $p = e^{{-{_L2:.2f}}} = {_P2:.4f}$. "
        f"Exact match $p^k = e^{{-kL}} \\ge 0.5$ needs $k \\le \\ln 2 / L = {_KREAL2:.2f}$ "
        f"tokens: answers of up to **{_K2} tokens** are exactly right at least half the time, "
        "longer ones less often."
    ),
)

# q3: breakthroughness of one curve under two metrics --------------------------------------
Q3_PARAMS = np.array([1e3, 2e3, 4e3, 8e3, 16e3, 32e3, 64e3])
Q3_TOKEN_ACC = np.array([0.70, 0.76, 0.81, 0.86, 0.90, 0.94, 0.97])
Q3_ANSWER_TOKENS = 20
_B_TOKEN = em.breakthroughness(Q3_TOKEN_ACC)
_B_EXACT = em.breakthroughness(em.exact_match(Q3_TOKEN_ACC, Q3_ANSWER_TOKENS))
q3 = NumericQuestion(
    "q3",
    expected=(_B_TOKEN, _B_EXACT),
    rel_tol=0.01,
    misconceptions={
        (_B_EXACT, _B_TOKEN): "the two values are swapped: per-token accuracy first.",
        (float(np.ptp(Q3_TOKEN_ACC) / np.sqrt(np.mean(np.diff(Q3_TOKEN_ACC) ** 2))),
         float(np.ptp(em.exact_match(Q3_TOKEN_ACC, Q3_ANSWER_TOKENS))
               / np.sqrt(np.mean(np.diff(em.exact_match(Q3_TOKEN_ACC, Q3_ANSWER_TOKENS)) ** 2)))):
            "that divides by the root *mean* square step; BIG-bench uses the root *median* "
            "square, which ignores a few large steps.",
    },
    hints=[
        "B = (max − min) / sqrt(median of the squared differences between neighbouring "
        "models), with a + sign because both curves rise with N.",
        "For exact match, first compute p^20 for each model; `emergence.breakthroughness` "
        "does the rest.",
    ],
    worked_solution=(
        f"Per-token accuracy: range {np.ptp(Q3_TOKEN_ACC):.2f}, root median square step "
        f"{math.sqrt(np.median(np.diff(Q3_TOKEN_ACC) ** 2)):.3f}, so $B = {_B_TOKEN:.1f}$. "
        f"Exact match $p^{{20}}$ rises from "
        f"{em.exact_match(Q3_TOKEN_ACC[0], Q3_ANSWER_TOKENS):.4f} to "
        f"{em.exact_match(Q3_TOKEN_ACC[-1], Q3_ANSWER_TOKENS):.3f}, with most of the rise in "
        f"the last steps, so $B = {_B_EXACT:.1f}$. Same models, same per-token skill: the "
        "metric alone changes the score."
    ),
)

# q4: the test set needed to see 1% accuracy -------------------------------------------------
_Q4, _C4 = 0.01, 0.95
_N4 = em.problems_to_detect(_Q4, _C4)
q4 = NumericQuestion(
    "q4",
    expected=float(_N4),
    rel_tol=1e-6,
    rounding="up",
    units="problems",
    misconceptions={
        1 / _Q4: "1/q problems give one correct answer *on average*; a third of such test "
                 "sets still show zero.",
        math.log(1 - _C4) / math.log(1 - _Q4): "round up: the test set has a whole number of "
                                                "problems and must reach 95%.",
        3 / _Q4: "3/q is the 'rule of three' approximation; solve (1 − q)^n ≤ 0.05 exactly.",
        float(math.ceil(math.log(1 - _C4) / math.log(_Q4))): "the chance of zero correct is "
                                                              "(1 − q)^n, not q^n.",
    },
    hints=[
        "The chance that n problems show zero correct is (1 − q)^n. You need it ≤ 1 − 0.95.",
        "n ≥ ln(0.05) / ln(0.99); round up to a whole number of problems.",
    ],
    worked_solution=(
        f"Zero correct out of n happens with probability $(1-q)^n$; require "
        f"$0.99^n \\le 0.05$: $n \\ge \\ln 0.05 / \\ln 0.99 = "
        f"{math.log(0.05) / math.log(0.99):.2f}$, so **{_N4} problems**. "
        "Close to the rule of three, $3/q = 300$."
    ),
)

# q5: how far the "emergent scale" moves with the answer length ------------------------------
_K5_SHORT, _K5_LONG = 2, 10
_RATIO5 = float(em.params_at_exact_match(_LAW, _K5_LONG)
                / em.params_at_exact_match(_LAW, _K5_SHORT))
q5 = NumericQuestion(
    "q5",
    expected=_RATIO5,
    rel_tol=0.01,
    misconceptions={
        _K5_LONG / _K5_SHORT: "N does not scale like k: L(N) = (N_c/N)^α must fall by 5×, "
                              "so N must grow by 5^(1/α).",
        (_K5_LONG / _K5_SHORT) ** 0.5: "that is 5^α; solving L ∝ N^(−α) for N gives 5^(1/α).",
    },
    hints=[
        "Exact match e^(−k·L(N)) = 0.5 needs L(N) = ln 2 / k: the longer answer needs a 5× "
        "lower per-token loss.",
        "With L = (N_c/N)^α, lowering L by a factor 5 needs N larger by 5^(1/α).",
    ],
    worked_solution=(
        "The 50% point needs $L(N) = \\ln 2/k$. Going from $k = 2$ to $k = 10$ lowers the "
        "required loss 5×, and since $L \\propto N^{-\\alpha}$ with $\\alpha = 0.5$, $N$ must "
        f"grow by $5^{{1/0.5}} = {_RATIO5:.0f}$. The same per-token skill 'emerges' at "
        f"{_human(em.params_at_exact_match(_LAW, _K5_SHORT), 2)} or "
        f"{_human(em.params_at_exact_match(_LAW, _K5_LONG), 2)} parameters depending only on the "
        "answer length."
    ),
)


# q6: a function for the resolution argument -------------------------------------------------
def _ref_problems_needed(accuracy, confidence):
    return float(em.problems_to_detect(accuracy, confidence))


q6 = FunctionQuestion(
    "q6",
    cases=[((q, c), _ref_problems_needed(q, c))
           # q4's case (1%, 95%) last: a wrong function's verdict shows the first failing case
           for q, c in ((0.001, 0.9), (0.2, 0.99), (0.05, 0.5), (1e-4, 0.95), (0.01, 0.95))],
    rel_tol=1e-9,
    hints=[
        "Zero correct out of n has probability (1 − q)^n; find the smallest n with "
        "(1 − q)^n ≤ 1 − confidence.",
        "math.ceil(math.log(1 - confidence) / math.log(1 - accuracy)).",
    ],
    worked_solution=(
        "```python\n"
        "import math\n\n"
        "def problems_needed(accuracy, confidence):\n"
        "    return math.ceil(math.log(1 - confidence) / math.log(1 - accuracy))\n"
        "```\n\n"
        "The smallest whole $n$ with $(1-q)^n \\le 1 - c$. For 1% accuracy at 95% that is "
        f"{_N4}; for 0.01% it is {em.problems_to_detect(1e-4, 0.95):,}."
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
__all__ = ["Q3_PARAMS", "Q3_TOKEN_ACC", "Q3_ANSWER_TOKENS", "QUESTIONS",
           *(q.name for q in QUESTIONS)]
