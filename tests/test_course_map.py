"""A learner can find their way (issue 31): linked chapter references, light prose, a takeaway
opening every section, numbered captions under static figures, and the notes on which sources
could be reached kept in one place at the end of the chapter."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


link_chapters = _tool("link_chapters")
course_map = _tool("course_map")
prose_stats = _tool("prose_stats")

#: Sections that do not teach a result, so open without a takeaway.
NO_TAKEAWAY = {"Before you start", "Exercises", "Summary", "Sources and checks", "References"}
DRAWING = re.compile(r"\b(draw_\w+|\w+_figure|plot\w*)\(")
#: How the course says which sources it could reach; such notes belong in "Sources and checks".
PROVENANCE = re.compile(r"could not (?:reach|open|read|check)|we reached|were not re-read|"
                        r"not checked against|independent check of this course", re.I)


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def _src(cell: dict) -> str:
    return "".join(cell["source"])


def _teaching_cells(path: Path):
    """(index, cell, section) for cells outside exercises and worked solutions."""
    section, inside = None, False
    for i, cell in enumerate(_cells(path)):
        src = _src(cell)
        if cell["cell_type"] == "markdown":
            if re.search(r"\{(exercise|solution)-start\}", src):
                inside = True
            if inside:
                if re.search(r"\{(exercise|solution)-end\}", src):
                    inside = False
                continue
            for line in src.split("\n"):
                if line.startswith("## "):
                    section = line[3:].strip()
        if not inside:
            yield i, cell, section


@pytest.mark.parametrize("path", CHAPTERS + sorted((ROOT / "book").glob("*.md")),
                         ids=lambda p: p.stem)
def test_every_chapter_reference_is_a_link(path):
    if path.suffix == ".md":
        texts = [path.read_text()]
    else:
        texts = [_src(c) for c in _cells(path) if c["cell_type"] == "markdown"]
    bad = [ref for text in texts for ref in link_chapters.unlinked(text)]
    assert not bad, f"{path.name}: {bad} (python tools/link_chapters.py links them)"


def test_chapter_links_point_at_the_chapter_named():
    files = link_chapters.chapter_files()
    text = link_chapters.link("as chapter 5 and chapters 1–2 show (chapter 99, `chapter 3`)",
                              files)
    assert f"[chapter 5]({files[5]})" in text
    assert f"chapters [1]({files[1]})–[2]({files[2]})" in text
    assert "chapter 99" in text and "`chapter 3`" in text
    assert link_chapters.unlinked(text) == ["chapter 99"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_paragraphs_carry_at_most_about_three_computed_numbers(path):
    heavy = prose_stats.stats(path).over()
    assert not heavy, "\n".join(
        f"cell {p.cell}: {p.numbers} computed numbers in one paragraph (limit "
        f"{prose_stats.LIMIT}; move the rest into a small table or a folded details box): "
        f"{p.text[:90]!r}" for p in heavy)


def test_the_prose_counter_counts_paragraphs_not_cells(tmp_path):
    nb = tmp_path / "99_x.ipynb"
    md = ("A {eval}`prose.a` and {eval}`prose.b`.\n\n- {eval}`prose.c` {eval}`prose.d`\n"
          "- {eval}`prose.e`\n\n:::{admonition} Details\n:class: dropdown\n"
          + "{eval}`prose.f` " * 9 + "\n:::\n\n| {eval}`prose.g` | {eval}`prose.h` |")
    nb.write_text(json.dumps({"cells": [{"cell_type": "markdown", "metadata": {},
                                          "source": [md]}]}))
    s = prose_stats.stats(nb)
    assert [p.numbers for p in s.paragraphs] == [2, 2, 1] and s.most == 2


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_section_opens_with_its_takeaway(path):
    """``## Section``, then an admonition titled Takeaway with one sentence on one line."""
    missing = []
    cells = _cells(path)
    for i, cell, _ in _teaching_cells(path):
        src = _src(cell)
        if cell["cell_type"] != "markdown" or not re.search(r"^## ", src, re.M):
            continue
        heading = re.search(r"^## (.*)$", src, re.M).group(1).strip()
        if heading in NO_TAKEAWAY:
            continue
        after = src[src.index("## " + heading) + len(heading) + 3:].strip()
        if not after and i + 1 < len(cells):
            after = _src(cells[i + 1]).strip()
        m = re.match(r":::\{admonition\} Takeaway\n:class: tip\n(.+)\n:::", after)
        if not m or "\n" in m.group(1) or not m.group(1).rstrip().endswith((".", "?", "!")):
            missing.append(heading)
    assert not missing, (f"sections without a one-sentence takeaway right under the heading "
                         f"(':::{{admonition}} Takeaway', ':class: tip', one line, ':::'): "
                         f"{missing}")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_static_figure_has_a_numbered_caption(path):
    """A figure drawn in the teaching text (not an explorer: those carry ``nbval-ignore-output``)
    is followed by a caption, ``**Figure N.k.**``, numbered in order through the chapter."""
    chapter = int(path.name[:2])
    cells, expected, bad = _cells(path), 1, []
    for i, cell, _ in _teaching_cells(path):
        if cell["cell_type"] != "code" or "nbval-ignore-output" in cell["metadata"].get("tags", []):
            continue
        if not DRAWING.search(_src(cell)):
            continue
        nxt = next((c for c in cells[i + 1:] if c["cell_type"] == "markdown"), None)
        want = f"**Figure {chapter}.{expected}.**"
        if nxt is None or not _src(nxt).startswith(want):
            bad.append(f"cell {i}: the next Markdown cell should start with {want!r}")
        expected += 1
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_notes_on_sources_sit_in_sources_and_checks(path):
    sections = [s for _, c, s in _teaching_cells(path) if c["cell_type"] == "markdown"]
    order = list(dict.fromkeys(s for s in sections if s))
    assert "Sources and checks" in order, "the chapter ends with a 'Sources and checks' note"
    assert order[-2:] == ["Sources and checks", "References"], order[-3:]
    stray = [(i, m.group(0)) for i, c, s in _teaching_cells(path)
             if c["cell_type"] == "markdown" and s != "Sources and checks"
             for m in PROVENANCE.finditer(_src(c))]
    assert not stray, f"notes on what could be reached outside 'Sources and checks': {stray}"


def test_the_intros_map_is_the_one_the_chapters_give():
    """The intro's prerequisites are the chapters each "Before you start" links to, and its
    times the rule of thumb over each chapter's prose, explorers and items."""
    assert course_map.main(["--check"]) == 0, "run python tools/course_map.py"


def test_the_map_lists_every_chapter_with_what_it_needs():
    table = course_map.table()
    for path in CHAPTERS:
        assert f"]({path.name}) |" in table
    assert course_map.needs(ROOT / "book" / "03_data_limits.ipynb") == [0, 2]
    assert course_map.needs(ROOT / "book" / "00_compute.ipynb") == []
