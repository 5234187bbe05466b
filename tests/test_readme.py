"""README.md describes the course as it is (issue 32): every chapter of _toc.yml in its chapter
list and in its table chapter -> library -> explorers -> exercises -> lab, every module the
table names exists, and "Contributing a chapter" says how numbers reach the prose."""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
NUMBERED = re.compile(r"^(\d\d)_\w+$")


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = []

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                out.append(e["file"])
            walk(e.get("sections"))
            for part in e.get("parts", []) or []:
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return out


def _chapters() -> list[tuple[int, str]]:
    """(number, stem) of every numbered chapter in _toc.yml."""
    stems = [Path(f).name for f in _toc_files()]
    return [(int(NUMBERED.match(s).group(1)), s) for s in stems if NUMBERED.match(s)]


def _section(title: str) -> str:
    m = re.search(rf"^##+ {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert m, f"README has no section {title!r}"
    return m.group(1)


def _listed() -> dict[int, str]:
    """The README's chapter list: number -> bold title."""
    return {int(n): title for n, title in
            re.findall(r"^(\d+)\. \*\*(.+?)\*\*", _section("Chapters"), re.M)}


def _table() -> dict[int, list[str]]:
    """The table's rows: chapter number -> its cells."""
    rows = {}
    for line in _section("Chapters").splitlines():
        m = re.match(r"^\| (\d+) `(\w+)` \|(.*)\|$", line)
        if m:
            rows[int(m.group(1))] = [m.group(2), *[c.strip() for c in m.group(3).split("|")]]
    return rows


def test_the_toc_has_the_chapters_this_test_expects():
    assert len(_chapters()) >= 11


def test_every_chapter_of_the_toc_is_in_the_readme_list_with_its_title():
    listed = _listed()
    missing = [stem for n, stem in _chapters() if n not in listed]
    assert not missing, f"add these chapters of _toc.yml to README.md's chapter list: {missing}"
    extra = sorted(set(listed) - {n for n, _ in _chapters()})
    assert not extra, f"README.md lists chapters that _toc.yml does not have: {extra}"
    for n, stem in _chapters():
        nb = json.loads((ROOT / "book" / f"{stem}.ipynb").read_text())
        heading = next(line for c in nb["cells"] if c["cell_type"] == "markdown"
                       for line in "".join(c["source"]).splitlines() if line.startswith("# "))
        title = re.sub(r"^# \d+\.\s*", "", heading)
        assert title.lower().startswith(listed[n].lower()), (stem, title, listed[n])


def test_every_other_page_of_the_toc_is_named_in_the_readme():
    # the toolkit, notation and glossary pages (the references and status pages are
    # bookkeeping); each is named by its file
    for f in _toc_files():
        stem = Path(f).name
        if NUMBERED.match(stem) or stem in ("intro", "references", "status"):
            continue
        assert re.search(rf"`book/{re.escape(stem)}\.(ipynb|md)`", README), (
            f"README.md does not name the page {f} of _toc.yml")


def test_every_chapter_has_a_row_in_the_module_table():
    rows = _table()
    for n, stem in _chapters():
        assert n in rows, f"README.md's module table has no row for chapter {n} ({stem})"
        assert rows[n][0] == stem, (n, rows[n][0], stem)


@pytest.mark.parametrize("column, folder", [(1, "scaling_lib"), (2, "scaling_lib/widgets"),
                                            (3, "scaling_lib/exercises"),
                                            (4, "scaling_lib/lab")])
def test_every_module_the_table_names_exists(column, folder):
    for n, cells in _table().items():
        names = re.findall(r"`(\w+)`", cells[column].split("(")[0])
        assert names, (n, cells[column])
        for name in names:
            assert (ROOT / folder / f"{name}.py").is_file(), (
                f"chapter {n}: README.md names {folder}/{name}.py, which does not exist")


def test_every_preset_the_table_names_is_registered():
    from scaling_lib.lab.sweep import PRESETS
    from scaling_lib.lab.task import TASK_PRESETS

    for n, cells in _table().items():
        inside = cells[4].split("(", 1)[1] if "(" in cells[4] else ""
        for name in re.findall(r"`(\w+)`", inside):
            known = TASK_PRESETS if "task sweep" in inside else PRESETS
            assert name in known, f"chapter {n}: README.md names an unknown preset {name!r}"


def test_contributing_says_numbers_come_from_eval_and_prose():
    text = _section("Contributing a chapter")
    assert "{eval}" in text and "prose" in text
    assert "glue" not in text, "numbers reach the prose through {eval} and prose, not glue"
