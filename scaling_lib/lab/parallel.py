"""Run lab jobs in worker processes, one BLAS thread each, with a progress bar.

On a 2-core machine, two single-threaded workers train tiny models faster than
one process with two BLAS threads (small matrix products pay threading
overhead), so every sweep goes through :func:`map_in_workers`. Workers are
spawned with the BLAS thread variables set to 1 (their BLAS never starts a thread
pool), and every job, in a worker or in this process (``workers=0``), runs under
:func:`scaling_lib.lab._threads.one_blas_thread`, which also covers a library
that ignores the variables.

Any other ``concurrent.futures.Executor`` can run the same jobs (``executor=``): a thread
pool, a process pool of your own, or a Dask cluster, given as a ``distributed.Client``
(used through ``client.get_executor()``) or as the address of its scheduler
(``"tcp://host:8786"``; the library connects, runs the jobs and closes its connection).
The library never shuts down an executor it did not create, and cancels the jobs still
pending when one fails. Every job still runs under one BLAS thread on whatever worker
takes it (``threadpoolctl`` inside the job; Dask's workers also start with the thread
variables at 1).
"""

from __future__ import annotations

import ctypes
import functools
import os
import re
import socket
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
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


#: glibc's mallopt parameters (malloc.h) and the values glibc's own dynamic thresholds grow to
#: on 64-bit machines (DEFAULT_MMAP_THRESHOLD_MAX, and twice it for trimming)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024


@functools.lru_cache(maxsize=1)
def _undo_small_malloc_thresholds() -> bool:
    """Give this process glibc's usual allocation thresholds back, once, if its environment
    fixed them small.

    Dask's nanny starts every worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (its config
    ``distributed.nanny.pre-spawn-environ``), so that workers hand memory back to the OS. That
    also fixes glibc's mmap threshold at 128 KiB, and every numpy array above it is then
    mapped and unmapped afresh at each allocation: the lab's training steps ran 1.7-1.9 times
    slower on a LocalCluster's workers than in the local pool, with the same thread CPU time
    spent in the job (measured with one job of the ``n_sweep`` preset, issue 33). Results do
    not depend on it; only speed does. Returns whether the thresholds were changed.
    """
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES)
                    and libc.mallopt(_M_TRIM_THRESHOLD, 2 * _MMAP_THRESHOLD_BYTES))
    except (OSError, AttributeError):  # not glibc: nothing to undo
        return False


def _call_and_locate(fn: Callable, job):
    """``(fn(job), host)`` on one BLAS thread: the result and the machine that computed it."""
    _undo_small_malloc_thresholds()
    with one_blas_thread():
        return fn(job), socket.gethostname()


#: a Dask scheduler address: ``tcp://host:port`` (or tls://, ucx://, inproc://) or ``host:port``
_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ucx|inproc|ws|wss)://)?[\w.\-\[\]:]*[\w\]]:\d{1,5}$|"
                      r"^inproc://\S+$")
#: seconds to wait for a Dask scheduler given by address
CONNECT_TIMEOUT = 20


@dataclass
class _Runner:
    """An executor ready to take jobs, and what to record about it."""

    executor: Executor | None           # None: this process, or a spawned pool of our own
    name: str                           # e.g. "local process pool", "dask tcp://…"
    workers: int | None                 # how many workers run jobs (None: unknown)
    close: list = field(default_factory=list)   # what we created and must close


def _resolve_executor(executor) -> tuple[Executor, str, int | None, list]:
    """``(executor, description, worker count, things to close)`` for an ``executor`` argument.

    ``executor`` is a ``concurrent.futures.Executor``, a Dask ``distributed.Client`` (its
    ``get_executor()``), or a Dask scheduler address (a client is connected, and listed in
    the things to close: the caller closes what it made, never what it was given).
    """
    if isinstance(executor, Executor):
        workers = getattr(executor, "_max_workers", None)
        client = getattr(executor, "_client", None)
        if client is not None and type(client).__module__.startswith("distributed"):
            return executor, f"dask {client.scheduler.address}", _dask_workers(client), []
        return executor, type(executor).__name__, workers, []
    if type(executor).__module__.startswith("distributed") and hasattr(executor,
                                                                       "get_executor"):
        return (executor.get_executor(pure=False), f"dask {executor.scheduler.address}",
                _dask_workers(executor), [])
    if isinstance(executor, str):
        address = executor.strip()
        if not _ADDRESS.match(address):
            raise ValueError(f"executor must be a Dask scheduler address such as "
                             f"'tcp://host:8786', got {executor!r:.80}")
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - distributed is pinned in requirements.txt
            raise ValueError(f"executor={executor!r:.80} is a Dask scheduler address, but "
                             f"the 'distributed' package is not installed "
                             f"(pip install distributed)") from None
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise ValueError(f"executor: no Dask scheduler answered at {address!r} within "
                             f"{CONNECT_TIMEOUT} s ({type(err).__name__}: {err})") from None
        return (client.get_executor(pure=False), f"dask {client.scheduler.address}",
                _dask_workers(client), [client])
    raise InputTypeError(f"executor must be None, a concurrent.futures.Executor, a Dask "
                         f"distributed.Client or a scheduler address string, got "
                         f"{type(executor).__name__} {executor!r:.60}")


@contextmanager
def scheduler_executor(address: str | None):
    """For a command line's ``--scheduler ADDRESS``: one connection to the Dask scheduler at
    ``address`` for all the sweeps run inside the block (an executor), closed on exit;
    ``None`` yields ``None`` (the local pool)."""
    if address is None:
        yield None
        return
    executor, _, _, close = _resolve_executor(address)
    try:
        yield executor
    finally:
        for thing in close:
            thing.close()


def _dask_workers(client) -> int | None:
    try:
        return len(client.scheduler_info()["workers"])
    except Exception:  # noqa: BLE001 - a count for the metadata only
        return None


@accepts(jobs={"any": "jobs are whatever fn takes (an empty sequence gives []); errors that "
                      "fn raises on a job propagate unchanged"})
def map_in_workers(fn: Callable, jobs: Sequence, *, workers: int = 2,
                   progress: bool | None = None, desc: str = "runs",
                   order: Sequence[int] | None = None, executor=None) -> list:
    """``[fn(job) for job in jobs]``, computed in ``workers`` spawned processes, one BLAS
    thread each, or on ``executor``.

    Parameters
    ----------
    fn : callable
        A picklable (module-level) function of one job.
    jobs : sequence
        Picklable jobs.
    workers : int
        Worker processes; 0 runs everything in this process. Ignored with ``executor``.
    progress : bool or None
        Progress bar over finished jobs (``tqdm.auto``: a widget in JupyterLab, text in a
        terminal); ``None`` shows it only once 2 seconds have passed, ``False`` never.
    order : sequence of int, optional
        Submission order (e.g. the most expensive jobs first); results are always returned
        in the order of ``jobs``.
    executor : Executor, distributed.Client or str, optional
        Where to run the jobs instead: any ``concurrent.futures.Executor``, a Dask
        ``distributed.Client``, or a Dask scheduler address (``"tcp://host:8786"``). An
        executor or client given here is never shut down; a client made from an address is
        closed afterwards. When a job fails, the jobs not yet started are cancelled and the
        error propagates.
    """
    return map_jobs(fn, jobs, workers=workers, progress=progress, desc=desc, order=order,
                    executor=executor).results


@dataclass
class JobsRun:
    """What :func:`map_jobs` returns: results in job order and where they ran."""

    results: list
    hosts: list          # the host name that ran each job, in job order
    executor: str        # "this process", "local process pool", "dask tcp://…", …
    workers: int | None  # workers that could take jobs (None: unknown)


def map_jobs(fn: Callable, jobs: Sequence, *, workers: int = 2, progress: bool | None = None,
             desc: str = "runs", order: Sequence[int] | None = None,
             executor=None) -> JobsRun:
    """:func:`map_in_workers`, also returning the host of each job and the executor used
    (for a sweep's metadata)."""
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
    if executor is not None:
        runner = _Runner(*_resolve_executor(executor))
    elif workers == 0 or len(jobs) == 0:
        runner = _Runner(None, "this process", 1)
    else:
        runner = _Runner(None, "local process pool", min(workers, len(jobs)))
    if len(jobs) == 0:
        _close(runner)
        return JobsRun([], [], runner.name, runner.workers)
    results: dict[int, object] = {}
    hosts: dict[int, str] = {}
    try:
        with tqdm(total=len(jobs), unit="run", desc=desc, leave=False,
                  delay=0 if progress else 2.0, disable=progress is False) as bar:
            if runner.name == "this process":
                here = socket.gethostname()
                with one_blas_thread():
                    for i in order:
                        results[i], hosts[i] = fn(jobs[i]), here
                        bar.update(1)
            elif runner.executor is None:
                with single_blas_thread_children(), ProcessPoolExecutor(
                        max_workers=runner.workers, mp_context=get_context("spawn")) as pool:
                    _collect(pool, fn, jobs, order, results, hosts, bar)
            else:
                _collect(runner.executor, fn, jobs, order, results, hosts, bar)
    finally:
        _close(runner)
    return JobsRun([results[i] for i in range(len(jobs))],
                   [hosts[i] for i in range(len(jobs))], runner.name, runner.workers)


def _collect(pool: Executor, fn, jobs, order, results: dict, hosts: dict, bar) -> None:
    """Submit every job to ``pool``; fill ``results`` and ``hosts`` as they finish. If one
    fails, cancel the jobs that have not started, then raise its error."""
    futures = {pool.submit(_call_and_locate, fn, jobs[i]): i for i in order}
    try:
        for fut in as_completed(futures):
            results[futures[fut]], hosts[futures[fut]] = fut.result()
            bar.update(1)
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise


def _close(runner: _Runner) -> None:
    for thing in runner.close:
        thing.close()
