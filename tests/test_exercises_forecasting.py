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
    (ex.q2, 3800, [3.8e25 / 6e18, 1e22 / 3.8e25, np.log10(3800), 380, 38_000]),
    (ex.q3, C3, [1e9 * 4 ** 1.25, 1e9 * (12 / 2.8) ** 0.8, (12 / 2.8) ** 1.25, C3 * 2]),
    (ex.q4, NORM4, [0.02, 0.25, 0.4, NORM4 * 2]),
    (ex.q6, 0.9 ** 9, [0.9, 1 - 0.9 ** 9, 0.1, 0.9 ** 10]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "smallest" in ex.q2.verdict(3.8e25 / 6e18).message
    assert "floor E" in ex.q3.verdict(1e9 * 4 ** 1.25).message
    assert "raw probability" in ex.q4.verdict(0.02).message
    assert "at least one" in ex.q6.verdict(1 - 0.9 ** 9).message


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
    assert "loss = E + a" in ex.q5.hints[0] and "exp(" in ex.q5.hints[0]
    assert all("= e +" not in h for h in ex.q5.hints)


def test_worked_solutions_put_no_python_e_notation_in_math():
    import re

    for q in ex.QUESTIONS:
        text = q.worked_solution if hasattr(q, "worked_solution") else q.question().worked_solution
        for math in re.findall(r"\$([^$]+)\$", text):
            assert not re.search(r"\de[+-]?\d", math), (q.name, math)
            assert not re.search(r"\d,\d", math), (q.name, math)


def test_the_union_bound_gets_its_own_explanation():
    assert "union bound" in ex.q6.verdict(1 - 9 * 0.1).message
    assert "union bound" in ex.q6.verdict(0.1).message


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
