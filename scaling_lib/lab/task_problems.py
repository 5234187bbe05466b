"""The lab's checkable task: multi-digit addition problems (:class:`AdditionTask`,
:class:`AdditionProblems`), stored as digit arrays, least significant digit first.

A problem is ``a + b`` with operand lengths drawn uniformly from
``min_digits … max_digits``, so the answer has between 1 and ``max_digits + 1``
digits. :meth:`AdditionProblems.teacher_forced` turns problems into the model's
inputs and targets; the model is :mod:`scaling_lib.lab.task_model`, its training
:mod:`scaling_lib.lab.task_training`, its scoring :mod:`scaling_lib.lab.task_scoring`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scaling_lib._contract import output_record
from scaling_lib._validate import (
    _show,
    as_int,
    as_int_array,
    as_list_of,
)
from scaling_lib.lab.task_model import (
    ABSENT,
    BOS,
    EOS,
)

__all__ = [
    "AdditionTask",
    "AdditionProblems",
    "problems_from_ints",
]


_MAX_DIGITS_LIMIT = 40


#: Ceilings, refused before any work: problems per call, samples per problem, width.
MAX_PROBLEMS = 10**6


MAX_SAMPLES = 10**4


MAX_ROWS = 10**7


MAX_WIDTH = 65_536


@dataclass(frozen=True)
class AdditionTask:
    """Addition problems ``a + b`` with operand lengths uniform in ``min_digits … max_digits``.

    Each operand's length is drawn independently; its digits are uniform, with
    a non-zero leading digit (so a ``d``-digit operand really has ``d`` digits;
    one-digit operands may be 0). The answer has ``max(len a, len b)`` or one
    more digit.
    """

    min_digits: int = 1
    max_digits: int = 10

    def __post_init__(self):
        lo = as_int("min_digits", self.min_digits)
        hi = as_int("max_digits", self.max_digits)
        if hi < lo:
            raise ValueError(f"max_digits must be >= min_digits ({lo}), got {hi}")
        if hi > _MAX_DIGITS_LIMIT:
            raise ValueError(f"max_digits must be at most {_MAX_DIGITS_LIMIT}, got {hi}")

    @property
    def max_answer_digits(self) -> int:
        """Longest possible answer, ``max_digits + 1`` digits."""
        return self.max_digits + 1

    @property
    def min_answer_digits(self) -> int:
        """Shortest possible answer: ``min_digits`` digits."""
        return self.min_digits

    def sample(self, n_problems: int, seed: int | np.random.Generator = 0) -> AdditionProblems:
        """Draw ``n_problems`` problems (deterministic for an integer ``seed``)."""
        n_problems = as_int("n_problems", n_problems, maximum=MAX_PROBLEMS)
        rng = _rng(seed)
        m = n_problems
        la = rng.integers(self.min_digits, self.max_digits + 1, m)
        lb = rng.integers(self.min_digits, self.max_digits + 1, m)
        a = _random_digits(la, self.max_digits, rng)
        b = _random_digits(lb, self.max_digits, rng)
        return AdditionProblems.from_digits(a, b)

    def sample_answer_length(
        self, answer_digits: int, n_problems: int, seed: int | np.random.Generator = 0
    ) -> AdditionProblems:
        """Draw ``n_problems`` problems whose answer has exactly ``answer_digits`` digits.

        The problems follow the task's distribution conditioned on the answer
        length (rejection sampling).
        """
        k = as_int("answer_digits", answer_digits, maximum=_MAX_DIGITS_LIMIT + 1)
        n_problems = as_int("n_problems", n_problems, maximum=MAX_PROBLEMS)
        if not self.min_answer_digits <= k <= self.max_answer_digits:
            raise ValueError(
                f"answer_digits must lie in {self.min_answer_digits}..{self.max_answer_digits} "
                f"for operands of {self.min_digits}..{self.max_digits} digits, got {k}"
            )
        rng = _rng(seed)
        kept: list[AdditionProblems] = []
        have = 0
        batch = max(4 * n_problems, 1024)
        while have < n_problems:
            p = self.sample(batch, rng)
            p = p.subset(np.flatnonzero(p.answer_digits == k))
            if len(p):
                kept.append(p)
                have += len(p)
            batch = min(batch * 2, 1 << 20)
        return AdditionProblems.concatenate(kept).subset(np.arange(n_problems))


def _rng(seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(as_int("seed", seed, minimum=0))


def _random_digits(lengths: np.ndarray, width: int, rng: np.random.Generator) -> np.ndarray:
    """Digits (LSB first) of random numbers with the given lengths, ABSENT-padded."""
    m = len(lengths)
    d = rng.integers(0, 10, (m, width))
    lead = rng.integers(1, 10, m)
    rows = np.arange(m)
    d[rows, lengths - 1] = np.where(lengths > 1, lead, d[rows, lengths - 1])
    return np.where(np.arange(width) < lengths[:, None], d, ABSENT)


@output_record
@dataclass
class AdditionProblems:
    """A batch of addition problems, stored as digit arrays, least significant digit first.

    Attributes
    ----------
    a, b : ndarray of int, shape (M, P)
        Operand digits, ``ABSENT`` (10) beyond each operand's length.
    answer : ndarray of int, shape (M, P + 1)
        Answer digits, ``EOS`` (10) beyond the answer's length.
    answer_digits : ndarray of int, shape (M,)
        Answer length k in digits.
    """

    a: np.ndarray
    b: np.ndarray
    answer: np.ndarray
    answer_digits: np.ndarray

    @classmethod
    def from_digits(cls, a: np.ndarray, b: np.ndarray) -> AdditionProblems:
        """Build problems (and their answers) from ABSENT-padded digit arrays."""
        a = as_int_array("a", a, ndim=2, high=ABSENT + 1).astype(np.int64)
        b = as_int_array("b", b, ndim=2, high=ABSENT + 1).astype(np.int64)
        if a.shape != b.shape or a.shape[1] > _MAX_DIGITS_LIMIT:
            raise ValueError(f"a and b must have one shape (problems, digits ≤ "
                             f"{_MAX_DIGITS_LIMIT}), but their shapes differ or are too wide: "
                             f"{a.shape} and {b.shape}")
        m, p = a.shape
        za = np.where(a == ABSENT, 0, a)
        zb = np.where(b == ABSENT, 0, b)
        s = np.zeros((m, p + 1), dtype=np.int64)
        carry = np.zeros(m, dtype=np.int64)
        for i in range(p):
            t = za[:, i] + zb[:, i] + carry
            s[:, i] = t % 10
            carry = t // 10
        s[:, p] = carry
        longest = np.maximum((a != ABSENT).sum(axis=1), (b != ABSENT).sum(axis=1))
        k = longest + (s[np.arange(m), longest] > 0)
        s = np.where(np.arange(p + 1) < k[:, None], s, EOS)
        return cls(a=a, b=b, answer=s, answer_digits=k)

    @classmethod
    def concatenate(cls, parts: list[AdditionProblems]) -> AdditionProblems:
        """Stack problem batches (of equal digit width)."""
        parts = as_list_of("parts", parts, AdditionProblems, "AdditionProblems")
        if len({q.a.shape[1] for q in parts}) > 1:
            raise ValueError(f"parts must have equal digit widths, got widths that differ: "
                             f"{sorted({q.a.shape[1] for q in parts})}")
        return cls(
            a=np.concatenate([q.a for q in parts]),
            b=np.concatenate([q.b for q in parts]),
            answer=np.concatenate([q.answer for q in parts]),
            answer_digits=np.concatenate([q.answer_digits for q in parts]),
        )

    def __len__(self) -> int:
        return len(self.answer_digits)

    def subset(self, index) -> AdditionProblems:
        """The problems at ``index`` (an index array, a boolean mask or a slice)."""
        if not isinstance(index, slice):
            arr = np.asarray(index) if isinstance(index, list | tuple | np.ndarray) else None
            if arr is not None and arr.dtype.kind == "b" and arr.shape == (len(self),):
                index = arr
            else:
                index = as_int_array("index", index, ndim=1, low=-len(self), high=len(self))
        return AdditionProblems(
            a=self.a[index], b=self.b[index], answer=self.answer[index],
            answer_digits=self.answer_digits[index],
        )

    @property
    def n_answer_tokens(self) -> int:
        """Answer tokens (digits plus one EOS each), the D that training on them counts."""
        return int(self.answer_digits.sum() + len(self))

    def texts(self) -> list[str]:
        """Problems as strings, e.g. ``'407+95=502'``."""
        return [
            f"{_digits_to_str(a)}+{_digits_to_str(b)}={_digits_to_str(s)}"
            for a, b, s in zip(self.a, self.b, self.answer, strict=True)
        ]

    def teacher_forced(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Model inputs and targets at every answer position, given the correct earlier tokens.

        Returns
        -------
        slots : ndarray (T, 5)
            ``a_i, b_i, a_{i-1}, b_{i-1}, s_{i-1}`` (BOS at i = 0) for each answer token.
        targets : ndarray (T,)
            The correct token: digit ``s_i`` for i < k, EOS at i = k.
        problem : ndarray (T,)
            Which problem each row belongs to.
        position : ndarray (T,)
            The position i (0 = least significant digit).
        """
        m, p = self.a.shape
        q = p + 1  # positions 0..p (the EOS of the longest answer sits at p + 1 only with carry)
        pa = np.full((m, q + 2), ABSENT)
        pb = np.full((m, q + 2), ABSENT)
        pa[:, 1 : p + 1] = self.a
        pb[:, 1 : p + 1] = self.b
        prev = np.full((m, q + 2), EOS)
        prev[:, 0] = BOS
        prev[:, 1 : p + 2] = self.answer
        i = np.arange(q + 1)
        slots = np.stack([pa[:, i + 1], pb[:, i + 1], pa[:, i], pb[:, i], prev[:, i]], axis=-1)
        targets = np.full((m, q + 1), EOS)
        targets[:, : p + 1] = self.answer
        mask = i[None, :] <= self.answer_digits[:, None]
        problem = np.broadcast_to(np.arange(m)[:, None], mask.shape)
        position = np.broadcast_to(i[None, :], mask.shape)
        return slots[mask], targets[mask], problem[mask], position[mask]


def _digits_to_str(d: np.ndarray) -> str:
    return "".join(str(int(x)) for x in d[::-1] if x < 10) or "?"


def problems_from_ints(a, b) -> AdditionProblems:
    """Problems from Python integers, e.g. ``problems_from_ints([123, 7], [456, 95])``."""
    given = {"a": a, "b": b}
    a = list(np.atleast_1d(np.asarray(a, dtype=object)))
    b = list(np.atleast_1d(np.asarray(b, dtype=object)))
    if len(a) != len(b) or not a:
        raise ValueError(f"a and b must have the same length (not 0); their lengths differ "
                         f"or are 0: {len(a)} and {len(b)} (a={_show(given['a'])}, "
                         f"b={_show(given['b'])})")
    for name, vals in (("a", a), ("b", b)):
        for v in vals:
            as_int(name, v, minimum=0, maximum=10**_MAX_DIGITS_LIMIT - 1)
    width = max(len(str(int(v))) for v in a + b)
    if width > _MAX_DIGITS_LIMIT:
        raise ValueError(f"operands must have at most {_MAX_DIGITS_LIMIT} digits, got {width}")

    def digits(vals):
        out = np.full((len(vals), width), ABSENT, dtype=np.int64)
        for r, v in enumerate(vals):
            s = str(int(v))[::-1]
            out[r, : len(s)] = [int(c) for c in s]
        return out

    return AdditionProblems.from_digits(digits(a), digits(b))
