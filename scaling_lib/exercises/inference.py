"""Exercises of chapter 5, "Training for deployment" (``book/05_inference_optimal.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.compute``, ``scaling_lib.laws`` and ``scaling_lib.inference``,
independently of the solution cells in the book. Prices and MFU in the
statements are illustrative settings, not published figures.
"""

from scaling_lib import compute, laws
from scaling_lib import inference as inf
from scaling_lib.exercises.core import ChoiceQuestion, NumericQuestion, _human, _literal
from scaling_lib.plotting import tex as _tex

_LAW = laws.HOFFMANN_2022

# q1: lifetime FLOPs of a plan ------------------------------------------------------------
_N1, _D1, _T1 = 7e9, 2e12, 5e12
_TRAIN1 = 6 * _N1 * _D1
_INFER1 = 2 * _N1 * _T1
_LIFE1 = float(compute.lifetime_flops(_N1, _D1, _T1))
q1 = NumericQuestion(
    "q1",
    expected=_LIFE1,
    rel_tol=0.01,
    units="FLOPs",
    misconceptions={
        _TRAIN1: "that is the training compute only; add 2·N FLOPs for every served token.",
        6 * _N1 * (_D1 + _T1): "serving a token is a forward pass only: 2·N FLOPs, not 6·N.",
        2 * _N1 * (_D1 + _T1): "training a token costs 6·N FLOPs (forward and backward).",
    },
    hints=[
        "A model is paid for twice: once to train it and again for every token it serves. "
        "Which costs more per token, and why?",
        "C_lifetime = 6·N·D_train + 2·N·D_inf.",
    ],
    kind="compute",
    objectives=[1],
    worked_solution=(
        f"Training: $6 \\times 7\\times10^9 \\times 2\\times10^{{12}} = {_tex(_TRAIN1)}$ FLOPs.\n\n"
        f"Serving: $2 \\times 7\\times10^9 \\times 5\\times10^{{12}} = {_tex(_INFER1)}$ FLOPs.\n\n"
        f"Lifetime: ${_tex(_LIFE1)}$ FLOPs; serving is {_INFER1 / _LIFE1:.0%} of it."
    ),
)

# q2: break-even inference tokens of a pair ----------------------------------------------------
_NL2, _DL2, _NS2, _DS2 = 13e9, 260e9, 7e9, 700e9
_T2 = float(inf.break_even_inference_tokens(_NL2, _DL2, _NS2, _DS2))
q2 = NumericQuestion(
    "q2",
    expected=_T2,
    rel_tol=0.01,
    units="tokens",
    misconceptions={
        _T2 / 3: "the training side is 6·N·D and the serving side 2·N·T: keep the factor 3.",
        _T2 * (_NL2 - _NS2) / _NL2: "divide by the difference of the sizes, N_l − N_s: that is "
                                    "what each served token saves.",
        6 * (_NS2 * _DS2 - _NL2 * _DL2): "that is the extra training compute in FLOPs; divide "
                                          "it by the FLOPs saved per served token.",
    },
    hints=[
        "The first line gives what the smaller model spends extra on training. What does it "
        "save on each served token, and how many tokens pay the extra back?",
        "Each served token costs 2·N: the saving per token is 2·(N_l − N_s); T* = extra "
        "training ÷ saving per token.",
    ],
    kind="complete",
    objectives=[2],
    worked_solution=(
        f"The smaller model costs $6(N_sD_s - N_lD_l) = "
        f"{_tex(6 * (_NS2 * _DS2 - _NL2 * _DL2))}$ more FLOPs to train, and saves "
        f"$2(N_l - N_s) = {_tex(2 * (_NL2 - _NS2))}$ FLOPs on every served token.\n\n"
        f"It pays back after $T^* = {_tex(_T2)}$ tokens, about {_T2 / _DS2:.1f} times its own "
        "training set."
    ),
)

# q3: tokens a smaller model needs to match a loss --------------------------------------------
_NC3, _DC3, _NS3 = 70e9, 1.4e12, 30e9
_TARGET3 = float(_LAW.loss(_NC3, _DC3))
_D3 = float(inf.tokens_for_loss(_LAW, _NS3, _TARGET3))
_D3_BES = float(inf.tokens_for_loss(laws.BESIROGLU_2024, _NS3,
                                    float(laws.BESIROGLU_2024.loss(_NC3, _DC3))))
q3 = NumericQuestion(
    "q3",
    expected=_D3,
    rel_tol=0.02,
    units="tokens",
    misconceptions={
        _NC3 * _DC3 / _NS3: "that keeps the training compute equal, not the loss; solve the "
                            "law for the D that gives the target loss.",
        _DC3: "with the same tokens, a smaller model has a higher loss.",
        _D3_BES: "that uses Besiroglu et al.'s refit; the question asks for Hoffmann's printed "
                 "law.",
    },
    hints=[
        "Both models must reach the same loss. With fewer parameters, which term of the law "
        "has to shrink to make up for it?",
        "Solve E + A/N^α + B/D^β = target for D: D = (B / (target − E − A/N^α))^(1/β), with "
        "the target the law's loss of the larger model.",
    ],
    kind="compute",
    objectives=[1],
    worked_solution=(
        f"Chinchilla's loss under the printed law is {_TARGET3:.4f} nats. With "
        f"$N = {_tex(_NS3)}$ the parameter term is "
        f"{_LAW.A / _NS3**_LAW.alpha:.4f} nats, leaving "
        f"{_TARGET3 - _LAW.E - _LAW.A / _NS3**_LAW.alpha:.4f} nats for $B/D^\\beta$, so "
        f"$D = {_tex(_D3)}$ tokens: {_D3 / _DC3:.1f} times Chinchilla's data for "
        f"{_NS3 / _NC3:.0%} of its parameters, {_NS3 * _D3 / (_NC3 * _DC3):.2f} times its "
        f"training compute.\n\n"
        f"Under Besiroglu et al.'s refit the answer is ${_tex(_D3_BES)}$ tokens."
    ),
)

# q4: inference-optimal size for a given demand -------------------------------------------------
_NREF4, _T4 = 30e9, 5e12
_TARGET4 = float(inf.chinchilla_loss_for_params(_LAW, _NREF4))
_OPT4 = inf.inference_optimal(_LAW, _TARGET4, _T4)
_OPT4_BES = inf.inference_optimal(
    laws.BESIROGLU_2024, float(inf.chinchilla_loss_for_params(laws.BESIROGLU_2024, _NREF4)), _T4)
q4 = NumericQuestion(
    "q4",
    expected=_OPT4.params,
    rel_tol=0.02,
    units="parameters",
    misconceptions={
        _NREF4: f"{_human(_NREF4, 2)} is the Chinchilla-optimal answer, which ignores the "
                f"{_human(_T4, 2)} served tokens.",
        _OPT4_BES.params: "that is the answer under Besiroglu et al.'s refit; use Hoffmann's "
                          "printed law.",
        _OPT4.tokens: "that is D_train, the training tokens; the question asks for N.",
    },
    hints=[
        "Every model on the iso-loss curve is equally good; which one has the least training "
        "plus serving compute? There is no closed form: search along the curve.",
        "Minimise 6·N·D(N) + 2·N·D_inf with D(N) from inference.tokens_for_loss; "
        "inference.inference_optimal(law, target, demand) does the search.",
    ],
    kind="compute",
    objectives=[1],
    worked_solution=(
        f"The target loss is {_TARGET4:.4f} nats. Minimising lifetime compute along the "
        f"iso-loss curve with $D_{{inf}} = {_tex(_T4)}$ gives "
        f"$N = {_tex(_OPT4.params)}$ parameters trained on ${_tex(_OPT4.tokens)}$ tokens "
        f"({_OPT4.tokens_per_param:,.0f} tokens per parameter), saving "
        f"{_OPT4.saving_fraction:.0%} of the Chinchilla-optimal model's lifetime compute.\n\n"
        f"Under Besiroglu et al.'s refit: $N = {_tex(_OPT4_BES.params)}$, a saving of "
        f"{_OPT4_BES.saving_fraction:.0%}."
    ),
)

# q5: dollar cost of ownership -----------------------------------------------------------------
_TCO5_ARGS = {"requests_per_day": 1e7, "tokens_per_request": 1000, "lifetime_days": 730,
              "accelerator": "H100", "training_mfu": 0.4, "inference_mfu": 0.1,
              "training_dollars_per_gpu_hour": 2.0, "inference_dollars_per_gpu_hour": 2.5}
_TCO5 = inf.cost_of_ownership(8e9, 15e12, **_TCO5_ARGS)
_SAME_MFU5 = inf.cost_of_ownership(8e9, 15e12, **(_TCO5_ARGS | {"inference_mfu": 0.4}))
q5 = NumericQuestion(
    "q5",
    expected=_TCO5.total_dollars,
    rel_tol=0.02,
    units="dollars",
    misconceptions={
        _TCO5.training_dollars: "that is the training bill only; add two years of serving.",
        _TCO5.inference_dollars: "that is the serving bill only; add the training run.",
        _SAME_MFU5.total_dollars: "serving runs at MFU 0.1 here, not the training MFU 0.4.",
    },
    hints=[
        "Price the two phases separately: FLOPs become GPU-hours through the peak rate and "
        "the MFU of that phase, and GPU-hours become dollars at that phase's price.",
        "dollars = FLOPs / (peak × MFU × 3600) × price per GPU-hour; training FLOPs 6·N·D, "
        "serving FLOPs 2·N per token.",
    ],
    kind="compute",
    objectives=[3],
    worked_solution=(
        f"Training: ${_tex(_TCO5.training_flops)}$ FLOPs, "
        f"{_TCO5.training_gpu_hours:,.0f} GPU-hours, \\${_TCO5.training_dollars:,.0f}.\n\n"
        f"Serving: ${_tex(_TCO5.inference_tokens)}$ tokens, "
        f"${_tex(_TCO5.inference_flops)}$ FLOPs, {_TCO5.inference_gpu_hours:,.0f} GPU-hours, "
        f"\\${_TCO5.inference_dollars:,.0f}.\n\n"
        f"Total \\${_TCO5.total_dollars:,.0f}; serving is {_TCO5.inference_share:.0%} of it."
    ),
)

# q6: break-even day in dollars ----------------------------------------------------------------
_Q6 = {"requests_per_day": 4e6, "tokens_per_request": 1000, "lifetime_days": 365}
_DAILY6 = _Q6["requests_per_day"] * _Q6["tokens_per_request"]
_A6 = inf.cost_of_ownership(70e9, 1.4e12, **_Q6)
_B6 = inf.cost_of_ownership(35e9, 3.5e12, **_Q6)
_DAY6 = inf.break_even_day(_B6, _A6)
_SAME_MFU6 = inf.break_even_day(  # the same as counting FLOPs
    inf.cost_of_ownership(35e9, 3.5e12, **_Q6, inference_mfu=0.4),
    inf.cost_of_ownership(70e9, 1.4e12, **_Q6, inference_mfu=0.4))
_T6 = float(inf.break_even_inference_tokens(70e9, 1.4e12, 35e9, 3.5e12))
q6 = NumericQuestion(
    "q6",
    expected=_DAY6,
    rel_tol=0.02,
    units="days",
    misconceptions={
        _SAME_MFU6: "serving runs at MFU 0.1, so a served FLOP costs 4 times a training FLOP "
                    "here; you priced both at MFU 0.4.",
        _B6.training_dollars / (_A6.inference_dollars_per_day - _B6.inference_dollars_per_day):
            "only the *extra* training cost of the smaller model has to be paid back, not all "
            "of it.",
    },
    hints=[
        "Only the smaller model's *extra* training cost has to be paid back, by what it saves "
        "on every day of serving.",
        "day = (extra training dollars) / (serving dollars saved per day), each phase priced "
        "at its own MFU.",
    ],
    kind="compute",
    objectives=[3],
    worked_solution=(
        f"Training: \\${_A6.training_dollars:,.0f} (70B) and \\${_B6.training_dollars:,.0f} "
        f"(35B), so the smaller model costs \\${_B6.training_dollars - _A6.training_dollars:,.0f}"
        f" more.\n\n"
        f"Serving ${_tex(_DAILY6)}$ tokens a day costs "
        f"\\${_A6.inference_dollars_per_day:,.0f} (70B) and "
        f"\\${_B6.inference_dollars_per_day:,.0f} (35B): a saving of "
        f"\\${_A6.inference_dollars_per_day - _B6.inference_dollars_per_day:,.0f} a day.\n\n"
        f"Break-even after {_DAY6:.1f} days. In FLOPs alone it would take "
        f"{_T6 / _DAILY6:.0f} days: cheap training FLOPs and dear serving FLOPs favour the smaller "
        "model sooner."
    ),
)

# q7: a small study: the demand at which the optimum is half the Chinchilla size -------------
_NREF7 = 70e9
_TARGET7 = float(inf.chinchilla_loss_for_params(_LAW, _NREF7))
_N_C7 = float(inf.chinchilla_optimal_for_loss(_LAW, _TARGET7)[0])
_N7 = _N_C7 / 2
_D7 = float(inf.tokens_for_loss(_LAW, _N7, _TARGET7))
_T7 = float(inf.implied_inference_tokens(_LAW, _N7, _D7))
q7 = NumericQuestion(
    "q7",
    expected=_T7,
    rel_tol=0.03,
    units="tokens",
    misconceptions={
        float(inf.break_even_inference_tokens(_N_C7, float(
            inf.chinchilla_optimal_for_loss(_LAW, _TARGET7)[1]), _N7, _D7)):
            "that is the break-even volume of the two models; the question asks for the "
            f"demand at which the {_human(_N7, 2)}-parameter model is the optimum, which is "
            "larger.",
        _D7: "that is the smaller model's training tokens, not an inference demand.",
    },
    hints=[
        "Turn the question round: the half-size model trained to the target is optimal for "
        "exactly "
        "one demand. Scan demands, or ask which demand makes this model the optimum.",
        "At the optimum, d(6ND + 2N·D_inf)/dN = 0 along the iso-loss curve, which gives "
        "D_inf = 3·D·(α·A/N^α ÷ (β·B/D^β) − 1): inference.implied_inference_tokens.",
    ],
    kind="compute",
    objectives=[1],
    worked_solution=(
        f"The target is {_TARGET7:.4f} nats. A {_human(_N7, 2)}-parameter model needs "
        f"${_tex(_D7)}$ training tokens ({_D7 / _N7:,.0f} per parameter) to reach it. Setting "
        f"the derivative of the lifetime compute along the iso-loss curve to zero gives "
        f"$D_{{inf}} = 3D\\,(\\alpha A N^{{-\\alpha}} / \\beta B D^{{-\\beta}} - 1) = "
        f"{_tex(_T7)}$ tokens.\n\n"
        f"Check: `inference_optimal(law, target, {_literal(float(f'{_T7:.3g}'))}).params` "
        f"returns {_human(inf.inference_optimal(_LAW, _TARGET7, _T7).params, 4)}."
    ),
)

# Before you start: recall from chapters 0 and 2 ---------------------------------------------
_NR1, _TR1 = 3e9, 1e12
_R1 = 2 * _NR1 * _TR1
r1 = NumericQuestion(
    "r1",
    expected=_R1,
    rel_tol=0.01,
    units="FLOPs",
    misconceptions={
        6 * _NR1 * _TR1: "6·N per token is the training cost (forward and backward); serving a "
                         "token runs the forward pass only.",
        _NR1 * _TR1: "a forward pass costs about 2 FLOPs per parameter per token (a multiply "
                     "and an add).",
        4 * _NR1 * _TR1: "4·N per token is the backward pass; serving runs only the forward "
                         "pass.",
    },
    hints=[
        "Chapter 0: serving a token runs one forward pass. How many FLOPs does a forward pass "
        "cost per parameter?",
        "Inference FLOPs ≈ 2·N per token (short contexts, weights only).",
    ],
    worked_solution=(
        f"A forward pass costs about $2N$ FLOPs per token: $2 \\times 3\\times10^9 \\times "
        f"10^{{12}} = {_tex(_R1)}$ FLOPs. Training on the same tokens would cost three times "
        "as much, $6ND$."
    ),
    kind="recall",
    objectives=[1],
)

_CR2 = 1.2e23
_R2 = (_CR2 / 120) ** 0.5
r2 = NumericQuestion(
    "r2",
    expected=_R2,
    rel_tol=0.01,
    units="parameters",
    misconceptions={
        (_CR2 / 6) ** 0.5: "that sets D = N; the rule of thumb is D = 20·N, so C = 6·N·20N.",
        _CR2 / 120: "C = 120·N² gives N² = C/120; take the square root.",
        (_CR2 / 20) ** 0.5: "C = 6·N·D with D = 20·N is 120·N², not 20·N².",
        20 * (_CR2 / 120) ** 0.5: "that is D, the training tokens; the question asks for N.",
    },
    hints=[
        "Chapter 2: at the compute optimum, data and parameters grow together, with a rule of "
        "thumb of about 20 tokens per parameter. Put that into C = 6·N·D.",
        "C = 6·N·(20·N) = 120·N², so N = √(C/120).",
    ],
    worked_solution=(
        f"With $D = 20N$, $C = 6N \\cdot 20N = 120N^2$, so "
        f"$N = \\sqrt{{{_tex(_CR2)}/120}} = {_tex(_R2, 3)}$ parameters, trained on "
        f"${_tex(20 * _R2, 3)}$ tokens. This chapter asks what changes when the model is also "
        "served."
    ),
    kind="recall",
    objectives=[4],
)

# p1: predict, before the inference-optimal model -------------------------------------------
p1 = ChoiceQuestion(
    "p1",
    options={
        "a": "the Chinchilla-optimal 13B model itself: it is the cheapest way to reach that "
             "loss",
        "b": "a smaller model trained on more tokens: it costs more to train, and less over "
             "its lifetime",
        "c": "a larger model trained on fewer tokens: it reaches the loss with less training",
        "d": "a smaller model trained on the same tokens as the 13B model",
    },
    correct="b",
    why_wrong={
        "a": "it is the cheapest to *train*. At the Chinchilla point the training cost is flat "
             "along the iso-loss curve (its slope is zero there), while every parameter "
             "removed saves 2 FLOPs on each of the 2T served tokens: a step towards smaller "
             "models saves serving at almost no training cost.",
        "c": "a larger model costs more on every served token, and it is not cheaper to train "
             "either: the Chinchilla-optimal model already minimises training compute.",
        "d": "with fewer parameters and the same tokens the loss is higher: to stay on the "
             "iso-loss curve a smaller model must be trained on more tokens.",
    },
    hints=[
        "Every model on the iso-loss curve is equally good. Moving away from the Chinchilla "
        "point along it: what happens to the training cost at first, and to the serving cost?",
        "Near its minimum the training cost changes only to second order; the serving cost "
        "2·N·D_inf falls in proportion to N.",
    ],
    worked_solution=(
        "A smaller model trained longer. The Chinchilla-optimal model minimises training "
        "compute, so moving along the iso-loss curve changes the training cost only to second "
        "order at first, while serving, $2ND_\\text{inf}$, falls in proportion to $N$. With "
        "2T served tokens the optimum is a smaller model that costs more to train and saves "
        "more than that in serving. Over-training is not wasted compute: it buys a smaller "
        "model of the same quality."
    ),
    kind="predict",
    objectives=[1],
)

# p2: predict, before the LLaMA table ---------------------------------------------------------
p2 = ChoiceQuestion(
    "p2",
    options={
        "a": "a mistake: far past the compute optimum, the extra tokens were wasted",
        "b": "the inference-optimal choice for some lifetime demand: a small model built to be "
             "served a lot",
        "c": "compute-optimal: for models this small the Chinchilla fits put the optimum at "
             "ratios this large",
        "d": "forced by the data: Meta had that many tokens and had to use them",
    },
    correct="b",
    why_wrong={
        "a": "the extra tokens buy a smaller model of the same predicted quality, and a smaller "
             "model is cheaper on every served token; whether it pays depends on the demand.",
        "c": "no Chinchilla fit puts the compute optimum anywhere near that: their optimal "
             "ratios for an 8B-quality target are tens of tokens per parameter.",
        "d": "the same data would have trained a larger model to a lower loss at the "
             "compute-optimal ratio (Llama 3's flagship was trained near it); the 8B's ratio "
             "is a choice of size, not of data.",
    },
    hints=[
        "Training past the compute optimum makes a model of a given quality smaller. Who "
        "benefits from a smaller model of the same quality?",
        "For a model trained at D/N, the optimality condition can be solved for the demand "
        "that makes it inference-optimal: inference.implied_inference_tokens.",
    ],
    worked_solution=(
        "Read through this chapter, the 8B model's ratio is deliberate over-training: the "
        "model is inference-optimal for a large lifetime demand, which the table computes "
        "under two fits. The Llama 3 paper says so: its smaller models are trained 'much "
        "longer than is compute-optimal' to 'perform better than compute-optimal models at "
        "the same inference budget'."
    ),
    kind="predict",
    objectives=[4],
)

# t1: Try this, the inference-demand explorer (main control: tokens served) -------------------
_TPP_T1 = 1000
_GRID_T1 = (1e9, 3e9, 1e10, 3e10, 1e11, 3e11, 1e12, 2e12, 3e12, 1e13, 3e13, 1e14, 3e14, 1e15,
            3e15, 1e16)
_TARGET_T1 = float(inf.chinchilla_loss_for_params(laws.HOFFMANN_2022_UNROUNDED, 13e9))
_SWEEP_T1 = inf.inference_optimal(laws.HOFFMANN_2022_UNROUNDED, _TARGET_T1, list(_GRID_T1))
_I_T1 = next(i for i, r in enumerate(_SWEEP_T1.tokens_per_param) if r > _TPP_T1)
_T1 = _GRID_T1[_I_T1]
t1 = NumericQuestion(
    "t1",
    expected=_T1,
    rel_tol=1e-6,
    units="served tokens",
    misconceptions={
        _GRID_T1[_I_T1 - 1]: f"at that position the optimum trains on "
                             f"{_SWEEP_T1.tokens_per_param[_I_T1 - 1]:,.0f} tokens per "
                             "parameter; move one step further.",
        _GRID_T1[_I_T1 + 1]: "the optimum is already past 1,000 tokens per parameter one step "
                             "earlier.",
    },
    hints=[
        "The box in the left panel gives the optimum's tokens per parameter at the demand "
        "set by the slider. Move the slider up from 2×10¹².",
        "Stop at the first position where the box shows more than 1,000 tokens/param.",
    ],
    worked_solution=(
        f"The optimum trains on {_SWEEP_T1.tokens_per_param[_I_T1 - 1]:,.0f} tokens per "
        f"parameter at {_human(_GRID_T1[_I_T1 - 1], 2)} served tokens and "
        f"{_SWEEP_T1.tokens_per_param[_I_T1]:,.0f} at **{_human(_T1, 2)}**. Its size is then "
        f"{_SWEEP_T1.params[_I_T1] / _SWEEP_T1.chinchilla_params[_I_T1]:.0%} of the "
        "Chinchilla-optimal 13B, and its ratio is beyond most published training runs, "
        "where the law was not fitted: the next section asks how far to trust it."
    ),
    kind="compute",
    objectives=[1, 4],
)

# t2: Try this, the cost-of-ownership explorer (main control: requests per day) ---------------
_GRID_T2 = (1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10)
_SHARE_T2 = 1 / 3
_LAW_T2 = laws.HOFFMANN_2022_UNROUNDED
_TARGET_T2 = float(inf.chinchilla_loss_for_params(_LAW_T2, 70e9))


def _saving_t2(requests_per_day: float) -> float:
    """The explorer's default plan: the cost-optimal plan's saving, as a share of the total."""
    settings = {"requests_per_day": requests_per_day, "tokens_per_request": 1000,
                "lifetime_days": 365}
    opt = inf.inference_optimal(_LAW_T2, _TARGET_T2,
                                inf.inference_flop_price_ratio() * requests_per_day * 1000 * 365)
    chin = inf.cost_of_ownership(opt.chinchilla_params, opt.chinchilla_tokens, **settings)
    best = inf.cost_of_ownership(opt.params, opt.tokens, **settings)
    return 1 - best.total_dollars / chin.total_dollars


_I_T2 = next(i for i, r in enumerate(_GRID_T2) if _saving_t2(r) >= _SHARE_T2)
_T2R = _GRID_T2[_I_T2]
t2 = NumericQuestion(
    "t2",
    expected=_T2R,
    rel_tol=1e-6,
    units="requests per day",
    misconceptions={
        _GRID_T2[_I_T2 - 1]: f"at that traffic the saving is {_saving_t2(_GRID_T2[_I_T2 - 1]):.0%}"
                             ", not yet a third; move one step further.",
        _GRID_T2[_I_T2 + 1]: "the saving already passes a third one step earlier.",
    },
    hints=[
        "The box at the top left gives the saving of the cost-optimal plan as a share of the "
        "Chinchilla-optimal plan's total. Move the requests per day up from 10⁷.",
        "Stop at the first position where the saving is 33% or more.",
    ],
    worked_solution=(
        f"The saving is {_saving_t2(_GRID_T2[_I_T2 - 1]):.0%} at "
        f"{_human(_GRID_T2[_I_T2 - 1], 2)} requests a day and {_saving_t2(_T2R):.0%} at "
        f"**{_human(_T2R, 2)}**. The more traffic, the larger the serving share of the bill, "
        "and the more a smaller model trained longer saves."
    ),
    kind="compute",
    objectives=[3],
)

# q8: critique "20 tokens per parameter at every scale" --------------------------------------
_R8 = {L.label: float(inf.chinchilla_optimal_for_loss(
    L, float(inf.chinchilla_loss_for_params(L, 13e9)))[1]) / 13e9
    for L in (laws.HOFFMANN_2022_UNROUNDED, laws.BESIROGLU_2024)}
q8 = ChoiceQuestion(
    "q8",
    options={
        "a": "nothing: 20 is a constant of nature, since the data and parameter exponents are "
             "equal",
        "b": "20 is a rounded rule of thumb; the fits' own optimal ratio changes with scale "
             "and from fit to fit, and with inference counted it depends on the demand",
        "c": "Chinchilla's ratio holds only below 70B parameters; above it the optimum is 10 "
             "tokens per parameter",
        "d": "the ratio is right, but it counts tokens seen in training and serving together",
    },
    correct="b",
    why_wrong={
        "a": "the fitted exponents differ (α ≠ β in every fit), so the compute-optimal ratio "
             "drifts with scale; and a ratio for training compute says nothing about serving.",
        "c": "no fit gives a sharp change at 70B, and none puts the optimum at 10: the fits "
             "disagree smoothly with each other and with scale.",
        "d": "D in the ratio is training tokens only; serving enters the lifetime compute "
             "separately, as 2·N per served token.",
    },
    hints=[
        "Where does the number 20 come from, and what does the chapter's table of optimal "
        "ratios for different fits and demands show?",
        "Compare the compute-optimal ratio of a 13B-quality target under two fits, and under "
        "one fit at two demands.",
    ],
    worked_solution=(
        "Twenty is a rounded rule of thumb from Hoffmann et al.'s Table 3. For a 13B-quality "
        "target the unrounded fit's own optimum is "
        f"{_R8[laws.HOFFMANN_2022_UNROUNDED.label]:.0f} tokens per parameter and the refit's "
        f"{_R8[laws.BESIROGLU_2024.label]:.0f}; the ratio changes with scale because the "
        "fitted exponents differ. And a model that will be served should be trained further: "
        "with inference counted, the right ratio depends on the demand more than on any fit."
    ),
    kind="critique",
    objectives=[4],
)

# q9: critique "a FLOP is a FLOP" --------------------------------------------------------------
q9 = ChoiceQuestion(
    "q9",
    options={
        "a": "nothing: at one price per GPU-hour every FLOP costs the same",
        "b": "training FLOPs are dearer, since training needs more GPUs at once",
        "c": "serving at small batch sizes is limited by memory bandwidth, so it runs at a "
             "much lower MFU: a served FLOP costs more, and the cheapest plan is smaller",
        "d": "the loss law is different in dollars, so the optimum moves to larger models",
    },
    correct="c",
    why_wrong={
        "a": "a GPU-hour buys peak × MFU × 3600 FLOPs, and the MFU of serving is far below that "
             "of training: at the same hourly price a served FLOP costs more.",
        "b": "the number of GPUs does not change the price of a FLOP; the fraction of the peak "
             "each GPU delivers does, and serving delivers less.",
        "d": "the law predicts loss from N and D and knows nothing of prices; dollars only "
             "reweight the serving term, and towards smaller models, not larger.",
    },
    hints=[
        "How many FLOPs does a GPU-hour buy in training, and how many in serving?",
        "dollars per FLOP = price / (peak × MFU × 3600): compare the MFU of the two phases.",
    ],
    worked_solution=(
        "A GPU-hour buys $\\text{peak} \\times \\text{MFU} \\times 3600$ FLOPs. "
        "Generating tokens one at a time at small batches is limited by reading weights and "
        "cached keys and values from memory, so serving runs at a far lower MFU than training, "
        "and a served FLOP costs several times a training FLOP. Minimising dollars is then "
        "minimising FLOPs with the demand multiplied by that price ratio, which pushes the "
        "optimum to a smaller model than the FLOP-optimal one."
    ),
    kind="critique",
    objectives=[3],
)

# q10: explain an edge allocation -----------------------------------------------------------
q10 = ChoiceQuestion(
    "q10",
    options={
        "a": "the Chinchilla-optimal model of the target quality, quantised until it fits",
        "b": "the inference-optimal model for the phone's expected demand, from "
             "inference.inference_optimal",
        "c": "the largest model that fits, trained on as many tokens as it takes to reach the "
             "target, if it can reach it at all",
        "d": "the largest model that fits, trained at 20 tokens per parameter",
    },
    correct="c",
    why_wrong={
        "a": "that changes the question: quantising a model trained to the law's optimum loses "
             "quality the law does not predict, and the memory cap is on the model you ship. "
             "The cap decides N; what is left to choose is the training.",
        "b": "with a hard cap on N there is no trade-off to optimise: the demand-optimal size "
             "is irrelevant if it does not fit, and if it does fit the cap does not bind.",
        "d": "at 20 tokens per parameter a model smaller than the target's Chinchilla-optimal "
             "size has a higher loss than the target: it must be trained longer.",
    },
    hints=[
        "What sets N here, the demand or the device? Once N is fixed, what is left to choose?",
        "With N capped, solve the law for the D that reaches the target: "
        "inference.tokens_for_loss; below N_min = (A/(ℓ − E))^(1/α) no D suffices.",
    ],
    worked_solution=(
        "An edge device sets a hard cap on $N$ (memory), so there is no trade-off to optimise, "
        "only a price: take the largest model that fits and train it for the tokens the law "
        "says it needs to reach the target, `inference.tokens_for_loss`. If the cap is below "
        "$N_\\text{min}$ the target is unreachable at any training cost; then the quality, "
        "not the training, has to give."
    ),
    kind="explain",
    objectives=[5],
)

QUESTIONS = [r1, r2, p1, t1, t2, p2, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
