import numpy as np
import pytest

from scaling_lib.exercises import (
    BLANK,
    ChoiceQuestion,
    FunctionQuestion,
    IncorrectAnswer,
    NumericQuestion,
    assert_checker,
)

Q = NumericQuestion("q", expected=100.0, rel_tol=0.01, hints=["first", "second"],
                    misconceptions={50.0: "you halved it"}, worked_solution="It is **100**.")


def test_correct_answer_passes_and_prints_correct(capsys):
    assert Q.check(100.4)
    assert capsys.readouterr().out.startswith("Correct")


def test_wrong_answer_returns_false_without_revealing_the_answer(capsys):
    assert not Q.check(137.0)
    out = capsys.readouterr().out
    assert out.startswith("Incorrect") and "100" not in out


def test_blank_answer_is_not_attempted(capsys):
    assert not Q.check(BLANK)
    assert not Q.check()
    assert "Not attempted" in capsys.readouterr().out


def test_none_is_reported_as_none_not_unattempted(capsys):
    v = Q.verdict(None)
    assert v.status == "incorrect"
    assert "your answer is None" in v.message and "return" in v.message
    assert not Q.check(None)
    assert capsys.readouterr().out.startswith("Incorrect: your answer is None")


def test_none_raises_in_strict_mode_but_the_starter_ellipsis_does_not(monkeypatch):
    monkeypatch.setenv("SCALING_STRICT_EXERCISES", "1")
    with pytest.raises(IncorrectAnswer):
        Q.check(None)
    assert not Q.check(...)


def test_messages_name_the_question_as_the_notebook_imports_it(capsys):
    assert Q.handle == "ex.q"
    assert "run ex.q.check(answer) again" in Q.verdict(BLANK).message
    Q.check(137.0)
    assert "Call ex.q.hint() for a hint." in capsys.readouterr().out
    NumericQuestion("q3", expected=1.0).hint()
    assert "No hints for this one: ex.q3.solution()" in capsys.readouterr().out


def test_following_the_advice_in_a_message_does_not_raise_name_error(capsys):
    import types

    ex = types.SimpleNamespace(q=NumericQuestion("q", expected=1.0, hints=["h"]))
    ex.q.check(2.0)
    ex.q.check(BLANK)
    out = capsys.readouterr().out
    for call in ("ex.q.hint()", "ex.q.check(answer)"):
        assert call in out
        eval(call, {"ex": ex, "answer": 1.0})  # the advice, run as typed


def test_assert_checker_keeps_the_ellipsis_as_its_blank_and_rejects_none():
    assert_checker(Q, 100.0, [137.0])
    with pytest.raises(AssertionError, match="blank answer"):
        assert_checker(Q, 100.0, [137.0], blank=None)


COUNT = NumericQuestion("q", expected=7.0, rel_tol=0.0, units="tokens", hints=["h"])


@pytest.mark.parametrize("rel_tol", [0.0, 1e-9, 1e-6, 0.001, 0.002, 0.005, 0.01])
def test_no_verdict_says_within_0_percent(rel_tol):
    q = NumericQuestion("q", expected=7.5, rel_tol=rel_tol, units="tokens")
    for answer in (6.93, 7.6, 9.1):
        msg = q.verdict(answer).message
        assert "within 0%" not in msg and " 0%" not in msg


def test_an_exact_question_says_not_the_exact_answer():
    assert COUNT.verdict(9.0).message == "9 tokens is not the exact answer."
    assert NumericQuestion("q", expected=7.5, rel_tol=0.0).verdict(7.6).message == (
        "7.6 is not the exact answer.")


def test_a_small_tolerance_is_stated_to_its_first_figure():
    q = NumericQuestion("q", expected=7.5, rel_tol=0.005)
    assert "within 0.5% of the answer" in q.verdict(7.8).message


def test_a_fraction_for_an_exact_whole_answer_is_told_it_is_a_whole_number():
    msg = COUNT.verdict(6.93).message
    assert "6.93 is not a whole number" in msg and "a whole number of tokens" in msg
    assert "within" not in msg and "round" not in msg


def test_whole_number_is_detected_from_an_exact_float_tolerance_too():
    q = NumericQuestion("q", expected=299.0, rel_tol=1e-6, units="problems")
    assert "a whole number of problems" in q.verdict(298.07).message
    assert q.verdict(299).correct


def test_whole_number_questions_say_which_way_to_round():
    up = NumericQuestion("q", expected=175.0, rel_tol=0.02, whole_number=True, rounding="up",
                         units="samples")
    assert up.verdict(174.96).message.endswith("a whole number of samples: round up.")
    assert up.verdict(175).correct and up.verdict(np.int64(175)).correct
    down = NumericQuestion("q", expected=6.0, rel_tol=1e-6, rounding="down")
    assert down.verdict(6.93).message.endswith("a whole number: round down.")


def test_whole_number_flag_rejects_a_fraction_inside_the_tolerance():
    q = NumericQuestion("q", expected=175.0, rel_tol=0.02, whole_number=True)
    assert q.verdict(174.96).status == "incorrect"
    assert NumericQuestion("q", expected=175.0, rel_tol=0.02).verdict(174.96).correct


def test_whole_number_misconception_keeps_its_own_explanation():
    q = NumericQuestion("q", expected=6.0, rel_tol=1e-6, rounding="down",
                        misconceptions={6.93: "you forgot to round"})
    assert q.verdict(6.93).message == "you forgot to round"


def test_an_integral_expected_value_with_a_tolerance_accepts_fractions():
    q = NumericQuestion("q", expected=3.15e23, rel_tol=0.01)
    assert q.verdict(3.14e23).correct


def test_rounding_must_be_up_down_or_empty():
    with pytest.raises(ValueError, match="rounding"):
        NumericQuestion("q", expected=1.0, rounding="nearest")


@pytest.mark.parametrize("answer", [np.float64(100.0), np.float32(100.0), np.int64(100),
                                    np.array(100.0), np.array(100)])
def test_numpy_scalars_and_0d_arrays_are_numbers(answer):
    assert Q.verdict(answer).correct


@pytest.mark.parametrize("answer", [[100.0], (100.0,), np.array([100.0]), [np.float64(100.0)],
                                    [100.0, 100.0], [527, 528], [], [[100.0, 1.0]],
                                    np.array([[100.0]])])
def test_a_list_or_array_of_any_length_is_not_one_number(answer):
    # one rule (learner review L4): a question that asks for one number gets one number;
    # a one-element list is not quietly accepted while a two-element one is rejected
    v = Q.verdict(answer)
    assert v.status == "incorrect"
    assert v.message.startswith("give one number, not a"), v.message
    assert "you gave" in v.message


@pytest.mark.parametrize("answer", [np.array(["100"]), np.array([True]), np.array("100"),
                                    np.array(True)])
def test_arrays_that_hold_no_number_are_rejected(answer):
    assert Q.verdict(answer).status == "incorrect"


def test_a_function_returning_a_list_is_told_to_return_one_number():
    q = FunctionQuestion("q", cases=[((2,), 4.0)])
    for got in ([4.0], np.array([4.0]), (4.0,)):
        msg = q.verdict(lambda x, got=got: got).message
        assert "return one number, not a list or an array" in msg, msg
    assert q.verdict(lambda x: np.float64(4.0)).correct
    assert q.verdict(lambda x: np.array(4.0)).correct


def test_tuple_questions_take_lists_and_arrays_of_the_right_length():
    q = NumericQuestion("q", expected=(1.0, 2.0), rel_tol=0.01)
    assert q.verdict([1.0, 2.0]).correct
    assert q.verdict(np.array([1.0, 2.0])).correct
    assert q.verdict(([1.0], 2.0)).message == "value 1: give one number, not a list: you gave " \
                                              "[1.0]."
    assert "expected 2 numbers, got 3" in q.verdict(np.array([1.0, 2.0, 3.0])).message


@pytest.mark.parametrize("text", ["3.15e23", "0.4", " 100 "])
def test_a_quoted_number_is_told_to_drop_the_quotes(text):
    msg = Q.verdict(text).message
    assert msg == f"you gave text {text!r}; drop the quotes to give the number."


def test_a_quoted_number_inside_a_tuple_names_the_value():
    q = NumericQuestion("q", expected=(1.0, 2.0))
    assert q.verdict((1.0, "2")).message.startswith("value 2: you gave text '2'")


def test_text_that_is_not_a_number_gets_the_type_error():
    assert "expected a number, got 'abc' (str)" in Q.verdict("abc").message


def test_a_function_given_as_a_number_is_told_to_call_it():
    assert "call it" in Q.verdict(lambda: 100.0).message


def test_misconception_gets_its_own_explanation():
    assert Q.verdict(50.0).message == "you halved it"


@pytest.mark.parametrize("answer,word", [(1000.0, "10"), (10.0, "10"), (200.0, "2"),
                                         (-100.0, "sign")])
def test_common_slips_are_named(answer, word):
    assert word in Q.verdict(answer).message


def test_strict_mode_raises_on_a_wrong_answer_only(monkeypatch):
    monkeypatch.setenv("SCALING_STRICT_EXERCISES", "1")
    with pytest.raises(IncorrectAnswer):
        Q.check(1.0)
    assert not Q.check(BLANK)
    assert Q.check(100.0)


def test_hints_come_one_at_a_time_and_then_repeat(capsys):
    q = NumericQuestion("q", expected=1.0, hints=["a", "b"])
    q.hint()
    q.hint()
    q.hint()
    out = capsys.readouterr().out.splitlines()
    assert out == ["Hint 1 of 2: a", "Hint 2 of 2 (last hint): b", "Hint 2 of 2 (last hint): b"]


def test_solution_shows_the_worked_answer():
    assert "**100**" in repr(Q.solution())


def test_tuple_answers_are_checked_element_by_element():
    q = NumericQuestion("q", expected=(1.0, 2.0), rel_tol=0.01)
    assert q.verdict((1.0, 2.0)).correct
    assert not q.verdict((1.0, 3.0)).correct
    assert not q.verdict(1.0).correct
    assert not q.verdict((1.0, 2.0, 3.0)).correct


def test_choice_question_accepts_only_the_right_option():
    q = ChoiceQuestion("q", options={"a": "yes", "b": "no"}, correct="b",
                       why_wrong={"a": "not that"})
    assert_checker(q, "B", ["a", "c", 3])
    assert q.verdict("a").message == "not that"


def _stub(x):
    """Your code here."""
    ...


def _no_return(x):
    y = 2 * x  # noqa: F841


def _raises(x):
    raise ZeroDivisionError("boom")


def test_function_question_grades_stubs_missing_returns_and_errors():
    q = FunctionQuestion("q", cases=[((2,), 4.0), ((3,), 6.0)])
    assert q.verdict(_stub).status == "unattempted"
    assert "return" in q.verdict(_no_return).message
    assert "ZeroDivisionError" in q.verdict(_raises).message
    assert "function itself" in q.verdict(4.0).message
    assert_checker(q, lambda x: 2 * x, [lambda x: x + 2, lambda x: "4", _raises])


def _days(seconds):
    return seconds / 86_400


def test_function_question_names_the_unit_factor_of_a_wrong_result():
    q = FunctionQuestion("q", cases=[((172_800.0,), 2.0)])
    msg = q.verdict(lambda s: s).message
    assert msg == "f(s=172800) returned 172,800; expected 2: too large by a factor of 86,400 " \
                  "(days vs seconds)."
    assert "too small by a factor of 1,000" in q.verdict(lambda s: _days(s) / 1e3).message
    assert q.verdict(lambda s: _days(s) + 0.5).message == "f(s=172800) returned 2.5; expected 2."
    assert q.verdict(_days).correct


def test_function_question_returning_text_is_told_to_return_the_number():
    q = FunctionQuestion("q", cases=[((2,), 4.0)])
    assert "return the number, not a string" in q.verdict(lambda x: "4").message


def test_numeric_and_function_questions_name_factors_the_same_way():
    num = NumericQuestion("q", expected=2.0).verdict(2.0 * 3600).message
    fun = FunctionQuestion("q", cases=[((), 2.0)]).verdict(lambda: 2.0 * 3600).message
    assert "too large by a factor of 3,600 (hours vs seconds)" in num
    assert "too large by a factor of 3,600 (hours vs seconds)" in fun


ODD_ANSWERS = [None, "", "abc", [], [1, 2], {}, object(), float("nan"), float("inf"),
               complex(1, 2), np.array([]), np.array([1.0, 2.0]), lambda: 1, lambda x: x, True,
               "3.15e23", b"100", {1, 2}, np.float64("nan"), -0.0, 10 ** 400, [[[]]],
               type("Weird", (), {"__repr__": lambda self: 1 / 0})()]
ODD_QUESTIONS = [
    NumericQuestion("n", expected=100.0, hints=["h"]),
    NumericQuestion("t", expected=(1.0, 2.0)),
    NumericQuestion("w", expected=6.0, rel_tol=0.0, rounding="down"),
    ChoiceQuestion("c", options={"a": "yes", "b": "no"}, correct="a"),
    FunctionQuestion("f", cases=[((2,), 4.0)]),
]


@pytest.mark.parametrize("question", ODD_QUESTIONS, ids=lambda q: q.name)
@pytest.mark.parametrize("answer", ODD_ANSWERS)
def test_check_never_raises_on_odd_answers(question, answer, capsys):
    v = question.verdict(answer)
    assert isinstance(v.message, str)
    assert v.status in {"correct", "incorrect", "unattempted"}
    result = question.check(answer)
    assert bool(result) == (v.status == "correct")
    assert capsys.readouterr().out


def test_assert_checker_catches_a_checker_that_cannot_fail():
    lenient = NumericQuestion("q", expected=1.0, rel_tol=10.0)
    with pytest.raises(AssertionError, match="does not reject"):
        assert_checker(lenient, 1.0, [2.0])


def test_check_result_is_truthy_and_shows_nothing_in_a_notebook():
    result = Q.check(100.0)
    assert result == True  # noqa: E712
    assert result._ipython_display_() is None
    assert not Q.check(1.0)


# -- learner review of chapters 8-10 (issue 29): M2, L3 -----------------------------------
def two_step(flops, E, a, alpha, midpoint, slope, floor):
    return 1.0


def test_a_wrong_function_result_names_the_call_and_the_expected_result():
    q = FunctionQuestion("q5", cases=[((2e9, 0, 11.2, 0.56, 3.2, -0.9, 0), 0.4312)])
    assert q.verdict(two_step).message == (
        "two_step(flops=2e9, E=0, a=11.2, alpha=0.56, midpoint=3.2, slope=-0.9, floor=0) "
        "returned 1; expected 0.4312.")


def test_a_near_miss_shows_enough_figures_to_tell_result_and_expected_apart():
    q = FunctionQuestion("q", cases=[((1.0,), 0.430121)], rel_tol=1e-6)
    msg = q.verdict(lambda x: 0.430124).message
    assert "returned 0.430124; expected 0.430121" in msg, msg


def test_a_function_with_other_parameters_still_gets_the_values():
    q = FunctionQuestion("q", cases=[((2.0, 3.0), 6.0)])
    assert q.verdict(lambda *xs: 0.0).message == "f(2, 3) returned 0; expected 6."


def test_an_error_in_the_function_ends_with_a_full_stop_before_the_hint(capsys):
    q = FunctionQuestion("q5", cases=[((2.0,), 4.0)], hints=["h"])

    def double(x):
        return undefined_name  # noqa: F821

    q.check(double)
    out = capsys.readouterr().out
    assert out == ("Incorrect: calling double(x=2) raised NameError: name 'undefined_name' is "
                   "not defined. Call ex.q5.hint() for a hint.\n")


@pytest.mark.parametrize(("answer", "shown"), [(10_000, "10,000"), (1e4, "10,000"),
                                               (7.39e-4, "7.39×10⁻⁴"), (0.5068, "0.5068"),
                                               (1.7e10, "1.7×10¹⁰"), (-0.9, "-0.9")])
def test_verdicts_write_numbers_as_a_person_does(answer, shown):
    q = NumericQuestion("q", expected=123.0, rel_tol=0.005, units="steps")
    msg = q.verdict(answer).message
    assert msg.startswith(shown + " "), msg
    assert "e+" not in msg and "e-0" not in msg


@pytest.mark.parametrize("factor", [2, 3, 6, 0.5, 16, 1.5])
def test_a_factor_that_is_not_a_unit_slip_is_not_named(factor):
    # 0.5068 * 16 for 0.5068 ** 16 is "too large by a factor of 2" by accident only
    q = NumericQuestion("q", expected=4.054)
    msg = q.verdict(4.054 * factor).message
    assert "factor" not in msg, msg
    assert "is not within 1% of the answer" in msg or "wrong sign" in msg


@pytest.mark.parametrize(("factor", "named"), [
    (86_400, "86,400 (days vs seconds)"), (1e9, "a billion"), (1e3, "1,000"), (60, "60"),
    (24, "24 (hours vs days)"), (365, "365 (days vs years)"), (1024, "1,024 (bytes vs kib"),
    (3600, "3,600 (hours vs seconds)"), (1e21, "10²¹")])
def test_unit_slips_are_named(factor, named):
    q = NumericQuestion("q", expected=16.8)
    assert f"too large by a factor of {named}" in q.verdict(16.8 * factor).message
    assert f"too small by a factor of {named}" in q.verdict(16.8 / factor).message


def test_the_review_praised_messages_stay():
    q = FunctionQuestion("q", cases=[((1.452e6,), 16.8)])
    assert q.verdict(lambda s: s).message.endswith(
        "too large by a factor of 86,400 (days vs seconds).")
    n = NumericQuestion("q", expected=17.0)
    assert n.verdict(1.7e10).message == "1.7×10¹⁰ is too large by a factor of a billion."


def test_a_question_can_name_its_own_slip_factors():
    q = NumericQuestion("q", expected=10.0, slip_factors={2: "2 (forward and backward?)"})
    assert "too large by a factor of 2 (forward and backward?)" in q.verdict(20.0).message
    f = FunctionQuestion("f", cases=[((), 10.0)], slip_factors={3: "3"})
    assert "too small by a factor of 3" in f.verdict(lambda: 10 / 3).message
    for bad in ({1: "one"}, {0: "zero"}, {2: ""}, {"2": "two"}, [2]):
        with pytest.raises((ValueError, TypeError), match="slip_factors"):
            NumericQuestion("q", expected=1.0, slip_factors=bad)


@pytest.mark.parametrize(("x", "text"), [
    (99_999.7, "100,000"), (0.00099996, "0.001"), (-7.39e-4, "-7.39×10⁻⁴"), (1e12, "10¹²"),
    (2.5e-7, "2.5×10⁻⁷"), (123_456.0, "123,456"), (float("inf"), "infinity"), (0.0, "0")])
def test_numbers_in_verdicts_read_as_written(x, text):
    from scaling_lib.exercises.core import _human

    assert _human(x) == text


@pytest.mark.parametrize(("chapter", "function_q", "numeric_q"), [
    ("compute", "q7", "q3"), ("emergence", "q6", "q4"), ("test_time", "q6", "q1")])
def test_a_wrong_function_does_not_reveal_another_questions_answer(chapter, function_q,
                                                                   numeric_q):
    import importlib

    from scaling_lib.exercises.core import _human

    ex = importlib.import_module(f"scaling_lib.exercises.{chapter}")
    msg = getattr(ex, function_q).verdict(lambda *args: 0.123).message
    assert "expected" in msg
    assert _human(getattr(ex, numeric_q).expected) not in msg.split("expected")[1], msg


def test_a_choice_answered_with_a_name_not_a_letter_is_told_to_quote_the_letter(capsys):
    """Learner review L5: an unquoted ``b`` is the chapter's variable, not the option."""
    q = ChoiceQuestion("pick", options={"a": "one", "b": "two"},
                       correct="b")
    assert not q.check("the exact law")
    out = capsys.readouterr().out
    assert "got 'the exact law'" in out and "in quotes, as text: answer = 'a'." in out


def test_a_question_records_the_learners_answer_but_never_the_reference(capsys):
    q = ChoiceQuestion("p", options={"a": "yes", "b": "no"}, correct="b", kind="predict",
                       objectives=[2])
    assert q.recorded_answer is None and q.kind == "predict" and q.objectives == (2,)
    q.check(...)
    assert q.recorded_answer is None, "the starter ... is not an answer"
    q.check("a")
    assert q.recorded_answer == "a"
    with q.solution():
        q.check("b")
    assert q.recorded_answer == "a", "the worked solution's check is the book's, not theirs"


def test_a_question_kind_must_be_one_of_the_kinds():
    with pytest.raises(ValueError, match=r"kind must be one of 'compute', .*got 'guess'"):
        ChoiceQuestion("p", options={"a": "yes"}, correct="a", kind="guess")
    with pytest.raises(TypeError, match="objectives must be a list of learning-objective"):
        ChoiceQuestion("p", options={"a": "yes"}, correct="a", objectives=["one"])
