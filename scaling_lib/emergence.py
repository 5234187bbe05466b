r"""Emergent abilities and the metric mirage (chapter 4, ``book/04_emergence.ipynb``).

Three ideas, each a few small functions:

* **The mirage model** (``schaeffer2023mirage``). If the per-token loss falls as a
  power law, :math:`L(N) = (N_c/N)^{\alpha}` nats, the probability of the right
  token is :math:`p(N) = e^{-L(N)}`, which rises smoothly. Exact match on a
  k-token answer, :math:`p^k`, looks like a sudden jump on a log-N axis; the
  expected token edit distance, :math:`k(1-p)`, stays smooth. A multiple-choice
  grade (right if the correct option has the most probability) jumps where the
  Brier score moves smoothly.
* **Resolution.** A test set of n problems shows zero correct with probability
  :math:`(1-q)^n` when the true accuracy is q, so small non-zero accuracies are
  invisible to small test sets.
* **Scoring emergence.** BIG-bench's breakthroughness (``srivastava2022beyond``)
  and the scale at which a curve crosses a level; and Wei et al.'s Table 1 of
  emergent scales (``wei2022emergent``), transcribed in :data:`WEI_2022_TABLE1`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scaling_lib._contract import accepts, output_record
from scaling_lib._validate import (
    _show,
    as_array,
    as_finite,
    as_fraction,
    as_int,
    as_nonnegative,
    as_positive,
    check_fields,
    out_of_range,
    returns_finite,
    same_length,
)
from scaling_lib.laws import PowerLaw, check_law

__all__ = [
    "ILLUSTRATIVE_TOKEN_LOSS",
    "token_loss_law",
    "token_accuracy",
    "exact_match",
    "expected_edit_distance",
    "multiple_choice_grade",
    "brier_score",
    "answer_length_at",
    "params_at_exact_match",
    "MirageCurves",
    "mirage_curves",
    "prob_zero_correct",
    "problems_to_detect",
    "zero_correct_upper_bound",
    "breakthroughness",
    "extrapolation_surprise",
    "crossing_scale",
    "EmergentScale",
    "WEI_2022_TABLE1",
    "MCKENZIE_2023_INVERSE_SCALING_TASKS",
    "WEI_2023_U_SHAPED_TASKS",
    "TaskSeedFindings",
    "task_seed_findings",
    "learning_rate_seeds",
]


# ---------------------------------------------------------------------------
# The mirage model (Schaeffer et al. 2023)
# ---------------------------------------------------------------------------


def token_loss_law(scale_params: float, exponent: float) -> PowerLaw:
    r"""A per-token loss law :math:`L(N) = (N_c/N)^{\alpha}` in nats, as in ``schaeffer2023mirage``.

    Parameters
    ----------
    scale_params : float
        :math:`N_c`, the parameter count at which the per-token loss is 1 nat
        (and the per-token accuracy :math:`e^{-1} \approx 0.37`).
    exponent : float
        :math:`\alpha > 0`.
    """
    scale_params = as_positive("scale_params", scale_params, allow_array=False)
    exponent = as_positive("exponent", exponent, allow_array=False)
    return PowerLaw(scale=scale_params, exponent=exponent, variable="params", citation="",
                    note="a per-token loss law chosen for illustration, not a published fit")


ILLUSTRATIVE_TOKEN_LOSS = token_loss_law(1e7, 0.5)
"""The course's illustrative per-token loss, :math:`L(N) = (10^7/N)^{0.5}` nats.

Not a published fit: chosen so that the per-token accuracy rises from about 4%
at :math:`N = 10^6` to 99.7% at :math:`N = 10^{12}`. Chapter 4 uses it for its
figures and exercises; the explorers let the reader change both constants.
"""


def token_accuracy(loss_nats):
    r"""Probability of the correct token, :math:`p = e^{-L}`, from a per-token loss in nats.

    Schaeffer et al. (``schaeffer2023mirage``) take the loss on the correct token
    to be the cross-entropy, so :math:`p = \exp(-L)`.
    """
    loss_nats = as_nonnegative("loss_nats", loss_nats)
    out = np.exp(-loss_nats)
    return float(out) if out.ndim == 0 else out


def _tokens(answer_tokens):
    k = np.asarray(as_positive("answer_tokens", answer_tokens), dtype=float)
    return float(k) if k.ndim == 0 else k


def exact_match(token_acc, answer_tokens):
    r"""Exact match on a k-token answer if every token is right independently: :math:`p^k`.

    The all-or-nothing metric of the mirage argument (``schaeffer2023mirage``).
    """
    p = as_fraction("token_acc", token_acc, allow_zero=True)
    return np.power(p, _tokens(answer_tokens))


def expected_edit_distance(token_acc, answer_tokens):
    r"""Expected token edit distance to a k-token answer, :math:`k(1-p)` tokens.

    Counts one substitution per wrong token (each wrong with probability
    :math:`1-p`): the linear metric of the mirage argument
    (``schaeffer2023mirage``). It is an upper bound on the Levenshtein distance
    of the same errors.
    """
    p = as_fraction("token_acc", token_acc, allow_zero=True)
    return _tokens(answer_tokens) * (1.0 - p)


def _options(n_options) -> int:
    k = as_int("n_options", n_options, minimum=2)
    return k


def multiple_choice_grade(p_correct, n_options: int = 4):
    r"""Multiple-choice grade of one question: 1 if the correct option is the most likely, else 0.

    The model puts probability :math:`p` on the correct option and spreads
    :math:`1-p` evenly over the :math:`K-1` others, so it is graded right when
    :math:`p > (1-p)/(K-1)`, i.e. :math:`p > 1/K`: a step, however smoothly
    :math:`p` moves (``schaeffer2023mirage``).
    """
    p = as_fraction("p_correct", p_correct, allow_zero=True)
    k = _options(n_options)
    out = (np.asarray(p) > 1.0 / k).astype(float)
    return float(out) if out.ndim == 0 else out


def brier_score(p_correct, n_options: int = 4):
    r"""Brier score of one question (lower is better): :math:`\sum_j (q_j - y_j)^2`.

    With :math:`p` on the correct option and :math:`(1-p)/(K-1)` on each of the
    others this is :math:`(1-p)^2 K/(K-1)`: smooth in :math:`p`. BIG-bench reports
    it next to the multiple-choice grade (``srivastava2022beyond``).
    """
    p = as_fraction("p_correct", p_correct, allow_zero=True)
    k = _options(n_options)
    return (1.0 - p) ** 2 * k / (k - 1)


def answer_length_at(token_acc, level: float = 0.5):
    r"""The answer length k (tokens, real-valued) at which :math:`p^k` equals ``level``.

    :math:`k = \ln(\text{level}) / \ln p`. Answers shorter than this are exactly
    right more often than ``level``; the longest whole answer that still is, is
    ``floor(k)``.
    """
    p = as_fraction("token_acc", token_acc)
    level = as_fraction("level", level, allow_array=False)
    if np.any(np.asarray(p) >= 1):
        raise ValueError("token_acc must be below 1 (a perfect model answers every length)")
    return math.log(level) / np.log(p)


@returns_finite
def params_at_exact_match(law: PowerLaw, answer_tokens, level: float = 0.5):
    r"""Parameter count at which exact match on k-token answers reaches ``level``.

    Solves :math:`e^{-k L(N)} = \text{level}`: :math:`L = \ln(1/\text{level})/k` and
    :math:`N = N_c L^{-1/\alpha}`. The "emergent scale" therefore moves as
    :math:`k^{1/\alpha}`: it is a property of the metric and the answer length,
    not of the ability alone.
    """
    check_law(law, cls=PowerLaw)
    level = as_fraction("level", level, allow_array=False)
    if level >= 1:
        raise ValueError(f"level must be below 1 (exact match 1 needs zero loss), got {level!r}")
    k = _tokens(answer_tokens)
    loss = math.log(1.0 / level) / k
    if not np.all(np.isfinite(loss) & (np.asarray(loss) > 0)):
        raise out_of_range("the loss ln(1/level)/answer_tokens", answer_tokens=answer_tokens,
                           level=level)
    return law.inverse(loss)


@output_record
@dataclass(frozen=True, eq=False)
class MirageCurves:
    """Every metric of the mirage model along a grid of parameter counts.

    Attributes
    ----------
    n_params : ndarray
        N.
    loss_nats : ndarray
        Per-token loss L(N), nats.
    token_accuracy : ndarray
        p = exp(−L).
    exact_match : ndarray
        p^k.
    edit_distance_tokens : ndarray
        k(1 − p).
    mc_grade : ndarray
        Multiple-choice grade (0 or 1) with ``n_options`` options.
    brier : ndarray
        Brier score with ``n_options`` options.
    answer_tokens : float
    n_options : int
    """

    n_params: np.ndarray
    loss_nats: np.ndarray
    token_accuracy: np.ndarray
    exact_match: np.ndarray
    edit_distance_tokens: np.ndarray
    mc_grade: np.ndarray
    brier: np.ndarray
    answer_tokens: float
    n_options: int


@returns_finite
def mirage_curves(law: PowerLaw, n_params, answer_tokens=10, n_options: int = 4) -> MirageCurves:
    """Evaluate the mirage model of ``schaeffer2023mirage`` at each N in ``n_params``."""
    check_law(law, cls=PowerLaw)
    n_params = as_positive("n_params", n_params)
    loss = np.atleast_1d(np.asarray(law.loss(n_params), dtype=float))
    p = np.exp(-loss)
    k = float(as_positive("answer_tokens", answer_tokens, allow_array=False))
    return MirageCurves(
        n_params=np.atleast_1d(np.asarray(n_params, dtype=float)),
        loss_nats=loss,
        token_accuracy=p,
        exact_match=exact_match(p, k),
        edit_distance_tokens=expected_edit_distance(p, k),
        mc_grade=np.atleast_1d(multiple_choice_grade(p, n_options)),
        brier=brier_score(p, n_options),
        answer_tokens=k,
        n_options=_options(n_options),
    )


# ---------------------------------------------------------------------------
# Resolution: small test sets cannot see small accuracies
# ---------------------------------------------------------------------------


def prob_zero_correct(accuracy, n_problems):
    r"""Probability that ``n_problems`` independent problems show zero correct: :math:`(1-q)^n`."""
    q = as_fraction("accuracy", accuracy, allow_zero=True)
    n = as_positive("n_problems", n_problems)
    return (1.0 - q) ** n


@returns_finite
def problems_to_detect(accuracy, confidence: float = 0.95):
    r"""Smallest test set with at least one correct answer with probability ``confidence``.

    :math:`n = \lceil \ln(1-c) / \ln(1-q) \rceil` problems, for true accuracy q.
    For small q this is close to :math:`-\ln(1-c)/q`, i.e. about :math:`3/q` at
    95% (the "rule of three").
    """
    q = as_fraction("accuracy", accuracy)
    c = as_fraction("confidence", confidence, allow_array=False)
    if c >= 1:
        raise ValueError("confidence must be below 1 (certainty needs infinitely many problems)")
    q_arr = np.asarray(q, dtype=float)
    perfect = q_arr >= 1
    ratio = np.log1p(-c) / np.log1p(-np.where(perfect, 0.5, q_arr))
    # a tiny tolerance keeps exact ratios (q = 0.5, c = 0.75 gives 2) from rounding up
    n = np.where(perfect, 1.0, np.maximum(np.ceil(ratio - 1e-9), 1.0))
    return int(n) if n.ndim == 0 else n.astype(int)


def zero_correct_upper_bound(n_problems, confidence: float = 0.95):
    r"""Largest true accuracy still consistent (at ``confidence``) with 0 correct out of n.

    :math:`q_{max} = 1 - (1-c)^{1/n}`, about :math:`3/n` at 95%: the accuracy a
    test set of n problems cannot tell from zero.
    """
    n = as_positive("n_problems", n_problems)
    c = as_fraction("confidence", confidence, allow_array=False)
    if c >= 1:
        raise ValueError("confidence must be below 1")
    return -np.expm1(np.log1p(-c) / n)


# ---------------------------------------------------------------------------
# Scoring emergence
# ---------------------------------------------------------------------------


def breakthroughness(scores) -> float:
    r"""BIG-bench's breakthroughness B of a score curve ordered by increasing model scale.

    .. math::

        B = \frac{I(y)}{\sqrt{\operatorname{median}_i\,(y_{i+1} - y_i)^2}},\qquad
        I(y) = \operatorname{sign}(\arg\max_i y_i - \arg\min_i y_i)\,(\max_i y_i - \min_i y_i).

    Large when most of the total change happens in a few steps between
    neighbouring model sizes (``srivastava2022beyond``, Appendix "Definitions of
    linearity and breakthroughness"). B is negative for a curve that falls with
    scale (a loss or an edit distance: negate it first to compare), does not
    depend on the units of y, and is ``inf`` when more than half of the steps
    are exactly zero. It depends on which model sizes were evaluated.

    Verification: the paper's appendix text could not be opened through the
    course's search tool; this formula (root median square of the successive
    differences in the denominator) was checked against an independent
    re-implementation of BIG-bench's definition and against the paper's
    description of the score. The course uses it as a heuristic, as BIG-bench does.

    Parameters
    ----------
    scores : array of at least 3 finite numbers, ordered by model scale
    """
    y = as_array("scores", scores, min_length=3)
    diffs = np.diff(y)
    spread = float(y.max() - y.min())
    if spread == 0:
        return 0.0
    sign = 1.0 if int(np.argmax(y)) > int(np.argmin(y)) else -1.0
    # steps in units of the spread: squaring tiny raw steps would underflow
    rms = math.sqrt(float(np.median((diffs / spread) ** 2)))
    if rms == 0:
        return sign * math.inf
    return sign / rms


def extrapolation_surprise(n_params, scores, n_fit: int | None = None) -> float:
    r"""How far the largest model beats a straight-line extrapolation from the smaller ones.

    **The course's own score** (not from a paper), written to turn Wei et al.'s
    definition into a number: an ability is emergent if it "cannot be predicted
    simply by extrapolating the performance of smaller models" (``wei2022emergent``).
    Fit :math:`y = a + b \log N` by least squares to the ``n_fit`` smallest models
    (default: the smaller half, at least 2), extrapolate to the largest model and
    divide the miss by the curve's range:

    .. math::

        S = \frac{y_{last} - \hat y(N_{last})}{\max_i y_i - \min_i y_i}.

    :math:`S \approx 1`: flat, then a rise nobody could have extrapolated;
    :math:`S \approx 0`: predictable; :math:`S < 0`: the curve bends the other
    way (saturates). Like breakthroughness it depends on which models were
    evaluated and on the metric, which is the point.
    """
    n = as_array("n_params", n_params, positive=True, min_length=3)
    y = as_array("scores", scores, min_length=3)
    same_length(n_params=n, scores=y)
    if np.any(np.diff(n) <= 0):
        raise ValueError("n_params must be strictly increasing")
    m = max(len(n) // 2, 2) if n_fit is None else as_int("n_fit", n_fit, minimum=2)
    if m >= len(n):
        raise ValueError(f"n_fit must be smaller than the number of models ({len(n)}), got {m}")
    spread = float(y.max() - y.min())
    if spread == 0:
        return 0.0
    x = np.log(n)
    slope, intercept = np.polyfit(x[:m], y[:m], 1)
    return float((y[-1] - (intercept + slope * x[-1])) / spread)


@accepts(level={"huge": "a level the curve never reaches gives NaN, as documented"})
def crossing_scale(n_params, values, level: float) -> float:
    """The parameter count at which ``values`` first reaches ``level`` (log-linear interpolation).

    Interpolates linearly in log N between the last point below ``level`` and
    the first point at or above it. Returns ``nan`` if the curve never reaches
    ``level``, and the smallest N if it starts above it.
    """
    n = as_array("n_params", n_params, positive=True, min_length=2)
    y = as_array("values", values, min_length=2)
    same_length(n_params=n, values=y)
    level = float(as_finite("level", level, allow_array=False))
    if np.any(np.diff(n) <= 0):
        raise ValueError("n_params must be strictly increasing")
    hit = np.flatnonzero(y >= level)
    if hit.size == 0:
        return math.nan
    i = int(hit[0])
    if i == 0:
        return float(n[0])
    x0, x1 = math.log(n[i - 1]), math.log(n[i])
    t = (level - y[i - 1]) / (y[i] - y[i - 1])
    return float(math.exp(x0 + t * (x1 - x0)))


# ---------------------------------------------------------------------------
# Wei et al. 2022, Table 1
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EmergentScale:
    """One row of Wei et al. (2022), Table 1: an ability and the scale at which it emerged.

    Attributes
    ----------
    ability : str
    prompting : str
        ``"few-shot"`` or ``"augmented"`` (the table's two groups).
    train_flops : float
        Training FLOPs of the smallest model showing the ability, as printed.
    params : float
        Its parameter count, as printed (13B → 13e9).
    model : str
        Model family.
    source : str
        The work the table credits.
    citation : str
        ``wei2022emergent``.
    """

    ability: str
    prompting: str
    train_flops: float
    params: float
    model: str
    source: str
    citation: str = "wei2022emergent"

    def __post_init__(self):
        check_fields(self, label=("ability", "prompting", "model"), text=("source", "citation"),
                     positive=("train_flops", "params"))


def _row(ability, prompting, flops, params, model, source):
    return EmergentScale(ability, prompting, flops, params, model, source)


WEI_2022_TABLE1 = (
    _row("Addition/subtraction (3 digit)", "few-shot", 2.3e22, 13e9, "GPT-3",
         "Brown et al. (2020)"),
    _row("Addition/subtraction (4-5 digit)", "few-shot", 3.1e23, 175e9, "GPT-3",
         "Brown et al. (2020)"),
    _row("MMLU Benchmark (57 topic avg.)", "few-shot", 3.1e23, 175e9, "GPT-3",
         "Hendrycks et al. (2021a)"),
    _row("Toxicity classification (CivilComments)", "few-shot", 1.3e22, 7.1e9, "Gopher",
         "Rae et al. (2021)"),
    _row("Truthfulness (Truthful QA)", "few-shot", 5.0e23, 280e9, "Gopher", "Rae et al. (2021)"),
    _row("MMLU Benchmark (26 topics)", "few-shot", 5.0e23, 280e9, "Gopher", "Rae et al. (2021)"),
    _row("Grounded conceptual mappings", "few-shot", 3.1e23, 175e9, "GPT-3",
         "Patel & Pavlick (2022)"),
    _row("MMLU Benchmark (30 topics)", "few-shot", 5.0e23, 70e9, "Chinchilla",
         "Hoffmann et al. (2022)"),
    _row("Word in Context (WiC) benchmark", "few-shot", 2.5e24, 540e9, "PaLM",
         "Chowdhery et al. (2022)"),
    _row("Instruction following (finetuning)", "augmented", 1.3e23, 68e9, "FLAN",
         "Wei et al. (2022a)"),
    _row("Scratchpad: 8-digit addition (finetuning)", "augmented", 8.9e19, 40e6, "LaMDA",
         "Nye et al. (2021)"),
    _row("Using open-book knowledge for fact checking", "augmented", 1.3e22, 7.1e9, "Gopher",
         "Rae et al. (2021)"),
    _row("Chain-of-thought: Math word problems", "augmented", 1.3e23, 68e9, "LaMDA",
         "Wei et al. (2022b)"),
    _row("Chain-of-thought: StrategyQA", "augmented", 2.9e23, 62e9, "PaLM",
         "Chowdhery et al. (2022)"),
    _row("Differentiable search index", "augmented", 3.3e22, 11e9, "T5", "Tay et al. (2022b)"),
    _row("Self-consistency decoding", "augmented", 1.3e23, 68e9, "LaMDA", "Wang et al. (2022b)"),
    _row("Leveraging explanations in prompting", "augmented", 5.0e23, 280e9, "Gopher",
         "Lampinen et al. (2022)"),
    _row("Least-to-most prompting", "augmented", 3.1e23, 175e9, "GPT-3", "Zhou et al. (2022)"),
    _row("Zero-shot chain-of-thought reasoning", "augmented", 3.1e23, 175e9, "GPT-3",
         "Kojima et al. (2022)"),
    _row("Calibration via P(True)", "augmented", 2.6e23, 52e9, "Anthropic",
         "Kadavath et al. (2022)"),
    _row("Multilingual chain-of-thought reasoning", "augmented", 2.9e23, 62e9, "PaLM",
         "Shi et al. (2022)"),
    _row("Ask me anything prompting", "augmented", 1.4e22, 6e9, "EleutherAI",
         "Arora et al. (2022)"),
)
"""Wei et al. (2022), Table 1 (``wei2022emergent``), TMLR version, as printed.

Every row except "Many BIG-Bench tasks (see Appendix E)", which has no single
scale. Where the table leaves the model and reference cells blank under a row
(a ditto), the row above is repeated. Checked against three independent text
copies of the table (one a text extraction of the paper); the paper's prose
agrees for the scratchpad row ("∼9 · 10^19 training FLOPs (40M parameters)").
An "emergent scale" is the smallest model of one family, evaluated one way,
that beat chance: it depends on the task, the metric and the family.
"""

#: Tasks collected by the Inverse Scaling Prize on which larger models did worse:
#: "empirical evidence of inverse scaling on 11 datasets" (``mckenzie2023inverse``,
#: abstract; checked against the TMLR abstract).
MCKENZIE_2023_INVERSE_SCALING_TASKS = 11

#: Of those eleven tasks, evaluated on PaLM up to 540B parameters, "only four out of the
#: eleven tasks remain inverse scaling. Six tasks exhibit U-shaped scaling"
#: (``wei2023inverse``, abstract; checked against the EMNLP 2023 abstract).
WEI_2023_U_SHAPED_TASKS = 6


# ---------------------------------------------------------------------------
# Lab findings across seeds (issue 28: a comparison of lab runs is stated from seeds)
# ---------------------------------------------------------------------------


@output_record
@dataclass(frozen=True, eq=False)
class TaskSeedFindings:
    """Chapter 4's findings on the addition sweep, computed seed by seed.

    ``crossing`` has one row per seed and one column per answer length: the N where that
    seed's exact match crosses 50% (nan if it never does). ``crossing_trend`` is the
    :class:`scaling_lib.findings.Trend` of log10 of that N against the answer length;
    ``crossing_ratio`` the longest length's crossing over the shortest's, per seed.
    ``surprise`` and ``breakthrough`` compare exact match with per-digit accuracy at
    ``answer_digits`` (extrapolation surprise S and breakthroughness B, seed by seed; higher
    is "more emergent").
    """

    answer_lengths: np.ndarray
    crossing: np.ndarray
    crossing_trend: object
    crossing_ratio: np.ndarray
    surprise: object
    breakthrough: object
    answer_digits: int


def task_seed_findings(sweep, answer_digits: int | None = None) -> TaskSeedFindings:
    """Recompute chapter 4's lab comparisons from each seed of the emergence sweep.

    ``sweep`` is a :class:`scaling_lib.lab.task.EmergenceSweep` (metrics of shape
    (seeds, widths, answer lengths)); ``answer_digits`` defaults to its longest length.
    """
    from scaling_lib.findings import compare_paired, seed_trend

    metrics = getattr(sweep, "metrics", None)
    if not isinstance(metrics, dict) or "exact_match" not in metrics:
        raise TypeError(f"sweep must be an EmergenceSweep (load_task_sweep('emergence')), "
                        f"got {_show(sweep)}")
    lengths = np.asarray(sweep.answer_lengths, dtype=int)
    n = np.asarray(sweep.n_params, dtype=float)
    k = int(lengths.max()) if answer_digits is None else as_int("answer_digits", answer_digits)
    if k not in lengths:
        raise ValueError(f"answer_digits must be one of {lengths.tolist()}, got {answer_digits!r}")
    em_all = np.asarray(metrics["exact_match"], dtype=float)
    acc_all = np.asarray(metrics["per_digit_accuracy"], dtype=float)
    if em_all.ndim != 3 or em_all.shape[0] < 2:
        raise ValueError(f"sweep must hold at least two seeds, got metrics of shape "
                         f"{em_all.shape}")
    crossing = np.array([[crossing_scale(n, em_all[s, :, i], 0.5)
                          for i in range(lengths.size)] for s in range(em_all.shape[0])])
    ok = np.all(np.isfinite(crossing), axis=0)
    if ok.sum() < 2:
        raise ValueError("sweep: fewer than two answer lengths cross 50% exact match in "
                         "every seed")
    j = list(lengths).index(k)
    s_em = [extrapolation_surprise(n, em_all[s, :, j]) for s in range(em_all.shape[0])]
    s_acc = [extrapolation_surprise(n, acc_all[s, :, j]) for s in range(em_all.shape[0])]
    b_em = [breakthroughness(em_all[s, :, j]) for s in range(em_all.shape[0])]
    b_acc = [breakthroughness(acc_all[s, :, j]) for s in range(em_all.shape[0])]
    ends = np.flatnonzero(ok)[[0, -1]]
    return TaskSeedFindings(
        answer_lengths=lengths,
        crossing=crossing,
        crossing_trend=seed_trend(lengths[ok], np.log10(crossing[:, ok]),
                                  label="the size where exact match crosses 50%",
                                  unit="decades per answer digit"),
        crossing_ratio=crossing[:, ends[1]] / crossing[:, ends[0]],
        surprise=compare_paired(s_em, s_acc, label_a="exact match",
                                label_b="per-digit accuracy", lower_is_better=False, unit="",
                                word="larger"),
        breakthrough=compare_paired(b_em, b_acc, label_a="exact match",
                                    label_b="per-digit accuracy", lower_is_better=False,
                                    unit="", word="larger"),
        answer_digits=k,
    )


def learning_rate_seeds(peak_lrs=(0.005, 0.01, 0.02), seeds=(0, 1), *, width: int = 32,
                        answer_digits: int = 11, n_problems: int = 500,
                        tokens: int = 150_000) -> dict:
    """Train the lab's addition model at each peak learning rate and seed; compare rates.

    Returns ``peak_lrs``, ``seeds``, ``n_params``, ``exact_match`` and ``per_digit`` (arrays
    of shape (seeds, rates), scored on the same ``n_problems`` problems of
    ``answer_digits`` digits) and ``steps``: for each pair of neighbouring rates, the
    :class:`scaling_lib.findings.Comparison` of the higher rate's exact match against the
    lower one's, seed by seed. Training is deterministic given the seed (and the BLAS kernel).
    """
    from scaling_lib.findings import compare_paired
    from scaling_lib.lab.task import evaluate_by_answer_length, train_task_model

    lrs = as_array("peak_lrs", peak_lrs)
    as_positive("peak_lrs", lrs)
    if lrs.max() > 10:
        raise ValueError(f"peak_lrs must be rates of at most 10, got {_show(peak_lrs)}")
    if lrs.size < 2:
        raise ValueError(f"peak_lrs must hold at least two rates to compare, got "
                         f"{lrs.size}: {_show(peak_lrs)}")
    if not isinstance(seeds, list | tuple) or len(seeds) < 2:
        raise ValueError(f"seeds must list at least two seeds, got "
                         f"{len(seeds) if isinstance(seeds, list | tuple) else 'not a list'}: "
                         f"{_show(seeds)}")
    seeds = tuple(as_int("seeds", s, minimum=0) for s in seeds)
    width = as_int("width", width, minimum=1, maximum=4096)
    answer_digits = as_int("answer_digits", answer_digits, minimum=1, maximum=11)
    n_problems = as_int("n_problems", n_problems, minimum=1, maximum=100_000)
    tokens = as_int("tokens", tokens, minimum=256, maximum=10_000_000)
    em_rows, acc_rows, n_params = [], [], 0
    for seed in seeds:
        em_row, acc_row = [], []
        for lr in lrs:
            run = train_task_model(width=width, peak_lr=float(lr), seed=seed, tokens=tokens)
            r = evaluate_by_answer_length(run.model, answer_lengths=(answer_digits,),
                                          n_problems=n_problems)
            em_row.append(float(r["exact_match"][0]))
            acc_row.append(float(r["per_digit_accuracy"][0]))
            n_params = run.n_params
        em_rows.append(em_row)
        acc_rows.append(acc_row)
    em_arr, acc_arr = np.array(em_rows), np.array(acc_rows)
    steps = [compare_paired(em_arr[:, i + 1], em_arr[:, i], label_a=f"peak rate {lrs[i + 1]:g}",
                            label_b=f"peak rate {lrs[i]:g}", lower_is_better=False, unit="")
             for i in range(lrs.size - 1)]
    return {"peak_lrs": lrs, "seeds": seeds, "n_params": int(n_params),
            "exact_match": em_arr, "per_digit": acc_arr, "steps": steps}
