"""Exercises of chapter 8, "Hyperparameters across scale" (``book/08_hyperparameters.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.hyperparameters``, independently of the solution cells in the book.
"""

from scaling_lib import hyperparameters as hp
from scaling_lib.exercises.core import NumericQuestion
from scaling_lib.plotting import tex

_LAW = hp.DEEPSEEK_HYPERPARAMETERS


def _whole(x: float) -> str:
    """A whole number for LaTeX, with thousands separators that math mode does not space."""
    return f"{x:,.0f}".replace(",", "{,}")


# q1: DeepSeek's optimal learning rate at 1e21 FLOPs --------------------------------------
_C1 = 1e21
_LR1 = float(_LAW.learning_rate(_C1))
q1 = NumericQuestion(
    "q1",
    expected=_LR1,
    rel_tol=0.01,
    misconceptions={
        _LAW.lr_coefficient * _C1**0.125: "the exponent is negative: the optimal learning "
                                          "rate falls as compute grows.",
        _LAW.lr_coefficient: "C^(−0.125) is not 1: raise 10²¹ to the power −0.125.",
        float(_LAW.batch_tokens(_C1)): "that is the batch-size law; the question asks for "
                                       "the learning rate.",
        float(_LAW.learning_rate(6 * _C1)): "C is already the compute in FLOPs; do not "
                                            "multiply by 6 again.",
    },
    hints=[
        "η_opt = 0.3118 · C^(−0.1250) with C in FLOPs.",
        "(10²¹)^(−0.125) = 10^(−2.625).",
    ],
    worked_solution=(
        f"$\\eta_{{opt}} = 0.3118 \\times (10^{{21}})^{{-0.125}} = 0.3118 \\times "
        f"10^{{-2.625}} \\approx {tex(_LR1, 3)}$.\n\n"
        "Ten times the compute lowers the optimal rate only by a factor "
        f"$10^{{0.125}} \\approx {10**0.125:.2f}$: a slow drift, easy to miss on a small grid."
    ),
)

# q2: DeepSeek's optimal batch, in tokens and in sequences ---------------------------------
_C2, _SEQ2 = 1e21, 4096
_B2_TOKENS = float(_LAW.batch_tokens(_C2))
_B2 = _B2_TOKENS / _SEQ2
q2 = NumericQuestion(
    "q2",
    expected=_B2,
    rel_tol=0.01,
    units="sequences",
    misconceptions={
        _B2_TOKENS: "that is B_opt in tokens; divide by the 4,096 tokens of a sequence.",
        _LAW.batch_coefficient * _C2**-0.3271 / _SEQ2: "the batch exponent is positive: "
                                                       "larger budgets use larger batches.",
        float(_LAW.batch_tokens(_C2 / 6)) / _SEQ2: "C is the compute itself, not C/6.",
    },
    hints=[
        "B_opt = 0.2920 · C^0.3271 gives tokens per step.",
        "A sequence holds 4,096 tokens: divide.",
    ],
    worked_solution=(
        f"$B_{{opt}} = 0.2920 \\times (10^{{21}})^{{0.3271}} \\approx {_whole(_B2_TOKENS)}$ "
        f"tokens, or {_B2_TOKENS:,.0f} / 4,096 ≈ {_B2:,.0f} sequences of 4,096 tokens.\n\n"
        "The law is written in tokens: DeepSeek LLM 7B's batch of 2,304 sequences "
        "(9.4 million tokens) is what it gives at that model's compute."
    ),
)

# q3: steps beyond the critical batch ------------------------------------------------------
_SMIN3, _EMIN3 = 2000.0, 1e9
_BC3 = _EMIN3 / _SMIN3
_S3 = float(hp.steps_to_target(4 * _BC3, _SMIN3, _EMIN3))
q3 = NumericQuestion(
    "q3",
    expected=_S3,
    rel_tol=0.005,
    units="steps",
    misconceptions={
        2 * _SMIN3 / 4: "that assumes steps keep falling in proportion to the batch; beyond "
                        "B_crit they approach S_min instead.",
        2 * _SMIN3: "that is the number of steps at B = B_crit, where both steps and tokens "
                    "are twice their minimum.",
        _SMIN3: "S_min is reached only with an infinite batch.",
        _SMIN3 * (1 + 4): "that is S_min·(1 + B/B_crit), the ratio upside down: a larger "
                          "batch needs fewer steps, S = S_min·(1 + B_crit/B).",
        float(hp.examples_to_target(4 * _BC3, _SMIN3, _EMIN3)): "that counts tokens; the "
                                                                "question asks for steps.",
    },
    hints=[
        "S = S_min · (1 + B_crit / B).",
        "B_crit = E_min / S_min; here B = 4 B_crit.",
    ],
    worked_solution=(
        f"$B_{{crit}} = E_{{min}}/S_{{min}} = 10^9 / 2000 = {_whole(_BC3)}$ tokens, and with "
        f"$B = 4 B_{{crit}}$, $S = S_{{min}}(1 + 1/4) = {_whole(_S3)}$ steps.\n\n"
        f"The tokens are $E = E_{{min}}(1 + 4) = 5 \\times 10^9$: four times the batch of "
        f"$B_{{crit}}$ saves only {2 * _SMIN3 - _S3:,.0f} of its {2 * _SMIN3:,.0f} steps "
        "and costs 2.5 times the tokens."
    ),
)

# q4: μP hidden-layer learning rate at a larger width ---------------------------------------
_H04, _H4, _LR4 = 256, 2048, 0.01
_M4 = hp.mup_multipliers("hidden", _H4, _H04)
_ANS4 = _LR4 * _M4["learning_rate"]
q4 = NumericQuestion(
    "q4",
    expected=_ANS4,
    rel_tol=0.005,
    misconceptions={
        _LR4: "reusing the rate unchanged is what μP's base rate does; the hidden matrices' "
              "own Adam rate is divided by the width multiplier m = h / h_base.",
        _LR4 * _H4 / _H04: "the multiplier divides the rate: wider hidden layers sum more "
                           "correlated updates, so each entry must move less.",
        _LR4 * (_H04 / _H4) ** 0.5: "under Adam μP scales the hidden rate by 1/m, not 1/√m.",
    },
    hints=[
        "m = h / h_base = 2048 / 256.",
        "μP with Adam: hidden matrices get learning rate η / m; input weights and biases "
        "keep η.",
    ],
    worked_solution=(
        f"$m = {_H4}/{_H04} = {_H4 // _H04}$, so the hidden matrices train at "
        f"${_LR4} / {_H4 // _H04} = {_ANS4:g}$ while the base rate stays {_LR4}; the output "
        f"layer keeps {_LR4} but its output is multiplied by $1/m$ and its initial variance "
        f"is $1/h_{{base}}$."
    ),
)

# q5: compute of a WSD family --------------------------------------------------------------
_L5, _F5 = [1, 2, 3, 4, 5, 6], 0.2
_ANS5 = hp.wsd_compute_fraction(_L5, _F5)
q5 = NumericQuestion(
    "q5",
    expected=_ANS5,
    rel_tol=0.005,
    misconceptions={
        _F5: "the constant-rate trunk has to be trained too: (1 − f)·D_max tokens.",
        max(_L5) / sum(_L5): "each branch also trains its own cooldown of f·D tokens.",
        1.0: "the branches share everything before their cooldowns.",
        (max(_L5) + _F5 * sum(_L5)) / sum(_L5): "the trunk only needs to reach the last "
                                                "branch point, (1 − f)·D_max.",
    },
    hints=[
        "Separate runs cost D + 2D + … + 6D = 21 D.",
        "The family costs a trunk of (1 − f)·6D plus cooldowns of f·(1 + 2 + … + 6)·D.",
    ],
    worked_solution=(
        f"$[(1 - 0.2)\\cdot 6 + 0.2 \\cdot 21] / 21 = (4.8 + 4.2)/21 \\approx {_ANS5:.3f}$.\n\n"
        "More lengths, closer together, push the fraction down: the trunk is paid once."
    ),
)

# q6: AdamW's timescale when the run doubles -----------------------------------------------
_ETA6, _LAM6, _STEPS6 = 3e-4, 0.1, 100_000
_FRAC6 = float(hp.adamw_timescale_steps(_ETA6, _LAM6)) / _STEPS6
_ANS6 = float(hp.weight_decay_for_timescale(_ETA6, 2 * _STEPS6, _FRAC6))
q6 = NumericQuestion(
    "q6",
    expected=_ANS6,
    rel_tol=0.005,
    misconceptions={
        _LAM6: "with λ unchanged the timescale 1/(ηλ) stays fixed in steps, so it becomes "
               "half as large a fraction of the longer run.",
        2 * _LAM6: "a longer run needs a longer averaging window, so a smaller λ.",
        _LAM6 / 2**0.5: "τ = 1/(ηλ) is inversely proportional to λ, not to √λ.",
    },
    hints=[
        "τ = 1/(η·λ) steps; first compute it as a fraction of the 100,000-step run.",
        "Keep that fraction of a 200,000-step run at the same η.",
    ],
    worked_solution=(
        f"$\\tau = 1/(3\\times10^{{-4}} \\times 0.1) \\approx {_whole(1 / (_ETA6 * _LAM6))}$ "
        f"steps, {_FRAC6:.2f} of the run. Over 200,000 steps the same fraction is "
        f"{2 * _FRAC6 * _STEPS6:,.0f} steps, so $\\lambda = 1/(\\eta\\tau) = {_ANS6:g}$: "
        "twice the tokens at the same rate, half the weight decay.\n\n"
        "That is Wang and Aitchison's constant-fraction rule, which the question asks for. "
        "Bergsma et al. (2025) found that the best fraction is itself a power law in tokens "
        "per parameter, so doubling the run of a fixed model moves the best fraction too: "
        "in practice their law, fitted to your own runs, sets the λ of the longer run."
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
