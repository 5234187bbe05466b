"""The glossary (book/glossary.md, issue 31): terms in alphabetical order, each linking the
chapter that teaches it, and each written in that chapter's Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
PAGE = BOOK / "glossary.md"
ENTRY = re.compile(r"^- \*\*(?P<term>[^*]+)\*\*(?: \((?P<alt>[^)]+)\))?: (?P<text>.+)$")
LINK = re.compile(r"\]\((?P<file>(?:\d\d_\w+|toolkit)\.ipynb)\)")
#: Terms the review (pedagogy change 8) and issue 31 ask the glossary to define.
REQUIRED = ["MFU", "PF-day", "IsoFLOP profile", "Excess loss", "Effective data", "pass@k",
            "Coverage", "μP", "Warm-up–stable–decay", "Task loss", "Two-step forecast"]


def _entries() -> list[dict]:
    lines = [ln for ln in PAGE.read_text().splitlines() if ln.startswith("- ")]
    entries = [ENTRY.match(ln) for ln in lines]
    assert all(entries), f"an entry does not read '- **Term**: ...': {lines[entries.index(None)]}"
    return [e.groupdict() for e in entries]


def _markdown(name: str) -> str:
    cells = json.loads((BOOK / name).read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def sort_key(term: str) -> str:
    """Alphabetical, case ignored, Greek letters filed under their Latin names (μP under m)."""
    return term.casefold().replace("μ", "mu")


def stems(term: str, alt: str | None) -> list[str]:
    """What counts as the term written in a chapter: the term, its abbreviation, and the stem
    of each (``Quantisation`` → ``quantis``, ``Approaches 1, 2 and 3`` → ``approach``)."""
    abbreviation = alt and " " not in alt and alt != alt.lower()
    words = [term] + ([alt] if abbreviation else [])
    out = []
    for w in words:
        w = w.casefold()
        out.append(w)
        first = re.split(r"[ ,]", w)[0]
        out.append(re.sub(r"(ation|ing|es|s|e|y)$", "", first) if len(first) > 5 else first)
    return out


def test_the_glossary_has_the_terms_the_review_asks_for():
    terms = {e["term"] for e in _entries()}
    assert len(terms) >= 40, len(terms)
    assert not [t for t in REQUIRED if t not in terms], [t for t in REQUIRED if t not in terms]


def test_terms_are_in_alphabetical_order():
    terms = [e["term"] for e in _entries()]
    assert terms == sorted(terms, key=sort_key), [
        (a, b) for a, b in zip(terms, terms[1:], strict=False) if sort_key(a) > sort_key(b)]


def test_each_term_links_a_chapter_that_exists():
    for e in _entries():
        files = LINK.findall(e["text"])
        assert any(f[:2].isdigit() for f in files), f"{e['term']}: no link to a chapter"
        for f in files:
            assert (BOOK / f).is_file(), f"{e['term']}: {f} does not exist"


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["term"])
def test_the_linked_chapter_uses_the_term(entry):
    stem = stems(entry["term"], entry["alt"])
    for f in LINK.findall(entry["text"]):
        text = _markdown(f).casefold().replace("$", "")  # best-of-$N$
        assert any(s in text for s in stem), f"{entry['term']!r} ({stem}) is not in {f}"


def test_the_stems_are_what_a_reader_would_search_for():
    assert stems("Quantisation", None)[1] == "quantis"
    assert stems("MFU", "model-FLOPs utilisation") == ["mfu", "mfu"]
    assert "moe" in stems("Mixture of experts", "MoE")
    assert sort_key("μP") < sort_key("Nat") and sort_key("Mirage") < sort_key("μP")
