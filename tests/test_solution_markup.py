"""Worked solutions write numbers as a reader expects them (learner review M11, L2).

Inside ``$…$`` math, Python's e-notation (``7.39e-04``) renders as an italic variable
*e* and a spaced minus, and a bare thousands comma (``2,160,145``) gets a space after
each comma: math numbers are written ``7.39\\times10^{-4}`` and ``2{,}160{,}145``
(``scaling_lib.plotting.tex``). Outside math, in the plain text of a solution, numbers
are written as a person writes them (``7.39×10⁻⁴``, ``0.000739``), never ``7.39e-04``;
code spans and code blocks are Python and keep Python's literals.
"""

import importlib
import re

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from scaling_lib.exercises.core import DeferredQuestion

CHAPTERS = ["compute", "kaplan", "chinchilla", "data_limits", "emergence", "inference",
            "test_time", "finetuning", "hyperparameters", "forecasting", "efficient_models"]

#: 7.39e-04, 1.8e+22, 2e9, 6.17E+09, 1e−3 (a typeset minus), not "10^{-4}" or "e^{-x}"
E_NOTATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE][+\-−]?\d+(?!\w|\.\d)")
#: a comma between digits with three digits after it: 2,160 (2{,}160 is fine)
BARE_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")


def _parser() -> MarkdownIt:
    # the same Markdown and math rules as the notebook display (core._markdown_to_html)
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
    return md


def spans(markdown: str) -> tuple[list[str], list[str]]:
    """The math spans and the plain-text runs of ``markdown`` (code left out)."""
    math, text = [], []

    def walk(tokens):
        for t in tokens:
            if t.type.startswith("math"):
                math.append(t.content)
            elif t.type == "text":
                text.append(t.content)
            elif t.children:
                walk(t.children)

    walk(_parser().parse(markdown))
    return math, text


def problems(markdown: str) -> list[str]:
    """What is wrong with the numbers of one worked solution, as readable lines."""
    math, text = spans(markdown)
    found = []
    for m in math:
        found += [f"e-notation {hit!r} in math ${m}$" for hit in E_NOTATION.findall(m)]
        found += [f"bare thousands comma in {hit!r} in math ${m}$ (write {{,}})"
                  for hit in BARE_THOUSANDS.findall(m)]
    for t in text:
        found += [f"e-notation {hit!r} in the text {t!r}" for hit in E_NOTATION.findall(t)]
    return found


def _questions(chapter: str) -> list:
    module = importlib.import_module(f"scaling_lib.exercises.{chapter}")
    return [(q.question() if isinstance(q, DeferredQuestion) else q) for q in module.QUESTIONS]


CASES = [(c, i) for c in CHAPTERS for i in range(len(importlib.import_module(
    f"scaling_lib.exercises.{c}").QUESTIONS))]


@pytest.mark.parametrize(("chapter", "index"), CASES,
                         ids=[f"{c}-q{i + 1}" for c, i in CASES])
def test_worked_solution_writes_numbers_for_its_reader(chapter, index):
    q = _questions(chapter)[index]
    markdown = q.solution().markdown
    assert markdown.strip(), f"{chapter}.{q.name} has no worked solution"
    found = problems(markdown)
    assert not found, f"{chapter}.{q.name}:\n" + "\n".join(found)


@pytest.mark.parametrize(("markdown", "n_found"), [
    ("$C \\approx 7.39e-04$", 1),
    ("$C \\approx 1.8e+22$ FLOPs", 1),
    ("$N = 2,160,145$", 1),
    ("about 6.17e+09 FLOPs", 1),
    ("it returns 6.5e+09.", 1),
    ("$C \\approx 7.39\\times10^{-4}$ and $N = 2{,}160{,}145$", 0),
    ("about 6.17×10⁹ FLOPs, or 110,000 tokens", 0),
    ("`x = 1e9` and\n\n```python\nflops = 6 * 175e9 * 300e9\n```", 0),
    ("$e^{-s(L - m)}$ and $(N, D)$ and \\$2.50", 0),
])
def test_the_checker_finds_python_numbers_in_math_and_text(markdown, n_found):
    assert len(problems(markdown)) == n_found, problems(markdown)
