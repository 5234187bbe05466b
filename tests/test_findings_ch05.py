"""Chapter 5's lab findings, recomputed from the cached sweeps (issue 28, section 2).

The page states one comparison between lab runs that the cache alone decides: whether the
lab's runs above 100 tokens per parameter lie above or below the law fitted at typical
ratios (Sardana et al.'s check). Each of those runs has one seed, so the page reports the
direction as unresolved; this test fails if the cache changes so that the page's wording no
longer matches the rule of ``scaling_lib.findings`` (at least two seeds and a gap beyond
three seed standard deviations, or five seeds).

The break-even experiment of the chapter rests on live runs of one seed; the page says so,
quotes its numbers to one significant figure (the second moves with the BLAS kernel) and
states no comparison beyond the one-seed band.
"""

import numpy as np
import pytest

from scaling_lib.findings import MIN_SEEDS
from scaling_lib.fitting import fit_parametric
from scaling_lib.lab import load_sweep, seed_spread

SWEEPS = ("isoflop", "n_sweep", "d_sweep")


@pytest.fixture(scope="module")
def held_out():
    all_runs = [r for name in SWEEPS for r in load_sweep(name)]
    cached = [r for r in all_runs if not r.get("replicate")]
    params = np.array([r["total_params"] for r in cached], dtype=float)
    tokens = np.array([r["tokens"] for r in cached], dtype=float)
    loss = np.array([r["final_loss"] for r in cached])
    typical = tokens / params <= 100
    law = fit_parametric(params[typical], tokens[typical], loss[typical]).law
    resid = loss[~typical] - law.loss(params[~typical], tokens[~typical])
    seeds = min(sum(1 for q in all_runs if (q["width"], q["tokens"]) == (r["width"], r["tokens"]))
                for r in cached if r["tokens"] / r["total_params"] > 100)
    sd = seed_spread(load_sweep("isoflop"))["std"]
    return resid, seeds, sd


def test_held_out_direction_is_unresolved_as_the_page_says(held_out):
    resid, seeds, sd = held_out
    # the page's rule (book/05, cell 3dcb8e22-prose): decided only with >= 2 seeds per run
    # and a mean gap beyond three seed SDs (or >= MIN_SEEDS seeds)
    decided = (seeds >= 2 and abs(resid.mean()) > 3 * sd) or seeds >= MIN_SEEDS
    assert seeds == 1, "the held-out runs gained seeds: recompute the finding as multi-seed"
    assert not decided
    # before issue 28 the page said "the opposite direction to what Sardana et al. report";
    # the gap is real in these runs but smaller than three seed SDs of one run
    assert resid.size == 15
    assert resid.mean() < 0 and abs(resid.mean()) < 3 * sd


def test_held_out_numbers_the_page_quotes(held_out):
    resid, _, sd = held_out
    assert f"{abs(resid.mean()):.4f}" == "0.0030"
    assert int(np.sum(np.sign(resid) == np.sign(resid.mean()))) == 15
    assert abs(resid.mean()) / sd == pytest.approx(1.2, abs=0.05)
