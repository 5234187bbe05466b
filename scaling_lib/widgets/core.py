"""Explorers: a figure drawn by a pure function of a few controls.

The contract (``../shared/design.md``, "Explorers"):

* ``draw_*(...)`` functions are pure: control values in, a matplotlib Figure out.
  They are unit-tested and fast.
* Each chapter's explorers live in ``scaling_lib.widgets.<idea>`` (for example
  ``scaling_lib.widgets.compute`` for chapter 0) and use the pieces here.
* ``*_explorer()`` functions build an :class:`Explorer`: controls plus an image
  of the figure. Displayed in JupyterLab, moving a control redraws the image.
* In the built HTML, with no kernel, the saved widget state shows the figure
  at its default settings; the display also carries a plain PNG of that
  figure, so no page is ever blank.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import html
import io
import json
import math
import textwrap
import weakref
from collections.abc import Callable

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from scaling_lib.plotting import shared_renderer


def _figure_image(fig) -> Image.Image:
    """``fig`` drawn at its own dpi on a reused renderer, as an RGBA image (figure closed)."""
    width, height = fig.canvas.get_width_height(physical=True)
    renderer = shared_renderer(fig)  # the one renderer cache, shared with text measuring
    renderer.clear()
    fig.draw(renderer)
    # a copy of the pixels: the renderer draws the next figure into the same buffer
    image = Image.frombuffer("RGBA", (width, height), renderer.buffer_rgba(), "raw", "RGBA",
                             0, 1).copy()
    plt.close(fig)
    return image


def figure_png(fig) -> bytes:
    """PNG bytes of ``fig`` at its own dpi (the figure is closed afterwards).

    The pixels are those of ``fig.savefig(buf, format="png")`` with the book style (where
    ``savefig.dpi`` equals ``figure.dpi``), drawn faster: on a reused renderer (which keeps
    the sizes of the text it has measured and the glyphs it has rasterised), and compressed
    at zlib level 1 (about 10% larger than the default level 6).
    """
    dpi = fig.dpi
    buf = io.BytesIO()
    _figure_image(fig).save(buf, format="png", compress_level=1, dpi=(dpi, dpi))
    return buf.getvalue()


def frame_png(fig) -> bytes:
    """A palette PNG of ``fig`` (256 colours, no dithering), for explorer frames.

    Quantising the anti-aliased RGBA image to a 256-colour palette costs about 6 ms and makes
    an explorer's PNG about 3.5 times smaller (17 kB instead of 60 kB), which is what lets a
    page carry a dozen frames per explorer.
    """
    dpi = fig.dpi
    palette = _figure_image(fig).convert("RGB").quantize(
        colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    palette.save(buf, format="png", dpi=(dpi, dpi))
    return buf.getvalue()


def _draw_png(draw: Callable, values: dict) -> bytes:
    """``frame_png(draw(**values))``, with Python's cyclic garbage collector paused.

    A redraw allocates tens of thousands of objects that live until the figure is closed. With
    the collector running they are scanned and promoted to older generations on the way, which
    soon triggers a full collection of everything in the kernel (tens of milliseconds); paused,
    the closed figure is freed by one collection of the youngest generation.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return frame_png(draw(**values))
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)


def _message_png(text: str, like: bytes | None) -> bytes:
    """A figure that says why a frame cannot be drawn (same size as ``like``)."""
    size = Image.open(io.BytesIO(like)).size if like else (700, 400)  # pixels at 100 dpi
    fig = plt.figure(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    fig.text(0.5, 0.5, "\n".join(textwrap.wrap(f"Cannot draw these settings: {text}", 70)),
             ha="center", va="center", fontsize=10, color="#b35900")
    return frame_png(fig)


#: Explorer layout, for JupyterLab and the book alike (an HTML widget's <style> applies to the
#: page): sliders and drop-downs take the width their row leaves instead of a fixed 300 px.
_EXPLORER_CSS = """<style>
.scaling-explorer .widget-slider .slider-container,
.scaling-explorer .widget-hslider .slider-container { flex: 1 1 auto; min-width: 8em; }
.scaling-explorer .widget-dropdown > select { flex: 1 1 auto; }
.scaling-explorer .scaling-main-control { max-width: 40em; }
.scaling-explorer .widget-tab > .widget-tab-bar, .scaling-explorer .widget-tab > .lm-TabBar,
.scaling-explorer .widget-tab > .p-TabBar { display: none !important; }
.scaling-explorer .widget-tab > .widget-tab-contents { border: none; padding: 0;
  overflow: visible; }
</style>"""

#: Most positions a main control gets (each is one PNG frame in the page).
MAX_FRAMES = 20
_PER_DECADE = ((1.0,), (1.0, 3.0), (1.0, 2.0, 5.0), (1.0, 2.0, 3.0, 5.0),
               (1.0, 1.5, 2.0, 3.0, 5.0, 7.0), (1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0, 6.3, 8.0))


def frame_positions(control, max_frames: int = MAX_FRAMES) -> list:
    """The values a main control steps through: its options, or round values in its range.

    A log slider gets the densest of 1, 1-3, 1-2-5, ... per decade that gives at most
    ``max_frames`` values; a linear slider multiples of its step (1, 2, 5, 10, ... steps).
    The control's current value is always one of the positions.
    """
    options = getattr(control, "options", None)
    if options:
        return [o[1] if isinstance(o, tuple) else o for o in options]
    if isinstance(control.value, bool):
        return [False, True]
    value = control.value
    if hasattr(control, "base"):  # FloatLogSlider: min and max are exponents
        lo, hi = control.base ** control.min, control.base ** control.max
        best: list = []
        for mantissas in _PER_DECADE:
            grid = [m * 10.0 ** e for e in range(int(np.floor(np.log10(lo))),
                                                 int(np.ceil(np.log10(hi))) + 1)
                    for m in mantissas]
            grid = [float(f"{v:.3g}") for v in grid if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9)]
            if len(grid) + 1 <= max_frames:
                best = grid
        positions = best
    else:
        lo, hi, step = control.min, control.max, control.step or 1
        positions = [lo, hi]
        for mult in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
            unit = step * mult  # the ends, and the multiples of a round number of steps
            inner = [k * unit for k in range(int(np.ceil(lo / unit - 1e-9)),
                                             int(np.floor(hi / unit + 1e-9)) + 1)]
            candidate = sorted({lo, hi, *inner})
            if len(candidate) + 1 <= max_frames:
                positions = candidate
                break
        if isinstance(value, int):
            positions = [int(round(v)) for v in positions]
        else:
            positions = [float(f"{v:.6g}") for v in positions]
    if not any(np.isclose(v, value, rtol=1e-9, atol=0) for v in positions):
        positions.append(value)
    return sorted(set(positions))


def _why_not(error: str) -> str:
    return (f'<span style="color:#b35900">Cannot draw this setting: {html.escape(error)}.'
            f"</span>" if error else "")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _label(value) -> str:
    """How a frame position reads on its slider, as a person writes it: 0.25, 16, 8,019,
    250,000, 7×10¹⁰, 2.5×10⁻⁵ (three significant digits at most)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                         np.floating)):
        return str(value)
    if isinstance(value, (int, np.integer)) and abs(value) < 10**6:
        return f"{int(value):,}"
    if 100 <= abs(value) < 10**6:  # whole numbers, not rounded to three digits
        return f"{round(float(value)):,}"
    x = float(f"{float(value):.3g}")
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    exp = math.floor(math.log10(abs(x)))
    if -3 <= exp < 6:
        return f"{x:g}"
    mantissa = f"{x / 10**exp:.3g}"
    power = "10" + str(exp).translate(_SUPERSCRIPT)
    return power if mantissa == "1" else f"{mantissa}×{power}"


def _frame_control(control, positions: list):
    """A selection widget over ``positions`` standing in for ``control`` (kept if it is one)."""
    if getattr(control, "options", None) is not None and hasattr(control, "index"):
        return control
    return W.SelectionSlider(options=[(_label(v), v) for v in positions], value=next(
        v for v in positions if np.isclose(v, control.value, rtol=1e-9, atol=0)),
        description=control.description, continuous_update=False,
        style={"description_width": control.style.description_width})


class Explorer:
    """Controls that redraw a figure, with the main control's frames drawn in advance.

    The main control steps through a few positions (:func:`frame_positions`). The figure for
    each position is drawn when the explorer is displayed and kept in a ``Tab`` of images
    (its tab bar hidden) whose shown index is linked, in the browser, to the main control:
    moving it switches frames
    without the kernel, so it responds at once in JupyterLab and also in the static HTML
    book, where no kernel runs. The other controls redraw through the kernel; in the HTML
    they are hidden (class ``scaling-kernel-only``) and a note (``scaling-static-note``,
    shown only by the book's stylesheet) says so.

    Parameters
    ----------
    draw : callable
        ``draw(**values) -> Figure``, pure.
    controls : dict of str to ipywidgets.ValueWidget
        Keyword name → control; their initial values are the defaults.
    main : str, optional
        The control that carries the section's point (default: the first). A slider is
        replaced by a selection slider over its frame positions.
    """

    def __init__(self, draw: Callable, controls: dict, *, main: str | None = None,
                 columns: int = 2):
        self.draw = draw
        self.main = main if main is not None else next(iter(controls))
        if self.main not in controls:
            raise ValueError(f"main={self.main!r} is not one of the controls {list(controls)}")
        self.positions = frame_positions(controls[self.main])
        main_control = _frame_control(controls[self.main], self.positions)
        # the main control first, across the whole row, so that its slider is wide
        self.controls = {self.main: main_control} | {
            k: c for k, c in controls.items() if k != self.main}
        self.message = W.HTML("")  # a setting the drawing rejects is explained here
        self._cache: dict = {}
        Explorer._live.add(self)
        first = self._index()
        self._default_png = self._frame(first)[0]
        # the other frames are drawn when the explorer is displayed (see _draw_all_frames)
        # the frame's size in pixels as the image's width and height: the browser reserves
        # its box (aspect ratio) before decoding, so a new frame lays out nothing again
        width, height = Image.open(io.BytesIO(self._default_png)).size
        self.frames = [W.Image(value=self._default_png, format="png", width=str(width),
                               height=str(height),
                               layout=W.Layout(max_width="100%", height="auto"))
                       for _ in self.positions]
        # which settings each frame was drawn for (None: not drawn)
        self._shown: list = [self._key(first) if i == first else None
                             for i in range(len(self.positions))]
        # a Tab, not a Stack: a Tab's view renders every frame once and switches by showing
        # one (about 30 ms from release to new image, measured in Chromium), while a Stack's
        # view builds a new image view on each switch; the tab bar is hidden (_EXPLORER_CSS)
        self.stack = W.Tab(self.frames, selected_index=first)
        self._link = None
        self._style_controls()
        # the main control on its own row, as wide as the figure; the others in a grid below
        others = [c for k, c in self.controls.items() if k != self.main]
        grid = W.GridBox(others, layout=W.Layout(
            grid_template_columns=" ".join(["1fr"] * columns), grid_gap="2px 12px"))
        self.note = W.HTML("")
        self.widget = W.VBox([W.HTML(_EXPLORER_CSS), main_control, grid, self.note,
                              self.message, self.stack])
        self.widget.add_class("scaling-explorer")
        main_control.observe(self._on_main, names="value")
        for k, c in self.controls.items():
            if k != self.main:
                c.observe(self._on_other, names="value")

    #: every explorer built in this process (weakly held), for :meth:`clear_caches`
    _live: weakref.WeakSet = weakref.WeakSet()

    @classmethod
    def clear_caches(cls) -> None:
        """Forget every explorer's drawn frames, so that the next move draws again.

        For timing: the learner's pass calls it in the kernel before timing a redraw again.
        """
        for explorer in list(cls._live):
            explorer._cache.clear()

    # -- state --------------------------------------------------------------------------
    @property
    def values(self) -> dict:
        return {k: c.value for k, c in self.controls.items()}

    @property
    def image(self) -> W.Image:
        """The frame on show."""
        return self.frames[self.stack.selected_index]

    def _index(self) -> int:
        value = self.controls[self.main].value
        return next(i for i, v in enumerate(self.positions) if v == value)

    def _key(self, i: int) -> tuple:
        values = self.values | {self.main: self.positions[i]}
        return tuple(sorted((k, repr(v)) for k, v in values.items()))

    def _frame(self, i: int) -> tuple[bytes, str]:
        """Frame ``i`` at the other controls' current values: ``(png, why not drawn)``.

        A setting the drawing rejects (``ValueError``) gives a figure that says why, and the
        reason as the second item ("" when the figure was drawn). Frames are cached.
        """
        key = self._key(i)
        if key not in self._cache:
            values = self.values | {self.main: self.positions[i]}
            try:
                self._cache[key] = (_draw_png(self.draw, values), "")
            except ValueError as err:
                plt.close("all")
                like = next((png for png, why in self._cache.values() if not why), None)
                self._cache[key] = (_message_png(str(err), like), str(err))
            if len(self._cache) > 4 * MAX_FRAMES:  # drop the oldest
                self._cache.pop(next(iter(self._cache)))
        return self._cache[key]

    def _show(self, i: int, *, keep_on_error: bool) -> None:
        """Show frame ``i``, drawing it for the current settings if it was drawn for others."""
        png, error = self._frame(i)
        if error and keep_on_error:
            self.message.value = (f'<span style="color:#b35900">Cannot draw these settings: '
                                  f"{html.escape(error)}. The figure shows the last valid "
                                  f"ones.</span>")
            return
        self.message.value = _why_not(error)
        if self.frames[i].value != png:
            self.frames[i].value = png
        self._shown[i] = self._key(i)
        self.stack.selected_index = i

    def _on_main(self, _change=None) -> None:
        i = self._index()
        if self._shown[i] == self._key(i):
            # drawn for these settings already; in the browser the link has switched to it
            self.message.value = _why_not(self._frame(i)[1])
            self.stack.selected_index = i
            return
        self._show(i, keep_on_error=False)

    def _on_other(self, _change=None) -> None:
        # the frames drawn in advance are for the old values: from now on the kernel draws
        # each frame when it is asked for, and the browser no longer switches frames itself
        if self._link is not None:
            self._link.unlink()
            self._link = None
        self._show(self._index(), keep_on_error=True)

    # -- display ------------------------------------------------------------------------
    def _style_controls(self) -> None:
        # labels wide enough for the longest one (about 0.6 em per character at the widgets'
        # font size), so that none is cut; the full label also shows on hover
        width = max(6.0, 0.6 * max(len(c.description) for c in self.controls.values()) + 0.5)
        for k, c in self.controls.items():
            c.tooltip = c.description
            c.layout.width = "100%"
            if hasattr(c.style, "description_width"):
                c.style.description_width = f"{width:.1f}em"
            c.add_class("scaling-main-control" if k == self.main else "scaling-kernel-only")

    def _draw_all_frames(self) -> None:
        """Draw every frame for the current settings and let the browser switch between them.

        Called when the explorer is displayed: from then on, moving the main control needs no
        kernel, which is what keeps it live in the static HTML.
        """
        for i in range(len(self.positions)):
            if self._shown[i] != self._key(i):
                png = self._frame(i)[0]
                if self.frames[i].value != png:
                    self.frames[i].value = png
                self._shown[i] = self._key(i)
        self.note.value = self._note_html([f.value for f in self.frames])
        if self._link is None:
            self._link = W.jslink((self.controls[self.main], "index"),
                                  (self.stack, "selected_index"))

    def _note_html(self, pngs: list) -> str:
        others = [c.description for k, c in self.controls.items() if k != self.main]
        label = html.escape(self.controls[self.main].description)
        text = f"In this page, the <b>{label}</b> control redraws the figure"
        if others:
            text += ("; in JupyterLab (run the chapter) the other controls work too: "
                     + html.escape(", ".join(others)))
        main = self.controls[self.main]
        labels = list(main._options_labels)  # what the control shows for each position
        frames = [[label, hashlib.sha256(bytes(p)).hexdigest()[:16]]
                  for label, p in zip(labels, pngs, strict=True)]
        name = getattr(self.draw, "__name__", None) or getattr(
            getattr(self.draw, "func", None), "__name__", "explorer")
        return (f'<div class="scaling-static-note" style="display:none" '
                f'data-explorer="{html.escape(name)}" '
                f"data-frames='{html.escape(json.dumps(frames))}'>{text}.</div>")

    def _repr_mimebundle_(self, **kwargs):
        self._draw_all_frames()
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data = dict(data)
        data["image/png"] = base64.b64encode(self._default_png).decode("ascii")
        data["text/plain"] = "Explorer (run the notebook in JupyterLab to move the controls)"
        return data


def log_slider(description: str, value: float, low: float, high: float, step: float = 0.05):
    """A slider on a log scale, for quantities that span decades (N, D, C)."""
    return W.FloatLogSlider(value=value, base=10, min=np.log10(low), max=np.log10(high),
                            step=step, description=description, readout_format=".3g",
                            continuous_update=False, style={"description_width": "9em"})


def slider(description: str, value: float, low: float, high: float, step: float, *,
           readout_format: str = ".2f"):
    """A linear slider with the book's label width; redraws on release. ``readout_format``
    is a d3-format string for the number beside it (".0%" shows 0.4 as 40%, ".0f" whole
    numbers)."""
    return W.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                         readout_format=readout_format, continuous_update=False,
                         style={"description_width": "9em"})
