"""Train one lab model: Adam, warm-up + cosine over the run's own budget, exact evaluation.

A run is fixed by a :class:`TrainConfig` (model width, training tokens D, seed …)
and a language. The trainer

- draws fresh sentences from the language (or walks a finite :class:`TokenPool`
  for several epochs),
- uses Adam with linear warm-up and cosine decay over its own D
  (``hoffmann2022training``) and a peak learning rate that shrinks with the
  width h and with the run's length D (:func:`width_lr`),
- counts its compute, C = 6·N·D (N = total parameters; ``kaplan2020scaling``,
  ``hoffmann2022training``), times itself and reports achieved FLOP/s and the
  model FLOPs utilisation (MFU) against this machine's measured matmul peak,
- evaluates the exact population loss at the end (no sampling noise).

Runs are deterministic given the seed: the same config gives the same loss.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field, fields

import numpy as np

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    as_bool,
    as_fraction,
    as_int,
    as_nonnegative,
    as_optional_bool,
    as_positive,
    check_type,
)
from scaling_lib.compute import training_flops  # re-exported: the lab's 6·N·D is chapter 0's
from scaling_lib.lab._threads import one_blas_thread
from scaling_lib.lab.language import TokenPool, ZipfLanguage, make_language
from scaling_lib.lab.model import MLPConfig, MLPLanguageModel
from scaling_lib.lab.optim import Adam, warmup_cosine_lr

__all__ = ["TrainConfig", "TrainResult", "train", "width_lr", "training_flops",
           "TrainingAccount", "BudgetExceededError", "run_memory_bytes"]

#: peak learning rate at :data:`BASE_WIDTH` hidden units and :data:`BASE_TOKENS` tokens;
#: it scales like h^(−1/4) with the width and like D^(−0.45) with the run's length
BASE_LR = 0.014
BASE_WIDTH = 64
BASE_TOKENS = 1_000_000
LR_WIDTH_EXPONENT = 0.25
LR_TOKENS_EXPONENT = 0.45
MAX_LR = 0.05
#: Ceilings on one run, refused before any work: the lab trains tiny models on a CPU.
MAX_WIDTH = 65_536
MAX_TOKENS = 10**10
MAX_EMBED_DIM = 4096
MAX_BATCH_SIZE = 1 << 20
MAX_PEAK_LR = 10.0
#: Memory one run may need (weights, Adam state, a batch, the exact evaluation), bytes;
#: a run that needs more is refused before it starts (see :func:`run_memory_bytes`).
MAX_RUN_BYTES = 2 * 2**30


def width_lr(width: int, tokens: int = BASE_TOKENS, base_lr: float = BASE_LR,
             base_width: int = BASE_WIDTH) -> float:
    """Peak learning rate for hidden width h and a run of D tokens.

        lr(h, D) = min(0.05, base_lr · (base_width / h)^(1/4) · (10^6 / D)^0.45)

    Wider layers sum more hidden units into each output, so a fixed Adam step moves
    the outputs more: the rate must shrink with width. Longer runs end closer to the
    optimum, where gradient noise, not speed, limits the loss: their best rate is lower
    too. Both exponents and the base come from a small learning-rate sweep on the
    default language at batch 512 (widths 24–512, 2·10^5–1.1·10^7 tokens); with a rate
    fixed in D, long runs of large models stalled ~0.006–0.01 nats above what they reach here.
    """
    width = as_int("width", width, maximum=MAX_WIDTH)
    tokens = as_int("tokens", tokens, maximum=MAX_TOKENS)
    base_lr = as_positive("base_lr", base_lr, allow_array=False)
    if base_lr > MAX_PEAK_LR:
        raise ValueError(f"base_lr must be at most {MAX_PEAK_LR}, got {base_lr!r}")
    base_width = as_int("base_width", base_width, maximum=MAX_WIDTH)
    lr = (base_lr * (base_width / width) ** LR_WIDTH_EXPONENT
          * (BASE_TOKENS / tokens) ** LR_TOKENS_EXPONENT)
    return min(MAX_LR, lr)




@dataclass(frozen=True)
class TrainConfig:
    """Settings of one training run.

    Attributes
    ----------
    width : int
        Hidden units h (sets the model size).
    tokens : int
        D, training tokens (predicted tokens; one per sentence).
    seed : int
        Seeds the initialisation and the data order.
    batch_size : int
        Sentences per step.
    embed_dim : int
        Embedding dimension d per token.
    peak_lr : float or None
        Peak learning rate; ``None`` uses :func:`width_lr` (of the width and the tokens).
    warmup_fraction : float
        Fraction of the steps spent in linear warm-up.
    final_lr_fraction : float
        The cosine decays to this fraction of the peak at the end of the run.
    weight_decay : float
        Decoupled (AdamW) weight decay.
    eval_points : int
        Number of extra exact evaluations along the run (log-spaced in tokens),
        for a learning curve; 0 evaluates only at the end.
    """

    width: int = 128
    tokens: int = 200_000
    seed: int = 0
    batch_size: int = 512
    embed_dim: int = 16
    peak_lr: float | None = None
    warmup_fraction: float = 0.05
    final_lr_fraction: float = 0.1
    weight_decay: float = 0.0
    eval_points: int = 0

    def __post_init__(self):
        as_int("width", self.width, maximum=MAX_WIDTH)
        as_int("tokens", self.tokens, maximum=MAX_TOKENS)
        as_int("seed", self.seed, minimum=0)
        as_int("batch_size", self.batch_size, maximum=MAX_BATCH_SIZE)
        as_int("embed_dim", self.embed_dim, maximum=MAX_EMBED_DIM)
        if self.peak_lr is not None:
            as_positive("peak_lr", self.peak_lr, allow_array=False)
            if self.peak_lr > MAX_PEAK_LR:
                raise ValueError(f"peak_lr must be at most {MAX_PEAK_LR}, got {self.peak_lr!r}")
        as_fraction("warmup_fraction", self.warmup_fraction, allow_zero=True, allow_array=False)
        as_fraction("final_lr_fraction", self.final_lr_fraction, allow_zero=True,
                    allow_array=False)
        as_nonnegative("weight_decay", self.weight_decay, allow_array=False)
        as_int("eval_points", self.eval_points, minimum=0, maximum=1000)

    @property
    def lr(self) -> float:
        """The peak learning rate actually used."""
        return self.peak_lr if self.peak_lr is not None else width_lr(self.width, self.tokens)

    def model_config(self, language: ZipfLanguage) -> MLPConfig:
        check_type("language", language, ZipfLanguage, "a ZipfLanguage (make_language())")
        return MLPConfig(vocab_size=language.vocab_size, context_length=language.context_length,
                         width=self.width, embed_dim=self.embed_dim)

    def to_dict(self) -> dict:
        return asdict(self)


def run_memory_bytes(config: TrainConfig, language: ZipfLanguage) -> int:
    """About how many bytes a run of ``config`` on ``language`` needs at its peak.

    Weights, gradients and Adam's two moments (4 copies of N float32 numbers), one batch's
    activations and their gradients, and the exact evaluation over every context (chunks
    of 8,192 contexts through the hidden layer, plus the contexts × vocabulary table of
    log-probabilities). An estimate within a small factor, used to refuse runs that
    cannot fit before they start.
    """
    check_type("config", config, TrainConfig, "a TrainConfig")
    mcfg = config.model_config(language)
    n = mcfg.total_params
    k, d, v, h = mcfg.context_length, mcfg.embed_dim, mcfg.vocab_size, mcfg.width
    batch = min(config.batch_size, config.tokens)
    weights = 4 * 4 * n
    step = 4 * batch * (3 * (k * d + 1) + 3 * h + 3 * v) + 4 * batch * k * v
    chunk = min(8192, language.n_contexts)
    evaluation = 4 * chunk * (k * d + 2 * h + 2 * v) + 8 * 2 * language.n_contexts * v
    return int(weights + max(step, evaluation))


@output_record
@dataclass
class TrainResult:
    """What a run measured. Losses in nats per token, compute in FLOPs, time in seconds.

    ``diverged`` is True when any training batch had a non-finite loss (the run blew up at
    some point, even if its final evaluation is finite): treat its numbers with suspicion.
    """

    width: int
    seed: int
    tokens: int
    total_params: int
    non_embedding_params: int
    flops: float                       # 6 · total_params · tokens
    matmul_flops: float                # 6 · non_embedding_params · tokens (work actually done)
    final_loss: float                  # exact population loss at the end
    entropy: float                     # the language's entropy rate H
    excess_loss: float                 # final_loss − entropy
    train_loss: float                  # mean training-batch loss over the last 10% of steps
    epochs: float                      # tokens / unique tokens (1 with fresh data)
    unique_tokens: int | None          # pool size, None with fresh data
    peak_lr: float
    steps: int
    train_seconds: float               # wall time of the training loop (evaluation excluded)
    flops_per_second: float            # matmul_flops / train_seconds
    peak_flops_per_second: float       # measured single-thread matmul peak of this machine
    mfu: float                         # flops_per_second / peak_flops_per_second
    curve_tokens: list = field(default_factory=list)
    curve_loss: list = field(default_factory=list)
    diverged: bool = False
    model: MLPLanguageModel | None = field(default=None, repr=False, compare=False)

    @property
    def tokens_per_param(self) -> float:
        return self.tokens / self.total_params

    def to_dict(self) -> dict:
        """Flat dict of the measurements (the model itself left out), for tables and JSON."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "model"}


def _eval_schedule(steps: int, points: int) -> set[int]:
    if points <= 0:
        return set()
    marks = np.unique(np.round(np.geomspace(1, steps, points + 1)[:-1]).astype(int))
    return {int(m) for m in marks if 0 < m < steps}


@one_blas_thread()
def train(
    config: TrainConfig,
    language: ZipfLanguage | None = None,
    *,
    data: TokenPool | None = None,
    init_model: MLPLanguageModel | None = None,
    progress: bool | None = None,
    peak_flops_per_second: float | None = None,
    keep_model: bool = False,
) -> TrainResult:
    """Train one model and measure it.

    The run (training, evaluation, the peak measurement) uses one BLAS thread whatever
    the environment says, as the model's matrices are small (:mod:`scaling_lib.lab._threads`).

    Parameters
    ----------
    config : TrainConfig
    language : ZipfLanguage, optional
        The language to learn and to evaluate on; default :func:`make_language()`.
    data : TokenPool, optional
        Train on this finite pool (repeating it) instead of fresh sentences;
        evaluation is still the exact loss on ``language`` (default: the pool's language).
    init_model : MLPLanguageModel, optional
        Start from these weights (copied) instead of a fresh initialisation: fine-tuning.
    progress : bool or None
        Show a progress bar (``tqdm.auto``: a widget in JupyterLab, text in a terminal).
        ``None`` shows it only for runs that last more than ~3 seconds.
    peak_flops_per_second : float, optional
        The matmul peak for the MFU; default :func:`scaling_lib.lab.hardware.matmul_peak_flops`.
    keep_model : bool
        Keep the trained model in ``result.model`` (needed to fine-tune it later).

    Returns
    -------
    TrainResult
    """
    check_type("config", config, TrainConfig, "a TrainConfig")
    for name, value, cls in (("language", language, ZipfLanguage), ("data", data, TokenPool),
                             ("init_model", init_model, MLPLanguageModel)):
        if value is not None:
            check_type(name, value, cls, f"None or a {cls.__name__}")
    progress = as_optional_bool("progress", progress)
    keep_model = as_bool("keep_model", keep_model)
    if peak_flops_per_second is not None:
        peak_flops_per_second = float(as_positive("peak_flops_per_second", peak_flops_per_second,
                                                  allow_array=False))
        if peak_flops_per_second < 1.0:
            raise ValueError(f"peak_flops_per_second must be at least 1 FLOP/s, got "
                             f"{peak_flops_per_second!r}")
    if language is None:
        language = data.language if data is not None else make_language()
    mcfg = config.model_config(language)
    need = run_memory_bytes(config, language)
    if need > MAX_RUN_BYTES:
        raise ValueError(f"config: width={config.width} with batch_size={config.batch_size} needs "
                         f"about {need / 2**30:.1f} GiB of memory, more than the lab's "
                         f"{MAX_RUN_BYTES / 2**30:.0f} GiB; choose a smaller width")
    if init_model is not None:
        if init_model.config != mcfg:
            raise ValueError(f"init_model has shape {init_model.config}, but the run needs {mcfg}")
        model = MLPLanguageModel(mcfg, seed=config.seed)
        model.params = {k: v.copy() for k, v in init_model.params.items()}
    else:
        model = MLPLanguageModel(mcfg, seed=config.seed)
    if data is not None and data.language.vocab_size != language.vocab_size:
        raise ValueError("data and language have different vocabularies")
    source = (data or language).sampler(config.seed)

    batch = config.batch_size
    steps = max(1, math.ceil(config.tokens / batch))
    warmup = int(round(config.warmup_fraction * steps))
    lr = config.lr
    opt = Adam(weight_decay=config.weight_decay)
    evals = _eval_schedule(steps, config.eval_points)
    curve_tokens, curve_loss = [], []
    tail_start = steps - max(1, steps // 10)
    tail_losses = []
    bad_steps = 0

    from tqdm.auto import tqdm

    bar = tqdm(total=config.tokens, unit="tok", unit_scale=True, leave=False,
               delay=0 if progress else 3.0, disable=progress is False,
               desc=f"width {config.width}")
    eval_seconds = 0.0
    start = time.perf_counter()
    seen = 0
    for step in range(steps):
        n = min(batch, config.tokens - seen)
        X, y = source(n)
        loss, grads = model.loss_and_grads(X, y)
        opt.step(model.params, grads, warmup_cosine_lr(step, steps, lr, warmup,
                                                       config.final_lr_fraction))
        seen += n
        if step >= tail_start:
            tail_losses.append(loss)
        if not math.isfinite(loss):
            bad_steps += 1
        if step + 1 in evals:
            t0 = time.perf_counter()
            curve_tokens.append(seen)
            curve_loss.append(model.population_loss(language))
            eval_seconds += time.perf_counter() - t0
        if step % 16 == 15 or step == steps - 1:
            bar.update(seen - bar.n)
    seconds = time.perf_counter() - start - eval_seconds
    bar.close()
    final = model.population_loss(language)
    if config.eval_points:
        curve_tokens.append(seen)
        curve_loss.append(final)
    if not math.isfinite(final):
        raise FloatingPointError(f"training diverged (loss {final}); lower peak_lr")

    if peak_flops_per_second is None:
        from scaling_lib.lab.hardware import matmul_peak_flops

        peak_flops_per_second = matmul_peak_flops()
    matmul = training_flops(mcfg.non_embedding_params, seen)
    achieved = matmul / max(seconds, 1e-9)
    return TrainResult(
        width=config.width, seed=config.seed, tokens=seen,
        total_params=mcfg.total_params, non_embedding_params=mcfg.non_embedding_params,
        flops=training_flops(mcfg.total_params, seen), matmul_flops=matmul,
        final_loss=final, entropy=language.entropy_nats, excess_loss=final - language.entropy_nats,
        train_loss=float(np.mean(tail_losses)),
        epochs=seen / data.unique_tokens if data is not None else 1.0,
        unique_tokens=data.unique_tokens if data is not None else None,
        peak_lr=lr, steps=steps, train_seconds=seconds, flops_per_second=achieved,
        peak_flops_per_second=peak_flops_per_second, mfu=achieved / peak_flops_per_second,
        curve_tokens=curve_tokens, curve_loss=curve_loss, diverged=bad_steps > 0,
        model=model if keep_model else None,
    )


class BudgetExceededError(ValueError):
    """A training request costs more FLOPs than the account has left."""


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _flops_text(x: float) -> str:
    """A count of FLOPs as a person writes it: 85,900 below a million, else 3.00×10¹⁰."""
    if abs(x) < 1e6:
        return f"{x:,.0f}"
    exp = math.floor(math.log10(abs(x)))
    mantissa = float(f"{x / 10**exp:.3g}")
    if mantissa >= 10:
        mantissa, exp = mantissa / 10, exp + 1
    return f"{mantissa:.2f}×10{str(exp).translate(_SUPERSCRIPT)}"


class TrainingAccount:
    """A FLOP budget to spend on lab runs: the capstone of chapter 2.

    Each request is priced at C = 6·N·D (N total parameters) before it runs; a
    request that costs more than what remains is refused with
    :class:`BudgetExceededError` (a ``ValueError``) and nothing is spent.

    Parameters
    ----------
    budget_flops : float
        Total training compute available, in FLOPs.
    language : ZipfLanguage, optional
        The language every run trains on (default: :func:`make_language()`).

    Examples
    --------
    >>> account = TrainingAccount(budget_flops=1e11)          # doctest: +SKIP
    >>> result = account.train(width=64, tokens=500_000)      # doctest: +SKIP
    >>> print(account.statement())                            # doctest: +SKIP
    """

    def __init__(self, budget_flops: float, language: ZipfLanguage | None = None):
        self.budget_flops = float(as_positive("budget_flops", budget_flops, allow_array=False))
        if language is not None:
            check_type("language", language, ZipfLanguage, "None or a ZipfLanguage")
        self.language = language if language is not None else make_language()
        self.runs: list[TrainResult] = []

    @property
    def spent_flops(self) -> float:
        return float(sum(r.flops for r in self.runs))

    @property
    def remaining_flops(self) -> float:
        return self.budget_flops - self.spent_flops

    def cost_flops(self, width: int, tokens: int, embed_dim: int = 16) -> float:
        """Price of a run, 6·N·D FLOPs, before running it (its memory is checked too)."""
        cfg = TrainConfig(width=width, tokens=tokens, embed_dim=embed_dim)
        return training_flops(cfg.model_config(self.language).total_params, cfg.tokens)

    def train(self, width: int, tokens: int, seed: int = 0, progress: bool | None = None,
              **settings) -> TrainResult:
        """Train a model of ``width`` on ``tokens`` if the budget allows; record the spending.

        Extra keyword ``settings`` go to :class:`TrainConfig` (e.g. ``batch_size``).
        """
        cfg = TrainConfig(width=width, tokens=tokens, seed=seed, **settings)
        progress = as_optional_bool("progress", progress)
        n = cfg.model_config(self.language).total_params
        need = run_memory_bytes(cfg, self.language)
        if need > MAX_RUN_BYTES:
            raise BudgetExceededError(
                f"refused: width={cfg.width} ({n:,} parameters) needs about "
                f"{need / 2**30:.1f} GiB of memory to train and evaluate, more than the lab's "
                f"{MAX_RUN_BYTES / 2**30:.0f} GiB; choose a smaller width. Nothing was spent.")
        cost = training_flops(n, cfg.tokens)
        if cost > self.remaining_flops * (1 + 1e-12):
            affordable = int(self.remaining_flops // training_flops(n, 1))
            raise BudgetExceededError(
                f"refused: width={cfg.width} ({n:,} parameters) on {cfg.tokens:,} tokens costs "
                f"{_flops_text(cost)} FLOPs, but only {_flops_text(self.remaining_flops)} of the "
                f"{_flops_text(self.budget_flops)}-FLOP budget remain. At this width you can "
                f"afford at "
                f"most {affordable:,} tokens; or choose a smaller model. Nothing was spent."
            )
        result = train(cfg, self.language, progress=progress)
        self.runs.append(result)
        return result

    def statement(self) -> str:
        """The runs so far, their cost and loss, and what is left, as a text table."""
        lines = [f"{'run':>3} {'width':>6} {'params':>9} {'tokens':>11} {'FLOPs':>10} "
                 f"{'loss':>8}"]
        for i, r in enumerate(self.runs, 1):
            lines.append(f"{i:>3} {r.width:>6} {r.total_params:>9,} {r.tokens:>11,} "
                         f"{_flops_text(r.flops):>10} {r.final_loss:>8.4f}")
        lines.append(f"spent {_flops_text(self.spent_flops)} of the "
                     f"{_flops_text(self.budget_flops)}-FLOP budget "
                     f"({100 * self.spent_flops / self.budget_flops:.1f}%); "
                     f"{_flops_text(self.remaining_flops)} FLOPs remain")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"TrainingAccount(budget_flops={self.budget_flops:.3g}, "
                f"spent_flops={self.spent_flops:.3g}, runs={len(self.runs)})")
