"""Exercises of chapter 4, "Emergent abilities" (``book/04_emergence.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.emergence``, independently of the solution cells in the book.
"""

import math

import numpy as np

from scaling_lib import emergence as em
from scaling_lib.exercises.core import (
    ChoiceQuestion,
    FunctionQuestion,
    NumericQuestion,
    _human,
)

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
        "What has to happen for the whole answer to count, and are the tokens independent?",
        "Exact match = p^k: the probability that all k independent tokens are right.",
    ],
    kind="compute",
    objectives=[2],
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
        "Exact match is e^(−k·L): a longer answer needs a lower per-token loss. Which k "
        "brings e^(−k·L) down to one half?",
        "p^k ≥ 0.5 means k ≤ ln 2 / L(N), with L(N) = (N_c/N)^α; answer lengths are whole "
        "numbers.",
    ],
    kind="compute",
    objectives=[2],
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
        "Breakthroughness compares a curve's total change with its typical step between "
        "neighbouring models: which curve puts its change into a few steps?",
        "B = (max − min) / sqrt(median of the squared neighbour differences), positive for a "
        "rising curve; for exact match first turn each p into p^20.",
    ],
    kind="compute",
    objectives=[4],
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

# q4: the test set needed to see 1% accuracy (the text works 95%; this asks 99%) -----------
_Q4, _C4 = 0.01, 0.99
_N4 = em.problems_to_detect(_Q4, _C4)
_N4_95 = em.problems_to_detect(_Q4, 0.95)
q4 = NumericQuestion(
    "q4",
    expected=float(_N4),
    rel_tol=1e-6,
    rounding="up",
    units="problems",
    misconceptions={
        1 / _Q4: "1/q problems give one correct answer *on average*; about a third of such "
                 "test sets still show zero.",
        math.log(1 - _C4) / math.log(1 - _Q4): "round up: the test set has a whole number of "
                                                "problems and must reach 99%.",
        3 / _Q4: "3/q is the 'rule of three', an approximation for 95%; at 99% solve "
                 "(1 − q)^n ≤ 0.01 exactly.",
        float(_N4_95): "that test set reaches 95%; this one must reach 99%.",
        float(math.ceil(math.log(1 - _C4) / math.log(_Q4))): "the chance of zero correct is "
                                                              "(1 − q)^n, not q^n.",
    },
    hints=[
        "A test set fails you when it shows zero correct answers: how likely is that with n "
        "independent problems, and how small must it be?",
        "P(0 correct) = (1 − q)^n ≤ 1 − c, so n ≥ ln(1 − c) / ln(1 − q), rounded up.",
    ],
    worked_solution=(
        f"Zero correct out of n happens with probability $(1-q)^n$; require "
        f"$0.99^n \\le 0.01$: $n \\ge \\ln 0.01 / \\ln 0.99 = "
        f"{math.log(1 - _C4) / math.log(1 - _Q4):.2f}$, so **{_N4} problems**. "
        f"At 95% confidence {_N4_95} were enough: the last few percent of confidence cost "
        f"about {_N4 / _N4_95:.1f} times as many problems."
    ),
    kind="compute",
    objectives=[3],
)

# q5: how far the "emergent scale" moves with the answer length ------------------------------
_K5_SHORT, _K5_LONG = 4, 10
_F5 = _K5_LONG / _K5_SHORT
_RATIO5 = float(em.params_at_exact_match(_LAW, _K5_LONG)
                / em.params_at_exact_match(_LAW, _K5_SHORT))
q5 = NumericQuestion(
    "q5",
    expected=_RATIO5,
    rel_tol=0.01,
    misconceptions={
        _F5: f"N does not scale like k: L(N) = (N_c/N)^α must fall by {_F5:g}×, so N must "
             f"grow by {_F5:g}^(1/α).",
        _F5 ** 0.5: f"that is {_F5:g}^α; solving L ∝ N^(−α) for N gives {_F5:g}^(1/α).",
        _F5 ** 3: "with α = 0.5 the exponent 1/α is 2, not 3.",
    },
    hints=[
        "At the 50% point, how does the per-token loss that a k-token answer needs depend "
        "on k? And how much must N grow to lower the loss by a given factor?",
        "At 50%: L(N) = ln 2 / k. With L = (N_c/N)^α this gives N_50 = N_c (k / ln 2)^(1/α).",
    ],
    kind="compute",
    objectives=[2],
    worked_solution=(
        f"The 50% point needs $L(N) = \\ln 2/k$. Going from $k = {_K5_SHORT}$ to "
        f"$k = {_K5_LONG}$ lowers the required loss {_F5:g}×, and since "
        f"$L \\propto N^{{-\\alpha}}$ with $\\alpha = 0.5$, $N$ must grow by "
        f"${_F5:g}^{{1/0.5}} = {_RATIO5:.2f}$. The same per-token skill 'emerges' at "
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
        "The first step is given in the comment: what is left is to turn a real n into a "
        "test set, a whole number of problems that still reaches the confidence.",
        "Round the real n up: math.ceil(...) of the expression in the comment.",
    ],
    kind="complete",
    objectives=[3],
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

# Before you start: recall from chapters 0 and 1 --------------------------------------------
_R1_ALPHA = 0.5
_R1 = 2 ** (1 / _R1_ALPHA)
r1 = NumericQuestion(
    "r1",
    expected=_R1,
    rel_tol=0.01,
    misconceptions={
        2.0: "N must grow by more than the factor the loss falls: L ∝ N^(−α), and α = 0.5 "
             "is below 1.",
        2 ** _R1_ALPHA: "that is 2^α, the factor by which L falls when N doubles; you need "
                        "the N that halves L, 2^(1/α).",
        0.5: "that is the factor the loss changes by; the question asks how much N grows.",
    },
    hints=[
        "Chapter 1: in a power law L ∝ N^(−α), a factor in N becomes a factor in L raised to "
        "the power −α. Which factor in N gives a factor 1/2 in L?",
        "(N₂/N₁)^(−α) = 1/2, so N₂/N₁ = 2^(1/α).",
    ],
    worked_solution=(
        f"$L \\propto N^{{-\\alpha}}$: halving $L$ needs $(N_2/N_1)^{{\\alpha}} = 2$, so "
        f"$N_2/N_1 = 2^{{1/\\alpha}} = 2^{{2}} = {_R1:.0f}$. With $\\alpha < 1$ the loss "
        "falls more slowly than the model grows; this chapter's exact match inherits that "
        "power law through $e^{-kL}$."
    ),
    kind="recall",
    objectives=[2],
)

_R2_N, _R2_D = 1e9, 20e9
_R2 = 6 * _R2_N * _R2_D
r2 = NumericQuestion(
    "r2",
    expected=_R2,
    rel_tol=0.01,
    units="FLOPs",
    misconceptions={
        2 * _R2_N * _R2_D: "that is 2ND, the forward pass only; training also runs a backward "
                           "pass, about twice as costly.",
        _R2_N * _R2_D: "N·D counts one multiply per parameter per token; training costs about "
                       "6 FLOPs per parameter per token.",
        4 * _R2_N * _R2_D: "4ND leaves out the forward pass: forward (2ND) plus backward (4ND).",
    },
    hints=[
        "Chapter 0: how many FLOPs does one training token cost per parameter, counting the "
        "forward and the backward pass?",
        "C ≈ 6·N·D.",
    ],
    worked_solution=(
        f"$C \\approx 6ND = 6 \\times 10^9 \\times 2 \\times 10^{{10}} = "
        f"{_R2 / 1e20:.1f} \\times 10^{{20}}$ FLOPs. Wei et al.'s table of emergent scales "
        "is in these training FLOPs."
    ),
    kind="recall",
    objectives=[1],
)

# p1: predict, before the mirage arithmetic ---------------------------------------------------
p1 = ChoiceQuestion(
    "p1",
    options={
        "a": "it rises gently too, like the per-token accuracy it is built from",
        "b": "it stays near zero over the first decade, then climbs most of the way in the "
             "second: it looks sudden",
        "c": "it is exactly zero up to one size and then jumps to nearly 1: the model acquires "
             "the skill there",
        "d": "it rises, and crosses 50% at the same model size for 1-token and 10-token "
             "answers",
    },
    correct="b",
    why_wrong={
        "a": "exact match needs all 10 tokens right, p^10: raising p to the 10th power turns "
             "a gentle rise in p into a steep one in p^10.",
        "c": "p^10 is never exactly zero and has no step: it is a smooth function of a smooth "
             "p. It only looks like a step on a coarse grid or a small test set.",
        "d": "a 10-token answer needs a much lower per-token loss for 50% than a 1-token answer "
             "(ln 2 / k), so it crosses 50% at a much larger model.",
    },
    hints=[
        "Exact match gives credit only when every token is right: what does that do to a "
        "probability p a little below 1?",
        "EM = p^k. Try p = 0.7 and p = 0.97 with k = 10.",
    ],
    worked_solution=(
        "Exact match on 10 tokens is $p^{10}$. A per-token accuracy that rises gently, say "
        "from 0.7 to 0.97, gives $0.7^{10} \\approx 0.03$ and $0.97^{10} \\approx 0.74$: "
        "almost nothing, then most of the way. Nothing in the model changes suddenly; the "
        "metric multiplies ten smooth probabilities."
    ),
    kind="predict",
    objectives=[2],
)

# p2: predict, before the lab's curves ---------------------------------------------------------
p2 = ChoiceQuestion(
    "p2",
    options={
        "a": "equal to p^11 at every size: exact match is p^k",
        "b": "close to p^11 for the largest models, and above it for the weaker ones",
        "c": "below p^11 at every size: one wrong digit spreads through the carries",
        "d": "unrelated to p^11: exact match jumps at a size that per-digit accuracy does not "
             "predict",
    },
    correct="b",
    why_wrong={
        "a": "p^k assumes that the digits of one answer are right or wrong independently. In "
             "addition they are not: a carry links neighbouring digits, and generation feeds "
             "its own digits back.",
        "c": "a wrong digit does spread, but it spreads within answers that are already wrong; "
             "the answers a weak model gets right are the easy ones, right in every digit, so "
             "more answers are all right than independence predicts.",
        "d": "per-digit accuracy already rises smoothly before exact match leaves zero, and "
             "p^11 follows exact match closely: the jump is mostly the metric.",
    },
    hints=[
        "p^k is the probability that all k digits are right if each is right independently. "
        "Are a weak model's errors spread evenly over the problems, or bunched in the hard "
        "ones?",
        "If errors bunch up in some answers, the other answers are more often right in every "
        "digit than p^k says; where p is close to 1 there are few errors to bunch.",
    ],
    worked_solution=(
        "The digits of one answer are not independent: carries link neighbouring digits, and "
        "a model that finds a problem hard tends to get several of its digits wrong. Errors "
        "bunch in the hard answers, so the others are all right more often than $p^k$ "
        "predicts; the gap closes as the model gets nearly every digit right. The mirage "
        "model gets the shape right, but the link from per-digit accuracy to exact match is "
        "measured, not assumed."
    ),
    kind="predict",
    objectives=[2, 5],
)

# t1: Try this, the mirage explorer (main control: the metric) ---------------------------------
t1 = ChoiceQuestion(
    "t1",
    options={
        "a": "exact match, because p^k is near zero and then shoots up",
        "b": "multiple-choice grade, because it is a step: between neighbouring models almost "
             "every change is zero, so the median step is zero",
        "c": "Brier score, because it changes fastest near the chance level",
        "d": "per-token accuracy, because it saturates at 1",
    },
    correct="b",
    why_wrong={
        "a": "look at the title again: exact match has a large but finite B. p^k is steep but "
             "continuous, so its typical step between neighbouring models is not zero.",
        "c": "the Brier score changes smoothly with p, so most steps between neighbouring "
             "models are non-zero and B stays finite.",
        "d": "a saturating curve has many tiny steps, which makes B large, but not infinite: "
             "only a median step of exactly zero does that.",
    },
    hints=[
        "Breakthroughness divides the total change by the typical (median) step between "
        "neighbouring models. When can that typical step be zero?",
        "B = (max − min) / sqrt(median of squared steps): it is infinite when more than half "
        "of the steps are exactly zero.",
    ],
    worked_solution=(
        "Only the multiple-choice grade reads B = ∞. It is 1 when the right option gets more "
        "than 1/K of the probability and 0 otherwise: across the 13 models it changes once, "
        "so the median step is zero and B divides by zero. Exact match, edit distance, "
        "per-token accuracy and the Brier score all change a little at every step."
    ),
    kind="explain",
    objectives=[2, 4],
)

# t2: Try this, the resolution explorer (main control: the number of problems) -----------------
_T2_SIZES = np.geomspace(1e6, 1e12, 25)
_T2_TRUE = em.exact_match(np.exp(-_LAW.loss(_T2_SIZES)), 10)
_T2_GRID = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000,
            200_000, 500_000, 1_000_000)


def _zeros_seen(n_problems: int) -> int:
    """How many of the explorer's 25 models measure exactly 0 on n problems (seed 0)."""
    rng = np.random.default_rng(0)
    return int((rng.binomial(n_problems, _T2_TRUE) == 0).sum())


_T2_MAX_ZEROS = 4
_T2 = next(n for n in _T2_GRID if _zeros_seen(n) <= _T2_MAX_ZEROS)
_T2_BEFORE = _T2_GRID[_T2_GRID.index(_T2) - 1]
t2 = NumericQuestion(
    "t2",
    expected=float(_T2),
    rel_tol=1e-6,
    whole_number=True,
    units="problems",
    misconceptions={
        float(_T2_BEFORE): f"with {_T2_BEFORE:,} problems the title still counts "
                           f"{_zeros_seen(_T2_BEFORE)} models at zero; move one step further.",
        float(_T2_GRID[-1]): "that test set also works, but it is not the smallest one on the "
                             "slider that does.",
    },
    hints=[
        "The left panel's title counts the models whose measured accuracy is exactly zero. "
        "Move the slider up from 100 and watch the count.",
        "Stop at the first slider position where the title says 4 of 25 or fewer.",
    ],
    worked_solution=(
        f"The count of zeros falls as the test set grows: {_zeros_seen(100)} of 25 at 100 "
        f"problems, {_zeros_seen(_T2_BEFORE)} at {_T2_BEFORE:,}, and {_zeros_seen(_T2)} from "
        f"**{_T2:,}** problems on. It then stays there up to a million problems: the four "
        f"smallest models' true exact match is at most "
        f"{_human(_T2_TRUE[_T2_MAX_ZEROS - 1], 2)}, below the about "
        f"{_human(em.zero_correct_upper_bound(_T2_GRID[-1], 0.95), 1)} that even a million "
        f"problems see reliably (and the smallest is near {_human(_T2_TRUE[0], 1)}). The "
        "zeros in between are a resolution effect, not an absent ability."
    ),
    kind="compute",
    objectives=[3],
)

# q7: critique a claim about Wei et al.'s table -------------------------------------------------
q7 = ChoiceQuestion(
    "q7",
    options={
        "a": "nothing: Table 1 gives the compute at which an ability switches on",
        "b": "each scale belongs to one model family, one prompt and one metric: another "
             "family, method or metric puts it elsewhere",
        "c": "Table 1 lists parameter counts, not training FLOPs, so no compute comparison can "
             "be made from it",
        "d": "addition is not emergent at all: Schaeffer et al. showed that every emergent "
             "ability is a mirage",
    },
    correct="b",
    why_wrong={
        "a": "each row is the smallest model of one family that did clearly better than chance "
             "with one prompt and one metric. The scratchpad row does longer sums at far less "
             "compute: the method moved the scale.",
        "c": "the table gives both: training FLOPs and parameters, for each row.",
        "d": "that is the opposite overclaim. The mirage shows that a metric *can* make a jump; "
             "it does not show that every jump is made that way.",
    },
    hints=[
        "Wei et al.'s Table 1 records, for each row, which model family, which prompting and "
        "which metric. Does the scale survive a change of any of them?",
        "Compare the table's few-shot addition rows with its scratchpad row.",
    ],
    worked_solution=(
        "An emergent scale is measured: the smallest model of one family that did clearly "
        "better than chance on one task, with one prompt and one metric. The scratchpad row "
        "(8-digit addition, fine-tuned to write its steps) appears at far less compute than "
        "few-shot 3-digit addition; in the lab, the answer length and the learning rate move "
        "the 50% point too. The claim turns a property of one measurement into a threshold of "
        "'the ability'."
    ),
    kind="critique",
    objectives=[1, 5],
)

# q8: critique a conclusion drawn from zeros on a small test set --------------------------------
_Q8_N = 200
_Q8_BLIND = float(em.zero_correct_upper_bound(_Q8_N, 0.95))
_Q8_SMALL = 0.003
_Q8_P0 = float(em.prob_zero_correct(_Q8_SMALL, _Q8_N))
q8 = ChoiceQuestion(
    "q8",
    options={
        "a": f"zero out of {_Q8_N} only says the accuracy is probably below about "
             f"{_Q8_BLIND:.1%}; a smoothly rising accuracy below that reads as zero",
        "b": f"{_Q8_N} problems are too few for the 14% to mean anything",
        "c": "nothing: 0 correct out of a fixed test set is an accuracy of exactly 0%",
        "d": "nothing: a smoothly rising ability would have shown 1%, 2%, 5% on the way",
    },
    correct="a",
    why_wrong={
        "b": f"14% of {_Q8_N} is 28 correct answers, clearly more than zero. The zeros are "
             "the uninformative part, not the 14%.",
        "c": "0 of n is a measurement, and a true accuracy q shows it with probability "
             f"(1 − q)^n: at q = {_Q8_SMALL:.1%} that happens {_Q8_P0:.0%} of the time on "
             f"{_Q8_N} problems.",
        "d": f"a test set of {_Q8_N} cannot show 1%, 2% reliably: below about "
             f"{_Q8_BLIND:.1%} it mostly shows 0, and its smallest non-zero reading is "
             f"1/{_Q8_N} = {1 / _Q8_N:.1%}.",
    },
    hints=[
        "What does a test set of n problems show for a model whose true accuracy is small but "
        "not zero?",
        "P(0 correct) = (1 − q)^n; zero out of n only bounds q below about 3/n.",
    ],
    worked_solution=(
        f"With {_Q8_N} problems, any true accuracy below about {_Q8_BLIND:.1%} (roughly "
        f"$3/n$) shows zero correct most of the time: a model at {_Q8_SMALL:.1%} does so "
        f"{_Q8_P0:.0%} of the time. The zeros do not say the ability is absent; a test set "
        "large enough to see the small accuracies, or a continuous metric, would."
    ),
    kind="critique",
    objectives=[3],
)

QUESTIONS = [r1, r2, p1, t1, t2, p2, q1, q2, q3, q4, q5, q6, q7, q8]
__all__ = ["Q3_PARAMS", "Q3_TOKEN_ACC", "Q3_ANSWER_TOKENS", "QUESTIONS",
           *(q.name for q in QUESTIONS)]
