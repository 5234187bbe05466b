"""Helpers the addition-task sweeps share: running jobs, metadata, reading saved dicts."""

from __future__ import annotations

import sys
import time
from dataclasses import asdict

import numpy as np

import scaling_lib
from scaling_lib._validate import (
    InputTypeError,
    _show,
    as_int,
    as_optional_bool,
)
from scaling_lib.lab._threads import blas_kernel


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


def _run_jobs(fn, jobs: list, workers: int | None, progress: bool | None,
              desc: str, executor=None) -> tuple[list, dict]:
    """Run ``fn`` over ``jobs``; return the results in job order and where they ran.

    ``workers > 0`` uses that many spawned processes, each with one BLAS thread
    (small matrix products are many times slower with several BLAS threads on a
    busy machine); ``workers = 0`` runs in this process; ``executor`` (any
    ``concurrent.futures.Executor``, a Dask ``distributed.Client`` or a scheduler
    address) runs them there instead (:func:`scaling_lib.lab.parallel.map_in_workers`).
    Where: ``{"workers": …, "executor": …, "job_hosts": [...]}`` for the metadata.
    """
    import os

    from scaling_lib.lab.parallel import map_jobs

    progress = as_optional_bool("progress", progress)
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    workers = min(as_int("workers", workers, minimum=0, maximum=256), len(jobs))
    run = map_jobs(fn, jobs, workers=workers, progress=progress, desc=desc, executor=executor)
    where = {"workers": workers if executor is None else run.workers,
             "executor": run.executor, "job_hosts": run.hosts}
    return run.results, where


def _meta(name: str, size: str, preset, seed: int, wall: float, where: dict) -> dict:
    return {
        "name": name,
        "size": size,
        "settings": _jsonable(asdict(preset)),
        "seed": seed,
        "library_version": scaling_lib.__version__,
        "wall_seconds": wall,
        "workers": where["workers"],
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "blas_kernel": blas_kernel(),
        # where each job ran (issue 33): one host per job, in the order of the sweep's runs
        "executor": where["executor"],
        "hosts": sorted(set(where["job_hosts"])),
        "job_hosts": where["job_hosts"],
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
