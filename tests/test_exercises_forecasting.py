"""Every chapter-9 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted; the pre-registered forecast is recorded."""

import numpy as np
import pytest

from scaling_lib import forecasting as fc
from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import forecasting as ex
from scaling_lib.lab.task import DATA_DIR, load_task_sweep

C3 = 1e9 * (12 / 2.8) ** (1 / 0.8)
NORM4 = 0.02 / 0.065


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q2, 3800, [3.8e25 / 6e18, 1e22 / 3.8e25, np.log10(3800), 380, 38_000]),
    (ex.q3, C3, [1e9 * 4 ** 1.25, 1e9 * (12 / 2.8) ** 0.8, (12 / 2.8) ** 1.25, C3 * 2]),
    (ex.q4, NORM4, [0.02, 0.25, 0.4, NORM4 * 2]),
    (ex.q6, 0.9 ** 9, [0.9, 1 - 0.9 ** 9, 0.1, 0.9 ** 10]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "smallest" in ex.q2.verdict(3.8e25 / 6e18).message
    assert "floor E" in ex.q3.verdict(1e9 * 4 ** 1.25).message
    assert "raw probability" in ex.q4.verdict(0.02).message
    assert "at least one" in ex.q6.verdict(1 - 0.9 ** 9).message


def _good(flops, e, a, alpha, midpoint, slope, floor):
    loss = e + a * (flops / 1e9) ** (-alpha)
    return floor + (1 - floor) / (1 + np.exp(-slope * (loss - midpoint)))


def _no_floor(flops, e, a, alpha, midpoint, slope, floor):
    loss = e + a * (flops / 1e9) ** (-alpha)
    return 1 / (1 + np.exp(-slope * (loss - midpoint)))


def _wrong_sign(flops, e, a, alpha, midpoint, slope, floor):
    loss = e + a * (flops / 1e9) ** (-alpha)
    return floor + (1 - floor) / (1 + np.exp(slope * (loss - midpoint)))


def _no_reference(flops, e, a, alpha, midpoint, slope, floor):
    loss = e + a * flops ** (-alpha)
    return floor + (1 - floor) / (1 + np.exp(-slope * (loss - midpoint)))


def _stub(flops, e, a, alpha, midpoint, slope, floor):
    ...


def test_function_checker_accepts_the_composition_and_rejects_slips():
    assert_checker(ex.q5, _good, [_no_floor, _wrong_sign, _no_reference], blank=_stub)


needs_ladder = pytest.mark.skipif(not (DATA_DIR / "task_ladder.json").exists(),
                                  reason="cached ladder not generated yet")


@needs_ladder
def test_preregistered_forecast_is_graded_against_the_held_out_truth():
    split = fc.ladder_split(load_task_sweep("ladder"))
    truth = float(split.truth()[-1])
    top_fitted = float(split.accuracy[:, split.fit].mean(0)[-1])
    assert ex.q1.question().truth == pytest.approx(truth)
    assert_checker(ex.q1, truth + 0.05, [truth - 0.2, truth + 0.12, top_fitted, 0.0, 1.7,
                                         "high"])
    assert "largest fitted rung" in ex.q1.verdict(top_fitted).message
    assert "too low" in ex.q1.verdict(truth - 0.3).message


@needs_ladder
def test_preregistered_forecast_records_what_was_checked():
    q = ex._build_q1()
    assert q.prediction is None
    q.verdict(0.42)
    q.verdict(0.5)
    assert q.prediction == 0.5 and len(q.recorded) == 2
    q.verdict("not a number")
    assert q.prediction == 0.5
