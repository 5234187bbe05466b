"""Exercises of chapter 9, "Predicting abilities before you train"
(``book/09_predicting_abilities.ipynb``).

Expected values are computed here from the problem statements with
``scaling_lib.forecasting`` and, for the pre-registered forecast, from the cached
ladder (``load_task_sweep("ladder")``), independently of the solution cells in the book.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from scaling_lib import forecasting as fc
from scaling_lib import models
from scaling_lib._contract import accepts
from scaling_lib._validate import as_fraction, check_type
from scaling_lib.exercises.core import (
    BLANK,
    CheckResult,
    DeferredQuestion,
    FunctionQuestion,
    IncorrectAnswer,
    NumericQuestion,
    Question,
    Solution,
    Verdict,
    _as_number,
    _show,
    _strict,
)
from scaling_lib.plotting import tex

# ---------------------------------------------------------------- q1: pre-registered forecast
#: The rung to forecast: the widest model of the ladder at 150k training tokens.
PREREG_WIDTH = 181
PREREG_TOKENS = 150_000
PREREG_DIGITS = 11
#: Stated before the truth is seen: a forecast within 0.10 of the true exact match passes.
PREREG_ABS_TOL = 0.10


class _ReferenceSolution(Solution):
    """The worked solution of a pre-registered question: while its ``with`` block runs,
    ``check`` grades the book's reference forecast without recording it as the learner's."""

    def __init__(self, markdown: str, question: PreregisteredQuestion):
        super().__init__(markdown)
        self._question = question

    def __enter__(self) -> _ReferenceSolution:
        self._question._reference_depth += 1
        return super().__enter__()

    def __exit__(self, exc_type, exc, tb) -> bool:
        self._question._reference_depth -= 1
        return super().__exit__(exc_type, exc, tb)


@dataclass
class PreregisteredQuestion(Question):
    """A forecast, locked when first checked, graded against the held-out truth.

    The first ``check(prediction)`` with a valid forecast (a number between 0 and 1)
    records it (``recorded``, with the time it was made) and grades it: correct when
    within ``abs_tol`` of ``truth`` (an absolute tolerance, stated in the exercise). The
    verdict says whether the forecast was too low or too high, and by how much.

    That first forecast is the pre-registration: it is locked. A later ``check`` (made
    after the truth was shown) records nothing, says that the forecast is locked, and
    grades the first forecast again, never the new number; ``reset()`` starts over.
    Inside the worked solution (``with q.solution(): q.check(answer)``) ``check`` grades the
    book's reference forecast without recording it, so running the solution never stands in
    for the learner's own.
    ``verdict`` grades a number without recording it (for tests and the solution).

    ``misconceptions`` maps a wrong value to an explanation, matched within 0.005.
    """

    truth: float = 0.0
    abs_tol: float = PREREG_ABS_TOL
    misconceptions: dict = field(default_factory=dict, repr=False)
    recorded: list = field(default_factory=list, init=False, repr=False)
    _reference_depth: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        as_fraction("truth", self.truth, allow_zero=True, allow_array=False)
        as_fraction("abs_tol", self.abs_tol, allow_array=False)
        check_type("misconceptions", self.misconceptions, dict,
                   "a dict {wrong value: explanation}")
        for wrong, why in self.misconceptions.items():
            as_fraction("misconceptions", wrong, allow_zero=True, allow_array=False)
            check_type("misconceptions", why, str, "explanations as text")

    @property
    def prediction(self) -> float | None:
        """The pre-registered (first recorded) forecast; None before the first valid check."""
        return self.recorded[0][1] if self.recorded else None

    @staticmethod
    def _forecast(answer) -> float | None:
        """The answer as a valid forecast (a finite number in [0, 1]), else None."""
        if answer is BLANK or answer is None:
            return None
        x = _as_number(answer)
        if x is None or not math.isfinite(x) or not 0 <= x <= 1:
            return None
        return float(x)

    def grade(self, answer) -> Verdict:
        x = _as_number(answer)
        if x is None:
            return Verdict("incorrect", f"give your forecast as one number between 0 and 1, got "
                                        f"{_show(answer)}.")
        if not math.isfinite(x) or not 0 <= x <= 1:
            return Verdict("incorrect", f"exact match is a fraction between 0 and 1, got "
                                        f"{_show(answer)}.")
        err = x - self.truth
        said = f"Forecast {x:.3f}; the held-out truth is {self.truth:.3f}"
        if abs(err) <= self.abs_tol:
            return Verdict("correct", f"{said}, within ±{self.abs_tol:.2f}.")
        for wrong, why in self.misconceptions.items():
            if abs(x - wrong) <= 0.005:
                return Verdict("incorrect", f"{said}. {why}")
        way = "too low" if err < 0 else "too high"
        return Verdict("incorrect", f"{said}: {way} by {abs(err):.3f}, outside the stated "
                                    f"±{self.abs_tol:.2f}.")

    def _report(self, verdict: Verdict, prefix: str = "") -> CheckResult:
        """Print ``verdict`` as :meth:`Question.check` does (strict mode raises)."""
        if verdict.status == "correct":
            print(f"{prefix}Correct. {verdict.message}".rstrip())
        elif verdict.status == "unattempted":
            print(f"{prefix}Not attempted yet: {verdict.message}")
        else:
            more = f" Call {self.handle}.hint() for a hint." if self.hints else ""
            print(f"{prefix}Incorrect: {verdict.message}{more}")
            if _strict():
                raise IncorrectAnswer(f"{self.name}: {verdict.message}")
        return CheckResult(verdict.correct)

    @accepts(answer={"any": "a learner's forecast: graded, never raised on"})
    def check(self, answer=BLANK) -> CheckResult:
        """Record the first valid forecast and grade it; later checks grade that one again."""
        if self._reference_depth > 0:
            return self._report(self.verdict(answer),
                                "The book's reference forecast (not recorded as yours). ")
        if self.recorded:
            when, first = self.recorded[0]
            x = self._forecast(answer)
            now = ("" if x is None or x == first else
                   f" The new number {x:.3f} is not recorded: a number made now, after the "
                   f"truth was shown, is not a forecast ({self.handle}.reset() starts over).")
            return self._report(self.verdict(first),
                                f"Your pre-registered forecast was {first:.3f} (recorded at "
                                f"{when}) and stays locked.{now} Graded again: ")
        x = self._forecast(answer)
        if x is not None:
            self.recorded.append((time.strftime("%H:%M:%S"), x))
            return self._report(self.verdict(x), f"Recorded and locked: {x:.3f}. ")
        return self._report(self.verdict(answer))

    def reset(self) -> None:
        """Start over: forget the recorded forecast, so the next ``check`` records anew.

        Use it for a second attempt with another method, and say so when you report the
        forecast: a forecast made after the truth was shown is not a pre-registration.
        """
        had = self.prediction
        self.recorded.clear()
        print(f"{self.handle}: no forecast recorded any more"
              + ("" if had is None else f" (it was {had:.3f})")
              + f". The next {self.handle}.check(answer) records a new one.")

    def solution(self) -> Solution:
        """The worked solution; checks inside its ``with`` block are not recorded."""
        return _ReferenceSolution(self.worked_solution, self)


def _build_q1() -> PreregisteredQuestion:
    from scaling_lib.lab.task import load_task_sweep

    sweep = load_task_sweep("ladder")
    split = fc.ladder_split(sweep, PREREG_TOKENS, "exact_match", PREREG_DIGITS)
    held = split.widths[split.held]
    if PREREG_WIDTH not in held:
        raise ValueError(f"the cached ladder does not hold width {PREREG_WIDTH} at "
                         f"{PREREG_TOKENS} tokens; run `make lab-data` to regenerate it")
    truth = float(split.truth()[list(held).index(PREREG_WIDTH)])
    top_fitted = float(split.accuracy[:, split.fit].mean(0)[-1])
    return PreregisteredQuestion(
        "q1",
        truth=truth,
        misconceptions={
            top_fitted: "That is the largest fitted rung's own value: a forecast must "
                        "extrapolate to the larger model.",
            0.0: "Exact match does rise from zero on this ladder: the fitted rungs already "
                 "show it leaving the floor.",
        },
        hints=[
            "The fitted rungs are in `split` (widths up to 64 at 150k tokens): "
            "fc.forecast_split(split, 'two_step'), fc.forecast_split(split, 'direct') or "
            "fc.forecast_split(split, link=True) forecast the held-out rungs without showing "
            "them.",
            "The width-181 rung is the last held-out one: take the forecast's point[-1]. "
            "Decide on the method before you look at any held-out number.",
        ],
        worked_solution=(
            "A forecast needs a method fixed in advance. The book's solution extrapolates "
            "exact match directly with a sigmoid in log compute, fitted to every seed of the "
            "rungs up to width 64 (`forecast_split(split, 'direct')`). That choice was made "
            "after the lab's results were known, which a real pre-registration forbids: read "
            "it as a worked example, not as evidence that the direct method is better. The "
            "section after this exercise compares both methods on every held-out rung. "
            "Running this solution grades the book's forecast without recording it: the "
            "forecast `ex.q1` holds, and the figure draws, is only ever your own first one."
        ),
    )


q1 = DeferredQuestion("q1", _build_q1)

# ---------------------------------------------------------------- q2: Llama 3's extrapolation
_FLAGSHIP = next(m for m in models.MODELS if m.name == "Llama 3.1 405B").published_flops
_LO, _HI = fc.LLAMA3_SCALING_FLOPS_RANGE
_FACTOR2 = _FLAGSHIP / _HI
q2 = NumericQuestion(
    "q2",
    expected=_FACTOR2,
    rel_tol=0.01,
    units="times",
    misconceptions={
        _FLAGSHIP / _LO: "that divides by the smallest scaling-law budget; the forecast "
                         "extrapolates from the largest one.",
        _HI / _FLAGSHIP: "that is the inverse ratio: the flagship used more compute.",
        math.log10(_FACTOR2): "that is the factor's base-10 logarithm (orders of magnitude); "
                              "give the factor itself.",
    },
    hints=[
        "The largest scaling-law run used 10²² FLOPs; the flagship 3.8×10²⁵ FLOPs.",
        "Divide the flagship's compute by the largest run's.",
    ],
    worked_solution=(
        f"$3.8 \\times 10^{{25}} / 10^{{22}} = {tex(round(_FACTOR2), 4)}$: the Llama 3 "
        f"forecast of the flagship's benchmark accuracy extrapolated about "
        f"{math.log10(_FACTOR2):.1f} orders of magnitude beyond its largest fitted run."
    ),
)

# ---------------------------------------------------------------- q3: compute for 50%
_E3, _A3, _ALPHA3, _M3 = 0.2, 12.0, 0.8, 3.0
_LAW3 = fc.TaskLossLaw(_E3, _A3, _ALPHA3)
_C3 = fc.C_REF_FLOPS * (_A3 / (_M3 - _E3)) ** (1 / _ALPHA3)
q3 = NumericQuestion(
    "q3",
    expected=_C3,
    rel_tol=0.02,
    units="FLOPs",
    misconceptions={
        fc.C_REF_FLOPS * (_A3 / _M3) ** (1 / _ALPHA3): "that forgets the floor E: the power "
                                                       "law part must equal m − E.",
        fc.C_REF_FLOPS * (_A3 / (_M3 - _E3)) ** _ALPHA3: "invert the power law: the exponent "
                                                         "becomes 1/α, not α.",
        (_A3 / (_M3 - _E3)) ** (1 / _ALPHA3): "that is C/C₀; multiply by C₀ = 10⁹ FLOPs.",
    },
    hints=[
        "The sigmoid is halfway between floor and ceiling at its midpoint, so you need the "
        "compute where the predicted task loss equals m = 3.0 nats.",
        "Solve E + A·(C/C₀)^(−α) = m for C: C = C₀·(A/(m − E))^(1/α).",
    ],
    worked_solution=(
        f"Accuracy is 50% where the task loss reaches the midpoint, $L(C) = {_M3}$ nats, so "
        f"$C = C_0\\,(A/(m - E))^{{1/\\alpha}} = 10^9 \\times ({_A3:g}/{_M3 - _E3:g})"
        f"^{{1/{_ALPHA3}}} \\approx {tex(_C3, 3)}$ FLOPs. Check: "
        f"`TaskLossLaw({_E3}, {_A3}, {_ALPHA3}).predict({_C3:.4g})` gives "
        f"{_LAW3.predict(_C3):.3f} nats."
    ),
)

# ---------------------------------------------------------------- q4: the wrong options
_P4 = (0.02, 0.03, 0.01, 0.005)  # correct option first
_NORM4 = _P4[0] / sum(_P4)
q4 = NumericQuestion(
    "q4",
    expected=_NORM4,
    rel_tol=0.01,
    misconceptions={
        _P4[0]: "that is the raw probability of the correct answer; renormalise over the four "
                "options.",
        0.25: "that is chance with four options, whatever the model thinks.",
        _P4[0] / (_P4[0] + _P4[1]): "that renormalises over two options only; all four count.",
        0.0: "0 is the model's accuracy on this question (a wrong option outscores the correct "
             "one), the second part of the exercise; the checker asks for the first part, the "
             "correct option's probability after renormalising over the four options.",
    },
    hints=[
        "Divide the correct option's probability by the sum over all options.",
        "0.02 / (0.02 + 0.03 + 0.01 + 0.005).",
    ],
    worked_solution=(
        f"$0.02 / {sum(_P4):.3f} \\approx {_NORM4:.3f}$, above chance (0.25). Yet the "
        "model's accuracy on this question is 0: one wrong option (0.03) outscores the correct "
        "one, so the model picks it. "
        "Raising the correct answer's probability does not change accuracy until it passes "
        "the best wrong option, which is why Schaeffer et al. find accuracy harder to "
        "predict than the probability itself."
    ),
)


# ---------------------------------------------------------------- q5: write the composition
def _ref5(flops, E, a, alpha, midpoint, slope, floor):  # the floor E, as in the statement
    loss = fc.TaskLossLaw(E, a, alpha).predict(flops)
    return fc.SigmoidLink(midpoint, slope, floor, 1.0).predict(loss)


_CASES5 = [
    ((2e9, 0.0, 11.2, 0.56, 3.2, -0.9, 0.0), _ref5(2e9, 0.0, 11.2, 0.56, 3.2, -0.9, 0.0)),
    ((1e10, 0.0, 11.2, 0.56, 3.2, -0.9, 0.0), _ref5(1e10, 0.0, 11.2, 0.56, 3.2, -0.9, 0.0)),
    ((5e8, 0.5, 20.0, 0.7, 4.0, -1.5, 0.25), _ref5(5e8, 0.5, 20.0, 0.7, 4.0, -1.5, 0.25)),
    ((1e12, 0.5, 20.0, 0.7, 4.0, -1.5, 0.25), _ref5(1e12, 0.5, 20.0, 0.7, 4.0, -1.5, 0.25)),
    ((3e9, 1.0, 5.0, 0.3, 5.5, -2.0, 0.1), _ref5(3e9, 1.0, 5.0, 0.3, 5.5, -2.0, 0.1)),
]
q5 = FunctionQuestion(
    "q5",
    cases=_CASES5,
    rel_tol=1e-6,
    hints=[
        "Step 1: loss = E + a·(flops/10⁹)^(−alpha), with E the floor of the task loss. "
        "Step 2: acc = floor + (1 − floor)/(1 + exp(−slope·(loss − midpoint))).",
        "slope is negative: accuracy falls as loss rises. exp is np.exp (Euler's number e "
        "raised to a power), not a variable; return a float.",
    ],
    worked_solution=(
        "```python\n"
        "def two_step(flops, E, a, alpha, midpoint, slope, floor):\n"
        "    loss = E + a * (flops / 1e9) ** (-alpha)\n"
        "    return floor + (1 - floor) / (1 + np.exp(-slope * (loss - midpoint)))\n"
        "```\n\n"
        "The floor of the task loss is `E`; `np.exp` is the exponential. The same as "
        "`SigmoidLink(midpoint, slope, floor).predict(TaskLossLaw(E, a, alpha).predict(flops))`."
    ),
)

# ---------------------------------------------------------------- q6: coverage of nine
_N6, _LEVEL6 = 9, 0.9
_ALL6 = _LEVEL6 ** _N6
q6 = NumericQuestion(
    "q6",
    expected=_ALL6,
    rel_tol=0.01,
    misconceptions={
        # 1 − 9 × 0.1 equals 1 − 0.9: the union bound comes first, so that answer is told why
        1 - _N6 * (1 - _LEVEL6): "that is 1 − 9 × 0.1, the union bound: the chance that "
                                 "all nine cover is at least that much, whatever the "
                                 "dependence. For independent intervals the exact chance is "
                                 "larger: multiply the nine probabilities of covering. (0.1 is "
                                 "also the chance that one given interval misses.)",
        _LEVEL6: "that is the chance for one forecast; all nine must cover.",
        1 - _ALL6: "that is the chance that at least one interval misses.",
        1 - _LEVEL6: "that is the chance that one given interval misses.",
    },
    hints=[
        "Independent events: multiply their probabilities.",
        "0.9 to the ninth power.",
    ],
    worked_solution=(
        f"$0.9^9 \\approx {_ALL6:.3f}$. Even perfectly calibrated 90% intervals miss "
        f"somewhere among nine forecasts more often than not ({1 - _ALL6:.0%}); coverage "
        "is judged over many forecasts, never on one."
    ),
)


QUESTIONS = [q1, q2, q3, q4, q5, q6]
__all__ = ["PREREG_WIDTH", "PREREG_TOKENS", "PREREG_DIGITS", "PREREG_ABS_TOL",
           "PreregisteredQuestion", "QUESTIONS", *(q.name for q in QUESTIONS)]
