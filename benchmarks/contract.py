"""The input-contract report: how every public callable of scaling_lib treats bad input.

    .venv/bin/python benchmarks/contract.py                 # this working tree's library
    .venv/bin/python benchmarks/contract.py --rev HEAD~3    # a committed revision (git archive)
    .venv/bin/python benchmarks/contract.py --library DIR   # another copy (DIR/scaling_lib)
    .venv/bin/python benchmarks/contract.py --failures 30   # also list the first 30 failures

Runs the harness of ``tests/test_contract.py`` (``tests/contract.py``): each public function,
constructor and method is called with valid baseline arguments where one argument at a
time is replaced by a standard bad value (0, −1, NaN, ±inf, 1e308, 1e-320, 10**400, True,
"3", None, empty and 2-D arrays, a shorter array, complex numbers, text and objects inside
arrays), one forked child per callable, with a time limit per call and a memory limit.

Prints one row per module and a total: calls tried; clean errors (ValueError/TypeError
naming the argument and the value); legitimate values accepted with a finite result;
messages that do not name the argument or the value; other exceptions (OverflowError,
AttributeError …); bad values silently accepted; non-finite results from finite inputs;
hangs and crashes. ``--rev``/``--library`` measure an older copy with the same harness (the
copy gets this tree's ``scaling_lib/_contract.py`` if it lacks one; callables whose
baseline cannot be called there are listed, not counted). Reading the revision with
``git archive`` leaves the working tree untouched.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = [("calls", "calls"), ("clean", "clean error"), ("ok", "accepted ok"),
           ("no_value", "no value"), ("unnamed", "unnamed"), ("other", "other exc."),
           ("accepted_bad", "silently ok"), ("nonfinite", "non-finite"), ("hang", "hangs"),
           ("crash", "crashes")]


def _measure(time_limit: float, processes: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    import contract as harness

    start = time.perf_counter()
    run = harness.run_all(time_limit=time_limit, processes=processes)
    run["seconds"] = time.perf_counter() - start
    import scaling_lib

    run["library"] = str(Path(scaling_lib.__file__).resolve().parent)
    return run


def _in_other_copy(library: Path, args) -> dict:
    """Run this script on ``library`` in a subprocess; return its JSON result."""
    if not (library / "scaling_lib" / "_contract.py").exists():
        shutil.copy(ROOT / "scaling_lib" / "_contract.py", library / "scaling_lib")
    env = {**os.environ, "PYTHONPATH": str(library)}
    out = Path(tempfile.mkdtemp()) / "run.json"
    cmd = [sys.executable, __file__, "--json", str(out), "--time-limit", str(args.time_limit),
           "--processes", str(args.processes)]
    subprocess.run(cmd, env=env, check=True, cwd=library)
    return json.loads(out.read_text())


def _export(rev: str) -> Path:
    target = Path(tempfile.mkdtemp(prefix="scaling_rev_"))
    atexit.register(shutil.rmtree, target, True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "scaling_lib", "book/data"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def _table(run: dict) -> str:
    per: dict[str, Counter] = defaultdict(Counter)
    for res in run["results"]:
        for c in res["calls"]:
            module = c.get("module") or c["target"].rsplit(".", 1)[0]
            per[module]["calls"] += 1
            per[module][c["category"]] += 1
    total = Counter()
    for counts in per.values():
        total.update(counts)
    width = max(len(m) for m in per) if per else 10
    head = f"| {'module':<{width}} | " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "|" + "-" * (width + 2) + "|" + "|".join("-" * (len(label) + 2)
                                                   for _, label in COLUMNS) + "|"
    lines = [head, rule]
    for module in sorted(per):
        lines.append(f"| {module:<{width}} | " + " | ".join(
            f"{per[module][key]:>{len(label)}}" for key, label in COLUMNS) + " |")
    lines.append(f"| {'total':<{width}} | " + " | ".join(
        f"{total[key]:>{len(label)}}" for key, label in COLUMNS) + " |")
    calls = total["calls"] or 1
    good = total["clean"] + total["ok"]
    lines.append("")
    lines.append(f"{total['calls']:,} calls on {len(run['results'])} callables in "
                 f"{run.get('seconds', 0):.0f} s ({run.get('library', '?')}): "
                 f"{100 * total['clean'] / calls:.1f}% clean errors naming the argument, "
                 f"{100 * good / calls:.1f}% within the contract.")
    missing = [r["info"]["qualname"] for r in run["results"] if "baseline_failed" in r["info"]]
    if missing:
        lines.append(f"{len(missing)} callables could not be measured (their baseline call "
                     f"failed): {', '.join(m.removeprefix('scaling_lib.') for m in missing)}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", help="measure this git revision instead (via git archive)")
    parser.add_argument("--library", type=Path, help="measure DIR/scaling_lib instead")
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per call")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--failures", type=int, default=0, help="list this many failures")
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rev or args.library:
        library = _export(args.rev) if args.rev else args.library.resolve()
        run = _in_other_copy(library, args)
    else:
        run = _measure(args.time_limit, args.processes)
    if args.json:
        args.json.write_text(json.dumps(run))
        return 0
    print(_table(run))
    if args.failures:
        bad = [c for r in run["results"] for c in r["calls"]
               if c["category"] not in ("clean", "ok")]
        for c in bad[:args.failures]:
            what = f"{c['error']}: {c['message']}" if c.get("error") else "returned"
            print(f"- {c['target']}({c['arg']}=<{c['kind']}>): {c['category']}: {what}"[:200])
    return 0


if __name__ == "__main__":
    sys.exit(main())
