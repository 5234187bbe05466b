"""Run lab jobs in worker processes, one BLAS thread each, with a progress bar.

On a 2-core machine, two single-threaded workers train tiny models faster than
one process with two BLAS threads (small matrix products pay threading
overhead), so every sweep goes through :func:`map_in_workers`. Workers are
spawned with the BLAS thread variables set to 1 (their BLAS never starts a thread
pool), and every job, in a worker or in this process (``workers=0``), runs under
:func:`scaling_lib.lab._threads.one_blas_thread`, which also covers a library
that ignores the variables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from multiprocessing import get_context

import numpy as np

from scaling_lib._contract import accepts
from scaling_lib._validate import (
    InputTypeError,
    as_int,
    as_int_list,
    as_optional_bool,
    as_text,
)
from scaling_lib.lab._threads import one_blas_thread
from scaling_lib.lab.hardware import THREAD_ENV_VARS

__all__ = ["single_blas_thread_children", "map_in_workers"]


@contextmanager
def single_blas_thread_children():
    """Set the BLAS thread variables to 1 while child processes start, then restore them."""
    saved = {k: os.environ.get(k) for k in THREAD_ENV_VARS}
    os.environ.update({k: "1" for k in THREAD_ENV_VARS})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _call_on_one_blas_thread(fn: Callable, job):
    """``fn(job)`` on one BLAS thread (in a worker: after the job's imports are done)."""
    with one_blas_thread():
        return fn(job)


@accepts(jobs={"any": "jobs are whatever fn takes (an empty sequence gives []); errors that "
                      "fn raises on a job propagate unchanged"})
def map_in_workers(fn: Callable, jobs: Sequence, *, workers: int = 2,
                   progress: bool | None = None, desc: str = "runs",
                   order: Sequence[int] | None = None) -> list:
    """``[fn(job) for job in jobs]``, computed in ``workers`` spawned processes, one BLAS
    thread each.

    Parameters
    ----------
    fn : callable
        A picklable (module-level) function of one job.
    jobs : sequence
        Picklable jobs.
    workers : int
        Worker processes; 0 runs everything in this process.
    progress : bool or None
        Progress bar over finished jobs (``tqdm.auto``: a widget in JupyterLab, text in a
        terminal); ``None`` shows it only once 2 seconds have passed, ``False`` never.
    order : sequence of int, optional
        Submission order (e.g. the most expensive jobs first); results are always returned
        in the order of ``jobs``.
    """
    from tqdm.auto import tqdm

    if not callable(fn):
        raise InputTypeError(f"fn must be a function of one job, got {fn!r:.60}")
    if isinstance(jobs, str | bytes) or not isinstance(jobs, Sequence | np.ndarray):
        raise InputTypeError(f"jobs must be a sequence (e.g. a list) of jobs, got {jobs!r:.60}")
    workers = as_int("workers", workers, minimum=0, maximum=256)
    progress = as_optional_bool("progress", progress)
    as_text("desc", desc)
    if order is None:
        order = list(range(len(jobs)))
    else:
        order = as_int_list("order", order, minimum=0, allow_empty=True)
        if sorted(order) != list(range(len(jobs))):
            raise ValueError(f"order must be a permutation of 0 … {len(jobs) - 1}, got "
                             f"{order!r:.60}")
    if len(jobs) == 0:
        return []
    results: dict[int, object] = {}
    with tqdm(total=len(jobs), unit="run", desc=desc, leave=False,
              delay=0 if progress else 2.0, disable=progress is False) as bar:
        if workers == 0:
            with one_blas_thread():
                for i in order:
                    results[i] = fn(jobs[i])
                    bar.update(1)
        else:
            with single_blas_thread_children(), ProcessPoolExecutor(
                    max_workers=min(workers, len(jobs)), mp_context=get_context("spawn")) as pool:
                futures = {pool.submit(_call_on_one_blas_thread, fn, jobs[i]): i for i in order}
                for fut in as_completed(futures):
                    results[futures[fut]] = fut.result()
                    bar.update(1)
    return [results[i] for i in range(len(jobs))]
