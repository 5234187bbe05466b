"""Notebook hygiene: what every chapter in git must satisfy."""

import ast
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
#: The numbered chapters; other notebooks (the toolkit page) are pages, not chapters.
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
NETWORK = re.compile(r"\b(requests|urllib|http\.client|socket|urlopen|wget|curl)\b")


def _nb(path):
    return json.loads(path.read_text())


def _code(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _source(cell) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _git_version(path) -> dict:
    rel = path.relative_to(ROOT).as_posix()
    out = subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=ROOT, capture_output=True,
                         text=True)
    return json.loads(out.stdout) if out.returncode == 0 else _nb(path)


def test_there_are_chapters():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stripped(path):
    for nb in (_nb(path), _git_version(path)):
        for cell in _code(nb):
            assert not cell.get("outputs") and cell.get("execution_count") is None, \
                f"{path.name} has stored outputs: strip them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_is_python3(path):
    assert _nb(path)["metadata"]["kernelspec"]["name"] == "python3"


def test_every_chapter_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = {toc["root"]} | {c["file"] for c in toc.get("chapters", [])}
    for path in NOTEBOOKS:
        assert f"book/{path.stem}" in files, f"{path.name} is missing from _toc.yml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_absolute_paths_or_network_use(path):
    nb = _nb(path)
    for cell in nb["cells"]:
        src = _source(cell)
        assert "/work/" not in src and "/home/" not in src and "C:\\" not in src, path.name
        if cell["cell_type"] == "code":
            assert not NETWORK.search(src), f"{path.name} seems to use the network: {src[:80]}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_follows_the_template(path):
    nb = _nb(path)
    code = [_source(c) for c in _code(nb)]
    text = "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert code[0].lstrip().startswith(("from scaling_lib", "import")), "first cell imports"
    assert sum("exercise-start" in _source(c) for c in nb["cells"]) >= 5, "at least 5 exercises"
    assert "Misconception" in text, "a misconceptions box"
    assert "## Summary" in text
    assert len(re.findall(r"_explorer\(", "\n".join(code))) >= 2, "at least two explorers"
    assert re.search(r"\{cite:[pt]\}", text), "cites its sources"
    assert "{glue" not in text, "numbers in prose use {eval}`prose.key`, which JupyterLab renders"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_explorer_cells_are_excluded_from_output_comparison(path):
    for cell in _code(_nb(path)):
        if "_explorer(" in _source(cell):
            assert "nbval-ignore-output" in cell["metadata"].get("tags", []), _source(cell)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solutions_are_folded_in_html_and_in_jupyterlab(path):
    cells = _nb(path)["cells"]
    for i, cell in enumerate(cells):
        if "solution-start" in _source(cell):
            assert ":class: dropdown" in _source(cell)
            nxt = cells[i + 1]
            if nxt["cell_type"] == "code":
                assert nxt["metadata"].get("jupyter", {}).get("source_hidden"), \
                    "solution code is collapsed in JupyterLab"
                # the kernel folds what the cell shows (solution and reference verdict)
                assert re.match(r"with ex\.[a-z]\d+\.solution\(\):\n", _source(nxt)), \
                    f"{path.name}: a solution cell must be `with ex.qN.solution():`"


def test_every_cited_key_is_in_the_bibliography(bib_keys):
    cited = set()
    for path in NOTEBOOKS:
        for cell in _nb(path)["cells"]:
            for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", _source(cell)):
                cited.update(k.strip() for k in group.split(","))
    for py in (ROOT / "scaling_lib").rglob("*.py"):
        cited.update(re.findall(r'citation="?([a-z]+\d{4}[a-z0-9]+)', py.read_text()))
    missing = cited - bib_keys
    assert not missing, f"not in references.bib: {sorted(missing)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_drawn_at_the_end_of_a_cell_are_shown_once(path):
    # A cell ending in a bare `draw_*(...)` call would display the figure twice: once from the
    # inline backend and once as the cell's value. Assign it (`fig = draw_...(...)`) instead
    # of ending the cell with `;`: IPython hides the value of a later {eval} expression
    # (run without history) whenever the last cell in its history ends with `;`.
    twice, quiet = [], []
    for i, cell in enumerate(_code(_nb(path))):
        src = _source(cell).rstrip()
        if src.endswith(";"):
            quiet.append(i)
        try:
            body = ast.parse(src).body
        except SyntaxError:
            continue
        last = body[-1] if body else None
        if (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
                and isinstance(last.value.func, ast.Attribute | ast.Name)
                and getattr(last.value.func, "attr", getattr(last.value.func, "id", ""))
                .startswith("draw_")):
            twice.append(i)
    assert not twice, f"code cells {twice} end in a bare draw_*(...) call: assign the figure"
    assert not quiet, f"code cells {quiet} end in ';', which hides the next {{eval}} number"


def _prose_patterns(src: str) -> list[str]:
    """Regexes for the prose keys a code cell sets: `prose.key = ` or `prose[f"a_{k}"] = `."""
    keys = [re.escape(k) for k in re.findall(r"prose\.(\w+)\s*=", src)]
    keys += [re.sub(r"\\\{[^}]*\\\}", r"\\w+", re.escape(t))
             for t in re.findall(r'prose\[f?"([^"]+)"\]\s*=', src)]
    return keys


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_prose_numbers_are_computed_before_the_text_quotes_them(path):
    # {eval} is evaluated when its Markdown cell is reached (in the book and in JupyterLab),
    # so the code that sets a number must come before the sentence that quotes it.
    known: list[str] = []
    late = []
    for i, cell in enumerate(_nb(path)["cells"]):
        src = _source(cell)
        if cell["cell_type"] == "code":
            known += _prose_patterns(src)
            continue
        for key in re.findall(r"\{eval\}`prose\.(\w+)`", src):
            if not any(re.fullmatch(k, key) for k in known):
                late.append((i, key))
    assert not late, f"{path.name}: quoted before it is computed (cell, key): {late[:5]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_admonition_opens_and_closes_in_one_cell(path):
    # a directive cannot span cells: a code cell inside a ':::' fence breaks the page
    for i, cell in enumerate(_nb(path)["cells"]):
        if cell["cell_type"] == "markdown":
            src = _source(cell)
            opens = len(re.findall(r"^:::\{", src, re.M))
            closes = len(re.findall(r"^:::\s*$", src, re.M))
            assert opens == closes, f"{path.name} cell {i}: {opens} ':::{{' but {closes} ':::'"


def _cited(text: str) -> set[str]:
    keys = set()
    for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", text):
        keys.update(k.strip() for k in group.split(","))
    return keys


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_references_paragraph_lists_every_work_the_chapter_cites(path):
    cells = _nb(path)["cells"]
    body = "\n".join(_source(c) for c in cells[:-1] if c["cell_type"] == "markdown")
    listed = _cited(_source(cells[-1]))
    assert "This chapter cites" in _source(cells[-1])
    missing = _cited(body) - listed
    if "Cite(m.citation)" in "\n".join(_source(c) for c in cells):
        from scaling_lib import models

        missing |= {m.citation for m in models.MODELS} - listed
    assert not missing, f"{path.name}: cited but not in 'This chapter cites': {sorted(missing)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_a_reader_sees_fits_the_page(path):
    # 88 columns fit a code block at the book's default width without scrolling sideways
    wide = []
    for i, cell in enumerate(_code(_nb(path))):
        if "remove-input" in cell["metadata"].get("tags", []):
            continue
        wide += [(i, len(line)) for line in _source(cell).split("\n") if len(line) > 88]
    assert not wide, f"{path.name}: code lines over 88 columns (cell, length): {wide[:5]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_and_bookkeeping_read_well_in_jupyterlab(path):
    """Learner review of issue 29: M4, M3, M5.

    An exercise's title starts with its handle (``q3 · ...``), since JupyterLab numbers a
    chapter's exercises from 1 and the book across the whole course; a solution's start
    directive has a line of content, so its dropdown in JupyterLab is never empty; a cell
    the book hides or folds (``remove-input``, ``hide-input``) has its input collapsed in
    JupyterLab too, where a learner can still expand and run it.
    """
    for i, cell in enumerate(_nb(path)["cells"]):
        src = _source(cell)
        if "{exercise-start}" in src:
            q = re.search(r":label: ex-[a-z0-9_-]*-([a-z]\d+)", src).group(1)
            title = re.search(r"\{exercise-start\}[ \t]*(.*)", src).group(1)
            assert title.startswith(f"{q} ·"), f"{path.name} cell {i}: title {title!r}"
        if "{solution-start}" in src:
            body = [ln for ln in src.splitlines()[1:]
                    if ln.strip() and not ln.startswith(":") and not ln.startswith("```")]
            assert body, f"{path.name} cell {i}: an empty solution-start dropdown"
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code" and {"remove-input", "hide-input"} & set(tags):
            assert cell["metadata"].get("jupyter", {}).get("source_hidden"), \
                f"{path.name} cell {i}: a {tags} cell shown in full in JupyterLab"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_a_chapter_title_carries_its_number(path):
    """The sidebar and JupyterLab show "2. Compute-optimal training", as the prose says
    "chapter 2" (learner review L10)."""
    first = next(c for c in _nb(path)["cells"] if c["cell_type"] == "markdown")
    assert _source(first).startswith(f"# {int(path.name[:2])}. "), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_inside_an_exercise_fits_the_exercise_box(path):
    """The book draws an exercise in a box narrower than the page: its code lines stay within
    80 columns (the reader's pass measured 84 columns 13 px too wide at 1280 px)."""
    inside = False
    for cell in _nb(path)["cells"]:
        src = _source(cell)
        inside = (inside or "{exercise-start}" in src) and "{exercise-end}" not in src
        if inside and cell["cell_type"] == "code":
            long = [line for line in src.splitlines() if len(line) > 80]
            assert not long, f"{path.name}: {long[0]!r} is {len(long[0])} columns"
