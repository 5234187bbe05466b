"""The exercise framework: questions that grade themselves.

Each question has ``check(answer)``, ``hint()`` and ``solution()``.

* ``check`` never raises on a learner's answer. It prints one verdict
  (Correct / Incorrect, with why / Not attempted yet) and returns a bool.
  A numeric or choice question never prints the expected value. A function
  question's verdict on a wrong result names the call and what that one test
  case should return ("two_step(flops=2e9, E=0, …) returned 1; expected 0.43."):
  one case's value is something to debug against, not the exercise's answer.
  Only the starter ``...`` is "not attempted"; ``None`` (usually a missing
  ``return``) is graded as incorrect.
* Numbers in verdicts are written as a person writes them: ``10,000``,
  ``7.39×10⁻⁴``, never ``1e+04``. A single-number answer is one number (a
  Python or numpy number, or a 0-d array), never a list or an array of any length.
* A "too large by a factor of …" verdict names only factors a unit slip explains
  (powers of ten, 60, 24, 365, 3,600, 86,400, 1,024); a question adds its own with
  ``slip_factors``.
* ``hint`` prints the next hint each time it is called.
* ``solution`` shows the worked answer. Called on its own it shows it at once;
  used as ``with q.solution(): ...`` (the book's solution cells) it runs the
  reference answer, captures what it prints, and shows both folded under a
  "Show the worked solution" bar, so "Run All" never puts a solution on screen.

A learner's function (:class:`FunctionQuestion`) runs under a time limit (10 s by default):
a function that loops forever gets the verdict "your function did not return within 10 s",
and one that calls ``sys.exit()`` or is interrupted gets a verdict too, never a traceback.
``repr`` of a question shows its name, never its answer.

Strict mode, for CI: with the environment variable
``SCALING_STRICT_EXERCISES=1`` an incorrect answer raises
:class:`IncorrectAnswer`, so a wrong reference solution in the book fails the
build. Unattempted answers never raise: the learner's empty cells stay empty.
"""

from __future__ import annotations

import contextlib
import html
import inspect
import io
import math
import numbers
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from scaling_lib._contract import accepts
from scaling_lib._validate import (
    InputTypeError,
    as_bool,
    as_choice,
    as_finite,
    as_list_of,
    as_nonnegative,
    as_text,
    check_type,
)

__all__ = [
    "STRICT_ENV", "BLANK", "MODULE_ALIAS", "EXACT_REL_TOL", "FUNCTION_TIME_LIMIT",
    "IncorrectAnswer", "CheckResult", "Verdict", "Solution", "Question", "NumericQuestion",
    "ChoiceQuestion", "FunctionQuestion", "DeferredQuestion", "assert_checker", "UNIT_FACTORS",
    "KINDS",
]

STRICT_ENV = "SCALING_STRICT_EXERCISES"

#: What a learner's starter cell holds before they answer: ``answer = ...``
BLANK = Ellipsis

#: The name the book's notebooks import a chapter's questions under
#: (``from scaling_lib.exercises import compute as ex``); messages that tell the
#: learner what to call next use it, so following the advice works as typed.
MODULE_ALIAS = "ex"

#: Relative tolerances at or below this only absorb float rounding: the answer must be exact.
EXACT_REL_TOL = 1e-6

#: What a question asks the learner to do (issue 30): work a formula ("compute"), finish a
#: half-worked one ("complete"), commit to an outcome before it is shown ("predict"), choose
#: the mechanism ("explain"), find the flaw in a quoted claim ("critique"), or recall an
#: earlier chapter ("recall", the "Before you start" items).
KINDS = ("compute", "complete", "predict", "explain", "critique", "recall")

#: How many worked solutions are running their reference answer (a `with q.solution():`
#: block): their checks are the book's, not the learner's, and record nothing.
_REFERENCE_DEPTH = [0]

#: Seconds a learner's function may run on one test case before its verdict says it hangs.
FUNCTION_TIME_LIMIT = 10.0

NONE_ANSWER = ("your answer is None. Is a `return` missing from a function you wrote, or is "
               "the line that computes the answer unfinished? (Calls such as print() also "
               "give None.)")


class IncorrectAnswer(AssertionError):
    """Raised by ``check`` in strict mode when an answer is wrong."""


class CheckResult:
    """What ``check`` returns: truthy when correct, and invisible as a cell's last value.

    The printed verdict already tells the learner the outcome, so a notebook
    does not echo a second ``True``/``False`` under it.
    """

    __slots__ = ("correct",)

    def __init__(self, correct: bool):
        self.correct = as_bool("correct", correct)

    def __bool__(self) -> bool:
        return self.correct

    def __eq__(self, other) -> bool:
        return self.correct == bool(other)

    def __hash__(self) -> int:
        return hash(self.correct)

    def __repr__(self) -> str:
        return f"CheckResult(correct={self.correct})"

    def _ipython_display_(self) -> None:
        pass


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check."""

    status: str  # "correct", "incorrect" or "unattempted"
    message: str

    def __post_init__(self):
        as_choice("status", self.status, ("correct", "incorrect", "unattempted"))
        as_text("message", self.message)

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def _strict() -> bool:
    return os.environ.get(STRICT_ENV, "").strip() not in ("", "0", "false", "False")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _human(x: float, digits: int = 4) -> str:
    """A number as a person writes it, to ``digits`` significant figures.

    ``10000`` → ``"10,000"``, ``0.5068`` → ``"0.5068"``, ``7.39e-4`` → ``"7.39×10⁻⁴"``,
    ``1.452e6`` → ``"1.452×10⁶"``, ``1e12`` → ``"10¹²"``; never Python's ``1e+04``.
    """
    x = float(x)
    if not math.isfinite(x):
        return {math.inf: "infinity", -math.inf: "minus infinity"}.get(x, "not a number")
    if x == 0:
        return "0"
    mant, exp = f"{x:.{digits - 1}e}".split("e")
    exp = int(exp)
    if -3 <= exp < 6:
        text = f"{x:,.{max(digits - 1 - exp, 0)}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".")
    power = "10" + str(exp).translate(_SUPERSCRIPT)
    return power if mant == "1" else "-" + power if mant == "-1" else f"{mant}×{power}"


def _tex_int(x: float) -> str:
    """A whole number for ``$…$`` math, with LaTeX's thousands separator: ``2{,}160{,}145``."""
    return f"{float(x):,.0f}".replace(",", "{,}")


def _human_pair(x: float, expected: float) -> tuple[str, str]:
    """``x`` and ``expected`` with just enough figures (at least 4) to tell them apart."""
    for digits in range(4, 16):
        a, b = _human(x, digits), _human(expected, digits)
        if a != b:
            break
    return a, b


def _literal(x) -> str:
    """``x`` as a short Python literal a learner can paste into a call: ``2e9``, ``11.2``."""
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        try:
            f = float(x)
        except OverflowError:
            return _show(x)
        if math.isfinite(f) and f.is_integer() and abs(f) < 1e6:
            return str(int(f))
        text = f"{f:.6g}"
        if "e" in text:
            mant, exp = text.split("e")
            text = f"{mant}e{int(exp)}"
        return text
    return _show(x)


def _show(x) -> str:
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        try:
            return _human(x)
        except OverflowError:
            text = str(x)
            return text if len(text) <= 20 else f"{text[:8]}… (a {len(text)}-digit number)"
    if _is_array(x) and x.ndim == 0 and x.dtype.kind in "iuf":
        return _human(x.item())
    try:
        text = repr(x)
    except Exception:  # a learner's object whose repr fails
        text = f"<{type(x).__name__}>"
    return text if len(text) <= 50 else text[:47] + "..."


def _sentence(text: str) -> str:
    """``text`` ending with a full stop (or its own ? or !), so another sentence can follow."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _markdown_to_html(text: str) -> str:
    """Markdown to HTML for a notebook output; ``$...$`` math is left to the front end."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
    md.add_render_rule("math_inline", lambda self, tokens, idx, options, env:
                       f"${html.escape(tokens[idx].content)}$")
    md.add_render_rule("math_inline_double", lambda self, tokens, idx, options, env:
                       f"$${html.escape(tokens[idx].content)}$$")
    md.add_render_rule("math_block", lambda self, tokens, idx, options, env:
                       f"<p>$${html.escape(tokens[idx].content)}$$</p>\n")
    return md.render(text)


_SOLUTION_CSS = (
    "details.scaling-solution > summary { cursor: pointer; list-style: none; }"
    "details.scaling-solution > summary::before { content: '\\25B8\\00A0'; }"
    "details.scaling-solution[open] > summary::before { content: '\\25BE\\00A0'; }"
)


class Solution:
    """A worked solution, and the output of the reference answer run under it.

    Displayed on its own (``ex.q1.solution()`` as a cell's last line) it shows
    open. As a context manager it captures what the block prints (the
    reference answer's verdict) and then shows solution and output folded:

    >>> with q1.solution():          # doctest: +SKIP
    ...     answer = 6 * 175e9 * 300e9
    ...     q1.check(answer)

    The display offers two forms of the same content. JupyterLab and other
    front ends pick the HTML ``<details>`` element, closed until the learner
    clicks it; the book ranks Markdown first (``_config.yml``) and shows it
    inside the exercise's own solution dropdown. If the block raises (a wrong
    reference answer in strict mode), the captured output is printed and the
    error propagates, so the build fails visibly.
    """

    SUMMARY = "Show the worked solution"

    def __init__(self, markdown: str):
        self.markdown = as_text("markdown", markdown)
        self.output = ""
        self._folded = False
        self._capture: list = []

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        md = self.markdown
        body = _markdown_to_html(md)
        if self.output:
            md += "\n\n```text\n" + self.output.rstrip("\n") + "\n```"
            body += f"<pre>{html.escape(self.output.rstrip())}</pre>"
        opened = "" if self._folded else " open"
        return {
            # JupyterLab's CSS hides the disclosure triangle of <summary>: draw one
            "text/html": f"<style>{_SOLUTION_CSS}</style>"
                         f'<details class="scaling-solution"{opened}><summary>'
                         f"<b>{self.SUMMARY}</b></summary>{body}</details>",
            "text/markdown": md,
            "text/plain": md,
        }

    def __repr__(self) -> str:
        return self._repr_mimebundle_()["text/plain"]

    def __enter__(self) -> Solution:
        _REFERENCE_DEPTH[0] += 1
        buffer = io.StringIO()
        redirect = contextlib.redirect_stdout(buffer)
        redirect.__enter__()
        self._capture = [buffer, redirect]
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        buffer, redirect = self._capture
        redirect.__exit__(exc_type, exc, tb)
        _REFERENCE_DEPTH[0] -= 1
        self.output = buffer.getvalue()
        if exc_type is not None:
            sys.stdout.write(self.output)
            return False
        self._folded = True
        _display(self)
        return False


def _display(obj) -> None:
    """Display ``obj`` in a notebook; print its text elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(obj)
            return
    except ImportError:  # pragma: no cover - IPython ships with the stack
        pass
    print(repr(obj))


@accepts(hints={"empty_list": "a question may have no hints", "empty_array": "no hints",
                "str_array": "a list holding one hint text"},
         objectives={"empty_list": "a question outside a chapter tests no listed objective",
                     "empty_array": "no objectives"})
@dataclass
class Question:
    """A graded question. Subclasses implement :meth:`grade`.

    Parameters
    ----------
    name : str
        How the learner refers to it, e.g. ``"q1"``.
    hints : sequence of str
        Shown one per ``hint()`` call.
    worked_solution : str
        Markdown shown by ``solution()``.
    kind : str
        What the item asks the learner to do, one of :data:`KINDS`.
    objectives : sequence of int
        The chapter's learning objectives (numbered from 1, as listed at its top) the item
        tests.
    """

    name: str
    hints: Sequence[str] = field(default=(), repr=False)
    worked_solution: str = field(default="", repr=False)
    kind: str = field(default="compute", repr=False)
    objectives: Sequence[int] = field(default=(), repr=False)
    _hints_shown: int = field(default=0, init=False, repr=False)
    #: The last answer the learner checked (None until they have), for a predict-then-reveal
    #: gate (:func:`scaling_lib.exercises.reveal.reveal_after`); a worked solution's
    #: reference answer is never recorded.
    recorded_answer: object = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        as_text("name", self.name, allow_empty=False)
        self.kind = as_choice("kind", self.kind, KINDS)
        self.objectives = tuple(as_list_of("objectives", self.objectives, int,
                                           "learning-objective numbers", allow_empty=True))
        if isinstance(self.hints, str):
            raise InputTypeError(f"hints must be a list of strings (one per hint), got the "
                                 f"single text {self.hints!r:.60}")
        self.hints = tuple(as_list_of("hints", self.hints, str, "hint texts",
                                      allow_empty=True))
        as_text("worked_solution", self.worked_solution)

    @property
    def handle(self) -> str:
        """How the learner's notebook refers to this question, e.g. ``"ex.q1"``."""
        return f"{MODULE_ALIAS}.{self.name}"

    # -- what learners call -------------------------------------------------
    @accepts(answer={"any": "a learner's answer: graded, never raised on"})
    def check(self, answer=BLANK) -> CheckResult:
        """Grade ``answer``, print the verdict and return a truthy result if correct."""
        verdict = self.verdict(answer)
        if answer is not BLANK and not _REFERENCE_DEPTH[0]:
            self.recorded_answer = answer
        if verdict.status == "correct":
            print(f"Correct. {verdict.message}".rstrip())
        elif verdict.status == "unattempted":
            print(f"Not attempted yet: {verdict.message}")
        else:
            more = f" Call {self.handle}.hint() for a hint." if self.hints else ""
            print(f"Incorrect: {_sentence(verdict.message)}{more}")
            if _strict():
                raise IncorrectAnswer(f"{self.name}: {verdict.message}")
        return CheckResult(verdict.correct)

    def hint(self) -> None:
        """Print the next hint (repeats the last one when all have been shown)."""
        if not self.hints:
            print(f"No hints for this one: {self.handle}.solution() shows the worked "
                  f"answer.")
            return
        i = min(self._hints_shown, len(self.hints) - 1)
        self._hints_shown += 1
        last = " (last hint)" if i == len(self.hints) - 1 else ""
        print(f"Hint {i + 1} of {len(self.hints)}{last}: {self.hints[i]}")

    def solution(self) -> Solution:
        """The worked solution: shown when displayed, folded when used as a ``with`` block."""
        return Solution(self.worked_solution or "No worked solution is written for this "
                                                "question.")

    # -- what subclasses provide --------------------------------------------
    @accepts(answer={"any": "a learner's answer: graded, never raised on"})
    def verdict(self, answer) -> Verdict:
        """Grade without printing; never raises.

        The starter ``...`` is not attempted; ``None`` is incorrect, with a hint
        at the usual cause (a missing ``return``).
        """
        if answer is BLANK:
            return Verdict("unattempted", f"replace ... with your answer, then run "
                                          f"{self.handle}.check(answer) again.")
        if answer is None:
            return Verdict("incorrect", NONE_ANSWER)
        try:
            return self.grade(answer)
        except Exception as err:  # a checker must never show a traceback
            return Verdict("incorrect", f"could not grade this answer ({type(err).__name__}: "
                                        f"{err}).")

    @accepts(answer={"any": "a learner's answer: graded"})
    def grade(self, answer) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError


def _is_array(x) -> bool:
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy ships with the stack
        return False
    return isinstance(x, np.ndarray)


def _as_number(x):
    """Return float(x), or None if ``x`` is not a single real number.

    Python and numpy numbers (``np.int64(6)``, ``np.float32(0.5)``) and 0-d numeric
    arrays are numbers. A list, tuple or array of any length is not, even with one
    element: a question that asks for one number gets one number. Booleans and text
    are not numbers.
    """
    if isinstance(x, bool):
        return None
    if isinstance(x, numbers.Real):
        try:
            return float(x)
        except OverflowError:  # a whole number beyond float range
            return math.inf if x > 0 else -math.inf
    if _is_array(x) and x.ndim == 0 and x.dtype.kind in "iuf":
        return float(x)
    return None


def _is_collection(x) -> bool:
    """True for a list, tuple or array (of any length): several values, not one."""
    return isinstance(x, list | tuple) or (_is_array(x) and x.ndim > 0)


def _is_quoted_number(x) -> bool:
    """True if ``x`` is text that reads as a finite number, like ``"3.15e23"``."""
    if not isinstance(x, str):
        return False
    try:
        return math.isfinite(float(x))
    except ValueError:
        return False


def _not_a_number(x) -> str:
    """Why ``x`` is not accepted as a number, phrased so the learner can fix it."""
    if _is_quoted_number(x):
        return f"you gave text {_show(x)}; drop the quotes to give the number."
    if callable(x):
        return f"you gave a function ({_show(x)}); call it and give the number it returns."
    if _is_collection(x):
        kind = "an array" if _is_array(x) else f"a {type(x).__name__}"
        return f"give one number, not {kind}: you gave {_show(x)}."
    return f"expected a number, got {_show(x)} ({type(x).__name__})."


def _percent(rel_tol: float) -> str:
    """A tolerance as a percentage that never rounds to 0%: 0.005 is "0.5%"."""
    return f"{rel_tol * 100:.6g}%"


def _is_whole(x: float) -> bool:
    return math.isclose(x, round(x), rel_tol=1e-9, abs_tol=1e-9)


def _unit_factors() -> dict:
    """The factors a unit slip explains, each with how the verdict names it."""
    words = {1: "10", 2: "100", 3: "1,000", 4: "10,000", 6: "a million", 9: "a billion"}
    factors = {10.0 ** k: words.get(k, "10" + str(k).translate(_SUPERSCRIPT))
               for k in range(1, 25)}
    factors.update({60: "60 (minutes vs seconds, or hours vs minutes)",
                    24: "24 (hours vs days)", 365: "365 (days vs years)",
                    3600: "3,600 (hours vs seconds)", 86400: "86,400 (days vs seconds)",
                    1024: "1,024 (bytes vs kibibytes)"})
    return factors


#: Factors a unit slip explains: 10ᵏ (k = 1 … 24, e.g. billions vs counts), seconds,
#: minutes, hours, days and years, 1,024. A factor such as 2 or 3 arises from many
#: different mistakes, so naming it would point the learner the wrong way; a question that
#: knows a factor is a slip there adds it with ``slip_factors``.
UNIT_FACTORS = _unit_factors()


def _check_slip_factors(slip_factors) -> dict:
    check_type("slip_factors", slip_factors, dict, "a dict {factor: how to name it}")
    for f, label in slip_factors.items():
        if isinstance(f, bool) or not isinstance(f, numbers.Real) or not (
                math.isfinite(f) and f > 0 and f != 1):
            raise ValueError(f"slip_factors: each factor must be a positive number other than "
                             f"1, got {_show(f)} in {_show(slip_factors)}")
        if not isinstance(label, str) or not label.strip():
            raise InputTypeError(f"slip_factors: each factor needs a text naming it, got "
                                 f"{_show(label)} for {_show(f)}")
    return slip_factors


def _factor_slip(x: float, expected: float, rel_tol: float,
                 extra: dict | None = None) -> str | None:
    """Name the unit factor ``x`` is off by, e.g. ``"too large by a factor of 1,000"``.

    Parameters
    ----------
    x, expected : float
        The learner's value and the right one.
    rel_tol : float
        The question's tolerance; the ratio is matched to at least 2%.
    extra : dict, optional
        The question's own ``{factor: name}`` slips, tried before :data:`UNIT_FACTORS`.

    Returns
    -------
    str or None
        The phrase, or None when ``x / expected`` is not near one of these factors or its
        inverse (or the signs differ).
    """
    if expected == 0 or x == 0 or (x > 0) != (expected > 0):
        return None
    ratio = x / expected
    for f, label in {**(extra or {}), **UNIT_FACTORS}.items():
        for r, direction in ((f, "too large"), (1 / f, "too small")):
            if math.isclose(ratio, r, rel_tol=max(rel_tol, 0.02)):
                return f"{direction} by a factor of {label}"
    return None


@dataclass
class NumericQuestion(Question):
    """A question whose answer is a number (or a tuple of numbers).

    Parameters
    ----------
    expected : float or tuple of float
    rel_tol : float
        Relative tolerance, stated to the learner on a near miss. At or below
        ``EXACT_REL_TOL`` the answer must be exact.
    misconceptions : dict
        ``{wrong_value: explanation}`` for the classic slips; a matching
        answer gets that explanation as its verdict.
    units : str
        What the answer is measured in, for messages.
    whole_number : bool
        The answer is a whole number (a count): any other answer is wrong, and
        its verdict says so. Assumed anyway when ``rel_tol`` is exact and the
        expected value is integral.
    rounding : {"", "up", "down"}
        Which way a learner must round to reach the whole number (implies
        ``whole_number``); "" says nothing about the direction.
    slip_factors : dict
        ``{factor: name}``: factors that are a plausible slip in this question, named
        in a "too large by a factor of …" verdict besides :data:`UNIT_FACTORS`.
    """

    expected: float | tuple = field(default=0.0, repr=False)
    rel_tol: float = 0.01
    misconceptions: dict = field(default_factory=dict, repr=False)
    units: str = ""
    whole_number: bool = False
    rounding: str = ""
    slip_factors: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        as_choice("rounding", self.rounding, ("", "up", "down"))
        values = self.expected if isinstance(self.expected, tuple) else (self.expected,)
        if not values:
            raise ValueError("expected is empty: give a number or a tuple of numbers")
        for v in values:
            as_finite("expected", v, allow_array=False)
        _check_rel_tol(self.rel_tol)
        check_type("misconceptions", self.misconceptions, dict,
                   "a dict {wrong value: explanation}")
        as_text("units", self.units)
        as_bool("whole_number", self.whole_number)
        _check_slip_factors(self.slip_factors)

    def _close(self, a: float, b: float) -> bool:
        return math.isclose(a, b, rel_tol=self.rel_tol, abs_tol=0.0)

    def _expected(self) -> tuple:
        return self.expected if isinstance(self.expected, tuple) else (self.expected,)

    def _must_be_whole(self, expected: float) -> bool:
        return (self.whole_number or bool(self.rounding)
                or (self.rel_tol <= EXACT_REL_TOL and float(expected).is_integer()))

    def _values(self, answer, n: int) -> list | Verdict:
        """The answer as a list of ``n`` raw values, or the verdict on its shape."""
        if n == 1:
            return [answer]
        if _is_array(answer):
            answer = answer.ravel().tolist()
        if isinstance(answer, str) or not isinstance(answer, Sequence):
            return Verdict("incorrect", f"expected {n} numbers as a tuple, got {_show(answer)}.")
        if len(answer) != n:
            return Verdict("incorrect", f"expected {n} numbers, got {len(answer)}.")
        return list(answer)

    def _misconception(self, nums: list) -> str | None:
        for wrong, why in self.misconceptions.items():
            wrong = wrong if isinstance(wrong, tuple) else (wrong,)
            if len(wrong) == len(nums) and all(self._close(x, w)
                                               for x, w in zip(nums, wrong, strict=True)):
                return why
        return None

    def _not_whole(self, where: str, x: float) -> Verdict:
        of = f" of {self.units}" if self.units else ""
        how = f": round {self.rounding}." if self.rounding else "."
        return Verdict("incorrect", f"{where}{_show(x)} is not a whole number, but the answer is "
                                    f"a whole number{of}{how}")

    def grade(self, answer) -> Verdict:
        expected = self._expected()
        values = self._values(answer, len(expected))
        if isinstance(values, Verdict):
            return values
        wheres = [f"value {i + 1}: " if len(values) > 1 else "" for i in range(len(values))]
        nums = []
        for where, v in zip(wheres, values, strict=True):
            x = _as_number(v)
            if x is None:
                return Verdict("incorrect", where + _not_a_number(v))
            if not math.isfinite(x):
                return Verdict("incorrect", f"{where}the answer must be a finite number, got "
                                            f"{_human(x)}.")
            nums.append(x)
        for where, x, e in zip(wheres, nums, expected, strict=True):
            if self._must_be_whole(e) and not _is_whole(x):
                why = self._misconception(nums)
                return Verdict("incorrect", why) if why else self._not_whole(where, x)
        if all(self._close(x, e) for x, e in zip(nums, expected, strict=True)):
            return Verdict("correct", "")
        why = self._misconception(nums)
        if why:
            return Verdict("incorrect", why)
        for where, x, e in zip(wheres, nums, expected, strict=True):
            if self._close(x, e):
                continue
            slip = _factor_slip(x, e, self.rel_tol, self.slip_factors)
            if slip:
                return Verdict("incorrect", f"{where}{_show(x)} is {slip}.")
            if e != 0 and x != 0 and (x > 0) != (e > 0):
                return Verdict("incorrect", f"{where}{_show(x)} has the wrong sign.")
            unit = f" {self.units}" if self.units else ""
            off = ("is not the exact answer" if self.rel_tol <= EXACT_REL_TOL
                   else f"is not within {_percent(self.rel_tol)} of the answer")
            return Verdict("incorrect", f"{where}{_show(x)}{unit} {off}.")
        return Verdict("incorrect", "not all values match.")  # pragma: no cover


@dataclass
class ChoiceQuestion(Question):
    """A multiple-choice question; the answer is one key of ``options``."""

    options: dict = field(default_factory=dict)
    correct: str = field(default="", repr=False)
    why_wrong: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        check_type("options", self.options, dict, "a dict {key: option text}")
        if not self.options:
            raise ValueError("options is empty: give at least two options")
        keys = {str(k).lower() for k in self.options}
        if not isinstance(self.correct, str | int) or str(self.correct).lower() not in keys:
            raise ValueError(f"correct must be one of the options' keys "
                             f"({', '.join(map(repr, self.options))}), got {self.correct!r}")
        check_type("why_wrong", self.why_wrong, dict, "a dict {option key: explanation}")

    def grade(self, answer) -> Verdict:
        key = str(answer).strip().lower()
        keys = {str(k).lower(): k for k in self.options}
        if key not in keys:
            first = next(iter(self.options))
            quoted = (f" Give the option's letter in quotes, as text: answer = {str(first)!r}."
                      if isinstance(first, str) else "")
            return Verdict("incorrect", f"answer with one of {', '.join(map(repr, self.options))}"
                                        f", got {_show(answer)}.{quoted}")
        if key == str(self.correct).lower():
            return Verdict("correct", "")
        return Verdict("incorrect", self.why_wrong.get(keys[key], "that option is not right."))


def _is_stub(fn: Callable) -> bool:
    """True if the body is only a docstring, `...`, `pass` or a `raise`."""
    try:
        src = inspect.getsource(fn)
    except (OSError, TypeError):
        return False
    import ast
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(src))
    except SyntaxError:
        return False
    fdef = next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.Lambda)), None)
    if not isinstance(fdef, ast.FunctionDef):
        return False
    body = [s for s in fdef.body
            if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
                    and isinstance(s.value.value, str))]
    for s in body:
        if isinstance(s, ast.Pass):
            continue
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and s.value.value is ...:
            continue
        if isinstance(s, ast.Raise) and "NotImplementedError" in ast.unparse(s):
            continue
        if isinstance(s, ast.Return) and (s.value is None or (
                isinstance(s.value, ast.Constant) and s.value.value is ...)):
            continue
        return False
    return True


def _call_text(fn: Callable, args: tuple) -> str:
    """How the verdict names one call: ``two_step(flops=2e9, E=0, a=11.2)``.

    The parameter names are those of the learner's function, so the call reads as they
    wrote it (and can be pasted into a cell); a signature the arguments do not fit gets
    the values alone, and a lambda is called ``f``.
    """
    values = [_literal(a) for a in args]
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        params = []
    positional = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY)
    if len(params) >= len(args) and all(p.kind in positional for p in params[:len(args)]):
        values = [f"{p.name}={v}" if p.kind != inspect.Parameter.POSITIONAL_ONLY else v
                  for p, v in zip(params, values, strict=False)]
    name = getattr(fn, "__name__", "")
    return f"{name if name.isidentifier() else 'f'}({', '.join(values)})"


@dataclass
class FunctionQuestion(Question):
    """The learner writes a function; it is called on test cases.

    A wrong result gets a verdict naming the call, the result and what that test case
    expects ("two_step(flops=2e9, E=0, …) returned 1; expected 0.4312."), so the learner
    can debug it. List a case whose expected value answers another question later than
    one that does not: the verdict shows the first case that fails.

    Parameters
    ----------
    cases : sequence of (args, expected)
        ``args`` is a tuple of positional arguments.
    rel_tol : float
    slip_factors : dict
        ``{factor: name}``: factors that are a plausible slip in this question, besides
        :data:`UNIT_FACTORS`.
    """

    cases: Sequence = field(default=(), repr=False)
    rel_tol: float = 1e-6
    time_limit: float = FUNCTION_TIME_LIMIT
    slip_factors: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        cases = as_list_of("cases", self.cases, tuple | list, "(args, expected) pairs")
        for case in cases:
            if len(case) != 2 or not isinstance(case[0], tuple):
                raise ValueError(f"cases must be (args tuple, expected) pairs, got {case!r:.60}")
            as_finite("cases", case[1], allow_array=False)
        self.cases = tuple(tuple(c) for c in cases)
        _check_rel_tol(self.rel_tol)
        limit = float(as_finite("time_limit", self.time_limit, allow_array=False))
        if not 0 < limit <= 3600:
            raise ValueError(f"time_limit must be between 0 and 3600 seconds, got {limit!r}")
        _check_slip_factors(self.slip_factors)

    def grade(self, answer) -> Verdict:
        if not callable(answer):
            return Verdict("incorrect", f"pass your function itself (without calling it), got "
                                        f"{_show(answer)}.")
        if _is_stub(answer):
            return Verdict("unattempted", "the function body is still a placeholder.")
        for args, expected in self.cases:
            call = _call_text(answer, args)
            outcome, got = _call_with_time_limit(answer, args, self.time_limit)
            if outcome == "timeout":
                return Verdict("incorrect", f"your function did not return within "
                                            f"{self.time_limit:g} s when called as {call}: is "
                                            f"there a loop that never ends?")
            if outcome == "error":
                err = got
                if isinstance(err, NotImplementedError):
                    return Verdict("unattempted", "the function still raises "
                                                  "NotImplementedError.")
                if isinstance(err, SystemExit):
                    return Verdict("incorrect", f"{call} called sys.exit() (SystemExit): "
                                                f"return the answer instead.")
                if isinstance(err, KeyboardInterrupt):
                    return Verdict("incorrect", f"calling {call} was interrupted "
                                                f"(KeyboardInterrupt) before it returned.")
                return Verdict("incorrect", _sentence(f"calling {call} raised "
                                                      f"{type(err).__name__}: {err}"))
            if got is None:
                return Verdict("incorrect", f"{call} returned None: is a `return` missing?")
            x = _as_number(got)
            if x is None and _is_quoted_number(got):
                return Verdict("incorrect", f"{call} returned the text {_show(got)}; return "
                                            f"the number, not a string.")
            if x is None and _is_collection(got):
                return Verdict("incorrect", f"{call} returned {_show(got)}; return one number, "
                                            f"not a list or an array.")
            if x is None:
                return Verdict("incorrect", f"{call} returned {_show(got)}; a number was "
                                            f"expected.")
            if not math.isclose(x, expected, rel_tol=self.rel_tol):
                shown, right = _human_pair(x, expected)
                slip = _factor_slip(x, expected, self.rel_tol, self.slip_factors)
                why = f": {slip}" if slip else ""
                return Verdict("incorrect", f"{call} returned {shown}; expected {right}{why}.")
        return Verdict("correct", f"It passed {len(self.cases)} test cases.")


def _check_rel_tol(rel_tol) -> float:
    return float(as_nonnegative("rel_tol", rel_tol, allow_array=False))


class _TimeUp(BaseException):
    """Raised in the learner's function when its time is up (a BaseException, so that an
    ``except Exception`` in their code cannot swallow it)."""


def _call_with_time_limit(fn: Callable, args: tuple, seconds: float):
    """Call ``fn(*args)`` for at most ``seconds``.

    Returns ``("ok", value)``, ``("error", exception)`` (any exception, ``SystemExit`` and
    ``KeyboardInterrupt`` included) or ``("timeout", None)``.

    In the main thread (a Jupyter kernel runs cells there) a ``SIGALRM`` timer interrupts
    the function between two Python bytecodes, so a ``while True:`` loop is stopped; a
    timer set by someone else is restored afterwards. Elsewhere (or without ``SIGALRM``,
    on Windows) the function runs in a daemon thread; if it does not finish in time, the
    same exception is sent into that thread (``PyThreadState_SetAsyncExc``), which stops a
    Python loop, so no runaway thread is left spinning.
    """
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        state = {"armed": True}

        def on_alarm(signum, frame):
            if state["armed"]:
                raise _TimeUp

        start = time.monotonic()
        previous_handler = signal.signal(signal.SIGALRM, on_alarm)
        previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            try:
                value = fn(*args)
            finally:
                state["armed"] = False
            return "ok", value
        except _TimeUp:
            return "timeout", None
        except BaseException as err:  # noqa: BLE001 - SystemExit, KeyboardInterrupt: verdicts
            return "error", err
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
            delay, interval = previous_timer
            if delay > 0:  # someone else's timer: give back what is left of it
                left = max(delay - (time.monotonic() - start), 1e-3)
                signal.setitimer(signal.ITIMER_REAL, left, interval)
    box: dict = {}

    def run():
        try:
            box["value"] = fn(*args)
        except BaseException as err:  # noqa: BLE001
            box["error"] = err

    worker = threading.Thread(target=run, daemon=True, name="learner-function")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        _stop_thread(worker)
        return "timeout", None
    return ("error", box["error"]) if "error" in box else ("ok", box.get("value"))


def _stop_thread(worker: threading.Thread) -> None:
    """Raise :class:`_TimeUp` inside ``worker`` (at its next bytecode) and wait briefly."""
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident),
                                               ctypes.py_object(_TimeUp))
    worker.join(1.0)


class DeferredQuestion:
    """A question built on first use, because building it reads cached lab data.

    ``from scaling_lib.exercises import chinchilla as ex`` then reads nothing; the cached
    sweep is loaded when ``ex.q6`` is first checked, hinted or solved. If the cache is
    missing or damaged, ``check`` prints what is wrong and how to regenerate it (and
    returns a false result) instead of failing the import of the whole chapter's exercises.
    Every other attribute (``expected``, ``hints`` …) is the built question's.
    """

    def __init__(self, name: str, build: Callable[[], Question]):
        self.name = as_text("name", name, allow_empty=False)
        if not callable(build):
            raise InputTypeError(f"build must be a function returning the question, got "
                                 f"{build!r:.60}")
        self._build = build
        self._built: Question | None = None

    @property
    def handle(self) -> str:
        return f"{MODULE_ALIAS}.{self.name}"

    def question(self) -> Question:
        """The built question (reads the cached data the first time)."""
        if self._built is None:
            built = self._build()
            if not isinstance(built, Question):
                raise TypeError(f"{self.handle}: build() returned {type(built).__name__}, "
                                f"not a Question")
            self._built = built
        return self._built

    def _unavailable(self, err: Exception) -> str:
        return f"{self.handle} needs the course's cached lab data, which cannot be used: {err}"

    @accepts(answer={"any": "a learner's answer: graded, never raised on"})
    def check(self, answer=BLANK) -> CheckResult:
        """Grade ``answer`` like :meth:`Question.check` (building the question first)."""
        try:
            q = self.question()
        except ValueError as err:
            print(f"Cannot check this yet: {self._unavailable(err)}")
            if _strict():
                raise
            return CheckResult(False)
        return q.check(answer)

    @accepts(answer={"any": "a learner's answer: graded, never raised on"})
    def verdict(self, answer) -> Verdict:
        """Grade without printing (a missing cache gives an "incorrect" verdict saying so)."""
        try:
            q = self.question()
        except ValueError as err:
            return Verdict("incorrect", self._unavailable(err))
        return q.verdict(answer)

    def hint(self) -> None:
        """Print the next hint."""
        try:
            q = self.question()
        except ValueError as err:
            print(self._unavailable(err))
            return
        q.hint()

    def solution(self) -> Solution:
        """The worked solution (see :meth:`Question.solution`)."""
        try:
            q = self.question()
        except ValueError as err:
            return Solution(self._unavailable(err))
        return q.solution()

    def __getattr__(self, attr):
        if attr.startswith("__") or attr in ("_build", "_built"):
            raise AttributeError(attr)
        return getattr(self.question(), attr)

    def __repr__(self) -> str:
        return f"DeferredQuestion({self.name!r})"


@accepts(reference={"any": "the checker's reference answer: whatever it accepts"},
         blank={"any": "what the learner's starter cell holds"},
         wrong={"str_array": "a list holding one wrong answer (here the text '1e9')"})
def assert_checker(question: Question, reference, wrong: Sequence, *, blank=BLANK) -> None:
    """Self-test of a checker, for the test suite.

    Asserts that ``question`` accepts ``reference``, rejects every answer in
    ``wrong`` and ``None``, and reports ``blank`` (the starter ``...`` unless
    given, e.g. a stub function) as not attempted. Raises AssertionError naming
    the first failure.
    """
    check_type("question", question, Question | DeferredQuestion, "a Question")
    if isinstance(wrong, str | bytes) or not isinstance(wrong, Sequence):
        raise InputTypeError(f"wrong must be a list of wrong answers, got {wrong!r:.60}")
    if not wrong:
        raise ValueError("wrong is empty: a checker must be shown to reject some wrong answers")
    v = question.verdict(reference)
    assert v.status == "correct", f"{question.name} rejects its reference: {v.message}"
    for w in wrong:
        v = question.verdict(w)
        assert v.status == "incorrect", f"{question.name} does not reject {w!r} ({v.status})"
    v = question.verdict(None)
    assert v.status == "incorrect", f"{question.name} grades None as {v.status}"
    v = question.verdict(blank)
    assert v.status == "unattempted", f"{question.name} grades a blank answer as {v.status}"
