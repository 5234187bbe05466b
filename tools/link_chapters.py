"""Turn every "chapter N" in the course's Markdown into a link to chapter N (issue 31).

"chapter 5" becomes ``[chapter 5](05_inference_optimal.ipynb)``; in a list or a range
("chapters 1 and 2", "chapters 1–7") each number becomes a link. Links to a notebook work in
the book (MyST resolves them to the page) and in JupyterLab (they open the learner's copy,
which sits beside the chapter's own). ``tests/test_chapter_links.py`` fails on any left
unlinked; run this to fix them.

Usage: python tools/link_chapters.py [--check] [FILE ...]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
NUM = r"(?<!\[)\b(\d{1,2})\b(?!\]\()"
SEP = r"(?:,\s*|\s+and\s+|\s+or\s+|\s+to\s+|\s*[–-]\s*)"
PHRASE = re.compile(rf"(?<![\[\w])([Cc]hapters?)\s+(\d{{1,2}}(?:{SEP}\d{{1,2}})*)\b(?![\]\w(])")
LINKED_NUMBER = re.compile(r"\[(?:[Cc]hapters?\s+)?\d{1,2}\]\([^)]*\)")


#: Directive lines (an exercise's title, ``:label:``) are not prose: no links there.
DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,}|:\w+:).*$", re.M)


def chapter_files() -> dict[int, str]:
    return {int(p.name[:2]): p.name for p in BOOK.glob("[0-9][0-9]_*.ipynb")}


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans where a chapter number must not be linked: code, math, existing links."""
    spans = []
    for pattern in (r"`[^`\n]*`", r"\$\$.*?\$\$", r"\$[^$\n]*\$", r"\[[^\]\n]*\]\([^)\n]*\)"):
        spans += [m.span() for m in re.finditer(pattern, text, re.S)]
    return spans


def link(text: str, files: dict[int, str], prefix: str = "") -> str:
    """``text`` with every chapter reference linked."""
    protected = _protected(text) + [m.span() for m in DIRECTIVE.finditer(text)]

    def repl(m: re.Match) -> str:
        if any(a <= m.start() < b for a, b in protected):
            return m.group(0)
        numbers = [int(n) for n in re.findall(r"\d{1,2}", m.group(2))]
        if any(n not in files for n in numbers):
            return m.group(0)
        if len(numbers) == 1:
            return f"[{m.group(1)} {numbers[0]}]({prefix}{files[numbers[0]]})"
        body = re.sub(r"\d{1,2}", lambda d: f"[{d.group(0)}]({prefix}{files[int(d.group(0))]})",
                      m.group(2))
        return f"{m.group(1)} {body}"

    return PHRASE.sub(repl, text)


def unlinked(text: str) -> list[str]:
    """Chapter references in ``text`` that are not links (directive lines aside)."""
    text = DIRECTIVE.sub("", text)
    protected = _protected(text)
    return [m.group(0) for m in PHRASE.finditer(text)
            if not any(a <= m.start() < b for a, b in protected)]


def _markdown_sources(path: Path):
    if path.suffix == ".md":
        yield None, path.read_text()
        return
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            yield cell, "".join(cell["source"])


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or (
        sorted(BOOK.glob("[0-9][0-9]_*.ipynb")) + sorted(BOOK.glob("*.md")))
    files, bad = chapter_files(), 0
    for path in paths:
        prefix = "book/" if path.parent == ROOT else ""
        if path.suffix == ".md":
            text = path.read_text()
            new = link(text, files, prefix)
            if check:
                bad += len(unlinked(text))
            elif new != text:
                path.write_text(new)
            continue
        nb = json.loads(path.read_text())
        changed = False
        for cell in nb["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            if check:
                for ref in unlinked(text):
                    print(f"{path.name}: {ref!r} is not a link")
                    bad += 1
                continue
            new = link(text, files, prefix)
            if new != text:
                lines = new.split("\n")
                cell["source"] = [line + "\n" for line in lines[:-1]] + [lines[-1]]
                changed = True
        if changed:
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
