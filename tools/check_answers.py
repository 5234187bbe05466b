"""No answer on the page: an exercise's expected value is not printed above it (issue 30).

Reads each built chapter page (the text a reader and, in JupyterLab, a learner has in front
of them: prose with its computed numbers, tables, printed outputs, figure captions), and for
every numeric exercise (``ex.qN``, a :class:`~scaling_lib.exercises.core.NumericQuestion`)
looks for its expected value in the text above the exercise, within the checker's own
tolerance. Worked solutions (folded) and the statements of other exercises are not counted:
the question is whether the page answers the exercise before the learner works it.

Numbers are read in every way the course writes them: ``1.83×10¹⁴``, ``1.83\\times10^{14}``
(TeX, typeset in the browser), ``1.8e14``, ``2,160,145``, ``183T``/``70B``/``300M``/``20k``,
``61%``; round numbers (one significant figure: ``10``, ``0.5``, ``10¹²``) are the page's inputs
and axis values and are not counted. An expected value that is a small whole number (below
100) or 0 cannot be told from the page's other numbers and is not checked; it is counted as
such.

Numbers measured on the machine that built the page (timings, achieved FLOP/s) differ from
machine to machine and are not counted, or the check would pass on one machine and fail on
another: the outputs of code cells tagged ``nbval-ignore-output`` (the course's mark for an
output that varies) and every paragraph that says ``When this page was built`` (the course's
phrase for prose that quotes such a measurement).

``KNOWN`` lists the exercises that still have their answer above them, each with its reason;
a listed exercise whose answer is no longer on the page fails too (remove it from the list).

Usage: python tools/check_answers.py _build/html [--report] [--only 08]
"""

from __future__ import annotations

import importlib
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: (chapter file stem, question name) → why its answer is still on the page.
KNOWN: dict[tuple[str, str], str] = {}

_SUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
_SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "%": 1e-2}
NUMBER = re.compile(r"""
    (?<![\w.^{])
    (?P<mant>[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)
    (?:
        \s*(?:×|\\times|x)\s*10\s*(?:\^\{?(?P<exp1>[-−]?\d+)\}?|(?P<exp2>[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))
      | [eE](?P<exp3>[+-]?\d+)
      | \s?(?P<suffix>[kKMBGT%])(?![A-Za-z])
    )?
""", re.X)


def _significant(mant: str) -> int:
    """Significant figures of a written mantissa: ``"10"`` 1, ``"52"`` 2, ``"0.60"`` 2."""
    digits = mant.replace(",", "").replace("−", "").replace("-", "")
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0"))
    return len(digits.lstrip("0").rstrip("0"))


def numbers_in(text: str) -> list[float]:
    """Every number ``text`` writes with at least two significant figures, in any of the
    course's notations. Round numbers (``10``, ``0.5``, ``3×10⁸``, ``10¹²``) are left out: they
    are the page's inputs and axis values far more often than an exercise's answer."""
    found = []
    for m in NUMBER.finditer(text):
        if _significant(m["mant"]) < 2:
            continue
        mant = float(m["mant"].replace(",", "").replace("−", "-"))
        exp = m["exp1"] or (m["exp2"] and m["exp2"].translate(_SUP)) or m["exp3"]
        if exp:
            found.append(mant * 10.0 ** int(exp.replace("−", "-")))
        elif m["suffix"]:
            found.append(mant * _SCALE[m["suffix"]])
        else:
            found.append(mant)
    return found


def checkable(expected: float) -> bool:
    return math.isfinite(expected) and expected != 0 and not (
        float(expected).is_integer() and abs(expected) < 100)


def on_page(expected: float, rel_tol: float, seen: list[float]) -> float | None:
    """The first number in ``seen`` within ``rel_tol`` of ``expected`` (None if none)."""
    tol = max(rel_tol, 1e-9) * abs(expected)
    return next((x for x in seen if abs(x - expected) <= tol), None)


def _module_of(notebook: Path):
    """The chapter's exercises module, as its first cell imports it (``... import X as ex``)."""
    for cell in json.loads(notebook.read_text())["cells"]:
        src = "".join(cell["source"])
        m = re.search(r"from scaling_lib\.exercises import (\w+) as ex\b", src)
        if m:
            return importlib.import_module(f"scaling_lib.exercises.{m.group(1)}")
    return None


def _expected(question) -> tuple[list[float], float] | None:
    """A numeric question's expected values and tolerance (None for other kinds)."""
    from scaling_lib.exercises.core import DeferredQuestion, NumericQuestion

    if isinstance(question, DeferredQuestion):
        question = question.question()
    if not isinstance(question, NumericQuestion):
        return None
    return [float(x) for x in question._expected()], float(question.rel_tol)


#: Prose that quotes a measurement of the building machine says so with this phrase.
MEASURED_PHRASE = "When this page was built"


def _measured(node) -> bool:
    """Whether ``node`` is text measured on the machine that built the page."""
    for p in node.parents:
        if p.name == "div" and "tag_nbval-ignore-output" in p.get("class", []):
            return True
        if p.name == "p" and MEASURED_PHRASE in p.get_text():
            return True
    return False


def _text_before(soup_main, exercise) -> str:
    """The text a reader has read when they reach ``exercise``: no solutions, no statements."""
    from bs4 import NavigableString

    parts = []
    for node in soup_main.descendants:
        if node is exercise:
            break
        if isinstance(node, NavigableString):
            skip = any(p.name == "div" and ({"solution", "exercise"} & set(p.get("class", [])))
                       for p in node.parents)
            if not skip and node.parent.name not in ("script", "style") and not _measured(node):
                parts.append(str(node))
    return " ".join(parts)


def check_page(html_path: Path, notebook: Path) -> tuple[list[dict], list[str]]:
    """One row per numeric exercise of the chapter, and its failures."""
    from bs4 import BeautifulSoup

    module = _module_of(notebook)
    if module is None:
        return [], []
    soup = BeautifulSoup(html_path.read_text(), "html.parser")
    main = soup.select_one("main") or soup
    rows, failures = [], []
    for exercise in main.select("div.exercise[id]"):
        m = re.search(r"-([a-z]\d+)$", exercise["id"])
        question = getattr(module, m.group(1), None) if m else None
        if question is None:
            continue
        expected = _expected(question)
        if expected is None:
            continue
        values, rel_tol = expected
        key = (notebook.stem, m.group(1))
        row = {"chapter": notebook.stem, "question": m.group(1), "checked": True, "hit": None}
        if not all(checkable(v) for v in values):
            row["checked"] = False
        else:
            seen = numbers_in(_text_before(main, exercise))
            hits = [on_page(v, rel_tol, seen) for v in values]
            if all(h is not None for h in hits):
                row["hit"] = hits
        rows.append(row)
        if row["hit"] and key not in KNOWN:
            failures.append(f"{notebook.stem} {m.group(1)}: its answer "
                            f"{', '.join(f'{v:.4g}' for v in values)} is already on the page "
                            f"above it (as {', '.join(f'{h:.4g}' for h in row['hit'])}); give "
                            f"the exercise inputs the page has not worked")
        if key in KNOWN and not row["hit"]:
            failures.append(f"{notebook.stem} {m.group(1)}: listed in KNOWN but its answer is no "
                            f"longer on the page: remove it from the list")
    return rows, failures


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    html_root, report = Path(argv[0]), "--report" in argv
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    sys.path.insert(0, str(ROOT))
    rows, failures = [], []
    for notebook in sorted((ROOT / "book").glob(f"{only or '[0-9][0-9]'}_*.ipynb")):
        page = html_root / "book" / f"{notebook.stem}.html"
        if not page.exists():
            failures.append(f"{page}: not built")
            continue
        r, f = check_page(page, notebook)
        rows += r
        failures += f
    if report:
        for chapter in sorted({r["chapter"] for r in rows}):
            mine = [r for r in rows if r["chapter"] == chapter]
            hits = [r["question"] for r in mine if r["hit"]]
            skipped = [r["question"] for r in mine if not r["checked"]]
            print(f"{chapter:28} numeric items {len(mine)}; answer above it: {len(hits)} "
                  f"{hits if hits else ''}; not checkable: {skipped if skipped else 0}")
    checked = sum(r["checked"] for r in rows)
    print(f"check_answers: {len(rows)} numeric exercises, {checked} checked, "
          f"{sum(bool(r['hit']) for r in rows)} with the answer above them "
          f"({len(KNOWN)} known)")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
