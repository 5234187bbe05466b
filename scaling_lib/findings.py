"""Lab findings that carry their own evidence: comparisons over seeds, worded from the numbers.

A sentence that compares lab runs ("A beats B", "the loss grows with k") is a *finding*.
The course states one only when the runs carry it:

* the comparison is made seed by seed (or group against group) and summarised by its mean,
  the seed spread (standard deviation) and the standard error of the mean;
* it is *decided* only when the mean is at least ``z`` standard errors from zero (2 by
  default) **and** it rests on at least five seeds, unless the difference is larger than
  three seed standard deviations (then fewer seeds, but at least two, suffice);
* otherwise its verdict is ``"unresolved"`` and the page must say that the runs cannot tell.

Chapters build their sentence from :meth:`Comparison.describe` (or from ``verdict``), so the
text changes with the data, and a test per chapter recomputes each finding from the cached
sweeps and calls :meth:`Comparison.expect`, so a regenerated cache cannot silently falsify
the prose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validate import (
    _show,
    as_array,
    as_bool,
    as_choice,
    as_finite,
    as_int,
    as_nonnegative,
    as_positive,
    as_text,
    check_fields,
)

__all__ = [
    "MIN_SEEDS",
    "Comparison",
    "Trend",
    "compare_paired",
    "compare_groups",
    "seed_trend",
    "fmt_spread",
]

#: seeds a finding needs when the difference is within three seed standard deviations
MIN_SEEDS = 5


def _values(name: str, values) -> np.ndarray:
    return as_array(name, values)


def _label(name: str, value) -> str:
    return as_text(name, value, allow_empty=False)


def fmt_spread(value: float, spread: float, *, sig: int = 2) -> str:
    """``value`` rounded to the decimal place of ``spread``'s ``sig``-th significant figure.

    A number is quoted only as precisely as its spread (seed, kernel or bootstrap) allows:
    ``fmt_spread(0.96013, 0.0011)`` gives ``"0.9601"``; ``fmt_spread(0.96013, 0.011)`` gives
    ``"0.960"``. With ``spread == 0`` the value is given to 4 significant figures.
    """
    value = float(as_finite("value", value, allow_array=False))
    spread = float(as_nonnegative("spread", spread, allow_array=False))
    sig = as_int("sig", sig, minimum=1, maximum=15)
    if spread == 0:
        return f"{value:.4g}"
    decimals = sig - 1 - math.floor(math.log10(spread))
    if decimals <= 0:
        return f"{round(value, decimals):.0f}"
    return f"{value:.{decimals}f}"


@dataclass(frozen=True)
class Comparison:
    """A comparison of a metric between two settings, A and B, over seeds.

    ``diffs`` holds A − B per seed (paired) or is empty for a group comparison, in which
    case ``mean`` and ``se`` come from the two groups (Welch's standard error).
    With ``lower_is_better`` (losses), A is better when the mean difference is negative.
    ``word`` names A's advantage in the generated text: "better" for a loss or an error,
    "larger", "lower", … for a quantity that is not a quality (an exponent, a gap).
    """

    label_a: str
    label_b: str
    mean: float
    sd: float
    se: float
    n: int
    n_a_better: int
    lower_is_better: bool = True
    unit: str = "nats"
    z: float = 2.0
    paired: bool = True
    word: str = "better"

    def __post_init__(self):
        check_fields(self, label=("label_a", "label_b", "word"), finite=("mean",),
                     nonnegative=("sd", "se"), count=("n",), whole=("n_a_better",),
                     positive=("z",), text=("unit",))
        as_bool("lower_is_better", self.lower_is_better)
        as_bool("paired", self.paired)

    @property
    def t(self) -> float:
        """Mean difference in standard errors (inf when every seed agrees exactly)."""
        if self.se == 0:
            return math.inf if self.mean != 0 else 0.0
        return self.mean / self.se

    @property
    def enough_seeds(self) -> bool:
        """At least five seeds, or at least two and a difference beyond three seed SDs."""
        if self.n >= MIN_SEEDS:
            return True
        return self.n >= 2 and abs(self.mean) > 3 * self.sd

    @property
    def verdict(self) -> str:
        """``"a"`` (A better), ``"b"`` (B better) or ``"unresolved"``."""
        if not self.enough_seeds or abs(self.t) < self.z:
            return "unresolved"
        a_lower = self.mean < 0
        return "a" if a_lower == self.lower_is_better else "b"

    @property
    def better(self) -> str | None:
        """The label of the better setting, or ``None`` when unresolved."""
        return {"a": self.label_a, "b": self.label_b}.get(self.verdict)

    @property
    def worse(self) -> str | None:
        return {"a": self.label_b, "b": self.label_a}.get(self.verdict)

    def size(self) -> str:
        """The mean gap with its standard error, rounded to what the spread carries."""
        gap = fmt_spread(abs(self.mean), self.se)
        err = fmt_spread(self.se, self.se)
        return f"{gap} ± {err} {self.unit}".rstrip()

    def evidence(self) -> str:
        """How many seeds, and how often A was better (paired) — the bracket of a finding."""
        if self.paired:
            return (f"mean ± standard error over {self.n} seeds; {self.label_a} {self.word} "
                    f"in {self.n_a_better} of {self.n}")
        return f"mean ± standard error, at least {self.n} runs per setting"

    def describe(self) -> str:
        """One clause stating the finding as the numbers support it."""
        if self.verdict == "unresolved":
            why = ("too few seeds to tell" if not self.enough_seeds
                   else "within the seed noise")
            return (f"{self.label_a} and {self.label_b} cannot be told apart "
                    f"({why}: a gap of {self.size()}, {self.evidence()})")
        return (f"{self.better} is {self.word} than {self.worse} by {self.size()} "
                f"({self.evidence()})")

    def expect(self, verdict: str) -> None:
        """Raise ``AssertionError`` unless the verdict is ``verdict`` (for tests)."""
        verdict = as_choice("verdict", verdict, ("a", "b", "unresolved"))
        if self.verdict != verdict:
            raise AssertionError(
                f"finding changed: expected verdict {verdict!r}, computed {self.verdict!r}: "
                f"{self.describe()} (t = {self.t:.2f})")


def compare_paired(a, b, *, label_a: str = "A", label_b: str = "B",
                   lower_is_better: bool = True, unit: str = "nats",
                   z: float = 2.0, word: str = "better") -> Comparison:
    """Compare A and B seed by seed: ``a[i]`` and ``b[i]`` share seed ``i``.

    Mean difference d̄ = mean(a − b), seed spread s = sd(a − b) (ddof 1), standard error
    s/√n. Decided when |d̄| ≥ z·s/√n and enough seeds (see :class:`Comparison`).
    """
    a = _values("a", a)
    b = _values("b", b)
    lower_is_better = as_bool("lower_is_better", lower_is_better)
    unit = as_text("unit", unit)
    word = as_text("word", word, allow_empty=False)
    if a.shape != b.shape:
        raise ValueError(f"a and b must pair seed by seed, got {a.size} and {b.size} values")
    z = as_positive("z", z, allow_array=False)
    if a.size < 2:
        raise ValueError(f"a needs at least two seeds for a finding, got {a.size}")
    d = a - b
    n = d.size
    sd = float(d.std(ddof=1))
    se = sd / math.sqrt(n)
    a_better = int(np.sum(d < 0)) if lower_is_better else int(np.sum(d > 0))
    return Comparison(_label("label_a", label_a), _label("label_b", label_b),
                      float(d.mean()), sd, se, n, a_better, lower_is_better,
                      unit, float(z), True, word)


def compare_groups(a, b, *, label_a: str = "A", label_b: str = "B",
                   lower_is_better: bool = True, unit: str = "nats",
                   z: float = 2.0, word: str = "better") -> Comparison:
    """Compare two independent groups of runs (no seed pairing), Welch's standard error.

    ``n`` is the smaller group's size; ``sd`` the larger of the two groups' spreads.
    """
    a = _values("a", a)
    b = _values("b", b)
    lower_is_better = as_bool("lower_is_better", lower_is_better)
    unit = as_text("unit", unit)
    word = as_text("word", word, allow_empty=False)
    z = as_positive("z", z, allow_array=False)
    for name, arr in (("a", a), ("b", b)):
        if arr.size < 2:
            raise ValueError(f"{name} needs at least two runs for a finding, got {arr.size}")
    sa, sb = a.std(ddof=1), b.std(ddof=1)
    sd = float(max(sa, sb))
    se = float(math.sqrt(sa**2 / a.size + sb**2 / b.size))
    return Comparison(_label("label_a", label_a), _label("label_b", label_b),
                      float(a.mean() - b.mean()), sd, se, int(min(a.size, b.size)), 0,
                      lower_is_better, unit, float(z), False, word)


@dataclass(frozen=True)
class Trend:
    """The slope of a metric against a variable, fitted to every seed's runs."""

    label: str
    slope: float
    se: float
    n_seeds: int
    per_seed: tuple[float, ...]
    unit: str = ""
    z: float = 2.0

    def __post_init__(self):
        check_fields(self, label=("label",), finite=("slope",), nonnegative=("se",),
                     count=("n_seeds",), positive=("z",), text=("unit",))
        as_array("per_seed", self.per_seed, min_length=2)

    @property
    def t(self) -> float:
        if self.se == 0:
            return math.inf if self.slope != 0 else 0.0
        return self.slope / self.se

    @property
    def verdict(self) -> str:
        """``"rises"``, ``"falls"`` or ``"unresolved"`` (same rule as :class:`Comparison`)."""
        sd = self.se * math.sqrt(self.n_seeds)
        enough = self.n_seeds >= MIN_SEEDS or (self.n_seeds >= 2 and abs(self.slope) > 3 * sd)
        if not enough or abs(self.t) < self.z:
            return "unresolved"
        return "rises" if self.slope > 0 else "falls"

    @property
    def n_same_sign(self) -> int:
        return int(sum(np.sign(s) == np.sign(self.slope) for s in self.per_seed))

    def describe(self) -> str:
        slope = fmt_spread(self.slope, self.se)
        err = fmt_spread(self.se, self.se)
        unit = f" {self.unit}" if self.unit else ""
        ev = (f"slope {slope} ± {err}{unit}, mean ± standard error over {self.n_seeds} seeds;"
              f" same sign in {self.n_same_sign} of {self.n_seeds}")
        if self.verdict == "unresolved":
            return f"{self.label} shows no trend the seeds can carry ({ev})"
        return f"{self.label} {self.verdict} ({ev})"

    def expect(self, verdict: str) -> None:
        verdict = as_choice("verdict", verdict, ("rises", "falls", "unresolved"))
        if self.verdict != verdict:
            raise AssertionError(f"trend changed: expected {verdict!r}, computed "
                                 f"{self.verdict!r}: {self.describe()} (t = {self.t:.2f})")


def seed_trend(x, y_by_seed, *, label: str = "the metric", unit: str = "",
               z: float = 2.0) -> Trend:
    """Fit a straight line y = a + s·x separately for each seed; summarise the slopes.

    ``y_by_seed`` has one row per seed and one column per ``x``. The trend's slope is the
    mean of the per-seed slopes, its standard error their sd/√n (n seeds).
    Transform ``x`` (e.g. ``log10``) before calling if the trend is in a logarithm.
    """
    x = _values("x", x)
    y = np.asarray(as_finite("y_by_seed", y_by_seed), dtype=float)
    if y.ndim != 2 or y.shape[1] != x.size:
        raise ValueError(f"x and y_by_seed differ in length: y_by_seed must have one row per seed "
                         f"and {x.size} columns (one per x), got shape {y.shape}: "
                         f"x = {_show(x)}, y_by_seed = {_show(y_by_seed)}")
    if not np.all(np.isfinite(y)):
        raise ValueError("y_by_seed must be finite")
    if x.size < 2 or np.ptp(x) == 0:
        raise ValueError(f"x must hold at least two distinct values, got {x.tolist()}")
    z = as_positive("z", z, allow_array=False)
    slopes = np.polyfit(x, y.T, 1)[0]
    slopes = np.atleast_1d(slopes)
    n = slopes.size
    if n < 2:
        raise ValueError(f"y_by_seed needs at least two seeds (rows) for a trend, got {n}")
    se = float(slopes.std(ddof=1) / math.sqrt(n))
    return Trend(_label("label", label), float(slopes.mean()), se, n,
                 tuple(float(s) for s in slopes), unit, float(z))
