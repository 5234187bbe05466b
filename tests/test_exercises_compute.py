"""Every chapter-0 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import pytest

from scaling_lib import compute
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import compute as ex

C1 = 6 * 30e9 * 600e9
DAYS = 6 * 34e9 * 2e12 / (512 * 312e12 * 0.45) / 86400
MFU4 = 6 * 7e9 * 4000 / 312e12


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, C1, [C1 / 3, C1 * 2, C1 / 10, 6 * 30 * 600, C1 / 1e15, 6 * 175e9 * 300e9]),
    (ex.q2, 3.14e23 / 8.64e19, [3.14e23 / 1e15, 3.14e23 / 3.6e18, 3.14e23 / 8.64e20]),
    (ex.q3, DAYS, [DAYS * 0.45, DAYS / 2, DAYS * 512, DAYS * 24,
                   6 * 70e9 * 1.4e12 / (1024 * 989e12 * 0.4) / 86400]),
    (ex.q4, MFU4, [MFU4 / 3, 100 * MFU4, 6 * 7e9 * 4000 / 989e12, 6 * 65.2e9 * 380 / 312e12]),
    (ex.q5, 2 * 70e9 * 1e6 / (989e12 * 0.1) / 3600 * 2.5,
     [6 * 70e9 * 1e6 / (989e12 * 0.1) / 3600 * 2.5, 2 * 70e9 * 1e6 / 989e12 / 3600 * 2.5, 98.3]),
    (ex.q6, 4500.0, [1500.0, 4500.0 / 365, 45e12]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "forward" in ex.q1.verdict(C1 / 3).message
    assert "MFU" in ex.q3.verdict(DAYS * 0.45).message
    assert "sparse" in ex.q3.verdict(DAYS / 2).message
    assert "GPU-days" in ex.q3.verdict(DAYS * 512).message
    assert "inference" in ex.q4.verdict(MFU4 / 3).message


def _good(params, tokens, n_gpus, peak_flops_per_second, mfu):
    return compute.wall_clock_days(compute.training_flops(params, tokens), peak_flops_per_second,
                                   mfu, n_gpus)


def _forgot_mfu(params, tokens, n_gpus, peak_flops_per_second, mfu):
    return 6 * params * tokens / (n_gpus * peak_flops_per_second) / 86400


def _gpu_days(params, tokens, n_gpus, peak_flops_per_second, mfu):
    return 6 * params * tokens / (peak_flops_per_second * mfu) / 86400


def _seconds(params, tokens, n_gpus, peak_flops_per_second, mfu):
    return 6 * params * tokens / (n_gpus * peak_flops_per_second * mfu)


def _stub(params, tokens, n_gpus, peak_flops_per_second, mfu):
    ...


def test_function_checker_accepts_a_correct_function_and_rejects_wrong_ones():
    assert_checker(ex.q7, _good, [_forgot_mfu, _gpu_days, _seconds], blank=_stub)


def test_every_question_has_hints_and_a_worked_solution():
    for q in ex.QUESTIONS:
        assert q.hints and q.worked_solution, q.name


Q8 = 2 * 8e9 + 4 * 32 * 16_384 * 4096  # a token attending to a full 16,384-token context


def test_long_context_token_counts_full_attention_not_kaplans_causal_average():
    # issue 28 / review ch10-05-07 E6: 4·n_layer·n_ctx·d for a token attending to all of n_ctx
    causal = 2 * 8e9 + 2 * 32 * 16_384 * 4096
    assert_checker(ex.q8, Q8, [causal, 2 * 8e9, Q8 - 2 * 8e9, 6 * 8e9 + Q8 - 2 * 8e9, Q8 * 2,
                               Q8 / 10])
    assert "causal" in ex.q8.verdict(causal).message
    assert "weights" in ex.q8.verdict(2 * 8e9).message


# ---- issue 30: predictions, Try-this items and critiques

@pytest.mark.parametrize("question,correct", [
    (ex.p1, "b"), (ex.p2, "b"), (ex.q9, "b"), (ex.q10, "b"), (ex.q11, "b")])
def test_choice_items_accept_the_right_option_and_explain_every_wrong_one(question, correct):
    wrong = [k for k in question.options if k != correct]
    assert_checker(question, correct, wrong + ["e", 1])
    for k in wrong:
        message = question.verdict(k).message
        assert message and message != "that option is not right.", (question.name, k)
    assert question.kind in {"predict", "critique", "explain"}


def test_p1_is_llama_65bs_share_of_the_a100_peak():
    mfu = 6 * 65.2e9 * 380 / 312e12
    assert 0.3 < mfu < 0.7 and ex.p1.correct == "b"


def test_p2_embedding_shares_of_gpt3_small_and_175b():
    assert 0.2 < ex._EMB_SMALL < 0.5 and ex._EMB_LARGE < 0.01


def test_q9_claim_implies_an_mfu_above_one():
    assert 6 * 13e9 * 1e12 / (256 * 312e12 * 10 * 86400) > 1


def test_try_this_answers_are_positions_of_the_explorers_main_controls():
    from scaling_lib.widgets import compute as explore
    n_positions = explore.training_budget_explorer().positions
    assert [n for n in n_positions if n >= 20e9] == list(ex._T1_GRID)
    traffic = explore.lifetime_compute_explorer().positions
    assert traffic == list(ex._T2_GRID)


def test_t1_largest_model_within_30_days():
    days = {n: 6 * n * 1.4e12 / (1024 * 989e12 * 0.4) / 86400 for n in (70e9, 100e9, 200e9)}
    assert days[100e9] <= 30 < days[200e9]
    assert_checker(ex.t1, 100e9, [70e9, 200e9, 100, 50e9, 1e12])
    assert "larger" in ex.t1.verdict(70e9).message
    assert "billions" in ex.t1.verdict(100).message


def test_t2_smallest_traffic_at_which_inference_overtakes_within_a_year():
    assert 6e12 / 2e10 <= 365 < 6e12 / 1e10
    assert_checker(ex.t2, 2e10, [1e10, 5e10, 20, 6e12, 1.64e10 * 10])
    assert "beyond the year" in ex.t2.verdict(1e10).message


def test_every_item_declares_its_kind_and_objectives():
    assert {q.kind for q in ex.QUESTIONS} <= {"compute", "complete", "predict", "critique",
                                              "explain"}
    assert {o for q in ex.QUESTIONS for o in q.objectives} == {1, 2, 3, 4, 5}
    assert ex.q3.kind == "complete"
