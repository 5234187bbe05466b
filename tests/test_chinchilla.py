import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import chinchilla as ch
from scaling_lib import models
from scaling_lib.lab import load_sweep
from scaling_lib.laws import BESIROGLU_2024, CHINCHILLA_LAWS, HOFFMANN_2022, ChinchillaLaw


@given(st.floats(1e18, 1e27))
@settings(max_examples=25, deadline=None)
def test_a_compute_optimal_model_uses_all_its_compute_usefully(flops):
    n, d = BESIROGLU_2024.compute_optimal(flops)
    assert math.isclose(ch.equivalent_flops(BESIROGLU_2024, n, d), flops, rel_tol=1e-6)


@given(st.floats(0.05, 20.0))
@settings(max_examples=25, deadline=None)
def test_any_other_split_of_the_same_compute_is_worth_less(factor):
    n, d = HOFFMANN_2022.compute_optimal(1e23)
    if abs(math.log(factor)) < 1e-3:
        return
    eq = ch.equivalent_flops(HOFFMANN_2022, n * factor, d / factor)
    assert eq < 1e23


def test_frontier_loss_falls_with_compute():
    c = np.geomspace(1e18, 1e26, 9)
    assert np.all(np.diff(ch.frontier_loss(HOFFMANN_2022, c)) < 0)


def test_allocation_table_finds_gopher_oversized_and_chinchilla_near_the_frontier():
    rows = ch.allocation_table([models.get("Gopher 280B"), models.get("Chinchilla 70B")],
                               CHINCHILLA_LAWS)
    gopher = [r for r in rows if r.model == "Gopher 280B"]
    chin = [r for r in rows if r.model == "Chinchilla 70B"]
    assert all(r.oversize > 3 and r.useful_fraction < 0.6 for r in gopher)
    assert all(abs(math.log(r.oversize)) < math.log(2.5) for r in chin)
    assert all(math.isclose(r.oversize, r.token_shortfall) for r in rows)


def test_non_embedding_counting_steepens_the_exponent_only_at_small_scale():
    small = ch.non_embedding_allocation(BESIROGLU_2024, np.geomspace(1e14, 1e19, 12))
    large = ch.non_embedding_allocation(BESIROGLU_2024, np.geomspace(1e22, 1e26, 12))
    assert small.a_non_embedding > small.a_total + 0.1
    assert abs(large.a_non_embedding - large.a_total) < 0.02
    assert np.allclose(small.non_embedding_params
                       + ch.embedding_params(small.non_embedding_params), small.params)


def test_equal_exponents_give_a_constant_ratio():
    law = ChinchillaLaw(E=1.0, A=300.0, B=300.0, alpha=0.3, beta=0.3)
    r = [law.tokens_per_param(c) for c in (1e18, 1e22, 1e26)]
    assert np.allclose(r, r[0])


def test_isoflop_bootstrap_is_deterministic_and_brackets_the_estimate():
    t = ch.isoflop_vertex(load_sweep("isoflop"), 2e10)
    s = load_sweep("isoflop").where(seed=0)
    args = (s["total_params"], s["tokens"], s["final_loss"], s["budget_flops"])
    b1 = ch.isoflop_bootstrap(*args, n_resamples=40, seed=1)
    b2 = ch.isoflop_bootstrap(*args, n_resamples=40, seed=1)
    assert np.array_equal(b1.a_samples, b2.a_samples)
    lo, hi = b1.interval("a", 0.95)
    assert lo <= b1.a <= hi
    assert np.allclose(b1.a_samples + b1.b_samples, 1.0)
    assert t.params.min() <= t.params_opt <= t.params.max()


def test_inputs_are_validated():
    with pytest.raises(ValueError, match="non_embedding_params"):
        ch.embedding_params(-1.0)
    with pytest.raises(ValueError, match="flops"):
        ch.non_embedding_allocation(HOFFMANN_2022, [1e20])
    with pytest.raises(ValueError, match="runs is empty"):
        ch.runs_arrays([])
    with pytest.raises(ValueError, match="fewer than 3"):
        ch.isoflop_vertex(load_sweep("isoflop"), 1e15)


def test_the_capstone_reference_is_not_one_call_away_from_the_notebook():
    # issue 17: the reference profile must not be loadable with a one-liner from the names a
    # chapter imports (ch, load_sweep): no public truth function, and the profile sits
    # outside load_sweep's default folder
    assert not hasattr(ch, "lab_isoflop_truth")
    with pytest.raises(ValueError, match="no cached sweep"):
        load_sweep("capstone_reference")
    with pytest.raises(ValueError, match="fewer than 3"):
        ch.isoflop_vertex(load_sweep("isoflop"), ch.LAB_TARGET_FLOPS)
