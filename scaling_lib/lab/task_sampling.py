"""Chapter 6's sampling sweep on the addition task: n answers per problem at a temperature.

Per-problem correct counts give unbiased pass@k (``chen2021evaluating``) and coverage
(``brown2024monkeys``); the full distribution of sampled answers gives majority vote
(``wang2022selfconsistency``). Presets: :data:`SAMPLING_PRESETS`; cache and command
line: :mod:`scaling_lib.lab.task`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    as_choice,
    as_int,
    as_int_list,
    as_positive,
    check_type,
)
from scaling_lib.compute import inference_flops
from scaling_lib.lab._task_common import _from_dict, _meta, _run_jobs
from scaling_lib.lab.task_problems import MAX_PROBLEMS, MAX_SAMPLES, MAX_WIDTH, AdditionTask
from scaling_lib.lab.task_scoring import SampleSummary, sample_answers
from scaling_lib.lab.task_training import TaskTrainConfig, train_task_model

__all__ = [
    "SamplingPreset",
    "SAMPLING_PRESETS",
    "SamplingSweep",
    "run_sampling_sweep",
]


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


SAMPLING_PRESETS = {
    "live": SamplingPreset(),
    "full": SamplingPreset(widths=(16, 32, 64, 128), n_problems=200, n_samples=100),
}
"""By size: ``"live"`` (≤ 30 s on 2 cores) and ``"full"`` (cached in book/data/lab)."""


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


def run_sampling_sweep(
    size: str = "live",
    *,
    preset: SamplingPreset | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: bool | None = None,
    executor=None,
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
    preset = preset if custom else SAMPLING_PRESETS[size]
    jobs = [(preset, w, seed) for w in preset.widths]
    t0 = time.perf_counter()
    out, workers = _run_jobs(_sampling_job, jobs, workers, progress, "sampling sweep",
                            executor=executor)
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
