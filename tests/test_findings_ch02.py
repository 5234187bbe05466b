"""Chapter 2's lab findings, recomputed from the cached sweeps (issue 28, section 2).

Audit of chapter 2 (sentences that compare lab runs, and the seeds behind them):

* "data helps faster than parameters (α > β, b > a), so the optimum shifts towards more
  tokens, from about … tokens per parameter at the smallest budget to … at the largest":
  was one fit to seed 0 (plus two replicate runs); now Approach 3 refitted to each of five
  seeds of the IsoFLOP sweep, b − a compared over seeds, the ratios given as mean ± sd.
* "The fit puts E … millinats above the truth": one fit; now also seed by seed.
* "The two approaches agree within their intervals": worded from the bootstrap intervals.
* Approach 1 (envelope): one seed; its sentences describe that sweep ("the winners take
  only … values"), and "Approaches 2 and 3 both fall inside that interval" is asserted in
  the page. The live runs' numbers are stated as this build's.
* Issue 31: the live runs are now one demo profile of three sizes on their own account (the
  page states only their cost and time, as this build's, and says the lowest of three is
  only the best size tried); the capstone's worked solution trains its own seven runs on a
  fresh account. No finding changed direction or strength.
"""

import numpy as np
import pytest

from scaling_lib.findings import compare_paired
from scaling_lib.fitting import fit_parametric
from scaling_lib.lab import load_sweep
from scaling_lib.lab.sweep import DATA_DIR

SEEDS = [0, 1, 2, 3, 4]  # as in book/02_chinchilla.ipynb


@pytest.fixture(scope="module")
def seed_laws():
    iso = load_sweep("isoflop")
    laws = []
    for s in SEEDS:
        t = (iso if s == 0 else load_sweep("isoflop", DATA_DIR / "seeds" / f"seed{s}"))
        t = t.where(seed=s)
        assert len(t) == len(iso.where(seed=0))
        laws.append(fit_parametric(t["total_params"], t["tokens"], t["final_loss"]).law)
    return laws, float(iso["entropy"][0]), iso.where(seed=0)["budget_flops"]


def test_the_optimum_shifts_towards_more_tokens_over_seeds(seed_laws):
    laws, _, flops = seed_laws
    shift = compare_paired([w.tokens_exponent for w in laws], [w.params_exponent for w in laws],
                           label_a="b", label_b="a", lower_is_better=False, unit="")
    shift.expect(SHIFT)
    r_lo = np.array([w.tokens_per_param(flops.min()) for w in laws])
    r_hi = np.array([w.tokens_per_param(flops.max()) for w in laws])
    assert np.all(r_hi > r_lo)


def test_the_fitted_floor_sits_above_the_entropy_over_seeds(seed_laws):
    laws, entropy, _ = seed_laws
    gap = compare_paired([1000 * (w.E - entropy) for w in laws], np.zeros(len(laws)),
                         label_a="E", label_b="H", unit="millinats")
    gap.expect(E_SIDE)


SHIFT = "a"  # b > a
E_SIDE = "b"  # E above H
