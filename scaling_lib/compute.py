"""Counting compute: training and inference FLOPs, GPU time and dollars.

Introduced in chapter 0, "Counting compute" (``book/00_compute.ipynb``).

Conventions
-----------
* ``params`` (N) counts the parameters a token passes through; ``tokens`` (D)
  counts training tokens; ``flops`` are floating-point operations (a count),
  ``flops_per_second`` (FLOP/s) a rate. A multiply-add counts as 2 FLOPs.
* Training costs ``6·N·D`` FLOPs: a forward pass costs 2 FLOPs per parameter
  per token (one multiply and one add), the backward pass about twice that
  (gradients with respect to both activations and weights). Attention over the
  context adds a term that is small for large models at short contexts and is left
  out here, as in ``kaplan2020scaling`` (Section 2.1) and ``brown2020language``
  (Appendix D); :func:`attention_flops_per_token` counts it, averaged over a causal
  window (Kaplan et al.'s Table 1 term) or for a token attending to a full context.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    as_choice,
    as_fraction,
    as_nonnegative,
    as_positive,
    as_text,
    check_type,
    finite_result,
    returns_finite,
)

__all__ = [
    "SECONDS_PER_HOUR", "SECONDS_PER_DAY", "PF_DAY_FLOPS", "FORWARD_FLOPS_PER_PARAM_PER_TOKEN",
    "BACKWARD_FLOPS_PER_PARAM_PER_TOKEN", "TRAINING_FLOPS_PER_PARAM_PER_TOKEN", "Accelerator",
    "A100", "H100", "ACCELERATORS", "training_flops", "inference_flops", "flops_to_pf_days",
    "pf_days_to_flops", "gpu_seconds", "gpu_hours", "gpu_days", "wall_clock_days", "implied_mfu",
    "training_cost_dollars", "dollars_per_million_tokens", "lifetime_flops",
    "inference_tokens_to_match_training", "TrainingBudget", "training_budget", "PALM_540B_MFU",
    "forward_flops_per_token", "H100_FP8", "attention_flops_per_token",
    "attention_crossover_context", "inference_tokens_to_match_training_cost", "ATTENTION_CONTEXTS",
]

SECONDS_PER_HOUR = 3600.0
SECONDS_PER_DAY = 86400.0
#: One petaFLOP/s sustained for a day, the unit of ``kaplan2020scaling`` and ``brown2020language``.
PF_DAY_FLOPS = 1e15 * SECONDS_PER_DAY

FORWARD_FLOPS_PER_PARAM_PER_TOKEN = 2
BACKWARD_FLOPS_PER_PARAM_PER_TOKEN = 4
TRAINING_FLOPS_PER_PARAM_PER_TOKEN = (
    FORWARD_FLOPS_PER_PARAM_PER_TOKEN + BACKWARD_FLOPS_PER_PARAM_PER_TOKEN
)


@dataclass(frozen=True)
class Accelerator:
    """An accelerator's peak dense throughput, as its maker prints it.

    Attributes
    ----------
    name : str
    peak_flops_per_second : float
        Dense (no structured sparsity) peak at the stated precision, FLOP/s.
    precision : str
    citation : str
        Key in ``book/references.bib``.
    """

    name: str
    peak_flops_per_second: float
    precision: str
    citation: str

    def __post_init__(self):
        as_text("name", self.name, allow_empty=False)
        as_positive("peak_flops_per_second", self.peak_flops_per_second, allow_array=False)
        as_text("precision", self.precision)
        as_text("citation", self.citation)


#: NVIDIA A100 (SXM or PCIe): 312 TFLOP/s dense BF16 tensor-core peak (``nvidia2020a100``).
A100 = Accelerator("A100", 312e12, "bf16 dense", "nvidia2020a100")
#: NVIDIA H100 SXM: 989 TFLOP/s dense BF16 (the datasheet's 1,979 assumes 2:4 sparsity)
#: (``nvidia2022h100``).
H100 = Accelerator("H100 SXM", 989e12, "bf16 dense", "nvidia2022h100")

#: NVIDIA H100 SXM at FP8: 1,979 TFLOP/s dense (the datasheet's 3,958 assumes 2:4 sparsity)
#: (``nvidia2022h100``). The A100 has no FP8 tensor cores. An MFU is quoted against the
#: peak of the precision the run used: Llama 3's 38-43% is a BF16 MFU (``dubey2024llama3``,
#: Section 3.3.2); the same run measured against the FP8 peak would show half that.
H100_FP8 = Accelerator("H100 SXM", 1979e12, "fp8 dense", "nvidia2022h100")

ACCELERATORS = {"A100": A100, "H100": H100}


def training_flops(params, tokens):
    """Training compute of a dense transformer, C ≈ 6·N·D FLOPs (``kaplan2020scaling``).

    Parameters
    ----------
    params : float or array
        N, parameters (positive).
    tokens : float or array
        D, training tokens (positive).

    Returns
    -------
    float or ndarray
        FLOPs.
    """
    n = as_positive("params", params)
    d = as_positive("tokens", tokens)
    return finite_result(TRAINING_FLOPS_PER_PARAM_PER_TOKEN * n * d, params=params, tokens=tokens)


def inference_flops(params, tokens=1.0):
    """Inference compute, 2·N FLOPs per processed or generated token (``kaplan2020scaling``).

    Parameters
    ----------
    params : float or array
        N, parameters.
    tokens : float or array, default 1
        Tokens processed or generated.
    """
    n = as_positive("params", params)
    t = as_positive("tokens", tokens)
    return finite_result(FORWARD_FLOPS_PER_PARAM_PER_TOKEN * n * t, params=params, tokens=tokens)


def flops_to_pf_days(flops):
    """Convert FLOPs to petaFLOP/s-days: PF-days = C / (1e15 · 86400)."""
    return as_positive("flops", flops) / PF_DAY_FLOPS


def pf_days_to_flops(pf_days):
    """Convert petaFLOP/s-days to FLOPs: C = PF-days · 1e15 · 86400."""
    return finite_result(as_positive("pf_days", pf_days) * PF_DAY_FLOPS, pf_days=pf_days)


def _peak(peak_flops_per_second):
    if isinstance(peak_flops_per_second, Accelerator):
        return peak_flops_per_second.peak_flops_per_second
    if isinstance(peak_flops_per_second, str):
        check_type("peak_flops_per_second", peak_flops_per_second, (float, Accelerator),
                   "a positive number of FLOP/s or an Accelerator such as compute.H100")
    return as_positive("peak_flops_per_second", peak_flops_per_second)


def gpu_seconds(flops, peak_flops_per_second, mfu):
    """Accelerator-seconds to do ``flops`` at a model-FLOPs utilisation ``mfu``.

    seconds = C / (peak · MFU), where MFU is the fraction of the peak spent on
    the model's own FLOPs. PaLM's definition (``chowdhery2022palm``, Appendix B) is the
    observed tokens per second over the peak throughput P / (6N + 12·L·H·Q·T): its model
    FLOPs include self-attention (L layers, H heads of size Q, sequence length T) and
    exclude recomputed activations. This course's ``C = 6ND`` leaves attention out, so an
    MFU from it is slightly lower than PaLM's at the same speed.

    Parameters
    ----------
    flops : float or array
    peak_flops_per_second : float or Accelerator
    mfu : float in (0, 1]
    """
    c = as_positive("flops", flops)
    u = as_fraction("mfu", mfu)
    return finite_result(c / (_peak(peak_flops_per_second) * u), flops=flops,
                         peak_flops_per_second=peak_flops_per_second, mfu=mfu)


def gpu_hours(flops, peak_flops_per_second, mfu):
    """Accelerator-hours: ``gpu_seconds / 3600``."""
    return gpu_seconds(flops, peak_flops_per_second, mfu) / SECONDS_PER_HOUR


def gpu_days(flops, peak_flops_per_second, mfu):
    """Accelerator-days: ``gpu_seconds / 86400``."""
    return gpu_seconds(flops, peak_flops_per_second, mfu) / SECONDS_PER_DAY


def wall_clock_days(flops, peak_flops_per_second, mfu, n_gpus):
    """Calendar days on ``n_gpus`` accelerators working in parallel at ``mfu``."""
    n = as_positive("n_gpus", n_gpus)
    return finite_result(gpu_days(flops, peak_flops_per_second, mfu) / n, n_gpus=n_gpus)


def implied_mfu(flops, peak_flops_per_second, gpu_hours_used):
    """The MFU a reported run implies: MFU = C / (peak · GPU-seconds).

    A value above 1 means the reported numbers cannot all be right.
    """
    c = as_positive("flops", flops)
    h = as_positive("gpu_hours_used", gpu_hours_used)
    return finite_result(c / (_peak(peak_flops_per_second) * h * SECONDS_PER_HOUR), flops=flops,
                         peak_flops_per_second=peak_flops_per_second,
                         gpu_hours_used=gpu_hours_used)


def training_cost_dollars(flops, peak_flops_per_second, mfu, dollars_per_gpu_hour):
    """Dollars for a training run: GPU-hours · price per GPU-hour."""
    price = as_positive("dollars_per_gpu_hour", dollars_per_gpu_hour)
    return finite_result(gpu_hours(flops, peak_flops_per_second, mfu) * price, flops=flops,
                         dollars_per_gpu_hour=dollars_per_gpu_hour)


@returns_finite
def dollars_per_million_tokens(params, peak_flops_per_second, mfu, dollars_per_gpu_hour):
    """Compute cost of generating one million tokens at 2·N FLOPs per token.

    This counts arithmetic only. Real serving at small batch sizes is limited
    by memory bandwidth, so its MFU is far lower than in training: use a
    serving MFU, not a training one.
    """
    flops = inference_flops(params, 1e6)
    return training_cost_dollars(flops, peak_flops_per_second, mfu, dollars_per_gpu_hour)


def lifetime_flops(params, training_tokens, inference_tokens):
    """Training plus inference compute: 6·N·D_train + 2·N·D_inference (``sardana2024beyond``).

    ``inference_tokens`` may be 0 (no deployment).
    """
    n = as_positive("params", params)
    d = as_positive("training_tokens", training_tokens)
    t = as_nonnegative("inference_tokens", inference_tokens)
    return finite_result(
        TRAINING_FLOPS_PER_PARAM_PER_TOKEN * n * d + FORWARD_FLOPS_PER_PARAM_PER_TOKEN * n * t,
        params=params, training_tokens=training_tokens, inference_tokens=inference_tokens)


def inference_tokens_to_match_training_cost(tokens, training_mfu, inference_mfu,
                                            training_price=1.0, inference_price=1.0):
    """Served tokens after which serving has cost as much GPU-time (or money) as training.

    Training costs 6·N·D / (peak · MFU_train) GPU-seconds at ``training_price`` per
    GPU-second, serving 2·N·T / (peak · MFU_inf) at ``inference_price``; they are equal at

        T = 3·D · (MFU_inf / MFU_train) · (price_train / price_inf).

    With equal MFUs and prices this is the compute parity 3·D of
    :func:`inference_tokens_to_match_training`; with the course's illustrative MFUs (0.4
    training, 0.1 serving) it is 0.75·D: serving catches up four times sooner in dollars
    than in FLOPs.
    """
    d = as_positive("tokens", tokens)
    ut = as_fraction("training_mfu", training_mfu)
    ui = as_fraction("inference_mfu", inference_mfu)
    pt = as_positive("training_price", training_price)
    pi = as_positive("inference_price", inference_price)
    return finite_result(3.0 * d * (ui / ut) * (pt / pi), tokens=tokens,
                         training_mfu=training_mfu, inference_mfu=inference_mfu,
                         training_price=training_price, inference_price=inference_price)


def inference_tokens_to_match_training(tokens):
    """Inference tokens after which serving compute equals training compute: 3·D.

    From 2·N·T = 6·N·D, so T = 3·D, whatever N is.
    """
    return finite_result(3.0 * as_positive("tokens", tokens), tokens=tokens)


@output_record
@dataclass(frozen=True)
class TrainingBudget:
    """What a training run costs; see :func:`training_budget`."""

    params: float
    tokens: float
    flops: float
    pf_days: float
    gpu_hours: float
    gpu_days: float
    wall_clock_days: float
    dollars: float


@returns_finite
def training_budget(params, tokens, accelerator=H100, mfu=0.4, dollars_per_gpu_hour=2.0,
                    n_gpus=1024) -> TrainingBudget:
    """FLOPs, GPU-time, calendar time and dollars of training N parameters on D tokens.

    C = 6·N·D; GPU-hours = C / (peak · MFU · 3600); days = GPU-days / n_gpus;
    dollars = GPU-hours · price. The defaults (MFU 0.4, $2 per GPU-hour) are
    round illustrative settings, not published figures.
    """
    if isinstance(accelerator, str):
        if accelerator not in ACCELERATORS:
            raise ValueError(f"accelerator must be one of {sorted(ACCELERATORS)}, "
                             f"got {accelerator!r}")
        accelerator = ACCELERATORS[accelerator]
    check_type("accelerator", accelerator, Accelerator,
               f"an Accelerator or one of {sorted(ACCELERATORS)}")
    n = float(as_positive("params", params, allow_array=False))
    d = float(as_positive("tokens", tokens, allow_array=False))
    for name, value in (("mfu", mfu), ("dollars_per_gpu_hour", dollars_per_gpu_hour),
                        ("n_gpus", n_gpus)):
        as_positive(name, value, allow_array=False)
    flops = float(training_flops(n, d))
    hours = float(gpu_hours(flops, accelerator, mfu))
    days = float(wall_clock_days(flops, accelerator, mfu, n_gpus))
    dollars = float(training_cost_dollars(flops, accelerator, mfu, dollars_per_gpu_hour))
    return TrainingBudget(
        params=n,
        tokens=d,
        flops=flops,
        pf_days=float(flops_to_pf_days(flops)),
        gpu_hours=hours,
        gpu_days=hours / 24,
        wall_clock_days=days,
        dollars=dollars,
    )


#: Model-FLOPs utilisation of PaLM 540B's training run, 46.2% (``chowdhery2022palm``, Table 3).
PALM_540B_MFU = 0.462


#: The two ways of counting attention per token (see :func:`attention_flops_per_token`).
ATTENTION_CONTEXTS = ("causal", "full")
#: Attention FLOPs per layer, per token and per unit of ``n_ctx·d_attn`` in each count.
_ATTENTION_FACTOR = {"causal": 2, "full": 4}


def _attention_factor(context):
    return _ATTENTION_FACTOR[as_choice("context", context, ATTENTION_CONTEXTS)]


def forward_flops_per_token(params, n_layers, n_ctx, d_attn, context="causal"):
    """Forward FLOPs per token with the attention term: 2·N + attention.

    ``context="causal"`` (default) gives Kaplan et al.'s C_forward = 2·N + 2·n_layer·n_ctx·d_attn
    (``kaplan2020scaling``, Table 1), the average over a causal window of ``n_ctx`` tokens;
    ``context="full"`` gives 2·N + 4·n_layer·n_ctx·d_attn, a token attending to a full context
    of ``n_ctx`` tokens (as ``brown2024monkeys``, Section 2.3, count it). See
    :func:`attention_flops_per_token`.
    """
    n = as_positive("params", params)
    factor = _attention_factor(context)
    layers = as_positive("n_layers", n_layers)
    ctx = as_positive("n_ctx", n_ctx)
    d = as_positive("d_attn", d_attn)
    return finite_result(2 * n + factor * layers * ctx * d, params=params, n_layers=n_layers,
                         n_ctx=n_ctx, d_attn=d_attn)


def attention_flops_per_token(n_layers, n_ctx, d_attn, context="causal"):
    """Forward attention FLOPs per token: 2·n_layer·n_ctx·d_attn (causal) or 4·… (full).

    A query that attends to m tokens costs, per layer, 2·m·d_attn FLOPs for the scores
    QKᵀ and as many for the weighted sum of values AV: 4·m·d_attn, with ``d_attn`` = heads ×
    head size (with grouped-query attention every query head still attends, so ``d_attn`` is
    d_model).

    * ``context="causal"`` (default): 2·n_layer·n_ctx·d_attn, the "Attention: Mask" term of
      Table 1 of ``kaplan2020scaling``. It equals 4·m·d_attn per layer at m = n_ctx/2, the
      number of tokens a token attends to on average over a causal window of ``n_ctx``: the
      cost per token of processing (or training on) whole windows.
    * ``context="full"``: 4·n_layer·n_ctx·d_attn, one token attending to a full context of
      ``n_ctx`` tokens, such as the next token generated after an ``n_ctx``-token prompt.
      Brown et al. 2024 count inference FLOPs per token this way,
      2·(N + 2·n_layer·d·n_ctx) (``brown2024monkeys``, Section 2.3, read through a
      quotation of it; the paper's body was not reached).

    Brown et al. 2020 leave attention out of GPT-3's compute altogether ("it typically uses
    less than 10% of the total compute", ``brown2020language``, Appendix D).
    """
    factor = _attention_factor(context)
    layers = as_positive("n_layers", n_layers)
    ctx = as_positive("n_ctx", n_ctx)
    d = as_positive("d_attn", d_attn)
    return finite_result(factor * layers * ctx * d, n_layers=n_layers, n_ctx=n_ctx, d_attn=d_attn)


def attention_crossover_context(params, n_layers, d_attn, context="causal"):
    """Context length at which attention costs as much as the 2·N forward FLOPs.

    Solving 2·N = factor·n_layer·n_ctx·d_attn for n_ctx gives N / (n_layer·d_attn) with the
    causal average (factor 2) and N / (2·n_layer·d_attn) for a token attending to a full
    context (factor 4); see :func:`attention_flops_per_token`. Use the model's own N: with
    Kaplan's approximation N ≈ 12·n_layer·d_model² (``kaplan2020scaling``, Section 2.1) the
    causal crossover is 12·d_model, their condition "d_model ≫ n_ctx / 12" for neglecting
    attention read the other way round, but a real model's N (embeddings, wider
    feed-forward layers, grouped-query attention) moves it: Llama 3.1 8B (N = 8e9, 32
    layers, d_model 4,096) crosses at about 61,000 tokens, not 12·4,096 = 49,152.
    """
    n = as_positive("params", params)
    factor = _attention_factor(context)
    layers = as_positive("n_layers", n_layers)
    d = as_positive("d_attn", d_attn)
    return finite_result(2 * n / (factor * layers * d), params=params, n_layers=n_layers,
                         d_attn=d_attn)
