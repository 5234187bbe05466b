"""Author–year labels for citations that a page computes (in tables, say).

Prose cites with MyST roles (``{cite:t}`key```), which Sphinx resolves. A table
built by code cannot; a :class:`Cite` cell shows ``Brown et al. (2020)`` in
JupyterLab and becomes a ``{cite:t}`` role in the book (see
:class:`scaling_lib.plotting.Table`). The labels are read from
``book/references.bib``, the one bibliography of the course.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["BIBLIOGRAPHY", "Cite", "author_year"]

#: The course's bibliography.
BIBLIOGRAPHY = Path(__file__).resolve().parent.parent / "book" / "references.bib"

_ENTRY = re.compile(r"@\w+\{([^,\s]+),(.*?)\n\}", re.S)


def _field(body: str, name: str) -> str:
    m = re.search(rf"\b{name}\s*=\s*\{{(.*?)\}},?\s*\n", body, re.S)
    return re.sub(r"[{}]", "", " ".join(m.group(1).split())) if m else ""


def _surname(author: str) -> str:
    author = author.strip()
    return author.split(",")[0].strip() if "," in author else author.split()[-1]


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    labels = {}
    for key, body in _ENTRY.findall(BIBLIOGRAPHY.read_text(encoding="utf-8")):
        authors = [a for a in _field(body, "author").split(" and ") if a.strip()]
        year = _field(body, "year")
        corporate = re.search(r"\bauthor\s*=\s*\{\{", body)
        if corporate:  # {{NVIDIA Corporation}}: one name, not a surname
            who = _field(body, "author")
        elif not authors:
            who = _field(body, "organization") or _field(body, "publisher") or key
        elif len(authors) == 1:
            who = _surname(authors[0])
        elif len(authors) == 2:
            who = f"{_surname(authors[0])} and {_surname(authors[1])}"
        else:
            who = f"{_surname(authors[0])} et al."
        labels[key] = f"{who} ({year})"
    return labels


def author_year(key: str) -> str:
    """``"Brown et al. (2020)"`` for the ``references.bib`` key ``brown2020language``."""
    if not isinstance(key, str):
        raise TypeError(f"key must be a references.bib key (a string), got {key!r}")
    try:
        return _labels()[key]
    except KeyError:
        raise ValueError(f"key {key!r} is not in {BIBLIOGRAPHY.name}") from None


class Cite:
    """A citation in a computed table: author–year text, a ``{cite:t}`` role in the book."""

    __slots__ = ("key",)

    def __init__(self, key: str):
        author_year(key)  # refuse an unknown key at once
        self.key = key

    def __str__(self) -> str:
        return author_year(self.key)

    def __repr__(self) -> str:
        return f"Cite({self.key!r})"

    @property
    def role(self) -> str:
        """The MyST role the book resolves into a linked author–year citation."""
        return f"{{cite:t}}`{self.key}`"
