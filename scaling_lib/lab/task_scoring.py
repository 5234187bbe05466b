"""Scoring and decoding on the addition task: how a model's answers are written and graded.

Metrics, for a problem with answer digits ``y_1 … y_k`` followed by EOS
(``y_{k+1}``):

* per-digit accuracy: the fraction of the k digit positions at which the most
  likely next token, given the *correct* earlier tokens, is the correct digit
  (teacher forcing);
* exact match: greedy decoding reproduces the whole answer and stops;
* log-probability of the correct answer, log P(y) = Σ_{t=1}^{k+1} log p(y_t | y_{<t})
  in nats (EOS included, so it is the log-probability of generating exactly y);
* token edit distance: Levenshtein distance between the greedy digits and the
  correct digits.

If every step were right independently with probability p, exact match would be
p^(k+1) while the expected edit distance grows only like k·(1 − p): the mirage
argument in one line.

Also here: sampling n answers per problem (:func:`sample_answers`, for pass@k,
``chen2021evaluating``, and majority vote, ``wang2022selfconsistency``) and the
multiple-choice version against near-miss distractors (:func:`near_miss_answers`,
:func:`score_choices`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    as_int,
    as_int_array,
    as_int_list,
    as_nonnegative,
    as_positive,
    check_type,
)
from scaling_lib.lab._task_common import _from_dict
from scaling_lib.lab._threads import one_blas_thread
from scaling_lib.lab.task_model import (
    ABSENT,
    BOS,
    EOS,
    N_DIGITS,
    DigitMLP,
    one_hot_inputs,
)
from scaling_lib.lab.task_problems import (
    _MAX_DIGITS_LIMIT,
    MAX_PROBLEMS,
    MAX_ROWS,
    MAX_SAMPLES,
    AdditionProblems,
    AdditionTask,
    _digits_to_str,
    _rng,
)

__all__ = [
    "GeneratedAnswers",
    "generate_answers",
    "token_edit_distance",
    "ProblemScores",
    "score_problems",
    "TaskMetrics",
    "evaluate_task_model",
    "evaluate_by_answer_length",
    "MAX_DISTRACTORS",
    "near_miss_answers",
    "score_choices",
    "SampleSummary",
    "sample_answers",
]


@output_record
@dataclass
class GeneratedAnswers:
    """Answers written by the model.

    Attributes
    ----------
    tokens : ndarray (R, L)
        Generated digits, least significant first, EOS-padded. A row that never
        emitted EOS within L steps is cut off (and cannot be correct).
    n_digits : ndarray (R,)
        Digits generated before EOS.
    problem : ndarray (R,)
        Index of the problem each row answers.
    correct : ndarray of bool (R,)
        Row equals the correct answer exactly (same digits, then EOS).
    """

    tokens: np.ndarray
    n_digits: np.ndarray
    problem: np.ndarray
    correct: np.ndarray

    def texts(self) -> list[str]:
        """Generated answers as decimal strings (most significant digit first)."""
        return [_digits_to_str(t[:n]) if n else "" for t, n in
                zip(self.tokens, self.n_digits, strict=True)]


@one_blas_thread()
def generate_answers(
    model: DigitMLP,
    problems: AdditionProblems,
    n_samples: int = 1,
    temperature: float = 0.0,
    seed: int = 0,
) -> GeneratedAnswers:
    """Write answers autoregressively: each token is fed back as the next step's input.

    ``temperature = 0`` is greedy decoding (argmax); otherwise tokens are
    sampled from softmax(logits / T). Rows are ordered problem-major: the
    ``n_samples`` answers to problem 0, then problem 1, … Deterministic given
    ``seed``.
    """
    _check_model_problems(model, problems)
    n_samples = as_int("n_samples", n_samples, maximum=MAX_SAMPLES)
    if n_samples * len(problems) > MAX_ROWS:
        raise ValueError(f"n_samples × problems = {n_samples * len(problems):,} answers is more "
                         f"than {MAX_ROWS:,}; sample fewer")
    temperature = as_nonnegative("temperature", temperature, allow_array=False)
    if 0 < temperature < 1e-6 or temperature > 1e6:
        raise ValueError(f"temperature must be 0 (greedy) or between 1e-6 and 1e6, got "
                         f"{temperature!r}")
    seed = as_int("seed", seed, minimum=0)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    idx = np.repeat(np.arange(len(problems)), n_samples)
    m, p = problems.a.shape
    steps = p + 2  # up to p + 1 digits, then EOS
    pa = np.full((m, steps + 1), ABSENT)
    pb = np.full((m, steps + 1), ABSENT)
    pa[:, 1 : p + 1] = problems.a
    pb[:, 1 : p + 1] = problems.b
    pa, pb = pa[idx], pb[idx]
    r = len(idx)
    out = np.full((r, steps), EOS)
    prev = np.full(r, BOS)
    alive = np.ones(r, dtype=bool)
    for i in range(steps):
        rows = np.flatnonzero(alive)
        if rows.size == 0:
            break
        slots = np.stack(
            [pa[rows, i + 1], pb[rows, i + 1], pa[rows, i], pb[rows, i], prev[rows]], axis=1
        )
        x = one_hot_inputs(slots)
        if temperature == 0:
            tok = model.logits(x).argmax(axis=1)
        else:
            prob = np.exp(model.log_probs(x, temperature))
            u = rng.random(rows.size)[:, None]
            tok = (prob.cumsum(axis=1) < u).sum(axis=1)
            tok = np.minimum(tok, EOS)
        out[rows, i] = tok
        prev[rows] = tok
        alive[rows[tok == EOS]] = False
    n_digits = np.argmax(np.concatenate([out, np.full((r, 1), EOS)], axis=1) == EOS, axis=1)
    # A row still alive after the last step never stopped: mark it with n_digits = steps.
    n_digits = np.where(alive, steps, n_digits)
    truth = problems.answer[idx]
    k = problems.answer_digits[idx]
    width = truth.shape[1]
    match = (out[:, :width] == truth).all(axis=1) & (out[:, width:] == EOS).all(axis=1)
    correct = match & (n_digits == k)
    return GeneratedAnswers(tokens=out, n_digits=n_digits, problem=idx, correct=correct)


def token_edit_distance(x: np.ndarray, x_len: np.ndarray, y: np.ndarray,
                        y_len: np.ndarray) -> np.ndarray:
    """Levenshtein distance between token rows ``x[r, :x_len[r]]`` and ``y[r, :y_len[r]]``.

    Insertions, deletions and substitutions each cost 1; vectorised over rows.
    """
    x = as_int_array("x", x, ndim=2, low=np.iinfo(np.int64).min)
    y = as_int_array("y", y, ndim=2, low=np.iinfo(np.int64).min)
    r, lx = x.shape
    ly = y.shape[1]
    x_len = as_int_array("x_len", x_len, ndim=1, high=lx + 1)
    y_len = as_int_array("y_len", y_len, ndim=1, high=ly + 1)
    if not (y.shape[0] == x_len.size == y_len.size == r):
        raise ValueError(f"x, x_len, y and y_len must have one row each per pair; their lengths "
                         f"differ: {r}, {x_len.size}, {y.shape[0]}, {y_len.size}")
    if lx * ly * max(r, 1) > 10**8:
        raise ValueError(f"x and y: {r} rows of {lx} × {ly} tokens is too much work (more than "
                         f"10⁸ cells)")
    prev = np.broadcast_to(np.arange(ly + 1), (r, ly + 1)).copy()
    result = np.where(x_len == 0, y_len, 0)
    for i in range(1, lx + 1):
        cur = np.empty_like(prev)
        cur[:, 0] = i
        sub = (x[:, i - 1 : i] != y).astype(prev.dtype)
        for j in range(1, ly + 1):
            cur[:, j] = np.minimum(
                np.minimum(prev[:, j] + 1, cur[:, j - 1] + 1), prev[:, j - 1] + sub[:, j - 1]
            )
        hit = x_len == i
        result = np.where(hit, cur[np.arange(r), y_len], result)
        prev = cur
    return result


@output_record
@dataclass
class ProblemScores:
    """Per-problem scores of a model (one entry per problem).

    Attributes
    ----------
    answer_digits : ndarray (M,)
        Answer length k.
    digit_accuracy : ndarray (M,)
        Fraction of the k digits predicted correctly under teacher forcing.
    exact_match : ndarray of bool (M,)
        Greedy decoding reproduces the answer exactly.
    logprob_nats : ndarray (M,)
        log P(correct answer, EOS included), nats.
    edit_distance_tokens : ndarray (M,)
        Levenshtein distance between greedy digits and correct digits.
    """

    answer_digits: np.ndarray
    digit_accuracy: np.ndarray
    exact_match: np.ndarray
    logprob_nats: np.ndarray
    edit_distance_tokens: np.ndarray


@one_blas_thread()
def score_problems(model: DigitMLP, problems: AdditionProblems) -> ProblemScores:
    """Score ``model`` on each problem: teacher-forced digits and log-probability, greedy answer."""
    _check_model_problems(model, problems)
    slots, targets, prob_idx, pos = problems.teacher_forced()
    logp = model.log_probs(one_hot_inputs(slots))
    rows = np.arange(len(targets))
    m = len(problems)
    lp = np.bincount(prob_idx, weights=logp[rows, targets], minlength=m)
    is_digit = pos < problems.answer_digits[prob_idx]
    right = (logp.argmax(axis=1) == targets) & is_digit
    digit_acc = np.bincount(prob_idx, weights=right, minlength=m) / problems.answer_digits
    gen = generate_answers(model, problems, 1, temperature=0.0)
    ed = token_edit_distance(gen.tokens, np.minimum(gen.n_digits, gen.tokens.shape[1]),
                             problems.answer, problems.answer_digits)
    return ProblemScores(
        answer_digits=problems.answer_digits.copy(),
        digit_accuracy=digit_acc,
        exact_match=gen.correct,
        logprob_nats=lp,
        edit_distance_tokens=ed.astype(float),
    )


def _check_model_problems(model, problems) -> None:
    check_type("model", model, DigitMLP, "a DigitMLP (e.g. train_task_model().model)")
    check_type("problems", problems, AdditionProblems,
               "AdditionProblems (e.g. AdditionTask().sample(100))")


@output_record
@dataclass
class TaskMetrics:
    """Averages of :class:`ProblemScores` over a test set.

    ``per_digit_accuracy`` pools all digits (Σ correct digits / Σ k); on a test
    set of a single answer length it equals the mean of per-problem accuracies.
    ``mean_logprob_per_token_nats`` divides the summed log-probability by the
    number of answer tokens (digits and EOS).
    """

    n_problems: int
    per_digit_accuracy: float
    exact_match: float
    mean_logprob_nats: float
    mean_logprob_per_token_nats: float
    mean_edit_distance_tokens: float

    @classmethod
    def from_scores(cls, s: ProblemScores) -> TaskMetrics:
        check_type("s", s, ProblemScores, "ProblemScores (from score_problems)")
        k = s.answer_digits
        return cls(
            n_problems=int(len(k)),
            per_digit_accuracy=float((s.digit_accuracy * k).sum() / k.sum()),
            exact_match=float(np.mean(s.exact_match)),
            mean_logprob_nats=float(np.mean(s.logprob_nats)),
            mean_logprob_per_token_nats=float(s.logprob_nats.sum() / (k + 1).sum()),
            mean_edit_distance_tokens=float(np.mean(s.edit_distance_tokens)),
        )


def evaluate_task_model(model: DigitMLP, problems: AdditionProblems) -> TaskMetrics:
    """Per-digit accuracy, exact match, mean log P(answer) and edit distance on ``problems``."""
    return TaskMetrics.from_scores(score_problems(model, problems))


@one_blas_thread()
def evaluate_by_answer_length(
    model: DigitMLP,
    answer_lengths=(2, 5, 8, 11),
    n_problems: int = 500,
    task: AdditionTask | None = None,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Metrics of ``model`` on fresh test sets of each answer length k.

    Returns a dict with ``answer_lengths`` and one array per :class:`TaskMetrics`
    field (``per_digit_accuracy``, ``exact_match``, …), aligned with the lengths.
    Test set k uses seed ``seed + k``, so different models see the same problems.
    """
    check_type("model", model, DigitMLP, "a DigitMLP (e.g. train_task_model().model)")
    if task is not None:
        check_type("task", task, AdditionTask, "None or an AdditionTask")
    task = task if task is not None else AdditionTask()
    n_problems = as_int("n_problems", n_problems, maximum=MAX_PROBLEMS)
    seed = as_int("seed", seed, minimum=0)
    lengths = as_int_list("answer_lengths", answer_lengths if np.ndim(answer_lengths)
                          else [answer_lengths], maximum=_MAX_DIGITS_LIMIT + 1)
    rows = [asdict(evaluate_task_model(model, task.sample_answer_length(k, n_problems,
                                                                         seed + k)))
            for k in lengths]
    out = {"answer_lengths": np.array(lengths)}
    for name in rows[0]:
        out[name] = np.array([r[name] for r in rows])
    return out


MAX_DISTRACTORS = 9
"""At most nine near-miss distractors: a one-digit answer has exactly nine."""


def near_miss_answers(problems: AdditionProblems, n_distractors: int = 3,
                      seed: int = 0) -> np.ndarray:
    """Wrong answers that differ from the correct one in exactly one digit.

    For each problem, ``n_distractors`` distinct (position, digit) changes are
    drawn without replacement; an answer of k > 1 digits never gets a leading 0,
    so every distractor is a well-formed k-digit number. These are the hard
    distractors of a multiple-choice test: each sits one token away from the truth.

    Returns
    -------
    ndarray of int, shape (M, n_distractors, P + 1)
        Distractor digits, least significant first, EOS-padded like ``problems.answer``.
    """
    check_type("problems", problems, AdditionProblems,
               "AdditionProblems (e.g. AdditionTask().sample(100))")
    n = as_int("n_distractors", n_distractors, maximum=MAX_DISTRACTORS)
    rng = _rng(seed)
    m, width = problems.answer.shape
    k = problems.answer_digits
    pos = np.arange(width)[None, :, None]
    digit = np.arange(N_DIGITS)[None, None, :]
    truth = problems.answer[:, :, None]
    valid = (pos < k[:, None, None]) & (digit != truth)
    valid &= ~((pos == (k - 1)[:, None, None]) & (k[:, None, None] > 1) & (digit == 0))
    keys = np.where(valid, rng.random(valid.shape), np.inf).reshape(m, -1)
    pick = np.argsort(keys, axis=1, kind="stable")[:, :n]
    p_idx, d_idx = np.divmod(pick, N_DIGITS)
    out = np.repeat(problems.answer[:, None, :], n, axis=1)
    rows = np.arange(m)[:, None]
    out[rows, np.arange(n)[None, :], p_idx] = d_idx
    return out


@one_blas_thread()
def score_choices(model: DigitMLP, problems: AdditionProblems, n_distractors: int = 3,
                  seed: int = 0) -> np.ndarray:
    """log P of the correct answer and of ``n_distractors`` near misses, per problem.

    Each candidate is scored like a ranked-classification benchmark scores an
    option: the summed log-probability of its tokens (EOS included) under
    teacher forcing, log P(c) = Σ_t log p(c_t | c_<t). Column 0 is the correct
    answer; columns 1… are :func:`near_miss_answers` (nested: the first j
    distractors for any j ≤ ``n_distractors`` are the same draws).

    Returns
    -------
    ndarray, shape (M, 1 + n_distractors), nats
    """
    _check_model_problems(model, problems)
    wrong = near_miss_answers(problems, n_distractors, seed)
    m, n = len(problems), wrong.shape[1]
    cand = np.concatenate([problems.answer[:, None, :], wrong], axis=1)  # (M, 1+n, P+1)
    reps = 1 + n
    big = AdditionProblems(
        a=np.repeat(problems.a, reps, axis=0), b=np.repeat(problems.b, reps, axis=0),
        answer=cand.reshape(m * reps, -1),
        answer_digits=np.repeat(problems.answer_digits, reps),
    )
    slots, targets, idx, _ = big.teacher_forced()
    logp = model.log_probs(one_hot_inputs(slots))
    lp = np.bincount(idx, weights=logp[np.arange(len(targets)), targets], minlength=m * reps)
    return lp.reshape(m, reps)


def _choice_metrics(lp: np.ndarray, n_choices: int) -> tuple[float, float]:
    """Accuracy (the correct option has the top score) and the mean normalised
    probability of the correct option among the first ``n_choices`` options."""
    sub = lp[:, :n_choices]
    acc = float(np.mean(sub[:, 0] > sub[:, 1:].max(axis=1)))
    z = sub - sub.max(axis=1, keepdims=True)
    p = np.exp(z[:, 0]) / np.exp(z).sum(axis=1)
    return acc, float(p.mean())


@output_record
@dataclass
class SampleSummary:
    """n sampled answers per problem, reduced to what pass@k and majority vote need.

    Attributes
    ----------
    n_samples : int
        n, samples per problem.
    temperature : float
    answer_digits : ndarray (M,)
        Correct answer length k.
    n_correct : ndarray (M,)
        c, samples equal to the correct answer (for unbiased pass@k,
        ``chen2021evaluating``).
    greedy_correct : ndarray of bool (M,)
        Whether greedy decoding is right.
    answer_counts : list of ndarray
        For each problem, the counts of the distinct sampled answers, largest
        first (they sum to n). Majority vote over all n samples picks index 0.
    correct_rank : ndarray (M,)
        Index of the correct answer in ``answer_counts`` (−1 if never sampled).
    top_answers : list of list of str
        The (up to) three most frequent answers as strings, for display.
    problems : list of str
        The problems, e.g. ``'407+95=502'``.
    """

    n_samples: int
    temperature: float
    answer_digits: np.ndarray
    n_correct: np.ndarray
    greedy_correct: np.ndarray
    answer_counts: list
    correct_rank: np.ndarray
    top_answers: list
    problems: list

    @property
    def majority_correct(self) -> np.ndarray:
        """Majority vote over all n samples is right (ties broken against it: strict mode)."""
        out = np.zeros(len(self.n_correct), dtype=bool)
        for i, (c, r) in enumerate(zip(self.answer_counts, self.correct_rank, strict=True)):
            out[i] = r == 0 and (len(c) == 1 or c[0] > c[1])
        return out

    def to_dict(self) -> dict:
        return {
            "n_samples": self.n_samples,
            "temperature": self.temperature,
            "answer_digits": self.answer_digits.tolist(),
            "n_correct": self.n_correct.tolist(),
            "greedy_correct": self.greedy_correct.astype(int).tolist(),
            "answer_counts": [c.tolist() for c in self.answer_counts],
            "correct_rank": self.correct_rank.tolist(),
            "top_answers": self.top_answers,
            "problems": self.problems,
        }

    @classmethod
    def from_dict(cls, d: dict) -> SampleSummary:
        return _from_dict(cls, d, cls._from_dict)

    @classmethod
    def _from_dict(cls, d: dict) -> SampleSummary:
        return cls(
            n_samples=int(d["n_samples"]),
            temperature=float(d["temperature"]),
            answer_digits=np.array(d["answer_digits"], dtype=int),
            n_correct=np.array(d["n_correct"], dtype=int),
            greedy_correct=np.array(d["greedy_correct"], dtype=bool),
            answer_counts=[np.array(c, dtype=int) for c in d["answer_counts"]],
            correct_rank=np.array(d["correct_rank"], dtype=int),
            top_answers=[list(t) for t in d["top_answers"]],
            problems=list(d["problems"]),
        )


@one_blas_thread()
def sample_answers(
    model: DigitMLP,
    problems: AdditionProblems,
    n_samples: int,
    temperature: float = 1.0,
    seed: int = 0,
) -> SampleSummary:
    """Sample ``n_samples`` answers per problem at ``temperature`` and summarise them."""
    _check_model_problems(model, problems)
    temperature = as_positive("temperature", temperature, allow_array=False)
    gen = generate_answers(model, problems, n_samples, temperature, seed)
    greedy = generate_answers(model, problems, 1, 0.0)
    n_correct = np.bincount(gen.problem, weights=gen.correct, minlength=len(problems))
    texts = np.array(gen.texts(), dtype=object)
    truth = [t.split("=")[1] for t in problems.texts()]
    counts, ranks, tops = [], [], []
    for i in range(len(problems)):
        answers = texts[i * n_samples : (i + 1) * n_samples]
        # Rows that never emitted EOS are distinct failures; tag them so they never vote
        # together with a finished answer.
        cut = gen.n_digits[i * n_samples : (i + 1) * n_samples] >= gen.tokens.shape[1]
        answers = np.where(cut, "…" + answers.astype(str), answers.astype(str))
        uniq, cnt = np.unique(answers, return_counts=True)
        order = np.lexsort((uniq, -cnt))
        uniq, cnt = uniq[order], cnt[order]
        counts.append(cnt.astype(int))
        hit = np.flatnonzero(uniq == truth[i])
        ranks.append(int(hit[0]) if hit.size else -1)
        tops.append([str(u) for u in uniq[:3]])
    return SampleSummary(
        n_samples=n_samples,
        temperature=float(temperature),
        answer_digits=problems.answer_digits.copy(),
        n_correct=n_correct.astype(int),
        greedy_correct=greedy.correct,
        answer_counts=counts,
        correct_rank=np.array(ranks, dtype=int),
        top_answers=tops,
        problems=problems.texts(),
    )
