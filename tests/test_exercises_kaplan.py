"""Every chapter-1 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import math

import pytest

from scaling_lib import laws
from scaling_lib import power_laws as pl
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import kaplan as ex
from scaling_lib.widgets.kaplan import lab_points

X, L, E = lab_points("n_sweep")
# q3: the second-smallest and the largest run
ALPHA = -math.log((L[-1] - E) / (L[1] - E)) / math.log(X[-1] / X[1])
ALPHA0 = -math.log((L[-1] - E) / (L[0] - E)) / math.log(X[-1] / X[0])  # the smallest run
# q6: the three smallest runs fitted, the second-largest predicted
FIT3 = pl.extrapolate(X, L, 3, floor=E)
PRED = float(FIT3.predicted[-2])
PRED4 = float(pl.extrapolate(X, L, 4, floor=E).predicted[-2])  # the page's worked example


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, 8**-0.076, [1 - 8**-0.076, 8**0.076, 1 / 8, 2**-0.076, 3 * 2**-0.076,
                        8**-0.095, 10**-0.076]),
    (ex.q2, 0.92 ** (-1 / 0.095), [0.92 ** (-1 / 0.05), 1.08 ** (1 / 0.095), 0.08 / 0.095,
                                   0.9 ** (-1 / 0.095), 0.92 ** (-1 / 0.076)]),
    (ex.q3, ALPHA, [-math.log(L[-1] / L[1]) / math.log(X[-1] / X[1]), -ALPHA, ALPHA / 2,
                    ALPHA0]),
    (ex.q4, 5e3 * 1e10**0.74, [2e11, 5e13, 1e10**0.74, 5e3 * 1e9**0.74, 5e3 * 1e10**0.076]),
    (ex.q5, 3.1e8 * 2.0**-20, [3.1e8 * 2.0**-20 * 8.64e19, 1.6e7 * 2 ** (-1 / 0.057),
                                3.1e8 * 2**0.05]),
    (ex.q6, PRED, [float(L[-2]), PRED - E, float(pl.extrapolate(X, L, 3).predicted[-2]),
                   PRED4, float(FIT3.predicted[-1])]),
    (ex.q7, "tokens", ["params", "data", 3]),
])
def test_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "fractional reduction" in ex.q1.verdict(1 - 8**-0.076).message
    assert "one doubling" in ex.q1.verdict(2**-0.076).message
    assert "compute exponent" in ex.q2.verdict(0.92 ** (-1 / 0.05)).message
    assert "entropy" in ex.q3.verdict(-math.log(L[-1] / L[1]) / math.log(X[-1] / X[1])).message
    assert "second-smallest" in ex.q3.verdict(ALPHA0).message
    assert "Chinchilla" in ex.q4.verdict(2e11).message
    assert "page's example" in ex.q4.verdict(5e3 * 1e9**0.74).message
    assert "FLOPs" in ex.q5.verdict(3.1e8 * 2.0**-20 * 8.64e19).message
    assert "measured" in ex.q6.verdict(float(L[-2])).message
    assert "largest run" in ex.q6.verdict(float(FIT3.predicted[-1])).message
    assert "four smallest" in ex.q6.verdict(PRED4).message


def test_q5_reference_is_the_compute_law_inverse():
    assert ex.q5.expected == pytest.approx(laws.KAPLAN_COMPUTE_LAW.inverse(2.0))


def test_every_question_has_hints_and_a_worked_solution():
    for q in ex.QUESTIONS:
        assert len(q.hints) >= 2 and q.worked_solution, q.name


# ---- issue 30: predictions, Try-this items, a critique and an explanation

@pytest.mark.parametrize("question,correct", [
    (ex.p1, "b"), (ex.p2, "b"), (ex.p3, "b"), (ex.q8, "b"), (ex.q9, "c")])
def test_choice_items_accept_the_right_option_and_explain_every_wrong_one(question, correct):
    wrong = [k for k in question.options if k != correct]
    assert_checker(question, correct, wrong + ["e", 1])
    for k in wrong:
        message = question.verdict(k).message
        assert message and message != "that option is not right.", (question.name, k)
    assert question.kind in {"predict", "critique", "explain"}


def test_prediction_answers_follow_from_the_numbers():
    law = laws.KAPLAN_PARAMS_LAW
    assert law.loss(1e8) - law.loss(2e8) > 1.5 * (law.loss(1e11) - law.loss(2e11))  # p1
    from scaling_lib.fitting import fit_power_law
    ratio = pl.floor_crossing(fit_power_law(X, L), E) / X[-1]
    assert 1 < ratio < 10  # p2: the pure law meets the entropy within a few times the sweep
    j = laws.KAPLAN_JOINT_LAW
    assert j.loss(1e9, 1e10) - j.loss(1e11, 1e10) < 0.5 * (j.loss(1e9, 1e30)
                                                           - j.loss(1e11, 1e30))  # p3


def test_try_this_answers_are_positions_of_the_explorers_main_controls():
    from scaling_lib.widgets import kaplan as explore
    assert 1.5 in explore.loglog_explorer().positions
    assert list(explore.joint_law_explorer().positions) == list(ex._T2_GRID)
    assert list(explore.extrapolation_explorer().positions) == list(ex._T3_SETTINGS)


def test_t1_decade_where_the_pure_law_meets_a_floor_of_one_and_a_half():
    cross = laws.KAPLAN_PARAMS_LAW.scale / 1.5 ** (1 / 0.076)
    assert 1e11 < cross < 1e12
    assert_checker(ex.t1, 11, [12, 10, 13, cross, 11.5])
    assert "whole number" in ex.t1.verdict(cross).message or "power of ten" in \
        ex.t1.verdict(cross).message


def test_t2_smallest_slider_tokens_meeting_the_overfitting_condition():
    assert 2e10 < 5e3 * 1e9**0.74 <= 5e10
    assert_checker(ex.t2, 5e10, [2e10, 5e3 * 1e9**0.74, 50, 1e11, 1e10])
    assert "Eq. 4.4" in ex.t2.verdict(2e10).message


def test_t3_the_interval_never_covers_the_largest_run():
    covered = [bool(pl.extrapolate(X, L, n, floor=E, level=0.8, n_boot=400).covered[-1])
               for n in range(3, 8)]
    assert not any(covered)
    assert ex.t3.expected == sum(not c for c in covered) == 5
    assert_checker(ex.t3, 5, [0, 1, 2, 3])


def test_every_item_declares_its_kind_and_objectives():
    qs = [q.question() if hasattr(q, "question") else q for q in ex.QUESTIONS]
    assert {o for q in qs for o in q.objectives} == {1, 2, 3, 4, 5, 6}
    assert ex.q3.kind == "complete"


# ---- issue 31: "Why power laws?" — the prediction from the Zipf exponent

def test_p4_the_zipf_tail_predicts_s_minus_one_and_its_ratio_to_s():
    from scaling_lib.lab.language import LanguageConfig

    s = LanguageConfig().zipf_exponent
    assert (ex._P4_ALPHA, ex._P4_BETA) == pytest.approx((s - 1, (s - 1) / s))
    assert_checker(ex.p4, "a", ["b", "c", "d", "e", 0.5])
    for k in "bcd":
        message = ex.p4.verdict(k).message
        assert message and message != "that option is not right.", k
    assert ex.p4.kind == "predict" and tuple(ex.p4.objectives) == (6,)
