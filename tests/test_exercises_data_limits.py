"""Every chapter-3 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import math

import pytest

from scaling_lib import data_limits as dl
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import data_limits as ex

D1 = math.sqrt(20 * 1e28 / 6)
D2 = 100e9 * (1 + 15.4 * (1 - math.exp(-3 / 15.4)))
E3 = 1 + 6 * math.log(2)
E3_PAGE = 1 + 15.4 * math.log(2)
A4 = dl.constrained_optimum(1e23, 30e9)
A4_PAGE = dl.constrained_optimum(1e23, 100e9)  # the example the text works


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, D1, [math.sqrt(1e28 / 6), D1 / 20, D1 * 2, D1 / 10]),
    (ex.q2, D2, [400e9, 100e9, 100e9 * (1 + 15.4 * (1 - math.exp(-4 / 15.4))), D2 / 10]),
    (ex.q3, E3, [6 * math.log(2), 6.0, 7.0, E3 * 2, E3_PAGE]),
    (ex.q4, A4.epochs, [A4.unconstrained_epochs, 1.0, 4.0, A4.epochs * 2, A4_PAGE.epochs]),
    (ex.q5, dl.compute_equivalent(A4.loss) / 1e23,
     [1.0, 1e23 / dl.compute_equivalent(A4.loss), float(dl.effective_data_fraction(A4.epochs)),
      dl.compute_equivalent(A4_PAGE.loss) / 1e23]),
    (ex.r1, 2e10, [6e10, 1.2e11, 7.2e11, 2e9, 2e11]),
    (ex.t1, 15, [10, 20, 4, 7, 30]),
    (ex.t2, 1e12, [5e11, 1e11, 2e12, 2e11]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "fresh" in ex.q2.verdict(400e9).message
    assert "worthless" in ex.q2.verdict(100e9).message
    assert "repetitions" in ex.q3.verdict(6 * math.log(2)).message
    assert "text's example" in ex.q3.verdict(E3_PAGE).message
    assert "uncapped" in ex.q4.verdict(A4.unconstrained_epochs).message
    assert "page's example" in ex.q4.verdict(A4_PAGE.epochs).message
    assert "forward pass only" in ex.r1.verdict(6e10).message
    assert "penalty" in ex.t2.verdict(5e11).message


CHOICES = [(ex.r2, "b"), (ex.p1, "c"), (ex.p2, "b"), (ex.q7, "a"), (ex.q8, "b"), (ex.q9, "a")]


@pytest.mark.parametrize("question,key", CHOICES, ids=lambda x: getattr(x, "name", x))
def test_choice_checkers_accept_their_key_and_explain_every_wrong_option(question, key):
    wrong = [k for k in question.options if k != key]
    assert_checker(question, key, wrong + ["e", 3])
    assert 3 <= len(question.options) <= 4
    for k in wrong:
        message = question.verdict(k).message
        assert k in question.why_wrong and len(message) > 40, (question.name, k)


def test_try_this_answers_follow_the_explorers_positions():
    from scaling_lib.widgets import data_limits as w
    from scaling_lib.widgets.core import frame_positions

    eff = w.effective_data_explorer()
    assert tuple(frame_positions(eff.controls["epochs"])) == ex.T1_POSITIONS
    cap = w.constrained_allocation_explorer()
    assert tuple(frame_positions(cap.controls["unique_tokens"])) == ex.T2_POSITIONS
    kept = [float(dl.effective_data_fraction(e)) for e in ex.T1_POSITIONS]
    first = next(e for e, k in zip(ex.T1_POSITIONS, kept, strict=True) if k < 0.7)
    assert ex.t1.verdict(first).status == "correct"
    # one step earlier the pool still keeps more than 70%
    assert kept[ex.T1_POSITIONS.index(first) - 1] >= 0.7


def test_hints_are_a_ladder_and_every_item_declares_kind_and_objectives():
    import re

    for q in ex.RECALL + ex.PREDICTIONS + ex.TRY_THIS + ex.QUESTIONS:
        assert len(q.hints) >= 2 and q.worked_solution, q.name
        assert q.kind and q.objectives, q.name
    # the old hints substituted the numbers ("U_D = 100e9 and R_D* = 15.4", "R_D = 4 − 1 = 3")
    for q in (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5):
        assert not re.search(r"\de\d|= \d+ − 1|R_D\* = \d", " ".join(q.hints)), q.name


def _good(unique_tokens, epochs, r_star):
    return unique_tokens * (1 + r_star * (1 - math.exp(-(epochs - 1) / r_star)))


def _epochs_as_repeats(unique_tokens, epochs, r_star):
    return unique_tokens * (1 + r_star * (1 - math.exp(-epochs / r_star)))


def _free(unique_tokens, epochs, r_star):
    return unique_tokens * epochs


def _fraction(unique_tokens, epochs, r_star):
    return 1 + r_star * (1 - math.exp(-(epochs - 1) / r_star))


def _stub(unique_tokens, epochs, r_star):
    ...


def test_function_checker_accepts_a_correct_function_and_rejects_wrong_ones():
    assert_checker(ex.q6, _good, [_epochs_as_repeats, _free, _fraction], blank=_stub)


def test_every_question_has_hints_and_a_worked_solution():
    for q in ex.QUESTIONS:
        assert len(q.hints) >= 2 and q.worked_solution
