"""An Agg renderer that keeps the shaping and the glyph bitmaps of the text it draws.

Matplotlib 3.11 shapes every string (libraqm) and rasterises every glyph (FreeType) each time
a figure is drawn: about half of an explorer's redraw. Tick labels, axis labels, titles and
legends are the same from one redraw to the next, so :class:`TextCachingRendererAgg` keeps
both, for :func:`scaling_lib.widgets.core.figure_png`. It draws the same pixels as
``RendererAgg`` (``tests/test_widgets_png.py`` checks it): a glyph is rasterised once per
sub-pixel offset (FreeType works in 1/64 px), and a whole-pixel offset only moves the bitmap.

It relies on matplotlib's private text API (``FT2Font._layout``, ``_set_transform`` and
``_render_glyph``, ``RendererAgg._prepare_font`` and ``_draw_text_glyphs_and_boxes``, as
``RendererAgg.draw_text`` and ``draw_mathtext`` use them in matplotlib 3.11); where that API
is missing, text is drawn the ordinary way.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.ft2font import FT2Font, RenderMode

#: Whether this matplotlib has the private text API the cache mirrors.
PRIVATE_API = (all(hasattr(FT2Font, f) for f in ("_layout", "_set_transform", "_render_glyph"))
               and all(hasattr(RendererAgg, f)
                       for f in ("_prepare_font", "_draw_text_glyphs_and_boxes")))
#: Cache sizes at which a renderer starts again (a few MB of glyph bitmaps at most).
MAX_LAYOUTS = 5_000
MAX_GLYPHS = 50_000


def _hashable(value):
    """Font features or language settings as a dictionary key."""
    if value is None or isinstance(value, str):
        return value
    return tuple(tuple(v) if isinstance(v, list | tuple) else v for v in value)


class TextCachingRendererAgg(RendererAgg):
    """``RendererAgg`` that reuses text shaping and glyph bitmaps across figures it draws.

    Parameters
    ----------
    width, height : int
        Size of the canvas in pixels.
    dpi : float
    """

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self._layouts: dict = {}
        self._glyphs: dict = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        # docstring inherited
        if ismath or not PRIVATE_API:  # mathtext: RendererAgg calls draw_mathtext below
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        flags = get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        font = self._prepare_font(prop)  # the font file(s) found for prop, at its size
        size = prop.get_size_in_points()
        key = (s, font, size, flags, _hashable(features), _hashable(language))
        items = self._layouts.get(key)
        if items is None:
            items = [(item.ft_object, item.glyph_index, item.x, item.y)
                     for item in font._layout(s, flags, features=features, language=language)]
            if len(self._layouts) >= MAX_LAYOUTS:
                self._layouts.clear()
            self._layouts[key] = items
        self._draw_glyphs(gc, x, y, angle, size, items)

    def draw_mathtext(self, gc, x, y, s, prop, angle):
        # docstring inherited
        if not PRIVATE_API:
            return super().draw_mathtext(gc, x, y, s, prop, angle)
        parse = self.mathtext_parser.parse(s, self.dpi, prop, antialiased=gc.get_antialiased())
        for font, size, _char, index, dx, dy in parse.glyphs:
            self._draw_glyphs(gc, x, y, angle, size, [(font, index, dx, dy)])
        if parse.rects:  # fraction bars and the like
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, [], parse.rects)

    def _draw_glyphs(self, gc, x, y, angle, size, items):
        """Draw ``(font, glyph index, dx, dy)`` glyphs as ``_draw_text_glyphs_and_boxes`` does.

        The bitmaps are kept, by font, size, glyph, angle and sub-pixel position.
        """
        flags = get_hinting_flag()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        mode = RenderMode.NORMAL if gc.get_antialiased() else RenderMode.MONO
        for font, index, dx, dy in items:
            # pen position in 1/64 px, FreeType's y upwards
            px = round(0x40 * (x + dx * cos - dy * sin))
            py = round(0x40 * (self.height - y + dx * sin + dy * cos))
            glyph_key = (font, size, index, angle, flags, mode, px & 63, py & 63)
            glyph = self._glyphs.get(glyph_key)
            if glyph is None:
                font.set_size(size, self.dpi)
                font._set_transform(
                    (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int),
                    [px & 63, py & 63])
                bitmap = font._render_glyph(index, flags, mode)
                buffer = np.array(bitmap.buffer)  # a copy, kept after FreeType moves on
                if mode == RenderMode.MONO:
                    buffer *= 0xff
                glyph = (buffer, bitmap.left, bitmap.top)
                if len(self._glyphs) >= MAX_GLYPHS:
                    self._glyphs.clear()
                self._glyphs[glyph_key] = glyph
            buffer, left, top = glyph
            # draw_text_image's y is downwards and at the bitmap's bottom side
            self._renderer.draw_text_image(
                buffer, left + (px >> 6), int(self.height) - (top + (py >> 6)) + buffer.shape[0],
                0, gc)
