"""The notation page (book/notation.md, issue 31): one row per symbol per chapter, and every
symbol it lists is written, as LaTeX, in that chapter's Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
PAGE = BOOK / "notation.md"
CHAPTERS = {int(p.name[:2]): p for p in BOOK.glob("[0-9][0-9]_*.ipynb")}
ROW = re.compile(r"^\|\s*\$(?P<sym>[^$]+)\$\s*\|\s*\[(?P<num>\d+)\]\((?P<file>[^)]+)\)\s*\|"
                 r"(?P<meaning>[^|]+)\|(?P<units>[^|]+)\|\s*$")
#: Letters the review (pedagogy change 8) and issue 31 ask the page to cover.
REQUIRED = ["E", "N", "D", "C", "L", r"\alpha", r"\beta", "A", "B", "a", "b", "G", "k", "d",
            "h", "f", "m", r"\eta", "s", "r"]


def _rows() -> list[dict]:
    rows = [m.groupdict() for line in PAGE.read_text().splitlines() if (m := ROW.match(line))]
    return [{**r, "num": int(r["num"])} for r in rows]


WRAPPER = re.compile(r"\\(?:text|mathrm|textrm|operatorname)\{([^{}]*)\}")


def _group(tex: str, i: int) -> tuple[str, int]:
    """The argument of ``_`` starting at ``tex[i]``: a braced group, a command or a character."""
    if tex[i] == "{":
        depth, j = 0, i
        while j < len(tex):
            depth += {"{": 1, "}": -1}.get(tex[j], 0)
            if depth == 0:
                return tex[i + 1:j], j + 1
            j += 1
        return tex[i + 1:], len(tex)
    m = re.match(r"\\[A-Za-z]+(?:\{[^{}]*\})?|.", tex[i:])
    return m.group(0), i + m.end()


def tokens(tex: str) -> tuple[str, ...]:
    r"""LaTeX as a sequence of symbols, spacing ignored. A subscript is one token, written the
    same however the chapter spells it: ``N_\text{opt}``, ``N_{opt}`` and
    ``N_{\mathrm{opt}}`` all give ``("N", "_opt")``; ``\text{...}`` outside a subscript is
    one opaque token; superscripts stay transparent, since exponents are symbols too."""
    tex = re.sub(r"\\[,;:! ]", " ", tex)
    out, i = [], 0
    while i < len(tex):
        c = tex[i]
        if c.isspace():
            i += 1
        elif c == "_" and i + 1 < len(tex):
            arg, i = _group(tex, i + 1)
            out.append("_" + re.sub(r"[\s{}]", "", WRAPPER.sub(r"\1", arg)))
        elif m := WRAPPER.match(tex, i):
            out.append("text:" + m.group(1))
            i = m.end()
        elif m := re.compile(r"\\[A-Za-z]+|\\.").match(tex, i):
            out.append(m.group(0))
            i = m.end()
        else:
            out.append(c)
            i += 1
    return tuple(out)


def math_of(path: Path) -> list[str]:
    """The math spans ($...$ and $$...$$) of a chapter's Markdown cells, as tokens."""
    cells = json.loads(path.read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = text.replace(r"\$", "")  # dollar amounts
    spans = re.findall(r"\$\$(.*?)\$\$|\$([^$\n]+)\$", text, re.S)
    return [tokens(a or b) for a, b in spans]


def occurs(symbol: str, spans: list[tuple[str, ...]]) -> bool:
    """Whether ``symbol`` is written in one of ``spans`` as a symbol of its own: not inside a
    subscript (``T`` in ``C_T``) and not followed by a subscript or a prime that make it another
    symbol (``E`` in ``E_{min}``, ``D`` in ``D'``)."""
    sym = tokens(symbol)
    n = len(sym)
    for span in spans:
        for i in range(len(span) - n + 1):
            nxt = span[i + n] if i + n < len(span) else ""
            if span[i:i + n] == sym and not nxt.startswith(("_", "'")):
                return True
    return False


def test_the_page_has_a_table_of_symbols():
    rows = _rows()
    assert len(rows) > 100, f"only {len(rows)} rows parsed from {PAGE.name}"
    table = [ln for ln in PAGE.read_text().splitlines() if ln.startswith("| $")]
    assert len(table) == len(rows), "a table row does not parse: " + next(
        ln for ln in table if not ROW.match(ln))


def test_each_row_names_one_chapter_by_its_file():
    for r in _rows():
        assert r["num"] in CHAPTERS, r
        assert r["file"] == CHAPTERS[r["num"]].name, f"[{r['num']}]({r['file']})"
        assert r["meaning"].strip() and r["units"].strip(), r


def test_one_row_per_symbol_per_chapter():
    seen = {}
    for r in _rows():
        key = (tokens(r["sym"]), r["num"])
        assert key not in seen, f"${r['sym']}$ in chapter {r['num']} has two rows"
        seen[key] = r


def test_the_letters_the_review_names_are_covered():
    symbols = {tokens(r["sym"]) for r in _rows()}
    missing = [s for s in REQUIRED if tokens(s) not in symbols]
    assert not missing, missing


@pytest.mark.parametrize("num", sorted(CHAPTERS), ids=lambda n: f"{n:02d}")
def test_every_symbol_occurs_in_its_chapter(num):
    spans = math_of(CHAPTERS[num])
    absent = [r["sym"] for r in _rows() if r["num"] == num and not occurs(r["sym"], spans)]
    assert not absent, (f"{CHAPTERS[num].name} does not write these symbols (as LaTeX) any "
                        f"more: {absent}; update book/notation.md")


def test_the_matcher_tells_a_symbol_from_a_longer_name():
    spans = [tokens(s) for s in (r"E_\text{min} + \Exp", r"C_T\,D", r"N_{\text{opt}}",
                                    r"L - E", r"R_D^* \approx 15", r"m \times k")]
    assert occurs("E", spans) and occurs(r"N_\text{opt}", spans) and occurs("N_{opt}", spans)
    assert occurs("R_D^*", spans) and occurs("D", spans) and occurs("k", spans)
    assert not occurs("T", spans) and not occurs("x", spans)
    assert not occurs("E", spans[:1])


def test_every_letter_named_in_the_list_of_collisions_is_in_the_table():
    text = PAGE.read_text()
    listed = text.split("## Letters that change meaning between chapters")[1].split("\n## ")[0]
    symbols = {tokens(r["sym"]) for r in _rows()}
    for item in re.findall(r"^- (.*)$", listed, re.M):
        first = re.search(r"\$([^$]+)\$", item)
        assert first, item
        lead = tokens(first.group(1))[:1]
        assert lead in symbols, item
