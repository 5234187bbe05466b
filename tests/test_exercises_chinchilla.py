"""Every chapter-2 checker accepts its reference, rejects plausible wrong answers, and reports
an untouched starter cell as not attempted."""

import re

import pytest

from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import chinchilla as ex
from scaling_lib.laws import BESIROGLU_2024, HOFFMANN_2022, HOFFMANN_2022_UNROUNDED

C_CHIN = 5.76e23
C_Q1 = 1e21
R_PRINTED = float(HOFFMANN_2022.tokens_per_param(C_Q1))
N_Q1 = float(HOFFMANN_2022.compute_optimal(C_Q1)[0])
N_BES = float(BESIROGLU_2024.compute_optimal(1e24)[0])
D_EQUAL = 280e9 * 300e9 / 70e9
DL = float(HOFFMANN_2022.loss(280e9, 300e9) - HOFFMANN_2022.loss(70e9, D_EQUAL))
DL_FULL = float(HOFFMANN_2022.loss(280e9, 300e9) - HOFFMANN_2022.loss(70e9, 1.4e12))
C_GPT3 = 6 * 175e9 * 300e9
SHORT_FIXED_C = float(BESIROGLU_2024.compute_optimal(C_GPT3)[1] / 300e9)
C_175 = 6 * (175e9 / BESIROGLU_2024.G) ** (1 / BESIROGLU_2024.params_exponent)
SHORT = float(C_175 / (6 * 175e9) / 300e9)
T1 = float(HOFFMANN_2022.compute_optimal(1e26)[0] / HOFFMANN_2022.compute_optimal(1e24)[0])
T2 = float(HOFFMANN_2022_UNROUNDED.tokens_per_param(1e26)
           / HOFFMANN_2022_UNROUNDED.tokens_per_param(1e20))


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.r1, 4.8e20, [1.6e20, 3.2e20, 8e19, 4.8e21, 2e9 * 40e9 * 6 / 1e3]),
    (ex.t1, T1, [10.0, 100.0, 1 / T1, T1 * 1.1, 0.45]),
    (ex.t2, T2, [1 / T2, 92.27 - 27.76, 3.8, 0.70, T2 * 1.1]),
    (ex.q1, R_PRINTED, [20.0, 1.4e12 / 70e9, R_PRINTED / 2, R_PRINTED * 10,
                        N_Q1 / (1e21 / 6 / N_Q1),
                        float(BESIROGLU_2024.tokens_per_param(C_Q1)),
                        float(HOFFMANN_2022_UNROUNDED.tokens_per_param(C_Q1)),
                        float(HOFFMANN_2022.tokens_per_param(C_CHIN))]),
    (ex.q2, N_BES, [N_BES * 6 ** BESIROGLU_2024.params_exponent, 1e24 / 6 / N_BES, N_BES * 10,
                    N_BES / 2]),
    (ex.q3, DL, [-DL, DL_FULL, DL * 2, DL / 10, 0.0]),
    (ex.q4, SHORT, [1 / SHORT, 20 * 175 / 300, SHORT * 2, SHORT_FIXED_C,
                    float(6 * (175e9 / HOFFMANN_2022.G) ** (1 / HOFFMANN_2022.params_exponent)
                          / (6 * 175e9) / 300e9)]),
    (ex.q6, ex._FIT6.a, [ex._FIT6.b, ex._FIT6_NE.a, 0.5, 0.73, ex._FIT6.a * 2]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_misconception_messages_name_the_slip():
    assert "rule of thumb" in ex.q1.verdict(20.0).message
    assert "unrounded" in ex.q1.verdict(
        float(HOFFMANN_2022_UNROUNDED.tokens_per_param(C_Q1))).message
    assert "C/6" in ex.q2.verdict(N_BES * 6 ** BESIROGLU_2024.params_exponent).message
    assert "sign" in ex.q3.verdict(-DL).message
    assert "1.4T" in ex.q3.verdict(DL_FULL).message
    assert "compute fixed" in ex.q4.verdict(SHORT_FIXED_C).message
    assert "exponent of D_opt" in ex.q6.verdict(ex._FIT6.b).message
    assert "non-embedding" in ex.q6.verdict(ex._FIT6_NE.a).message
    assert "forward pass only" in ex.r1.verdict(1.6e20).message
    assert "square-root" in ex.t1.verdict(10.0).message


CHOICES = [(ex.r2, "b"), (ex.p1, "c"), (ex.p2, "c"), (ex.t3, "b"), (ex.q8, "b"), (ex.q9, "b"),
           (ex.q10, "a")]


@pytest.mark.parametrize("question,key", CHOICES, ids=lambda x: getattr(x, "name", x))
def test_choice_checkers_accept_their_key_and_explain_every_wrong_option(question, key):
    wrong = [k for k in question.options if k != key]
    assert_checker(question, key, wrong + ["e", 3])
    assert 3 <= len(question.options) <= 4
    for k in wrong:
        message = question.verdict(k).message
        assert k in question.why_wrong and len(message) > 40, (question.name, k)
        assert message != "that option is not right."


def test_p2_reference_matches_the_law():
    # "about 15%": the correct option of p2 is what 5% more A does at Chinchilla's budget
    assert -0.17 < ex._P2_CHANGE < -0.13


def test_hints_name_the_idea_before_the_formula_and_leave_the_numbers_to_the_solution():
    items = ex.RECALL + ex.PREDICTIONS + ex.TRY_THIS + ex.QUESTIONS
    for q in items:
        q = q.question() if hasattr(q, "question") else q
        assert len(q.hints) >= 2, q.name
        assert q.kind and q.objectives, q.name
    # the old second hints substituted numbers ("G ≈ 1.34", "N = 280e9, D = 300e9")
    for q in (ex.q1, ex.q2, ex.q3, ex.q4):
        assert not re.search(r"≈ ?\d+\.\d|\de\d", " ".join(q.hints)), q.name


def test_a_third_of_the_items_ask_to_predict_explain_or_critique():
    items = ex.PREDICTIONS + ex.TRY_THIS + ex.QUESTIONS
    kinds = [(q.question() if hasattr(q, "question") else q).kind for q in items]
    assert 3 * sum(k in ("predict", "explain", "critique") for k in kinds) >= len(kinds)


def _good(flops, E, A, B, alpha, beta):  # noqa: N803
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    return g * (flops / 6) ** (beta / (alpha + beta))


def _no_six(flops, E, A, B, alpha, beta):  # noqa: N803
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    return g * flops ** (beta / (alpha + beta))


def _swapped(flops, E, A, B, alpha, beta):  # noqa: N803
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    return g * (flops / 6) ** (alpha / (alpha + beta))


def _square_root(flops, E, A, B, alpha, beta):  # noqa: N803
    return (flops / 6 / 20) ** 0.5


def _stub(flops, E, A, B, alpha, beta):  # noqa: N803
    ...


def test_function_checker_accepts_the_closed_form_and_rejects_wrong_ones():
    assert_checker(ex.q5, _good, [_no_six, _swapped, _square_root], blank=_stub)


def _truth():
    return ex._reference()[0]


def _excess(t, factor):
    """The loss whose excess above the entropy is ``factor`` times the reference's."""
    entropy = ex._reference()[1]
    return entropy + factor * (t.loss_opt - entropy)


def test_capstone_accepts_the_reference_optimum_and_rejects_far_predictions():
    t = _truth()
    ref = (t.params_opt * 1.3, _excess(t, 1.08))
    wrong = [(t.params_opt * 3, t.loss_opt), (t.params_opt / 3, t.loss_opt),
             (t.params_opt, t.loss_opt * 1.05), (t.loss_opt, t.params_opt), "big", (1.0,)]
    assert_checker(ex.q7, ref, wrong)


@pytest.mark.parametrize("loss_factor", [1.006, 1.008, 0.994, 0.992])
def test_capstone_rejects_near_misses_the_old_one_percent_tolerance_accepted(loss_factor):
    # issue 17: 1% of the loss was about a quarter of the reducible loss at this budget, so
    # any answer near the right level passed; these losses were all within 1% of the optimum
    t = _truth()
    assert abs(loss_factor - 1) <= 0.01
    assert ex.q7.verdict((t.params_opt, t.loss_opt * loss_factor)).status == "incorrect"


def test_capstone_tolerance_is_a_few_millinats_and_bounded_by_the_entropy():
    t, entropy = ex._reference()
    tol = ex.q7.excess_rel_tol * (t.loss_opt - entropy)
    assert 0.002 < tol < 0.006  # nats; the old 1% of the loss was about 0.0084
    assert ex.q7.verdict((t.params_opt, entropy)).status == "incorrect"
    assert "entropy" in ex.q7.verdict((t.params_opt, entropy - 0.01)).message


def test_capstone_verdict_says_what_is_off_and_which_way():
    t = _truth()
    msg = ex.q7.verdict((t.params_opt * 4, t.loss_opt)).message
    assert "N_opt is more than a factor 2 too large" in msg and "loss" not in msg
    assert "too small" in ex.q7.verdict((t.params_opt / 4, t.loss_opt)).message
    msg = ex.q7.verdict((t.params_opt, _excess(t, 0.7))).message
    assert "excess loss above the entropy is too low by more than 12%" in msg
    assert "N_opt" not in msg
    msg = ex.q7.verdict((t.params_opt * 4, t.loss_opt * 1.05)).message
    assert "too large" in msg and "too high" in msg


def _sig_figs(x: float) -> set[str]:
    """``x`` written the ways a verdict could leak it, to 3 and 4 significant figures."""
    out = set()
    for n in (3, 4):
        rounded = float(f"{x:.{n}g}")
        out |= {f"{x:.{n}g}", f"{x:.{n - 1}e}", f"{rounded:,.0f}" if abs(x) >= 10 ** n else ""}
        if abs(x) < 1:
            out.add(f"{x:.{n}f}")
    out.discard("")
    return out


@pytest.mark.parametrize("answer", [
    (3, 1), (1 / 3, 1), (1, 1.05), (1, 0.95), (4, 1.02), (0.25, 0.9), (10, 1.5), (1.01, 1.011),
    (1.5, 0.98), (2.2, 1.0), (0.45, 1.0),
])
def test_capstone_verdicts_never_reveal_the_reference(answer):
    t = _truth()
    n, loss = t.params_opt * answer[0], t.loss_opt * answer[1]
    msg = ex.q7.verdict((n, loss)).message
    assert ex.q7.verdict((n, loss)).status == "incorrect"
    for leak in _sig_figs(t.params_opt) | _sig_figs(t.loss_opt):
        assert leak not in msg, (leak, msg)
    assert f"{float(t.loss_at(n)):.4f}" not in msg


def test_capstone_correct_verdict_does_not_reveal_the_reference_either():
    t = _truth()
    msg = ex.q7.verdict((t.params_opt * 1.3, _excess(t, 1.05))).message
    for leak in _sig_figs(t.params_opt) | _sig_figs(t.loss_opt):
        assert leak not in msg


def test_every_question_has_hints_and_a_worked_solution():
    assert len(ex.QUESTIONS) >= 6
    for q in ex.QUESTIONS:
        assert len(q.hints) >= 2, q.name
        assert len(q.worked_solution) > 50, q.name


# ---------------------------------------------------------------- the capstone's score
def _account(spent_flops, budget=None):
    """A TrainingAccount whose runs cost ``spent_flops`` (stand-ins: the score reads only
    their FLOPs), so that the test trains nothing."""
    from types import SimpleNamespace

    from scaling_lib import chinchilla as ch
    from scaling_lib.lab import TrainingAccount

    account = TrainingAccount(budget or ch.PLAN_BUDGET_FLOPS)
    account.runs = [SimpleNamespace(flops=spent_flops / 2)] * 2
    return account


def test_capstone_score_reports_the_budget_and_the_error_in_millinats(capsys):
    t, entropy = ex._reference()
    answer = (t.params_opt * 1.3, _excess(t, 1.05))
    ex.q7.score(answer, _account(1e10))
    text = capsys.readouterr().out
    err = 1000 * 0.05 * (t.loss_opt - entropy)
    assert text.startswith("Score:") and f"{err:+.1f} millinats" in text
    assert "10¹⁰ of the 3×10¹⁰ FLOPs (33%) on 2 runs" in text


@pytest.mark.parametrize("answer", [(1.0, 1.0), (4.0, 1.0), (1.0, 1.05), "big", ...])
def test_capstone_score_gives_no_error_for_a_failing_prediction(capsys, answer):
    t = _truth()
    if isinstance(answer, tuple):
        answer = (t.params_opt * answer[0] * (3 if answer == (1.0, 1.0) else 1),
                  t.loss_opt * answer[1])
    ex.q7.score(answer, _account(2e10))
    text = capsys.readouterr().out
    assert text.startswith("No error score yet") and "(67%)" in text
    assert "millinats" not in text
    for leak in _sig_figs(t.params_opt) | _sig_figs(t.loss_opt):
        assert leak not in text


@pytest.mark.parametrize("account, says", [
    (None, "pass your TrainingAccount"), ("acct", "pass your TrainingAccount"),
    (lambda: _account(1e10, budget=1e12), "more than the capstone's"),
    (lambda: _account(0.0).__class__(3e10), "no runs"),
])
def test_capstone_score_needs_the_learners_own_capstone_sized_account(capsys, account, says):
    t = _truth()
    account = account() if callable(account) else account
    ex.q7.score((t.params_opt, t.loss_opt), account)
    text = capsys.readouterr().out
    assert text.startswith("No score") and says in text


def test_the_capstone_path_starts_from_a_fresh_account():
    """Review change 5: no pre-trained runs on the capstone path. The starter cell and the
    worked solution each open a new account; neither touches the chapter's demo account."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "book" / "02_chinchilla.ipynb"
    cells = {c.get("id"): "".join(c["source"]) for c in json.loads(path.read_text())["cells"]}
    statement, starter, solution = cells["ch2-065"], cells["ch2-066"], cells["ch2-069"]
    for code in (starter, solution):
        assert "account = TrainingAccount(ch.PLAN_BUDGET_FLOPS)" in code
        assert "demo" not in code and "lab_account" not in code
    assert "account.train(" in solution and "ex.q7.score(answer, account)" in solution
    assert "lab_account" not in statement and "one valid plan" not in statement
    assert "model justification" in cells["ch2-q7-justify"]
    assert ":class: dropdown" in cells["ch2-q7-justify"]
