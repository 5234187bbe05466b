"""This machine's measured matrix-multiply peak: the denominator of the lab's MFU.

Model FLOPs utilisation (MFU) is achieved training FLOP/s divided by the peak
the hardware can deliver (``chowdhery2022palm``). Vendors quote peaks for
GPUs; for the reader's CPU we measure it: the best FLOP/s of a large square
float32 matrix product on one BLAS thread, the same setting the lab trains in
(every lab entry point limits BLAS to one thread, see :mod:`scaling_lib.lab._threads`).
The measurement is noisy on a shared machine (other jobs steal cycles), so it
takes the best of several repeats.
"""

from __future__ import annotations

import os
import time

import numpy as np

from scaling_lib._validate import InputTypeError, as_int
from scaling_lib.lab._threads import one_blas_thread

__all__ = ["matmul_peak_flops", "measure_matmul_flops", "single_thread_env", "THREAD_ENV_VARS"]

#: environment variables that pin BLAS/OpenMP libraries to one thread when set before import
#: (the lab also limits the threads at run time; these keep worker processes from ever
#: starting a thread pool)
THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                   "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")

_CACHE: dict[tuple, float] = {}


def single_thread_env() -> dict[str, str]:
    """A copy of ``os.environ`` with every BLAS thread variable set to 1."""
    env = dict(os.environ)
    env.update({k: "1" for k in THREAD_ENV_VARS})
    return env


@one_blas_thread()
def measure_matmul_flops(size: int = 512, repeats: int = 20, dtype=np.float32) -> float:
    """Best FLOP/s of ``size``×``size`` matrix products in this process, on one BLAS thread.

    One product costs 2·size³ FLOPs. BLAS is limited to one thread during the
    measurement whatever the environment says, like the lab's training.
    """
    size = as_int("size", size, minimum=16, maximum=8192)
    repeats = as_int("repeats", repeats, maximum=10_000)
    try:
        kind = np.dtype(dtype).kind if dtype is not None else ""
    except (TypeError, ValueError):
        kind = ""
    if kind != "f":
        raise InputTypeError(f"dtype must be a float type such as np.float32, got {dtype!r:.60}")
    rng = np.random.default_rng(0)
    a = rng.standard_normal((size, size)).astype(dtype)
    b = rng.standard_normal((size, size)).astype(dtype)
    out = a @ b
    best = math_inf = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        np.matmul(a, b, out=out)
        best = min(best, time.perf_counter() - t0)
    if best == math_inf or best <= 0:
        raise RuntimeError("matrix product timing failed")
    return 2.0 * size**3 / best


def matmul_peak_flops(size: int = 512, repeats: int = 20) -> float:
    """This machine's single-thread float32 matmul peak in FLOP/s (measured once per process).

    Measured in place (about 0.1 s), on one BLAS thread whatever the environment says.
    """
    key = (as_int("size", size, minimum=16, maximum=8192),
           as_int("repeats", repeats, maximum=10_000))
    if key not in _CACHE:
        _CACHE[key] = measure_matmul_flops(*key)
    return _CACHE[key]
