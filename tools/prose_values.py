"""Execute chapters and print the numbers their prose quotes, optionally under another BLAS kernel.

    python tools/prose_values.py book/03_data_limits.ipynb                 # this machine's kernel
    python tools/prose_values.py book/03_data_limits.ipynb --coretype Haswell
    python tools/prose_values.py book/0*.ipynb --compare Haswell            # both, and the diff

Each chapter runs in a fresh kernel (one BLAS thread, strict exercise mode) with one cell
appended that dumps ``prose`` as JSON. ``OPENBLAS_CORETYPE=Haswell`` forces OpenBLAS's AVX2
kernels on a machine that would pick AVX-512 ones: training amplifies the last bits, so a
number that differs between the two runs is quoted more precisely than it holds.
``--compare`` prints every prose value that differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

DUMP = ("import json as _json\n"
        "print('@@PROSE@@' + _json.dumps({k: str(v) for k, v in vars(prose).items()}))")


def prose_values(path: Path, coretype: str | None = None, timeout: int = 600) -> dict[str, str]:
    """Run the chapter at ``path`` and return its prose values as text."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(DUMP))
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "SCALING_STRICT_EXERCISES": "1"}
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    saved = {k: os.environ.get(k) for k in [*env, "OPENBLAS_CORETYPE"]}
    os.environ.pop("OPENBLAS_CORETYPE", None)
    os.environ.update(env)
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    for out in nb.cells[-1].outputs:
        text = out.get("text", "")
        if "@@PROSE@@" in text:
            return json.loads(text.split("@@PROSE@@", 1)[1])
    raise RuntimeError(f"{path}: no prose values printed")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--coretype", default=None, help="OPENBLAS_CORETYPE for the run")
    ap.add_argument("--compare", default=None, metavar="CORETYPE",
                    help="run with this machine's kernel and with CORETYPE; print differences")
    ap.add_argument("--json", type=Path, default=None, help="write the values here")
    args = ap.parse_args(argv)
    changed = 0
    everything = {}
    for path in args.notebooks:
        if args.compare:
            a = prose_values(path)
            b = prose_values(path, args.compare)
            everything[str(path)] = {"default": a, args.compare: b}
            diff = {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b))
                    if a.get(k) != b.get(k)}
            print(f"== {path}: {len(a)} values, {len(diff)} differ under {args.compare}")
            for k, (x, y) in diff.items():
                print(f"   {k}: {x!r} -> {y!r}")
            changed += len(diff)
        else:
            vals = prose_values(path, args.coretype)
            everything[str(path)] = vals
            print(f"== {path} ({args.coretype or 'default kernel'})")
            for k, v in vals.items():
                print(f"   {k}: {v}")
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
