"""Print the BLAS kernel numpy uses here; with --expect, fail unless it is that kernel.

    python tools/blas_kernel.py                       # e.g. "openblas SkylakeX"
    python tools/blas_kernel.py --second              # a kernel other than this one, e.g. Haswell
    OPENBLAS_CORETYPE=Haswell python tools/blas_kernel.py --expect Haswell

`make test` runs the lab's tests and builds the book a second time under another kernel
(OPENBLAS_CORETYPE, issue 28): this check makes sure the setting took effect, so that the second
run is not silently the first one again.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import numpy  # noqa: F401  (loads OpenBLAS)
from threadpoolctl import threadpool_info


def kernels() -> list[str]:
    return [f"{i['internal_api']} {i.get('architecture', '?')}" for i in threadpool_info()
            if i.get("user_api") == "blas"]


# A second kernel this CPU can run that rounds differently from the one OpenBLAS picked:
# AVX2 ("Haswell") where it picked an AVX-512 kernel; AVX without FMA ("Sandybridge") where it
# picked Haswell; the generic ARMv8 kernel on ARM machines that picked a tuned one.
SECOND = {"haswell": "Sandybridge", "armv8": "NEOVERSEN1"}


def second_kernel(found: list[str]) -> str:
    """The kernel `make test` runs its second pass under, given the kernels found here."""
    arch = found[0].split()[-1].lower() if found else "?"
    if arch in SECOND:
        return SECOND[arch]
    if arch.startswith(("neoverse", "cortex", "thunderx", "vortex", "a64fx")):
        return "ARMV8"
    return "Haswell"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--expect", default=None, help="the architecture OpenBLAS must report")
    ap.add_argument("--second", action="store_true",
                    help="print only the name of a second kernel to force (OPENBLAS_CORETYPE)")
    args = ap.parse_args(argv)
    found = kernels()
    if args.second:
        # the kernel OpenBLAS picks by itself, whatever OPENBLAS_CORETYPE this process has
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
        natural = subprocess.run([sys.executable, __file__], env=env, capture_output=True,
                                 text=True, check=True).stdout
        print(second_kernel([k.strip() for k in natural.split(":", 1)[-1].split(",")]))
        return 0
    print("BLAS:", ", ".join(found) or "none found")
    if args.expect and not any(k.split()[-1].lower() == args.expect.lower() for k in found):
        print(f"expected the {args.expect} kernel (OPENBLAS_CORETYPE); this numpy did not "
              "take it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
