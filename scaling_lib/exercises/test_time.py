"""Exercises of chapter 6, "Test-time compute" (``book/06_test_time_compute.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.test_time``, independently of the solution cells in the book.
"""

import math

from scipy.optimize import brentq

from scaling_lib import test_time as tt
from scaling_lib.exercises.core import (
    ChoiceQuestion,
    DeferredQuestion,
    FunctionQuestion,
    NumericQuestion,
    _human,
    _tex_int,
)

# q1: unbiased pass@k from counts -------------------------------------------------------
_N1, _C1, _K1 = 25, 4, 6
_PASS1 = float(tt.pass_at_k(_N1, _C1, _K1))
_PLUGIN1 = float(tt.pass_at_k_plugin(_N1, _C1, _K1))
q1 = NumericQuestion(
    "q1",
    expected=_PASS1,
    rel_tol=0.005,
    misconceptions={
        _PLUGIN1: "that is the plug-in 1 − (1 − c/n)^k, which treats c/n as the true rate and "
                  "is biased low; count the k-subsets of the n samples instead.",
        _C1 / _N1: f"that is pass@1; the question asks for pass@{_K1}.",
        min(1.0, _K1 * _C1 / _N1): "probabilities of 'at least one success' do not add: "
                                   "k·c/n counts overlapping events twice.",
    },
    hints=[
        "Do not estimate p first: count. Of all the ways to pick k of the n samples, which "
        "ones contain no correct sample?",
        "pass@k = 1 − C(n − c, k)/C(n, k), or the product form 1 − Π (1 − k/i) over "
        "i = n − c + 1, …, n.",
    ],
    kind="compute",
    objectives=[1],
    worked_solution=(
        f"Of the $\\binom{{{_N1}}}{{{_K1}}} = {_tex_int(math.comb(_N1, _K1))}$ ways to pick "
        f"{_K1} of the {_N1} samples, "
        f"$\\binom{{{_N1 - _C1}}}{{{_K1}}} = {_tex_int(math.comb(_N1 - _C1, _K1))}$ use "
        f"only wrong samples, so\n\n"
        f"$\\widehat{{\\text{{pass@}}{_K1}}} = 1 - {_tex_int(math.comb(_N1 - _C1, _K1))}/"
        f"{_tex_int(math.comb(_N1, _K1))} \\approx {_PASS1:.4f}$.\n\n"
        f"The plug-in $1 - (1 - {_C1}/{_N1})^{_K1} \\approx {_PLUGIN1:.4f}$ is lower: it is "
        "biased whenever k > 1."
    ),
)

# q2: samples for 90% coverage under Beta difficulty ------------------------------------
_A2, _B2, _TARGET2 = 0.5, 2.0, 0.9
_K2_REAL = brentq(lambda k: float(tt.beta_coverage(_A2, _B2, k)) - _TARGET2, 1, 1e9)
_K2 = float(math.ceil(_K2_REAL))
_MEAN2 = _A2 / (_A2 + _B2)
_K2_HOMOG = math.ceil(math.log(1 - _TARGET2) / math.log(1 - _MEAN2))
q2 = NumericQuestion(
    "q2",
    expected=_K2,
    rel_tol=1e-9,  # exact: one fewer sample falls just short of the target
    whole_number=True,
    units="samples",
    misconceptions={
        float(_K2_HOMOG): "that assumes every problem has the mean success rate "
                          f"{_MEAN2:.2f}; with Beta-distributed difficulty the hard problems "
                          "need far more samples.",
        float(math.log(1 - _TARGET2) / math.log(1 - _MEAN2)): "that assumes every problem has "
                                                              "the mean success rate.",
    },
    hints=[
        "Coverage is the mean of pass@k over problems whose success rates follow the Beta "
        "distribution, not pass@k at the mean rate. Which problems decide how many samples "
        "you need?",
        "Coverage at k is 1 − B(α, β + k)/B(α, β) (scaling_lib.test_time.beta_coverage); "
        "find the smallest whole k where it reaches the target.",
    ],
    kind="compute",
    objectives=[2],
    worked_solution=(
        f"Solve $1 - B({_A2}, {_B2} + k)/B({_A2}, {_B2}) = {_TARGET2}$: the root is "
        f"$k \\approx {_K2_REAL:.1f}$, so {int(_K2)} samples.\n\n"
        f"If every problem had the mean success rate {_MEAN2:.2f}, "
        f"$1 - 0.8^k = 0.9$ would need only {_K2_HOMOG} samples. The heavy left tail "
        f"(density $\\propto p^{{{_A2} - 1}}$ near 0) makes the failure rate fall like "
        f"$k^{{-{_A2}}}$ instead of exponentially."
    ),
)

# q3: majority vote, exact -----------------------------------------------------------------
_P3 = (0.4, 0.3, 0.1, 0.1, 0.1)
_K3 = 9
_MAJ3 = tt.majority_vote_accuracy(_P3, _K3)
_STRICT3 = tt.majority_vote_accuracy(_P3, _K3, ties="strict")
q3 = NumericQuestion(
    "q3",
    expected=_MAJ3,
    rel_tol=0.01,
    misconceptions={
        1 - (1 - _P3[0]) ** _K3: "that is pass@9, the chance that some sample is right; a vote "
                                 "must also outnumber the wrong answers.",
        _P3[0]: "that is the accuracy of a single sample (k = 1).",
        _STRICT3: "that counts every tie as a loss; the question breaks ties at random.",
    },
    hints=[
        "The vote is right when the correct answer gets more votes than every single wrong "
        "answer, not more than all of them together. Condition on how many votes it gets.",
        "Sum over j of P(j correct votes) × P(each wrong answer gets fewer than j of the "
        "other k − j votes), ties split at random: "
        "scaling_lib.test_time.majority_vote_accuracy(probs, k).",
    ],
    kind="compute",
    objectives=[3],
    worked_solution=(
        f"`majority_vote_accuracy({list(_P3)}, {_K3})` gives {_MAJ3:.4f}: up from "
        f"{_P3[0]} with one sample, because the correct answer is the mode. Counting ties as "
        f"losses gives {_STRICT3:.4f}; pass@{_K3} would be {1 - (1 - _P3[0]) ** _K3:.4f}."
    ),
)

# q4: compute-matched samples with training included -------------------------------------
_NS4, _NL4, _D4, _Q4, _T4 = 1083, 8587, 150_000, 1000, 7.0
_K4 = tt.matched_samples_with_training(_NS4, _NL4, _D4, _Q4, _T4)
_K4_INF = tt.matched_samples(_NS4, _NL4)
q4 = NumericQuestion(
    "q4",
    expected=_K4,
    rel_tol=0.01,
    units="samples per query",
    misconceptions={
        _K4_INF: "that matches inference FLOPs only; the question counts training too.",
        _K4_INF + (_NL4 - _NS4) * _D4 / (_Q4 * _T4 * _NS4):
            "inference costs 2·N FLOPs per token, not 6·N.",
        _K4_INF + 3 * _NL4 * _D4 / (_Q4 * _T4 * _NS4):
            "the small model has to be trained too: subtract its training FLOPs.",
    },
    hints=[
        "Both models must be trained, and the large model's extra training compute is shared "
        "by all the queries. What does each model spend in total?",
        "Set 6·N_s·D + Q·k·2·N_s·T equal to 6·N_l·D + Q·2·N_l·T and solve for k.",
    ],
    kind="compute",
    objectives=[5],
    worked_solution=(
        f"$k = N_l/N_s + 3D(N_l - N_s)/(Q T N_s) = {_NL4}/{_NS4} + "
        f"3 \\times {_tex_int(_D4)} \\times {_tex_int(_NL4 - _NS4)}/"
        f"({_tex_int(_Q4)} \\times {_T4:g} \\times {_tex_int(_NS4)})"
        f" \\approx {_K4_INF:.2f} + {_K4 - _K4_INF:.1f} = {_K4:.1f}$ samples per query.\n\n"
        "With only a thousand queries, the large model's extra training compute buys the "
        "small model hundreds of samples per query; with many more queries k falls towards "
        f"{_K4_INF:.2f}."
    ),
)

# q5: adaptive allocation ------------------------------------------------------------------
_P5 = (0.5, 0.05)
_B5 = 10
_ALLOC5 = tt.allocate_samples(_P5, _B5)
_HARD5 = float(_ALLOC5[1])


def _cov5(k_hard):
    k_easy = _B5 - k_hard
    return (1 - (1 - _P5[0]) ** k_easy) + (1 - (1 - _P5[1]) ** k_hard)


q5 = NumericQuestion(
    "q5",
    expected=_HARD5,
    rel_tol=0.001,
    whole_number=True,
    units="samples",
    misconceptions={
        float(_B5 // 2): "an even split wastes samples on the easy problem, which is almost "
                         "surely solved after a few.",
        float(_B5 - 1): "one sample leaves the easy problem unsolved half the time; its second "
                        "and third samples are worth more than the hard problem's ninth.",
    },
    hints=[
        "What does one more sample add to the chance of solving a problem that is still "
        "unsolved after k samples? Which problem gains more from the next sample?",
        "The gain of the next sample is p(1 − p)^k; hand out the samples one at a time to "
        "the larger gain.",
    ],
    kind="compute",
    objectives=[5],
    worked_solution=(
        f"Handing out samples by marginal gain $p(1-p)^k$ gives {_B5 - int(_HARD5)} to the easy "
        f"problem and {int(_HARD5)} to the hard one, for an expected "
        f"{_cov5(int(_HARD5)):.3f} problems solved; an even split gives {_cov5(_B5 // 2):.3f}. "
        "The easy problem stops needing samples quickly; the hard but solvable one keeps "
        "paying."
    ),
)

# q6: implement the unbiased estimator -----------------------------------------------------
# q1's case (20, 3, 5) after the others: a wrong function's verdict shows the expected value
# of the first case it fails
_CASES6 = [
    ((1000, 7, 50), float(tt.pass_at_k(1000, 7, 50))),
    ((100, 0, 10), 0.0),
    ((10, 8, 3), 1.0),
    ((200, 150, 1), 0.75),
    ((20, 3, 5), float(tt.pass_at_k(20, 3, 5))),
    ((5000, 2500, 300), float(tt.pass_at_k(5000, 2500, 300))),
]
q6 = FunctionQuestion(
    "q6",
    cases=_CASES6,
    rel_tol=1e-6,
    hints=[
        "The comments give the two steps. Why would the binomial coefficients themselves "
        "fail for n in the thousands, and what does the product avoid?",
        "1 − Π_{i = n−c+1}^{n} (1 − k/i): np.prod over np.arange(n − c + 1, n + 1).",
    ],
    kind="complete",
    objectives=[1],
    worked_solution=(
        "```python\n"
        "def pass_at_k(n, c, k):\n"
        "    if n - c < k:\n"
        "        return 1.0\n"
        "    return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))\n"
        "```\n\n"
        "This is the numerically stable form given by Chen et al. (2021)."
    ),
)

# Before you start: recall from chapters 0 and 4 ---------------------------------------------
_NR1, _TR1 = 1e9, 500
_R1 = 2 * _NR1 * _TR1
r1 = NumericQuestion(
    "r1",
    expected=_R1,
    rel_tol=0.01,
    units="FLOPs",
    misconceptions={
        6 * _NR1 * _TR1: "6·N per token is training (forward and backward); generating a "
                         "token runs the forward pass only.",
        _NR1 * _TR1: "a forward pass costs about 2 FLOPs per parameter per token (a multiply "
                     "and an add).",
        2 * _NR1: "that is one token; the answer has 500.",
    },
    hints=[
        "Chapter 0: generating a token runs one forward pass. What does it cost per "
        "parameter?",
        "Inference FLOPs ≈ 2·N per generated token.",
    ],
    worked_solution=(
        "$2N$ per token: $2 \\times 10^9 \\times 500 = 10^{12}$ FLOPs. "
        "Drawing k samples costs k times that, which is what this chapter trades "
        "against a larger model."
    ),
    kind="recall",
    objectives=[5],
)

_PR2, _KR2 = 0.9, 8
_R2 = _PR2 ** _KR2
r2 = NumericQuestion(
    "r2",
    expected=_R2,
    rel_tol=0.01,
    misconceptions={
        _PR2: "that is one digit; the whole answer needs all 8 right.",
        1 - _KR2 * (1 - _PR2): "1 − k(1 − p) is a first-order approximation that fails when "
                               "k(1 − p) is not small; use p^k.",
        1 - _R2: "that is the chance that at least one digit is wrong.",
    },
    hints=[
        "Chapter 4: exact match gives credit only when every digit is right. With "
        "independent digits, how do the probabilities combine?",
        "Exact match = p^k.",
    ],
    worked_solution=(
        f"${_PR2}^{{{_KR2}}} \\approx {_R2:.3f}$. Long answers are much harder than short "
        "ones, so the lab's per-problem success rates spread over orders of magnitude: the "
        "spread this chapter's coverage law is built on."
    ),
    kind="recall",
    objectives=[2],
)

# p1: predict, before the coverage law --------------------------------------------------------
p1 = ChoiceQuestion(
    "p1",
    options={
        "a": "about the same: with 1,000 samples essentially every problem is solved",
        "b": "clearly lower: a tail of very hard problems stays unsolved, and the failure rate "
             "falls only slowly with k",
        "c": "higher: the easy problems of the spread-out benchmark are solved sooner",
        "d": "coverage grows like the square root of k on both, so they agree",
    },
    correct="b",
    why_wrong={
        "a": "1 − (1 − p)^k is right for one problem, not for a benchmark: averaged over "
             "problems, the ones with p near 0 are still unsolved after 1,000 samples.",
        "c": "both benchmarks solve their easy problems within a few samples; at k = 1,000 "
             "what is left is the hard tail, which only the spread-out benchmark has.",
        "d": "coverage is bounded by 1, so no power of k describes it for long; what falls "
             "as a power of k is the failure rate, 1 − coverage.",
    },
    hints=[
        "For one problem the failure rate after k samples is (1 − p)^k. What is that after "
        "1,000 samples for a problem with p = 0.001, and for one with p = 0.1?",
        "The benchmark's failure rate is the mean of (1 − p_i)^k over problems: the hardest "
        "problems dominate it at large k.",
    ],
    worked_solution=(
        "Coverage is the mean of $1 - (1-p_i)^k$ over problems. On a benchmark where every "
        "problem has the mean rate, the failure rate falls exponentially and 1,000 samples "
        "solve everything. With a heavy tail of very hard problems, those stay unsolved: "
        "the failure rate falls like a power of $k$, set by how heavy the tail is."
    ),
    kind="predict",
    objectives=[2],
)

# p2: predict, before majority vote ------------------------------------------------------------
p2 = ChoiceQuestion(
    "p2",
    options={
        "a": "it rises towards 1, as coverage does: more samples always help",
        "b": "it falls towards 0",
        "c": "it stays at 0.35: voting does not change the odds",
        "d": "it levels off at 0.35 / (0.35 + 0.40), the correct answer's share of the two "
             "leading answers",
    },
    correct="b",
    why_wrong={
        "a": "coverage counts a problem as solved if any sample is right; the vote returns "
             "the most frequent answer, and here the most likely answer is wrong.",
        "c": "that is one sample. With more samples the vote picks the most likely answer "
             "ever more reliably, and here that answer is wrong.",
        "d": "a vote is winner-take-all, not proportional: as k grows the answer with the "
             "larger probability wins almost every time.",
    },
    hints=[
        "With many samples, which answer collects the most votes?",
        "The vote converges to the mode of the answer distribution: accuracy tends to 1 if "
        "the mode is correct and to 0 if it is not.",
    ],
    worked_solution=(
        "The vote converges to the mode of the answer distribution. Here the mode is a wrong "
        "answer (0.40 against 0.35), so accuracy falls from 0.35 with one sample towards 0: "
        "more samples make the vote more certain of the wrong answer."
    ),
    kind="predict",
    objectives=[3],
)

# p3: predict, before best-of-k ----------------------------------------------------------------
p3 = ChoiceQuestion(
    "p3",
    options={
        "a": "it rises towards 1, as pass@k does: once a correct sample is drawn the "
             "verifier finds it",
        "b": "it rises, peaks and then falls",
        "c": "it stays at 0.2: the verifier adds nothing",
        "d": "it falls from the start: more samples only add more wrong answers",
    },
    correct="b",
    why_wrong={
        "a": "that is an oracle verifier. A real one can be fooled: among thousands of wrong "
             "samples, the most convincing one eventually outscores the best correct one.",
        "c": "correct samples usually score higher, so with a few samples the verifier picks "
             "a correct one more often than a random pick would.",
        "d": "at small k the verifier's preference for correct samples dominates: accuracy "
             "first rises above the single-sample 0.2.",
    },
    hints=[
        "Best-of-k returns the highest score among k samples. As k grows, how do the best "
        "correct score and the best wrong score each grow?",
        "If wrong scores are more spread out than correct ones, the maximum over many wrong "
        "samples grows faster than the maximum over the correct ones.",
    ],
    worked_solution=(
        "At first more samples give the verifier more chances to find a correct answer, so "
        "accuracy rises. But the largest of many wrong scores keeps growing, and when wrong "
        "scores are more spread out it grows faster than the largest correct score: past "
        "some k a convincing wrong answer wins, and accuracy falls. Cobbe et al. saw this "
        "rise and fall with a trained verifier."
    ),
    kind="predict",
    objectives=[4],
)

# t1: Try this, the coverage explorer (main control: α) ------------------------------------
_GRID_T1 = (0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0)
_K_T1, _BETA_T1, _TARGET_T1 = 16, 2.0, 0.9


def _cov_t1(alpha: float) -> float:
    return float(tt.beta_coverage(alpha, _BETA_T1, _K_T1))


_I_T1 = next(i for i, a in enumerate(_GRID_T1) if _cov_t1(a) >= _TARGET_T1)
_T1 = _GRID_T1[_I_T1]
t1 = NumericQuestion(
    "t1",
    expected=_T1,
    rel_tol=1e-6,
    misconceptions={
        _GRID_T1[_I_T1 - 1]: f"at α = {_GRID_T1[_I_T1 - 1]:g} the exact coverage at k = 16 is "
                             f"{_cov_t1(_GRID_T1[_I_T1 - 1]):.3f}, just short of 0.9; move one "
                             "step further.",
        _GRID_T1[_I_T1 + 1]: "the coverage already reaches 0.9 one step earlier.",
    },
    hints=[
        "The right panel's title gives the exact coverage at k = 16. Small α means a heavy "
        "tail of hard problems: which way must α move to raise the coverage?",
        "Move α up from 0.3 and stop at the first position where the exact coverage is at "
        "least 0.900.",
    ],
    worked_solution=(
        f"The exact coverage at $k = {_K_T1}$ is {_cov_t1(_GRID_T1[_I_T1 - 1]):.3f} at "
        f"$\\alpha = {_GRID_T1[_I_T1 - 1]:g}$ and {_cov_t1(_T1):.3f} at "
        f"$\\alpha =$ **{_T1:g}**; at the default 0.3 it is only {_cov_t1(0.3):.3f}. The "
        "larger α, the thinner the tail of very hard problems, and the faster the failure "
        "rate falls, like $k^{-\\alpha}$."
    ),
    kind="compute",
    objectives=[2],
)

# t2: Try this, the selection explorer (main control: P(top wrong)) -------------------------
t2 = ChoiceQuestion(
    "t2",
    options={
        "a": "it rises towards 1 at every setting, only more slowly as the popular wrong "
             "answer becomes more likely",
        "b": "it climbs towards 1 while the popular wrong answer is less likely than the "
             "correct one; at a tie it levels off near a half; above it, it ends lower the "
             "more samples are drawn, heading for 0",
        "c": "it falls as soon as the wrong answers together are more likely than the correct "
             "one",
        "d": "it falls only once the popular wrong answer passes 0.5, when it holds a "
             "majority of all the votes",
    },
    correct="b",
    why_wrong={
        "a": "move P(top wrong) past 0.30: the title switches to 'a wrong answer is the mode', "
             "and the vote curve turns down at large N.",
        "c": "the wrong answers together have probability 0.70 at every setting, yet the vote "
             "rises while the correct answer is the single most likely one: the other wrong "
             "answers split their votes.",
        "d": "a vote needs only more votes than every other answer, not more than half: at "
             "0.35 the curve already turns down at large N.",
    },
    hints=[
        "Watch the majority-vote curve and the title as P(top wrong) passes P(correct) = 0.30.",
        "The vote converges to the mode of the answer distribution.",
    ],
    worked_solution=(
        "With P(correct) = 0.30 the vote is decided by which single answer is most likely. "
        "Below 0.30 the correct answer is the mode and the vote rises towards 1; at 0.30 the "
        "two tie and the vote tends to a coin flip; above 0.30 the popular wrong answer is "
        "the mode and, past a few samples, the vote falls towards 0, even though the wrong "
        "answers add up to 0.70 at every setting."
    ),
    kind="explain",
    objectives=[3],
)

# t3: Try this, the compute-matched explorer (main control: queries served) ------------------
_GRID_T3 = (1e2, 3e2, 1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9, 3e9,
            1e10)
_SWEEP_SAMPLES_T3 = 100


def _k_allowed(queries: float, curves) -> float:
    """Samples per query width 16 can draw for width 128's FLOPs (the explorer's default)."""
    i_s, i_l = curves.index(16), curves.index(128)
    per = 2 * curves.n_params[i_s] * curves.tokens_per_answer
    big = curves.train_flops[i_l] / queries + 2 * curves.n_params[i_l] * curves.tokens_per_answer
    return float((big - curves.train_flops[i_s] / queries) / per)


def _build_t3() -> NumericQuestion:
    from scaling_lib.lab.task import load_task_sweep

    curves = tt.sampling_curves(load_task_sweep("sampling"), n_trials=1)

    def _k_t3(queries):
        return _k_allowed(queries, curves)

    i = next(j for j, q in enumerate(_GRID_T3) if _k_t3(q) <= _SWEEP_SAMPLES_T3)
    answer, before = _GRID_T3[i], _GRID_T3[i - 1]
    return NumericQuestion(
        "t3",
        expected=answer,
        rel_tol=1e-6,
        units="queries",
        misconceptions={
            before: f"at {_human(before, 2)} queries equal FLOPs allow width 16 about "
                    f"{_k_t3(before):.0f} samples, beyond the sweep's 100; move one step "
                    "further.",
            _GRID_T3[i + 1]: "the allowance already falls within the sweep one step earlier.",
        },
        hints=[
            "The note in the lower right gives the samples per query that equal FLOPs allow "
            "the small model. Why is it so large when the model serves few queries?",
            "Move the queries up from 100 and stop at the first position where the note gives "
            "an accuracy instead of 'beyond the 100 in the sweep'.",
        ],
        worked_solution=(
            f"Equal FLOPs allow width 16 about {_k_t3(before):.0f} samples per query at "
            f"{_human(before, 2)} queries and {_k_t3(answer):.0f} at **{_human(answer, 2)}**: "
            "the large model's extra training compute is shared by fewer queries, so each "
            "one can buy more small-model samples. With many queries the allowance falls "
            f"towards $N_l/N_s \\approx {_k_t3(1e10):.1f}$, where only inference counts."
        ),
        kind="compute",
        objectives=[5],
    )


# q7: critique "test-time compute always beats a bigger model" --------------------------------
q7 = ChoiceQuestion(
    "q7",
    options={
        "a": "nothing: at equal FLOPs sampling a small model many times always wins",
        "b": "it generalises from tasks where the small model already solves most problems "
             "some of the time; where it lacks the skill, samples cannot supply it and the "
             "larger model is the better buy",
        "c": "the comparison is unfair to the large model because samples cost nothing",
        "d": "it has the direction backwards: a larger model always beats sampling",
    },
    correct="b",
    why_wrong={
        "a": "in this chapter's lab the larger model wins the equal-FLOPs comparisons, and "
             "Brown et al. found the larger model the better buy on CodeContests.",
        "c": "each sample costs 2·N FLOPs per generated token; equal-FLOPs comparisons count "
             "exactly that.",
        "d": "Snell et al. found test-time compute beat a much larger model on problems the "
             "small model could sometimes solve; the answer depends on difficulty.",
    },
    hints=[
        "In the lab, which problems do extra samples from the small model win back, and which "
        "not?",
        "Compare the lab's table by answer length with what Brown et al. and Snell et al. "
        "report on their benchmarks.",
    ],
    worked_solution=(
        "Whether samples beat size depends on the regime. Extra samples help where the small "
        "model can already sometimes get the answer right (short sums in the lab, easier "
        "problems in Snell et al.), and cannot supply a skill it lacks (long sums, the "
        "hardest problems). The claim turns a result on some benchmarks into a law."
    ),
    kind="critique",
    objectives=[5],
)

t3 = DeferredQuestion("t3", _build_t3)  # reads the cached lab sweep on first use


QUESTIONS = [r1, r2, p1, t1, p2, p3, t2, t3, q1, q2, q3, q4, q5, q6, q7]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
