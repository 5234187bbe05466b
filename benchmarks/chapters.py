"""Execution time of every chapter, with and without the Makefile's BLAS thread variables.

Target (design): each chapter well under 45 s on 2 cores, and about the same time in both
columns: the lab limits BLAS to one thread itself (``scaling_lib.lab._threads``), so a
chapter opened in the reader's own JupyterLab, VS Code or ``jupyter nbconvert --execute``
(no OPENBLAS_NUM_THREADS) must not run slower than under ``make``.

Each chapter runs twice in a fresh kernel: with make's environment (OPENBLAS_NUM_THREADS=1,
OMP_NUM_THREADS=1) and with a plain one (every BLAS thread variable removed); both keep
SCALING_STRICT_EXERCISES=1, as the book build does. The time includes starting the kernel.
The last column is the BLAS thread count the kernel started with (make / plain), which
shows that the environment reached it. Prints a table; not a test.

Usage: python benchmarks/chapters.py [book/00_compute.ipynb ...] [--env make|plain|both]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
#: what the Makefile exports for every target
MAKE_THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
#: every variable that sets a BLAS/OpenMP thread count when the library loads
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
#: a first cell that reports the BLAS threads the kernel started with (before the lab runs)
PROBE = ("import threadpoolctl\nimport numpy\n"
         "print(max((i['num_threads'] for i in threadpoolctl.threadpool_info()"
         " if i['user_api'] == 'blas'), default=0))")


def kernel_env(kind: str) -> dict[str, str]:
    """This process's environment without any thread variable, plus make's if ``kind`` is
    ``"make"``; strict exercises on in both."""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}
    if kind == "make":
        env.update(MAKE_THREAD_ENV)
    env["SCALING_STRICT_EXERCISES"] = "1"
    return env


def run(path: Path, kind: str, timeout: int = 600) -> tuple[float | str, str]:
    """Seconds to execute ``path`` in a fresh kernel with environment ``kind`` (or the error),
    and the kernel's BLAS thread count at start."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    try:
        client.execute(env=kernel_env(kind))  # passed to the kernel manager's start_kernel
    except CellExecutionError as err:
        return f"failed: {err.ename}", _probe_output(nb)
    return time.perf_counter() - t0, _probe_output(nb)


def _probe_output(nb) -> str:
    out = [o.get("text", "") for o in nb.cells[0].get("outputs", []) if o.get("name") == "stdout"]
    return "".join(out).strip() or "?"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chapters", nargs="*", type=Path,
                        help="notebooks to time (default: every chapter in book/)")
    parser.add_argument("--env", choices=["both", "make", "plain"], default="both",
                        help="which environments to run (default both)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = args.chapters or sorted((ROOT / "book").glob("*.ipynb"))
    kinds = ["make", "plain"] if args.env == "both" else [args.env]
    heads = {"make": "with make's env (s)", "plain": "plain env (s)"}
    print(f"| {'chapter':28} | " + " | ".join(f"{heads[k]:>19}" for k in kinds)
          + " | BLAS threads at start |")
    print("|" + "---|" * (len(kinds) + 2))
    for p in paths:
        cells, threads = [], []
        for kind in kinds:
            seconds, blas = run(p, kind, args.timeout)
            cells.append(f"{seconds:19.1f}" if isinstance(seconds, float) else f"{seconds:>19}")
            threads.append(blas)
        print(f"| {p.name:28} | " + " | ".join(cells) + f" | {' / '.join(threads):>21} |",
              flush=True)


if __name__ == "__main__":
    main()
