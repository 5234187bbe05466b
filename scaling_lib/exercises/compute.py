"""Exercises of chapter 0, "Counting compute" (``book/00_compute.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.compute``, independently of the solution cells in the book.

Handles: ``p1``, ``p2`` predictions at the top of the sections that answer them; ``t1``, ``t2``
"Try this" questions after the two explorers; ``q1 … q11`` the end-of-chapter exercises.
Objectives (the chapter's list): 1 count training and inference FLOPs, 2 convert FLOPs to
time and money, 3 check a published claim through its MFU, 4 compare training with serving,
5 say where 6ND and 2N stop holding.
"""

from scaling_lib import compute, models
from scaling_lib.exercises.core import ChoiceQuestion, FunctionQuestion, NumericQuestion
from scaling_lib.plotting import human_count as _count
from scaling_lib.plotting import tex as _tex


def _days(params, tokens, accelerator, mfu, n_gpus):
    return float(compute.wall_clock_days(compute.training_flops(params, tokens), accelerator,
                                         mfu, n_gpus))


# ---------------------------------------------------------------------------- p1
# LLaMA 65B's published throughput: what share of the A100's peak does it imply?
_CLAIM = models.LLAMA_65B_THROUGHPUT
_P1_MFU = (6 * models.get(_CLAIM["model"]).params * _CLAIM["tokens_per_second_per_gpu"]
           / _CLAIM["hardware"].peak_flops_per_second)
_P1 = "b" if 0.3 <= _P1_MFU < 0.7 else ("a" if _P1_MFU >= 0.7 else "c")
p1 = ChoiceQuestion(
    "p1",
    kind="predict",
    objectives=[2, 3],
    options={
        "a": "close to all of it: the datasheet peak is what a busy GPU does",
        "b": "roughly half of it",
        "c": "about a tenth of it",
    },
    correct=_P1,
    why_wrong={
        "a": "the peak is a ceiling that the matrix units reach only on ideal work; memory "
             "traffic, communication between GPUs and the parts of a step that are not large "
             "matrix products keep a real run well below it.",
        "b": "a well-tuned run does better than you might think, or worse: compute "
             "6·N·(tokens per second) and divide by the peak.",
        "c": "a tenth is typical of serving at small batch sizes, which waits on memory; a "
             "tuned training run multiplies large matrices and does much better.",
    },
    hints=[
        "A datasheet's peak is the most a GPU can do; what keeps a real run below it?",
        "Share of the peak = 6·N·(tokens per second per GPU) / peak FLOP/s.",
    ],
    worked_solution=(
        f"Each GPU does $6N \\times 380 = {_tex(6 * 65.2e9 * 380)}$ FLOP/s of model work "
        f"against a peak of ${_tex(compute.A100.peak_flops_per_second)}$: a share of "
        f"{_P1_MFU:.0%}, roughly half. The rest of the peak is lost to memory traffic, "
        "communication and the parts of a step that are not large matrix products."
    ),
)

# ---------------------------------------------------------------------------- p2
_SMALL, _LARGE = models.GPT3_SMALL, models.GPT3_175B
_EMB_SMALL = _SMALL.embedding_params / _SMALL.params
_EMB_LARGE = _LARGE.embedding_params / _LARGE.params
_P2 = "b" if 0.2 <= _EMB_SMALL < 0.5 and _EMB_LARGE < 0.01 else "c"
_D_RATIO = _LARGE.d_model / _SMALL.d_model
_LAYER_RATIO = (_LARGE.n_layers * _LARGE.d_model**2) / (_SMALL.n_layers * _SMALL.d_model**2)
p2 = ChoiceQuestion(
    "p2",
    kind="predict",
    objectives=[1],
    options={
        "a": "a few per cent of both: the embedding is one matrix among many layers",
        "b": "about a third of GPT-3 Small's parameters and under 1% of GPT-3 175B's",
        "c": "about the same share of both, since both use the same vocabulary",
        "d": "a larger share of GPT-3 175B's, since its embedding matrix is larger",
    },
    correct=_P2,
    why_wrong={
        "a": "a vocabulary of about 50,000 tokens times a width of 768 is a large matrix next "
             "to GPT-3 Small's 12 thin layers.",
        "c": "the vocabulary is the same, so the embedding grows only with the width "
             "d_model, while the layers grow with n_layer·d_model²: the shares differ.",
        "d": f"its embedding matrix is {_D_RATIO:.0f} times larger (the width grows from "
             f"{_SMALL.d_model:,} to {_LARGE.d_model:,}), but its layers are about "
             f"{_LAYER_RATIO:,.0f} times larger.",
    },
    hints=[
        "The embedding grows with the width alone; the layers grow with depth times width "
        "squared.",
        "Embedding parameters ≈ n_vocab · d_model; layer parameters ≈ 12 · n_layer · d_model².",
    ],
    worked_solution=(
        f"The embedding matrices are {_EMB_SMALL:.0%} of GPT-3 Small's parameters and "
        f"{_EMB_LARGE:.2%} of GPT-3 175B's. Going from Small to 175B, the width grows "
        f"{_D_RATIO:.0f}-fold, so the embedding grows {_D_RATIO:.0f}-fold, while the layers "
        f"grow about {_LAYER_RATIO:,.0f}-fold. Whether $N$ counts embeddings therefore "
        "matters for small models and hardly at all for large ones."
    ),
)

# ---------------------------------------------------------------------------- t1
# Training-budget explorer, main control N; the others at their defaults.
_T1_DEFAULTS = {"tokens": 1.4e12, "accelerator": compute.H100, "mfu": 0.4, "n_gpus": 1024}
_T1_LIMIT = 30.0
#: the positions of the explorer's N slider from 20B up (tests/test_exercises_compute.py checks
#: them against the explorer)
_T1_GRID = (20e9, 30e9, 50e9, 70e9, 100e9, 200e9, 300e9, 500e9, 1e12)


def _t1_days(n):
    d = _T1_DEFAULTS
    return _days(n, d["tokens"], d["accelerator"], d["mfu"], d["n_gpus"])


_T1 = max(n for n in _T1_GRID if _t1_days(n) <= _T1_LIMIT)
_T1_NEXT = min(n for n in _T1_GRID if n > _T1)
_T1_PREV = max(n for n in _T1_GRID if n < _T1)
t1 = NumericQuestion(
    "t1",
    kind="compute",
    objectives=[2],
    expected=_T1,
    rel_tol=0.01,
    units="parameters",
    misconceptions={
        _T1_PREV: f"a {_count(_T1_PREV)} run finishes within {_T1_LIMIT:.0f} days, but so does "
                  "a larger model on the slider: move it further right.",
        _T1_NEXT: f"the {_count(_T1_NEXT)} run takes more than {_T1_LIMIT:.0f} days: read the "
                  "days line in the figure's box.",
        _T1 / 1e9: "give N as a plain count of parameters (for example 5e9), not in billions.",
    },
    hints=[
        "With the data, the hardware and the number of GPUs fixed, how does the run's length "
        "grow with N?",
        "days = 6·N·D / (n_GPU · peak · MFU · 86,400): proportional to N.",
    ],
    worked_solution=(
        f"With $D$ = 1.4T tokens on 1,024 H100s at MFU 40%, a run of "
        f"{_count(_T1_PREV)} parameters takes {_t1_days(_T1_PREV):.1f} days, "
        f"{_count(_T1)} takes {_t1_days(_T1):.1f} days and {_count(_T1_NEXT)} takes "
        f"{_t1_days(_T1_NEXT):.1f} days. The largest model on the slider that finishes within "
        f"{_T1_LIMIT:.0f} days is **{_count(_T1)}**: the days grow in proportion to $N$."
    ),
)

# ---------------------------------------------------------------------------- t2
# Lifetime-compute explorer, main control tokens per day; the others at their defaults.
_T2_PARAMS, _T2_TOKENS, _T2_DAYS = 70e9, 2e12, 365.0
#: the positions of the explorer's traffic slider (checked against the explorer by the tests)
_T2_GRID = [m * 10.0**e for e in range(7, 14) for m in (1, 2, 5) if m * 10.0**e <= 1e13]
_T2_CROSS = float(compute.inference_tokens_to_match_training(_T2_TOKENS))  # 3D tokens
_T2 = min(r for r in _T2_GRID if _T2_CROSS / r <= _T2_DAYS)
_T2_PREV = max(r for r in _T2_GRID if r < _T2)
t2 = NumericQuestion(
    "t2",
    kind="compute",
    objectives=[4],
    expected=_T2,
    rel_tol=0.01,
    units="tokens per day",
    misconceptions={
        _T2_PREV: f"at {_count(_T2_PREV)} tokens a day inference overtakes training only after "
                  f"{_T2_CROSS / _T2_PREV:,.0f} days, beyond the year the figure shows.",
        _T2 / 1e9: "give the traffic as a plain count of tokens (for example 5e9), not in "
                   "billions.",
        _T2_CROSS: "that is the number of tokens served in total before parity; the question "
                   "asks for tokens per day.",
    },
    hints=[
        "Inference overtakes training once the tokens served add up to a fixed total: which "
        "one, and how many days does it take at each traffic?",
        "Parity after T = 3·D served tokens; days = 3·D / (tokens per day).",
    ],
    worked_solution=(
        f"Serving catches up with training after $3D = {_tex(_T2_CROSS)}$ tokens, whatever "
        f"$N$ is. At {_count(_T2_PREV)} tokens a day that takes "
        f"{_T2_CROSS / _T2_PREV:,.0f} days, more than a year; at {_count(_T2)} it takes "
        f"{_T2_CROSS / _T2:,.0f} days. The smallest traffic on the slider at which inference "
        f"overtakes training within the year is **{_count(_T2)} tokens a day**."
    ),
)

# ---------------------------------------------------------------------------- q1
_N1, _D1 = 30e9, 600e9
_C1 = float(compute.training_flops(_N1, _D1))
q1 = NumericQuestion(
    "q1",
    kind="compute",
    objectives=[1],
    expected=_C1,
    rel_tol=0.01,
    units="FLOPs",
    misconceptions={
        2 * _N1 * _D1: "that counts the forward pass only (2·N·D); training also "
                       "runs a backward pass.",
        6 * 30 * 600: "N and D must be plain counts (30e9, 600e9), not billions.",
        _C1 / 1e15: "the question asks for FLOPs, not petaFLOPs.",
    },
    hints=[
        "Each training token passes forward and then backward through every parameter: how "
        "many FLOPs per parameter does each pass cost?",
        "C ≈ 6·N·D, with N and D as plain counts.",
    ],
    worked_solution=(
        "Training costs about $C = 6ND$ FLOPs: 2 per parameter per token forward, 4 backward.\n\n"
        f"$C = 6 \\times 30\\times10^9 \\times 600\\times10^9 \\approx {_tex(_C1)}$ FLOPs."
    ),
)

_PF_DAYS = 3.14e23 / compute.PF_DAY_FLOPS
q2 = NumericQuestion(
    "q2",
    kind="compute",
    objectives=[2],
    expected=_PF_DAYS,
    rel_tol=0.01,
    units="PF-days",
    misconceptions={
        3.14e23 / 1e15: "dividing by 1e15 gives petaFLOP/s-seconds; a day has 86,400 s.",
        3.14e23 / (1e15 * 3600): "that is PF-hours; a PF-day lasts 86,400 seconds.",
    },
    hints=[
        "A PF-day is an amount of work: a rate of 10^15 FLOP/s kept up for a whole day.",
        "PF-days = C / (10^15 × seconds in a day).",
    ],
    worked_solution=(
        "One PF-day is $10^{15}$ FLOP/s for $86{,}400$ s, i.e. $8.64\\times10^{19}$ FLOPs.\n\n"
        f"$3.14\\times10^{{23}} / 8.64\\times10^{{19}} \\approx$ {_PF_DAYS:,.0f} PF-days; "
        "Brown et al. (2020) print 3,640."
    ),
)

# ---------------------------------------------------------------------------- q3
# a completion problem: the FLOPs are given in the answer cell, the learner finishes
_N3, _D3, _G3, _MFU3 = 34e9, 2e12, 512, 0.45
_C3 = float(compute.training_flops(_N3, _D3))
_DAYS3 = _days(_N3, _D3, compute.A100, _MFU3, _G3)
q3 = NumericQuestion(
    "q3",
    kind="complete",
    objectives=[2],
    expected=_DAYS3,
    rel_tol=0.02,
    units="days",
    misconceptions={
        _days(_N3, _D3, compute.A100, 1.0, _G3):
            "that assumes the GPUs run at their peak; multiply the peak by the MFU (0.45).",
        _days(_N3, _D3, 2 * compute.A100.peak_flops_per_second, _MFU3, _G3):
            "624 TFLOP/s is the A100's sparse peak; dense training uses 312 TFLOP/s.",
        _days(_N3, _D3, compute.A100, _MFU3, 1):
            "that is GPU-days; the work is shared by 512 GPUs.",
        _DAYS3 * 24: "that is hours; divide the seconds by 86,400 for days.",
    },
    hints=[
        "The cluster delivers what its GPUs really achieve together, not their peak.",
        "useful FLOP/s = n_GPU · peak · MFU; days = FLOPs / useful FLOP/s / 86,400.",
    ],
    worked_solution=(
        f"$C = 6 \\times 34\\times10^9 \\times 2\\times10^{{12}} = {_tex(_C3)}$ FLOPs "
        "(given).\n\n"
        f"The cluster does $512 \\times 312\\times10^{{12}} \\times 0.45 \\approx "
        f"{_tex(_G3 * compute.A100.peak_flops_per_second * _MFU3)}$ useful FLOP/s, so the run "
        f"takes ${_tex(_DAYS3 * 86400)}$ s, about {_DAYS3:.1f} days."
    ),
)

# ---------------------------------------------------------------------------- q4
# a hypothetical throughput claim (not a published one)
_N4, _TPS4 = 7e9, 4000.0
_MFU4 = 6 * _N4 * _TPS4 / compute.A100.peak_flops_per_second
q4 = NumericQuestion(
    "q4",
    kind="compute",
    objectives=[3],
    expected=_MFU4,
    rel_tol=0.02,
    misconceptions={
        2 * _N4 * _TPS4 / compute.A100.peak_flops_per_second:
            "2·N FLOPs per token is inference; training a token costs 6·N.",
        100 * _MFU4: "give MFU as a fraction between 0 and 1, not a percentage.",
        6 * _N4 * _TPS4 / compute.H100.peak_flops_per_second:
            "that divides by the H100's peak; these are A100s (312e12 FLOP/s).",
    },
    hints=[
        "MFU compares the FLOP/s the model's training needs with the most the GPU can do.",
        "MFU = 6·N·(tokens per second per GPU) / (peak FLOP/s per GPU).",
    ],
    worked_solution=(
        "Each GPU processes 4,000 tokens/s, each costing $6N = 6 \\times 7\\times10^9$ FLOPs: "
        f"${_tex(6 * _N4 * _TPS4)}$ FLOP/s.\n\n"
        f"Against the A100's ${_tex(compute.A100.peak_flops_per_second)}$ FLOP/s peak that is "
        f"an MFU of about {_MFU4:.2f}: plausible for a well-tuned run (PaLM reported "
        f"{compute.PALM_540B_MFU:.1%})."
    ),
)

_COST = float(compute.dollars_per_million_tokens(70e9, compute.H100, 0.1, 2.5))
q5 = NumericQuestion(
    "q5",
    kind="compute",
    objectives=[2, 4],
    expected=_COST,
    rel_tol=0.02,
    units="dollars",
    misconceptions={
        3 * _COST: "6·N FLOPs per token is training; generating a token costs 2·N.",
        _COST / 10: "you left out the MFU: serving runs at 10% of the peak here.",
    },
    hints=[
        "Generating a token is a forward pass only, and serving uses only part of the peak.",
        "GPU-hours = 2·N·10^6 / (peak · MFU · 3,600); dollars = GPU-hours × price.",
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
    kind="compute",
    objectives=[4],
    expected=_BREAK_EVEN_DAYS,
    rel_tol=0.01,
    units="days",
    misconceptions={
        15e12 / 1e10: "2·N·T = 6·N·D gives T = 3·D, not D.",
        15e12 * 3 / 1e10 / 365: "the question asks for days, not years.",
    },
    hints=[
        "Training was paid once; serving costs a little for every token. When are the two "
        "equal, and does N matter?",
        "2·N·T = 6·N·D gives T = 3·D; days = T / (tokens per day).",
    ],
    worked_solution=(
        "Serving $T$ tokens costs $2NT$; training cost $6ND$. They are equal when $T = 3D$, "
        f"whatever $N$ is: $T = {_tex(3 * 15e12)}$ tokens. At $10^{{10}}$ tokens a day that "
        f"takes {_BREAK_EVEN_DAYS:,.0f} days, about {_BREAK_EVEN_DAYS / 365:.0f} years."
    ),
)


q7 = FunctionQuestion(
    "q7",
    kind="compute",
    objectives=[2],
    # a wrong function's verdict shows the first failing case's expected value: the case
    # the page works itself (the 70B run of "Dollars") comes first, q3's run never
    cases=[
        ((70e9, 1.4e12, 1024, 989e12, 0.4), _days(70e9, 1.4e12, 989e12, 0.4, 1024)),
        ((1e9, 2e10, 8, 312e12, 0.5), float(compute.wall_clock_days(1.2e20, 312e12, 0.5, 8))),
        ((175e9, 300e9, 1024, 312e12, 0.21), _days(175e9, 300e9, 312e12, 0.21, 1024)),
    ],
    rel_tol=1e-6,
    hints=[
        "Work out the run's FLOPs, then how many FLOPs per second the whole cluster delivers.",
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
    kind="compute",
    objectives=[5],
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
        "Besides the weights, the new token attends to every earlier token in every layer: "
        "what does a query cost per token it attends to?",
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

# ---------------------------------------------------------------------------- q9
# a hypothetical claim whose implied MFU exceeds 1
_N9, _D9, _G9, _DAYS9 = 13e9, 1e12, 256, 10.0
_MFU9 = float(compute.training_flops(_N9, _D9)) / (
    _G9 * compute.A100.peak_flops_per_second * _DAYS9 * 86_400)
q9 = ChoiceQuestion(
    "q9",
    kind="critique",
    objectives=[3],
    options={
        "a": "Nothing: 256 A100s deliver 256 × 312 TFLOP/s, plenty for the job.",
        "b": "The MFU it implies is above 100%: the GPUs would have to beat their peak.",
        "c": "6ND overstates the job: a 13B model needs only 2N FLOPs per training token.",
        "d": "Nothing, if the run used FP8, which doubles the A100's peak.",
    },
    correct="b" if _MFU9 > 1 else "a",
    why_wrong={
        "a": "the claim has to be checked, not the peak: divide 6ND by the GPUs' peak times "
             "the run's seconds and compare the MFU it implies with what real runs reach.",
        "c": "2N per token is a forward pass; training adds the backward pass, 4N more.",
        "d": "the A100 has no FP8 units: its dense bf16 peak, 312 TFLOP/s, is the ceiling.",
    },
    hints=[
        "A claimed time, GPU count and model size together imply an MFU: is it possible?",
        "MFU = 6·N·D / (n_GPU · peak · seconds).",
    ],
    worked_solution=(
        f"$6ND = 6 \\times 13\\times10^9 \\times 10^{{12}} = "
        f"{_tex(float(compute.training_flops(_N9, _D9)))}$ FLOPs. In 10 days 256 A100s can do "
        f"at most $256 \\times 312\\times10^{{12}} \\times 864{{,}}000 = "
        f"{_tex(_G9 * compute.A100.peak_flops_per_second * _DAYS9 * 86_400)}$ FLOPs, so the "
        f"claim implies an MFU of {_MFU9:.2f}: above 1, which no run can reach. The flaw is "
        "**b**: either the run was longer, used more GPUs, or saw fewer tokens."
    ),
)

# ---------------------------------------------------------------------------- q10
_TOTAL10, _ACTIVE10, _D10 = 140e9, 20e9, 10e12
q10 = ChoiceQuestion(
    "q10",
    kind="critique",
    objectives=[1, 5],
    options={
        "a": "Nothing: every stored parameter is trained, so all of them count.",
        "b": f"N should be the {_count(_ACTIVE10)} active parameters: a token's FLOPs follow "
             "the parameters it passes through.",
        "c": "6N is wrong for a mixture of experts: each token trains only one expert, so it "
             "costs 2N.",
    },
    correct="b",
    why_wrong={
        "a": "each token passes through only the experts it is routed to; the FLOPs per token "
             "follow those parameters, so 6ND uses the active count.",
        "c": "each token still runs a forward and a backward pass through the parameters it "
             "uses: 6 FLOPs per active parameter, not 2.",
    },
    hints=[
        "Which parameters does one token's forward and backward pass actually multiply?",
        "C ≈ 6·N_active·D for a mixture of experts.",
    ],
    worked_solution=(
        "A token is routed to a few experts and multiplies only their parameters, so the "
        f"FLOPs per token follow the {_count(_ACTIVE10)} active ones: "
        f"$6 \\times 20\\times10^9 \\times 10^{{13}} = "
        f"{_tex(float(compute.training_flops(_ACTIVE10, _D10)))}$ FLOPs, "
        f"{_TOTAL10 / _ACTIVE10:.0f} times less than the post's estimate. The answer is "
        "**b**."
    ),
)

# ---------------------------------------------------------------------------- q11
q11 = ChoiceQuestion(
    "q11",
    kind="critique",
    objectives=[4],
    options={
        "a": "It is right: the 400B model's training cost 50 times more, so serving takes 50 "
             "times as many tokens to catch up.",
        "b": "It is wrong: both catch up after the same number of served tokens, 3D, because "
             "training and serving costs both grow in proportion to N.",
        "c": "It is wrong the other way round: the larger model catches up sooner, because "
             "each token it serves costs more.",
    },
    correct="b",
    why_wrong={
        "a": "serving each token also costs 50 times more (2N per token): the ratio "
             "6ND / 2N = 3D does not depend on N.",
        "c": "each served token costs 50 times more, but so did training: the two factors "
             "cancel.",
    },
    hints=[
        "How do the cost of training and the cost of serving one token each depend on N?",
        "Parity when 2·N·T = 6·N·D.",
    ],
    worked_solution=(
        "Serving $T$ tokens costs $2NT$ and training cost $6ND$: they are equal at $T = 3D$, "
        "and $N$ cancels. Both models, trained on 15T tokens, reach parity in FLOPs after "
        "45T served tokens. The answer is **b**. (In GPU-time and dollars, parity also "
        "depends on the two MFUs, not on $N$.)"
    ),
)

QUESTIONS = [p1, p2, t1, t2, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11]
__all__ = ["QUESTIONS", *(q.name for q in QUESTIONS)]
