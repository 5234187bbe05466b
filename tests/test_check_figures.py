"""tools/check_figures.py flags a drawing cell that shows no figure, or one figure twice."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from check_figures import cells_missing_figures, cells_with_repeated_images  # noqa: E402


def _cell(source, outputs):
    return {"cell_type": "code", "source": source, "outputs": outputs}


PNG = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}}
TEXT = {"output_type": "stream", "name": "stdout", "text": "done"}


def test_a_drawing_cell_without_an_image_is_flagged():
    nb = {"cells": [_cell("explore.draw_lab_coverage(curves);", [TEXT])]}
    assert cells_missing_figures(nb) == [(0, "draw_lab_coverage")]


def test_a_drawing_cell_with_its_image_passes():
    nb = {"cells": [_cell("fig = sweep_figure(runs)\nfig", [PNG]),
                    _cell("print('no drawing here')", [TEXT]),
                    {"cell_type": "markdown", "source": "draw_x( in prose"}]}
    assert cells_missing_figures(nb) == []


def test_a_cell_showing_the_same_figure_twice_is_flagged():
    result = {"output_type": "execute_result", "data": PNG["data"]}
    nb = {"cells": [_cell("fig = draw_x()\nfig", [result, PNG]),
                    _cell("fig = draw_x()", [PNG])]}
    assert cells_with_repeated_images(nb) == [0]


def test_two_different_figures_in_one_cell_pass():
    other = {"output_type": "display_data", "data": {"image/png": "iVBOX"}}
    nb = {"cells": [_cell("draw_a(); draw_b()", [PNG, other])]}
    assert cells_with_repeated_images(nb) == []
