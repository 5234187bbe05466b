"""Every chapter-7 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import pytest

from scaling_lib import finetuning as ft
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import finetuning as ex

DT = 1.9e4 * 1e6**0.18 * 1e8**0.38
MULT = 1 + 1.9e4 * 1e8**0.18 * 1e8**0.38 / 1e8
LORA = 4 * (12288 + 12288) * 2 * 96


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, DT, [(DT + 1e6) / 1e6, 1.9e4 * 1e6**0.38 * 1e8**0.18, 1.9e4 * 1e6**0.18, DT * 10]),
    (ex.q2, MULT, [MULT - 1, 1 / MULT, MULT * 10]),
    (ex.q3, 3 ** (0.38 / 0.18), [3 ** (0.18 / 0.38), 3.0, 9.0, 3**0.38]),
    (ex.q4, LORA, [LORA / 96, 4 * 12288**2 * 2 * 96, LORA / 2]),
    (ex.q5, 2**2.5, [2**0.4, 2**0.25, 5.0]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_lab_checkers_accept_the_library_answer_and_reject_the_classic_slips():
    from scaling_lib.lab import load_sweep

    m = ft.measure_transfer(load_sweep("finetune")).select(
        shared_fraction=0.75, pretrain_tokens=250_000, finetune_tokens=30_000)
    dt = float(m.transferred_tokens[0])
    assert_checker(ex.q6, dt, [float(m.effective_tokens[0]), 30_000.0, dt * 2])
    d, loss, e = ft.finetune_curves(load_sweep("finetune"))[(0.5, 250_000)]
    cmp = ft.compare_extrapolation(d, loss, 4, floor=e)
    err = float(cmp.saturating_errors[0])
    assert_checker(ex.q7, err, [-err, float(cmp.power_errors[0]), err * 10])


def test_misconception_messages_name_the_slip():
    assert "swapped" in ex.q1.verdict(1.9e4 * 1e6**0.38 * 1e8**0.18).message
    assert "multiplier" in ex.q1.verdict((DT + 1e6) / 1e6).message
    assert "counts the fine-tuning data" in ex.q2.verdict(MULT - 1).message
    assert "rule of thumb" in ex.q3.verdict(9.0).message
    assert "96" in ex.q4.verdict(LORA / 96).message
    assert "log D" in ex.q6.verdict(ex._DE6_LIN - 30_000).message


def test_q1_rejects_the_effective_data_with_its_own_message():
    """D_E = D_T + D_F is 0.4% from D_T: the tolerance must not swallow it (issue 28, item 4)."""
    de = DT + 1e6
    assert abs(de / DT - 1) < 0.005
    for answer in (de, float(f"{de:.4g}"), float(f"{de:.3g}")):
        v = ex.q1.verdict(answer)
        assert v.status == "incorrect" and "D_E" in v.message, (answer, v)
    for answer in (DT, float(f"{DT:.4g}"), DT * 1.0009, DT * 0.9991):
        assert ex.q1.verdict(answer).status == "correct", answer
    v = ex.q1.verdict(float(f"{DT:.2g}"))
    assert v.status == "incorrect" and "four significant figures" in v.message


def test_every_question_has_hints_and_a_worked_solution():
    assert len(ex.QUESTIONS) >= 5
    for q in ex.QUESTIONS:
        assert len(q.hints) >= 2 and q.worked_solution
