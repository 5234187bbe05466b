"""tools/check_answers.py reads numbers as the course writes them and finds an answer above
its exercise (issue 30)."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_answers",
                                              ROOT / "tools" / "check_answers.py")
check_answers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_answers)


@pytest.mark.parametrize("text,value", [
    (r"\(1.83\times10^{14}\)", 1.83e14), ("1.83×10¹⁴", 1.83e14), ("1.8e14", 1.8e14),
    ("2,160,145 steps", 2160145.0), ("183T tokens", 1.83e14), ("a 65B model", 65e9),
    ("61%", 0.61), ("7.39×10⁻⁴", 7.39e-4), ("0.5068", 0.5068)])
def test_numbers_are_read_in_every_notation_the_course_uses(text, value):
    assert any(abs(x - value) <= 1e-9 * abs(value) for x in check_answers.numbers_in(text))


@pytest.mark.parametrize("text", ["10 options", "0.5", "3×10⁸", "q1", "x2"])
def test_round_numbers_and_names_are_not_answers(text):
    assert check_answers.numbers_in(text) == []


def test_an_answer_within_the_checkers_tolerance_is_found():
    assert check_answers.on_page(2.36e12, 0.01, [2.4e12, 2.35e12]) == 2.35e12
    assert check_answers.on_page(2.36e12, 0.01, [2.4e12]) is None


def test_small_whole_numbers_cannot_be_checked():
    assert not check_answers.checkable(25.0) and not check_answers.checkable(0.0)
    assert check_answers.checkable(459.0) and check_answers.checkable(0.25)


def _page(tmp_path, above: str) -> tuple[Path, Path]:
    html = tmp_path / "page.html"
    html.write_text(f"<main><p>{above}</p>"
                    '<div class="exercise admonition" id="ex-compute-q1"><p>How many?</p></div>'
                    '<div class="solution admonition"><p>3.15×10²³</p></div></main>')
    nb = tmp_path / "00_compute.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": [
        "from scaling_lib.exercises import compute as ex"]}]}))
    return html, nb


def test_a_page_that_prints_the_answer_above_the_exercise_fails(tmp_path):
    from scaling_lib.exercises import compute

    expected = compute.q1._expected()[0]
    html, nb = _page(tmp_path, f"the run took {expected:.3e} FLOPs")
    rows, failures = check_answers.check_page(html, nb)
    assert rows[0]["hit"] and "already on the page" in failures[0]


def test_a_page_without_the_answer_passes_and_solutions_do_not_count(tmp_path):
    html, nb = _page(tmp_path, "nothing here but 12.5 and 0.37")
    rows, failures = check_answers.check_page(html, nb)
    assert rows and not rows[0]["hit"] and not failures


def test_numbers_measured_on_the_building_machine_do_not_count(tmp_path):
    """A timing that happens to equal an answer on one machine must not fail the build there
    (CI once read "training took 1.0 s" as chapter 0's q5, $0.98)."""
    from scaling_lib.exercises import compute

    expected = f"{compute.q1._expected()[0]:.3e}"
    for above in (f"When this page was built, training took {expected} FLOPs.",
                  f'</p><div class="cell tag_nbval-ignore-output"><pre>{expected}</pre></div><p>'):
        html, nb = _page(tmp_path, above)
        rows, failures = check_answers.check_page(html, nb)
        assert rows and not rows[0]["hit"] and not failures, above


def test_a_measured_paragraph_does_not_hide_the_next_one(tmp_path):
    from scaling_lib.exercises import compute

    expected = f"{compute.q1._expected()[0]:.3e}"
    html, nb = _page(tmp_path, f"When this page was built, 1.5 s.</p><p>It took {expected}.")
    rows, failures = check_answers.check_page(html, nb)
    assert rows[0]["hit"] and failures
