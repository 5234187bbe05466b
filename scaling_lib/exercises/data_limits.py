"""Exercises of chapter 3, "When data runs out" (``book/03_data_limits.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.data_limits`` and ``scaling_lib.laws``, independently of the book's
solution cells.
"""

import math

from scaling_lib import data_limits as dl
from scaling_lib.exercises.core import FunctionQuestion, NumericQuestion
from scaling_lib.laws import MUENNIGHOFF_2023
from scaling_lib.plotting import human_count
from scaling_lib.plotting import tex as _tex

_R_D = 15.4  # the rounded value the problems state

# q1: tokens of a compute-optimal run at 1e28 FLOPs, by D = 20 N
_C1 = 1e28
_D1 = float(dl.rule_of_thumb_tokens(_C1))
q1 = NumericQuestion(
    "q1",
    expected=_D1,
    rel_tol=0.02,
    units="tokens",
    misconceptions={
        math.sqrt(_C1 / 6): "that is D = N (one token per parameter); the rule is D = 20·N.",
        math.sqrt(_C1 / (6 * 20)): "that is N, the parameter count; the question asks for "
                                   "D = 20·N.",
        _C1 / 6 / 20: "C = 6·N·D with D = 20·N gives C = 120·N², so N = √(C/120): take a square "
                      "root.",
    },
    hints=[
        "Substitute D = 20·N into C = 6·N·D: C = 120·N².",
        "N = √(C / 120), then D = 20·N = √(20·C / 6).",
    ],
    worked_solution=(
        "With $D = 20N$, $C = 6ND = 120N^2$, so $N = \\sqrt{C/120}$ and "
        f"$D = \\sqrt{{20C/6}} = {_tex(_D1)}$ tokens for $C = 10^{{28}}$ FLOPs. "
        f"That is {_D1 / dl.VILLALOBOS_2024.central_tokens:.2f} times the central estimate of "
        "the stock of public human text (about $3\\times10^{14}$ tokens), inside its 90% "
        "interval of $10^{14}$ to $10^{15}$."
    ),
)

# q2: effective data of 4 epochs over 100B unique tokens
_U2, _E2 = 100e9, 4
_D2 = _U2 * float(dl.effective_epochs(_E2, _R_D))
q2 = NumericQuestion(
    "q2",
    expected=_D2,
    rel_tol=0.01,
    units="tokens",
    misconceptions={
        _U2 * _E2: "that treats repeated tokens as fresh; repeats are worth less (D' < D).",
        _U2: "that treats repeated tokens as worthless; D' is more than U_D.",
        _U2 * (1 + _R_D * (1 - math.exp(-_E2 / _R_D))): "R_D counts repetitions beyond the "
                                                        "first epoch: R_D = epochs − 1 = 3.",
    },
    hints=[
        "R_D is the number of repetitions after the first pass: R_D = 4 − 1 = 3.",
        "D' = U_D + U_D · R_D* · (1 − exp(−R_D / R_D*)) with U_D = 100e9 and R_D* = 15.4.",
    ],
    worked_solution=(
        "Four epochs are one pass plus $R_D = 3$ repetitions. "
        f"$D' = 10^{{11}}\\,(1 + 15.4\\,(1 - e^{{-3/15.4}})) \\approx {_tex(_D2)}$ tokens: "
        f"{_D2 / (_U2 * _E2):.0%} of the $4\\times10^{{11}}$ tokens trained on. "
        "Repeating is neither free nor worthless."
    ),
)

# q3: the "half-life" of repeated data
_E3 = float(dl.epochs_at_marginal_value(0.5, _R_D))
q3 = NumericQuestion(
    "q3",
    expected=_E3,
    rel_tol=0.01,
    units="epochs",
    misconceptions={
        _R_D * math.log(2): "that is the number of repetitions R_D; epochs = R_D + 1.",
        _R_D: "R_D* is where the marginal value has fallen to 1/e ≈ 0.37, not to one half.",
        _R_D + 1: "at R_D = R_D* the marginal value is 1/e ≈ 0.37, not one half.",
    },
    hints=[
        "Differentiate D' with respect to D = U_D·(1 + R_D): dD'/dD = exp(−R_D / R_D*).",
        "Solve exp(−R_D / R_D*) = 1/2 for R_D, then add the first epoch.",
    ],
    worked_solution=(
        "One more repeated token is worth $dD'/dD = e^{-R_D/R_D^*}$ fresh tokens. "
        "It is worth half a fresh token when $R_D = R_D^* \\ln 2 = "
        f"{_R_D * math.log(2):.2f}$, that is after {_E3:.1f} epochs."
    ),
)

# q4: optimal epochs under a unique-token cap
_C4, _U4 = 1e23, 100e9
_A4 = dl.constrained_optimum(_C4, _U4)
q4 = NumericQuestion(
    "q4",
    expected=_A4.epochs,
    rel_tol=0.03,
    units="epochs",
    misconceptions={
        _A4.unconstrained_epochs: "that keeps the uncapped Chinchilla allocation and simply "
                                  "repeats the data; the capped optimum moves compute from "
                                  "parameters to epochs.",
        1.0: "with 100B unique tokens the uncapped optimum needs more data than exists: the "
             "cap binds.",
        4.0: "four epochs is the rule of thumb for 'almost free' repetition, not the optimum "
             "of this budget.",
    },
    hints=[
        "Use data_limits.constrained_optimum(flops, unique_tokens): it minimises the "
        "Muennighoff et al. loss along 6·N·D = C with U_D = min(cap, D).",
        "The result's .epochs attribute is D / U_D at the optimum.",
    ],
    worked_solution=(
        f"`constrained_optimum(1e23, 100e9)` gives $N = {human_count(_A4.params)}$, "
        f"$D = {human_count(_A4.tokens)}$ tokens, i.e. {_A4.epochs:.2f} epochs. "
        f"The uncapped optimum would use $N = {human_count(_A4.unconstrained_params)}$ and "
        f"$D = {human_count(_A4.unconstrained_tokens)}$ ({_A4.unconstrained_epochs:.2f} epochs "
        "of the pool): under the cap the best run is smaller and repeats more, because excess "
        "parameters lose value faster ($R_N^* \\approx 5.3$) than repeated tokens "
        "($R_D^* \\approx 15.4$)."
    ),
)

# q5: the compute the cap costs
_C5_EQ = dl.compute_equivalent(_A4.loss)
_FRACTION5 = _C5_EQ / _C4
q5 = NumericQuestion(
    "q5",
    expected=_FRACTION5,
    rel_tol=0.03,
    misconceptions={
        1.0: "the cap does cost something here: the capped optimum's loss is higher than the "
             "uncapped one's.",
        1 / _FRACTION5: "invert it: the answer is C'/C, which is below 1.",
        float(dl.effective_data_fraction(_A4.epochs)): "that is D'/D, the value of the "
                                                       "repeated tokens, not the compute ratio.",
    },
    hints=[
        "First the loss of the capped optimum of q4 (its .loss).",
        "data_limits.compute_equivalent(loss) finds the budget C' at which the uncapped optimum "
        "reaches that loss; report C' / 1e23.",
    ],
    worked_solution=(
        f"The capped optimum reaches {_A4.loss:.4f} nats, {_A4.loss_penalty:.4f} nats above "
        f"the uncapped {_A4.unconstrained_loss:.4f}. Without a cap, "
        f"${_tex(_C5_EQ)}$ FLOPs reach the same loss: the cap makes the budget worth "
        f"{_FRACTION5:.2f} of its face value."
    ),
)


# q6: write D'
def _effective_tokens(unique_tokens, epochs, r_star):
    return unique_tokens * float(dl.effective_epochs(epochs, r_star))


q6 = FunctionQuestion(
    "q6",
    cases=[((1e9, 1, 15.4), _effective_tokens(1e9, 1, 15.4)),
           ((1e9, 4, 15.4), _effective_tokens(1e9, 4, 15.4)),
           ((2.5e10, 40, 15.4), _effective_tokens(2.5e10, 40, 15.4)),
           ((1e6, 8, 1.5), _effective_tokens(1e6, 8, 1.5)),
           ((3e11, 1000, MUENNIGHOFF_2023.r_d_star),
            _effective_tokens(3e11, 1000, MUENNIGHOFF_2023.r_d_star))],
    rel_tol=1e-6,
    hints=[
        "R_D = epochs − 1 (the first pass is not a repetition).",
        "return U + U · r_star · (1 − exp(−R_D / r_star)), with math.exp or numpy.exp.",
    ],
    worked_solution=(
        "```python\n"
        "import math\n\n"
        "def effective_tokens(unique_tokens, epochs, r_star):\n"
        "    repeats = epochs - 1\n"
        "    return unique_tokens * (1 + r_star * (1 - math.exp(-repeats / r_star)))\n"
        "```\n\n"
        "With one epoch it returns $U_D$; as the epochs grow it approaches "
        "$U_D(1 + R^*)$."
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
