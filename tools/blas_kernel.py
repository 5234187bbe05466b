"""Print the BLAS kernel numpy uses here; with --expect, fail unless it is that kernel.

    python tools/blas_kernel.py                       # e.g. "openblas SkylakeX"
    OPENBLAS_CORETYPE=Haswell python tools/blas_kernel.py --expect Haswell

`make test` runs the lab's tests and builds the book a second time under another kernel
(OPENBLAS_CORETYPE, issue 28): this check makes sure the setting took effect, so that the second
run is not silently the first one again.
"""

from __future__ import annotations

import argparse
import sys

import numpy  # noqa: F401  (loads OpenBLAS)
from threadpoolctl import threadpool_info


def kernels() -> list[str]:
    return [f"{i['internal_api']} {i.get('architecture', '?')}" for i in threadpool_info()
            if i.get("user_api") == "blas"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--expect", default=None, help="the architecture OpenBLAS must report")
    args = ap.parse_args(argv)
    found = kernels()
    print("BLAS:", ", ".join(found) or "none found")
    if args.expect and not any(k.split()[-1].lower() == args.expect.lower() for k in found):
        print(f"expected the {args.expect} kernel (OPENBLAS_CORETYPE); this numpy did not "
              "take it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
