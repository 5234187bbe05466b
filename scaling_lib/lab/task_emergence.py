"""Chapter 4's size sweep on the addition task (emergence and its "mirage").

Per-digit accuracy and the log-probability of the correct answer rise smoothly with
the parameter count N, while exact match on long answers looks sudden: the "mirage"
of Schaeffer et al. 2023 (``schaeffer2023mirage``) against the emergent abilities of
Wei et al. 2022 (``wei2022emergent``). Presets: :data:`EMERGENCE_PRESETS`; cache and
command line: :mod:`scaling_lib.lab.task`.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

import numpy as np

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    as_choice,
    as_int,
    as_int_list,
    as_positive,
    check_type,
)
from scaling_lib.lab._task_common import _from_dict, _meta, _run_jobs
from scaling_lib.lab.task_problems import MAX_PROBLEMS, MAX_WIDTH, AdditionTask
from scaling_lib.lab.task_scoring import evaluate_task_model
from scaling_lib.lab.task_training import TaskTrainConfig, train_task_model

__all__ = [
    "EmergencePreset",
    "EMERGENCE_PRESETS",
    "EmergenceSweep",
    "run_emergence_sweep",
]


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


EMERGENCE_PRESETS = {
    "live": EmergencePreset(),
    "full": EmergencePreset(
        widths=(2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 90, 128, 181, 256),
        n_seeds=5,
        answer_lengths=tuple(range(1, 12)),
        problems_per_length=1000,
    ),
}
"""By size: ``"live"`` (≤ 30 s on 2 cores) and ``"full"`` (cached in book/data/lab)."""


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


def run_emergence_sweep(
    size: str = "live",
    *,
    preset: EmergencePreset | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: bool | None = None,
    executor=None,
) -> EmergenceSweep:
    """Train and score every (width, seed) of an emergence preset.

    Parameters
    ----------
    size : {"live", "full"}
        Which entry of :data:`EMERGENCE_PRESETS` to run (ignored if ``preset`` is given).
    preset : EmergencePreset, optional
        Custom settings.
    seed : int
        Base seed; each run's seed is derived from (seed, width, repetition).
    workers : int, optional
        Worker processes (default 2, one BLAS thread each); 0 runs in this process.
    progress : bool or None
        Progress bar over runs (``None``: shown if the sweep takes over 2 s).
    executor : Executor, distributed.Client or str, optional
        Run the jobs there instead of local worker processes: any
        ``concurrent.futures.Executor``, a Dask ``distributed.Client``, or a Dask scheduler
        address (:func:`scaling_lib.lab.parallel.map_in_workers`); results are the same.
    """
    seed = as_int("seed", seed, minimum=0)
    as_choice("size", size, ("live", "full"))
    if preset is not None:
        check_type("preset", preset, EmergencePreset, "None or an EmergencePreset")
    custom = preset is not None
    preset = preset if custom else EMERGENCE_PRESETS[size]
    jobs = [(preset, w, r, seed) for r in range(preset.n_seeds) for w in preset.widths]
    t0 = time.perf_counter()
    out, workers = _run_jobs(_emergence_job, jobs, workers, progress, "emergence sweep",
                            executor=executor)
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
