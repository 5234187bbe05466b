"""Worked solutions stay folded when the book's solution cells run, and open when asked for."""

import pytest

from scaling_lib.exercises.core import IncorrectAnswer, NumericQuestion, Solution

Q = NumericQuestion("q1", hints=("6ND",), worked_solution="$C = 6ND$, so **3.15e23** FLOPs.",
                    expected=3.15e23, units="FLOPs")


def test_a_solution_asked_for_shows_open():
    html = Q.solution()._repr_mimebundle_()["text/html"]
    assert '<details class="scaling-solution" open>' in html
    assert "<strong>3.15e23</strong>" in html


def test_a_solution_cell_shows_its_solution_and_verdict_folded(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr("scaling_lib.exercises.core._display", shown.append)
    with Q.solution():
        Q.check(6 * 175e9 * 300e9)
    assert capsys.readouterr().out == "", "the reference verdict leaked out of the fold"
    (sol,) = shown
    bundle = sol._repr_mimebundle_()
    assert '<details class="scaling-solution"><summary' in bundle["text/html"]
    assert "Correct." in bundle["text/html"]
    # the book shows the Markdown form, already inside the exercise's solution dropdown
    assert "Correct." in bundle["text/markdown"] and "6ND" in bundle["text/markdown"]


def test_math_is_left_for_the_front_end_and_html_is_escaped():
    sol = Solution("Here $a_b < c_d$ and <script>.")
    html = sol._repr_mimebundle_()["text/html"]
    assert "$a_b &lt; c_d$" in html
    assert "<script>" not in html


def test_a_wrong_reference_answer_in_strict_mode_fails_visibly(monkeypatch, capsys):
    monkeypatch.setenv("SCALING_STRICT_EXERCISES", "1")
    shown = []
    monkeypatch.setattr("scaling_lib.exercises.core._display", shown.append)
    with pytest.raises(IncorrectAnswer), Q.solution():
        Q.check(2 * 175e9 * 300e9)
    assert "Incorrect" in capsys.readouterr().out
    assert not shown
