"""figure_png and Explorer: savefig's pixels drawn faster, and settings a drawing rejects."""

import io

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from scaling_lib.plotting import new_figure
from scaling_lib.widgets.core import Explorer, figure_png, frame_png, slider


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
    fig.text(0.7, 0.95, "N = 70B", antialiased=False)  # glyphs rendered in black and white
    fig.text(0.3, 0.5, "N = 70B", rotation=90)  # the same glyphs turned
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


def test_explorer_explains_a_main_setting_its_drawing_rejects_in_the_frame_itself():
    explorer = Explorer(_line, {"slope": slider("slope", 1.0, -1.0, 2.0, 0.5)})
    good = explorer.image.value
    explorer.controls["slope"].value = -0.5  # no traceback: the frame says why
    assert "slope must be positive" in explorer.message.value
    assert explorer.image.value != good
    assert Image.open(io.BytesIO(explorer.image.value)).size == Image.open(io.BytesIO(good)).size
    explorer.controls["slope"].value = 2.0
    assert explorer.message.value == ""
    assert explorer.image.value not in (good, None)


def _scaled_line(slope=1.0, shift=0.0):
    if slope <= 0 or shift < 0:
        raise ValueError(f"slope and shift must be positive, got {slope}, {shift}")
    fig, ax = new_figure()
    ax.plot([0, 1], [shift, shift + slope])
    return fig


def test_explorer_keeps_the_last_figure_when_another_control_asks_for_a_rejected_setting():
    explorer = Explorer(_scaled_line, {"slope": slider("slope", 1.0, 0.5, 2.0, 0.5),
                                       "shift": slider("shift", 0.0, -1.0, 1.0, 0.5)},
                        main="slope")
    before = explorer.image.value
    explorer.controls["shift"].value = -0.5
    assert "must be positive" in explorer.message.value
    assert explorer.image.value == before
    explorer.controls["shift"].value = 0.5
    assert explorer.message.value == ""
    assert explorer.image.value != before


def test_main_control_switches_between_frames_drawn_in_advance():
    explorer = Explorer(_scaled_line, {"slope": slider("slope", 1.0, 0.5, 2.0, 0.5),
                                       "shift": slider("shift", 0.0, 0.0, 1.0, 0.5)},
                        main="slope")
    assert explorer.positions == [0.5, 1.0, 1.5, 2.0]
    explorer._repr_mimebundle_()  # displaying it draws every frame and links them
    assert explorer._link is not None
    assert len({f.value.tobytes() for f in explorer.frames}) == 4
    for i, v in enumerate(explorer.positions):
        explorer.controls["slope"].value = v
        assert explorer.stack.selected_index == i
        assert explorer.image.value == frame_png(_scaled_line(slope=v))
    # another control makes the frames stale: the next main move draws for the new settings
    explorer.controls["shift"].value = 1.0
    assert explorer._link is None  # the browser no longer switches to stale frames
    explorer.controls["slope"].value = 0.5
    assert explorer.image.value == frame_png(_scaled_line(slope=0.5, shift=1.0))
    explorer._repr_mimebundle_()  # displayed again: all frames redrawn for shift = 1
    assert explorer._link is not None
    assert explorer.frames[3].value == frame_png(_scaled_line(slope=2.0, shift=1.0))


def test_frame_positions_are_round_values_that_include_the_default():
    from scaling_lib.widgets.core import MAX_FRAMES, frame_positions, log_slider
    positions = frame_positions(log_slider("N", 7e10, 1e8, 1e12))
    assert 7e10 in positions and len(positions) <= MAX_FRAMES + 1
    assert positions == sorted(positions) and positions[0] == 1e8 and positions[-1] == 1e12
    assert frame_positions(W.IntSlider(value=7, min=1, max=100)) == [
        1, 7, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert frame_positions(W.Dropdown(options=[("a", 1), ("b", 2)], value=2)) == [1, 2]


def test_clear_caches_makes_the_next_move_draw_again():
    drawn = []

    def draw(slope=1.0, shift=0.0):
        drawn.append((slope, shift))
        return _scaled_line(slope=slope, shift=shift)

    explorer = Explorer(draw, {"slope": slider("slope", 1.0, 0.5, 2.0, 0.5),
                               "shift": slider("shift", 0.0, 0.0, 1.0, 0.5)})
    explorer.controls["shift"].value = 0.5
    explorer.controls["shift"].value = 0.0  # drawn before: looked up, not drawn
    assert drawn.count((1.0, 0.0)) == 1
    Explorer.clear_caches()
    explorer.controls["shift"].value = 0.5
    assert drawn.count((1.0, 0.5)) == 2
