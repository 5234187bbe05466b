"""Every chapter-0 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import pytest

from scaling_lib import compute
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import compute as ex

C_GPT3 = 6 * 175e9 * 300e9
DAYS = 6 * 70e9 * 1.4e12 / (1024 * 989e12 * 0.4) / 86400


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, C_GPT3, [C_GPT3 / 3, C_GPT3 * 2, C_GPT3 / 10, 6 * 175 * 300, C_GPT3 / 1e15]),
    (ex.q2, 3.14e23 / 8.64e19, [3.14e23 / 1e15, 3.14e23 / 3.6e18, 3.14e23 / 8.64e20]),
    (ex.q3, DAYS, [DAYS * 0.4, DAYS / 2, DAYS * 1024, DAYS * 24]),
    (ex.q4, 6 * 65.2e9 * 380 / 312e12,
     [2 * 65.2e9 * 380 / 312e12, 47.6, 6 * 65.2e9 * 380 / 989e12]),
    (ex.q5, 2 * 70e9 * 1e6 / (989e12 * 0.1) / 3600 * 2.5,
     [6 * 70e9 * 1e6 / (989e12 * 0.1) / 3600 * 2.5, 2 * 70e9 * 1e6 / 989e12 / 3600 * 2.5, 98.3]),
    (ex.q6, 4500.0, [1500.0, 4500.0 / 365, 45e12]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "forward" in ex.q1.verdict(2 * 175e9 * 300e9).message
    assert "MFU" in ex.q3.verdict(DAYS * 0.4).message
    assert "sparse" in ex.q3.verdict(DAYS * 989 / 1979).message
    assert "inference" in ex.q4.verdict(2 * 65.2e9 * 380 / 312e12).message


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
