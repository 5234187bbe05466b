"""The intro's map of the course (issue 31): each chapter, what it needs first, and a time estimate.

Nothing in the table is typed by hand except each chapter's one-line question:

- *needs* lists the chapters a chapter's "Before you start" section links to (its recall items
  are about them), so the map cannot drift from what a chapter actually asks the learner to know;
- *time* is a rule of thumb, not a measurement, from the assumptions of the pedagogy review
  (``shared/reviews/pedagogy.md``, "Progression and time"): prose read at 100 words a minute,
  5 minutes per explorer, 7 per numeric item, 12 per item that asks for a function, 3 per
  multiple-choice item, 60 for a capstone; rounded to the nearest quarter hour.

``python tools/course_map.py`` rewrites the table between the markers in ``book/intro.md``;
``--check`` exits 1 when the intro's table is not the one the chapters give
(``tests/test_course_map.py`` runs it).
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
INTRO = BOOK / "intro.md"
START, END = "<!-- course-map:start -->", "<!-- course-map:end -->"

WORDS_PER_MINUTE = 100
MINUTES = {"explorer": 5, "NumericQuestion": 7, "FunctionQuestion": 12, "ChoiceQuestion": 3,
           "PlanQuestion": 60}

#: The question each chapter answers (the only typed column).
QUESTIONS = {
    0: "How many FLOPs, GPU-days and dollars does a model cost?",
    1: "How does loss fall with parameters, data and compute, and why a power law?",
    2: "How should a fixed budget be split between parameters and data?",
    3: "What are repeated epochs worth?",
    4: "Are sudden jumps in ability real, or an effect of the metric?",
    5: "How should inference demand change the model you train?",
    6: "When does sampling more beat training bigger?",
    7: "How much does fine-tuning data buy, and how does it scale?",
    8: "How do learning rate, batch size and schedule change with scale?",
    9: "Can a ladder of small models forecast what a large one will be able to do?",
    10: "What do mixtures of experts, quantisation and distillation do to N in the laws?",
}


def chapters() -> list[Path]:
    return sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def title(path: Path) -> str:
    first = "".join(next(c for c in _cells(path) if c["cell_type"] == "markdown")["source"])
    return re.match(r"# \d+\. (.+)", first.split("\n")[0]).group(1).strip()


def needs(path: Path) -> list[int]:
    """The chapters the "Before you start" section links to."""
    found, section = set(), None
    for cell in _cells(path):
        for line in "".join(cell["source"]).split("\n"):
            if line.startswith("## "):
                section = line[3:].strip()
            elif section == "Before you start":
                found |= {int(n) for n in re.findall(r"\]\((\d\d)_\w+\.ipynb", line)}
    return sorted(found - {int(path.name[:2])})


def _items(path: Path) -> list:
    for cell in _cells(path):
        m = re.search(r"from scaling_lib\.exercises import (\w+) as ex\b", "".join(cell["source"]))
        if m:
            module = importlib.import_module(f"scaling_lib.exercises.{m.group(1)}")
            names = ("RECALL", "PREDICTIONS", "TRY_THIS", "QUESTIONS")
            return [q for name in names for q in getattr(module, name, [])]
    return []


def minutes(path: Path) -> float:
    """The rule-of-thumb time for one chapter, in minutes."""
    words = sum(len("".join(c["source"]).split()) for c in _cells(path)
                if c["cell_type"] == "markdown")
    explorers = sum("".join(c["source"]).count("_explorer(") for c in _cells(path)
                    if c["cell_type"] == "code")
    total = words / WORDS_PER_MINUTE + explorers * MINUTES["explorer"]
    for q in _items(path):
        kind = type(q).__name__
        if kind == "DeferredQuestion":
            kind = type(q.question()).__name__
        total += MINUTES.get(kind, MINUTES["NumericQuestion"])
    return total


def _hours(mins: float) -> str:
    quarter = max(1, round(mins / 15)) / 4
    return f"{quarter:g} h"


def table() -> str:
    rows = ["| | chapter | question | needs | time* |", "|---|---|---|---|---|"]
    total = 0.0
    for path in chapters():
        n = int(path.name[:2])
        need = ", ".join(f"[{k}]({p.name})" for k in needs(path)
                         for p in chapters() if int(p.name[:2]) == k) or "—"
        mins = minutes(path)
        total += mins
        rows.append(f"| {n} | [{title(path)}]({path.name}) | {QUESTIONS[n]} | {need} | "
                    f"{_hours(mins)} |")
    rows.append("")
    rows.append(f"\\*A rule of thumb, not a measurement: about {_hours(total)} in all, counting "
                f"prose at {WORDS_PER_MINUTE} words a minute, {MINUTES['explorer']} minutes per "
                f"explorer, {MINUTES['NumericQuestion']} per numeric item, "
                f"{MINUTES['FunctionQuestion']} per item that asks for a function, "
                f"{MINUTES['ChoiceQuestion']} per multiple-choice item and "
                f"{MINUTES['PlanQuestion']} for the capstone; *needs* lists the chapters a "
                "chapter's *Before you start* questions are about.")
    return "\n".join(rows)


def render(intro: str) -> str:
    before, rest = intro.split(START)
    _, after = rest.split(END)
    return f"{before}{START}\n{table()}\n{END}{after}"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    intro = INTRO.read_text()
    new = render(intro)
    if "--check" in argv:
        if new != intro:
            print("book/intro.md's map is out of date: run python tools/course_map.py")
            return 1
        return 0
    INTRO.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
