"""The input contract (design.md, "Tests and CI"): bad input never gets past the library.

Every public function, class and method of ``scaling_lib`` (found through each module's
``__all__``, so new modules are covered automatically) is called with valid baseline
arguments where one argument at a time is replaced by a standard bad value: 0, −1, NaN,
±inf, 1e308, 1e-320, 10**400, True, "3", None, empty and 2-D arrays, a shorter array,
complex numbers, text and objects inside arrays. Each call must raise a ``ValueError`` (or
``TypeError``) whose message names the argument and shows the bad value, or return a
finite result for a value that is legitimate there, within a time limit and a memory
limit. The harness is ``tests/contract.py``; ``benchmarks/contract.py`` prints its report.

What an argument accepts by design is declared next to the function
(:func:`scaling_lib._contract.accepts`), not here. Known gaps, if any, are listed in
:data:`KNOWN_GAPS` below with their reasons; a gap that gets fixed must leave the list.
"""

import importlib

import contract as harness
import pytest

#: (callable, argument, kind of bad value) -> why it is still accepted. Empty: none known.
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}

#: seconds one call may take before it counts as a hang
TIME_LIMIT = 10.0


@pytest.fixture(scope="module")
def report():
    run = harness.run_all(time_limit=TIME_LIMIT, processes=2)
    calls = [c for r in run["results"] for c in r["calls"]]
    return {"run": run, "calls": calls, "summary": harness.summarise(run)}


def _key(call) -> tuple[str, str, str]:
    return (call["target"], call["arg"], call["kind"])


def _describe(call) -> str:
    what = f"{call['error']}: {call['message']}" if call.get("error") else "returned"
    return (f"{call['target']}({call['arg']}=<{call['kind']}>): {call['category']} — "
            f"{what}"[:300])


def test_every_public_module_declares_all():
    assert harness.modules_without_all() == []


def test_discovery_finds_every_public_module_and_the_known_callables():
    targets = {t.qualname for t in harness.discover()}
    assert len(targets) > 250
    for name in ("scaling_lib.compute.training_flops", "scaling_lib.laws.PowerLaw.inverse",
                 "scaling_lib.lab.train.TrainingAccount.train",
                 "scaling_lib.exercises.core.FunctionQuestion"):
        assert name in targets
    homes = {t.qualname.rsplit(".", 1)[0] for t in harness.discover()}
    for module in harness.public_modules():
        mod = importlib.import_module(module)
        own = [n for n in getattr(mod, "__all__", []) if callable(getattr(mod, n))
               and getattr(getattr(mod, n), "__module__", None) == module]
        if own:
            assert any(h == module or h.startswith(module + ".") for h in homes), module


def test_every_callable_has_a_working_baseline(report):
    missing = report["summary"]["no_baseline"]
    details = {r["info"]["qualname"]: r["info"].get("baseline_failed")
               for r in report["run"]["results"] if "baseline_failed" in r["info"]}
    assert not missing, f"declare a baseline in tests/contract.py BASELINES: {details}"


def test_bad_input_gets_a_clear_error_naming_the_argument(report):
    failures = [c for c in report["calls"]
                if c["category"] not in harness.PASSING and _key(c) not in KNOWN_GAPS]
    assert not failures, (f"{len(failures)} of {len(report['calls'])} calls broke the contract:\n"
                          + "\n".join(_describe(c) for c in failures[:40]))


def test_known_gaps_are_still_gaps(report):
    by_key = {_key(c): c for c in report["calls"]}
    fixed = [k for k in KNOWN_GAPS if k in by_key and by_key[k]["category"] in harness.PASSING]
    assert not fixed, f"these known gaps are fixed: remove them from KNOWN_GAPS: {fixed}"


def test_the_harness_covers_thousands_of_calls_without_hangs(report):
    s = report["summary"]
    assert s["calls"] > 10_000
    assert s["hang"] == 0 and s["crash"] == 0


# ------------------------------------------------------------------ the harness itself


def test_the_judge_accepts_only_a_clear_error_or_a_finite_result():
    import inspect

    p = inspect.Parameter("flops", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    err = {"error": "ValueError", "message": "flops must be finite, got nan",
           "is_value_or_type": True}
    assert harness.judge(p, "nan", {}, err, False) == "clean"
    other = {"error": "OverflowError", "message": "int too large", "is_value_or_type": False}
    assert harness.judge(p, "bigint", {}, other, False) == "other"
    unnamed = {"error": "ValueError", "message": "x must be finite, got nan",
               "is_value_or_type": True}
    assert harness.judge(p, "nan", {}, unnamed, False) == "unnamed"
    assert harness.judge(p, "nan", {}, {"nonfinite": False}, False) == "accepted_bad"
    assert harness.judge(p, "huge", {}, {"nonfinite": True}, False) == "nonfinite"
    assert harness.judge(p, "zero", {}, {"nonfinite": False}, False) == "ok"
    assert harness.judge(p, "inf", {"inf": "no cap"}, {"nonfinite": True}, False) == "ok"


def test_the_harness_catches_a_hang_and_an_escaping_exception(monkeypatch):
    import time

    import scaling_lib.compute as compute

    def slow(params, tokens):
        if params == 0:
            time.sleep(60)
        if params == -1:
            raise OverflowError("boom")
        return 6.0 * params * tokens

    slow.__module__ = "scaling_lib.compute"
    monkeypatch.setattr(compute, "training_flops", slow)
    target = harness.Target("scaling_lib.compute.training_flops", "function", slow)
    out = harness.run_target(target, time_limit=1.0, kinds={"zero", "negative", "nan"})
    got = {(c["arg"], c["kind"]): c["category"] for c in out["calls"]}
    assert got[("params", "zero")] == "hang"
    assert got[("params", "negative")] == "other"
    assert got[("params", "nan")] == "accepted_bad"
