"""Every chapter-10 checker accepts its reference, rejects plausible wrong answers, and
reports an untouched starter cell as not attempted."""

import ast
import json
from pathlib import Path

import numpy as np
import pytest

from scaling_lib.exercises import assert_checker
from scaling_lib.exercises import efficient_models as ex
from scaling_lib.lab.sweep import load_sweep


def _lab_3bit_top():
    rows = load_sweep("quantization").rows
    top = max(r["tokens_per_param"] for r in rows)
    return np.mean([r["delta_3bit"] for r in rows if r["tokens_per_param"] == top])


@pytest.mark.parametrize("question,reference,wrong", [
    (ex.q1, 1.8e22, [6 * 34e9 * 1e12, 2 * 3e9 * 1e12, 6 * 2.5e9 * 1e12, 6e21]),
    (ex.q2, 17.0, [1.5, 68.0, 136.0, 34.0]),
    (ex.q3, 16 ** 0.5068, [16.0, 1.0, 16 ** -0.5068, 4.0, 16 ** 0.3439, 0.5068 * 16, 8.0]),
    (ex.q5, 6.2e22, [6e21, 4.8e22, 9e22, 2e22]),
])
def test_numeric_checkers_accept_reference_and_reject_wrong_answers(question, reference, wrong):
    assert_checker(question, reference, wrong)


def test_lab_question_uses_the_cached_sweep():
    rows = load_sweep("quantization").rows
    top = max(r["tokens_per_param"] for r in rows)
    low = min(r["tokens_per_param"] for r in rows)
    wrong = [np.mean([r["delta_4bit"] for r in rows if r["tokens_per_param"] == top]),
             np.mean([r["loss_3bit"] for r in rows if r["tokens_per_param"] == top]),
             np.mean([r["delta_3bit"] for r in rows if r["tokens_per_param"] == low])]
    assert_checker(ex.q4, _lab_3bit_top(), wrong)


def test_choice_question_matches_the_cached_distillation_sweep():
    from scaling_lib.findings import compare_paired
    from scaling_lib.widgets.efficient_models import distillation_seeds

    table = load_sweep("distillation")
    tokens = sorted({r["tokens"] for r in table.rows})
    teachers = sorted({r["teacher_width"] for r in table.rows if r["teacher_width"]})
    for t in tokens:                                      # (a) holds over the seeds
        compare_paired(distillation_seeds(table, "exact", t),
                       distillation_seeds(table, "data", t)).expect("a")
    short = compare_paired(distillation_seeds(table, "model", tokens[0], teachers[-1]),
                           distillation_seeds(table, "exact", tokens[0]))
    assert short.verdict != "a"                           # (b) is not what the seeds carry
    weak = compare_paired(distillation_seeds(table, "model", tokens[-1], teachers[0]),
                          distillation_seeds(table, "data", tokens[-1]))
    assert weak.verdict == "b"                            # (c) is false
    assert_checker(ex.q6, "a", ["b", "c", "d"])


def test_bit_budget_question_matches_the_chapters_summary():
    from scaling_lib.widgets.efficient_models import bit_budget_summary

    s = bit_budget_summary(load_sweep("bit_budget"))
    best = int(s["best"][-1])
    wrong = [k for k in (16, 8, 6, 5, 4, 3) if k != best]
    assert_checker(ex.q7, best, wrong)
    assert "paper" in ex.q7.verdict(4).message or best == 4
    at = s["loss_at"]                       # what the misconception messages assert
    assert (at[3] == np.max([at[k] for k in s["ks"]], axis=0)).all()
    assert (at[16] > at[8]).all()


def test_q7_rejects_a_bit_width_that_is_not_whole():
    v = ex.q7.verdict(6.054)
    assert v.status == "incorrect" and "whole number" in v.message
    assert ex.q7.verdict(float(ex.q7.expected)).status == "correct"


def test_q3_accepts_two_figures_and_still_rejects_gamma_one_half():
    assert ex.q3.verdict(4.1).status == "correct"          # 16^0.5068 = 4.076, 0.6% away
    assert ex.q3.verdict(4.0).status == "incorrect"        # 16^0.5, 1.9% away


def test_q2_names_the_gib_slip():
    gib = 34e9 * 4 / 8 / 2**30
    v = ex.q2.verdict(gib)
    assert v.status == "incorrect" and "GiB" in v.message


def test_misconception_messages_name_the_slip():
    assert "top-2" in ex.q1.verdict(6 * 34e9 * 1e12).message
    assert "every expert" in ex.q2.verdict(1.5).message
    assert "2·N_T" in ex.q5.verdict(9e22).message
    assert "0.5068" in ex.q3.verdict(4.0).message


def test_q3_names_multiplying_instead_of_raising_to_the_power():
    v = ex.q3.verdict(0.5068 * 16)                  # 8.109: not "too large by a factor of 2"
    assert v.status == "incorrect" and "**" in v.message and "factor of" not in v.message


def test_worked_solutions_put_no_python_e_notation_in_math():
    import re

    for q in ex.QUESTIONS:
        for math in re.findall(r"\$[^$]*\$", q.worked_solution):
            assert not re.search(r"\de[+-]?\d", math), (q.name, math)
            assert not re.search(r"\d,\d", math), (q.name, math)


def test_hints_name_what_the_chapter_shows():
    assert any("quant.rows" in h for h in ex.q4.hints)
    assert not any("load_sweep" in h for h in ex.q4.hints)
    assert not any("final_loss" in h for h in ex.q6.hints)


NOTEBOOK = Path(__file__).resolve().parents[1] / "book" / "10_efficient_models.ipynb"


def _module_level_names(tree) -> set:
    names = set()

    def targets(node):
        names.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name))

    def visit(stmts):
        for s in stmts:
            if isinstance(s, ast.Assign):
                for t in s.targets:
                    targets(t)
            elif isinstance(s, ast.AugAssign | ast.AnnAssign):
                targets(s.target)
            elif isinstance(s, ast.For):
                targets(s.target)
                visit(s.body)
                visit(s.orelse)
            elif isinstance(s, ast.With):
                for item in s.items:
                    if item.optional_vars is not None:
                        targets(item.optional_vars)
                visit(s.body)
            elif isinstance(s, ast.If | ast.While):
                visit(s.body)
                visit(s.orelse)
            elif isinstance(s, ast.Try):
                visit(s.body)
                visit(s.orelse)
                visit(s.finalbody)
            elif isinstance(s, ast.FunctionDef | ast.ClassDef):
                names.add(s.name)
            elif isinstance(s, ast.Import | ast.ImportFrom):
                names.update((a.asname or a.name).split(".")[0] for a in s.names)
        for node in ast.walk(ast.Module(body=list(stmts), type_ignores=[])):
            if isinstance(node, ast.NamedExpr):
                targets(node.target)

    visit(tree.body)
    return names


def test_chapter_defines_no_one_letter_globals():
    # a learner answering q6 with an unquoted b must not pick up a variable of the chapter
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    short = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            tree = ast.parse("".join(cell["source"]))
            for name in _module_level_names(tree):
                if len(name) == 1:
                    short.setdefault(name, []).append(cell.get("id"))
    assert not short, short
