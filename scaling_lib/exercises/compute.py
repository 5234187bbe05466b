"""Exercises of chapter 0, "Counting compute" (``book/00_compute.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.compute``, independently of the solution cells in the book.
"""

from scaling_lib import compute
from scaling_lib.exercises.core import FunctionQuestion, NumericQuestion
from scaling_lib.plotting import tex as _tex

_N_GPT3, _D_GPT3 = 175e9, 300e9
_C_GPT3 = float(compute.training_flops(_N_GPT3, _D_GPT3))

q1 = NumericQuestion(
    "q1",
    expected=_C_GPT3,
    rel_tol=0.01,
    units="FLOPs",
    misconceptions={
        2 * _N_GPT3 * _D_GPT3: "that counts the forward pass only (2·N·D); training also "
                               "runs a backward pass.",
        6 * 175 * 300: "N and D must be plain counts (175e9, 300e9), not billions.",
        6 * 175e9 * 300e9 / 1e15: "the question asks for FLOPs, not petaFLOPs.",
    },
    hints=[
        "Each token passes through every parameter once forward (2 FLOPs: multiply and add) "
        "and the backward pass costs about twice the forward pass.",
        "C ≈ 6 · N · D with N = 175e9 and D = 300e9.",
    ],
    worked_solution=(
        "Training costs about $C = 6ND$ FLOPs: 2 per parameter per token forward, 4 backward.\n\n"
        f"$C = 6 \\times 175\\times10^9 \\times 300\\times10^9 \\approx {_tex(_C_GPT3)}$ "
        f"FLOPs, within {abs(_C_GPT3 / 3.14e23 - 1):.1%} of the $3.14\\times10^{{23}}$ that "
        "Brown et al. (2020) report."
    ),
)

_PF_DAYS = 3.14e23 / compute.PF_DAY_FLOPS
q2 = NumericQuestion(
    "q2",
    expected=_PF_DAYS,
    rel_tol=0.01,
    units="PF-days",
    misconceptions={
        3.14e23 / 1e15: "dividing by 1e15 gives petaFLOP/s-seconds; a day has 86,400 s.",
        3.14e23 / (1e15 * 3600): "that is PF-hours; a PF-day lasts 86,400 seconds.",
    },
    hints=[
        "A PF-day is 10^15 FLOP/s sustained for one day.",
        "One PF-day = 1e15 × 86,400 FLOPs = 8.64e19 FLOPs.",
    ],
    worked_solution=(
        "One PF-day is $10^{15}$ FLOP/s for $86{,}400$ s, i.e. $8.64\\times10^{19}$ FLOPs.\n\n"
        f"$3.14\\times10^{{23}} / 8.64\\times10^{{19}} \\approx$ {_PF_DAYS:,.0f} PF-days; "
        "Brown et al. (2020) print 3,640."
    ),
)

_C_CHIN = float(compute.training_flops(70e9, 1.4e12))
_DAYS = float(compute.wall_clock_days(_C_CHIN, compute.H100, 0.4, 1024))
q3 = NumericQuestion(
    "q3",
    expected=_DAYS,
    rel_tol=0.02,
    units="days",
    misconceptions={
        float(compute.wall_clock_days(_C_CHIN, compute.H100, 1.0, 1024)):
            "that assumes the GPUs run at their peak; multiply the peak by the MFU (0.4).",
        float(compute.wall_clock_days(_C_CHIN, 1979e12, 0.4, 1024)):
            "1,979 TFLOP/s is the sparse peak; dense training uses 989 TFLOP/s.",
        float(compute.wall_clock_days(_C_CHIN, compute.H100, 0.4, 1)):
            "that is GPU-days; the work is shared by 1,024 GPUs.",
    },
    hints=[
        "First the FLOPs: 6·N·D.",
        "Useful FLOP/s of the cluster = 1,024 × 989e12 × 0.4. Divide, then convert seconds "
        "to days.",
    ],
    worked_solution=(
        f"$C = 6 \\times 70\\times10^9 \\times 1.4\\times10^{{12}} = {_tex(_C_CHIN)}$ FLOPs.\n\n"
        f"The cluster does $1024 \\times 989\\times10^{{12}} \\times 0.4 \\approx "
        f"{_tex(1024 * 989e12 * 0.4)}$ useful FLOP/s, so the run takes "
        f"${_tex(_DAYS * 86400)}$ s, about {_DAYS:.1f} days."
    ),
)

_MFU_LLAMA = 6 * 65.2e9 * 380 / compute.A100.peak_flops_per_second
q4 = NumericQuestion(
    "q4",
    expected=_MFU_LLAMA,
    rel_tol=0.02,
    misconceptions={
        2 * 65.2e9 * 380 / compute.A100.peak_flops_per_second:
            "2·N FLOPs per token is inference; training a token costs 6·N.",
        100 * _MFU_LLAMA: "give MFU as a fraction between 0 and 1, not a percentage.",
    },
    hints=[
        "Model FLOP/s per GPU = 6 · N · (tokens per second per GPU).",
        "MFU = model FLOP/s per GPU ÷ peak FLOP/s per GPU (312e12 for an A100).",
    ],
    worked_solution=(
        "Each GPU processes 380 tokens/s, each costing $6N = 6 \\times 65.2\\times10^9$ FLOPs: "
        f"${_tex(6 * 65.2e9 * 380)}$ FLOP/s.\n\n"
        f"Against the A100's ${_tex(compute.A100.peak_flops_per_second)}$ FLOP/s peak that is "
        f"an MFU of about {_MFU_LLAMA:.2f}: high, but in line with the best reported "
        f"large-scale runs (PaLM: {compute.PALM_540B_MFU:.1%})."
    ),
)

_COST = float(compute.dollars_per_million_tokens(70e9, compute.H100, 0.1, 2.5))
q5 = NumericQuestion(
    "q5",
    expected=_COST,
    rel_tol=0.02,
    units="dollars",
    misconceptions={
        3 * _COST: "6·N FLOPs per token is training; generating a token costs 2·N.",
        _COST / 10: "you left out the MFU: serving runs at 10% of the peak here.",
    },
    hints=[
        "FLOPs for a million tokens: 2 · N · 1e6.",
        "GPU-hours = FLOPs / (989e12 × 0.1 × 3600); then multiply by $2.50.",
    ],
    worked_solution=(
        "A million generated tokens cost $2 \\times 70\\times10^9 \\times 10^6 = "
        f"{_tex(2 * 70e9 * 1e6)}$ FLOPs. At $989\\times10^{{12}} \\times 0.1$ FLOP/s that is "
        f"{2 * 70e9 * 1e6 / (989e12 * 0.1):,.0f} s, or "
        f"{2 * 70e9 * 1e6 / (989e12 * 0.1) / 3600:.2f} GPU-hours, so about \\${_COST:.2f}."
    ),
)

_BREAK_EVEN_DAYS = float(compute.inference_tokens_to_match_training(15e12)) / 1e10
q6 = NumericQuestion(
    "q6",
    expected=_BREAK_EVEN_DAYS,
    rel_tol=0.01,
    units="days",
    misconceptions={
        15e12 / 1e10: "2·N·T = 6·N·D gives T = 3·D, not D.",
        15e12 * 3 / 1e10 / 365: "the question asks for days, not years.",
    },
    hints=[
        "Set 2·N·T (inference) equal to 6·N·D (training) and solve for T.",
        "T = 3·D tokens; divide by the tokens served per day.",
    ],
    worked_solution=(
        "Serving $T$ tokens costs $2NT$; training cost $6ND$. They are equal when $T = 3D$, "
        f"whatever $N$ is: $T = {_tex(3 * 15e12)}$ tokens. At $10^{{10}}$ tokens a day that "
        f"takes {_BREAK_EVEN_DAYS:,.0f} days, about {_BREAK_EVEN_DAYS / 365:.0f} years."
    ),
)


q7 = FunctionQuestion(
    "q7",
    # a wrong function's verdict shows the first failing case's expected value: q3's
    # answer (the Chinchilla run) comes last
    cases=[
        ((1e9, 2e10, 8, 312e12, 0.5), float(compute.wall_clock_days(1.2e20, 312e12, 0.5, 8))),
        ((175e9, 300e9, 1024, 312e12, 0.21),
         float(compute.wall_clock_days(_C_GPT3, 312e12, 0.21, 1024))),
        ((70e9, 1.4e12, 1024, 989e12, 0.4), _DAYS),
    ],
    rel_tol=1e-6,
    hints=[
        "Compute the FLOPs, then the useful FLOP/s of the whole cluster.",
        "days = 6·N·D / (n_gpus · peak · mfu) / 86,400.",
    ],
    worked_solution=(
        "```python\n"
        "def training_days(params, tokens, n_gpus, peak_flops_per_second, mfu):\n"
        "    flops = 6 * params * tokens\n"
        "    return flops / (n_gpus * peak_flops_per_second * mfu) / 86_400\n"
        "```"
    ),
)

# q8: one token after a 16,384-token prompt, Llama 3.1 8B (dubey2024llama3, Table 3)
_N8, _L8, _D8, _CTX8 = 8e9, 32, 4096, 16_384
_Q8 = float(compute.forward_flops_per_token(_N8, _L8, _CTX8, _D8, context="full"))
_Q8_CAUSAL = float(compute.forward_flops_per_token(_N8, _L8, _CTX8, _D8, context="causal"))
_Q8_ATT = float(compute.attention_flops_per_token(_L8, _CTX8, _D8, context="full"))
q8 = NumericQuestion(
    "q8",
    expected=_Q8,
    rel_tol=0.02,
    units="FLOPs",
    misconceptions={
        2 * _N8: "that is 2N, the weights only; the token also attends to 16,384 earlier "
                 "tokens in each of 32 layers.",
        _Q8_CAUSAL: "that uses Kaplan et al.'s term 2·n_layer·n_ctx·d, the average over a "
                    "causal window where a token sees n_ctx/2 tokens on average; this token "
                    "attends to all 16,384, which costs twice as much.",
        _Q8_ATT: "that is the attention alone; add the 2N FLOPs of the weights.",
        6 * _N8 + _Q8_ATT: "generating a token is a forward pass (2N), not a training step "
                           "(6N).",
    },
    hints=[
        "A query attending to m tokens costs 2·m·d per layer for the scores QKᵀ and as many "
        "for the weighted sum of the values.",
        "Forward FLOPs = 2·N + 4·n_layer·n_ctx·d_model for a token attending to the whole "
        "context.",
    ],
    worked_solution=(
        "The weights cost $2N$; attention to $n_\\text{ctx}$ tokens costs "
        "$4\\,n_\\text{ctx}\\,d_\\text{model}$ per layer ($QK^\\top$ and $AV$, "
        "$2\\,n_\\text{ctx}\\,d_\\text{model}$ each).\n\n"
        f"$2 \\times 8\\times10^9 + 4 \\times 32 \\times 16{{,}}384 \\times 4{{,}}096 = "
        f"{_tex(2 * _N8)} + {_tex(_Q8_ATT)} \\approx {_tex(_Q8)}$ FLOPs: attention alone "
        f"is {_Q8_ATT / (2 * _N8):.2f} times $2N$. Kaplan et al.'s term "
        "$2\\,n_\\text{layer}\\,n_\\text{ctx}\\,d$ gives half the attention: it is "
        "the average over a causal window, not the cost of a token at its end."
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6, q7, q8]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
