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
import html
import io
from collections.abc import Callable

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from PIL import Image

#: One Agg renderer per figure size, reused by :func:`figure_png`. Matplotlib caches the
#: measured size of every piece of text (and parsed mathtext) per renderer, so drawing each
#: new figure on a fresh renderer, as ``savefig`` does, measures every label again.
_RENDERERS: dict = {}


def figure_png(fig) -> bytes:
    """PNG bytes of ``fig`` at its own dpi (the figure is closed afterwards).

    The pixels are those of ``fig.savefig(buf, format="png")`` with the book style (where
    ``savefig.dpi`` equals ``figure.dpi``), drawn faster: on a reused renderer (which keeps
    the sizes of the text it has measured), and compressed at zlib level 1 (about 10% larger
    than the default level 6: 35-90 kB for an explorer).
    """
    width, height = fig.canvas.get_width_height(physical=True)
    key = (width, height, fig.dpi)
    if key not in _RENDERERS:
        _RENDERERS[key] = RendererAgg(width, height, fig.dpi)
    renderer = _RENDERERS[key]
    renderer.clear()
    fig.draw(renderer)
    image = Image.frombuffer("RGBA", (width, height), renderer.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=1, dpi=(fig.dpi, fig.dpi))
    plt.close(fig)
    return buf.getvalue()


def _draw_png(draw: Callable, values: dict) -> bytes:
    """``figure_png(draw(**values))``, with Python's cyclic garbage collector paused.

    A redraw allocates tens of thousands of objects that live until the figure is closed. With
    the collector running they are scanned and promoted to older generations on the way, which
    soon triggers a full collection of everything in the kernel (tens of milliseconds); paused,
    the closed figure is freed by one collection of the youngest generation.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return figure_png(draw(**values))
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)


class Explorer:
    """Controls that redraw a figure.

    Parameters
    ----------
    draw : callable
        ``draw(**values) -> Figure``, pure.
    controls : dict of str to ipywidgets.ValueWidget
        Keyword name → control; their initial values are the defaults.
    main : str, optional
        The control that carries the section's point (default: the first). It is the one
        that stays live in the static HTML book.
    """

    def __init__(self, draw: Callable, controls: dict, *, main: str | None = None,
                 columns: int = 2):
        self.draw = draw
        self.controls = controls
        self.main = main if main is not None else next(iter(controls))
        if self.main not in controls:
            raise ValueError(f"main={self.main!r} is not one of the controls {list(controls)}")
        png = _draw_png(draw, self.values)
        self._default_png = png
        self.image = W.Image(value=png, format="png",
                             layout=W.Layout(max_width="100%", height="auto"))
        items = list(controls.values())
        grid = W.GridBox(items, layout=W.Layout(
            grid_template_columns=" ".join(["1fr"] * columns), grid_gap="2px 12px"))
        # a setting the drawing rejects is explained here, instead of a traceback
        self.message = W.HTML("")
        self.widget = W.VBox([grid, self.message, self.image])
        for c in items:
            c.observe(self._redraw, names="value")

    @property
    def values(self) -> dict:
        return {k: c.value for k, c in self.controls.items()}

    def _redraw(self, _change=None) -> None:
        try:
            png = _draw_png(self.draw, self.values)
        except ValueError as err:
            plt.close("all")
            self.message.value = (f'<span style="color:#b35900">Cannot draw these settings: '
                                  f"{html.escape(str(err))}. The figure shows the last valid "
                                  f"ones.</span>")
            return
        self.message.value = ""
        self.image.value = png

    def _repr_mimebundle_(self, **kwargs):
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


def slider(description: str, value: float, low: float, high: float, step: float):
    """A linear slider with the book's label width; redraws on release."""
    return W.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                         continuous_update=False, style={"description_width": "9em"})
