"""Every chapter-4 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import math

import numpy as np
import pytest

from scaling_lib import emergence as em
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import emergence as ex

P3 = ex.Q3_TOKEN_ACC
E3 = P3**ex.Q3_ANSWER_TOKENS


def _b(y):
    y = np.asarray(y)
    return np.ptp(y) / math.sqrt(np.median(np.diff(y) ** 2))


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, 0.9**10, [0.9, 1 - 0.9**10, 0.9**11, 0.9**10 / 2, 0.09]),
    (ex.q2, 6, [7, math.log(2) / 0.1, 69, 3]),
    (ex.q3, (_b(P3), _b(E3)), [(_b(E3), _b(P3)), (_b(P3), _b(P3)), (_b(P3), 2 * _b(E3)), 5.0]),
    (ex.q4, 459, [100, 458.21, 300, 299, 1, 4590, 46]),
    (ex.r1, 4, [2, 2**0.5, 0.5, 8]),
    (ex.r2, 1.2e20, [4e19, 2e19, 8e19, 1.2e19, 1.2e21]),
    (ex.t2, 5000, [2000, 1_000_000, 10_000, 500, 100]),
    (ex.q5, 6.25, [2.5, math.sqrt(2.5), 2.5**3, 25, 62.5]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "per-token" in ex.q1.verdict(0.9).message
    assert "round down" in ex.q2.verdict(7).message
    assert "swapped" in ex.q3.verdict((_b(E3), _b(P3))).message
    assert "rule of three" in ex.q4.verdict(300).message
    assert "round up" in ex.q4.verdict(math.log(0.01) / math.log(0.99)).message
    assert "95%" in ex.q4.verdict(299).message
    assert "forward pass only" in ex.r2.verdict(4e19).message
    assert "2^α" in ex.r1.verdict(2**0.5).message
    assert "one step further" in ex.t2.verdict(2000).message
    assert "2.5^(1/α)" in ex.q5.verdict(2.5).message


def _good(accuracy, confidence):
    return math.ceil(math.log(1 - confidence) / math.log(1 - accuracy))


def _no_ceiling(accuracy, confidence):
    return math.log(1 - confidence) / math.log(1 - accuracy)


def _rule_of_three(accuracy, confidence):
    return 3 / accuracy


def _one_over_q(accuracy, confidence):
    return math.ceil(1 / accuracy)


def _stub(accuracy, confidence):
    ...


def test_function_checker_accepts_a_correct_function_and_rejects_wrong_ones():
    assert_checker(ex.q6, _good, [_no_ceiling, _rule_of_three, _one_over_q], blank=_stub)
    assert _good(0.01, 0.95) == em.problems_to_detect(0.01, 0.95)


def test_every_question_has_hints_and_a_worked_solution():
    assert len(ex.QUESTIONS) >= 5
    for q in ex.QUESTIONS:
        assert len(q.hints) >= 2 and q.worked_solution, q.name


def test_q1_names_the_linear_approximation_however_it_is_computed():
    """1 − k(1 − p) = 1 − 10 × 0.1 is 0 by hand and 2.2e-16 in floating point."""
    for linear in (0, 0.0, 1 - 10 * (1 - 0.9), 1 - 10 * 0.1):
        v = ex.q1.verdict(linear)
        assert v.status == "incorrect", linear
        assert "first-order approximation" in v.message, (linear, v.message)
    assert ex.q1.verdict(0.9**10).status == "correct"


@pytest.mark.parametrize("question,correct", [
    (ex.p1, "b"), (ex.p2, "b"), (ex.t1, "b"), (ex.q7, "b"), (ex.q8, "a")])
def test_choice_checkers_explain_every_wrong_option(question, correct):
    wrong = [k for k in question.options if k != correct]
    assert_checker(question, correct, [*wrong, "e", 2])
    for key in wrong:
        why = question.why_wrong[key]
        assert len(why) > 40 and question.verdict(key).message.rstrip(".") in why + ".", key
    assert question.verdict(correct.upper()).status == "correct"


def test_t2_is_read_off_the_explorer_title():
    """The answer is the first slider position whose title counts at most 4 zeros."""
    from scaling_lib.widgets import emergence as w

    positions = w.resolution_explorer().positions  # the main control's positions
    assert [float(p) for p in positions] == [float(p) for p in ex._T2_GRID]
    assert ex._zeros_seen(5000) == 4 and ex._zeros_seen(2000) == 5


def test_every_item_declares_kind_and_objectives():
    for q in ex.QUESTIONS:
        assert q.objectives, q.name
    kinds = [q.kind for q in ex.QUESTIONS if q.kind != "recall"]
    assert 3 * sum(k in {"predict", "explain", "critique"} for k in kinds) >= len(kinds)
