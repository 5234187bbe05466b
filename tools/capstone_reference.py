"""Regenerate ``book/data/lab/capstone/capstone_reference.{json,csv}``: chapter 2's capstone target.

One IsoFLOP profile of the lab at ``BUDGET_FLOPS`` (33× the capstone's experiment budget of
3e10 FLOPs), six model sizes log-spaced around the optimum the cached IsoFLOP sweep predicts,
seed 0, the lab's default training recipe. The capstone grades a learner's prediction of the
optimal size and loss at this budget against the parabola minimum of these runs. The files go
to a subfolder of the cached sweeps, out of ``load_sweep``'s default folder, so that the
answer is not one ``load_sweep`` call away from the exercise.

Usage: python tools/capstone_reference.py   (about 2–4 minutes on 2 cores)
"""

import numpy as np

from scaling_lib.lab.language import LanguageConfig
from scaling_lib.lab.sweep import (
    DATA_DIR,
    RunSpec,
    _params,
    _width_for_params,
    run_sweep,
    save_sweep,
)
from scaling_lib.lab.train import TrainConfig

BUDGET_FLOPS = 1e12
#: centre of the size window: the cached sweep's optimum at 2e11 FLOPs (≈ 2.4e4 params)
#: scaled by its exponent a ≈ 0.38 to 1e12 FLOPs, rounded
CENTRE_PARAMS = 4.4e4
SPAN = 4.5
SIZES = 6
SEED = 0
#: where the reference profile is written (read by ``scaling_lib.exercises.chinchilla``)
REFERENCE_DIR = DATA_DIR / "capstone"


def specs() -> list:
    lang = LanguageConfig()
    widths = sorted({_width_for_params(n, lang)
                     for n in np.geomspace(CENTRE_PARAMS / SPAN, CENTRE_PARAMS * SPAN, SIZES)})
    return [RunSpec(TrainConfig(width=w, tokens=int(round(BUDGET_FLOPS / (6 * _params(w, lang)))),
                                seed=SEED), lang, labels=(("budget_flops", BUDGET_FLOPS),))
            for w in widths]


def main() -> None:
    table = run_sweep(specs(), workers=2, progress=True, name="capstone_reference",
                      meta={"budget_flops": BUDGET_FLOPS, "centre_params": CENTRE_PARAMS,
                            "span": SPAN, "sizes": SIZES, "seed": SEED,
                            "script": "tools/capstone_reference.py"})
    REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
    for path in save_sweep(table, REFERENCE_DIR):
        print("wrote", path)
    print(table.summary())


if __name__ == "__main__":
    main()
