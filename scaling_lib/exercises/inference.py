"""Exercises of chapter 5, "Training for deployment" (``book/05_inference_optimal.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.compute``, ``scaling_lib.laws`` and ``scaling_lib.inference``,
independently of the solution cells in the book. Prices and MFU in the
statements are illustrative settings, not published figures.
"""

from scaling_lib import compute, laws
from scaling_lib import inference as inf
from scaling_lib.exercises.core import NumericQuestion, _human, _literal
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
        "Lifetime compute = training compute + inference compute.",
        "6·N·D_train + 2·N·D_inf with N = 7e9, D_train = 2e12, D_inf = 5e12.",
    ],
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
        "Write the lifetime compute of each model as 6·N·D + 2·N·T and set them equal.",
        "T* = 3·(N_s·D_s − N_l·D_l) / (N_l − N_s).",
    ],
    worked_solution=(
        f"The smaller model costs $6(N_sD_s - N_lD_l) = "
        f"{_tex(6 * (_NS2 * _DS2 - _NL2 * _DL2))}$ more FLOPs to train, and saves "
        f"$2(N_l - N_s) = {_tex(2 * (_NL2 - _NS2))}$ FLOPs on every served token.\n\n"
        f"It pays back after $T^* = {_tex(_T2)}$ tokens, about {_T2 / _DS2:.1f} times its own "
        "training set."
    ),
)

# q3: tokens a smaller model needs to match a loss --------------------------------------------
_NC3, _DC3, _NS3 = 70e9, 1.4e12, 35e9
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
        _DC3: "with the same tokens, a model half the size has a higher loss.",
        _D3_BES: "that uses Besiroglu et al.'s refit; the question asks for Hoffmann's printed "
                 "law.",
    },
    hints=[
        "First compute the target loss L(70e9, 1.4e12) with laws.HOFFMANN_2022.",
        "Solve E + A/N^α + B/D^β = target for D with N = 35e9: "
        "D = (B / (target − E − A/N^α))^(1/β).",
    ],
    worked_solution=(
        f"Chinchilla's loss under the printed law is {_TARGET3:.4f} nats. With "
        f"$N = 35\\times10^9$ the parameter term is "
        f"{_LAW.A / _NS3**_LAW.alpha:.4f} nats, leaving "
        f"{_TARGET3 - _LAW.E - _LAW.A / _NS3**_LAW.alpha:.4f} nats for $B/D^\\beta$, so "
        f"$D = {_tex(_D3)}$ tokens: {_D3 / _DC3:.1f} times Chinchilla's data for half its "
        f"parameters, {_NS3 * _D3 / (_NC3 * _DC3):.2f} times its training compute.\n\n"
        f"Under Besiroglu et al.'s refit the answer is ${_tex(_D3_BES)}$ tokens."
    ),
)

# q4: inference-optimal size for a given demand -------------------------------------------------
_NREF4, _T4 = 13e9, 2e12
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
        _NREF4: "13B is the Chinchilla-optimal answer, which ignores the 2T served tokens.",
        _OPT4_BES.params: "that is the answer under Besiroglu et al.'s refit; use Hoffmann's "
                          "printed law.",
        _OPT4.tokens: "that is D_train, the training tokens; the question asks for N.",
    },
    hints=[
        "The target is the loss of the Chinchilla-optimal 13B model: "
        "inference.chinchilla_loss_for_params(laws.HOFFMANN_2022, 13e9).",
        "Minimise 6·N·D(N) + 2·N·D_inf along the iso-loss curve, with D(N) from "
        "inference.tokens_for_loss; inference.inference_optimal does it for you.",
    ],
    worked_solution=(
        f"The target loss is {_TARGET4:.4f} nats. Minimising lifetime compute along the "
        f"iso-loss curve with $D_{{inf}} = 2\\times10^{{12}}$ gives "
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
        "Training: 6·N·D FLOPs at 989e12 × 0.4 FLOP/s per GPU, $2 per GPU-hour.",
        "Serving: 2·N FLOPs per token, 1e7 × 1,000 tokens a day for 730 days, at "
        "989e12 × 0.1 FLOP/s per GPU and $2.50 per GPU-hour.",
    ],
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
_Q6 = {"requests_per_day": 1e7, "tokens_per_request": 1000, "lifetime_days": 365}
_A6 = inf.cost_of_ownership(70e9, 1.4e12, **_Q6)
_B6 = inf.cost_of_ownership(35e9, 3.5e12, **_Q6)
_DAY6 = inf.break_even_day(_B6, _A6)
_SAME_MFU6 = inf.break_even_day(  # 210 days, the same as counting FLOPs
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
        "Extra training dollars of the 35B model divided by the dollars it saves per day.",
        "A served token costs 2·N FLOPs at MFU 0.1; a training token 6·N at MFU 0.4; both at "
        "$2 per H100-hour (989e12 FLOP/s peak).",
    ],
    worked_solution=(
        f"Training: \\${_A6.training_dollars:,.0f} (70B) and \\${_B6.training_dollars:,.0f} "
        f"(35B), so the smaller model costs \\${_B6.training_dollars - _A6.training_dollars:,.0f}"
        f" more.\n\n"
        f"Serving $10^{{10}}$ tokens a day costs \\${_A6.inference_dollars_per_day:,.0f} (70B) "
        f"and \\${_B6.inference_dollars_per_day:,.0f} (35B): a saving of "
        f"\\${_A6.inference_dollars_per_day - _B6.inference_dollars_per_day:,.0f} a day.\n\n"
        f"Break-even after {_DAY6:.1f} days. In FLOPs alone it would take "
        f"{_T6 / 1e10:.0f} days: cheap training FLOPs and dear serving FLOPs favour the smaller "
        "model sooner."
    ),
)

# q7: a small study: the demand at which the optimum is half the Chinchilla size -------------
_NREF7 = 13e9
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
            "demand at which the 6.5B model is the optimum, which is larger.",
        _D7: "that is the 6.5B model's training tokens, not an inference demand.",
    },
    hints=[
        "Scan inference demands with inference.inference_optimal and find where the optimal "
        "N is 6.5e9; or solve the optimality condition for D_inf directly.",
        "At the optimum, d(6ND + 2N·D_inf)/dN = 0 along the iso-loss curve gives "
        "D_inf = 3·D·(α·A/N^α ÷ (β·B/D^β) − 1): inference.implied_inference_tokens.",
    ],
    worked_solution=(
        f"The target is {_TARGET7:.4f} nats. A 6.5B model needs ${_tex(_D7)}$ training tokens "
        f"({_D7 / _N7:,.0f} per parameter) to reach it. Setting the derivative of the lifetime "
        f"compute along the iso-loss curve to zero gives "
        f"$D_{{inf}} = 3D\\,(\\alpha A N^{{-\\alpha}} / \\beta B D^{{-\\beta}} - 1) = "
        f"{_tex(_T7)}$ tokens.\n\n"
        f"Check: `inference_optimal(law, target, {_literal(float(f'{_T7:.3g}'))}).params` "
        f"returns {_human(inf.inference_optimal(_LAW, _TARGET7, _T7).params, 4)}."
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6, q7]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
