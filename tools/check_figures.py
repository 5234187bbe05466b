"""Every figure a chapter means to show is shown, once.

After execution, each code cell that calls a drawing function (``draw_*``,
``*_figure``, ``plot*``) must have an image among its outputs. A cell ending in
``;`` whose function returns an already-closed figure shows nothing, in
JupyterLab and in the book; this check catches it. A cell that shows the same
image twice is flagged too: ``fig = draw_x()`` followed by a last line ``fig``
shows the figure as the cell's result and again when the inline backend shows
the figures a cell left open.

Usage: python tools/check_figures.py _build/jupyter_execute/book/*.ipynb
(the executed notebooks the book build writes). Exits 1 listing every miss.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

DRAWING = re.compile(r"\b(draw_\w+|\w+_figure|plot\w*)\(")
IMAGES = ("image/png", "image/svg+xml", "image/jpeg")


def _source(cell) -> str:
    src = cell.get("source", "")
    return src if isinstance(src, str) else "".join(src)


def _has_image(cell) -> bool:
    return any(mime in out.get("data", {}) for out in cell.get("outputs", []) for mime in IMAGES)


# A predict-then-reveal gate (scaling_lib.exercises.reveal) that holds its figure back until
# the learner has answered says so in one line: that cell is not missing its figure.
HELD_BACK = re.compile(r"^Make your .+ first \(its cell is above\)", re.M)


def _held_back(cell: dict) -> bool:
    text = "".join("".join(o.get("text", "")) if isinstance(o.get("text"), list)
                   else o.get("text", "") for o in cell.get("outputs", []))
    return "reveal_after(" in _source(cell) and bool(HELD_BACK.search(text))


def cells_missing_figures(nb: dict) -> list[tuple[int, str]]:
    """(index, first drawing call) of every executed code cell that draws but shows no image
    (a cell whose figure a reveal gate holds back until the learner answers excepted)."""
    misses = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        match = DRAWING.search(_source(cell))
        if match and not _has_image(cell) and not _held_back(cell):
            misses.append((i, match.group(1)))
    return misses


def cells_with_repeated_images(nb: dict) -> list[int]:
    """Index of every code cell among whose outputs the same image appears twice."""
    repeats = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        images = [out["data"][mime] for out in cell.get("outputs", [])
                  for mime in IMAGES if mime in out.get("data", {})]
        images = ["".join(x) if isinstance(x, list) else x for x in images]
        if len(images) != len(set(images)):
            repeats.append(i)
    return repeats


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    failures = []
    for path in paths:
        nb = json.loads(Path(path).read_text())
        if not any(c.get("outputs") for c in nb.get("cells", []) if c.get("cell_type") == "code"):
            failures.append(f"{path}: not executed (no outputs at all)")
            continue
        failures += [f"{path}: cell {i} calls {name}(...) but shows no figure"
                     for i, name in cells_missing_figures(nb)]
        failures += [f"{path}: cell {i} shows the same figure twice (a last line `fig` after "
                     f"`fig = draw_...()`? the inline backend shows it already)"
                     for i in cells_with_repeated_images(nb)]
    for f in failures:
        print("FAIL", f)
    print(f"check_figures: {len(paths)} notebooks, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
