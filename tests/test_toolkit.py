"""The toolkit page (book/toolkit.ipynb, issue 31): what its prose says in words, checked on
the numbers its cells compute, so that a change of seed or library cannot silently falsify it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "book" / "toolkit.ipynb"


@pytest.fixture(scope="module")
def page() -> dict:
    """The namespace left by running every code cell of the page, in order."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns: dict = {}
    for cell in json.loads(PAGE.read_text())["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), str(PAGE), "exec"), ns)  # noqa: S102
    plt.close("all")
    return ns


def _markdown() -> str:
    cells = json.loads(PAGE.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_page_is_titled_and_captions_its_figures():
    text = _markdown()
    assert text.startswith("# Toolkit: the statistics this course uses")
    for k in (1, 2, 3):
        assert f"**Figure T.{k}.**" in text


def test_the_straight_line_finds_the_exponent(page):
    # "the fit has to find the exponent again": within a few hundredths of the true -0.3
    assert abs(page["fit"].exponent - (-0.3)) < 0.02


def test_held_out_error_tells_the_forms_apart(page):
    pure, known, rms_rel = page["pure"], page["known"], page["rms_rel"]
    pure_in = rms_rel(pure.predict(pure.x_fit), pure.y_fit)
    pure_out = rms_rel(pure.predicted, pure.y_test)
    known_out = rms_rel(known.predicted, known.y_test)
    assert 0.01 < pure_in < 0.1, "the pure power law misses the fitted points by a few percent"
    assert pure_out > 2 * pure_in, "and is several times worse on the held-out points"
    assert known_out < 0.02, "the fit that knows the floor stays at the size of the 1% noise"


def test_only_the_right_form_follows_the_truth_beyond_the_points(page):
    xs, curve = page["xs"], page["curve"]
    lo, hi = page["known"].interval(xs[-1])
    assert lo[0] <= curve[-1] <= hi[0]
    lo, hi = page["pure"].interval(xs[-1])
    assert hi[0] < curve[-1]


def test_coverage_is_nominal_only_when_the_form_is_right(page):
    right = page["hits"]["a pure power law"] / page["n_sim"]
    wrong = page["hits"]["a floor of 1.5"] / page["n_sim"]
    assert abs(right - 0.8) <= 0.05
    assert wrong < 0.2, "far below the nominal 80%"


def test_huber_resists_the_bad_point(page):
    clean, ls, hub = page["k_clean"], page["k_ls"], page["k_huber"]
    assert abs(ls - clean) > 3 * abs(hub - clean)


def test_the_sigmoid_width_is_where_ten_to_ninety_percent_of_the_rise_happens(page):
    link, width = page["link"], page["width"]
    assert width == pytest.approx(2 * math.log(9) / 8)
    f, h, m = link.floor, link.ceiling, link.midpoint
    lo, hi = link.predict(np.array([m + width / 2, m - width / 2]))
    assert (lo - f) / (h - f) == pytest.approx(0.1) and (hi - f) / (h - f) == pytest.approx(0.9)
