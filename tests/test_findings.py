"""scaling_lib.findings: a comparison is decided only by enough seeds, and says so."""

import numpy as np
import pytest

from scaling_lib.findings import (
    MIN_SEEDS,
    compare_groups,
    compare_paired,
    fmt_spread,
    seed_trend,
)

# The review of chapter 10 re-ran six student seeds: student loss with the width-192 teacher
# minus with the exact law, at 32,768 tokens.
TEACHER_MINUS_EXACT = [-0.0022, 0.0024, 0.0019, 0.0019, 0.0057, -0.0002]


def test_one_favourable_seed_does_not_make_a_finding():
    # the cached seed alone said the teacher was better; two seeds within the noise cannot decide
    f = compare_paired([0.9584, 0.9601 + 0.0024], [0.9601, 0.9601], label_a="teacher",
                       label_b="exact law")
    assert f.verdict == "unresolved"
    assert "cannot be told apart" in f.describe()


def test_six_seeds_within_two_standard_errors_stay_unresolved():
    d = np.array(TEACHER_MINUS_EXACT)
    f = compare_paired(0.96 + d, np.full(6, 0.96), label_a="teacher", label_b="exact law")
    assert f.n == 6 and f.n_a_better == 2
    assert abs(f.mean - d.mean()) < 1e-12
    assert f.t == pytest.approx(d.mean() / (d.std(ddof=1) / np.sqrt(6)))
    # t = 1.8: the exact law is better on average, but not by two standard errors
    assert f.verdict == "unresolved"


def test_a_consistent_gap_over_five_seeds_is_decided_for_the_lower_loss():
    b = np.array([1.00, 1.01, 0.99, 1.02, 1.00])
    f = compare_paired(b - 0.01 + np.array([0.001, -0.001, 0.0, 0.002, -0.002]), b,
                       label_a="WSD", label_b="cosine")
    assert f.verdict == "a" and f.better == "WSD" and f.worse == "cosine"
    assert f.describe().startswith("WSD is better than cosine by 0.010")
    f.expect("a")
    with pytest.raises(AssertionError, match="finding changed"):
        f.expect("b")


def test_higher_is_better_flips_the_verdict():
    acc_a = [0.8, 0.82, 0.81, 0.83, 0.8]
    acc_b = [0.7, 0.71, 0.72, 0.7, 0.69]
    assert compare_paired(acc_a, acc_b, lower_is_better=False).verdict == "a"
    assert compare_paired(acc_a, acc_b, lower_is_better=True).verdict == "b"


def test_fewer_than_five_seeds_need_a_gap_beyond_three_seed_sds():
    base = np.array([1.0, 1.1, 0.9])
    small = compare_paired(base + 0.035 + np.array([0.01, -0.01, 0.0]), base)
    assert small.n < MIN_SEEDS and small.verdict == "b"  # gap 0.035 > 3 × sd 0.01
    noisy = compare_paired(base + 0.03 + np.array([0.012, -0.012, 0.0]) * 1.5, base)
    assert abs(noisy.mean) < 3 * noisy.sd and noisy.verdict == "unresolved"


def test_a_single_seed_is_refused_with_a_named_argument():
    with pytest.raises(ValueError, match="a needs at least two seeds"):
        compare_paired([1.0], [1.1])
    with pytest.raises(ValueError, match="differ|pair"):
        compare_paired([1.0, 1.1], [1.1, 1.2, 1.3])


def test_groups_use_welch_standard_error():
    a = [1.0, 1.1, 1.2, 1.05, 1.15]
    b = [1.5, 1.6, 1.55, 1.45, 1.5, 1.6]
    f = compare_groups(a, b, label_a="small", label_b="large")
    se = np.sqrt(np.var(a, ddof=1) / 5 + np.var(b, ddof=1) / 6)
    assert f.se == pytest.approx(se) and f.verdict == "a" and not f.paired


def test_seed_trend_fits_each_seed_and_decides_on_the_mean_slope():
    x = np.log10([1e4, 1e5, 1e6])
    rng = np.random.default_rng(0)
    y = 0.04 * x + rng.normal(0, 0.002, (5, 3))
    t = seed_trend(x, y, label="the 3-bit damage", unit="nats per decade")
    assert t.verdict == "rises" and t.n_same_sign == 5
    assert t.slope == pytest.approx(np.mean([np.polyfit(x, r, 1)[0] for r in y]))
    flat = seed_trend(x, rng.normal(0, 0.01, (5, 3)))
    assert flat.verdict == "unresolved" and "no trend" in flat.describe()


def test_fmt_spread_keeps_only_the_digits_the_spread_carries():
    assert fmt_spread(0.96013, 0.0011) == "0.9601"
    assert fmt_spread(0.96013, 0.011) == "0.960"
    assert fmt_spread(5.23, 0.2) == "5.23"
    assert fmt_spread(5.23, 0.2, sig=1) == "5.2"
    assert fmt_spread(123456, 1500) == "123500"
    assert fmt_spread(0.5, 0.0) == "0.5"


def test_a_quantity_that_is_not_a_quality_is_worded_by_its_size():
    f = compare_paired([0.30, 0.25, 0.28, 0.31, 0.27], [0.0, -0.05, 0.02, 0.01, -0.03],
                       label_a="β with pre-training ∝ size", label_b="β with the same",
                       lower_is_better=False, unit="", word="larger")
    assert f.describe().startswith("β with pre-training ∝ size is larger than β with the same")
    assert "β with pre-training ∝ size larger in 5 of 5" in f.describe()
    assert "better" not in f.describe()
