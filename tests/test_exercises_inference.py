"""Every chapter-5 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import pytest

from scaling_lib import compute, laws
from scaling_lib import inference as inf
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import inference as ex

H = laws.HOFFMANN_2022
LIFE1 = 6 * 7e9 * 2e12 + 2 * 7e9 * 5e12
T2 = 3 * (7e9 * 700e9 - 13e9 * 260e9) / (13e9 - 7e9)
D3 = float(inf.tokens_for_loss(H, 30e9, H.loss(70e9, 1.4e12)))
N4 = inf.inference_optimal(H, float(inf.chinchilla_loss_for_params(H, 30e9)), 5e12).params


def _tco(inference_mfu=0.1):
    train = compute.training_cost_dollars(6 * 8e9 * 15e12, compute.H100, 0.4, 2.0)
    serve = compute.training_cost_dollars(2 * 8e9 * 1e10 * 730, compute.H100, inference_mfu, 2.5)
    return train, serve


TRAIN5, SERVE5 = _tco()


def _day6(serve_mfu=0.1):
    dollars_per_flop = 2.0 / (989e12 * 3600)
    extra = 6 * (35e9 * 3.5e12 - 70e9 * 1.4e12) * dollars_per_flop / 0.4
    saving = 2 * (70e9 - 35e9) * 4e9 * dollars_per_flop / serve_mfu
    return extra / saving


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, LIFE1, [6 * 7e9 * 2e12, 6 * 7e9 * 7e12, 2 * 7e9 * 7e12, LIFE1 / 10]),
    (ex.q2, T2, [T2 / 3, 3 * (7e9 * 700e9 - 13e9 * 260e9) / 13e9, T2 * 2, T2 / 1e9]),
    (ex.q3, D3, [70 * 1.4e12 / 30, 1.4e12, D3 * 2, D3 / 1e9]),
    (ex.q4, N4, [30e9, ex._OPT4_BES.params, ex._OPT4.tokens, N4 / 1e9, N4 * 2]),
    (ex.q5, TRAIN5 + SERVE5, [TRAIN5, SERVE5, sum(_tco(0.4)), (TRAIN5 + SERVE5) * 10]),
    (ex.q6, _day6(), [_day6(0.4), _day6() * 24, _day6() / 2]),
    (ex.q7, ex._T7, [ex._D7, ex._T7 / 3, ex._T7 * 10]),
    (ex.r1, 6e21, [1.8e22, 3e21, 1.2e22, 6e20]),
    (ex.r2, (1.2e23 / 120) ** 0.5, [(1.2e23 / 6) ** 0.5, 1e21, (1.2e23 / 20) ** 0.5,
                                    20 * (1.2e23 / 120) ** 0.5, 7e10]),
    (ex.t1, 3e13, [1e13, 1e14, 3e12, 2e12]),
    (ex.t2, 3e7, [1e7, 1e8, 3e6]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "training compute only" in ex.q1.verdict(6 * 7e9 * 2e12).message
    assert "factor 3" in ex.q2.verdict(T2 / 3).message
    assert "compute equal" in ex.q3.verdict(70 * 1.4e12 / 30).message
    assert "Chinchilla-optimal" in ex.q4.verdict(30e9).message
    assert "forward pass" in ex.r1.verdict(1.8e22).message
    assert "square root" in ex.r2.verdict(1e21).message
    assert "one step further" in ex.t1.verdict(1e13).message
    assert "one step further" in ex.t2.verdict(1e7).message
    assert "MFU" in ex.q5.verdict(sum(_tco(0.4))).message
    assert "MFU" in ex.q6.verdict(_day6(0.4)).message


def test_every_question_has_hints_and_a_worked_solution():
    for q in ex.QUESTIONS:
        assert len(q.hints) >= 2 and q.worked_solution, q.name


def test_q2_starter_with_only_the_given_first_step_is_not_attempted():
    assert ex.q2.verdict(...).status == "unattempted"
    extra = 6 * (7e9 * 700e9 - 13e9 * 260e9)
    assert ex.q2.verdict(extra / (2 * (13e9 - 7e9))).status == "correct"
    assert ex.q2.verdict(extra / (13e9 - 7e9)).status == "incorrect"


@pytest.mark.parametrize("question,correct", [
    (ex.p1, "b"), (ex.p2, "b"), (ex.q8, "b"), (ex.q9, "c"), (ex.q10, "c")])
def test_choice_checkers_explain_every_wrong_option(question, correct):
    wrong = [k for k in question.options if k != correct]
    assert_checker(question, correct, [*wrong, "e", 2])
    for key in wrong:
        assert len(question.why_wrong[key]) > 40, key
        assert question.verdict(key).message == question.why_wrong[key]


def test_try_this_answers_are_positions_of_the_explorers_main_controls():
    from scaling_lib.widgets import inference as w

    demand = w.inference_demand_explorer().positions
    traffic = w.cost_of_ownership_explorer().positions
    assert [float(p) for p in demand] == list(ex._GRID_T1)
    assert [float(p) for p in traffic] == list(ex._GRID_T2)
    assert ex.t1.expected in ex._GRID_T1 and ex.t2.expected in ex._GRID_T2


def test_every_item_declares_kind_and_objectives():
    for q in ex.QUESTIONS:
        assert q.objectives, q.name
    kinds = [q.kind for q in ex.QUESTIONS if q.kind != "recall"]
    assert 3 * sum(k in {"predict", "explain", "critique"} for k in kinds) >= len(kinds)
