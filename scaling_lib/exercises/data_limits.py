"""Exercises of chapter 3, "When data runs out" (``book/03_data_limits.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.data_limits`` and ``scaling_lib.laws``, independently of the book's
solution cells.
"""

import math

from scaling_lib import data_limits as dl
from scaling_lib.exercises.core import ChoiceQuestion, FunctionQuestion, NumericQuestion
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
    kind="compute",
    objectives=[1],
    misconceptions={
        math.sqrt(_C1 / 6): "that is D = N (one token per parameter); the rule is D = 20·N.",
        math.sqrt(_C1 / (6 * 20)): "that is N, the parameter count; the question asks for "
                                   "D = 20·N.",
        _C1 / 6 / 20: "C = 6·N·D with D = 20·N gives C = 120·N², so N = √(C/120): take a square "
                      "root.",
    },
    hints=[
        "Two conditions fix two unknowns: the budget fixes N·D, the rule fixes D/N.",
        "Substitute D = 20·N into C = 6·N·D: C = 120·N², so N = √(C/120) and D = 20·N.",
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
    kind="complete",
    objectives=[2],
    misconceptions={
        _U2 * _E2: "that treats repeated tokens as fresh; repeats are worth less (D' < D).",
        _U2: "that treats repeated tokens as worthless; D' is more than U_D.",
        _U2 * (1 + _R_D * (1 - math.exp(-_E2 / _R_D))): "R_D counts repetitions beyond the "
                                                        "first epoch: R_D = epochs − 1 = 3.",
    },
    hints=[
        "The first pass over the pool is fresh data; only the passes after it are "
        "repetitions, R_D of them.",
        "D' = U_D + U_D · R_D* · (1 − exp(−R_D / R_D*)), with R_D = epochs − 1.",
    ],
    worked_solution=(
        "Four epochs are one pass plus $R_D = 3$ repetitions. "
        f"$D' = 10^{{11}}\\,(1 + 15.4\\,(1 - e^{{-3/15.4}})) \\approx {_tex(_D2)}$ tokens: "
        f"{_D2 / (_U2 * _E2):.0%} of the $4\\times10^{{11}}$ tokens trained on. "
        "Repeating is neither free nor worthless."
    ),
)

# q3: the "half-life" of repeated data, for a setting that overfits sooner (the page works
# Muennighoff et al.'s 15.4)
_R3 = 6.0
_E3 = float(dl.epochs_at_marginal_value(0.5, _R3))
q3 = NumericQuestion(
    "q3",
    expected=_E3,
    rel_tol=0.01,
    units="epochs",
    kind="compute",
    objectives=[2],
    misconceptions={
        _R3 * math.log(2): "that is the number of repetitions R_D; epochs = R_D + 1.",
        _R3: "R_D* is where the marginal value has fallen to 1/e ≈ 0.37, not to one half.",
        _R3 + 1: "at R_D = R_D* the marginal value is 1/e ≈ 0.37, not one half.",
        float(dl.epochs_at_marginal_value(0.5, _R_D)): "that is the half-life for R_D* = 15.4, "
                                                        "the text's example; this setting has "
                                                        "R_D* = 6.",
    },
    hints=[
        "What one more repeated token is worth is the slope of D' against the tokens trained "
        "on, D = U_D·(1 + R_D).",
        "dD'/dD = exp(−R_D / R_D*); set it to 1/2 and remember epochs = R_D + 1.",
    ],
    worked_solution=(
        "One more repeated token is worth $dD'/dD = e^{-R_D/R_D^*}$ fresh tokens. "
        "It is worth half a fresh token when $R_D = R_D^* \\ln 2 = "
        f"{_R3 * math.log(2):.2f}$, that is after {_E3:.2f} epochs: with a smaller $R_D^*$ "
        "repetition loses its value sooner."
    ),
)

# q4: optimal epochs under a unique-token cap (the page works 100B tokens; q4 asks 30B)
_C4, _U4 = 1e23, 30e9
_A4 = dl.constrained_optimum(_C4, _U4)
q4 = NumericQuestion(
    "q4",
    expected=_A4.epochs,
    rel_tol=0.03,
    units="epochs",
    kind="compute",
    objectives=[3],
    misconceptions={
        float(dl.constrained_optimum(_C4, 100e9).epochs): "that is the optimum with 100B "
                                                           "unique tokens, the page's example; "
                                                           "this cap is 30B.",
        _A4.unconstrained_epochs: "that keeps the uncapped Chinchilla allocation and simply "
                                  "repeats the data; the capped optimum moves compute from "
                                  "parameters to epochs.",
        1.0: "with 100B unique tokens the uncapped optimum needs more data than exists: the "
             "cap binds.",
        4.0: "four epochs is the rule of thumb for 'almost free' repetition, not the optimum "
             "of this budget.",
    },
    hints=[
        "Along the budget every N trains on D = C/(6N) tokens, but only min(cap, D) of them "
        "are unique: the best N is where the data-constrained loss is lowest.",
        "data_limits.constrained_optimum(flops, unique_tokens) does that search; epochs = "
        "D / U_D at its optimum (.epochs).",
    ],
    worked_solution=(
        f"`constrained_optimum(1e23, 30e9)` gives $N = {human_count(_A4.params)}$, "
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
    kind="compute",
    objectives=[3],
    misconceptions={
        float(dl.compute_equivalent(dl.constrained_optimum(_C4, 100e9).loss) / _C4):
            "that is the worth with 100B unique tokens, the page's example; this cap is 30B.",
        1.0: "the cap does cost something here: the capped optimum's loss is higher than the "
             "uncapped one's.",
        1 / _FRACTION5: "invert it: the answer is C'/C, which is below 1.",
        float(dl.effective_data_fraction(_A4.epochs)): "that is D'/D, the value of the "
                                                       "repeated tokens, not the compute ratio.",
    },
    hints=[
        "Compare like with like: which uncapped budget reaches the loss the capped optimum "
        "reaches?",
        "The capped loss is the .loss of q4's optimum; data_limits.compute_equivalent(loss) "
        "gives the uncapped budget C' that reaches it.",
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
    kind="compute",
    objectives=[2],
    hints=[
        "Which passes over the pool count as repetitions?",
        "D' = U + U · r_star · (1 − exp(−R_D / r_star)) with R_D = epochs − 1.",
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

# ================================================================ Before you start
# r1 (chapter 0): tokens from a FLOP budget
_R1_C, _R1_N = 1.2e20, 1e9
r1 = NumericQuestion(
    "r1",
    expected=_R1_C / (6 * _R1_N),
    rel_tol=0.02,
    units="tokens",
    kind="recall",
    objectives=[1],
    misconceptions={
        _R1_C / (2 * _R1_N): "C = 2·N·D is the forward pass only; training costs about 6·N·D.",
        _R1_C / _R1_N: "each token costs about 6 FLOPs per parameter in training, not 1.",
        6 * _R1_C / _R1_N: "divide by 6·N: D = C/(6·N).",
    },
    hints=[
        "Chapter 0: training costs about 6 FLOPs per parameter per token (forward and "
        "backward).",
        "C ≈ 6·N·D, so D = C/(6·N).",
    ],
    worked_solution=(
        f"$D = C/(6N) = 1.2\\times10^{{20}}/(6\\times10^{{9}}) = {_tex(_R1_C / (6 * _R1_N))}$ "
        "tokens."
    ),
)

# r2 (chapter 2): what "20 tokens per parameter" is
r2 = ChoiceQuestion(
    "r2",
    kind="recall",
    objectives=[1],
    options={
        "a": "a constant of the Chinchilla law, the same at every budget",
        "b": "a rounded rule of thumb from Hoffmann et al.'s Approaches 1 and 2 over the budgets "
             "they studied; fitted laws give other ratios, which drift with the budget",
        "c": "the ratio that minimises the cost of serving a model",
        "d": "the ratio Kaplan et al. found",
    },
    correct="b",
    why_wrong={
        "a": "the law's ratio is G^−2 (C/6)^(b−a), constant only when α = β; the printed "
             "constants give far more than 20, rising with the budget.",
        "c": "it minimises training compute for a given loss; a model served for a long time "
             "is cheaper if smaller and trained longer (chapter 5).",
        "d": "Kaplan et al.'s allocation put most extra compute into parameters, far fewer "
             "tokens per parameter.",
    },
    hints=[
        "Chapter 2, \"Where '20 tokens per parameter' comes from\".",
        "Is D_opt/N_opt = G^−2 (C/6)^(b−a) constant in C?",
    ],
    worked_solution=(
        "(b). About 20 tokens per parameter is a rounded reading of Hoffmann et al.'s "
        "Approaches 1 and 2 (and of Chinchilla itself, 1.4T tokens for 70B parameters). "
        "This chapter uses it as a quick estimate of the data a compute-optimal run needs, "
        "next to the fitted laws, which disagree with it and with each other."
    ),
)

# ================================================================ predictions in the sections
p1 = ChoiceQuestion(
    "p1",
    kind="predict",
    objectives=[2],
    options={
        "a": "worthless: once the model has seen a token, showing it again teaches nothing",
        "b": "as good as fresh data, however many epochs",
        "c": "nearly as good as fresh for the first few epochs, then worth less and less, with "
             "a ceiling on the total",
        "d": "worth half a fresh token, at every epoch",
    },
    correct="c",
    why_wrong={
        "a": "the second pass still lowers the loss: D' grows with every epoch, at first "
             "almost as fast as D.",
        "b": "each further repetition is worth e^(−R_D/R_D*) of a fresh token, and D' never "
             "exceeds U_D(1 + R_D*).",
        "d": "the value of a repeated token is not fixed: it starts near 1 and falls with the "
             "number of repetitions.",
    },
    hints=[
        "D' = U_D + U_D R_D*(1 − e^(−R_D/R_D*)): what is 1 − e^(−x) for small x, and for "
        "large x?",
        "For small x, 1 − e^(−x) ≈ x; as x → ∞ it tends to 1.",
    ],
    worked_solution=(
        "(c). For a few repetitions $1 - e^{-x} \\approx x$, so $D' \\approx U_D(1 + R_D) = D$: "
        "nearly fresh. Each further repeated token is worth $e^{-R_D/R_D^*}$ of a fresh one, "
        "and however long you train $D'$ stays below $U_D(1 + R_D^*)$: neither worthless nor "
        "free."
    ),
)

p2 = ChoiceQuestion(
    "p2",
    kind="predict",
    objectives=[3],
    options={
        "a": "the same model as without the cap, repeating the pool as often as it needs",
        "b": "a smaller model, trained for more epochs",
        "c": "a larger model, trained for fewer epochs",
        "d": "the same model, trained on just the unique tokens, once",
    },
    correct="b",
    why_wrong={
        "a": "repeated tokens are worth less than fresh ones, so the uncapped allocation is "
             "no longer the best: the balance between N and D moves.",
        "c": "a larger model on the same budget sees fewer tokens, and excess parameters lose "
             "value faster (R_N* ≈ 5.3) than repeated tokens (R_D* ≈ 15.4).",
        "d": "stopping after one pass wastes most of the budget: repeated tokens are still "
             "worth much more than nothing.",
    },
    hints=[
        "Under the cap, both N beyond what the data can feed and D beyond the pool lose "
        "value. Which loses it faster?",
        "Compare R_N* ≈ 5.3 (excess parameters) with R_D* ≈ 15.4 (repeated tokens).",
    ],
    worked_solution=(
        "(b). Excess parameters lose their value faster than repeated tokens ($R_N^* < "
        "R_D^*$), so under a cap the optimum moves compute from parameters to epochs: a "
        "smaller model than Chinchilla's, trained on more passes over the pool."
    ),
)

# ================================================================ Try this (explorers)
#: The epochs the effective-data explorer's main control steps through (its static frames;
#: tests/test_exercises_data_limits.py checks them against the explorer).
T1_POSITIONS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 50.0, 70.0, 100.0)


def _kept(epochs: float) -> float:
    """D'/D: the share of fresh data's value that ``epochs`` passes over a pool keep."""
    return float(dl.effective_epochs(epochs, MUENNIGHOFF_2023.r_d_star)) / epochs


# the first position where the repeated pool keeps less than 70% of fresh data's value
_T1 = next(e for e in T1_POSITIONS if _kept(e) < 0.7)
t1 = NumericQuestion(
    "t1",
    expected=_T1,
    rel_tol=0.05,
    units="epochs",
    kind="compute",
    objectives=[2],
    misconceptions={
        10.0: "at 10 epochs the pool still keeps more than 70% of fresh data's value; move "
              "one step further.",
        20.0: "at 20 epochs it is already below 70%; is it below at the step before?",
        4.0: "four epochs is the paper's 'nearly free' point, far above 70%.",
    },
    hints=[
        "The box at the bottom of the right panel says what share of fresh data the "
        "repeated pool is worth.",
        "D'/D = (1 + R_D*(1 − e^(−R_D/R_D*))) / epochs with R_D = epochs − 1.",
    ],
    worked_solution=(
        f"With $R_D^* = {MUENNIGHOFF_2023.r_d_star:.1f}$: "
        + ", ".join(f"{e:g} epochs keep {_kept(e):.0%}" for e in T1_POSITIONS[6:10])
        + f". The share first falls below 70% at {_T1:g} epochs, long after the 'nearly "
        "free' four."
    ),
)

#: The caps the allocation explorer's main control steps through (1-2-5 per decade).
T2_POSITIONS = tuple(m * 10.0 ** k for k in range(9, 14) for m in (1, 2, 5)) + (1e14,)


def _penalty(cap: float) -> float:
    """The capped optimum's loss penalty at 10²³ FLOPs, as the explorer computes it."""
    return float(dl.constrained_optimum(1e23, cap, grid_points=121).loss_penalty)


# the smallest cap whose penalty the explorer shows as 0.0000 nats (the cap stops binding)
_T2 = next(u for u in T2_POSITIONS[6:] if _penalty(u) < 5e-5)
_T2_UNCAPPED = float(dl.constrained_optimum(1e23, _T2, grid_points=121).unconstrained_tokens)
t2 = NumericQuestion(
    "t2",
    expected=_T2,
    rel_tol=0.2,
    units="unique tokens",
    kind="compute",
    objectives=[3],
    misconceptions={
        5e11: "at 500B the optimum still repeats a little (just over one epoch) and pays a "
              "small penalty; move one step further.",
        1e11: "that is where the explorer starts: the cap binds hard there.",
        2e12: "at 2T the cap no longer binds, but it already stopped binding one step before.",
    },
    hints=[
        "The cap stops mattering once the pool holds all the tokens the uncapped optimum "
        "wants.",
        "Watch the box: the capped run at 1.0 epochs and a penalty of 0.0000 nats.",
    ],
    worked_solution=(
        f"The uncapped optimum at $10^{{23}}$ FLOPs trains on {human_count(_T2_UNCAPPED)} "
        "tokens. Any pool at least that large lets it train once on fresh data: the first "
        f"position of the slider above it is {human_count(_T2)}, where the capped and "
        "uncapped optima "
        "coincide (1.0 epochs, no penalty)."
    ),
)

# ================================================================ more end-of-chapter items
q7 = ChoiceQuestion(
    "q7",
    kind="explain",
    objectives=[4],
    options={
        "a": "the constant belongs to a setting (model size, regularisation, pool, language): "
             "measure it in a setting like the one you plan for",
        "b": "the lab's constant is wrong because its models are too small; the published "
             "15.4 holds for any language model",
        "c": "a smaller R_D* only means a noisier fit; with more seeds it would approach 15.4",
        "d": "R_D* is universal, so either value can be used to plan any run",
    },
    correct="a",
    why_wrong={
        "b": "both are measurements of their own setting; the lab's small models without "
             "weight decay memorise a small pool, which large transformers on web text do "
             "much later.",
        "c": "over the seeds the lab's R_D* stays far below 15.4: the gap is the setting, "
             "not noise.",
        "d": "the published and the lab's values differ several-fold; a constant that "
             "depends on the setting is not universal.",
    },
    hints=[
        "What differs between the lab's runs and Muennighoff et al.'s, apart from size?",
        "The text after the live run: 'the constant belongs to a setting, not to language "
        "modelling in general'.",
    ],
    worked_solution=(
        "(a). The lab's small models, without weight decay, start to memorise a small pool "
        "after a few epochs, so repetition loses its value far sooner than for Muennighoff et "
        "al.'s models on C4; a larger pool or weight decay moves the fitted constant. Use a "
        "repetition constant only for runs like the ones it was fitted on, or measure it "
        "with small runs in your own setting first."
    ),
)

q8 = ChoiceQuestion(
    "q8",
    kind="critique",
    objectives=[5],
    options={
        "a": "nothing: model collapse was only shown for tiny models",
        "b": "it goes beyond what is measured: models trained recursively on their own outputs "
             "lose the tails of the distribution, and when synthetic data are added to real "
             "data instead collapse is avoided, but no fitted law says how much synthetic text "
             "can stand in for new human text",
        "c": "synthetic data is proven useless: every model trained on it collapses",
        "d": "the flaw is only the word 'forever': the data-constrained law shows synthetic "
             "data is worth e^(−R/R*) of human data",
    },
    correct="b",
    why_wrong={
        "a": "the claim is not 'nothing to fear': it is that the wall is solved, which needs "
             "a measurement of how much synthetic text substitutes for human text.",
        "c": "Gerstgrasser et al. find that accumulating synthetic data alongside the real "
             "data avoids collapse, and synthetic text is a routine part of pre-training sets.",
        "d": "the data-constrained law values repeated human text; it says nothing about "
             "synthetic text.",
    },
    hints=[
        "For each response to the data wall the chapter's table lists what is measured and "
        "what is not. Which row is this?",
        "Compare 'solves' with the 'what is not' column of the synthetic-data row.",
    ],
    worked_solution=(
        "(b). The claim asserts a solution where the evidence is partial: Shumailov et al. "
        "show collapse when each generation replaces the data with model outputs, "
        "Gerstgrasser et al. that accumulating real and synthetic data avoids it, and "
        "generated text is already part of training sets. How much synthetic text can stand "
        "in for new human text, and at what quality, is not measured by any fitted law in "
        "this course."
    ),
)

q9 = ChoiceQuestion(
    "q9",
    kind="explain",
    objectives=[3],
    options={
        "a": "excess parameters lose their value faster than repeated tokens (R_N* < R_D*), "
             "so the compute is better spent on epochs",
        "b": "a smaller model needs fewer tokens, so the cap no longer binds",
        "c": "larger models memorise repeated data, which the law forbids",
        "d": "the cap lowers the loss floor E, so a smaller model suffices",
    },
    correct="a",
    why_wrong={
        "b": "the cap still binds: the capped optimum repeats the pool many times.",
        "c": "the law has no memorisation term; it discounts excess parameters and repeated "
             "tokens, each with its own constant.",
        "d": "E is the same with or without a cap; the cap raises the reachable loss.",
    },
    hints=[
        "The law discounts two things once data is short: parameters beyond what the data "
        "can feed, and repeated tokens. Which discount bites sooner?",
        "Compare R_N* ≈ 5.3 with R_D* ≈ 15.4.",
    ],
    worked_solution=(
        "(a). Once the data is capped, both excess parameters and repeated tokens are worth "
        "less than their face value; parameters lose theirs faster ($R_N^* \\approx 5.3$ "
        "against $R_D^* \\approx 15.4$), so the optimum moves compute from parameters to "
        "epochs."
    ),
)

RECALL = [r1, r2]
PREDICTIONS = [p1, p2]
TRY_THIS = [t1, t2]
QUESTIONS = [q1, q2, q3, q4, q5, q6, q7, q8, q9]
__all__ = ["QUESTIONS", "RECALL", "PREDICTIONS", "TRY_THIS", "T1_POSITIONS",
           "T2_POSITIONS",
           *(q.name for q in RECALL + PREDICTIONS + TRY_THIS + QUESTIONS)]
