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


# ---------------------------------------------------------------------------- issue 30 items
@pytest.mark.parametrize("question,reference,wrong", [
    (ex.r1, 10**-0.34, [10**0.34, 0.66, 0.34, 0.1]),
    (ex.r2, 1.08e21, [3.6e20, 1.8e20, 1.8e10, 1.08e20]),
    (ex.t1, 64, [32, 128, 256, 0.5]),
    (ex.t3, 0.3, [0.35, 0.5, 0.2, 0.25]),
])
def test_new_numeric_items_accept_reference_and_reject_wrong_answers(question, reference,
                                                                     wrong):
    assert_checker(question, reference, wrong)


def test_try_this_t2_reads_the_fit_at_the_higher_target():
    from scaling_lib import hyperparameters as hp
    from scaling_lib.lab.sweep import load_sweep

    targets = hp.batch_targets(load_sweep("batch_size"))
    assert ex._T2_TARGET in targets  # the explorer offers this target
    d = targets[ex._T2_TARGET]
    fit = hp.fit_critical_batch(d["batch_sizes"], d["steps"], n_boot=0)
    ratio = 1 + fit.b_crit / ex._T2_BATCH
    e_ratio = 1 + ex._T2_BATCH / fit.b_crit
    assert_checker(ex.t2, ratio, [e_ratio, 1 / ratio, ratio * 2, 1.0])
    assert "tokens" in ex.t2.verdict(e_ratio).message
    # the explorer's default batch is the one the question reads
    from scaling_lib.widgets import hyperparameters as explore
    assert explore.critical_batch_explorer().controls["batch_size"].value == ex._T2_BATCH


def test_try_this_t3_is_on_the_slider_grid():
    from scaling_lib import hyperparameters as hp
    assert hp.wsd_compute_fraction([1, 2, 3, 4, 5, 6], ex.t3.expected) <= 0.5 + 1e-9
    assert hp.wsd_compute_fraction([1, 2, 3, 4, 5, 6], ex.t3.expected + 0.05) > 0.5


CHOICES = [ex.p1, ex.p2, ex.p3, ex.q7, ex.q8, ex.q9, ex.q10]


@pytest.mark.parametrize("question", CHOICES, ids=lambda q: q.name)
def test_choice_items_explain_every_wrong_option(question):
    q = question.question() if hasattr(question, "question") else question
    wrong = [k for k in q.options if k != q.correct]
    assert 3 <= len(q.options) <= 4
    assert set(q.why_wrong) == set(wrong)
    assert_checker(question, q.correct, wrong)
    for k in wrong:
        message = question.verdict(k).message
        assert message == q.why_wrong[k] and len(message) > 40, (q.name, k)


@pytest.mark.parametrize("question", ex.QUESTIONS, ids=lambda q: q.name)
def test_every_item_has_a_hint_ladder_without_the_answer(question):
    q = question.question() if hasattr(question, "question") else question
    assert len(q.hints) == 2 and q.hints[0].rstrip().endswith("?"), q.name  # idea, then formula
    expected = getattr(q, "expected", None)
    if isinstance(expected, float) and not float(expected).is_integer():
        for hint in q.hints:
            assert f"{expected:.2g}" not in hint, (q.name, hint)


def test_choice_options_in_the_notebook_are_the_checkers_options():
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parent.parent / "book" / "08_hyperparameters.ipynb")
                    .read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for question in CHOICES:
        assert ex._options_markdown(question) in text, question.name


def test_predictions_rest_on_what_the_lab_shows():
    # p3's correct option "between 10% and 50%", and the lab setting its statement quotes
    from scaling_lib import hyperparameters as hp
    from scaling_lib.lab.sweep import load_sweep

    sweep = load_sweep("wsd")
    assert sweep.meta["settings"]["cooldown_fraction"] == 0.2
    wsd = hp.wsd_comparison(sweep)
    start = wsd["branch_start_loss"]
    drop = (start - wsd["branch_loss"]) / (start - wsd["entropy"])
    assert 0.10 <= drop.min() and drop.max() <= 0.50
    # p1's correct option: width 256 in SP ends worse at width 32's best rate
    reuse = hp.lr_reuse_losses(load_sweep("lr_width"), "sp", 32, 256)
    from scaling_lib.findings import compare_paired
    compare_paired(reuse["reused"], reuse["best"], label_a="reused",
                   label_b="own").expect("b")
