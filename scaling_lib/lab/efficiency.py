"""Chapter 10's lab: post-training quantisation of lab models and distillation.

Quantisation (round-to-nearest, symmetric, one scale per output channel)::

    s_j = max_i |W_ij| / (2^(k−1) − 1),     Ŵ_ij = s_j · clip(round(W_ij / s_j))

applied to the weight matrices W1, W2 and the embedding table E (one scale per token
row); the biases stay in full precision. With a block size b, each channel is split into
blocks of b weights with a scale each (``dettmers2023case``'s "small block size"). The
exact population loss of the language is measured before and after
(``kumar2024precision`` for the question, over-trained models and quantisation).

Distillation: the student minimises the cross-entropy to soft targets q(·|x),

    loss = −(1/B) Σ_b Σ_y q_b(y) log softmax(z_b)(y),     ∂loss/∂z_b = (softmax(z_b) − q_b)/B,

with q either the language's exact next-token law (a perfect teacher) or a trained lab
model's prediction; ``q = onehot(y)`` is ordinary training on sampled data. The same
contexts, schedule and seed are used in every mode, so a run with hard targets is
exactly :func:`scaling_lib.lab.train.train`. A teacher's inference costs 2·N_teacher
FLOPs per distillation token (``busbridge2025distillation`` counts it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from scaling_lib._contract import accepts
from scaling_lib._validate import (
    InputTypeError,
    _show,
    as_bool,
    as_choice,
    as_int,
    as_int_array,
    as_int_list,
    check_type,
)
from scaling_lib.lab._threads import one_blas_thread
from scaling_lib.lab.language import LanguageConfig, ZipfLanguage, make_language
from scaling_lib.lab.model import MLPLanguageModel
from scaling_lib.lab.optim import Adam, warmup_cosine_lr
from scaling_lib.lab.registry import _params, register_preset
from scaling_lib.lab.train import TrainConfig, train

__all__ = ["quantize_weights", "quantize_model", "soft_loss_and_grads", "train_targets",
           "efficiency_jobs", "model_bits", "block_size_damage", "EFFICIENCY_GRIDS",
           "QUANT_BITS", "BUDGET_BITS", "ONE_MATRIX_BITS", "QUANT_MATRICES"]

#: Bit widths of the quantisation experiment.
QUANT_BITS = (8, 6, 4, 3)
#: Bit widths of the bit-budget experiment (``dettmers2023case``); 16 is the unquantised model.
BUDGET_BITS = (8, 6, 5, 4, 3)
#: Bit width at which the bit-budget sweep also quantises one weight matrix at a time.
ONE_MATRIX_BITS = 4


def _round_to_levels(weights: np.ndarray, levels: int, axis: int) -> np.ndarray:
    """Symmetric round-to-nearest with one scale per slice along ``axis`` (the max over it)."""
    scale = np.abs(weights).max(axis=axis, keepdims=True) / levels
    scale = np.where(scale > 0, scale, 1.0)
    q = np.clip(np.round(weights / scale), -levels, levels)
    return q * scale


def _check_block_size(block_size):
    """``None`` (one scale per channel) or a whole number ≥ 1."""
    return None if block_size is None else as_int("block_size", block_size, minimum=1)


def _n_scales(shape: tuple, channel_axis: int, block_size: int | None) -> int:
    """Scales that :func:`quantize_weights` stores for a matrix of ``shape``."""
    channels, length = shape[channel_axis], shape[1 - channel_axis]
    blocks = 1 if block_size is None else -(-length // block_size)
    return channels * blocks


def quantize_weights(weights: np.ndarray, bits: int, channel_axis: int = 1,
                     block_size: int | None = None) -> np.ndarray:
    """Round ``weights`` to ``bits``-bit integers with one scale per channel, de-quantised.

    ``s_j = max |W[..., j]| / (2^(bits−1) − 1)``, ``Ŵ = s · clip(round(W / s))``, where j
    runs along ``channel_axis`` (1: the output columns of an (inputs, outputs) matrix;
    0: the rows, e.g. one scale per token of an embedding table).

    ``block_size`` (default ``None``: one scale per whole channel, as above) splits each
    channel into blocks of ``block_size`` consecutive weights along the other axis (for
    ``channel_axis=1``, blocks of ``block_size`` input rows within each output column; the
    last block may be shorter), each with its own scale, the max of its own weights
    (``dettmers2023case``: "small independently quantized blocks"). A block at least as
    long as the channel gives the per-channel result.
    """
    bits = as_int("bits", bits, minimum=2, maximum=16)
    channel_axis = as_int("channel_axis", channel_axis, minimum=0, maximum=1)
    block_size = _check_block_size(block_size)
    if not isinstance(weights, np.ndarray) or weights.ndim != 2 or weights.dtype.kind != "f":
        raise InputTypeError(f"weights must be a 2-d float array, got {_show(weights)}")
    if not np.all(np.isfinite(weights)):
        raise ValueError(f"weights must be finite, got {_show(weights)}")
    levels = 2 ** (bits - 1) - 1
    axis = 1 - channel_axis
    if block_size is None:
        return _round_to_levels(weights, levels, axis).astype(weights.dtype)
    out = np.empty_like(weights)
    for start in range(0, weights.shape[axis], block_size):
        block = [slice(None), slice(None)]
        block[axis] = slice(start, start + block_size)
        out[tuple(block)] = _round_to_levels(weights[tuple(block)], levels, axis)
    return out


#: The quantised matrices and their channel axes (1: one scale per output column, 0: per row).
QUANT_MATRICES = (("W1", 1), ("W2", 1), ("E", 0))


def quantize_model(model: MLPLanguageModel, bits: int,
                   block_size: int | None = None) -> MLPLanguageModel:
    """A copy of ``model`` with W1, W2 (per output column) and E (per token) at ``bits`` bits.

    ``block_size``: see :func:`quantize_weights` (``None``, the default: one scale per
    channel).
    """
    check_type("model", model, MLPLanguageModel, "an MLPLanguageModel")
    bits = as_int("bits", bits, minimum=2, maximum=16)
    block_size = _check_block_size(block_size)
    out = MLPLanguageModel(model.config, seed=0, dtype=model.dtype)
    out.params = {k: v.copy() for k, v in model.params.items()}
    for name, axis in QUANT_MATRICES:
        out.params[name] = quantize_weights(model.params[name], bits, axis, block_size)
    return out


def _quantize_one(model: MLPLanguageModel, name: str, bits: int,
                  block_size: int | None = None) -> MLPLanguageModel:
    """A copy of ``model`` with only the matrix ``name`` quantised to ``bits`` bits."""
    axis = dict(QUANT_MATRICES)[name]
    alone = MLPLanguageModel(model.config, seed=0, dtype=model.dtype)
    alone.params = {k: v.copy() for k, v in model.params.items()}
    alone.params[name] = quantize_weights(model.params[name], bits, axis, block_size)
    return alone


def model_bits(model: MLPLanguageModel, bits: int, block_size: int | None = None) -> int:
    """Total bits that store ``model`` quantised to ``bits`` bits by :func:`quantize_model`.

    ``bits · (|W1| + |W2| + |E|) + 16 · (|b1| + |b2| + scales)``: the quantised weights at
    ``bits`` bits, the biases and the one scale per channel (a column of W1 and of W2, a
    row of E) at 16 bits. ``bits = 16`` counts every parameter at 16 bits (the unquantised
    reference). The x-axis of ``dettmers2023case`` is parameters × bits per parameter.
    With ``block_size`` every block of a channel has its own scale, also at 16 bits
    (``ceil(channel length / block_size)`` scales per channel).
    """
    check_type("model", model, MLPLanguageModel, "an MLPLanguageModel")
    bits = as_int("bits", bits, minimum=2, maximum=16)
    block_size = _check_block_size(block_size)
    p = model.params
    total = sum(int(a.size) for a in p.values())
    if bits == 16:
        return 16 * total
    weights = sum(int(p[k].size) for k, _ in QUANT_MATRICES)
    scales = sum(_n_scales(p[k].shape, axis, block_size) for k, axis in QUANT_MATRICES)
    return bits * weights + 16 * (total - weights + scales)


def soft_loss_and_grads(model: MLPLanguageModel, X: np.ndarray,
                        targets: np.ndarray) -> tuple[float, dict]:
    """Mean cross-entropy to soft targets ``q`` (rows summing to 1) and its gradients.

    Same backward pass as :meth:`MLPLanguageModel.loss_and_grads` with
    g = (softmax(z) − q) / B; one-hot targets give exactly that method's result.
    """
    check_type("model", model, MLPLanguageModel, "an MLPLanguageModel")
    X = as_int_array("X", X, ndim=2, columns=model.config.context_length,
                     high=model.config.vocab_size)
    q = np.asarray(targets, dtype=float) if isinstance(targets, np.ndarray) else None
    n, v = X.shape[0], model.config.vocab_size
    if q is None or q.shape != (n, v) or n == 0:
        raise ValueError(f"targets must be an array of shape ({n}, {v}), got {_show(targets)}")
    if not np.all(np.isfinite(q)) or np.any(q < 0) or np.any(np.abs(q.sum(1) - 1) > 1e-6):
        raise ValueError(f"targets must hold probability rows (≥ 0, summing to 1), got "
                         f"{_show(targets)}")
    cache, z = model._forward_cached(X)
    z -= z.max(axis=1, keepdims=True)
    logz = np.log(np.exp(z).sum(axis=1, keepdims=True))
    logp = z - logz
    loss = float(-(q * logp).sum(axis=1).mean())
    g = (np.exp(logp) - q.astype(model.dtype)) * (1.0 / n)
    grads = model._backward_from_logit_grad(cache, g.astype(model.dtype))
    return loss, grads


def _id_sampler(language: ZipfLanguage, seed: int):
    """The sentence stream of ``language.sampler(seed)``, also returning the context ids."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 11]))

    def batch(n: int):
        ids = np.searchsorted(language._context_cdf, rng.random(n), side="right")
        np.minimum(ids, language.n_contexts - 1, out=ids)
        u = rng.random(n)
        y = (language._next_cdf[ids] < u[:, None]).sum(axis=1)
        return ids, y

    return batch


@one_blas_thread()
def train_targets(config: TrainConfig, language: ZipfLanguage | None = None, *,
                  teacher="data", keep_model: bool = False) -> dict:
    """Train a student of ``config`` on hard data, the exact law, or a lab teacher.

    Parameters
    ----------
    config : TrainConfig
        The student's run (width, tokens, seed, schedule) exactly as in :func:`train`.
    language : ZipfLanguage, optional
        Default :func:`make_language()`.
    teacher : "data", "exact" or MLPLanguageModel
        "data": sampled next tokens (ordinary training, identical to :func:`train`);
        "exact": the language's next-token law q = p_r (a perfect teacher);
        a model: its predicted distribution on each context.
    keep_model : bool
        Return the trained model under ``"model"``.

    Returns
    -------
    dict
        ``final_loss`` (exact population loss, nats), ``teacher_loss``, ``student_params``,
        ``teacher_params``, ``tokens``, ``student_flops`` (6·N_S·D), ``teacher_flops``
        (2·N_T·D, the teacher's inference on the distillation tokens).
    """
    check_type("config", config, TrainConfig, "a TrainConfig")
    keep_model = as_bool("keep_model", keep_model)
    if language is None:
        language = make_language()
    check_type("language", language, ZipfLanguage, "None or a ZipfLanguage")
    if isinstance(teacher, MLPLanguageModel):
        if teacher.config.vocab_size != language.vocab_size:
            raise ValueError("teacher and language have different vocabularies")
        table = np.exp(teacher.log_probs(language.contexts))
        table /= table.sum(axis=1, keepdims=True)
        teacher_loss = teacher.population_loss(language)
        teacher_params = teacher.config.total_params
        mode = "model"
    else:
        mode = as_choice("teacher", teacher, ("data", "exact"))
        table = language.next_probs if mode == "exact" else None
        teacher_loss = language.entropy_nats if mode == "exact" else math.nan
        teacher_params = 0
    mcfg = config.model_config(language)
    model = MLPLanguageModel(mcfg, seed=config.seed)
    source = _id_sampler(language, config.seed)
    steps = max(1, math.ceil(config.tokens / config.batch_size))
    warmup = int(round(config.warmup_fraction * steps))
    opt = Adam(weight_decay=config.weight_decay)
    seen = 0
    for step in range(steps):
        n = min(config.batch_size, config.tokens - seen)
        ids, y = source(n)
        X = language.contexts[ids]
        if table is None:
            _, grads = model.loss_and_grads(X, y)
        else:
            _, grads = soft_loss_and_grads(model, X, table[ids])
        opt.step(model.params, grads, warmup_cosine_lr(step, steps, config.lr, warmup,
                                                       config.final_lr_fraction))
        seen += n
    final = model.population_loss(language)
    out = {"teacher": mode, "width": config.width, "seed": config.seed, "tokens": seen,
           "student_params": mcfg.total_params, "teacher_params": teacher_params,
           "final_loss": final, "teacher_loss": teacher_loss,
           "entropy": language.entropy_nats, "peak_lr": config.lr,
           "student_flops": 6.0 * mcfg.total_params * seen,
           "teacher_flops": 2.0 * teacher_params * seen}
    if keep_model:
        out["model"] = model
    return out


# ---------------------------------------------------------------------- jobs
@dataclass(frozen=True)
class QuantJob:
    """Train one model (deterministic from its config), then quantise it to each bit width."""

    train: TrainConfig
    language: LanguageConfig = field(default_factory=LanguageConfig)
    bits: tuple = QUANT_BITS

    def __post_init__(self):
        check_type("train", self.train, TrainConfig, "a TrainConfig")
        check_type("language", self.language, LanguageConfig, "a LanguageConfig")
        as_int_list("bits", list(self.bits), minimum=2, maximum=16)

    @property
    def cost_flops(self) -> float:
        return 6.0 * self.train.width * 400 * self.train.tokens

    def _train(self) -> tuple:
        """The run trained in full precision: ``(language, result, row of its results)``."""
        lang = make_language(**self.language.to_dict())
        res = train(self.train, lang, progress=False, keep_model=True)
        row = {"width": res.width, "seed": res.seed, "tokens": res.tokens,
               "total_params": res.total_params, "tokens_per_param": res.tokens_per_param,
               "final_loss": res.final_loss, "entropy": res.entropy,
               "peak_lr": res.peak_lr, "train_seconds": res.train_seconds}
        return lang, res, row

    def run(self) -> list[dict]:
        lang, res, row = self._train()
        for b in self.bits:
            row[f"loss_{b}bit"] = quantize_model(res.model, b).population_loss(lang)
            row[f"delta_{b}bit"] = row[f"loss_{b}bit"] - res.final_loss
        return [row]


@dataclass(frozen=True)
class BitBudgetJob(QuantJob):
    """A :class:`QuantJob` that also records the total model bits at each bit width, and
    (if ``one_matrix``) the loss increase when only one of W1, W2, E is quantised to
    :data:`ONE_MATRIX_BITS`."""

    bits: tuple = BUDGET_BITS
    one_matrix: bool = True

    def run(self) -> list[dict]:
        lang, res, row = self._train()
        row |= {"loss_16bit": res.final_loss, "model_bits_16bit": model_bits(res.model, 16)}
        for b in self.bits:
            row[f"loss_{b}bit"] = quantize_model(res.model, b).population_loss(lang)
            row[f"delta_{b}bit"] = row[f"loss_{b}bit"] - res.final_loss
            row[f"model_bits_{b}bit"] = model_bits(res.model, b)
        for name, _ in QUANT_MATRICES if self.one_matrix else ():
            alone = _quantize_one(res.model, name, ONE_MATRIX_BITS)
            row[f"delta_{ONE_MATRIX_BITS}bit_{name}_only"] = (alone.population_loss(lang)
                                                              - res.final_loss)
        return [row]


@dataclass(frozen=True)
class DistillJob:
    """Student runs on data, on the exact law, or on one teacher trained first (once)."""

    students: tuple
    teacher: str = "data"                # "data", "exact" or "model"
    teacher_train: TrainConfig | None = None
    language: LanguageConfig = field(default_factory=LanguageConfig)

    def __post_init__(self):
        for st in self.students:
            check_type("students", st, TrainConfig, "a tuple of TrainConfig")
        as_choice("teacher", self.teacher, ("data", "exact", "model"))
        if (self.teacher == "model") != (self.teacher_train is not None):
            raise ValueError("teacher_train is needed exactly when teacher='model'")

    @property
    def cost_flops(self) -> float:
        extra = self.teacher_train.width * self.teacher_train.tokens if self.teacher_train else 0
        return 6.0 * 400 * (sum(st.width * st.tokens for st in self.students) + extra)

    def run(self) -> list[dict]:
        lang = make_language(**self.language.to_dict())
        if self.teacher == "model":
            t = train(self.teacher_train, lang, progress=False, keep_model=True)
            extra = dict(teacher_width=t.width, teacher_tokens=t.tokens,
                         teacher_train_flops=t.flops)
            teacher = t.model
        else:
            extra = dict(teacher_width=0, teacher_tokens=0, teacher_train_flops=0.0)
            teacher = self.teacher
        return [{**train_targets(st, lang, teacher=teacher), **extra}
                for st in self.students]


#: The chapter's sweeps, live (≤ 30 s on 2 cores) and full (cached). ``bit_budget``
#: trains each width (``seeds`` times) on ``tokens_per_param`` · N tokens (80, above the
#: 27–67 tokens per parameter of the compute-optimal runs of chapter 2's sweep, which
#: covers only the smaller widths) and quantises it to each of :data:`BUDGET_BITS`.
EFFICIENCY_GRIDS = {
    "bit_budget": {
        "live": {"widths": [24, 48, 96, 160], "tokens_per_param": 20, "one_matrix": False,
                 "seeds": 1},
        "full": {"widths": [24, 43, 76, 135, 240, 427, 760], "tokens_per_param": 80,
                 "one_matrix": True, "seeds": 1},
    },
    "quantization": {
        "live": {"width": 48, "ratios": [4, 32, 128], "seeds": 1},
        "full": {"width": 64, "ratios": [2, 4, 8, 16, 32, 64, 128, 256, 512], "seeds": 6},
    },
    "distillation": {
        "live": {"students": [24], "tokens": [65_536, 262_144], "teachers": [96],
                 "teacher_tokens": 1_048_576, "student_seeds": 1},
        "full": {"students": [32, 96], "tokens": [32_768, 131_072, 524_288, 2_097_152],
                 "teachers": [24, 64, 192], "teacher_tokens": 2_097_152,
                 "student_seeds": 6},
    },
}


def efficiency_jobs(name: str, size: str = "live", seed: int = 0) -> tuple[list, dict]:
    """Jobs and settings of the chapter-10 preset ``name``.

    ``name`` is "quantization", "distillation" or "bit_budget"; ``size`` "live" or "full".
    """
    as_choice("name", name, tuple(EFFICIENCY_GRIDS))
    as_choice("size", size, ("live", "full"))
    seed = as_int("seed", seed, minimum=0)
    grid = EFFICIENCY_GRIDS[name][size]
    lang = LanguageConfig()
    if name == "bit_budget":
        jobs = [BitBudgetJob(TrainConfig(width=w, tokens=int(round(
                    grid["tokens_per_param"] * _params(w, lang))), seed=seed + s), lang,
                                     one_matrix=grid["one_matrix"])
                for s in range(grid["seeds"]) for w in grid["widths"]]
        return jobs, {**grid, "params": [_params(w, lang) for w in grid["widths"]],
                      "bits": [16, *BUDGET_BITS],
                      "quantizer": "round-to-nearest, symmetric, per output channel; "
                                   "biases and scales at 16 bits",
                      "rule": "tokens = tokens_per_param * params; seeds seed .. "
                              "seed + seeds − 1 per width"}
    if name == "quantization":
        n = _params(grid["width"], lang)
        jobs = [QuantJob(TrainConfig(width=grid["width"], tokens=max(int(r * n), 16_384),
                                     seed=seed + s), lang)
                for r in grid["ratios"] for s in range(grid["seeds"])]
        return jobs, {**grid, "params": n, "bits": list(QUANT_BITS),
                      "quantizer": "round-to-nearest, symmetric, per output channel; "
                                   "biases in full precision"}
    jobs = []
    for sw in grid["students"]:
        # every student seed sees the same teachers (trained once per job, seed + 1), so the
        # modes compare seed by seed (paired: same initialisation and token stream)
        students = tuple(TrainConfig(width=sw, tokens=d, seed=seed + s)
                         for s in range(grid["student_seeds"]) for d in grid["tokens"])
        jobs.append(DistillJob(students, "data", None, lang))
        jobs.append(DistillJob(students, "exact", None, lang))
        for w in grid["teachers"]:
            tt = TrainConfig(width=w, tokens=grid["teacher_tokens"], seed=seed + 1)
            jobs.append(DistillJob(students, "model", tt, lang))
    return jobs, {**grid, "rule": "student seeds seed .. seed + student_seeds − 1; every "
                                  "teacher trained once with seed + 1"}


def _entries(name: str, values, minimum: int, maximum: int | None, *, allow_none: bool):
    """A list of whole numbers in ``minimum … maximum`` (and ``None`` if allowed); errors
    name ``name`` and show the whole value."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise InputTypeError(f"{name} must be a list of whole numbers"
                             f"{' or None' if allow_none else ''}, got {_show(values)}")
    out = []
    for v in values:
        if v is None and allow_none:
            out.append(None)
            continue
        try:
            out.append(as_int(name, v, minimum=minimum, maximum=maximum))
        except InputTypeError:
            raise InputTypeError(f"{name} must hold whole numbers"
                                 f"{' or None' if allow_none else ''}, got "
                                 f"{_show(values)}") from None
        except ValueError:
            upto = "" if maximum is None else f" to {maximum}"
            raise ValueError(f"{name} must hold whole numbers from {minimum}{upto}, got "
                             f"{_show(values)}") from None
    return out


@accepts(block_sizes={"object_array": "None entries mean one scale per channel"},
         reference_bits={"empty_list": "no per-channel references",
                         "empty_array": "no per-channel references"})
@one_blas_thread()
def block_size_damage(width: int = 427, block_sizes=(None, 128, 32, 8), *,
                      matrix: str = "W2", bits: int = ONE_MATRIX_BITS, reference_bits=(),
                      seed: int = 0) -> dict:
    """Re-create one model of the cached bit-budget sweep and quantise one matrix in blocks.

    The model is the ``bit_budget`` "full" job of this ``width`` and ``seed``
    (:func:`efficiency_jobs`), trained again from its :class:`TrainConfig` by the job itself
    (deterministic on one machine and BLAS kernel; on another kernel its weights, and so
    the damages, differ). Only ``matrix`` is quantised to ``bits`` bits, once per entry of
    ``block_sizes`` (``None``: one scale per channel, the sweep's quantiser; ``b``: one
    scale per block of ``b`` input rows within each output column, see
    :func:`quantize_weights`). ``reference_bits``: other bit widths at which ``matrix`` is
    also quantised with one scale per channel, to compare at equal bits per weight.

    Returns
    -------
    dict
        ``width``, ``seed``, ``matrix``, ``bits``, ``rows`` (the channel length: weights
        under one per-channel scale), ``final_loss`` (nats, unquantised), ``block_sizes``
        (``None`` replaced by ``rows``), ``damage`` (loss increase in nats, one per block
        size), ``bits_per_weight`` (of ``matrix``, its scales counted at 16 bits, as
        :func:`model_bits` counts them), ``reference_bits``, ``reference_damage`` and
        ``reference_bits_per_weight`` (one scale per channel), and ``train_seconds``.
    """
    widths = EFFICIENCY_GRIDS["bit_budget"]["full"]["widths"]
    width = as_int("width", width, minimum=1)
    if width not in widths:
        raise ValueError(f"width must be one of the bit-budget sweep's widths {widths}, "
                         f"got {_show(width)}")
    sizes = _entries("block_sizes", block_sizes, 1, None, allow_none=True)
    if not sizes:
        raise ValueError(f"block_sizes must not be empty, got {_show(block_sizes)}")
    matrix = as_choice("matrix", matrix, tuple(name for name, _ in QUANT_MATRICES))
    bits = as_int("bits", bits, minimum=2, maximum=16)
    ref_bits = _entries("reference_bits", reference_bits, 2, 16, allow_none=False)
    seed = as_int("seed", seed, minimum=0)
    jobs, _ = efficiency_jobs("bit_budget", "full", seed)
    job = next(j for j in jobs if j.train.width == width)
    lang, res, row = job._train()
    axis = dict(QUANT_MATRICES)[matrix]
    shape = res.model.params[matrix].shape
    length = shape[1 - axis]

    def damage_and_cost(k, b):
        loss = _quantize_one(res.model, matrix, k, b).population_loss(lang)
        return loss - res.final_loss, k + 16 * _n_scales(shape, axis, b) / (shape[0] * shape[1])

    blocked = [damage_and_cost(bits, b) for b in sizes]
    ref = [damage_and_cost(k, None) for k in ref_bits]
    return {"width": width, "seed": seed, "matrix": matrix, "bits": bits, "rows": length,
            "final_loss": res.final_loss,
            "block_sizes": [length if b is None else b for b in sizes],
            "damage": [d for d, _ in blocked], "bits_per_weight": [c for _, c in blocked],
            "reference_bits": ref_bits, "reference_damage": [d for d, _ in ref],
            "reference_bits_per_weight": [c for _, c in ref],
            "train_seconds": row["train_seconds"]}


# Chapter 10's presets, in the lab's registry (run with run_preset / make lab-data).
def _efficiency_preset(name: str):
    def build(size: str, seed: int) -> tuple[list, dict]:
        return efficiency_jobs(name, size, seed)

    return build


register_preset("quantization", _efficiency_preset("quantization"),
                "fixed N, tokens per parameter swept, weights quantised to 8/6/4/3 bits "
                "(chapter 10)")
register_preset("distillation", _efficiency_preset("distillation"),
                "student on data vs exact law vs trained teachers, equal tokens (chapter 10)")
register_preset("bit_budget", _efficiency_preset("bit_budget"),
                "widths swept at fixed tokens per parameter, each quantised to 8/6/5/4/3 "
                "bits: loss at equal total model bits (chapter 10)")
