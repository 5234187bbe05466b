"""How heavy a chapter's prose is: words, computed numbers, and numbers per paragraph (issue 31).

A *computed number* is an ``{eval}`` role in a Markdown cell (the course's only way to put a
computed value into prose). A *paragraph* is a block of Markdown text between blank lines, or
one item of a list; tables, headings, equations and directive lines are not paragraphs.
Exercise statements and worked solutions are left out (they are the learner's work, not the
teaching text), and so is anything inside a folded admonition (``:class: dropdown``): a reader
opens it only if they want the details. The design's limit (``design.md``, Numbers) is about
three computed numbers per paragraph; ``tests/test_prose_load.py`` holds every chapter to it.

Usage: python tools/prose_stats.py [book/02_chinchilla.ipynb ...] [--paragraphs]
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 3
EVAL = re.compile(r"\{eval\}`[^`]+`")
ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")
NOT_PROSE = re.compile(r"^\s*(?:\||#|:::|```|\$\$|:\w+:|<)")


@dataclass
class Paragraph:
    cell: int
    text: str

    @property
    def numbers(self) -> int:
        return len(EVAL.findall(self.text))


@dataclass
class Stats:
    path: Path
    words: int = 0
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def numbers(self) -> int:
        return sum(p.numbers for p in self.paragraphs)

    @property
    def most(self) -> int:
        return max((p.numbers for p in self.paragraphs), default=0)

    def over(self, limit: int = LIMIT) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.numbers > limit]


def _blocks(lines: list[str]):
    """Paragraphs and list items of the lines of one Markdown region."""
    block: list[str] = []
    for line in lines + [""]:
        if not line.strip() or NOT_PROSE.match(line) or (ITEM.match(line) and block):
            if block:
                yield "\n".join(block)
            block = [line] if line.strip() and ITEM.match(line) else []
        else:
            block.append(line)


def stats(path: Path) -> Stats:
    """The prose statistics of one chapter notebook."""
    out = Stats(path)
    in_exercise = False
    for index, cell in enumerate(json.loads(Path(path).read_text())["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        src = "".join(cell["source"])
        if re.search(r"\{(exercise|solution)-start\}", src):
            in_exercise = True
        if in_exercise:
            if re.search(r"\{(exercise|solution)-end\}", src):
                in_exercise = False
            continue
        kept, folded, fence = [], False, None
        for line in src.split("\n"):
            opening = re.match(r"^(:{3,}|`{3,})\{", line)
            if opening:
                fence, folded = opening.group(1), False
                continue
            if fence and line.strip().startswith(":class:") and "dropdown" in line:
                folded = True
                continue
            if fence and line.strip() == fence:
                fence, folded = None, False
                continue
            if not folded:
                kept.append(line)
        for text in _blocks(kept):
            out.paragraphs.append(Paragraph(index, text))
            out.words += len(EVAL.sub("N", text).split())
    return out


def main(argv: list[str]) -> int:
    show = "--paragraphs" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or sorted(
        (ROOT / "book").glob("[0-9]*.ipynb"))
    print(f"{'chapter':28s} {'words':>6s} {'numbers':>8s} {'most':>5s} "
          f"{'over ' + str(LIMIT):>7s}")
    for path in paths:
        s = stats(path)
        print(f"{path.stem:28s} {s.words:6d} {s.numbers:8d} {s.most:5d} {len(s.over()):7d}")
        if show:
            for p in s.over():
                print(f"    cell {p.cell}: {p.numbers} numbers: {p.text[:110]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
