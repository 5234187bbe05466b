"""Exercises of chapter 10, "Sparse, low-precision and distilled models"
(``book/10_efficient_models.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.efficient_models`` and, for the lab questions, from the cached quantisation
and bit-budget sweeps (``load_sweep("quantization")``, ``load_sweep("bit_budget")``),
independently of the solution cells in the book.
"""

from __future__ import annotations

import numpy as np

from scaling_lib import efficient_models as em
from scaling_lib.exercises.core import ChoiceQuestion, NumericQuestion
from scaling_lib.plotting import tex

# Before you start ----------------------------------------------------------------------------
# r1: chapter 0's forward pass, the cost of serving one token
_N_R1 = 3e9
r1 = NumericQuestion(
    "r1",
    expected=2 * _N_R1,
    rel_tol=0.01,
    units="FLOPs",
    kind="recall",
    objectives=[1],
    misconceptions={
        6 * _N_R1: "6·N counts training (forward and backward pass); generating a token runs "
                   "the forward pass only.",
        float(_N_R1): "a multiply-add is two FLOPs: one forward pass is about 2 FLOPs per "
                      "parameter.",
        4 * _N_R1: "the backward pass costs about twice the forward one; generating a token "
                   "runs no backward pass at all.",
    },
    hints=["Chapter 0: which passes does generating a token run, and which does training?",
           "Forward pass ≈ 2 FLOPs per parameter per token (one multiply and one add)."],
    worked_solution=(
        "Generating one token runs one forward pass, about $2N = 2 \\times 3\\times10^9 = "
        f"{tex(2 * _N_R1, 2)}$ FLOPs; training adds the backward pass, $6N$ per token."
    ),
)

# r2: chapter 5's reason to train past the compute-optimal length
r2 = ChoiceQuestion(
    "r2",
    options={"a": "a smaller model trained on more tokens costs less to serve, and over a "
                  "model's life serving can cost more than training",
             "b": "past 20 tokens per parameter a model reaches a lower loss for the same "
                  "training compute",
             "c": "training on more tokens per parameter costs less training compute",
             "d": "Chinchilla's 20 tokens per parameter was a mistake that later work "
                  "corrected"},
    correct="a",
    kind="recall",
    objectives=[2],
    why_wrong={"b": "at a fixed training budget the compute-optimal split gives the lowest "
                    "loss; over-training a smaller model gives a slightly higher loss for the "
                    "same training compute.",
               "c": "training compute is 6·N·D: more tokens for the same model cost more, not "
                    "less.",
               "d": "chapter 5 kept the compute-optimal frontier: it is right for training "
                    "cost alone; what changes the choice is the cost of inference."},
    hints=["Chapter 5 added one cost to chapter 2's accounting: which?",
           "Lifetime compute ≈ 6·N·D (training) + 2·N per served token."],
    worked_solution=(
        "Chapter 5 counted a model's lifetime compute, training plus $2N$ FLOPs per served "
        "token. A smaller model trained longer gives up a little training efficiency and "
        "saves on every token it serves, so models meant for heavy use are trained far past "
        "the compute-optimal 20 tokens per parameter. Such over-trained models are the ones "
        "this chapter's quantisation section is about."
    ),
)

# p1: predict, before the MoE section teaches the two counts -----------------------------------
p1 = ChoiceQuestion(
    "p1",
    options={"a": "the same memory: memory follows the parameters a token uses, like the FLOPs",
             "b": "about 2.5 times the memory: every expert must be stored, 5B parameters "
                  "against 2B",
             "c": "less memory: only the 2 active experts need to be held, and the shared "
                  "weights are the same in both",
             "d": "8 times the memory: one copy of the model per expert"},
    correct="b",
    kind="predict",
    objectives=[1],
    why_wrong={"a": "the router chooses experts token by token, and any token may go to any "
                    "expert: every expert must sit in memory, used by this token or not.",
               "c": "which 2 experts a token needs is known only when it reaches the router, "
                    "and the tokens of a batch pick different ones: all 8 must be held.",
               "d": "only the expert blocks are repeated; the 1B shared parameters are "
                    "stored once: 1 + 8 × 0.5 = 5B against 1 + 2 × 0.5 = 2B."},
    hints=["Which experts will the next token need? When is that known?",
           "N_total = N_shared + E·N_expert is what must be stored; "
           "N_active = N_shared + k·N_expert is what a token uses."],
    worked_solution=(
        "Every expert must be held, because the router may send any token to any of them: the "
        "model stores $1 + 8 \\times 0.5 = 5$B parameters, while a token uses (and the "
        "training FLOPs follow) $1 + 2 \\times 0.5 = 2$B. At the same bits per weight its "
        "weights take 2.5 times the memory of the dense 2B model with the same FLOPs."
    ),
)

# t1: try this, with the MoE explorer's main control (the number of experts) ----------------
_T1_RATIO = 5.0


def _moe_memory_ratio(experts):
    from scaling_lib.widgets.efficient_models import EXAMPLE_EXPERT_PARAMS, EXAMPLE_SHARED_PARAMS
    total = em.moe_total_params(EXAMPLE_SHARED_PARAMS, EXAMPLE_EXPERT_PARAMS, experts)
    active = em.moe_active_params(EXAMPLE_SHARED_PARAMS, EXAMPLE_EXPERT_PARAMS,
                                  min(2, experts))
    return float(total / active)


def _t1():
    from scaling_lib.widgets.efficient_models import EXPERT_COUNTS
    counts = sorted(EXPERT_COUNTS)
    answer = next(e for e in counts if _moe_memory_ratio(e) >= _T1_RATIO)
    below = max(e for e in counts if e < answer)
    return answer, below, counts


_ANS_T1, _BELOW_T1, _COUNTS_T1 = _t1()
t1 = NumericQuestion(
    "t1",
    expected=float(_ANS_T1),
    rel_tol=0.001,
    units="experts",
    whole_number=True,
    kind="compute",
    objectives=[1],
    misconceptions={
        float(_BELOW_T1): f"at {_BELOW_T1} experts the MoE holds "
                          f"{_moe_memory_ratio(_BELOW_T1):.1f} times the dense model's "
                          "memory: close, but not yet 5.",
        **{float(e): "that is more than 5 times, but a smaller number of experts already is."
           for e in _COUNTS_T1 if e > _ANS_T1},
        **{float(e): "compare the two bars of the memory panel: at this many experts the MoE "
                     "holds less than 5 times the dense model's weights."
           for e in _COUNTS_T1 if e < _BELOW_T1},
    },
    hints=["Keep top-2 routing and move the number of experts: which bar grows and which "
           "stays put?",
           "The ratio of the two memory bars is N_total / N_active; the bit width cancels in "
           "it."],
    worked_solution=(
        f"With top-2 routing the dense model of the active size always holds 2B parameters, "
        f"while the MoE holds $1 + 0.5E$ billion: {_moe_memory_ratio(_BELOW_T1):.1f} times "
        f"as much at E = {_BELOW_T1} and {_moe_memory_ratio(_ANS_T1):.1f} times at "
        f"E = {_ANS_T1}, the first count in the explorer at or above 5. The FLOPs panel does "
        "not move: the gap is all memory."
    ),
)

# p2: predict, before the precision section shows the sweep -------------------------------------
p2 = ChoiceQuestion(
    "p2",
    options={"a": "both lose the same: same size, same bits, same rounding",
             "b": "the shorter-trained model loses more: its weights are further from "
                  "settled, so rounding them hurts more",
             "c": "the longer-trained model loses more",
             "d": "neither loses a measurable amount: a per-channel quantiser at 3 bits is "
                  "nearly lossless on a model this small"},
    correct="c",
    kind="predict",
    objectives=[2],
    why_wrong={"a": "the rounding step is the same, but what it erases is not: a model "
                    "trained longer has learned finer distinctions between weights, and "
                    "those are what rounding removes.",
               "b": "a model trained briefly has learned only the coarse, common patterns, "
                    "which survive rounding; the fine detail learned late is what rounding "
                    "erases.",
               "d": "8 bits is nearly lossless in the lab; 3 bits (8 levels per channel) "
                    "is not, at any training length."},
    hints=["What does a model learn late in training: common patterns or fine detail?",
           "Kumar et al.'s law: δ_PTQ ∝ D^γ_D at fixed N and bit width, with γ_D > 0."],
    worked_solution=(
        "The longer-trained model loses more. In the lab the 3-bit damage rises with training "
        "length, the direction Kumar et al. report: late training refines small differences "
        "between weights (plausibly, the predictions for rare contexts), and rounding to 3 "
        "bits erases them. The reveal below and the section's sweep give the sizes."
    ),
)

# t2: try this, with the quantisation explorer's main control (the bit width) -----------------


def _t2():
    """Largest bit width at which the longest-trained runs end worse after quantisation
    than the runs at 32 tokens per parameter (means over seeds)."""
    from scaling_lib.lab.sweep import load_sweep
    from scaling_lib.widgets.efficient_models import quantization_summary

    qs = quantization_summary(load_sweep("quantization"))
    j32 = int(np.argmin(np.abs(qs["ratios"] - _T2_RATIO)))
    worse = {b: bool(qs["before"][-1] + qs["bits"][b]["mean"][-1]
                     > qs["before"][j32] + qs["bits"][b]["mean"][j32])
             for b in qs["bits"]}
    return max((b for b, w in worse.items() if w), default=0), worse


_T2_RATIO = 32.0


def _listed(values):
    values = [f"{v}" for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


_ANS_T2, _WORSE_T2 = _t2()
t2 = NumericQuestion(
    "t2",
    expected=float(_ANS_T2),
    rel_tol=0.001,
    units="bits",
    whole_number=True,
    kind="compute",
    objectives=[2],
    misconceptions={float(b): f"at {b} bits the longest-trained model still ends lower after "
                              "quantisation than the one trained on 32 tokens per parameter "
                              "(right panel: compare the two points of the coloured curve)."
                    for b, w in _WORSE_T2.items() if not w and b > _ANS_T2},
    hints=["The question is about the loss after quantisation (right panel), not the damage "
           "(left panel).",
           "Loss after = loss before + damage: at each bit width compare the coloured curve's "
           "point at 32 tokens per parameter with its last point."],
    worked_solution=(
        f"At {_ANS_T2} bits the quantised loss turns up: the longest-trained models end worse "
        "than those trained on 32 tokens per parameter, because the damage has outgrown what "
        "the extra training gained. At "
        + _listed([b for b, w in sorted(_WORSE_T2.items(), reverse=True) if not w])
        + " bits the damage grows too, but more slowly than training improves the model, so "
        "the longest-trained model is still the best one after quantisation."
    ),
)

# p4: predict, before the bit-budget table ---------------------------------------------------
p4 = ChoiceQuestion(
    "p4",
    options={"a": "16 bits: the unquantised model loses nothing to rounding",
             "b": "8 bits: half the memory per weight at almost no damage",
             "c": "4 bits, as Dettmers and Zettlemoyer found for large language models",
             "d": "5 or 6 bits: fewer bits than 8 pay for their damage with extra parameters, "
                  "but 4 bits no longer do"},
    correct="d",
    kind="predict",
    objectives=[3],
    why_wrong={"a": "at equal memory the unquantised model spends 16 bits on every parameter, "
                    "so it has the fewest parameters: in the lab it is beaten by the 8-bit "
                    "model at every budget.",
               "b": "8 bits beats 16, but going below 8 still buys more in parameters than it "
                    "costs in rounding, down to a point.",
               "c": "that is the paper's answer for its models and quantiser; the lab's "
                    "per-channel round-to-nearest quantiser damages wider models more, and at "
                    "4 bits the damage outgrows what the extra parameters gain."},
    hints=["At a fixed number of model bits, fewer bits per weight buy more parameters: what "
           "do they cost?",
           "The best bit width balances the loss a bigger model gains against the "
           "quantisation damage, and the lab's damage grows with the model's width."],
    worked_solution=(
        "In the lab the best bit width at equal model bits is 5 or 6, depending on the budget. "
        "Down to that point fewer bits per weight buy more parameters than they lose to "
        "rounding, as Dettmers and Zettlemoyer found; below it, the lab's quantiser (one "
        "scale per output channel, round-to-nearest) damages the wider models too much, so 4 "
        "bits is not the lab's optimum. The section after the table shows why."
    ),
)

# p3: predict, before the distillation section shows the sweep ----------------------------------
p3 = ChoiceQuestion(
    "p3",
    options={"a": "better than on data: a soft target carries the teacher's whole distribution "
                  "of the next token, a sample only one token of it, whoever the teacher is",
             "b": "worse than on data: it learns to copy its teacher, mistakes included, and "
                  "ends at about the teacher's own loss",
             "c": "the same as on data: at equal tokens, where the targets come from does not "
                  "matter",
             "d": "better than its teacher: the student averages out the teacher's mistakes"},
    correct="b",
    kind="predict",
    objectives=[4],
    why_wrong={"a": "soft targets carry more per token, but they carry the teacher's "
                    "distribution, mistakes included: the student learns the teacher, and "
                    "this teacher is worse than what the student reaches on real data.",
               "c": "the targets matter: they are what the student's loss pulls it towards, "
                    "the teacher's distribution rather than the language's.",
               "d": "distillation minimises the student's cross-entropy to the teacher's "
                    "distribution, whose best match is the teacher itself: the student can "
                    "approach the teacher's loss, not improve on it."},
    hints=["What is the best a student can do at matching its teacher's distribution?",
           "Distillation minimises the cross-entropy from the teacher's distribution q to "
           "the student's p; it is lowest when p = q."],
    worked_solution=(
        "Worse than on data. A student trained on soft targets learns its teacher's "
        "distribution, and the closest it can get is the teacher itself: its loss ends at about "
        "the teacher's. A teacher narrower than the student reaches a loss the student, "
        "trained on the language's own samples, would beat, so it caps the student above "
        "that. Distillation helps only when the teacher is better than what the student "
        "could learn alone."
    ),
)

# t3: try this, with the distillation explorer's main control (what compute is counted) --------
t3 = ChoiceQuestion(
    "t3",
    options={"a": "the exact law's students: the lab evaluates the exact law for free, so "
                  "counting a teacher's cost does not move them",
             "b": "the strongest trained teacher's students: the strongest teacher gives the "
                  "best students at every count",
             "c": "the smallest teacher's students: the cheapest teacher adds the least compute",
             "d": "none: once a teacher's training is counted, training on data wins"},
    correct="a",
    kind="explain",
    objectives=[5],
    why_wrong={"b": "its students are good, but its own training is counted in every one of "
                    "their points, which moves them right, past the longest run on data: "
                    "there is nothing to compare them with at equal compute.",
               "c": "it is the cheapest trained teacher, but its training still moves its "
                    "students to the compute of the longest data runs, and there training on "
                    "data does better: its students stay near the weak teacher's own loss.",
               "d": "one kind of teacher costs nothing: look for the curve that does not move "
                    "when the count changes."},
    hints=["Switch the count from 'student only' to '+ teacher training': which curves move, "
           "and which stays?",
           "A student's compute is 6·N_S·D_S, plus 2·N_T·D_S for the teacher's inference, "
           "plus 6·N_T·D_T for its training; what does each cost for the exact law?"],
    worked_solution=(
        "Counting the teacher's training moves every trained teacher's curve to the right, "
        "past the longest run on data. The exact law's curve does not move, because the lab "
        "evaluates it for free, and it stays below the data curve at equal compute. A real "
        "teacher always has a cost, so the comparison that matters in practice is the one "
        "with the teacher's cost counted, unless the teacher exists anyway or serves many "
        "students."
    ),
)

# q1: training FLOPs of a mixture of experts -------------------------------------------------
_SH1, _EX1, _E1, _K1, _D1 = 2e9, 0.5e9, 64, 2, 1e12
_ACT1 = em.moe_active_params(_SH1, _EX1, _K1)
_TOT1 = em.moe_total_params(_SH1, _EX1, _E1)
_ANS1 = em.moe_training_flops(_ACT1, _D1)
q1 = NumericQuestion(
    "q1",
    expected=_ANS1,
    rel_tol=0.01,
    units="FLOPs",
    misconceptions={
        6 * _TOT1 * _D1: "that counts every expert; a token passes through only its top-2.",
        2 * _ACT1 * _D1: "2·N·D is one forward pass; training adds the backward pass, 6·N·D.",
        6 * (_SH1 + _EX1) * _D1: "with top-2 routing each token uses two experts.",
        6 * _K1 * _EX1 * _D1: "the shared layers (attention, embeddings) run for every token "
                              "too.",
    },
    kind="compute",
    objectives=[1],
    hints=["Does training compute follow the parameters a token passes through, or all the "
           "parameters the model stores?",
           "C = 6·N_active·D, with N_active = N_shared + k·N_expert."],
    worked_solution=(
        f"$N_{{active}} = 2\\times10^9 + 2 \\times 0.5\\times10^9 = 3\\times10^9$, so "
        f"$C = 6 \\times 3\\times10^9 \\times 10^{{12}} = {tex(_ANS1, 2)}$ FLOPs. The model "
        f"stores {_TOT1 / 1e9:.0f}B parameters, but training costs what a dense 3B model "
        "costs on the same tokens."
    ),
)

# q2: memory of the same model at 4 bits -----------------------------------------------------
_ANS2 = em.weight_memory_bytes(_TOT1, 4) / 1e9
q2 = NumericQuestion(
    "q2",
    expected=_ANS2,
    rel_tol=0.01,
    units="GB",
    misconceptions={
        em.weight_memory_bytes(_ACT1, 4) / 1e9: "memory holds every expert, not only the "
                                                 "active ones: any token may be routed to "
                                                 "any expert.",
        em.weight_memory_bytes(_TOT1, 16) / 1e9: "that is 16-bit weights; the question asks "
                                                  "for 4 bits.",
        _TOT1 * 4 / 1e9: "4 bits is half a byte, not 4 bytes.",
        em.weight_memory_bytes(_TOT1, 8) / 1e9: "that is 8 bits per weight.",
        em.weight_memory_bytes(_TOT1, 4) / 2**30: "that is in GiB (2^30 bytes); the question "
                                                   "asks for GB, 10^9 bytes.",
    },
    kind="complete",
    objectives=[1],
    hints=["Does memory follow the active parameters or the total?",
           "Bytes = N_total · bits / 8, and a GB is 10⁹ bytes."],
    worked_solution=(
        f"$34\\times10^9 \\times 4 / 8 = {_ANS2:.0f}\\times10^9$ bytes = {_ANS2:.0f} GB "
        "(the per-channel scales add a little more)."
    ),
)

# q3: PTQ damage with Kumar et al.'s published token exponent -------------------------------
# 40 times the tokens: a factor the page does not work (it shows a tenfold one)
_LAW3, _F3 = em.KUMAR_2024_PTQ, 40
_ANS3 = float(_LAW3.relative(1e9, _F3 * 1e10, 1e9, 1e10))
q3 = NumericQuestion(
    "q3",
    expected=_ANS3,
    rel_tol=0.01,  # 6.5 (two figures) passes; 40^0.5 = 6.32 is 2.5% off and does not
    units="",
    misconceptions={
        float(_F3): "the damage grows as a power γ_D of D, not in proportion to it.",
        1.0: "at fixed N and bits the damage does depend on D: that is the point of the law.",
        1 / _ANS3: "the damage grows with D (D is in the numerator).",
        float(_F3 ** 0.5): f"that is {_F3}^0.5; the published γ_D is "
                           f"{_LAW3.gamma_d}, a little more than 0.5.",
        float(_F3 ** _LAW3.gamma_n): f"that uses γ_N = {_LAW3.gamma_n}; N did not change, "
                                      "D did.",
        float(_F3 * _LAW3.gamma_d): f"that multiplies {_F3} by γ_D. In the law D is raised to "
                                    f"the power γ_D, so the factor is {_F3} to the power γ_D: "
                                    f"in Python, `{_F3} ** γ_D` (`**`, not `*`).",
        float(_F3 * 0.5): f"that is {_F3} × 0.5: the factor is {_F3} raised to the power γ_D "
                          f"(`{_F3} ** γ_D`), not multiplied by it, and γ_D is "
                          f"{_LAW3.gamma_d}, not 0.5.",
        float(_LAW3.gamma_d ** _F3): f"that is γ_D to the power {_F3}; the other way round: "
                                     f"{_F3} (the growth of D) to the power γ_D.",
    },
    kind="compute",
    objectives=[2],
    hints=["In a ratio of the law at the same N and bit width, which factors cancel?",
           "At fixed N and P_post, δ ∝ D^γ_D, so δ(D₂)/δ(D₁) = (D₂/D₁)^γ_D."],
    worked_solution=(
        f"$\\delta({_F3}D)/\\delta(D) = {_F3}^{{{_LAW3.gamma_d}}} = {_ANS3:.3f}$: {_F3} "
        f"times the tokens, about {_ANS3:.1f} times the quantisation damage. Neither $C_T$ nor "
        "$\\gamma_\\text{post}$ enters the ratio "
        f"(`em.KUMAR_2024_PTQ.relative(1e9, {_F3}e10, 1e9, 1e10)`)."
    ),
)

# q4: critique a rule of thumb drawn from the precision section -------------------------------
_CLAIM4_TPP = 20.0


def _lab_3bit_after():
    """Tokens per parameter of the sweep, and each setting's 3-bit loss after quantisation
    (one array of runs per setting)."""
    from scaling_lib.lab.sweep import load_sweep

    rows = load_sweep("quantization").rows
    ratios = sorted({round(r["tokens_per_param"], 6) for r in rows})
    after = [np.array([r["loss_3bit"] for r in rows
                       if round(r["tokens_per_param"], 6) == x]) for x in ratios]
    return np.array(ratios), after


q4 = ChoiceQuestion(
    "q4",
    options={"a": "nothing: in the lab every token past 20 per parameter makes the 3-bit model "
                  "worse",
             "b": "it watches the damage, not the loss after quantisation: training longer "
                  "also lowers the loss before rounding, and in the lab the 3-bit model's "
                  "loss after quantisation keeps falling well past 20 tokens per parameter "
                  "before it turns up",
             "c": "it has the direction wrong: longer training makes a model quantise better",
             "d": "at 3 bits the damage does not depend on training length; only 4-bit "
                  "models are hurt by it"},
    correct="b",
    kind="critique",
    objectives=[2],
    why_wrong={"a": "read the right panel of the precision figure at 3 bits (or the "
                    "quantisation table, loss plus Δ 3 bits): the loss after quantisation "
                    "still falls for a while past 20 tokens per parameter.",
               "c": "the claim has the direction right: in the lab the 3-bit damage rises "
                    "with training, as Kumar et al. report. Its flaw is elsewhere.",
               "d": "the other way round: in the lab the 3-bit damage rises with training "
                    "length more steeply than the 4-bit damage."},
    hints=["What does a model served at 3 bits deliver: its damage, or its loss after "
           "quantisation?",
           "Loss after quantisation = loss in full precision + damage; both change with "
           "training length."],
    worked_solution=(
        "The rule watches the damage alone. The damage does grow with training, but "
        "training also lowers the full-precision loss, and what a served 3-bit model "
        "delivers is the sum. In the lab that sum keeps falling well past 20 tokens per "
        "parameter before the growing damage wins and it turns up, so stopping at 20 gives a "
        "worse 3-bit model. Kumar et al.'s point is that the turn exists, not where a rule of "
        "thumb puts it."
    ),
)

# q5: compute of distillation with the teacher counted ---------------------------------------
_NT5, _DT5, _NS5, _DS5 = 7e9, 1e12, 1e9, 1e12
_ANS5 = 6 * _NT5 * _DT5 + 2 * _NT5 * _DS5 + 6 * _NS5 * _DS5
q5 = NumericQuestion(
    "q5",
    expected=_ANS5,
    rel_tol=0.01,
    units="FLOPs",
    misconceptions={
        6 * _NS5 * _DS5: "that is the student alone; the question counts the teacher's "
                         "training and its inference on the distillation tokens.",
        6 * _NT5 * _DT5 + 6 * _NS5 * _DS5: "the teacher must also run forward on every "
                                           "distillation token: 2·N_T·D_S.",
        6 * _NT5 * _DT5 + 6 * _NT5 * _DS5 + 6 * _NS5 * _DS5: "the teacher only runs forward "
                                                             "on the distillation tokens "
                                                             "(2·N_T, not 6·N_T).",
        2 * _NT5 * _DS5 + 6 * _NS5 * _DS5: "that leaves out training the teacher.",
    },
    kind="compute",
    objectives=[5],
    hints=["What has to happen before the student can learn from a teacher's soft targets, "
           "and what runs on every distillation token?",
           "Three terms: teacher training 6·N_T·D_T, teacher inference 2·N_T·D_S, student "
           "training 6·N_S·D_S."],
    worked_solution=(
        f"$4.2\\times10^{{22}} + 1.4\\times10^{{22}} + 6\\times10^{{21}} = "
        f"{tex(_ANS5, 2)}$ FLOPs; the student's own training is under a tenth of it."
    ),
)

# q6: what the lab's distillation sweep shows, over its student seeds --------------------
q6 = ChoiceQuestion(
    "q6",
    options={"a": "the exact law's student beats the student trained on sampled data at every "
                  "distillation length",
             "b": "at the shortest distillation run a trained teacher gives a better student "
                  "than the perfect teacher",
             "c": "at the longest run, distilling from the smallest teacher beats training on "
                  "data",
             "d": "the smallest teacher gives the best student at every length"},
    correct="a",
    kind="critique",
    objectives=[4],
    why_wrong={"b": "that is what one seed can show; compare the teachers seed by seed: over "
                    "the seeds the trained teacher is not ahead of the exact law at the "
                    "shortest run.",
               "c": "a student cannot get below its teacher, and the smallest teacher's loss "
                    "is above what the student reaches on data: the weak teacher caps it.",
               "d": "the width-24 teacher's students are the worst distilled ones at the "
                    "longest run."},
    hints=["Does a statement about the lab hold because one seed shows it, or because the "
           "seeds do?",
           "The lines printed under the distillation table compare the teachers seed by seed "
           "(mean ± standard error, and in how many seeds one is better)."],
    worked_solution=(
        "At every length the exact law's soft targets beat sampled data, in every seed: a soft "
        "target carries the whole distribution of a context, a sample one token of it. A "
        "trained teacher is not ahead of the perfect one at the shortest run once the seeds "
        "are averaged (one seed can suggest it), and a weak teacher caps its student above "
        "what training on data reaches."
    ),
)

# q7: the lab's best bit width at its largest bit budget -------------------------------------
_KS7 = (16, 8, 6, 5, 4, 3)


def _lab_best_bits():
    """Best k at the smallest and the largest budget every k's curve covers."""
    from scaling_lib.lab.sweep import load_sweep

    rows = load_sweep("bit_budget").rows
    sizes = sorted({r["total_params"] for r in rows})
    groups = [[r for r in rows if r["total_params"] == n] for n in sizes]  # seeds per size
    bits = {k: np.log([g[0][f"model_bits_{k}bit"] for g in groups]) for k in _KS7}
    loss = {k: np.array([np.mean([r[f"loss_{k}bit"] for r in g]) for g in groups])
            for k in _KS7}
    ends = (max(b[0] for b in bits.values()), min(b[-1] for b in bits.values()))
    best = [min(_KS7, key=lambda k: float(np.interp(x, bits[k], loss[k]))) for x in ends]
    return best[1], best[0]


_ANS7, _LOW7 = _lab_best_bits()
_WRONG7 = {
    4: "4 bits is the paper's answer; the question asks what the lab's sweep shows.",
    16: "at equal bits the unquantised model is worse than the 8-bit one: it spends 16 bits "
        "on every parameter.",
    3: "3 bits is the worst bit width at every budget in the lab.",
    8: "8 bits beats 16, but fewer bits do better still at this budget.",
    _LOW7: "that is the best bit width at the smallest budget; take the largest.",
}
q7 = NumericQuestion(
    "q7",
    expected=float(_ANS7),
    rel_tol=0.01,
    units="bits",
    whole_number=True,
    misconceptions={float(k): why for k, why in _WRONG7.items() if k != _ANS7},
    kind="compute",
    objectives=[3],
    hints=["At equal memory, fewer bits per weight buy more parameters: compare the bit "
           "widths at the same total model bits, not at the same model.",
           "`bb['budgets']` lists the budgets compared, smallest first, and `bb['best']` the "
           "best bit width at each."],
    worked_solution=(
        f"At the largest budget the lowest interpolated loss is at b = {_ANS7} bits (at the "
        f"smallest budget, b = {_LOW7}); the paper's answer, 4 bits, is not the lab's."
    ),
)

QUESTIONS = [r1, r2, p1, t1, p2, t2, p4, p3, t3, q1, q2, q3, q4, q5, q6, q7]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
