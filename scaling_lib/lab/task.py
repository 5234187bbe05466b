"""The lab's addition-task sweeps: presets by name, the cache in book/data/lab, the command line.

The addition task is the lab's task with a checkable answer: ``a + b``, answered
digit by digit, least significant first, by a small
:class:`~scaling_lib.lab.task_model.DigitMLP`. Long answers need many correct
steps in a row, so per-problem difficulty spreads over orders of magnitude. Its
code lives in one module per idea; every public name is also importable from here:

=================================  ===================================================
module                             what it holds
=================================  ===================================================
:mod:`scaling_lib.lab.task_problems`  the task and its problems (:class:`AdditionTask`,
                                   :class:`AdditionProblems`, :func:`problems_from_ints`)
:mod:`scaling_lib.lab.task_model`     the model (:class:`DigitMLP`) and its inputs
:mod:`scaling_lib.lab.task_training`  training (:func:`train_task_model`)
:mod:`scaling_lib.lab.task_scoring`   scoring and decoding: per-digit accuracy, exact
                                   match, log P(answer), edit distance, sampling,
                                   multiple choice (:func:`score_choices`)
:mod:`scaling_lib.lab.task_emergence` chapter 4's size sweep (:class:`EmergenceSweep`)
:mod:`scaling_lib.lab.task_sampling`  chapter 6's sampling sweep (:class:`SamplingSweep`)
:mod:`scaling_lib.lab.task_ladder`    chapter 9's model ladder (:class:`LadderSweep`)
this module                        :data:`TASK_PRESETS`, :func:`run_task_sweep`, the
                                   cache (:func:`load_task_sweep`,
                                   :func:`save_task_sweep`) and the command line
=================================  ===================================================

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
from pathlib import Path

from scaling_lib._validate import as_choice, as_path, check_type
from scaling_lib.lab.task_emergence import (
    EMERGENCE_PRESETS,
    EmergencePreset,
    EmergenceSweep,
    run_emergence_sweep,
)
from scaling_lib.lab.task_ladder import (
    LADDER_METRICS,
    LADDER_PRESETS,
    LadderPreset,
    LadderSweep,
    run_ladder_sweep,
    train_ladder_rung,
)
from scaling_lib.lab.task_problems import AdditionProblems, AdditionTask, problems_from_ints
from scaling_lib.lab.task_sampling import (
    SAMPLING_PRESETS,
    SamplingPreset,
    SamplingSweep,
    run_sampling_sweep,
)
from scaling_lib.lab.task_scoring import (
    GeneratedAnswers,
    ProblemScores,
    SampleSummary,
    TaskMetrics,
    evaluate_by_answer_length,
    evaluate_task_model,
    generate_answers,
    near_miss_answers,
    sample_answers,
    score_choices,
    score_problems,
    token_edit_distance,
)
from scaling_lib.lab.task_training import TaskRun, TaskTrainConfig, train_task_model

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


#: How to rebuild the cached task sweeps, for errors about a missing or damaged file.
REGENERATE = "run `make lab-data` (or `python -m scaling_lib.lab.task full`) to regenerate it"


TASK_PRESETS = {
    "emergence": EMERGENCE_PRESETS,
    "sampling": SAMPLING_PRESETS,
    "ladder": LADDER_PRESETS,
}
"""Presets by name and size (``"live"``: ≤ 30 s on 2 cores; ``"full"``: cached in book/data)."""


def _preset(name: str, size: str):
    as_choice("name", name, tuple(sorted(TASK_PRESETS)))
    as_choice("size", size, ("live", "full"))
    return TASK_PRESETS[name][size]


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
                          workers: int | None = None, progress: bool | None = True,
                          executor=None) -> list:
    """Run every preset at full size and write them under ``data_dir``; return the paths.

    ``executor``: as in :func:`run_emergence_sweep` (e.g. a Dask ``distributed.Client``)."""
    paths = []
    for name in TASK_PRESETS:
        result = run_task_sweep(name, "full", seed=seed, workers=workers, progress=progress,
                                executor=executor)
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
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run on the Dask cluster whose scheduler is at ADDRESS "
                             "(e.g. tcp://host:8786) instead of local worker processes")
    args = parser.parse_args(argv)
    from scaling_lib.lab.parallel import scheduler_executor

    with scheduler_executor(args.scheduler) as executor:
        run_and_report(args.names, args.size, seed=args.seed, workers=args.workers,
                       out=args.out, executor=executor)
    return 0


def run_and_report(names, size: str, *, seed: int = 0, workers: int | None = None,
                   out: str | Path | None = None, executor=None) -> None:
    """Run task presets ``names`` at ``size``, print each, and write it when ``size`` is
    "full" or ``out`` is given (the command lines of this module and of ``scaling_lib.lab``)."""
    for name in names:
        result = run_task_sweep(name, size, seed=seed, workers=workers, progress=True,
                                executor=executor)
        print(f"\n== task {name} ({size}) ==")
        print(describe_task_sweep(result))
        if size == "full" or out:
            print(f"wrote {save_task_sweep(result, out)}")


if __name__ == "__main__":
    from scaling_lib.lab import task as _task

    sys.exit(_task.main())
