"""Exercises of chapter 8, "Hyperparameters across scale" (``book/08_hyperparameters.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.hyperparameters``, independently of the solution cells in the book.
"""

from scaling_lib import hyperparameters as hp
from scaling_lib.exercises.core import ChoiceQuestion, DeferredQuestion, NumericQuestion
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
    kind="compute",
    objectives=[3],
    hints=[
        "DeepSeek's learning-rate law depends on the compute alone, in FLOPs: does the "
        "optimal rate rise or fall as C grows, and how fast?",
        "η_opt = 0.3118 · C^(−0.1250), with C in FLOPs.",
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
    kind="compute",
    objectives=[3],
    hints=[
        "In which unit does DeepSeek's batch law count the batch: sequences or tokens?",
        "B_opt = 0.2920 · C^0.3271 tokens per step, with C in FLOPs; a sequence holds a "
        "fixed number of tokens.",
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
    kind="complete",
    objectives=[2],
    hints=[
        "Beyond the critical batch, do the steps keep falling in proportion to the batch, or "
        "do they approach a floor?",
        "S = S_min · (1 + B_crit / B), with B_crit = E_min / S_min.",
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
    kind="compute",
    objectives=[1],
    hints=[
        "A hidden unit of a wider layer sums more inputs whose updates add coherently: should "
        "each hidden weight move more or less as the width grows?",
        "μP with Adam: the hidden matrices train at η / m with m = h / h_base; input weights "
        "and biases keep η.",
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
    kind="compute",
    objectives=[4],
    hints=[
        "Which part of the training do all the branches share, and which part does each "
        "branch pay for alone?",
        "The family costs one trunk of (1 − f)·D_max plus a cooldown of f·D_i for each "
        "length D_i; six cosine runs cost ΣD_i.",
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
    kind="compute",
    objectives=[5],
    hints=[
        "The rule fixes the averaging window as a fraction of the run: when the run doubles, "
        "must the window in steps grow or stay?",
        "τ = 1/(η·λ) steps; keep τ / (run length) the same at the same η.",
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



# ===================================================================== Before you start
# r1: chapter 1, what a power law's exponent does to a tenfold change ------------------------
_ALPHA_R1, _FACTOR_R1 = 0.34, 10.0
_ANS_R1 = _FACTOR_R1**-_ALPHA_R1
r1 = NumericQuestion(
    "r1",
    expected=_ANS_R1,
    rel_tol=0.01,
    kind="recall",
    objectives=[1, 3],
    misconceptions={
        _FACTOR_R1**_ALPHA_R1: "the exponent is −α: more parameters shrink the excess loss, so "
                               "the factor is below 1.",
        1 - _ALPHA_R1: "a power law multiplies, it does not subtract: the factor is "
                       "10^(−α), not 1 − α.",
        _ALPHA_R1: "α is the slope on log–log axes; the factor for a tenfold N is 10^(−α).",
    },
    hints=[
        "Chapter 1: on log–log axes a power law is a straight line. What does multiplying N "
        "by 10 move along the x axis, and what does the slope do with it?",
        "L − L∞ = A · N^(−α): the ratio of two values at N and 10 N does not depend on A.",
    ],
    worked_solution=(
        f"$(10N)^{{-\\alpha}} / N^{{-\\alpha}} = 10^{{-\\alpha}} = 10^{{-{_ALPHA_R1}}} "
        f"\\approx {_ANS_R1:.3f}$: the excess loss shrinks by that factor whatever $A$ is.\n\n"
        "This chapter fits the same form to hyperparameters: a slope of the optimal rate "
        "against width on log–log axes, and exponents of the optimal rate and batch in "
        "compute."
    ),
)

# r2: chapter 0/2, training compute 6ND -----------------------------------------------------
_N_R2, _D_R2 = 3e9, 60e9
_ANS_R2 = 6 * _N_R2 * _D_R2
r2 = NumericQuestion(
    "r2",
    expected=_ANS_R2,
    rel_tol=0.01,
    units="FLOPs",
    kind="recall",
    objectives=[3],
    misconceptions={
        2 * _N_R2 * _D_R2: "2ND is the forward pass only; training also runs the backward "
                           "pass, about twice as much again.",
        _N_R2 * _D_R2: "each parameter costs several FLOPs per token, not one.",
        6 * _N_R2: "that is the compute per token; multiply by the tokens too.",
    },
    hints=[
        "Chapters 0 and 2: how many FLOPs per parameter per token do the forward and the "
        "backward pass cost together?",
        "C ≈ 6 N D.",
    ],
    worked_solution=(
        f"$C \\approx 6ND = 6 \\times 3\\times10^{{9}} \\times 6\\times10^{{10}} = "
        f"{tex(_ANS_R2, 2)}$ FLOPs.\n\n"
        "The lab's budgets in this chapter are counted the same way; DeepSeek LLM counts "
        "$C = MD$ with $M$ the non-embedding FLOPs per token, a close cousin of $6N$."
    ),
)


def _choice(name, options, correct, why_wrong, *, kind, objectives, hints, solution):
    """A ChoiceQuestion whose every wrong option says why it is wrong."""
    assert set(why_wrong) == set(options) - {correct}, name
    return ChoiceQuestion(name, options=options, correct=correct, why_wrong=why_wrong,
                          kind=kind, objectives=objectives, hints=hints,
                          worked_solution=solution)


def _options_markdown(question) -> str:
    """The options of a choice item as the notebook lists them (one bullet per option)."""
    q = question.question() if hasattr(question, "question") else question
    return "\n".join(f"- **{k}**: {text}" for k, text in q.options.items())


# ================================================================= predictions in sections
p1 = _choice(
    "p1",
    options={
        "a": "about the same loss as at its own best rate: the best rate does not move with "
             "width",
        "b": "a worse loss: the wider model's best rate is lower, so width 32's rate is too "
             "large for it",
        "c": "a worse loss: the wider model's best rate is higher, so width 32's rate is too "
             "small for it",
        "d": "a better loss than at its own best rate: a wider model gains most from a "
             "large rate",
    },
    correct="b",
    why_wrong={
        "a": "that is what μP is built to achieve; in the standard parametrisation Adam's "
             "updates add up across a unit's inputs, so the same rate moves a wider layer's "
             "outputs more.",
        "c": "the direction is the other way: a wider layer sums more updates that point the "
             "same way, so each weight must move less, and the best rate falls.",
        "d": "no rate beats the best rate by definition: 'its own best rate' is the lowest "
             "loss over the rates tried.",
    },
    kind="predict", objectives=[1],
    hints=["Think of one unit of the next layer: it sums h inputs. If Adam moves each weight "
           "by about η in a direction correlated with its input, how does the change of the "
           "unit's input grow with h?",
           "Correlated changes add like h·η, independent ones like √h·η."],
    solution=("**b**. With Adam every weight moves by about η per step, in a direction "
              "correlated with the input it sees, so a unit's input changes by about h·η: "
              "eight times the width, about eight times the change at the same rate. The rate "
              "tuned at width 32 overshoots at width 256, and the lab's SP sweep shows it "
              "(the cell after this exercise, once you have answered)."),
)

_B_NOW, _B_NEXT = 8, 16  # multiples of B_crit
_S_NOW, _S_NEXT = 1 + 1 / _B_NOW, 1 + 1 / _B_NEXT
_E_NOW, _E_NEXT = 1 + _B_NOW, 1 + _B_NEXT
p2 = _choice(
    "p2",
    options={
        "a": "the steps to the target halve and the tokens stay the same",
        "b": "the steps fall by a few percent and the tokens nearly double",
        "c": "neither the steps nor the tokens change: the batch is already past B_crit",
        "d": "the steps rise: a larger batch takes fewer, noisier steps",
    },
    correct="b",
    why_wrong={
        "a": "that is the regime far below the critical batch, where the gradient noise "
             "dominates; at eight times B_crit the steps are already close to their minimum.",
        "c": "the tokens are E = B·S, and the steps cannot fall much, so doubling B nearly "
             "doubles the tokens: the cost does change.",
        "d": "a larger batch averages over more examples, so its gradient is less noisy, not "
             "more; the steps still fall, only slowly.",
    },
    kind="predict", objectives=[2],
    hints=["Far above the critical batch, is the gradient estimate still limited by noise? "
           "What can a step then gain from more examples?",
           "S = S_min(1 + B_crit/B) and E = E_min(1 + B/B_crit)."],
    solution=(f"**b**. On McCandlish et al.'s hyperbola, at $B = {_B_NOW} B_{{crit}}$ a run "
              f"takes $S = S_{{min}}(1 + 1/{_B_NOW}) = {_S_NOW:.3f}\\,S_{{min}}$ steps and "
              f"$E = {_E_NOW:g}\\,E_{{min}}$ tokens; at ${_B_NEXT} B_{{crit}}$ it takes "
              f"${_S_NEXT:.4f}\\,S_{{min}}$ steps (a fall of "
              f"{100 * (1 - _S_NEXT / _S_NOW):.1f}%) and ${_E_NEXT:g}\\,E_{{min}}$ tokens "
              f"({_E_NEXT / _E_NOW:.2f} times as many)."),
)

p3 = _choice(
    "p3",
    options={
        "a": "less than 5%: the last stretch of a run only polishes",
        "b": "between 10% and 50%",
        "c": "more than 80%: almost all learning happens at the low rate",
        "d": "none: at a lower rate the model learns less, so the loss stops falling",
    },
    correct="b",
    why_wrong={
        "a": "at a high constant rate the loss sits on a noise floor set by that rate; "
             "lowering the rate removes that floor, which is far more than polishing.",
        "c": "most of the reducible loss is removed during the constant-rate phase, which "
             "runs four times as long; the cooldown removes what the high rate's noise "
             "kept.",
        "d": "a lower rate takes smaller steps but with less noise: the loss falls faster "
             "during the decay, not slower.",
    },
    kind="predict", objectives=[4],
    hints=["At a constant high rate, what keeps the loss from falling further: too few "
           "tokens, or the noise of large steps?",
           "Lowering the rate shrinks the noise of each step; the loss then settles lower."],
    solution=("**b**. In the lab's WSD sweep, each cooldown (the last fifth of the run, the "
              "rate falling linearly to zero) removed a sizeable share of the reducible loss "
              "left at its start, well above polishing and well below all of it; the revealed "
              "cell prints the share for every run. A cosine "
              "schedule spreads the same decay over the whole run, which is why its length "
              "must match the run."),
)


# ============================================================== Try this (explorers)
def _build_t1():
    import numpy as np

    from scaling_lib.lab.sweep import load_sweep

    optima = hp.lr_width_optima(load_sweep("lr_width"))
    widths = np.unique(optima["sp"]["widths"])

    def mean_rate(p, w):
        o = optima[p]
        return float(np.exp(np.log(o["lr_opt"][o["widths"] == w]).mean()))

    below = [int(w) for w in widths if mean_rate("sp", w) < mean_rate("mup", w) * 0.999]
    answer = below[0]
    wrong = {int(widths[0]): "at the base width every μP factor is 1: SP and μP are the same "
                             "network there, with the same best rate."}
    if int(widths[-1]) != answer:
        wrong[int(widths[-1])] = ("that is where the two are furthest apart; the question "
                                  "asks for the first width at which SP's best rate is "
                                  "lower.")
    return NumericQuestion(
        "t1", expected=float(answer), rel_tol=0.0, whole_number=True, units="units of width",
        kind="compute", objectives=[1], misconceptions=wrong,
        hints=["Where does the explorer mark each width's best rate, and at which width are "
               "SP and μP the same network?",
               "At the base width the two parametrisations are the same network; start at "
               "the next width."],
        worked_solution=(f"At width {int(widths[0])}, the base width, the stars of both "
                         f"settings sit at the same rate. From width {answer} on, SP's star "
                         f"sits at a lower rate than μP's, and the gap widens with every "
                         f"doubling: SP's optimum falls with width, μP's does not."),
    )


t1 = DeferredQuestion("t1", _build_t1)

_T2_TARGET, _T2_BATCH = "0.98", 256


def _build_t2():
    from scaling_lib.lab.sweep import load_sweep

    d = hp.batch_targets(load_sweep("batch_size"))[_T2_TARGET]
    fit = hp.fit_critical_batch(d["batch_sizes"], d["steps"], n_boot=0)
    ratio = float(fit.predict_steps(_T2_BATCH)) / fit.s_min
    e_ratio = float(hp.examples_to_target(_T2_BATCH, fit.s_min, fit.e_min)) / fit.e_min
    return NumericQuestion(
        "t2", expected=ratio, rel_tol=0.02, units="times S_min",
        kind="compute", objectives=[2],
        misconceptions={e_ratio: "that is the tokens, E/E_min; the question asks for the "
                                 "steps, S/S_min.",
                        1 / ratio: "the ratio is upside down: S is at least S_min, so "
                                   "S/S_min is at least 1."},
        hints=["Which part of the explorer states the chosen batch's steps in units of their "
               "minimum, S/S_min?",
               f"Switch the target loss to {_T2_TARGET} nats and read the steps, S/S_min, "
               f"at B = {_T2_BATCH}."],
        worked_solution=(f"At the target {_T2_TARGET} nats the fitted critical batch is about "
                         f"{fit.b_crit:,.0f} tokens, so a batch of {_T2_BATCH} tokens sits "
                         f"far below it: $S/S_{{min}} = 1 + B_{{crit}}/B \\approx "
                         f"{ratio:.2f}$, and the tokens only $E/E_{{min}} = 1 + "
                         f"B/B_{{crit}} \\approx {e_ratio:.2f}$. Below the critical batch "
                         f"the steps are what a small batch costs."),
    )


t2 = DeferredQuestion("t2", _build_t2)

_T3_LENGTHS = [1, 2, 3, 4, 5, 6]
_T3_STEP = 0.05
_T3_GRID = [round(_T3_STEP * k, 2) for k in range(1, 11)]
_T3 = max(f for f in _T3_GRID if hp.wsd_compute_fraction(_T3_LENGTHS, f) <= 0.5 + 1e-9)
t3 = NumericQuestion(
    "t3",
    expected=_T3,
    rel_tol=0.01,
    units="of each run",
    kind="compute",
    objectives=[4],
    misconceptions={
        round(_T3 + _T3_STEP, 2): "at that fraction the branches already cost more than "
                                  "half: read the right panel's title again.",
        0.5: "a cooldown over half of each run costs far more than half: the trunk is paid "
             "too.",
    },
    hints=["Which part of the explorer states what the family of branches costs, as a "
           "share of the six cosine runs? Does a longer cooldown raise or lower it?",
           "Move the cooldown fraction up until the share passes 50%; the answer is the "
           "last setting at or below it."],
    worked_solution=(f"The family costs $[(1-f)\\cdot 6 + f\\cdot 21]/21$ of the six runs. "
                     f"It is at most one half while $6 + 15 f \\le 10.5$, that is up to "
                     f"$f = {_T3:.2f}$; a longer cooldown buys the closeness to a full "
                     f"decay at a growing share of the compute."),
)

# =============================================================== understanding: q7 … q10
q7 = _choice(
    "q7",
    options={
        "a": "each weight's gradient shrinks like 1/h, so a fixed rate takes smaller and "
             "smaller steps",
        "b": "Adam moves every weight by about η in a direction correlated with its input, "
             "so a unit's input changes by about h·η: more inputs, larger change",
        "c": "a wider model has more parameters, so a large rate makes it overfit its data",
        "d": "the initial weights' variance grows with the width, so the activations blow "
             "up at a large rate",
    },
    correct="b",
    why_wrong={
        "a": "Adam divides each gradient by its own running scale, so every weight moves by "
             "about η whatever its gradient's size; and smaller steps would call for a "
             "larger rate, not a smaller one.",
        "c": "each lab run sees every token once, so there is nothing to overfit; the effect "
             "is the size of one update, not memorisation.",
        "d": "the standard initialisation scales the variance as 1/fan-in and keeps the "
             "activations of order one at every width; the trouble starts after a few "
             "steps, from the updates.",
    },
    kind="explain", objectives=[1],
    hints=["Which optimiser does the lab use, and what does it do with the size of a "
           "gradient?",
           "Independent changes of h inputs add like √h, correlated ones like h."],
    solution=("**b**. Under Adam each weight moves by about η per step; the updates of a "
              "unit's h incoming weights are correlated with the inputs they multiply, so "
              "they add coherently and the unit's input changes by about h·η. μP divides the "
              "hidden layers' Adam rate by m = h/h_base to cancel that growth."),
)


def _build_q8():
    # the statement's own numbers: three budgets over a 40-fold range, a grid with factors of 2
    span, step = 40.0, 2.0
    move = span ** _LAW.lr_exponent
    return _choice(
        "q8",
        options={
            "a": "the lab's three budgets, a 40-fold range and a grid with factors of 2 "
                 "cannot resolve an exponent of −0.125, and its near-optimal points lie "
                 "along a ridge, so γ ≈ 0 does not contradict the law",
            "b": "the exponent must be fitted against tokens, not FLOPs, so the two "
                 "exponents cannot be compared",
            "c": "DeepSeek's law is for the batch size; the learning rate has no law",
            "d": "hyperparameter laws cannot be fitted at small scale at all: only the loss "
                 "follows power laws",
        },
        correct="a",
        why_wrong={
            "b": "C = 6ND and C = MD differ by a near-constant factor per token, which moves "
                 "the law's coefficient, not its exponent.",
            "c": "DeepSeek LLM fitted both: η_opt = 0.3118·C^(−0.125) and "
                 "B_opt = 0.2920·C^0.3271.",
            "d": "DeepSeek fitted its laws on small budgets, 10¹⁷ to 2×10¹⁹ FLOPs, and "
                 "extrapolated them to its 7B and 67B models.",
        },
        kind="critique", objectives=[3],
        hints=["How far does an exponent of −0.125 move the optimal rate over a 40-fold "
               "range of compute, against the spacing of the grid?",
               "40^(−0.125) against a factor of 2 between neighbouring rates; and how many "
               "grid points fall within 0.25% of the best loss?"],
        solution=(f"**a**. Over a {span:g}-fold range, an exponent of −0.125 moves the "
                  f"optimal rate by a factor of {1 / move:.2f}, less than the factor of "
                  f"{step:g} between grid rates: the best grid point need not move at all. "
                  f"And when several points of a ridge lie within the near-optimal band, "
                  f"the best one is partly chance. DeepSeek fitted the whole band over two "
                  f"decades of compute for this reason."),
    )


q8 = DeferredQuestion("q8", _build_q8)

q9 = _choice(
    "q9",
    options={
        "a": "if the cycle is set longer than the run, the run stops while the rate is "
             "still high, before the decay that removes much of the loss",
        "b": "a longer cosine cycle costs more compute for the same tokens",
        "c": "Adam's moment estimates are reset at the end of each cosine cycle",
        "d": "the final loss depends only on the peak rate; the cycle's length matters "
             "only for the warm-up",
    },
    correct="a",
    why_wrong={
        "b": "the compute is 6ND whatever the schedule: the schedule sets only the rate of "
             "each step.",
        "c": "nothing is reset; the schedule sets the learning rate and nothing else.",
        "d": "the loss at the end depends on how far the rate has decayed by then: a "
             "cooldown of the last fifth of a run removed a large share of the reducible "
             "loss in the lab.",
    },
    kind="explain", objectives=[4],
    hints=["Where in a run does much of the loss come off: at the high rate, or while the "
           "rate decays?",
           "A cosine cycle twice the run's length is only halfway through its decay when the "
           "run stops."],
    solution=("**a**. The decay is where much of the loss is removed (the WSD cooldowns show "
              "it). A cycle longer than the run stops it mid-decay at a high rate, with the "
              "loss still on the noise floor that rate sets; Hoffmann et al. found this "
              "raised the final loss. So a data sweep with cosine needs one run per length, "
              "and WSD's branches are the cheaper alternative."),
)

q10 = _choice(
    "q10",
    options={
        "a": "the constant fraction is a first approximation: Bergsma et al. found the best "
             "fraction of the run is a power law in tokens per parameter, and doubling a "
             "fixed model's tokens doubles D/N",
        "b": "the direction is wrong: a longer run needs more weight decay, not less",
        "c": "λ should fall with the square root of the run's length, not in proportion",
        "d": "AdamW's weight decay has no timescale: it is a fixed penalty on the weights' "
             "size",
    },
    correct="a",
    why_wrong={
        "b": "τ = 1/(ηλ) steps; keeping it the same fraction of a longer run needs a longer "
             "τ, so a smaller λ at the same rate.",
        "c": "τ is inversely proportional to λ, so a τ in proportion to the run's length "
             "needs λ inversely proportional to it; there is no square root in the rule.",
        "d": "AdamW shrinks every weight by 1 − ηλ per step, which makes the weights an "
             "average of the updates over about 1/(ηλ) steps.",
    },
    kind="critique", objectives=[5],
    hints=["Is the best fraction of the run itself the same at every scale, or does it "
           "move with something?",
           "Bergsma et al.: the best fraction follows a power law in D/N."],
    solution=("**a**. Halving λ when the tokens double (at the same rate) is Wang and "
              "Aitchison's constant-fraction rule, a good first step. Bergsma et al. found "
              "that the best fraction is not constant: it follows a power law in tokens per "
              "parameter, so doubling a fixed model's run moves it, and their law, fitted to "
              "your own runs, sets λ."),
)

QUESTIONS = [r1, r2, p1, t1, p2, t2, t3, p3, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
