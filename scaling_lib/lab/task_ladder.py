"""Chapter 9's model ladder on the addition task (predicting abilities).

Every width at several training lengths, scored on the pre-training distribution, on
task loss (−log P of the correct answer), per-digit accuracy, exact match and a
multiple-choice version against near-miss distractors
(:func:`~scaling_lib.lab.task_scoring.near_miss_answers`,
:func:`~scaling_lib.lab.task_scoring.score_choices`), for the two-step forecasts of
``dubey2024llama3`` and ``bhagia2024ladders``. Presets: :data:`LADDER_PRESETS`; cache
and command line: :mod:`scaling_lib.lab.task`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    _show,
    as_bool,
    as_choice,
    as_int,
    as_int_list,
    as_positive,
    check_type,
)
from scaling_lib.compute import training_flops
from scaling_lib.lab._task_common import _from_dict, _meta, _run_jobs
from scaling_lib.lab.task_model import one_hot_inputs
from scaling_lib.lab.task_problems import MAX_PROBLEMS, MAX_WIDTH, AdditionTask
from scaling_lib.lab.task_scoring import (
    MAX_DISTRACTORS,
    TaskMetrics,
    _choice_metrics,
    score_choices,
    score_problems,
)
from scaling_lib.lab.task_training import TaskTrainConfig, train_task_model

__all__ = [
    "LadderPreset",
    "LADDER_PRESETS",
    "LADDER_METRICS",
    "LadderSweep",
    "run_ladder_sweep",
    "train_ladder_rung",
]


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


LADDER_PRESETS = {
    "live": LadderPreset(),
    "full": LadderPreset(
        widths=(2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 90, 128, 181),
        tokens=(50_000, 150_000, 450_000),
        n_seeds=5,
        answer_lengths=(5, 8, 11),
        problems_per_length=1000,
        pretrain_problems=2000,
    ),
}
"""By size: ``"live"`` (≤ 30 s on 2 cores) and ``"full"`` (cached in book/data/lab)."""


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


def run_ladder_sweep(
    size: str = "live",
    *,
    preset: LadderPreset | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: bool | None = None,
    executor=None,
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
    preset = preset if custom else LADDER_PRESETS[size]
    jobs = [(preset, w, t, r, seed) for r in range(preset.n_seeds) for t in preset.tokens
            for w in preset.widths]
    t0 = time.perf_counter()
    out, workers = _run_jobs(_ladder_job, jobs, workers, progress, "model ladder",
                            executor=executor)
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
    preset = preset if preset is not None else LADDER_PRESETS[size]
    return _ladder_job((preset, width, tokens, rep, seed))
