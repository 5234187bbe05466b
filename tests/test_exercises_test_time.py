"""Every chapter-6 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import math

import numpy as np
import pytest

from scaling_lib import test_time as tt
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import test_time as ex

PASS6 = 1 - math.comb(21, 6) / math.comb(25, 6)
K_MATCH = 8587 / 1083 + 3 * 150_000 * (8587 - 1083) / (1000 * 7 * 1083)


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, PASS6, [1 - 0.84**6, 0.16, 0.96, PASS6 / 2, 1 - math.comb(17, 5) / math.comb(20, 5)]),
    (ex.r1, 1e12, [3e12, 5e11, 2e9, 1e13]),
    (ex.r2, 0.9**8, [0.9, 0.2, 1 - 0.9**8, 0.9**7, 0.9**9]),
    (ex.t1, 1.5, [1.0, 2.0, 0.3, 5.0]),
    (ex.t3, 1e4, [3e3, 3e4, 1e10, 100]),
    (ex.q2, 175, [11, 10.3, 1750, 17.5, 174, 176, 174.6]),
    (ex.q3, tt.majority_vote_accuracy([0.4, 0.3, 0.1, 0.1, 0.1], 9),
     [1 - 0.6**9, 0.4, tt.majority_vote_accuracy([0.4, 0.3, 0.1, 0.1, 0.1], 9, ties="strict")]),
    (ex.q4, K_MATCH, [8587 / 1083, K_MATCH / 3, K_MATCH * 10, K_MATCH * 1.2]),
    (ex.q5, 6, [5, 9, 4, 1]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "plug-in" in ex.q1.verdict(1 - 0.84**6).message
    assert "forward pass" in ex.r1.verdict(3e12).message
    assert "first-order" in ex.r2.verdict(0.2).message
    assert "one step further" in ex.t1.verdict(1.0).message
    assert "one step further" in ex.t3.verdict(3e3).message
    assert "mean success rate" in ex.q2.verdict(11).message
    assert "pass@9" in ex.q3.verdict(1 - 0.6**9).message
    assert "inference FLOPs only" in ex.q4.verdict(8587 / 1083).message
    assert "even split" in ex.q5.verdict(5).message


def _good(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))


def _plugin(n, c, k):
    return 1.0 - (1.0 - c / n) ** k


def _off_by_one(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - np.prod(1.0 - k / np.arange(n - c, n))


def _pass_at_1(n, c, k):
    return c / n


def _no_return(n, c, k):
    1.0 - math.comb(n - c, k) / math.comb(n, k)


def _stub(n, c, k):
    ...


def test_function_checker_accepts_a_correct_estimator_and_rejects_wrong_ones():
    assert_checker(ex.q6, _good, [_plugin, _off_by_one, _pass_at_1, _no_return], blank=_stub)


def test_every_question_has_hints_and_a_worked_solution():
    for q in ex.QUESTIONS:
        assert len(q.hints) >= 2 and q.worked_solution, q.name


def test_q2_wants_exactly_the_smallest_whole_number_and_does_not_give_it_away():
    """174 samples reach a coverage just under 0.9, 175 reach it: only 175 passes."""
    assert float(tt.beta_coverage(0.5, 2.0, 174)) < 0.9 <= float(tt.beta_coverage(0.5, 2.0, 175))
    assert ex.q2.verdict(175).status == "correct"
    assert ex.q2.verdict(175.0).status == "correct"
    for near in (174, 176, 174.6, 175.4):
        v = ex.q2.verdict(near)
        assert v.status == "incorrect", near
        assert "175" not in v.message.replace(f"{near:g}", ""), v.message


@pytest.mark.parametrize("question,correct", [
    (ex.p1, "b"), (ex.p2, "b"), (ex.p3, "b"), (ex.t2, "b"), (ex.q7, "b")])
def test_choice_checkers_explain_every_wrong_option(question, correct):
    wrong = [k for k in question.options if k != correct]
    assert_checker(question, correct, [*wrong, "e", 2])
    for key in wrong:
        assert len(question.why_wrong[key]) > 40, key
        assert question.verdict(key).message == question.why_wrong[key]


def test_try_this_answers_are_positions_of_the_explorers_main_controls():
    from scaling_lib.widgets import test_time as w

    assert [float(p) for p in w.coverage_explorer().positions] == list(ex._GRID_T1)
    from scaling_lib.lab.task import load_task_sweep

    curves = tt.sampling_curves(load_task_sweep("sampling"), n_trials=1)
    queries = w.compute_matched_explorer(curves).positions
    assert [float(p) for p in queries] == list(ex._GRID_T3)
    assert ex.t3.expected in ex._GRID_T3


def test_t2_vote_changes_direction_where_the_top_wrong_answer_ties():
    from scaling_lib.widgets import test_time as w

    def vote(top_wrong, n=64):
        return tt.majority_vote_accuracy(w.selection_answer_probs(0.3, top_wrong, 8), n)
    assert vote(0.25) > vote(0.25, 8) > 0.3  # climbs
    assert vote(0.35) < vote(0.35, 8) and vote(0.4) < 0.3  # turns down at large N
    assert abs(vote(0.30) - 0.5) < 0.01  # a tie: a coin flip


def test_every_item_declares_kind_and_objectives():
    from scaling_lib.exercises.core import DeferredQuestion

    items = [q.question() if isinstance(q, DeferredQuestion) else q for q in ex.QUESTIONS]
    for q in items:
        assert q.objectives, q.name
    kinds = [q.kind for q in items if q.kind != "recall"]
    assert 3 * sum(k in {"predict", "explain", "critique"} for k in kinds) >= len(kinds)
