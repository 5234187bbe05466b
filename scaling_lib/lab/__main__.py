"""Run a lab sweep from the command line.

    python -m scaling_lib.lab isoflop                 # live size, print the table
    python -m scaling_lib.lab isoflop --size full     # full size, write book/data/lab/isoflop.*
    python -m scaling_lib.lab all --size full         # every committed sweep, task sweeps too
    python -m scaling_lib.lab all --size full --scheduler tcp://host:8786   # on a Dask cluster

``all`` runs the training-sweep presets and then the addition-task presets of
:mod:`scaling_lib.lab.task`; ``make lab-data`` runs it and also regenerates chapter 2's
capstone reference (``tools/capstone_reference.py``), which depends on the IsoFLOP sweep.
"""

from __future__ import annotations

import argparse
import sys
import time

from scaling_lib.lab.parallel import scheduler_executor
from scaling_lib.lab.sweep import DATA_DIR, PRESETS, run_preset, save_sweep, seed_spread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scaling_lib.lab", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("preset", choices=[*PRESETS, "all"], help="which sweep")
    parser.add_argument("--size", choices=["live", "full"], default="live")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", default=None,
                        help=f"directory for full-size results (default {DATA_DIR})")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run the jobs on the Dask cluster whose scheduler is at ADDRESS "
                             "(e.g. tcp://host:8786) instead of local worker processes")
    args = parser.parse_args(argv)
    with scheduler_executor(args.scheduler) as executor:
        return _run(args, executor)


def _run(args, executor) -> int:
    names = list(PRESETS) if args.preset == "all" else [args.preset]
    start = time.perf_counter()
    for name in names:
        table = run_preset(name, args.size, seed=args.seed, workers=args.workers, progress=True,
                           executor=executor)
        print(f"\n== {name} ({args.size}): {len(table)} rows in "
              f"{table.meta['wall_seconds']:.1f} s ==")
        print(table.summary())
        spread = seed_spread(table)
        if spread:
            print(f"seed-to-seed spread of final loss: std {spread['std']:.4f} nats "
                  f"over {spread['n']} seeds")
        if args.size == "full" or args.out:
            for path in save_sweep(table, args.out):
                print(f"wrote {path}")
    if args.preset == "all":
        from scaling_lib.lab import task

        task.run_and_report(task.TASK_PRESETS, args.size, seed=args.seed,
                            workers=args.workers, out=args.out, executor=executor)
    print(f"\ntotal {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
