"""Training a :class:`~scaling_lib.lab.task_model.DigitMLP` on the addition task.

:func:`train_task_model` takes a :class:`TaskTrainConfig` (width, tokens, learning
rate, seed, task) and returns a :class:`TaskRun`. Training compute is C = 6·N·D FLOPs
(``kaplan2020scaling``), with D the number of answer tokens (digits and EOS) the model
was trained on. Deterministic given the seed, on one BLAS thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    as_fraction,
    as_int,
    as_positive,
    check_type,
)
from scaling_lib.compute import training_flops
from scaling_lib.lab._threads import one_blas_thread
from scaling_lib.lab.optim import Adam, warmup_cosine_lr
from scaling_lib.lab.task_model import (
    DigitMLP,
    one_hot_inputs,
)
from scaling_lib.lab.task_problems import MAX_WIDTH, AdditionTask

__all__ = [
    "TaskTrainConfig",
    "TaskRun",
    "train_task_model",
]


@dataclass(frozen=True)
class TaskTrainConfig:
    """Settings of one training run on the addition task.

    Attributes
    ----------
    width : int
        Hidden width h of the :class:`DigitMLP` (N = 67·h + 11 parameters).
    tokens : int
        Training tokens D (answer digits plus EOS), each seen once.
    batch_tokens : int
        Tokens per Adam step.
    peak_lr : float
        Peak Adam learning rate. The default 0.01 is shared by every width, as a
        model family trained with one recipe; ``benchmarks/lab_task.py`` shows how
        the sweep changes with it.
    warmup_fraction : float
        Fraction of steps spent in linear warm-up before cosine decay.
    seed : int
        Seeds both the initialisation and the training problems.
    task : AdditionTask
        The problem distribution.
    """

    width: int = 16
    tokens: int = 150_000
    batch_tokens: int = 256
    peak_lr: float = 0.01
    warmup_fraction: float = 0.05
    seed: int = 0
    task: AdditionTask = field(default_factory=AdditionTask)

    def __post_init__(self):
        from scaling_lib.lab.train import MAX_PEAK_LR, MAX_TOKENS

        as_int("width", self.width, maximum=MAX_WIDTH)
        as_int("tokens", self.tokens, maximum=MAX_TOKENS)
        as_int("batch_tokens", self.batch_tokens, maximum=1 << 20)
        as_int("seed", self.seed, minimum=0)
        as_positive("peak_lr", self.peak_lr, allow_array=False)
        if self.peak_lr > MAX_PEAK_LR:
            raise ValueError(f"peak_lr must be at most {MAX_PEAK_LR}, got {self.peak_lr!r}")
        as_fraction("warmup_fraction", self.warmup_fraction, allow_zero=True,
                    allow_array=False)
        check_type("task", self.task, AdditionTask, "an AdditionTask")
        if self.tokens < self.batch_tokens:
            raise ValueError(
                f"tokens must be at least batch_tokens ({self.batch_tokens}), got {self.tokens}"
            )


@output_record
@dataclass
class TaskRun:
    """A trained model and its accounting.

    Attributes
    ----------
    model : DigitMLP
    config : TaskTrainConfig
    n_params : int
        N, all weights and biases.
    tokens : int
        D, the training tokens actually consumed (a whole number of batches).
    train_flops : float
        C = 6·N·D.
    loss_curve_nats : ndarray
        Mean training loss (nats per token) over each tenth of the run.
    wall_seconds : float
    """

    model: DigitMLP
    config: TaskTrainConfig
    n_params: int
    tokens: int
    train_flops: float
    loss_curve_nats: np.ndarray
    wall_seconds: float


def _training_tokens(config: TaskTrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """Teacher-forced slots and targets for D training tokens, in a seeded shuffled order."""
    rng = np.random.default_rng(np.random.SeedSequence([config.seed, 1]))
    task = config.task
    mean_tokens = (task.min_digits + task.max_digits) / 2 + 1.5
    slots, targets, have = [], [], 0
    while have < config.tokens:
        n = int((config.tokens - have) / mean_tokens * 1.1) + 16
        s, t, _, _ = task.sample(n, rng).teacher_forced()
        slots.append(s)
        targets.append(t)
        have += len(t)
    # Whole problems are generated, then tokens are shuffled: the model sees
    # each position independently (its window is all it needs).
    s = np.concatenate(slots)[: config.tokens]
    t = np.concatenate(targets)[: config.tokens]
    order = rng.permutation(len(t))
    return s[order], t[order]


@one_blas_thread()
def train_task_model(config: TaskTrainConfig | None = None, **overrides) -> TaskRun:
    """Train a :class:`DigitMLP` on the addition task with Adam and warm-up + cosine decay.

    Each step takes ``batch_tokens`` teacher-forced answer tokens and lowers the
    mean cross-entropy; the learning rate follows
    :func:`~scaling_lib.lab.optim.warmup_cosine_lr` over the run's own steps.
    Deterministic given ``config.seed``.

    Parameters
    ----------
    config : TaskTrainConfig, optional
    **overrides
        Fields of :class:`TaskTrainConfig` to set, e.g. ``train_task_model(width=8)``.
    """
    if config is None:
        config = TaskTrainConfig(**overrides)
    elif not isinstance(config, TaskTrainConfig):
        check_type("config", config, TaskTrainConfig, "None or a TaskTrainConfig")
    elif overrides:
        config = TaskTrainConfig(**{**_config_fields(config), **overrides})
    t0 = time.perf_counter()
    slots, targets = _training_tokens(config)
    model = DigitMLP(config.width, seed=config.seed)
    opt = Adam()
    bsz = config.batch_tokens
    steps = len(targets) // bsz
    warmup = int(round(config.warmup_fraction * steps))
    losses = np.empty(steps)
    for step in range(steps):
        sl = slice(step * bsz, (step + 1) * bsz)
        loss, grads = model.loss_and_grads(one_hot_inputs(slots[sl]), targets[sl])
        losses[step] = loss
        lr = warmup_cosine_lr(step, steps, config.peak_lr, warmup)
        opt.step(model.params, grads, lr)
    chunks = np.array_split(losses, min(10, steps))
    d = steps * bsz
    return TaskRun(
        model=model,
        config=config,
        n_params=model.n_params,
        tokens=d,
        train_flops=training_flops(model.n_params, d),
        loss_curve_nats=np.array([c.mean() for c in chunks]),
        wall_seconds=time.perf_counter() - t0,
    )


def _config_fields(config: TaskTrainConfig) -> dict:
    return {f: getattr(config, f) for f in config.__dataclass_fields__}
