"""The lab's checkable task: multi-digit addition, answered digit by digit.

A problem is ``a + b`` with operand lengths drawn uniformly from
``min_digits … max_digits``, so the answer has between 1 and ``max_digits + 1``
digits. A :class:`~scaling_lib.lab.task_model.DigitMLP` writes the answer least
significant digit first, one token at a time, feeding each generated digit back
in, and ends it with an EOS token. Long answers need many correct steps in a
row, so per-problem difficulty spreads over orders of magnitude.

What the chapters get from this module

* Chapter 4 (emergence): a size sweep in which per-digit accuracy and the
  log-probability of the correct answer rise smoothly with the parameter count
  N, while exact match on long answers looks sudden: the "mirage" of Schaeffer
  et al. 2023 (``schaeffer2023mirage``) against the emergent abilities of Wei
  et al. 2022 (``wei2022emergent``).
* Chapter 6 (test-time compute): n samples per problem at a temperature, with
  per-problem correct counts (for unbiased pass@k, ``chen2021evaluating``;
  coverage, ``brown2024monkeys``) and the full distribution of sampled answers
  (for majority vote, ``wang2022selfconsistency``).
* Chapter 9 (predicting abilities): a model ladder, every width at several
  training lengths, scored on the pre-training distribution, on task loss
  (−log P of the correct answer), per-digit accuracy, exact match and a
  multiple-choice version against near-miss distractors
  (:func:`near_miss_answers`, :func:`score_choices`, :class:`LadderSweep`), for
  the two-step forecasts of ``dubey2024llama3`` and ``bhagia2024ladders``.

Metrics, for a problem with answer digits ``y_1 … y_k`` followed by EOS
(``y_{k+1}``):

* per-digit accuracy: the fraction of the k digit positions at which the most
  likely next token, given the *correct* earlier tokens, is the correct digit
  (teacher forcing);
* exact match: greedy decoding reproduces the whole answer and stops;
* log-probability of the correct answer, log P(y) = Σ_{t=1}^{k+1} log p(y_t | y_{<t})
  in nats (EOS included, so it is the log-probability of generating exactly y);
* token edit distance: Levenshtein distance between the greedy digits and the
  correct digits.

If every step were right independently with probability p, exact match would be
p^(k+1) while the expected edit distance grows only like k·(1 − p): the mirage
argument in one line.

Training compute is C = 6·N·D FLOPs (``kaplan2020scaling``), with D the number of
answer tokens (digits and EOS) the model was trained on.

Usage in a chapter::

    from scaling_lib.lab.task import load_task_sweep, run_task_sweep
    full = load_task_sweep("emergence")          # cached, 15 widths x 5 seeds
    live = run_task_sweep("emergence", "live")   # the reader's own run, seconds
    full.at_length("exact_match", 11)            # one value per width
    samples = load_task_sweep("sampling").for_width(32)
    samples.n_correct, samples.n_samples         # c and n for pass@k

    run = train_task_model(width=32)             # one model, well under a second
    evaluate_task_model(run.model, AdditionTask().sample_answer_length(8, 500))

The cache is regenerated with ``python -m scaling_lib.lab.task full`` (about
seven minutes on 2 cores, most of it the ladder's five seeds).

Training, scoring and sampling run on one BLAS thread whatever the environment
says (:func:`scaling_lib.lab._threads.one_blas_thread`): the matrices are small.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

import scaling_lib
from scaling_lib._contract import output_record
from scaling_lib._validate import (
    InputTypeError,
    _show,
    as_bool,
    as_choice,
    as_fraction,
    as_int,
    as_int_array,
    as_int_list,
    as_list_of,
    as_nonnegative,
    as_optional_bool,
    as_path,
    as_positive,
    check_type,
)
from scaling_lib.compute import inference_flops, training_flops
from scaling_lib.lab._threads import blas_kernel, one_blas_thread
from scaling_lib.lab.optim import Adam, warmup_cosine_lr
from scaling_lib.lab.task_model import (
    ABSENT,
    BOS,
    EOS,
    N_DIGITS,
    DigitMLP,
    one_hot_inputs,
)

__all__ = [
    "AdditionTask",
    "AdditionProblems",
    "problems_from_ints",
    "TaskTrainConfig",
    "TaskRun",
    "train_task_model",
    "ProblemScores",
    "TaskMetrics",
    "score_problems",
    "evaluate_task_model",
    "evaluate_by_answer_length",
    "token_edit_distance",
    "GeneratedAnswers",
    "generate_answers",
    "SampleSummary",
    "sample_answers",
    "EmergencePreset",
    "SamplingPreset",
    "EmergenceSweep",
    "SamplingSweep",
    "TASK_PRESETS",
    "run_emergence_sweep",
    "run_sampling_sweep",
    "run_task_sweep",
    "load_task_sweep",
    "save_task_sweep",
    "regenerate_task_cache",
    "DATA_DIR",
    "near_miss_answers",
    "score_choices",
    "LadderPreset",
    "LadderSweep",
    "LADDER_METRICS",
    "run_ladder_sweep",
    "train_ladder_rung",
]

DATA_DIR = Path(__file__).resolve().parents[2] / "book" / "data" / "lab"
"""Where the cached full-size results live (``task_<name>.json``)."""

_MAX_DIGITS_LIMIT = 40
#: Ceilings, refused before any work: problems per call, samples per problem, width.
MAX_PROBLEMS = 10**6
MAX_SAMPLES = 10**4
MAX_ROWS = 10**7
MAX_WIDTH = 65_536
#: How to rebuild the cached task sweeps, for errors about a missing or damaged file.
REGENERATE = "run `make lab-data` (or `python -m scaling_lib.lab.task full`) to regenerate it"


# ---------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AdditionTask:
    """Addition problems ``a + b`` with operand lengths uniform in ``min_digits … max_digits``.

    Each operand's length is drawn independently; its digits are uniform, with
    a non-zero leading digit (so a ``d``-digit operand really has ``d`` digits;
    one-digit operands may be 0). The answer has ``max(len a, len b)`` or one
    more digit.
    """

    min_digits: int = 1
    max_digits: int = 10

    def __post_init__(self):
        lo = as_int("min_digits", self.min_digits)
        hi = as_int("max_digits", self.max_digits)
        if hi < lo:
            raise ValueError(f"max_digits must be >= min_digits ({lo}), got {hi}")
        if hi > _MAX_DIGITS_LIMIT:
            raise ValueError(f"max_digits must be at most {_MAX_DIGITS_LIMIT}, got {hi}")

    @property
    def max_answer_digits(self) -> int:
        """Longest possible answer, ``max_digits + 1`` digits."""
        return self.max_digits + 1

    @property
    def min_answer_digits(self) -> int:
        """Shortest possible answer: ``min_digits`` digits."""
        return self.min_digits

    def sample(self, n_problems: int, seed: int | np.random.Generator = 0) -> AdditionProblems:
        """Draw ``n_problems`` problems (deterministic for an integer ``seed``)."""
        n_problems = as_int("n_problems", n_problems, maximum=MAX_PROBLEMS)
        rng = _rng(seed)
        m = n_problems
        la = rng.integers(self.min_digits, self.max_digits + 1, m)
        lb = rng.integers(self.min_digits, self.max_digits + 1, m)
        a = _random_digits(la, self.max_digits, rng)
        b = _random_digits(lb, self.max_digits, rng)
        return AdditionProblems.from_digits(a, b)

    def sample_answer_length(
        self, answer_digits: int, n_problems: int, seed: int | np.random.Generator = 0
    ) -> AdditionProblems:
        """Draw ``n_problems`` problems whose answer has exactly ``answer_digits`` digits.

        The problems follow the task's distribution conditioned on the answer
        length (rejection sampling).
        """
        k = as_int("answer_digits", answer_digits, maximum=_MAX_DIGITS_LIMIT + 1)
        n_problems = as_int("n_problems", n_problems, maximum=MAX_PROBLEMS)
        if not self.min_answer_digits <= k <= self.max_answer_digits:
            raise ValueError(
                f"answer_digits must lie in {self.min_answer_digits}..{self.max_answer_digits} "
                f"for operands of {self.min_digits}..{self.max_digits} digits, got {k}"
            )
        rng = _rng(seed)
        kept: list[AdditionProblems] = []
        have = 0
        batch = max(4 * n_problems, 1024)
        while have < n_problems:
            p = self.sample(batch, rng)
            p = p.subset(np.flatnonzero(p.answer_digits == k))
            if len(p):
                kept.append(p)
                have += len(p)
            batch = min(batch * 2, 1 << 20)
        return AdditionProblems.concatenate(kept).subset(np.arange(n_problems))


def _rng(seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(as_int("seed", seed, minimum=0))


def _random_digits(lengths: np.ndarray, width: int, rng: np.random.Generator) -> np.ndarray:
    """Digits (LSB first) of random numbers with the given lengths, ABSENT-padded."""
    m = len(lengths)
    d = rng.integers(0, 10, (m, width))
    lead = rng.integers(1, 10, m)
    rows = np.arange(m)
    d[rows, lengths - 1] = np.where(lengths > 1, lead, d[rows, lengths - 1])
    return np.where(np.arange(width) < lengths[:, None], d, ABSENT)


@output_record
@dataclass
class AdditionProblems:
    """A batch of addition problems, stored as digit arrays, least significant digit first.

    Attributes
    ----------
    a, b : ndarray of int, shape (M, P)
        Operand digits, ``ABSENT`` (10) beyond each operand's length.
    answer : ndarray of int, shape (M, P + 1)
        Answer digits, ``EOS`` (10) beyond the answer's length.
    answer_digits : ndarray of int, shape (M,)
        Answer length k in digits.
    """

    a: np.ndarray
    b: np.ndarray
    answer: np.ndarray
    answer_digits: np.ndarray

    @classmethod
    def from_digits(cls, a: np.ndarray, b: np.ndarray) -> AdditionProblems:
        """Build problems (and their answers) from ABSENT-padded digit arrays."""
        a = as_int_array("a", a, ndim=2, high=ABSENT + 1).astype(np.int64)
        b = as_int_array("b", b, ndim=2, high=ABSENT + 1).astype(np.int64)
        if a.shape != b.shape or a.shape[1] > _MAX_DIGITS_LIMIT:
            raise ValueError(f"a and b must have one shape (problems, digits ≤ "
                             f"{_MAX_DIGITS_LIMIT}), but their shapes differ or are too wide: "
                             f"{a.shape} and {b.shape}")
        m, p = a.shape
        za = np.where(a == ABSENT, 0, a)
        zb = np.where(b == ABSENT, 0, b)
        s = np.zeros((m, p + 1), dtype=np.int64)
        carry = np.zeros(m, dtype=np.int64)
        for i in range(p):
            t = za[:, i] + zb[:, i] + carry
            s[:, i] = t % 10
            carry = t // 10
        s[:, p] = carry
        longest = np.maximum((a != ABSENT).sum(axis=1), (b != ABSENT).sum(axis=1))
        k = longest + (s[np.arange(m), longest] > 0)
        s = np.where(np.arange(p + 1) < k[:, None], s, EOS)
        return cls(a=a, b=b, answer=s, answer_digits=k)

    @classmethod
    def concatenate(cls, parts: list[AdditionProblems]) -> AdditionProblems:
        """Stack problem batches (of equal digit width)."""
        parts = as_list_of("parts", parts, AdditionProblems, "AdditionProblems")
        if len({q.a.shape[1] for q in parts}) > 1:
            raise ValueError(f"parts must have equal digit widths, got widths that differ: "
                             f"{sorted({q.a.shape[1] for q in parts})}")
        return cls(
            a=np.concatenate([q.a for q in parts]),
            b=np.concatenate([q.b for q in parts]),
            answer=np.concatenate([q.answer for q in parts]),
            answer_digits=np.concatenate([q.answer_digits for q in parts]),
        )

    def __len__(self) -> int:
        return len(self.answer_digits)

    def subset(self, index) -> AdditionProblems:
        """The problems at ``index`` (an index array, a boolean mask or a slice)."""
        if not isinstance(index, slice):
            arr = np.asarray(index) if isinstance(index, list | tuple | np.ndarray) else None
            if arr is not None and arr.dtype.kind == "b" and arr.shape == (len(self),):
                index = arr
            else:
                index = as_int_array("index", index, ndim=1, low=-len(self), high=len(self))
        return AdditionProblems(
            a=self.a[index], b=self.b[index], answer=self.answer[index],
            answer_digits=self.answer_digits[index],
        )

    @property
    def n_answer_tokens(self) -> int:
        """Answer tokens (digits plus one EOS each), the D that training on them counts."""
        return int(self.answer_digits.sum() + len(self))

    def texts(self) -> list[str]:
        """Problems as strings, e.g. ``'407+95=502'``."""
        return [
            f"{_digits_to_str(a)}+{_digits_to_str(b)}={_digits_to_str(s)}"
            for a, b, s in zip(self.a, self.b, self.answer, strict=True)
        ]

    def teacher_forced(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Model inputs and targets at every answer position, given the correct earlier tokens.

        Returns
        -------
        slots : ndarray (T, 5)
            ``a_i, b_i, a_{i-1}, b_{i-1}, s_{i-1}`` (BOS at i = 0) for each answer token.
        targets : ndarray (T,)
            The correct token: digit ``s_i`` for i < k, EOS at i = k.
        problem : ndarray (T,)
            Which problem each row belongs to.
        position : ndarray (T,)
            The position i (0 = least significant digit).
        """
        m, p = self.a.shape
        q = p + 1  # positions 0..p (the EOS of the longest answer sits at p + 1 only with carry)
        pa = np.full((m, q + 2), ABSENT)
        pb = np.full((m, q + 2), ABSENT)
        pa[:, 1 : p + 1] = self.a
        pb[:, 1 : p + 1] = self.b
        prev = np.full((m, q + 2), EOS)
        prev[:, 0] = BOS
        prev[:, 1 : p + 2] = self.answer
        i = np.arange(q + 1)
        slots = np.stack([pa[:, i + 1], pb[:, i + 1], pa[:, i], pb[:, i], prev[:, i]], axis=-1)
        targets = np.full((m, q + 1), EOS)
        targets[:, : p + 1] = self.answer
        mask = i[None, :] <= self.answer_digits[:, None]
        problem = np.broadcast_to(np.arange(m)[:, None], mask.shape)
        position = np.broadcast_to(i[None, :], mask.shape)
        return slots[mask], targets[mask], problem[mask], position[mask]


def _digits_to_str(d: np.ndarray) -> str:
    return "".join(str(int(x)) for x in d[::-1] if x < 10) or "?"


def problems_from_ints(a, b) -> AdditionProblems:
    """Problems from Python integers, e.g. ``problems_from_ints([123, 7], [456, 95])``."""
    given = {"a": a, "b": b}
    a = list(np.atleast_1d(np.asarray(a, dtype=object)))
    b = list(np.atleast_1d(np.asarray(b, dtype=object)))
    if len(a) != len(b) or not a:
        raise ValueError(f"a and b must have the same length (not 0); their lengths differ "
                         f"or are 0: {len(a)} and {len(b)} (a={_show(given['a'])}, "
                         f"b={_show(given['b'])})")
    for name, vals in (("a", a), ("b", b)):
        for v in vals:
            as_int(name, v, minimum=0, maximum=10**_MAX_DIGITS_LIMIT - 1)
    width = max(len(str(int(v))) for v in a + b)
    if width > _MAX_DIGITS_LIMIT:
        raise ValueError(f"operands must have at most {_MAX_DIGITS_LIMIT} digits, got {width}")

    def digits(vals):
        out = np.full((len(vals), width), ABSENT, dtype=np.int64)
        for r, v in enumerate(vals):
            s = str(int(v))[::-1]
            out[r, : len(s)] = [int(c) for c in s]
        return out

    return AdditionProblems.from_digits(digits(a), digits(b))


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Generation and evaluation
# ---------------------------------------------------------------------------


@output_record
@dataclass
class GeneratedAnswers:
    """Answers written by the model.

    Attributes
    ----------
    tokens : ndarray (R, L)
        Generated digits, least significant first, EOS-padded. A row that never
        emitted EOS within L steps is cut off (and cannot be correct).
    n_digits : ndarray (R,)
        Digits generated before EOS.
    problem : ndarray (R,)
        Index of the problem each row answers.
    correct : ndarray of bool (R,)
        Row equals the correct answer exactly (same digits, then EOS).
    """

    tokens: np.ndarray
    n_digits: np.ndarray
    problem: np.ndarray
    correct: np.ndarray

    def texts(self) -> list[str]:
        """Generated answers as decimal strings (most significant digit first)."""
        return [_digits_to_str(t[:n]) if n else "" for t, n in
                zip(self.tokens, self.n_digits, strict=True)]


@one_blas_thread()
def generate_answers(
    model: DigitMLP,
    problems: AdditionProblems,
    n_samples: int = 1,
    temperature: float = 0.0,
    seed: int = 0,
) -> GeneratedAnswers:
    """Write answers autoregressively: each token is fed back as the next step's input.

    ``temperature = 0`` is greedy decoding (argmax); otherwise tokens are
    sampled from softmax(logits / T). Rows are ordered problem-major: the
    ``n_samples`` answers to problem 0, then problem 1, … Deterministic given
    ``seed``.
    """
    _check_model_problems(model, problems)
    n_samples = as_int("n_samples", n_samples, maximum=MAX_SAMPLES)
    if n_samples * len(problems) > MAX_ROWS:
        raise ValueError(f"n_samples × problems = {n_samples * len(problems):,} answers is more "
                         f"than {MAX_ROWS:,}; sample fewer")
    temperature = as_nonnegative("temperature", temperature, allow_array=False)
    if 0 < temperature < 1e-6 or temperature > 1e6:
        raise ValueError(f"temperature must be 0 (greedy) or between 1e-6 and 1e6, got "
                         f"{temperature!r}")
    seed = as_int("seed", seed, minimum=0)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    idx = np.repeat(np.arange(len(problems)), n_samples)
    m, p = problems.a.shape
    steps = p + 2  # up to p + 1 digits, then EOS
    pa = np.full((m, steps + 1), ABSENT)
    pb = np.full((m, steps + 1), ABSENT)
    pa[:, 1 : p + 1] = problems.a
    pb[:, 1 : p + 1] = problems.b
    pa, pb = pa[idx], pb[idx]
    r = len(idx)
    out = np.full((r, steps), EOS)
    prev = np.full(r, BOS)
    alive = np.ones(r, dtype=bool)
    for i in range(steps):
        rows = np.flatnonzero(alive)
        if rows.size == 0:
            break
        slots = np.stack(
            [pa[rows, i + 1], pb[rows, i + 1], pa[rows, i], pb[rows, i], prev[rows]], axis=1
        )
        x = one_hot_inputs(slots)
        if temperature == 0:
            tok = model.logits(x).argmax(axis=1)
        else:
            prob = np.exp(model.log_probs(x, temperature))
            u = rng.random(rows.size)[:, None]
            tok = (prob.cumsum(axis=1) < u).sum(axis=1)
            tok = np.minimum(tok, EOS)
        out[rows, i] = tok
        prev[rows] = tok
        alive[rows[tok == EOS]] = False
    n_digits = np.argmax(np.concatenate([out, np.full((r, 1), EOS)], axis=1) == EOS, axis=1)
    # A row still alive after the last step never stopped: mark it with n_digits = steps.
    n_digits = np.where(alive, steps, n_digits)
    truth = problems.answer[idx]
    k = problems.answer_digits[idx]
    width = truth.shape[1]
    match = (out[:, :width] == truth).all(axis=1) & (out[:, width:] == EOS).all(axis=1)
    correct = match & (n_digits == k)
    return GeneratedAnswers(tokens=out, n_digits=n_digits, problem=idx, correct=correct)


def token_edit_distance(x: np.ndarray, x_len: np.ndarray, y: np.ndarray,
                        y_len: np.ndarray) -> np.ndarray:
    """Levenshtein distance between token rows ``x[r, :x_len[r]]`` and ``y[r, :y_len[r]]``.

    Insertions, deletions and substitutions each cost 1; vectorised over rows.
    """
    x = as_int_array("x", x, ndim=2, low=np.iinfo(np.int64).min)
    y = as_int_array("y", y, ndim=2, low=np.iinfo(np.int64).min)
    r, lx = x.shape
    ly = y.shape[1]
    x_len = as_int_array("x_len", x_len, ndim=1, high=lx + 1)
    y_len = as_int_array("y_len", y_len, ndim=1, high=ly + 1)
    if not (y.shape[0] == x_len.size == y_len.size == r):
        raise ValueError(f"x, x_len, y and y_len must have one row each per pair; their lengths "
                         f"differ: {r}, {x_len.size}, {y.shape[0]}, {y_len.size}")
    if lx * ly * max(r, 1) > 10**8:
        raise ValueError(f"x and y: {r} rows of {lx} × {ly} tokens is too much work (more than "
                         f"10⁸ cells)")
    prev = np.broadcast_to(np.arange(ly + 1), (r, ly + 1)).copy()
    result = np.where(x_len == 0, y_len, 0)
    for i in range(1, lx + 1):
        cur = np.empty_like(prev)
        cur[:, 0] = i
        sub = (x[:, i - 1 : i] != y).astype(prev.dtype)
        for j in range(1, ly + 1):
            cur[:, j] = np.minimum(
                np.minimum(prev[:, j] + 1, cur[:, j - 1] + 1), prev[:, j - 1] + sub[:, j - 1]
            )
        hit = x_len == i
        result = np.where(hit, cur[np.arange(r), y_len], result)
        prev = cur
    return result


@output_record
@dataclass
class ProblemScores:
    """Per-problem scores of a model (one entry per problem).

    Attributes
    ----------
    answer_digits : ndarray (M,)
        Answer length k.
    digit_accuracy : ndarray (M,)
        Fraction of the k digits predicted correctly under teacher forcing.
    exact_match : ndarray of bool (M,)
        Greedy decoding reproduces the answer exactly.
    logprob_nats : ndarray (M,)
        log P(correct answer, EOS included), nats.
    edit_distance_tokens : ndarray (M,)
        Levenshtein distance between greedy digits and correct digits.
    """

    answer_digits: np.ndarray
    digit_accuracy: np.ndarray
    exact_match: np.ndarray
    logprob_nats: np.ndarray
    edit_distance_tokens: np.ndarray


@one_blas_thread()
def score_problems(model: DigitMLP, problems: AdditionProblems) -> ProblemScores:
    """Score ``model`` on each problem: teacher-forced digits and log-probability, greedy answer."""
    _check_model_problems(model, problems)
    slots, targets, prob_idx, pos = problems.teacher_forced()
    logp = model.log_probs(one_hot_inputs(slots))
    rows = np.arange(len(targets))
    m = len(problems)
    lp = np.bincount(prob_idx, weights=logp[rows, targets], minlength=m)
    is_digit = pos < problems.answer_digits[prob_idx]
    right = (logp.argmax(axis=1) == targets) & is_digit
    digit_acc = np.bincount(prob_idx, weights=right, minlength=m) / problems.answer_digits
    gen = generate_answers(model, problems, 1, temperature=0.0)
    ed = token_edit_distance(gen.tokens, np.minimum(gen.n_digits, gen.tokens.shape[1]),
                             problems.answer, problems.answer_digits)
    return ProblemScores(
        answer_digits=problems.answer_digits.copy(),
        digit_accuracy=digit_acc,
        exact_match=gen.correct,
        logprob_nats=lp,
        edit_distance_tokens=ed.astype(float),
    )


def _check_model_problems(model, problems) -> None:
    check_type("model", model, DigitMLP, "a DigitMLP (e.g. train_task_model().model)")
    check_type("problems", problems, AdditionProblems,
               "AdditionProblems (e.g. AdditionTask().sample(100))")


@output_record
@dataclass
class TaskMetrics:
    """Averages of :class:`ProblemScores` over a test set.

    ``per_digit_accuracy`` pools all digits (Σ correct digits / Σ k); on a test
    set of a single answer length it equals the mean of per-problem accuracies.
    ``mean_logprob_per_token_nats`` divides the summed log-probability by the
    number of answer tokens (digits and EOS).
    """

    n_problems: int
    per_digit_accuracy: float
    exact_match: float
    mean_logprob_nats: float
    mean_logprob_per_token_nats: float
    mean_edit_distance_tokens: float

    @classmethod
    def from_scores(cls, s: ProblemScores) -> TaskMetrics:
        check_type("s", s, ProblemScores, "ProblemScores (from score_problems)")
        k = s.answer_digits
        return cls(
            n_problems=int(len(k)),
            per_digit_accuracy=float((s.digit_accuracy * k).sum() / k.sum()),
            exact_match=float(np.mean(s.exact_match)),
            mean_logprob_nats=float(np.mean(s.logprob_nats)),
            mean_logprob_per_token_nats=float(s.logprob_nats.sum() / (k + 1).sum()),
            mean_edit_distance_tokens=float(np.mean(s.edit_distance_tokens)),
        )


def evaluate_task_model(model: DigitMLP, problems: AdditionProblems) -> TaskMetrics:
    """Per-digit accuracy, exact match, mean log P(answer) and edit distance on ``problems``."""
    return TaskMetrics.from_scores(score_problems(model, problems))


@one_blas_thread()
def evaluate_by_answer_length(
    model: DigitMLP,
    answer_lengths=(2, 5, 8, 11),
    n_problems: int = 500,
    task: AdditionTask | None = None,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Metrics of ``model`` on fresh test sets of each answer length k.

    Returns a dict with ``answer_lengths`` and one array per :class:`TaskMetrics`
    field (``per_digit_accuracy``, ``exact_match``, …), aligned with the lengths.
    Test set k uses seed ``seed + k``, so different models see the same problems.
    """
    check_type("model", model, DigitMLP, "a DigitMLP (e.g. train_task_model().model)")
    if task is not None:
        check_type("task", task, AdditionTask, "None or an AdditionTask")
    task = task if task is not None else AdditionTask()
    n_problems = as_int("n_problems", n_problems, maximum=MAX_PROBLEMS)
    seed = as_int("seed", seed, minimum=0)
    lengths = as_int_list("answer_lengths", answer_lengths if np.ndim(answer_lengths)
                          else [answer_lengths], maximum=_MAX_DIGITS_LIMIT + 1)
    rows = [asdict(evaluate_task_model(model, task.sample_answer_length(k, n_problems,
                                                                         seed + k)))
            for k in lengths]
    out = {"answer_lengths": np.array(lengths)}
    for name in rows[0]:
        out[name] = np.array([r[name] for r in rows])
    return out


# ---------------------------------------------------------------------------
# Multiple choice (chapter 9)
# ---------------------------------------------------------------------------

MAX_DISTRACTORS = 9
"""At most nine near-miss distractors: a one-digit answer has exactly nine."""


def near_miss_answers(problems: AdditionProblems, n_distractors: int = 3,
                      seed: int = 0) -> np.ndarray:
    """Wrong answers that differ from the correct one in exactly one digit.

    For each problem, ``n_distractors`` distinct (position, digit) changes are
    drawn without replacement; an answer of k > 1 digits never gets a leading 0,
    so every distractor is a well-formed k-digit number. These are the hard
    distractors of a multiple-choice test: each sits one token away from the truth.

    Returns
    -------
    ndarray of int, shape (M, n_distractors, P + 1)
        Distractor digits, least significant first, EOS-padded like ``problems.answer``.
    """
    check_type("problems", problems, AdditionProblems,
               "AdditionProblems (e.g. AdditionTask().sample(100))")
    n = as_int("n_distractors", n_distractors, maximum=MAX_DISTRACTORS)
    rng = _rng(seed)
    m, width = problems.answer.shape
    k = problems.answer_digits
    pos = np.arange(width)[None, :, None]
    digit = np.arange(N_DIGITS)[None, None, :]
    truth = problems.answer[:, :, None]
    valid = (pos < k[:, None, None]) & (digit != truth)
    valid &= ~((pos == (k - 1)[:, None, None]) & (k[:, None, None] > 1) & (digit == 0))
    keys = np.where(valid, rng.random(valid.shape), np.inf).reshape(m, -1)
    pick = np.argsort(keys, axis=1, kind="stable")[:, :n]
    p_idx, d_idx = np.divmod(pick, N_DIGITS)
    out = np.repeat(problems.answer[:, None, :], n, axis=1)
    rows = np.arange(m)[:, None]
    out[rows, np.arange(n)[None, :], p_idx] = d_idx
    return out


@one_blas_thread()
def score_choices(model: DigitMLP, problems: AdditionProblems, n_distractors: int = 3,
                  seed: int = 0) -> np.ndarray:
    """log P of the correct answer and of ``n_distractors`` near misses, per problem.

    Each candidate is scored like a ranked-classification benchmark scores an
    option: the summed log-probability of its tokens (EOS included) under
    teacher forcing, log P(c) = Σ_t log p(c_t | c_<t). Column 0 is the correct
    answer; columns 1… are :func:`near_miss_answers` (nested: the first j
    distractors for any j ≤ ``n_distractors`` are the same draws).

    Returns
    -------
    ndarray, shape (M, 1 + n_distractors), nats
    """
    _check_model_problems(model, problems)
    wrong = near_miss_answers(problems, n_distractors, seed)
    m, n = len(problems), wrong.shape[1]
    cand = np.concatenate([problems.answer[:, None, :], wrong], axis=1)  # (M, 1+n, P+1)
    reps = 1 + n
    big = AdditionProblems(
        a=np.repeat(problems.a, reps, axis=0), b=np.repeat(problems.b, reps, axis=0),
        answer=cand.reshape(m * reps, -1),
        answer_digits=np.repeat(problems.answer_digits, reps),
    )
    slots, targets, idx, _ = big.teacher_forced()
    logp = model.log_probs(one_hot_inputs(slots))
    lp = np.bincount(idx, weights=logp[np.arange(len(targets)), targets], minlength=m * reps)
    return lp.reshape(m, reps)


def _choice_metrics(lp: np.ndarray, n_choices: int) -> tuple[float, float]:
    """Accuracy (the correct option has the top score) and the mean normalised
    probability of the correct option among the first ``n_choices`` options."""
    sub = lp[:, :n_choices]
    acc = float(np.mean(sub[:, 0] > sub[:, 1:].max(axis=1)))
    z = sub - sub.max(axis=1, keepdims=True)
    p = np.exp(z[:, 0]) / np.exp(z).sum(axis=1)
    return acc, float(p.mean())


# ---------------------------------------------------------------------------
# Sampling (chapter 6)
# ---------------------------------------------------------------------------


def _from_dict(cls, d, build):
    """``build(d)``, or a ValueError saying ``d`` is not what ``cls.to_dict()`` writes."""
    if not isinstance(d, dict):
        raise InputTypeError(f"d must be a dict written by {cls.__name__}.to_dict(), got "
                             f"{_show(d)}")
    try:
        return build(d)
    except (KeyError, TypeError, ValueError, IndexError) as err:
        what = f"missing key {err}" if isinstance(err, KeyError) else f"{type(err).__name__}: {err}"
        raise ValueError(f"d is not a {cls.__name__} as written by to_dict() ({what})") from None


@output_record
@dataclass
class SampleSummary:
    """n sampled answers per problem, reduced to what pass@k and majority vote need.

    Attributes
    ----------
    n_samples : int
        n, samples per problem.
    temperature : float
    answer_digits : ndarray (M,)
        Correct answer length k.
    n_correct : ndarray (M,)
        c, samples equal to the correct answer (for unbiased pass@k,
        ``chen2021evaluating``).
    greedy_correct : ndarray of bool (M,)
        Whether greedy decoding is right.
    answer_counts : list of ndarray
        For each problem, the counts of the distinct sampled answers, largest
        first (they sum to n). Majority vote over all n samples picks index 0.
    correct_rank : ndarray (M,)
        Index of the correct answer in ``answer_counts`` (−1 if never sampled).
    top_answers : list of list of str
        The (up to) three most frequent answers as strings, for display.
    problems : list of str
        The problems, e.g. ``'407+95=502'``.
    """

    n_samples: int
    temperature: float
    answer_digits: np.ndarray
    n_correct: np.ndarray
    greedy_correct: np.ndarray
    answer_counts: list
    correct_rank: np.ndarray
    top_answers: list
    problems: list

    @property
    def majority_correct(self) -> np.ndarray:
        """Majority vote over all n samples is right (ties broken against it: strict mode)."""
        out = np.zeros(len(self.n_correct), dtype=bool)
        for i, (c, r) in enumerate(zip(self.answer_counts, self.correct_rank, strict=True)):
            out[i] = r == 0 and (len(c) == 1 or c[0] > c[1])
        return out

    def to_dict(self) -> dict:
        return {
            "n_samples": self.n_samples,
            "temperature": self.temperature,
            "answer_digits": self.answer_digits.tolist(),
            "n_correct": self.n_correct.tolist(),
            "greedy_correct": self.greedy_correct.astype(int).tolist(),
            "answer_counts": [c.tolist() for c in self.answer_counts],
            "correct_rank": self.correct_rank.tolist(),
            "top_answers": self.top_answers,
            "problems": self.problems,
        }

    @classmethod
    def from_dict(cls, d: dict) -> SampleSummary:
        return _from_dict(cls, d, cls._from_dict)

    @classmethod
    def _from_dict(cls, d: dict) -> SampleSummary:
        return cls(
            n_samples=int(d["n_samples"]),
            temperature=float(d["temperature"]),
            answer_digits=np.array(d["answer_digits"], dtype=int),
            n_correct=np.array(d["n_correct"], dtype=int),
            greedy_correct=np.array(d["greedy_correct"], dtype=bool),
            answer_counts=[np.array(c, dtype=int) for c in d["answer_counts"]],
            correct_rank=np.array(d["correct_rank"], dtype=int),
            top_answers=[list(t) for t in d["top_answers"]],
            problems=list(d["problems"]),
        )


@one_blas_thread()
def sample_answers(
    model: DigitMLP,
    problems: AdditionProblems,
    n_samples: int,
    temperature: float = 1.0,
    seed: int = 0,
) -> SampleSummary:
    """Sample ``n_samples`` answers per problem at ``temperature`` and summarise them."""
    _check_model_problems(model, problems)
    temperature = as_positive("temperature", temperature, allow_array=False)
    gen = generate_answers(model, problems, n_samples, temperature, seed)
    greedy = generate_answers(model, problems, 1, 0.0)
    n_correct = np.bincount(gen.problem, weights=gen.correct, minlength=len(problems))
    texts = np.array(gen.texts(), dtype=object)
    truth = [t.split("=")[1] for t in problems.texts()]
    counts, ranks, tops = [], [], []
    for i in range(len(problems)):
        answers = texts[i * n_samples : (i + 1) * n_samples]
        # Rows that never emitted EOS are distinct failures; tag them so they never vote
        # together with a finished answer.
        cut = gen.n_digits[i * n_samples : (i + 1) * n_samples] >= gen.tokens.shape[1]
        answers = np.where(cut, "…" + answers.astype(str), answers.astype(str))
        uniq, cnt = np.unique(answers, return_counts=True)
        order = np.lexsort((uniq, -cnt))
        uniq, cnt = uniq[order], cnt[order]
        counts.append(cnt.astype(int))
        hit = np.flatnonzero(uniq == truth[i])
        ranks.append(int(hit[0]) if hit.size else -1)
        tops.append([str(u) for u in uniq[:3]])
    return SampleSummary(
        n_samples=n_samples,
        temperature=float(temperature),
        answer_digits=problems.answer_digits.copy(),
        n_correct=n_correct.astype(int),
        greedy_correct=greedy.correct,
        answer_counts=counts,
        correct_rank=np.array(ranks, dtype=int),
        top_answers=tops,
        problems=problems.texts(),
    )


# ---------------------------------------------------------------------------
# Presets, parallel runs, cache
# ---------------------------------------------------------------------------



@dataclass(frozen=True)
class EmergencePreset:
    """A size sweep for chapter 4: every width trained with the same recipe, scored per k.

    All widths see the same D training tokens at the same peak learning rate
    (like a model family trained on one data set), so larger models learn more
    from the same data. Each (width, seed) is scored on ``problems_per_length``
    fresh problems for each answer length k in ``answer_lengths``.
    """

    widths: tuple = (2, 4, 8, 16, 23, 32, 45, 64, 128)
    n_seeds: int = 2
    tokens: int = 150_000
    peak_lr: float = 0.01
    answer_lengths: tuple = (2, 5, 8, 11)
    problems_per_length: int = 200
    task: AdditionTask = field(default_factory=AdditionTask)

    def __post_init__(self):
        from scaling_lib.lab.train import MAX_TOKENS

        check_type("task", self.task, AdditionTask, "an AdditionTask")
        as_int_list("widths", self.widths, maximum=MAX_WIDTH)
        as_int("n_seeds", self.n_seeds, maximum=1000)
        as_int("tokens", self.tokens, maximum=MAX_TOKENS)
        as_positive("peak_lr", self.peak_lr, allow_array=False)
        as_int("problems_per_length", self.problems_per_length, maximum=MAX_PROBLEMS)
        for k in as_int_list("answer_lengths", self.answer_lengths):
            if not self.task.min_answer_digits <= k <= self.task.max_answer_digits:
                raise ValueError(f"answer_lengths must lie in {self.task.min_answer_digits}.."
                                 f"{self.task.max_answer_digits}, got {k}")
        if not self.widths or not self.answer_lengths:
            raise ValueError("widths and answer_lengths must not be empty")


@dataclass(frozen=True)
class SamplingPreset:
    """n samples per test problem from models of a few widths, for chapter 6.

    Test problems come from the task's own distribution (answer lengths 1 to
    ``max_digits + 1``), so per-problem success rates spread over orders of
    magnitude.
    """

    widths: tuple = (32, 128)
    tokens: int = 150_000
    peak_lr: float = 0.01
    n_problems: int = 100
    n_samples: int = 32
    temperature: float = 1.0
    task: AdditionTask = field(default_factory=AdditionTask)

    def __post_init__(self):
        from scaling_lib.lab.train import MAX_TOKENS

        check_type("task", self.task, AdditionTask, "an AdditionTask")
        as_int_list("widths", self.widths, maximum=MAX_WIDTH)
        as_int("tokens", self.tokens, maximum=MAX_TOKENS)
        as_positive("peak_lr", self.peak_lr, allow_array=False)
        as_int("n_problems", self.n_problems, maximum=MAX_PROBLEMS)
        as_int("n_samples", self.n_samples, maximum=MAX_SAMPLES)
        as_positive("temperature", self.temperature, allow_array=False)


@dataclass(frozen=True)
class LadderPreset:
    """A model ladder for chapter 9: every width at every training length, scored per k.

    Each (width, tokens, seed) run is scored on the pre-training distribution
    (``pretrain_problems`` fresh problems of all lengths: the "pre-training
    loss") and, for each answer length k in ``answer_lengths``, on the same
    ``problems_per_length`` test problems as chapter 4's sweep, with
    teacher-forced task loss, per-digit accuracy, greedy exact match and a
    multiple-choice version (the correct answer against near-miss distractors,
    ``n_choices`` options in all).
    """

    widths: tuple = (4, 8, 16, 32, 64)
    tokens: tuple = (50_000, 150_000)
    n_seeds: int = 1
    peak_lr: float = 0.01
    answer_lengths: tuple = (8, 11)
    problems_per_length: int = 300
    pretrain_problems: int = 1000
    n_choices: tuple = (2, 4, 10)
    task: AdditionTask = field(default_factory=AdditionTask)

    def __post_init__(self):
        from scaling_lib.lab.train import MAX_TOKENS

        check_type("task", self.task, AdditionTask, "an AdditionTask")
        as_int_list("widths", self.widths, maximum=MAX_WIDTH)
        for t in as_int_list("tokens", self.tokens, maximum=MAX_TOKENS):
            if t < TaskTrainConfig.batch_tokens:
                raise ValueError(f"tokens must be at least {TaskTrainConfig.batch_tokens} "
                                 f"(one batch), got {t}")
        as_int("n_seeds", self.n_seeds, maximum=1000)
        as_positive("peak_lr", self.peak_lr, allow_array=False)
        as_int("problems_per_length", self.problems_per_length, maximum=MAX_PROBLEMS)
        as_int("pretrain_problems", self.pretrain_problems, maximum=MAX_PROBLEMS)
        choices = as_int_list("n_choices", self.n_choices, maximum=MAX_DISTRACTORS + 1)
        if min(choices, default=2) < 2:
            raise ValueError(f"n_choices must all be at least 2 (the correct answer and one "
                             f"distractor), got {_show(self.n_choices)}")
        for k in as_int_list("answer_lengths", self.answer_lengths):
            if not self.task.min_answer_digits <= k <= self.task.max_answer_digits:
                raise ValueError(f"answer_lengths must lie in {self.task.min_answer_digits}.."
                                 f"{self.task.max_answer_digits}, got {k}")
        if not (self.widths and self.tokens and self.answer_lengths and self.n_choices):
            raise ValueError("widths, tokens, answer_lengths and n_choices must not be empty")


TASK_PRESETS = {
    "emergence": {
        "live": EmergencePreset(),
        "full": EmergencePreset(
            widths=(2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 90, 128, 181, 256),
            n_seeds=5,
            answer_lengths=tuple(range(1, 12)),
            problems_per_length=1000,
        ),
    },
    "sampling": {
        "live": SamplingPreset(),
        "full": SamplingPreset(widths=(16, 32, 64, 128), n_problems=200, n_samples=100),
    },
    "ladder": {
        "live": LadderPreset(),
        "full": LadderPreset(
            widths=(2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 90, 128, 181),
            tokens=(50_000, 150_000, 450_000),
            n_seeds=5,
            answer_lengths=(5, 8, 11),
            problems_per_length=1000,
            pretrain_problems=2000,
        ),
    },
}
"""Presets by name and size (``"live"``: ≤ 30 s on 2 cores; ``"full"``: cached in book/data)."""


def _preset(name: str, size: str):
    as_choice("name", name, tuple(sorted(TASK_PRESETS)))
    as_choice("size", size, ("live", "full"))
    return TASK_PRESETS[name][size]


def _emergence_job(args) -> dict:
    preset, width, rep, seed = args
    run_seed = int(np.random.SeedSequence([seed, width, rep]).generate_state(1)[0] % 2**31)
    run = train_task_model(TaskTrainConfig(width=width, tokens=preset.tokens,
                                           peak_lr=preset.peak_lr, seed=run_seed,
                                           task=preset.task))
    t0 = time.perf_counter()
    rows = []
    for k in preset.answer_lengths:
        test = preset.task.sample_answer_length(k, preset.problems_per_length, seed=1000 + k)
        rows.append(asdict(evaluate_task_model(run.model, test)))
    return {
        "width": width, "rep": rep, "run_seed": run_seed, "n_params": run.n_params,
        "tokens": run.tokens, "train_flops": run.train_flops,
        "final_train_loss_nats": float(run.loss_curve_nats[-1]),
        "train_seconds": run.wall_seconds, "eval_seconds": time.perf_counter() - t0,
        "metrics": rows,
    }


def _sampling_job(args) -> dict:
    preset, width, seed = args
    run_seed = int(np.random.SeedSequence([seed, width, 7]).generate_state(1)[0] % 2**31)
    run = train_task_model(TaskTrainConfig(width=width, tokens=preset.tokens,
                                           peak_lr=preset.peak_lr, seed=run_seed,
                                           task=preset.task))
    t0 = time.perf_counter()
    test = preset.task.sample(preset.n_problems, seed=2000 + seed)
    summary = sample_answers(run.model, test, preset.n_samples, preset.temperature, seed=seed)
    return {
        "width": width, "run_seed": run_seed, "n_params": run.n_params,
        "tokens": run.tokens, "train_flops": run.train_flops,
        "final_train_loss_nats": float(run.loss_curve_nats[-1]),
        "train_seconds": run.wall_seconds, "sample_seconds": time.perf_counter() - t0,
        "summary": summary.to_dict(),
    }


def _ladder_job(args) -> dict:
    preset, width, tokens, rep, seed = args
    run_seed = int(np.random.SeedSequence([seed, width, tokens, rep, 9]).generate_state(1)[0]
                   % 2**31)
    run = train_task_model(TaskTrainConfig(width=width, tokens=tokens, peak_lr=preset.peak_lr,
                                           seed=run_seed, task=preset.task))
    t0 = time.perf_counter()
    model = run.model
    pre = preset.task.sample(preset.pretrain_problems, seed=3000)
    slots, targets, _, _ = pre.teacher_forced()
    logp = model.log_probs(one_hot_inputs(slots))
    pretrain = float(-logp[np.arange(len(targets)), targets].mean())
    names = [*LADDER_METRICS, *(f"mc{c}_{m}" for c in preset.n_choices
                                for m in ("accuracy", "prob_correct"))]
    rows = {m: [] for m in names}
    for k in preset.answer_lengths:
        test = preset.task.sample_answer_length(k, preset.problems_per_length, seed=1000 + k)
        s = score_problems(model, test)
        tm = TaskMetrics.from_scores(s)
        rows["task_loss_nats"].append(-tm.mean_logprob_nats)
        rows["task_loss_per_token_nats"].append(-tm.mean_logprob_per_token_nats)
        rows["p_correct"].append(float(np.mean(np.exp(s.logprob_nats))))
        rows["per_digit_accuracy"].append(tm.per_digit_accuracy)
        rows["exact_match"].append(tm.exact_match)
        rows["mean_edit_distance_tokens"].append(tm.mean_edit_distance_tokens)
        lp = score_choices(model, test, max(preset.n_choices) - 1, seed=4000 + k)
        for c in preset.n_choices:
            acc, prob = _choice_metrics(lp, c)
            rows[f"mc{c}_accuracy"].append(acc)
            rows[f"mc{c}_prob_correct"].append(prob)
    return {
        "width": width, "tokens_requested": tokens, "rep": rep, "run_seed": run_seed,
        "n_params": run.n_params, "tokens": run.tokens, "train_flops": run.train_flops,
        "pretrain_loss_nats": pretrain,
        "final_train_loss_nats": float(run.loss_curve_nats[-1]),
        "train_seconds": run.wall_seconds, "eval_seconds": time.perf_counter() - t0,
        "metrics": rows,
    }


def _run_jobs(fn, jobs: list, workers: int | None, progress: bool | None,
              desc: str) -> tuple[list, int]:
    """Run ``fn`` over ``jobs``; return the results in job order and the workers used.

    ``workers > 0`` uses that many spawned processes, each with one BLAS thread
    (small matrix products are many times slower with several BLAS threads on a
    busy machine); ``workers = 0`` runs in this process.
    """
    import os

    from scaling_lib.lab.parallel import map_in_workers

    progress = as_optional_bool("progress", progress)
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    workers = min(as_int("workers", workers, minimum=0, maximum=256), len(jobs))
    return map_in_workers(fn, jobs, workers=workers, progress=progress, desc=desc), workers


def _meta(name: str, size: str, preset, seed: int, wall: float, workers) -> dict:
    return {
        "name": name,
        "size": size,
        "settings": _jsonable(asdict(preset)),
        "seed": seed,
        "library_version": scaling_lib.__version__,
        "wall_seconds": wall,
        "workers": workers,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "blas_kernel": blas_kernel(),
    }


def _jsonable(x):
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    return x


_METRIC_NAMES = ("per_digit_accuracy", "exact_match", "mean_logprob_nats",
                 "mean_logprob_per_token_nats", "mean_edit_distance_tokens")


@output_record
@dataclass
class EmergenceSweep:
    """Results of an emergence size sweep.

    Metric arrays have shape (n_seeds, n_widths, n_answer_lengths); ``mean(name)``
    averages over seeds. Metric names: ``per_digit_accuracy``, ``exact_match``,
    ``mean_logprob_nats`` (log P of the whole correct answer),
    ``mean_logprob_per_token_nats`` and ``mean_edit_distance_tokens``.

    Attributes
    ----------
    widths, n_params, train_flops : ndarray (n_widths,)
        Hidden width h, parameters N = 67·h + 11, training FLOPs C = 6·N·D.
    tokens : int
        Training tokens D per model.
    answer_lengths : ndarray (n_answer_lengths,)
        Answer lengths k (digits) of the test sets.
    metrics : dict of str to ndarray (n_seeds, n_widths, n_answer_lengths)
    final_train_loss_nats : ndarray (n_seeds, n_widths)
    meta : dict
        Settings, seed, library version, wall time.
    """

    widths: np.ndarray
    n_params: np.ndarray
    train_flops: np.ndarray
    tokens: int
    answer_lengths: np.ndarray
    metrics: dict
    final_train_loss_nats: np.ndarray
    meta: dict

    def mean(self, metric: str) -> np.ndarray:
        """Seed-averaged metric, shape (n_widths, n_answer_lengths)."""
        as_choice("metric", metric, tuple(sorted(self.metrics)))
        return self.metrics[metric].mean(axis=0)

    def at_length(self, metric: str, answer_digits: int) -> np.ndarray:
        """Seed-averaged metric against width for one answer length k, shape (n_widths,)."""
        as_choice("metric", metric, tuple(sorted(self.metrics)))
        hit = np.flatnonzero(self.answer_lengths == as_int("answer_digits", answer_digits))
        if hit.size == 0:
            raise ValueError(f"answer_digits must be one of {self.answer_lengths.tolist()}, "
                             f"got {answer_digits!r}")
        return self.mean(metric)[:, hit[0]]

    def to_dict(self) -> dict:
        return {
            "kind": "emergence",
            "meta": self.meta,
            "widths": self.widths.tolist(),
            "n_params": self.n_params.tolist(),
            "train_flops": self.train_flops.tolist(),
            "tokens": int(self.tokens),
            "answer_lengths": self.answer_lengths.tolist(),
            "metrics": {k: np.round(v, 6).tolist() for k, v in self.metrics.items()},
            "final_train_loss_nats": np.round(self.final_train_loss_nats, 6).tolist(),
        }

    @classmethod
    def from_dict(cls, d: dict) -> EmergenceSweep:
        return _from_dict(cls, d, cls._from_dict)

    @classmethod
    def _from_dict(cls, d: dict) -> EmergenceSweep:
        return cls(
            widths=np.array(d["widths"], dtype=int),
            n_params=np.array(d["n_params"], dtype=int),
            train_flops=np.array(d["train_flops"], dtype=float),
            tokens=int(d["tokens"]),
            answer_lengths=np.array(d["answer_lengths"], dtype=int),
            metrics={k: np.array(v, dtype=float) for k, v in d["metrics"].items()},
            final_train_loss_nats=np.array(d["final_train_loss_nats"], dtype=float),
            meta=d["meta"],
        )


@output_record
@dataclass
class SamplingSweep:
    """Sampled answers from models of several widths on one shared set of test problems.

    Attributes
    ----------
    widths, n_params, train_flops : ndarray (n_models,)
    tokens : int
        Training tokens D per model.
    samples : list of SampleSummary
        One per width, same problems in the same order.
    meta : dict
    """

    widths: np.ndarray
    n_params: np.ndarray
    train_flops: np.ndarray
    tokens: int
    samples: list
    meta: dict

    def for_width(self, width: int) -> SampleSummary:
        """The :class:`SampleSummary` of the model of hidden width ``width``."""
        hit = np.flatnonzero(self.widths == as_int("width", width))
        if hit.size == 0:
            raise ValueError(f"width must be one of {self.widths.tolist()}, got {width!r}")
        return self.samples[hit[0]]

    @property
    def inference_flops_per_token(self) -> np.ndarray:
        """2·N FLOPs per generated token (forward pass only), per model."""
        return inference_flops(self.n_params)

    def to_dict(self) -> dict:
        return {
            "kind": "sampling",
            "meta": self.meta,
            "widths": self.widths.tolist(),
            "n_params": self.n_params.tolist(),
            "train_flops": self.train_flops.tolist(),
            "tokens": int(self.tokens),
            "samples": [s.to_dict() for s in self.samples],
        }

    @classmethod
    def from_dict(cls, d: dict) -> SamplingSweep:
        return _from_dict(cls, d, cls._from_dict)

    @classmethod
    def _from_dict(cls, d: dict) -> SamplingSweep:
        return cls(
            widths=np.array(d["widths"], dtype=int),
            n_params=np.array(d["n_params"], dtype=int),
            train_flops=np.array(d["train_flops"], dtype=float),
            tokens=int(d["tokens"]),
            samples=[SampleSummary.from_dict(s) for s in d["samples"]],
            meta=d["meta"],
        )


LADDER_METRICS = (
    "task_loss_nats", "task_loss_per_token_nats", "p_correct", "per_digit_accuracy",
    "exact_match", "mean_edit_distance_tokens",
)
"""Per-k metrics of every ladder run, besides the multiple-choice ones
(``mc<c>_accuracy`` and ``mc<c>_prob_correct`` for each number of options c)."""


@output_record
@dataclass
class LadderSweep:
    """Results of a model ladder on the addition task (chapter 9).

    A *rung* is one (training length, width) pair; rungs are ordered
    tokens-major, so ``rung_widths``, ``rung_tokens``, ``rung_params`` and
    ``rung_flops`` (C = 6·N·D) line up with every flattened metric.

    Metric arrays have shape (n_seeds, n_tokens, n_widths, n_answer_lengths):
    ``task_loss_nats`` (−log P of the whole correct answer, EOS included),
    ``task_loss_per_token_nats``, ``p_correct`` (mean P of the correct answer),
    ``per_digit_accuracy``, ``exact_match``, ``mean_edit_distance_tokens``, and
    for each number of options c in ``n_choices``: ``mc<c>_accuracy`` (the
    correct answer scores above c − 1 near misses) and ``mc<c>_prob_correct``
    (its probability renormalised over the c options).

    Attributes
    ----------
    widths, n_params : ndarray (n_widths,)
    tokens : ndarray (n_tokens,)
        Training tokens D of each training length.
    answer_lengths : ndarray (n_answer_lengths,)
    n_choices : ndarray
    metrics : dict of str to ndarray
    pretrain_loss_nats : ndarray (n_seeds, n_tokens, n_widths)
        Cross-entropy per answer token on fresh problems from the training distribution.
    final_train_loss_nats : ndarray (n_seeds, n_tokens, n_widths)
    meta : dict
    """

    widths: np.ndarray
    n_params: np.ndarray
    tokens: np.ndarray
    answer_lengths: np.ndarray
    n_choices: np.ndarray
    metrics: dict
    pretrain_loss_nats: np.ndarray
    final_train_loss_nats: np.ndarray
    meta: dict

    @property
    def rung_widths(self) -> np.ndarray:
        """Width of each rung (tokens-major order)."""
        return np.tile(self.widths, len(self.tokens))

    @property
    def rung_params(self) -> np.ndarray:
        """Parameter count N of each rung."""
        return np.tile(self.n_params, len(self.tokens))

    @property
    def rung_tokens(self) -> np.ndarray:
        """Training tokens D of each rung."""
        return np.repeat(self.tokens, len(self.widths))

    @property
    def rung_flops(self) -> np.ndarray:
        """Training compute C = 6·N·D of each rung, FLOPs."""
        return training_flops(self.rung_params, self.rung_tokens).astype(float)

    def metric(self, name: str, answer_digits: int | None = None, *,
               per_seed: bool = False) -> np.ndarray:
        """One metric per rung, seed-averaged (shape (n_rungs,)) or per seed
        (``per_seed=True``: shape (n_seeds, n_rungs)).

        ``name`` is a key of ``metrics`` (then ``answer_digits`` picks the test
        set) or ``"pretrain_loss_nats"`` / ``"final_train_loss_nats"``.
        """
        per_seed = as_bool("per_seed", per_seed)
        runs = ("pretrain_loss_nats", "final_train_loss_nats")
        as_choice("name", name, (*sorted(self.metrics), *runs))
        if name in runs:
            x = getattr(self, name)
        else:
            if answer_digits is None:
                raise ValueError(f"answer_digits must be one of "
                                 f"{self.answer_lengths.tolist()} for metric {name!r}, got None")
            hit = np.flatnonzero(self.answer_lengths == as_int("answer_digits", answer_digits))
            if hit.size == 0:
                raise ValueError(f"answer_digits must be one of "
                                 f"{self.answer_lengths.tolist()}, got {answer_digits!r}")
            x = self.metrics[name][..., hit[0]]
        x = x.reshape(x.shape[0], -1)
        return x if per_seed else x.mean(axis=0)

    def to_dict(self) -> dict:
        return {
            "kind": "ladder",
            "meta": self.meta,
            "widths": self.widths.tolist(),
            "n_params": self.n_params.tolist(),
            "tokens": self.tokens.tolist(),
            "answer_lengths": self.answer_lengths.tolist(),
            "n_choices": self.n_choices.tolist(),
            "metrics": {k: np.round(v, 6).tolist() for k, v in self.metrics.items()},
            "pretrain_loss_nats": np.round(self.pretrain_loss_nats, 6).tolist(),
            "final_train_loss_nats": np.round(self.final_train_loss_nats, 6).tolist(),
        }

    @classmethod
    def from_dict(cls, d: dict) -> LadderSweep:
        return _from_dict(cls, d, cls._from_dict)

    @classmethod
    def _from_dict(cls, d: dict) -> LadderSweep:
        return cls(
            widths=np.array(d["widths"], dtype=int),
            n_params=np.array(d["n_params"], dtype=int),
            tokens=np.array(d["tokens"], dtype=int),
            answer_lengths=np.array(d["answer_lengths"], dtype=int),
            n_choices=np.array(d["n_choices"], dtype=int),
            metrics={k: np.array(v, dtype=float) for k, v in d["metrics"].items()},
            pretrain_loss_nats=np.array(d["pretrain_loss_nats"], dtype=float),
            final_train_loss_nats=np.array(d["final_train_loss_nats"], dtype=float),
            meta=d["meta"],
        )


def run_emergence_sweep(
    size: str = "live",
    *,
    preset: EmergencePreset | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: bool | None = None,
) -> EmergenceSweep:
    """Train and score every (width, seed) of an emergence preset.

    Parameters
    ----------
    size : {"live", "full"}
        Which entry of ``TASK_PRESETS["emergence"]`` to run (ignored if ``preset`` is given).
    preset : EmergencePreset, optional
        Custom settings.
    seed : int
        Base seed; each run's seed is derived from (seed, width, repetition).
    workers : int, optional
        Worker processes (default 2, one BLAS thread each); 0 runs in this process.
    progress : bool or None
        Progress bar over runs (``None``: shown if the sweep takes over 2 s).
    """
    seed = as_int("seed", seed, minimum=0)
    as_choice("size", size, ("live", "full"))
    if preset is not None:
        check_type("preset", preset, EmergencePreset, "None or an EmergencePreset")
    custom = preset is not None
    preset = preset if custom else _preset("emergence", size)
    jobs = [(preset, w, r, seed) for r in range(preset.n_seeds) for w in preset.widths]
    t0 = time.perf_counter()
    out, workers = _run_jobs(_emergence_job, jobs, workers, progress, "emergence sweep")
    wall = time.perf_counter() - t0
    nw, ns, nk = len(preset.widths), preset.n_seeds, len(preset.answer_lengths)
    metrics = {m: np.empty((ns, nw, nk)) for m in _METRIC_NAMES}
    final = np.empty((ns, nw))
    for j, res in enumerate(out):
        r, w = divmod(j, nw)
        final[r, w] = res["final_train_loss_nats"]
        for kk, row in enumerate(res["metrics"]):
            for m in _METRIC_NAMES:
                metrics[m][r, w, kk] = row[m]
    first = out[:nw]
    meta = _meta("emergence", "custom" if custom else size, preset, seed, wall, workers)
    meta["train_seconds"] = [round(r["train_seconds"], 3) for r in out]
    return EmergenceSweep(
        widths=np.array(preset.widths, dtype=int),
        n_params=np.array([r["n_params"] for r in first], dtype=int),
        train_flops=np.array([r["train_flops"] for r in first], dtype=float),
        tokens=int(first[0]["tokens"]),
        answer_lengths=np.array(preset.answer_lengths, dtype=int),
        metrics=metrics,
        final_train_loss_nats=final,
        meta=meta,
    )


def run_sampling_sweep(
    size: str = "live",
    *,
    preset: SamplingPreset | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: bool | None = None,
) -> SamplingSweep:
    """Train each width of a sampling preset, then sample n answers per test problem.

    All models answer the same test problems; parameters as in
    :func:`run_emergence_sweep`.
    """
    seed = as_int("seed", seed, minimum=0)
    as_choice("size", size, ("live", "full"))
    if preset is not None:
        check_type("preset", preset, SamplingPreset, "None or a SamplingPreset")
    custom = preset is not None
    preset = preset if custom else _preset("sampling", size)
    jobs = [(preset, w, seed) for w in preset.widths]
    t0 = time.perf_counter()
    out, workers = _run_jobs(_sampling_job, jobs, workers, progress, "sampling sweep")
    wall = time.perf_counter() - t0
    meta = _meta("sampling", "custom" if custom else size, preset, seed, wall, workers)
    meta["train_seconds"] = [round(r["train_seconds"], 3) for r in out]
    meta["sample_seconds"] = [round(r["sample_seconds"], 3) for r in out]
    return SamplingSweep(
        widths=np.array(preset.widths, dtype=int),
        n_params=np.array([r["n_params"] for r in out], dtype=int),
        train_flops=np.array([r["train_flops"] for r in out], dtype=float),
        tokens=int(out[0]["tokens"]),
        samples=[SampleSummary.from_dict(r["summary"]) for r in out],
        meta=meta,
    )


def run_ladder_sweep(
    size: str = "live",
    *,
    preset: LadderPreset | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: bool | None = None,
) -> LadderSweep:
    """Train and score every (seed, training length, width) of a ladder preset.

    Parameters as in :func:`run_emergence_sweep`; the runs are those of
    :func:`train_ladder_rung`, so any one of them can be retrained alone.
    """
    seed = as_int("seed", seed, minimum=0)
    as_choice("size", size, ("live", "full"))
    if preset is not None:
        check_type("preset", preset, LadderPreset, "None or a LadderPreset")
    custom = preset is not None
    preset = preset if custom else _preset("ladder", size)
    jobs = [(preset, w, t, r, seed) for r in range(preset.n_seeds) for t in preset.tokens
            for w in preset.widths]
    t0 = time.perf_counter()
    out, workers = _run_jobs(_ladder_job, jobs, workers, progress, "model ladder")
    wall = time.perf_counter() - t0
    ns, nt, nw = preset.n_seeds, len(preset.tokens), len(preset.widths)
    names = list(out[0]["metrics"])
    metrics = {m: np.array([r["metrics"][m] for r in out]).reshape(ns, nt, nw, -1)
               for m in names}
    meta = _meta("ladder", "custom" if custom else size, preset, seed, wall, workers)
    meta["train_seconds"] = [round(r["train_seconds"], 3) for r in out]
    meta["eval_seconds"] = [round(r["eval_seconds"], 3) for r in out]
    return LadderSweep(
        widths=np.array(preset.widths, dtype=int),
        n_params=np.array([r["n_params"] for r in out[:nw]], dtype=int),
        tokens=np.array(preset.tokens, dtype=int),
        answer_lengths=np.array(preset.answer_lengths, dtype=int),
        n_choices=np.array(preset.n_choices, dtype=int),
        metrics=metrics,
        pretrain_loss_nats=np.array([r["pretrain_loss_nats"] for r in out]).reshape(ns, nt, nw),
        final_train_loss_nats=np.array([r["final_train_loss_nats"]
                                        for r in out]).reshape(ns, nt, nw),
        meta=meta,
    )


def train_ladder_rung(width: int, tokens: int, rep: int = 0, *, size: str = "full",
                      preset: LadderPreset | None = None, seed: int = 0) -> dict:
    """Train and score one run of a ladder, exactly as :func:`run_ladder_sweep` does.

    Returns a dict with ``n_params``, ``tokens``, ``train_flops``,
    ``pretrain_loss_nats``, ``final_train_loss_nats``, timings and
    ``metrics`` (each a list over the preset's answer lengths). With the same
    ``seed`` and ``rep`` it reproduces the cached entry of that run.
    """
    width = as_int("width", width, maximum=MAX_WIDTH)
    tokens = as_int("tokens", tokens, minimum=TaskTrainConfig.batch_tokens)
    rep = as_int("rep", rep, minimum=0, maximum=1000)
    seed = as_int("seed", seed, minimum=0)
    as_choice("size", size, ("live", "full"))
    if preset is not None:
        check_type("preset", preset, LadderPreset, "None or a LadderPreset")
    preset = preset if preset is not None else _preset("ladder", size)
    return _ladder_job((preset, width, tokens, rep, seed))


def run_task_sweep(name: str, size: str = "live", **kwargs):
    """Run the preset ``name`` ("emergence", "sampling" or "ladder") at ``size``
    ("live" or "full")."""
    _preset(name, size)
    fn = {"emergence": run_emergence_sweep, "sampling": run_sampling_sweep,
          "ladder": run_ladder_sweep}[name]
    return fn(size, **kwargs)


def save_task_sweep(result, data_dir: str | Path | None = None) -> Path:
    """Write a sweep to ``<data_dir>/task_<name>.json`` (default :data:`DATA_DIR`)."""
    check_type("result", result, EmergenceSweep | SamplingSweep | LadderSweep,
               "an EmergenceSweep, a SamplingSweep or a LadderSweep")
    kind = ("emergence" if isinstance(result, EmergenceSweep) else
            "ladder" if isinstance(result, LadderSweep) else "sampling")
    folder = as_path("data_dir", data_dir) if data_dir is not None else DATA_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"task_{kind}.json"
        path.write_text(json.dumps(result.to_dict(), separators=(",", ":")) + "\n")
    except OSError as err:
        raise ValueError(f"data_dir {str(folder)!r} cannot be written: {err}") from None
    return path


def load_task_sweep(name: str, data_dir: str | Path | None = None):
    """Load the cached full-size sweep ``name`` ("emergence", "sampling" or "ladder").

    Returns an :class:`EmergenceSweep`, :class:`SamplingSweep` or
    :class:`LadderSweep`; ``.meta`` holds its settings, seed, library version and wall time.
    """
    _preset(name, "full")
    folder = as_path("data_dir", data_dir) if data_dir is not None else DATA_DIR
    path = folder / f"task_{name}.json"
    if not path.exists():
        raise ValueError(f"no cached sweep name={name!r} at {path} (data_dir={str(folder)!r}); "
                         f"{REGENERATE}")
    try:
        d = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"the cached sweep {path} is damaged and cannot be read "
                         f"({type(err).__name__}: {err}); {REGENERATE}") from None
    cls = {"emergence": EmergenceSweep, "sampling": SamplingSweep,
           "ladder": LadderSweep}[name]
    if not isinstance(d, dict) or d.get("kind") not in (None, name):
        raise ValueError(f"the cached sweep {path} does not hold a {name} sweep; {REGENERATE}")
    try:
        return cls.from_dict(d)
    except ValueError as err:
        raise ValueError(f"the cached sweep {path} has the wrong layout ({err}); "
                         f"{REGENERATE}") from None


def regenerate_task_cache(data_dir: str | Path | None = None, *, seed: int = 0,
                          workers: int | None = None, progress: bool | None = True) -> list:
    """Run every preset at full size and write them under ``data_dir``; return the paths."""
    paths = []
    for name in TASK_PRESETS:
        result = run_task_sweep(name, "full", seed=seed, workers=workers, progress=progress)
        paths.append(save_task_sweep(result, data_dir))
    return paths


def describe_task_sweep(result) -> str:
    lines = []
    if isinstance(result, LadderSweep):
        k = int(result.answer_lengths.max())
        lines.append(f"tokens  width       N   pretrain loss  task loss (k={k})  exact match")
        pre, tl = result.metric("pretrain_loss_nats"), result.metric("task_loss_nats", k)
        em = result.metric("exact_match", k)
        for i, (t, w, n) in enumerate(zip(result.rung_tokens, result.rung_widths,
                                          result.rung_params, strict=True)):
            lines.append(f"{t:7d} {w:5d} {n:7d}   {pre[i]:.3f}          {tl[i]:7.3f}"
                         f"          {em[i]:.3f}")
    elif isinstance(result, EmergenceSweep):
        ks = result.answer_lengths
        lines.append("width       N   per-digit acc (k=" + ",".join(map(str, ks)) + ")"
                     "   exact match")
        acc, em = result.mean("per_digit_accuracy"), result.mean("exact_match")
        for i, w in enumerate(result.widths):
            lines.append(f"{w:5d} {result.n_params[i]:7d}   "
                         + " ".join(f"{x:.2f}" for x in acc[i]) + "   "
                         + " ".join(f"{x:.2f}" for x in em[i]))
    else:
        lines.append("width       N  greedy  mean pass@1  majority  coverage@n")
        for w, n, s in zip(result.widths, result.n_params, result.samples, strict=True):
            lines.append(f"{w:5d} {n:7d}  {s.greedy_correct.mean():.3f}   "
                         f"{(s.n_correct / s.n_samples).mean():.3f}       "
                         f"{s.majority_correct.mean():.3f}     {(s.n_correct > 0).mean():.3f}")
    lines.append(f"wall time {result.meta['wall_seconds']:.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m scaling_lib.lab.task {live,full} [emergence|sampling]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m scaling_lib.lab.task",
                                     description="Addition-task sweeps of the scaling lab.")
    parser.add_argument("size", choices=["live", "full"],
                        help="live: run and print; full: run and write book/data/lab/task_*.json")
    parser.add_argument("names", nargs="*", default=list(TASK_PRESETS),
                        help="presets to run (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", default=None, help="output folder for full results")
    args = parser.parse_args(argv)
    run_and_report(args.names, args.size, seed=args.seed, workers=args.workers, out=args.out)
    return 0


def run_and_report(names, size: str, *, seed: int = 0, workers: int | None = None,
                   out: str | Path | None = None) -> None:
    """Run task presets ``names`` at ``size``, print each, and write it when ``size`` is
    "full" or ``out`` is given (the command lines of this module and of ``scaling_lib.lab``)."""
    for name in names:
        result = run_task_sweep(name, size, seed=seed, workers=workers, progress=True)
        print(f"\n== task {name} ({size}) ==")
        print(describe_task_sweep(result))
        if size == "full" or out:
            print(f"wrote {save_task_sweep(result, out)}")


if __name__ == "__main__":
    from scaling_lib.lab import task as _task

    sys.exit(_task.main())
