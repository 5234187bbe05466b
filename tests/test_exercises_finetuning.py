"""Every chapter-7 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import pytest

from scaling_lib import finetuning as ft
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import finetuning as ex

DT = 1.9e4 * 1e6**0.18 * 1e8**0.38
MULT = 1 + 1.9e4 * 1e8**0.18 * 1e8**0.38 / 1e8
LORA = 8 * (12288 + 12288) * 4 * 96  # rank 8 on W_q, W_k, W_v, W_o in 96 layers


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, DT, [(DT + 1e6) / 1e6, 1.9e4 * 1e6**0.38 * 1e8**0.18, 1.9e4 * 1e6**0.18, DT * 10]),
    (ex.q2, MULT, [MULT - 1, 1 / MULT, MULT * 10]),
    (ex.q3, 4 ** (0.38 / 0.18), [4 ** (0.18 / 0.38), 4.0, 16.0, 4**0.38]),
    (ex.q4, LORA, [LORA / 96, 8 * 12288**2 * 4 * 96, LORA / 4, LORA / 2]),
    (ex.q5, 3**2.5, [3**0.4, 3**0.25, 7.5, 2**2.5]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_lab_checkers_accept_the_library_answer_and_reject_the_classic_slips():
    from scaling_lib.lab import load_sweep

    m = ft.measure_transfer(load_sweep("finetune")).select(
        shared_fraction=0.5, pretrain_tokens=1_000_000, finetune_tokens=100_000)
    dt = float(m.transferred_tokens[0])
    assert_checker(ex.q6, dt, [float(m.effective_tokens[0]), 100_000.0, dt * 2])
    d, loss, e = ft.finetune_curves(load_sweep("finetune"))[(0.5, 250_000)]
    cmp = ft.compare_extrapolation(d, loss, 3, floor=e)
    err = float(cmp.saturating_errors[-1])
    four = float(ft.compare_extrapolation(d, loss, 4, floor=e).saturating_errors[-1])
    assert_checker(ex.q7, err, [-err, float(cmp.power_errors[-1]), err * 10,
                                float(cmp.saturating_errors[0]), four])
    assert "1,000,000" in ex.q7.verdict(four).message


def test_misconception_messages_name_the_slip():
    assert "swapped" in ex.q1.verdict(1.9e4 * 1e6**0.38 * 1e8**0.18).message
    assert "multiplier" in ex.q1.verdict((DT + 1e6) / 1e6).message
    assert "counts the fine-tuning data" in ex.q2.verdict(MULT - 1).message
    assert "rule of thumb" in ex.q3.verdict(16.0).message
    assert "96" in ex.q4.verdict(LORA / 96).message
    assert "log D" in ex.q6.verdict(ex._DE6_LIN - 100_000).message


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


# ---------------------------------------------------------------------------- issue 30 items
def _q(question):
    return question.question() if hasattr(question, "question") else question


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.r1, 2 ** (1 / 0.3), [2**0.3, 2 / 0.3, 2.0, 100.0]),
    (ex.t1, 1 + 1.9e4 * 1e8**0.38 / 1e5**0.82,
     [1.9e4 * 1e5**0.18 * 1e8**0.38, 1 + 1.9e4 * 1e8**0.38 / 1e6**0.82, 10.0]),
    (ex.t3, 64, [32, 128, 8, 0.52]),
])
def test_new_numeric_items_accept_reference_and_reject_wrong_answers(question, reference,
                                                                     wrong):
    assert_checker(question, reference, wrong)


def test_try_this_t2_reads_the_saturation_explorer_at_three_points():
    import numpy as np

    from scaling_lib.lab import load_sweep
    from scaling_lib.widgets import finetuning as explore

    d, loss, e = ft.finetune_curves(load_sweep("finetune"))[(0.75, 250_000)]
    three = ft.compare_extrapolation(d, loss, 3, floor=e)
    four = ft.compare_extrapolation(d, loss, 4, floor=e)
    ref = float(np.mean(np.abs(three.saturating_errors)))
    assert_checker(ex.t2, ref, [float(np.mean(np.abs(three.power_errors))),
                                float(np.mean(np.abs(four.saturating_errors))), ref * 3])
    # the explorer's defaults are the curve the question names, and it offers three points
    w = explore.saturation_explorer()
    assert w.controls["shared_fraction"].value == 0.75
    assert w.controls["pretrain_tokens"].value == 250_000


def test_try_this_t3_is_the_first_rank_above_half_a_percent():
    share = [ft.lora_params(4096, 4096, r, 64) / (12 * 4096**2 * 32) for r in (32, 64)]
    assert share[0] <= 0.005 < share[1]


CHOICES = [ex.r2, ex.p1, ex.p2, ex.q8, ex.q9, ex.q10]


@pytest.mark.parametrize("question", CHOICES, ids=lambda q: q.name)
def test_choice_items_explain_every_wrong_option(question):
    q = _q(question)
    wrong = [k for k in q.options if k != q.correct]
    assert 3 <= len(q.options) <= 4 and set(q.why_wrong) == set(wrong)
    assert_checker(question, q.correct, wrong)
    for k in wrong:
        message = question.verdict(k).message
        assert message == q.why_wrong[k] and len(message) > 40, (q.name, k)


@pytest.mark.parametrize("question", ex.QUESTIONS, ids=lambda q: q.name)
def test_every_item_has_a_hint_ladder(question):
    q = _q(question)
    assert len(q.hints) == 2 and "?" in q.hints[0], q.name  # the idea first, then the formula


def test_choice_options_in_the_notebook_are_the_checkers_options():
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parent.parent / "book" / "07_finetuning.ipynb")
                    .read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for question in CHOICES:
        assert ex._options_markdown(question) in text, question.name


def test_p1_rests_on_what_the_lab_shows():
    # p1's correct option: the measured loss at 1M tokens is below the saturating floor
    from scaling_lib.lab import load_sweep

    for key, (d, loss, e) in ft.finetune_curves(load_sweep("finetune")).items():
        cmp = ft.compare_extrapolation(d, loss, 4, floor=e)
        assert loss[-1] < cmp.saturating.floor, key
