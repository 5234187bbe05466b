"""Every chapter-8 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import re

import pytest

from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import hyperparameters as ex

LR = 0.3118 * 1e21**-0.125
B_TOKENS = 0.2920 * 1e21**0.3271


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, LR, [0.3118 * 1e21**0.125, 0.3118, LR * 10, LR / 2, B_TOKENS]),
    (ex.q2, B_TOKENS / 4096, [B_TOKENS, B_TOKENS / 4096 * 2, 0.2920 * 1e21**-0.3271 / 4096]),
    (ex.q3, 2500, [500, 1000, 4000, 2000, 5e9, 10_000]),
    (ex.q4, 0.00125, [0.01, 0.08, 0.01 / 8**0.5, 0.0125]),
    (ex.q5, 9 / 21, [0.2, 6 / 21, 1.0, 0.5]),
    (ex.q6, 0.05, [0.1, 0.2, 0.0707, 0.025]),
])
def test_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "negative" in ex.q1.verdict(0.3118 * 1e21**0.125).message
    assert "tokens" in ex.q2.verdict(B_TOKENS).message
    assert "B_crit" in ex.q3.verdict(1000).message
    assert "width multiplier" in ex.q4.verdict(0.01).message
    assert "trunk" in ex.q5.verdict(0.2).message
    assert "smaller λ" in ex.q6.verdict(0.2).message


def test_swapped_ratio_in_q3_gets_its_own_message():
    # learner review L3: S_min·(1 + 4), the ratio B/B_crit upside down
    verdict = ex.q3.verdict(10_000)
    assert verdict.status == "incorrect"
    assert "upside down" in verdict.message and "B_crit/B" in verdict.message


@pytest.mark.parametrize("question", ex.QUESTIONS, ids=lambda q: q.name)
def test_worked_solutions_write_numbers_in_math_as_latex(question):
    # learner review M11: no Python e-notation and no bare thousands commas inside $...$
    for math in re.findall(r"\$([^$]*)\$", question.worked_solution):
        assert not re.search(r"\de[+-−]?\d", math), math
        assert not re.search(r"\d,\d", math), math
