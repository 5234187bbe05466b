"""One BLAS thread for the lab's small matrix products, however the process was started.

The lab multiplies small matrices (a few hundred rows by a few hundred columns). On such
products a multi-threaded BLAS spends more time waking and synchronising its threads than
multiplying: on a 2-core machine training runs about 4× slower with OpenBLAS's default
(all cores) than with one thread. ``OPENBLAS_NUM_THREADS=1`` fixes it only if it is set
before numpy is imported, which a reader's own Jupyter kernel does not do; so the lab
limits the threads itself, at its entry points (training, evaluation, the matmul
measurement), with ``threadpoolctl`` (the library scikit-learn uses for the same job):

    @one_blas_thread()
    def train(...): ...

    with one_blas_thread():
        ...

The previous limits are restored on exit (also after an exception), and entries nest.
An entry costs a few tens of microseconds: the controller of the loaded BLAS libraries is
cached by ``threadpoolctl`` and rebuilt (0.5–3 ms) only after new modules have been
imported. Apply it at outer entry points, not in inner loops.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import threadpoolctl

__all__ = ["one_blas_thread", "blas_kernel"]


def _limit():
    get_controller = getattr(threadpoolctl, "get_cached_controller", None)
    if get_controller is None:  # older threadpoolctl: scans the loaded libraries each time
        return threadpoolctl.threadpool_limits(limits=1, user_api="blas")
    return get_controller().limit(limits=1, user_api="blas")


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block (or, as ``@one_blas_thread()``, the function) on one BLAS thread.

    Every BLAS library loaded in the process (OpenBLAS, MKL, BLIS …) is limited to one
    thread; the previous limits come back when the block ends.
    """
    with _limit():
        yield


def blas_kernel() -> str:
    """The BLAS library and the CPU kernel it picked, e.g. ``"openblas SkylakeX"``.

    Training amplifies the last bits of each matrix product, so a cached lab result
    reproduces bit for bit only under the same kernel (``OPENBLAS_CORETYPE`` can force
    one): every sweep records it in its metadata.
    """
    import numpy  # noqa: F401  (loads the BLAS library threadpoolctl reports)

    found = [f"{i['internal_api']} {i.get('architecture', '?')}"
             for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(found) or "unknown"
