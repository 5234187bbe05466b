"""Figure defects a reader meets (issue 20), checked on every explorer's figure: no text cut
off at the figure's edge, no annotation printed over another, no legend over the data.

Each explorer is drawn at its defaults and at both ends of its main control, plus the
settings where a tryout found a defect.
"""

import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from figures import (  # noqa: E402
    legend_cover,
    overlapping_texts,
    overlapping_tick_labels,
    text_outside_figure,
)
from test_widgets_contract import EXPLORERS  # noqa: E402

#: Most of a legend's axes' plotted lines that may lie under the legend box.
LEGEND_COVER = 0.03

#: Settings where the tryout of issue 20 found a defect: explorer id -> values.
FOUND = {
    "chinchilla.isoflop_explorer": [{"law": "the lab's own fit"}],
    "emergence.resolution_explorer": [{"n_problems": 2.5e5, "confidence": 0.99}],
}


CASES = [pytest.param(p.id, p.values[0], id=p.id) for p in EXPLORERS]


def _figures(name, make):
    explorer = make()
    ends = [explorer.positions[0], explorer.positions[-1]]
    settings = [{}] + [{explorer.main: v} for v in ends] + FOUND.get(name, [])
    for change in settings:
        values = explorer.values
        for k, v in change.items():
            options = getattr(explorer.controls[k], "options", None)
            if options and not isinstance(options[0], tuple) and v not in options:
                continue
            values[k] = v if k not in values or not options else next(
                (o[1] for o in options if isinstance(o, tuple) and o[0] == v), v)
        yield change, explorer.draw(**values)


@pytest.mark.parametrize(("name", "make"), CASES)
def test_no_text_is_cut_off_at_the_figure_edge(name, make):
    for change, fig in _figures(name, make):
        assert text_outside_figure(fig) == [], change
        plt.close(fig)


@pytest.mark.parametrize(("name", "make"), CASES)
def test_no_annotation_is_printed_over_another(name, make):
    for change, fig in _figures(name, make):
        assert overlapping_texts(fig) == [], change
        plt.close(fig)


@pytest.mark.parametrize(("name", "make"), CASES)
def test_no_legend_covers_the_data(name, make):
    for change, fig in _figures(name, make):
        cover = legend_cover(fig)
        assert all(v <= LEGEND_COVER for v in cover.values()), (change, cover)
        plt.close(fig)


@pytest.mark.parametrize(("name", "make"), CASES)
def test_no_tick_label_is_printed_over_its_neighbour(name, make):
    for change, fig in _figures(name, make):
        assert overlapping_tick_labels(fig) == [], change
        plt.close(fig)
