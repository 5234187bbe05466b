"""Exercises of chapter 6, "Test-time compute" (``book/06_test_time_compute.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.test_time``, independently of the solution cells in the book.
"""

import math

from scipy.optimize import brentq

from scaling_lib import test_time as tt
from scaling_lib.exercises.core import FunctionQuestion, NumericQuestion, _tex_int

# q1: unbiased pass@k from counts -------------------------------------------------------
_N1, _C1, _K1 = 20, 3, 5
_PASS1 = float(tt.pass_at_k(_N1, _C1, _K1))
_PLUGIN1 = float(tt.pass_at_k_plugin(_N1, _C1, _K1))
q1 = NumericQuestion(
    "q1",
    expected=_PASS1,
    rel_tol=0.005,
    misconceptions={
        _PLUGIN1: "that is the plug-in 1 − (1 − c/n)^k, which treats c/n as the true rate and "
                  "is biased low; count the k-subsets of the n samples instead.",
        _C1 / _N1: "that is pass@1; the question asks for pass@5.",
        min(1.0, _K1 * _C1 / _N1): "probabilities of 'at least one success' do not add: "
                                   "k·c/n counts overlapping events twice.",
    },
    hints=[
        "pass@k is the chance that a random subset of k of the n samples contains at least "
        "one correct one.",
        "1 − C(n − c, k)/C(n, k): the fraction of k-subsets drawn only from the n − c wrong "
        "samples, subtracted from 1.",
    ],
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
        "Coverage at k is 1 − B(α, β + k)/B(α, β); find the smallest whole k where it "
        "reaches 0.9.",
        "Use scaling_lib.test_time.beta_coverage on a range of k (or scipy.optimize.brentq) "
        "and round up.",
    ],
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
        "Condition on j, the number of correct votes (binomial with p = 0.4); the other 9 − j "
        "votes are spread over the wrong answers.",
        "scaling_lib.test_time.majority_vote_accuracy(probs, k) does this exactly; "
        "simulate_majority_vote checks it.",
    ],
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
        "Total FLOPs of a model: 6·N·D to train plus queries × samples × 2·N·T to serve.",
        "Set 6 N_s D + Q k 2 N_s T equal to 6 N_l D + Q 2 N_l T and solve for k.",
    ],
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
        "The gain of the next sample on a problem with rate p that already has k samples is "
        "p(1 − p)^k. Give each sample to the larger gain.",
        "Start with one sample each, then hand out the other 8 one at a time.",
    ],
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
        "If n − c < k every k-subset holds a correct sample: return 1.",
        "Otherwise 1 − Π_{i = n−c+1}^{n} (1 − k/i); np.prod over np.arange(n − c + 1, n + 1) "
        "avoids huge binomial coefficients.",
    ],
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

QUESTIONS = [q1, q2, q3, q4, q5, q6]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
