"""Every chapter-9 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted; the pre-registered forecast is recorded."""

import numpy as np
import pytest

from scaling_lib import forecasting as fc
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import forecasting as ex
from scaling_lib.lab.task import DATA_DIR, load_task_sweep

C3 = 1e9 * (12 / 2.8) ** (1 / 0.8)
NORM4 = 0.02 / 0.065


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q2, 38_000, [3.8e25 / 6e18, 1e21 / 3.8e25, np.log10(38_000), 3800, 380_000]),
    (ex.q3, C3, [1e9 * 4 ** 1.25, 1e9 * (12 / 2.8) ** 0.8, (12 / 2.8) ** 1.25, C3 * 2]),
    (ex.q4, NORM4, [0.02, 0.25, 0.4, NORM4 * 2]),
    (ex.q6, 0.95 ** 14, [0.95, 1 - 0.95 ** 14, 0.05, 0.95 ** 13, 0.9 ** 9]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "smallest" in ex.q2.verdict(3.8e25 / 6e18).message
    assert "floor E" in ex.q3.verdict(1e9 * 4 ** 1.25).message
    assert "raw probability" in ex.q4.verdict(0.02).message
    assert "at least one" in ex.q6.verdict(1 - 0.95 ** 14).message


def _good(flops, e, a, alpha, midpoint, slope, floor):
    loss = e + a * (flops / 1e9) ** (-alpha)
    return floor + (1 - floor) / (1 + np.exp(-slope * (loss - midpoint)))


def _no_floor(flops, e, a, alpha, midpoint, slope, floor):
    loss = e + a * (flops / 1e9) ** (-alpha)
    return 1 / (1 + np.exp(-slope * (loss - midpoint)))


def _wrong_sign(flops, e, a, alpha, midpoint, slope, floor):
    loss = e + a * (flops / 1e9) ** (-alpha)
    return floor + (1 - floor) / (1 + np.exp(slope * (loss - midpoint)))


def _no_reference(flops, e, a, alpha, midpoint, slope, floor):
    loss = e + a * flops ** (-alpha)
    return floor + (1 - floor) / (1 + np.exp(-slope * (loss - midpoint)))


def _stub(flops, e, a, alpha, midpoint, slope, floor):
    ...


def test_function_checker_accepts_the_composition_and_rejects_slips():
    assert_checker(ex.q5, _good, [_no_floor, _wrong_sign, _no_reference], blank=_stub)


needs_ladder = pytest.mark.skipif(not (DATA_DIR / "task_ladder.json").exists(),
                                  reason="cached ladder not generated yet")


@needs_ladder
def test_preregistered_forecast_is_graded_against_the_held_out_truth():
    split = fc.ladder_split(load_task_sweep("ladder"))
    truth = float(split.truth()[-1])
    top_fitted = float(split.accuracy[:, split.fit].mean(0)[-1])
    assert ex.q1.question().truth == pytest.approx(truth)
    assert_checker(ex.q1, truth + 0.05, [truth - 0.2, truth + 0.12, top_fitted, 0.0, 1.7,
                                         "high"])
    assert "largest fitted rung" in ex.q1.verdict(top_fitted).message
    assert "too low" in ex.q1.verdict(truth - 0.3).message


@needs_ladder
def test_grading_a_forecast_records_nothing():
    q = ex._build_q1()
    q.verdict(0.42)
    q.verdict(0.5)
    assert q.prediction is None and q.recorded == []


@needs_ladder
def test_the_first_forecast_is_locked_and_graded_again(capsys, monkeypatch):
    monkeypatch.delenv("SCALING_STRICT_EXERCISES", raising=False)
    q = ex._build_q1()
    assert not q.check(...) and not q.check("high") and not q.check(1.7)
    assert q.prediction is None  # a blank or invalid answer is not a forecast
    capsys.readouterr()
    assert not q.check(q.truth - 0.3)  # the first forecast, too low
    assert "Recorded and locked" in capsys.readouterr().out
    assert q.prediction == pytest.approx(q.truth - 0.3)
    # after the reveal, the truth itself is not accepted in its place
    result = q.check(q.truth)
    out = capsys.readouterr().out
    assert not result and "not recorded" in out and "too low" in out
    first = f"{q.truth - 0.3:.3f}"
    assert f"Your pre-registered forecast was {first}" in out and "stays locked" in out
    assert "is not a forecast" in out and "ex.q1.reset()" in out
    assert q.prediction == pytest.approx(q.truth - 0.3) and len(q.recorded) == 1
    # a correct first forecast stays correct when checked again
    q2 = ex._build_q1()
    assert q2.check(q2.truth + 0.05) and q2.check(0.0)
    assert q2.prediction == pytest.approx(q2.truth + 0.05)


@needs_ladder
def test_the_solution_cell_grades_without_recording(capsys):
    from scaling_lib.exercises.core import DeferredQuestion

    q1 = DeferredQuestion("q1", ex._build_q1)  # as the notebook's ex.q1
    with q1.solution():
        assert q1.check(q1.truth + 0.01)
    out = capsys.readouterr().out
    assert "not recorded as yours" in out
    assert q1.prediction is None and q1.recorded == []
    # the learner's own forecast is still the first one recorded, before or after the solution
    q1.check(0.42)
    with q1.solution():
        q1.check(q1.truth)
    assert q1.prediction == 0.42 and len(q1.recorded) == 1


@needs_ladder
def test_the_figure_shows_the_learners_forecast_or_says_none_was_recorded(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    from figures import figure_text

    from scaling_lib.widgets import forecasting as widgets

    monkeypatch.delenv("SCALING_STRICT_EXERCISES", raising=False)
    split = fc.ladder_split(load_task_sweep("ladder"))
    forecasts = {"direct": fc.forecast_split(split, "direct", n_boot=10)}
    q = ex._build_q1()
    with q.solution():  # Run All: the book's forecast is graded, not recorded
        q.check(float(forecasts["direct"].point[-1]))
    text = figure_text(widgets.draw_forecast_vs_truth(split, forecasts, prediction=q.prediction))
    assert "no pre-registered forecast recorded" in text
    q.check(0.42)
    fig = widgets.draw_forecast_vs_truth(split, forecasts, prediction=q.prediction)
    assert "your pre-registered forecast" in figure_text(fig)
    marks = [line for line in fig.axes[0].lines if line.get_marker() == "D"]
    assert len(marks) == 1 and list(marks[0].get_ydata()) == [0.42]


@needs_ladder
def test_reset_starts_the_pre_registration_over(capsys, monkeypatch):
    monkeypatch.delenv("SCALING_STRICT_EXERCISES", raising=False)
    q = ex._build_q1()
    q.check(0.455)
    q.check(0.9)
    assert q.prediction == 0.455
    q.reset()
    out = capsys.readouterr().out
    assert "no forecast recorded any more (it was 0.455)" in out
    assert q.prediction is None and q.recorded == []
    q.check(0.6)
    assert q.prediction == 0.6 and "Recorded and locked: 0.600" in capsys.readouterr().out


def test_q1_suggests_only_methods_that_do_not_show_the_held_out_rungs():
    hints = " ".join(ex.q1.hints)
    assert "explorer" not in hints and "forecast_split" in hints


def test_q4_answering_the_accuracy_is_told_what_the_checker_asks_for():
    message = ex.q4.verdict(0).message
    assert "accuracy on this question" in message and "probability" in message


def test_q5_names_the_floor_E_and_writes_exp():
    solution = ex.q5.worked_solution
    assert "def two_step(flops, E, a, alpha, midpoint, slope, floor)" in solution
    assert "loss = E + a" in solution and "np.exp" in solution
    assert "exp(" in ex.q5.hints[1] and "loss = E + a" not in " ".join(ex.q5.hints)
    assert all("= e +" not in h for h in ex.q5.hints)


def test_worked_solutions_put_no_python_e_notation_in_math():
    import re

    for q in ex.QUESTIONS:
        text = q.worked_solution if hasattr(q, "worked_solution") else q.question().worked_solution
        for math in re.findall(r"\$([^$]+)\$", text):
            assert not re.search(r"\de[+-]?\d", math), (q.name, math)
            assert not re.search(r"\d,\d", math), (q.name, math)


def test_the_union_bound_gets_its_own_explanation():
    assert "union bound" in ex.q6.verdict(1 - 14 * 0.05).message
    assert "one given interval misses" in ex.q6.verdict(0.05).message


# ---------------------------------------------------------------- the chapter's text (H3)
def _chapter_cells():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "book" / "09_predicting_abilities.ipynb"
    return [(c["cell_type"], "".join(c["source"])) for c in json.loads(path.read_text())["cells"]]


def test_nothing_after_the_pre_registered_forecast_reveals_the_truth_before_it():
    cells = _chapter_cells()
    start = next(i for i, (kind, text) in enumerate(cells)
                 if kind == "code" and "ex.q1.check(answer)" in text and "solution" not in text)
    end = next(i for i, (kind, text) in enumerate(cells)
               if kind == "markdown" and "## How reliable" in text)
    shows = ("print(", "Table(", "draw_", ".show(")
    checked = 0
    for kind, text in cells[start + 1:end]:
        if kind == "code" and "ex.q1.solution()" not in text and any(s in text for s in shows):
            assert "reveal_after(ex.q1" in text, text[:200]
            checked += 1
        if kind == "code" and text.startswith("# numbers quoted") and "truth" in text:
            assert "held_out.text(" in text, text[:200]
        if kind == "markdown" and "{eval}" in text:
            assert ":class: dropdown" in text and "open it after your forecast" in text, text[:200]
    assert checked >= 4  # the truth print, the table, the figure, the per-seed errors


def test_the_text_says_what_the_page_does_with_the_held_out_rungs():
    text = "\n".join(t for kind, t in _chapter_cells() if kind == "markdown")
    assert "does not show them until a forecast has been made" not in text
    assert "a variant from the explorer further down" not in text
    assert "only once your forecast is recorded" in text
    assert "`ex.q1.reset()`" in text


def test_the_chapter_names_the_floor_E_and_quotes_no_e_notation():
    import re

    cells = _chapter_cells()
    text = "\n".join(t for kind, t in cells if kind == "markdown")
    assert "two_step(flops, E, a, alpha, midpoint, slope, floor)" in text
    assert "\\exp" in text and "e^{-s" not in text
    for math in re.findall(r"\$([^$]+)\$", text):
        assert not re.search(r"\de[+-]?\d", math), math
    code = "\n".join(t for kind, t in cells if kind == "code")
    assert "def two_step(flops, E, a, alpha" in code
    assert ":.1e}" not in code and "sci(" not in code  # numbers a reader sees, as a person writes


def _stub_with_step_one_given(flops, E, a, alpha, midpoint, slope, floor):
    # step 1, given: loss = E + a * (flops / 1e9) ** (-alpha)
    ...  # step 2, your code here: return the accuracy


def test_q5_starter_with_step_one_in_a_comment_is_not_attempted():
    assert ex.q5.verdict(_stub_with_step_one_given).status == "unattempted"


def test_q2_names_the_published_budget_slip():
    assert "10²²" in ex.q2.verdict(3800).message


def test_recall_and_choice_items():
    assert_checker(ex.r1, 0.95 ** 11, [0.95, 1 - 11 * 0.05, 0.95 ** 10, 1 - 0.95 ** 11])
    for q in (ex.r2, ex.q7, ex.q8, ex.t1, ex.t2):
        wrong = [k for k in q.options if k != q.correct]
        assert_checker(q, q.correct, wrong)
        for k in wrong:                             # every wrong option says why
            assert len(q.why_wrong[k]) > 40, (q.name, k)


def test_q7_the_correct_option_still_loses():
    p = (0.025, 0.03, 0.01, 0.005)
    assert p[0] < max(p[1:]) and ex.q7.correct == "a"


def test_t1_exact_match_is_forecast_worst_and_4_choice_best():
    import warnings

    from scaling_lib import forecasting as fc
    from scaling_lib.lab.task import load_task_sweep

    sweep = load_task_sweep("ladder")
    err = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for m in ("exact_match", "per_digit_accuracy", "mc4_accuracy", "mc10_accuracy"):
            split = fc.ladder_split(sweep, metric=m)
            err[m] = fc.forecast_split(split, "two_step", n_boot=0).score(
                split.truth()).mean_abs_error
    assert max(err, key=err.get) == "exact_match"              # (a)
    assert min(err, key=err.get) == "mc4_accuracy"             # (c)'s feedback
    assert err["exact_match"] > 3 * max(err["per_digit_accuracy"], err["mc10_accuracy"])


def test_t2_the_midpoint_falls_with_more_options():
    from scaling_lib import forecasting as fc
    from scaling_lib.lab.task import load_task_sweep

    sweep = load_task_sweep("ladder")
    loss = sweep.metric("task_loss_nats", 11)
    small = sweep.rung_widths <= 64
    mids = [fc.fit_sigmoid(loss[small], sweep.metric(f"mc{c}_accuracy", 11)[small],
                           floor=1 / c).midpoint for c in sorted(sweep.n_choices)]
    assert all(np.diff(mids) < 0)                               # (a), and (c) is not all


def test_every_item_declares_kind_and_objectives():
    for q in ex.QUESTIONS:
        q = q.question() if hasattr(q, "question") else q
        assert q.objectives, q.name
    assert ex.q1.question().kind == "predict"


def test_p1_no_backtest_reaches_its_nominal_coverage():
    from scaling_lib import forecasting as fc
    from scaling_lib.lab.task import load_task_sweep

    sweep = load_task_sweep("ladder")
    ladder = sweep.rung_tokens == 150_000
    loss = sweep.metric("task_loss_nats", 11, per_seed=True)[:, ladder]
    covs = []
    for metric in ("exact_match", "per_digit_accuracy", "mc10_accuracy"):
        acc = sweep.metric(metric, 11, per_seed=True)[:, ladder]
        for method in ("direct", "two_step"):
            covs.append(fc.backtest(sweep.rung_flops[ladder], loss.mean(0), acc.mean(0),
                                    method=method, per_seed_accuracy=acc,
                                    per_seed_task_loss_nats=loss, floor=fc.CHANCE[metric],
                                    n_boot=100).coverage)
    assert 0 < max(covs) <= 0.5                       # (c); (a), (b) and (d) are false
    assert_checker(ex.p1, "c", ["a", "b", "d"])
