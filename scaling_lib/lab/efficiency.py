"""Chapter 10's lab: post-training quantisation of lab models and distillation.

Quantisation (round-to-nearest, symmetric, one scale per output channel)::

    s_j = max_i |W_ij| / (2^(k−1) − 1),     Ŵ_ij = s_j · clip(round(W_ij / s_j))

applied to the weight matrices W1, W2 and the embedding table E (one scale per token
row); the biases stay in full precision. The exact population loss of the language is
measured before and after (``kumar2024precision`` for the question, over-trained models
and quantisation).

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
from scaling_lib.lab.train import TrainConfig, train

__all__ = ["quantize_weights", "quantize_model", "soft_loss_and_grads", "train_targets",
           "efficiency_jobs", "model_bits", "EFFICIENCY_GRIDS", "QUANT_BITS", "BUDGET_BITS",
           "ONE_MATRIX_BITS"]

#: Bit widths of the quantisation experiment.
QUANT_BITS = (8, 6, 4, 3)
#: Bit widths of the bit-budget experiment (``dettmers2023case``); 16 is the unquantised model.
BUDGET_BITS = (8, 6, 5, 4, 3)
#: Bit width at which the bit-budget sweep also quantises one weight matrix at a time.
ONE_MATRIX_BITS = 4


def quantize_weights(weights: np.ndarray, bits: int, channel_axis: int = 1) -> np.ndarray:
    """Round ``weights`` to ``bits``-bit integers with one scale per channel, de-quantised.

    ``s_j = max |W[..., j]| / (2^(bits−1) − 1)``, ``Ŵ = s · clip(round(W / s))``, where j
    runs along ``channel_axis`` (1: the output columns of an (inputs, outputs) matrix;
    0: the rows, e.g. one scale per token of an embedding table).
    """
    bits = as_int("bits", bits, minimum=2, maximum=16)
    channel_axis = as_int("channel_axis", channel_axis, minimum=0, maximum=1)
    if not isinstance(weights, np.ndarray) or weights.ndim != 2 or weights.dtype.kind != "f":
        raise InputTypeError(f"weights must be a 2-d float array, got {_show(weights)}")
    if not np.all(np.isfinite(weights)):
        raise ValueError(f"weights must be finite, got {_show(weights)}")
    levels = 2 ** (bits - 1) - 1
    scale = np.abs(weights).max(axis=1 - channel_axis, keepdims=True) / levels
    scale = np.where(scale > 0, scale, 1.0)
    q = np.clip(np.round(weights / scale), -levels, levels)
    return (q * scale).astype(weights.dtype)


def quantize_model(model: MLPLanguageModel, bits: int) -> MLPLanguageModel:
    """A copy of ``model`` with W1, W2 (per output column) and E (per token) at ``bits`` bits."""
    check_type("model", model, MLPLanguageModel, "an MLPLanguageModel")
    bits = as_int("bits", bits, minimum=2, maximum=16)
    out = MLPLanguageModel(model.config, seed=0, dtype=model.dtype)
    out.params = {k: v.copy() for k, v in model.params.items()}
    out.params["W1"] = quantize_weights(model.params["W1"], bits, 1)
    out.params["W2"] = quantize_weights(model.params["W2"], bits, 1)
    out.params["E"] = quantize_weights(model.params["E"], bits, 0)
    return out


def model_bits(model: MLPLanguageModel, bits: int) -> int:
    """Total bits that store ``model`` quantised to ``bits`` bits by :func:`quantize_model`.

    ``bits · (|W1| + |W2| + |E|) + 16 · (|b1| + |b2| + scales)``: the quantised weights at
    ``bits`` bits, the biases and the one scale per channel (a column of W1 and of W2, a
    row of E) at 16 bits. ``bits = 16`` counts every parameter at 16 bits (the unquantised
    reference). The x-axis of ``dettmers2023case`` is parameters × bits per parameter.
    """
    check_type("model", model, MLPLanguageModel, "an MLPLanguageModel")
    bits = as_int("bits", bits, minimum=2, maximum=16)
    p = model.params
    total = sum(int(a.size) for a in p.values())
    if bits == 16:
        return 16 * total
    weights = sum(int(p[k].size) for k in ("W1", "W2", "E"))
    scales = p["W1"].shape[1] + p["W2"].shape[1] + p["E"].shape[0]
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
        for name, axis in (("W1", 1), ("W2", 1), ("E", 0)) if self.one_matrix else ():
            alone = MLPLanguageModel(res.model.config, seed=0, dtype=res.model.dtype)
            alone.params = {k: v.copy() for k, v in res.model.params.items()}
            alone.params[name] = quantize_weights(res.model.params[name], ONE_MATRIX_BITS,
                                                  axis)
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
        from scaling_lib.lab.sweep import _params

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
        from scaling_lib.lab.sweep import _params

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
