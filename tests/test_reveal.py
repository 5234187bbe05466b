"""The predict-then-reveal gate (scaling_lib/exercises/reveal.py): content that shows an
outcome waits until the learner's answer is recorded; in strict mode (the book, nbval) it is
shown folded."""

import matplotlib.pyplot as plt
import pytest

from scaling_lib.exercises import reveal as rv
from scaling_lib.exercises import reveal_after
from scaling_lib.exercises.core import STRICT_ENV
from scaling_lib.exercises.forecasting import PreregisteredQuestion
from scaling_lib.plotting import Table


@pytest.fixture
def learner(monkeypatch):
    """A learner's kernel: strict mode off."""
    monkeypatch.delenv(STRICT_ENV, raising=False)


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")


@pytest.fixture
def shown(monkeypatch):
    """What the gate displays (besides what it prints), in order."""
    out = []
    monkeypatch.setattr(rv, "_display", out.append)
    return out


def _question(truth=0.9):
    return PreregisteredQuestion("q1", truth=truth)


def _reveal_everything(gate):
    with gate as g:
        print("held-out truth: 0.901")
        g.show(Table(["width", "truth"], [[181, "0.901"]]))
        fig, ax = plt.subplots()
        ax.plot([1, 2], [0.5, 0.9], "*")


def test_before_an_answer_the_learner_sees_one_line_and_nothing_that_reveals(
        learner, shown, capsys):
    q = _question()
    gate = reveal_after(q, "the held-out truth")
    _reveal_everything(gate)
    out = capsys.readouterr().out
    assert out == ("Make your forecast in ex.q1 first (its cell is above); then run this cell "
                   "again to see the held-out truth.\n")
    assert shown == []
    assert plt.get_fignums() == []  # the figure is closed unseen, not left to the backend
    assert gate.text("0.901") == "[shown after your forecast in ex.q1]"
    assert not gate.revealed


def test_after_the_answer_is_recorded_the_content_is_shown_in_order(learner, shown, capsys):
    q = _question()
    q.check(0.455)
    capsys.readouterr()
    gate = reveal_after(q, "the held-out truth")
    _reveal_everything(gate)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Shown after your recorded forecast (ex.q1 = 0.455): the held-out truth."
    assert out[1] == "held-out truth: 0.901"
    assert isinstance(shown[0], Table) and isinstance(shown[1], plt.Figure)
    assert plt.get_fignums() == []  # shown once, by the gate, not again by the backend
    assert gate.text("0.901") == "0.901" and gate.revealed


def test_in_strict_mode_the_content_is_shown_folded(strict, shown, capsys):
    q = _question()  # no learner: nothing is recorded
    gate = reveal_after(q, "the held-out truth")
    _reveal_everything(gate)
    assert capsys.readouterr().out == ""
    assert len(shown) == 1 and gate.text("0.901") == "0.901"
    bundle = shown[0]._repr_mimebundle_()
    html, md = bundle["text/html"], bundle["text/markdown"]
    summary = "Show the held-out truth (open it after your forecast)"
    assert f"<summary><b>{summary}</b></summary>" in md and "<details" in md
    assert "<details" in html and " open" not in html.split("<summary>")[0]  # folded
    assert "held-out truth: 0.901" in md and "<table" in md
    assert md.count('<img src="data:image/png;base64,') == 1
    assert "\n\n" not in md  # one raw HTML block: a blank line would end it in Markdown
    # the figure is also attached as an image of its own, ranked below the fold in the book
    assert bundle["image/jpeg"]
    assert "image/png" not in bundle


def test_in_strict_mode_a_block_that_shows_nothing_adds_no_fold(strict, shown):
    q = _question()
    q.check(0.85)  # within the tolerance: strict mode raises on a wrong one
    with reveal_after(q, "the held-out truth"):
        pass
    assert shown == []


def test_the_gate_takes_a_question_that_records_later_and_a_function(learner, capsys):
    from scaling_lib.exercises import forecasting as ex

    gate = reveal_after(ex.q1, "the held-out truth")  # the notebook's deferred question
    assert gate.handle == "ex.q1"
    answer = {"x": None}
    gate = reveal_after(lambda: answer["x"], "the outcome", kind="prediction")
    assert gate.answer is None and not gate.revealed
    assert gate(lambda: print("outcome: 3")) is None
    assert "Make your prediction in the question above first" in capsys.readouterr().out
    answer["x"] = 2
    assert gate(lambda: 42) == 42
    assert "Shown after your recorded prediction" in capsys.readouterr().out


def test_show_outside_a_block_gates_one_object(learner, shown, capsys):
    q = _question()
    reveal_after(q, "the table").show("a table")
    assert shown == [] and "Make your forecast" in capsys.readouterr().out
    q.check(0.9)
    capsys.readouterr()
    reveal_after(q, "the table").show("a table")
    assert shown == ["a table"]


def test_an_error_in_the_block_propagates_with_what_it_printed(learner, capsys):
    with pytest.raises(ZeroDivisionError), reveal_after(_question(), "the truth"):
        print("partial")
        raise ZeroDivisionError("in the block")
    assert "partial" in capsys.readouterr().out


def test_bad_arguments_are_refused_with_the_argument_named():
    with pytest.raises(TypeError, match="question"):
        reveal_after(3, "the truth")
    with pytest.raises(TypeError, match="what"):
        reveal_after(_question(), 3)
    with pytest.raises(ValueError, match="what"):
        reveal_after(_question(), " ")
    with pytest.raises(TypeError, match="content"):
        reveal_after(_question(), "the truth")(3)
