"""figure_png and Explorer: savefig's pixels drawn faster, and settings a drawing rejects."""

import io

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from scaling_lib.plotting import new_figure
from scaling_lib.widgets.core import Explorer, figure_png, slider


def _text_heavy_figure(label="N = 70B"):
    fig, (ax, bx) = new_figure(2, width=6.0, height=3.0, margins={"left": 0.12, "right": 0.97,
                                                                   "bottom": 0.2, "top": 0.85})
    ax.plot([1, 10, 100], [3, 2, 1.5], label="loss")
    ax.set_xscale("log")  # mathtext tick labels
    ax.set_xlabel("parameters N")
    ax.set_ylabel("loss (nats/token)")  # rotated text
    ax.set_title(f"{label}: à la Chinchilla", fontsize=9)
    ax.annotate(r"$\frac{C}{6N}$ tokens", (10, 2), xytext=(3, 3), textcoords="offset points")
    ax.text(0.05, 0.05, "two\nlines", transform=ax.transAxes, rotation=30, fontsize=7,
            bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round"})
    ax.legend(loc="upper right")
    bx.bar(["a", "b"], [1, 2])
    fig.text(0.5, 0.01, "figure text", ha="center")
    fig.text(0.01, 0.95, "N = 70B", fontweight="bold")  # same string, another font file
    return fig


def _savefig_pixels(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return np.asarray(Image.open(buf))


def test_figure_png_is_a_png_of_the_figure_in_pixels():
    png = figure_png(_text_heavy_figure())
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.size == (600, 300)  # 6 x 3 inches at the book's 100 dpi


def test_figure_png_closes_the_figure():
    fig = _text_heavy_figure()
    figure_png(fig)
    assert not plt.fignum_exists(fig.number)


def test_figure_png_draws_the_pixels_savefig_draws_also_on_a_reused_renderer():
    # the second and third drawings reuse the renderer (and its text sizes) of the first
    for label in ("N = 70B", "N = 70B", "N = 1.4T"):
        expected = _savefig_pixels(_text_heavy_figure(label))
        got = np.asarray(Image.open(io.BytesIO(figure_png(_text_heavy_figure(label)))))
        assert got.shape == expected.shape
        assert np.array_equal(got, expected)


def _line(slope=1.0):
    if slope <= 0:
        raise ValueError(f"slope must be positive, got {slope}")
    fig, ax = new_figure()
    ax.plot([0, 1], [0, slope])
    return fig


def test_explorer_explains_a_setting_its_drawing_rejects_and_keeps_the_last_figure():
    explorer = Explorer(_line, {"slope": slider("slope", 1.0, -1.0, 2.0, 0.5)})
    before = explorer.image.value
    explorer.controls["slope"].value = -0.5  # no traceback: the callback reports it
    assert "slope must be positive" in explorer.message.value
    assert explorer.image.value == before
    explorer.controls["slope"].value = 2.0
    assert explorer.message.value == ""
    assert explorer.image.value != before
