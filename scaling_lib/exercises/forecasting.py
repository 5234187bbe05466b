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
    ChoiceQuestion,
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
        kind="predict",
        objectives=[5, 1],
        misconceptions={
            top_fitted: "That is the largest fitted rung's own value: a forecast must "
                        "extrapolate to the larger model.",
            0.0: "Exact match does rise from zero on this ladder: the fitted rungs already "
                 "show it leaving the floor.",
        },
        hints=[
            "Commit to a method before you look at any held-out number: does exact match on "
            "the fitted rungs already climb, or does it still sit near its floor?",
            "The fitted rungs are in `split` (widths up to 64 at 150k tokens): "
            "fc.forecast_split(split, 'two_step'), fc.forecast_split(split, 'direct') or "
            "fc.forecast_split(split, link=True) forecast the held-out rungs without showing "
            "them; the width-181 rung is the last held-out one, the forecast's point[-1].",
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
_LO, _HI_PUBLISHED = fc.LLAMA3_SCALING_FLOPS_RANGE
#: The question's what-if: a scaling-law study that stopped a tenth of the way to the published
#: largest budget (the page works the published one).
_HI = _HI_PUBLISHED / 10
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
        _FLAGSHIP / _HI_PUBLISHED: "that divides by the published largest run, 10²² FLOPs; "
                                   "the question's study stopped at 10²¹.",
        math.log10(_FACTOR2): "that is the factor's base-10 logarithm (orders of magnitude); "
                              "give the factor itself.",
    },
    kind="compute",
    objectives=[1],
    hints=[
        "A forecast extrapolates from the largest run it was fitted to, not from the smallest.",
        "factor = C_target / C_largest fitted.",
    ],
    worked_solution=(
        f"$3.8 \\times 10^{{25}} / 10^{{21}} = {tex(round(_FACTOR2), 2)}$: the forecast would "
        f"have extrapolated about {math.log10(_FACTOR2):.1f} orders of magnitude beyond its "
        "largest fitted run, one more than the published study did."
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
    kind="compute",
    objectives=[1],
    hints=[
        "At which task loss is a sigmoid between 0 and 1 exactly halfway?",
        "Set the step-1 law equal to that loss, E + A·(C/C₀)^(−α) = m, and solve for C.",
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
             "one), which exercise q7 asks about; this checker asks for the correct option's "
             "probability after renormalising over the four options.",
    },
    kind="compute",
    objectives=[3],
    hints=[
        "Renormalising over the options: dividing by what?",
        "p(correct) / Σ p(option), the sum over the four options.",
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
    kind="complete",
    objectives=[1],
    hints=[
        "Step 1 is given in the starter: it turns compute into task loss. Step 2 turns that "
        "loss into accuracy: between which two values does the sigmoid run?",
        "acc = floor + (1 − floor)/(1 + exp(−slope·(loss − midpoint))), with exp = np.exp; "
        "slope is negative, since accuracy falls as loss rises.",
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

# ---------------------------------------------------------------- q6: coverage of fourteen
_N6, _LEVEL6 = 14, 0.95
_ALL6 = _LEVEL6 ** _N6
q6 = NumericQuestion(
    "q6",
    expected=_ALL6,
    rel_tol=0.01,
    misconceptions={
        1 - _N6 * (1 - _LEVEL6): f"that is 1 − {_N6} × {1 - _LEVEL6:.2f}, the union bound: the "
                                 f"chance that all {_N6} cover is at least that much, whatever "
                                 "the dependence. For independent intervals the exact chance "
                                 "is larger: multiply the probabilities of covering.",
        _LEVEL6: f"that is the chance for one forecast; all {_N6} must cover.",
        1 - _ALL6: "that is the chance that at least one interval misses.",
        1 - _LEVEL6: "that is the chance that one given interval misses.",
    },
    kind="compute",
    objectives=[4],
    hints=[
        "The intervals are independent: how do the chances of independent events "
        "combine when all of them must happen?",
        "P(all cover) = the product of the chances of covering, one per interval.",
    ],
    worked_solution=(
        f"$0.95^{{{_N6}}} \\approx {_ALL6:.3f}$. Even perfectly calibrated 95% intervals "
        f"miss somewhere among {_N6} forecasts about half the time ({1 - _ALL6:.0%}); "
        "coverage is judged over many forecasts, never on one."
    ),
)

# ---------------------------------------------------------------- q7: why accuracy stays put
_P7 = (0.025, 0.03, 0.01, 0.005)  # q4's question after more training: correct option first
q7 = ChoiceQuestion(
    "q7",
    options={"a": "0: the model answers with its most probable option, still the wrong one "
                  "at 0.03, however close the correct one has come",
             "b": f"about {_P7[0] / sum(_P7):.2f}, the correct option's share of the four "
                  "probabilities",
             "c": "0.25, chance with four options",
             "d": "higher than before, in proportion to the rise of the correct option's "
                  "probability"},
    correct="a",
    kind="explain",
    objectives=[3],
    why_wrong={"b": "that is the renormalised probability of the correct option; accuracy "
                    "asks only whether it is the largest, a yes or no per question.",
               "c": "chance is what a model guessing at random scores; this model does not "
                    "guess, it picks its most probable option every time.",
               "d": "accuracy does not move with the probability: it jumps from 0 to 1 when "
                    "the correct option passes the best wrong one, here 0.03."},
    hints=["Accuracy compares the options; it does not add up their probabilities. Which "
           "option does the model answer with?",
           "The model is right on a question only if p(correct) > max p(wrong option)."],
    worked_solution=(
        "Still 0. The correct option's probability rose from 0.02 to 0.025, but a wrong "
        "option has 0.03, so the model still answers with the wrong one. Accuracy counts "
        "comparisons, not probability: it stays flat while the correct answer gains ground, "
        "and jumps once it passes the best wrong option. That is why the chapter forecasts "
        "the smooth task loss, and why the link from task loss to multiple-choice accuracy "
        "depends on the wrong options."
    ),
)

# ---------------------------------------------------------------- q8: critique an extrapolation
q8 = ChoiceQuestion(
    "q8",
    options={"a": "the fitted rungs show only the foot of the sigmoid: where it climbs and "
                  "how steeply are barely constrained, so the fit can put the climb almost "
                  "anywhere beyond them",
             "b": "a sigmoid cannot be fitted to accuracy at all: accuracy must be "
                  "transformed into a loss first",
             "c": "exact match never rises on such a ladder: a model that gets no 11-digit "
                  "answer right at width 64 never will",
             "d": "the fit should use parameters rather than compute on its x-axis; with "
                  "compute it is biased"},
    correct="a",
    kind="critique",
    objectives=[2],
    why_wrong={"b": "a sigmoid can be fitted to accuracy directly (that is direct "
                    "extrapolation, which the chapter does); the flaw is in what the rungs "
                    "can tell the fit.",
               "c": "exact match does rise on the lab's ladder, at the held-out widths; the "
                    "question is whether the fitted rungs can say where.",
               "d": "compute or parameters, the axis is not the problem: along one recipe "
                    "they move together. What is missing is data on the climb."},
    hints=["What does a fit learn about a curve's midpoint and slope from points that all sit "
           "near its floor?",
           "A sigmoid has a floor, a ceiling, a midpoint and a slope; near the floor, many "
           "midpoints and slopes fit the same points."],
    worked_solution=(
        "Points near the floor pin down the floor and little else: a sigmoid that climbs "
        "early and gently and one that climbs late and steeply both pass through them. The "
        "fit's extrapolation then reports its own assumption about the climb, and the "
        "bootstrap interval, which resamples the same floor-level points, does not see that. "
        "The chapter's backtest shows it: direct extrapolation is worst on the splits whose "
        "fitted rungs have barely left zero."
    ),
)

# ---------------------------------------------------------------- Before you start
_P_R1, _K_R1 = 0.95, 11
r1 = NumericQuestion(
    "r1",
    expected=_P_R1 ** _K_R1,
    rel_tol=0.01,
    kind="recall",
    objectives=[2],
    misconceptions={
        _P_R1: "that is the chance of one digit; exact match needs all 11 right.",
        1 - _K_R1 * (1 - _P_R1): "that subtracts 11 × 0.05; for independent digits multiply "
                                 "the eleven chances instead.",
        _P_R1 ** (_K_R1 - 1): "that is ten digits; the answer has 11.",
        1 - _P_R1 ** _K_R1: "that is the chance that at least one digit is wrong.",
    },
    hints=["Chapter 4: exact match needs every digit right. How do independent chances "
           "combine when all must happen?",
           "P(all k right) = p^k."],
    worked_solution=(
        f"$0.95^{{11}} \\approx {_P_R1 ** _K_R1:.3f}$: each digit is right 95% of the time, "
        "yet the whole answer only about half the time. As $p$ rises towards 1, $p^k$ climbs "
        "late and fast: chapter 4's mirage, and the reason exact match near its threshold is "
        "hard to extrapolate."
    ),
)

r2 = ChoiceQuestion(
    "r2",
    options={"a": "that the fitted functional form is right: it resamples the scatter of the "
                  "runs around the fit, not the chance that the form is wrong",
             "b": "nothing: a bootstrap makes no assumptions, so its 80% interval covers the "
                  "truth 80% of the time beyond the fitted range too",
             "c": "that the runs are normally distributed around the fit",
             "d": "that at least 80 runs were fitted"},
    correct="a",
    kind="recall",
    objectives=[4],
    why_wrong={"b": "chapter 1's held-out runs showed otherwise: intervals from a residual "
                    "bootstrap covered fewer of them than their nominal level.",
               "c": "a bootstrap resamples the residuals as they are; it needs no normal "
                    "distribution. What it cannot question is the curve they scatter around.",
               "d": "the 80% is the interval's nominal coverage, not a number of runs."},
    hints=["Chapter 1: what does a residual bootstrap resample, and what does it keep fixed?",
           "It refits the same form to the fit plus resampled residuals."],
    worked_solution=(
        "A residual bootstrap keeps the fitted form and resamples the residuals around it: "
        "its interval measures how much the fit would move with other runs of the same kind. "
        "If the form itself is wrong beyond the fitted range, no resample shows it, and the "
        "interval covers the truth less often than it claims. This chapter measures that "
        "coverage on held-out rungs."
    ),
)

# ---------------------------------------------------------------- Try this (explorers)
t1 = ChoiceQuestion(
    "t1",
    options={"a": "exact match: its fitted rungs sit near zero, so step 2's sigmoid sees only "
                  "the foot of the curve and has to guess the climb",
             "b": "10-choice accuracy: the more options, the noisier the metric",
             "c": "4-choice accuracy: its chance level of 0.25 leaves the least room to "
                  "forecast",
             "d": "per-digit accuracy: averaging over digits blurs the forecast"},
    correct="a",
    kind="explain",
    objectives=[2],
    why_wrong={"b": "10-choice accuracy has left its floor on the fitted rungs, so the fit "
                    "sees it climb; its held-out error is far smaller.",
               "c": "a chance level is a floor the fit knows; 4-choice accuracy is the easiest "
                    "of the four to forecast here, with the smallest error.",
               "d": "averaging over digits is what makes per-digit accuracy smooth: it moves "
                    "on every rung and is forecast far better than exact match."},
    hints=["With the two-step method, switch the metric and read the held-out error in the "
           "title.",
           "Compare where each metric's fitted rungs sit: near the floor, or already on the "
           "climb?"],
    worked_solution=(
        "Exact match has by far the largest held-out error. On its fitted rungs it has "
        "barely left zero, so the sigmoid of step 2 sees only its foot and the forecast "
        "reports the fit's guess about the climb. Per-digit and multiple-choice accuracy "
        "already move on the fitted rungs, and both methods forecast them much better: a "
        "metric that moves on every rung gives the fit something to hold on to."
    ),
)

t2 = ChoiceQuestion(
    "t2",
    options={"a": "the more wrong options, the likelier one of them outscores the correct "
                  "answer, so the model must give the correct answer more probability (a "
                  "lower task loss) to win",
             "b": "with more options the model gives the correct answer less probability: "
                  "its task loss rises",
             "c": "chance falls from 1/2 to 1/10, and the curve is the same curve scaled "
                  "down to the new floor",
             "d": "the renormalised probability of the correct option grows with more "
                  "options, and accuracy follows it"},
    correct="a",
    kind="explain",
    objectives=[3],
    why_wrong={"b": "the models and problems are the same for every c, and so is the task "
                    "loss: only the comparison with the wrong options changes.",
               "c": "the floor does fall to 1/c, but the midpoint moves too: the climb "
                    "starts at a lower task loss with more options, not only lower down.",
               "d": "the correct option's share falls as wrong options are added (the right "
                    "panel); accuracy falls with it."},
    hints=["Move the number of options c from 2 to 10 and watch where the climb of the left "
           "panel starts, in task loss.",
           "The model is right when the correct option beats every wrong one; what do more "
           "wrong options do to that chance?"],
    worked_solution=(
        "The same model on the same problems has the same task loss whatever c is. What "
        "changes is the comparison: with more near-miss options, the chance that one of them "
        "scores above the correct answer grows, so the model needs a lower task loss before "
        "it picks the correct one. The floor (chance) falls to 1/c and the midpoint moves to "
        "a lower task loss: the link from task loss to accuracy belongs to the benchmark's "
        "wrong options as much as to the model."
    ),
)

# ---------------------------------------------------------------- p1: predict the coverage
p1 = ChoiceQuestion(
    "p1",
    options={"a": "about 90%: that is what a 90% interval promises",
             "b": "more than 90%: a bootstrap over few runs gives wide, cautious intervals",
             "c": "well below 90%: the intervals miss the truth more often than they claim",
             "d": "none, for any metric or method: a bootstrap interval on an "
                  "extrapolation never covers the truth"},
    correct="c",
    kind="predict",
    objectives=[4],
    why_wrong={"a": "a 90% interval covers 90% of the time only if the model behind it is "
                    "right; beyond the fitted rungs the functional form is the largest "
                    "error, and resampling the fitted runs cannot see it.",
               "b": "the intervals are narrow where the fitted runs agree with each other, "
                    "which says nothing about whether the curve bends beyond them.",
               "d": "some intervals do cover their truths (at best about half, for one "
                    "metric and method); they cover far fewer than they claim, not none."},
    hints=["What does a bootstrap over the fitted runs resample, and what does it keep "
           "fixed?",
           "An interval's coverage is nominal only if the fitted form is right beyond the "
           "fitted range."],
    worked_solution=(
        "Well below 90%. The bootstrap refits the same functional form to resampled fitted "
        "runs: it measures how much the fit would move with other runs of the same kind, "
        "not whether the form bends differently beyond them. On the lab's ladder that second "
        "error dominates, so no metric and no method reaches its nominal coverage."
    ),
)


QUESTIONS = [q1, q2, q3, q4, q5, q6, q7, q8, r1, r2, p1, t1, t2]
__all__ = ["PREREG_WIDTH", "PREREG_TOKENS", "PREREG_DIGITS", "PREREG_ABS_TOL",
           "PreregisteredQuestion", "QUESTIONS", *(q.name for q in QUESTIONS)]
