"""Checks never hang or escape, questions never show their answers, cached data load late.

design.md, "Exercises": ``check`` never raises on a learner's answer. A learner's function
runs under a time limit; ``sys.exit()`` and interrupts inside it become verdicts; ``repr``
of a question shows its name, not its answer; tuples, lists and numpy arrays are accepted
alike; an exercise module reads the cached lab data only when a question needs it.
"""

import importlib
import signal
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

from scaling_lib.exercises import core
from scaling_lib.exercises.core import (
    BLANK,
    FUNCTION_TIME_LIMIT,
    DeferredQuestion,
    FunctionQuestion,
    NumericQuestion,
)

MODULES = ["compute", "kaplan", "chinchilla", "data_limits", "emergence", "inference",
           "test_time", "finetuning"]


def _questions():
    out = []
    for name in MODULES:
        module = importlib.import_module(f"scaling_lib.exercises.{name}")
        out += [pytest.param(q, id=f"{name}.{q.name}") for q in module.QUESTIONS]
    return out


QUESTIONS = _questions()


def _loops_forever(x):
    while True:
        pass


def _swallows_everything(x):
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # noqa: BLE001, S110 - a learner's over-broad except
            pass


def _exits(x):
    sys.exit(3)


def _interrupted(x):
    raise KeyboardInterrupt


DOUBLE = FunctionQuestion("q", cases=[((2.0,), 4.0)], time_limit=0.5)


def test_the_default_time_limit_is_ten_seconds():
    assert FUNCTION_TIME_LIMIT == 10.0
    assert FunctionQuestion("q", cases=[((1.0,), 1.0)]).time_limit == 10.0


@pytest.mark.parametrize("fn", [_loops_forever, _swallows_everything])
def test_a_function_that_never_returns_gets_a_verdict_in_time(fn, capsys):
    start = time.monotonic()
    assert not DOUBLE.check(fn)
    assert time.monotonic() - start < 3.0
    out = capsys.readouterr().out
    assert out.startswith("Incorrect") and "your function did not return within 0.5 s" in out


def test_the_stated_limit_is_the_question_s_own():
    v = FunctionQuestion("q", cases=[((2.0,), 4.0)], time_limit=0.2).verdict(_loops_forever)
    assert "did not return within 0.2 s" in v.message


def test_sys_exit_and_interrupts_inside_the_function_are_verdicts(capsys):
    assert not DOUBLE.check(_exits)
    assert "sys.exit()" in capsys.readouterr().out
    v = DOUBLE.verdict(_interrupted)
    assert v.status == "incorrect" and "KeyboardInterrupt" in v.message
    assert DOUBLE.check(lambda x: 2 * x)


def test_the_time_limit_works_off_the_main_thread():
    box = {}
    worker = threading.Thread(target=lambda: box.update(v=DOUBLE.verdict(_loops_forever)))
    worker.start()
    worker.join(5)
    assert "did not return within 0.5 s" in box["v"].message
    time.sleep(0.2)
    assert not [t for t in threading.enumerate() if t.name == "learner-function"
                and t.is_alive()], "the endless function is still running in a thread"


def test_a_timer_set_by_someone_else_survives_a_check():
    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.5)
        assert DOUBLE.check(lambda x: 2 * x)
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 0 < remaining <= 1.5
        time.sleep(remaining + 0.2)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_the_time_limit_stops_an_endless_function_in_a_jupyter_kernel():
    """The kernel runs a learner's cell on its main thread: the check must still return."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        code = textwrap.dedent("""
            from scaling_lib.exercises.core import FunctionQuestion
            q = FunctionQuestion("q", cases=[((2.0,), 4.0)], time_limit=1.0)
            def answer(x):
                while True:
                    pass
            result = q.check(answer)
            print("returned", bool(result))
        """)
        start = time.monotonic()
        kc.execute(code)
        out = []
        while True:
            msg = kc.get_iopub_msg(timeout=60)
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            if msg["msg_type"] == "error":
                pytest.fail("\n".join(msg["content"]["traceback"]))
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        text = "".join(out)
        assert "did not return within 1 s" in text and "returned False" in text, text
        assert time.monotonic() - start < 30
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("question", QUESTIONS)
def test_repr_shows_the_name_never_the_answer(question):
    q = question.question() if isinstance(question, DeferredQuestion) else question
    for text in (repr(question), str(question), repr(q), str(q)):
        assert q.name in text
        if q.worked_solution:
            assert q.worked_solution[:40] not in text
        for hint in q.hints:
            assert hint[:40] not in text
        expected = getattr(q, "expected", None)
        if expected is not None:
            for e in expected if isinstance(expected, tuple) else (expected,):
                assert repr(e) not in text and repr(float(e)) not in text
        if hasattr(q, "correct"):
            assert "correct=" not in text
        if hasattr(q, "cases"):
            assert "cases=" not in text


@pytest.mark.parametrize("question", [q for q in QUESTIONS if isinstance(
    getattr(q.values[0], "expected", None), tuple)])
def test_tuples_lists_and_arrays_are_accepted_alike(question):
    expected = question.expected
    for answer in (tuple(expected), list(expected), np.array(expected),
                   np.array(expected, dtype=np.float32), np.array([expected])):
        assert question.verdict(answer).correct, (type(answer), answer)


BAD = [0, -1, float("nan"), float("inf"), 1e308, 10**400, True, "3", None, [], np.array([]),
       np.ones((2, 2)), 1 + 1j, ["1e9"], np.array([1.0, None], dtype=object), BLANK,
       _loops_forever, _exits]


@pytest.mark.parametrize("question", QUESTIONS)
def test_check_never_raises_on_a_bad_answer(question, capsys, monkeypatch):
    monkeypatch.setattr(core, "FUNCTION_TIME_LIMIT", 0.2)
    if isinstance(getattr(question, "time_limit", None), float):
        monkeypatch.setattr(question.question() if isinstance(question, DeferredQuestion)
                            else question, "time_limit", 0.2)
    for answer in BAD:
        result = question.check(answer)
        assert bool(result) is False
    out = capsys.readouterr().out
    assert "Traceback" not in out


# ------------------------------------------------------------------ cached data, late


def test_exercise_modules_read_no_cached_data_at_import(monkeypatch, capsys):
    import scaling_lib.lab as lab
    import scaling_lib.lab.sweep as sweep

    def refuse(*args, **kwargs):
        raise ValueError("no cached sweep: run `make lab-data` to regenerate book/data/lab")

    monkeypatch.setattr(sweep, "load_sweep", refuse)
    monkeypatch.setattr(lab, "load_sweep", refuse, raising=False)
    import scaling_lib.chinchilla as ch

    ch.lab_law.cache_clear()
    for name in ("kaplan", "chinchilla", "finetuning"):
        sys.modules.pop(f"scaling_lib.exercises.{name}", None)
        module = importlib.import_module(f"scaling_lib.exercises.{name}")  # must not raise
        deferred = [q for q in module.QUESTIONS if isinstance(q, DeferredQuestion)]
        assert deferred, name
        q = deferred[0]
        assert not q.check(1.0)
        out = capsys.readouterr().out
        assert "Cannot check this yet" in out and "make lab-data" in out
        assert "make lab-data" in q.verdict(1.0).message
        q.hint()
        assert "make lab-data" in capsys.readouterr().out
        assert "make lab-data" in q.solution().markdown
    for name in ("kaplan", "chinchilla", "finetuning"):
        sys.modules.pop(f"scaling_lib.exercises.{name}", None)


def test_a_deferred_question_raises_in_strict_mode_when_the_cache_is_missing(monkeypatch):
    def build():
        raise ValueError("the cached sweep book/data/lab/x.json is damaged; run `make lab-data`")

    q = DeferredQuestion("q9", build)
    monkeypatch.setenv("SCALING_STRICT_EXERCISES", "1")
    with pytest.raises(ValueError, match="make lab-data"):
        q.check(1.0)
    assert repr(q) == "DeferredQuestion('q9')"


def test_a_deferred_question_behaves_like_the_question_it_builds(capsys):
    built = []

    def build():
        built.append(1)
        return NumericQuestion("q8", expected=2.0, hints=["two"], worked_solution="**2**")

    q = DeferredQuestion("q8", build)
    assert built == []
    assert q.check(2.0) and not q.check(3.0)
    assert q.expected == 2.0 and q.hints == ("two",)
    q.hint()
    assert "two" in capsys.readouterr().out
    assert built == [1]
