"""Wall time of one lab preset on the local worker pool and on a 2-worker Dask LocalCluster
(issue 33), and whether both give the same results; prints a table.

    .venv/bin/python benchmarks/lab_executors.py          # the task preset "sampling", full
    .venv/bin/python benchmarks/lab_executors.py --preset isoflop --size live
    .venv/bin/python benchmarks/lab_executors.py --repeats 3

Both runs use two single-threaded worker processes on this machine, so the difference is
the cost of Dask (starting the cluster is timed apart: a real cluster is started once for
many sweeps) against the spawned process pool. Task presets (emergence, sampling, ladder)
go through ``run_task_sweep``, the others through ``run_preset``. Times are wall-clock on a
machine shared with other jobs: treat them as noisy.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from scaling_lib.lab.sweep import PRESETS, run_preset  # noqa: E402
from scaling_lib.lab.task import TASK_PRESETS, run_task_sweep  # noqa: E402


def _run(name: str, size: str, **how):
    if name in TASK_PRESETS:
        return run_task_sweep(name, size, progress=False, **how)
    return run_preset(name, size, progress=False, **how)


def _results(result):
    """What must be equal between the two runs: rows (or the task sweep's arrays) without
    what depends on the clock or on where they ran."""
    if hasattr(result, "rows"):
        return [{k: v for k, v in r.items() if "second" not in k and k != "mfu"}
                for r in result.rows]
    d = result.to_dict()
    d.pop("meta")
    return d


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="sampling",
                        choices=sorted({*PRESETS, *TASK_PRESETS}))
    parser.add_argument("--size", default="full", choices=["live", "full"])
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    local, dask = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        ref = _run(args.preset, args.size, workers=2)
        local.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        startup = time.perf_counter() - t0
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            out = _run(args.preset, args.size, executor=client)
            dask.append(time.perf_counter() - t0)
    same = _results(out) == _results(ref)
    best_local, best_dask = min(local), min(dask)
    print(f"preset {args.preset} ({args.size}), best of {args.repeats}, 2 workers x 1 thread")
    print(f"{'executor':<34} {'wall s':>8}")
    print(f"{'local spawned process pool':<34} {best_local:8.1f}")
    print(f"{'Dask LocalCluster (2 processes)':<34} {best_dask:8.1f}")
    print(f"{'  cluster start-up, once':<34} {startup:8.1f}")
    print(f"overhead of Dask: {100 * (best_dask / best_local - 1):+.0f}% of the local wall time")
    print(f"same results as the local pool: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
