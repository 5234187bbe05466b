"""One figure style for the whole book, plus small formatting helpers.

Figures have an opaque white background, so they stay readable when the book
is read in dark mode, and use the colour-blind-safe Okabe–Ito palette.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.ft2font import RenderMode
from matplotlib.ticker import Formatter, FuncFormatter, LogLocator, MaxNLocator

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000"]

BOOK_STYLE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#222222",
    "text.color": "#222222",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "font.size": 10,
    "axes.titlesize": 11,
    "legend.frameon": False,
}


def use_book_style() -> None:
    """Apply the book's figure style to matplotlib's global settings."""
    mpl.rcParams.update(BOOK_STYLE)


def new_figure(ncols: int = 1, *, width: float = 6.4, height: float = 4.0,
               layout: str | None = "constrained", margins: dict | None = None):
    """A figure with ``ncols`` axes in the book style; returns ``(fig, axes)``.

    ``margins`` (keywords of ``fig.subplots_adjust``, e.g. ``left=0.1``) replaces
    matplotlib's constrained layout, which measures every label on every draw and
    costs most of an explorer's redraw time. The margins must leave room for the widest
    labels over the explorer's whole range. For the same reason explorers set titles at a
    fixed height (``ax.set_title(..., y=1.0)``) wherever the y axis shows no offset text:
    placing a title automatically measures every tick label again on each draw.

    It applies the book style globally first: ``matplotlib.rc_context`` would be
    tidier, but leaving it resets pyplot's state so that, in a notebook, later
    cells' figures are no longer shown.
    """
    use_book_style()
    fig, axes = plt.subplots(1, ncols, figsize=(width, height),
                             layout=None if margins else layout)
    if margins:
        fig.subplots_adjust(**margins)
    return fig, axes


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def pow10_label(x: float, _pos=None) -> str:
    """Tick label for a log axis in plain Unicode: ``1e8`` → ``10⁸``, ``3e8`` → ``3×10⁸``."""
    if x <= 0 or not math.isfinite(x):
        return ""
    exp = math.floor(math.log10(x) + 1e-9)
    mant = x / 10**exp
    power = "10" + str(exp).translate(_SUPERSCRIPT)
    if abs(mant - 1) < 1e-6:
        return power
    return f"{mant:.2g}×{power}"


_POW10 = FuncFormatter(pow10_label)

#: Below this ratio of an axis's ends (two decades) a log axis may hold fewer than two powers
#: of ten, so :class:`LogTicks` and :class:`LogLabels` switch to plain numbers.
_SHORT_LOG_RANGE = 100.0


class LogTicks(LogLocator):
    """Major ticks of a log axis that always give at least two labels, without minor ticks.

    Powers of ten when the view spans two decades or more; otherwise 1-2-5 steps, or evenly
    spaced plain numbers when even those would leave fewer than two ticks in view.
    """

    def tick_values(self, vmin, vmax):
        lo, hi = sorted((vmin, vmax))
        if lo <= 0 or hi / lo >= _SHORT_LOG_RANGE:
            return super().tick_values(vmin, vmax)
        first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        steps = [m * 10.0**e for e in range(first, last + 1) for m in (1, 2, 5)]
        if sum(lo <= t <= hi for t in steps) >= 2:
            return steps
        return MaxNLocator(5).tick_values(lo, hi)


class LogLabels(Formatter):
    """Labels for :class:`LogTicks`: ``10⁸``-style on long ranges, plain numbers on short."""

    def __call__(self, x, pos=None):
        lo, hi = sorted(self.axis.get_view_interval())
        if lo > 0 and hi / lo < _SHORT_LOG_RANGE:
            return f"{x:g}"
        return pow10_label(x)


def loglog(ax, *, xlabel: str = "", ylabel: str = "", title: str = "") -> None:
    """Put ``ax`` on log-log axes with labels and a light grid at every decade (no minor ticks)."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.grid(True, which="major", color="#dddddd", linewidth=0.6)
    # Minor ticks on log axes are hundreds of artists, and the default "10^n" labels are
    # parsed as mathtext on every draw: both slow an explorer's redraw several times over.
    # Without them a short range needs its own major ticks (LogTicks) to show any labels.
    ax.minorticks_off()
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(LogTicks())
        axis.set_major_formatter(LogLabels())
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, y=1.0)  # a fixed height: see new_figure


_PREFIXES = [(1e24, "Y"), (1e21, "Z"), (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"),
             (1e6, "M"), (1e3, "k")]


def _sci_parts(x: float, digits: int) -> tuple[str, int | None]:
    """``x`` to ``digits`` significant figures: a plain number and no exponent between
    10⁻³ and 10⁴, else a mantissa and its power of ten."""
    if x == 0 or not math.isfinite(x):
        return str(x), None
    exp = math.floor(math.log10(abs(x)))
    if -3 <= exp < 4:
        return f"{x:,.{max(digits - 1 - exp, 0)}f}", None
    mant = x / 10**exp
    if round(mant, digits - 1) >= 10:
        mant, exp = mant / 10, exp + 1
    return f"{mant:.{digits - 1}f}", exp


def sci(x: float, digits: int = 3) -> str:
    """``x`` as a person writes it, to ``digits`` significant figures: ``3.14×10²³``,
    ``0.500``, ``1,234`` (never Python's ``3.14e+23``)."""
    text, exp = _sci_parts(x, digits)
    if exp is None:
        return text
    return f"{text}×10{str(exp).translate(_SUPERSCRIPT)}"


def tex(x: float, digits: int = 3) -> str:
    """LaTeX for ``x`` in scientific notation: ``tex(3.14e23)`` → ``3.14\\times10^{23}``."""
    text, exp = _sci_parts(x, digits)
    if exp is None:
        return text.replace(",", "{,}")
    return f"{text}\\times10^{{{exp}}}"


def si(x: float, unit: str = "", digits: int = 3) -> str:
    """Format with an SI prefix: ``si(3.14e23, 'FLOP')`` → ``'314 ZFLOP'``."""
    for scale, prefix in _PREFIXES:
        if abs(x) >= scale:
            return f"{x / scale:.{digits}g} {prefix}{unit}".strip()
    return f"{x:.{digits}g} {unit}".strip()


def human_count(x: float) -> str:
    """Parameters and tokens the way papers write them: 70B, 1.4T, 300M."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= scale:
            return f"{x / scale:.3g}{suffix}"
    return f"{x:.3g}"


class _GlyphCachingRenderer(RendererAgg):
    """Matplotlib's Agg renderer, remembering laid-out strings and rasterised glyphs.

    Agg lays out every string with FreeType and rasterises every glyph again on each draw;
    an explorer's redraw repeats almost all of its text (tick labels, axis labels, legends),
    and this work was about half of its drawing time. The pixels are the same: a glyph is
    rasterised at the sub-pixel part of its position (FreeType's 1/64 pixel) and moved by
    the whole-pixel part, which FreeType would have added to its bitmap's offset anyway
    (``tests/test_widgets_png.py`` compares with ``savefig``'s pixels).
    """

    _MAX_ENTRIES = 20_000  # per cache; about 20 MB of glyphs at most

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self._layouts: dict = {}
        self._glyphs: dict = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return self.draw_mathtext(gc, x, y, s, prop, angle)
        font = self._prepare_font(prop)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        key = (font.fname, size, self.dpi, s, features, language)
        try:
            items = self._layouts.get(key)
        except TypeError:  # features or language given as a list: not cached
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        if items is None:
            if len(self._layouts) > self._MAX_ENTRIES:
                self._layouts.clear()
            items = self._layouts[key] = [
                (item.ft_object, item.glyph_index, item.x, item.y)
                for item in font._layout(s, flags=get_hinting_flag(), features=features,
                                         language=language)]
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle, ((ft, size, index, 0, 1, gx, gy) for ft, index, gx, gy in items),
            [])

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        # as RendererAgg's (matplotlib 3.11), with each glyph's bitmap looked up first
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags = get_hinting_flag()
        antialiased = bool(gc.get_antialiased())
        for font, size, index, slant, extend, dx, dy in glyphs:  # dy is upwards
            # the glyph's origin in FreeType's units (1/64 pixel, y upwards)
            fx = round(0x40 * (x + dx * cos - dy * sin))
            fy = round(0x40 * (self.height - y + dx * sin + dy * cos))
            key = (font.fname, size, self.dpi, index, slant, extend, angle, fx % 64, fy % 64,
                   antialiased, flags)
            glyph = self._glyphs.get(key)
            if glyph is None:
                font.set_size(size, self.dpi)
                font._set_transform(
                    (0x10000 * np.array([[cos, -sin], [sin, cos]])
                     @ [[extend, extend * slant], [0, 1]]).round().astype(int),
                    [fx % 64, fy % 64])
                bitmap = font._render_glyph(
                    index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO)
                buffer = np.array(bitmap.buffer)  # a copy: FreeType reuses its buffer
                if not antialiased:
                    buffer *= 0xff
                if len(self._glyphs) > self._MAX_ENTRIES:
                    self._glyphs.clear()
                glyph = self._glyphs[key] = (buffer, bitmap.left, bitmap.top)
            buffer, left, top = glyph
            self._renderer.draw_text_image(
                buffer, left + fx // 64, int(self.height) - (top + fy // 64) + buffer.shape[0],
                0, gc)
        if boxes:  # mathtext's rules (fraction bars, roots): drawn as matplotlib does
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, [], boxes)


#: The one renderer cache (issue 32): one :class:`_GlyphCachingRenderer` per figure size
#: ``(width, height, dpi)``, shared by everything that draws or measures a figure of that
#: size (:func:`scaling_lib.widgets.core.figure_png`, :func:`measuring_renderer`).
#: Matplotlib caches the measured size of every piece of text (and parsed mathtext) per
#: renderer, so drawing each new figure on a fresh renderer, as ``savefig`` does, measures
#: every label again; the renderer also keeps the glyphs it has rasterised. Sharing one
#: renderer between measuring (label placement) and drawing means a label measured to place
#: it is not measured again to draw it.
_RENDERERS: dict = {}


def shared_renderer(fig) -> RendererAgg:
    """The cached renderer of ``fig``'s size (see :data:`_RENDERERS`)."""
    width, height = fig.canvas.get_width_height(physical=True)
    key = (width, height, fig.dpi)
    if key not in _RENDERERS:
        _RENDERERS[key] = _GlyphCachingRenderer(width, height, fig.dpi)
    return _RENDERERS[key]


def measuring_renderer(fig):
    """An Agg renderer of ``fig``'s size, shared by every figure of that size.

    For measuring text before drawing (``artist.get_window_extent(renderer)``): matplotlib
    keeps the sizes of the strings it has measured per renderer, so a figure drawn again
    with the same labels (an explorer's redraw) measures none of them twice, while
    ``fig.canvas.get_renderer()`` is new with every figure. It is the renderer the
    explorers draw with (:func:`shared_renderer`): one cache, not two.
    """
    return shared_renderer(fig)


#: Offsets (points) tried, in order, for a point's label: right-up, right-down, left-up, ...
_LABEL_OFFSETS = ((3, 3), (3, -9), (-3, 3), (-3, -9), (3, 10), (3, -16), (-3, 10), (-3, -16),
                  (0, 17), (0, -23))


def label_points(ax, xs, ys, labels, *, avoid=(), **text_kw) -> list:
    """Label points without printing one label over another.

    Each label goes to the first offset of ``_LABEL_OFFSETS`` where its box overlaps no label
    placed before it, no box in ``avoid`` (display-coordinate ``Bbox`` es, e.g. a text box)
    and stays inside the axes; failing that, to the offset that overlaps least. Greedy, in the
    order given. Returns the annotations.
    """
    from matplotlib.transforms import Bbox

    renderer = measuring_renderer(ax.figure)
    frame = ax.get_window_extent(renderer)
    placed = [Bbox(b) for b in avoid]
    out = []
    for x, y, label in zip(xs, ys, labels, strict=True):
        best = None
        for dx, dy in _LABEL_OFFSETS:
            ann = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points",
                              ha="left" if dx >= 0 else "right", **text_kw)
            box = ann.get_window_extent(renderer)
            overlap = sum(max(0.0, min(box.x1, b.x1) - max(box.x0, b.x0))
                          * max(0.0, min(box.y1, b.y1) - max(box.y0, b.y0)) for b in placed)
            outside = (box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0
                       or box.y1 > frame.y1)
            cost = overlap + (1e6 if outside else 0.0)
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, ann, box)
            else:
                ann.remove()
            if cost == 0:
                break
        placed.append(best[2])
        out.append(best[1])
    return out


def place_legend(ax, *, prefer: str | None = None,
                 locs=("upper right", "upper left", "lower left", "lower right",
                       "center right", "center left", "upper center", "lower center"),
                 **legend_kw):
    """A legend at the first of ``locs`` where it covers the least of the plotted lines.

    Like matplotlib's ``loc="best"``, but it measures lines along their whole length on
    screen (sampled), not only at their vertices, so a straight line with two vertices that
    crosses a corner counts. ``prefer`` is tried first.
    """
    import numpy as np

    ax.get_xlim(), ax.get_ylim()  # brings autoscaled limits up to date before measuring
    renderer = measuring_renderer(ax.figure)
    frame = ax.get_window_extent(renderer)
    pts = []
    for line in ax.get_lines():
        xy = line.get_transform().transform(np.column_stack(
            [np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)]))
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if len(xy) > 1 and line.get_linestyle() not in ("None", "", " "):
            t = np.linspace(0, len(xy) - 1, 300)
            xy = np.column_stack([np.interp(t, np.arange(len(xy)), xy[:, 0]),
                                  np.interp(t, np.arange(len(xy)), xy[:, 1])])
        pts.append(xy)
    for coll in ax.collections:
        offsets = getattr(coll, "get_offsets", lambda: [])()
        if len(offsets):
            pts.append(coll.get_offset_transform().transform(np.asarray(offsets, float)))
    pts = np.concatenate(pts) if pts else np.zeros((0, 2))
    pts = pts[(pts[:, 0] >= frame.x0) & (pts[:, 0] <= frame.x1)
              & (pts[:, 1] >= frame.y0) & (pts[:, 1] <= frame.y1)]
    best = None
    order = ((prefer,) if prefer else ()) + tuple(loc for loc in locs if loc != prefer)
    # one legend, moved from place to place: building it is most of the cost
    legend = ax.legend(loc=order[0], **legend_kw)
    for loc in order:
        legend.set_loc(loc)
        box = legend.get_window_extent(renderer)
        covered = int(np.sum((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
                             & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)))
        texts = sum(1 for t in ax.texts if t.get_visible() and t.get_text().strip()
                    and box.overlaps(t.get_window_extent(renderer)))
        cost = covered + 1000 * texts
        if best is None or cost < best[0]:
            best = (cost, loc)
        if cost == 0:
            break
    legend.set_loc(best[1])
    return legend


class Table:
    """A small table that renders as HTML in notebooks and the book, and as text elsewhere."""

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence], caption: str = ""):
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]
        if any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError("every row must have one cell per column")
        self.caption = caption

    @staticmethod
    def _cell(x) -> str:
        if isinstance(x, float):
            return sci(x)
        return "" if x is None else str(x)

    @staticmethod
    def _markdown_cell(x) -> str:
        from scaling_lib.references import Cite

        if isinstance(x, Cite):
            return x.role
        text = Table._cell(x)
        # a cell is text, not markup: escape what Markdown, MyST or dollar-math would read
        return re.sub(r"([\\`*_{}\[\]<>|$])", r"\\\1", text).replace("\n", " ")

    def _repr_markdown_(self) -> str | None:
        """The table as MyST Markdown, offered only when it holds :class:`Cite` cells.

        The book ranks Markdown above HTML, so there each citation becomes a linked
        author–year reference; JupyterLab keeps the HTML table, with author–year text.
        """
        from scaling_lib.references import Cite

        if not any(isinstance(x, Cite) for r in self.rows for x in r):
            return None
        head = "| " + " | ".join(self._markdown_cell(c) for c in self.columns) + " |"
        rule = "|" + "---|" * len(self.columns)
        body = ["| " + " | ".join(self._markdown_cell(x) for x in r) + " |" for r in self.rows]
        caption = [f"*{self._markdown_cell(self.caption)}*", ""] if self.caption else []
        return "\n".join([*caption, head, rule, *body])

    def _repr_html_(self) -> str:
        pad = 'style="padding: 0.15em 0.8em; text-align: left"'
        head = "".join(f"<th {pad}>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td {pad}>{html.escape(self._cell(x))}</td>" for x in r)
            + "</tr>"
            for r in self.rows
        )
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f'<table class="scaling-table">{cap}<thead><tr>{head}</tr></thead>' \
               f"<tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        cells = [self.columns] + [[self._cell(x) for x in r] for r in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
                 for row in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(([self.caption] if self.caption else []) + lines)


class Text(str):
    """A string that shows as itself (no quotes) when a notebook displays it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str.__str__(self)


class Prose:
    """The numbers a chapter's text quotes, computed in the page.

    A code cell sets ``prose.gpt3_c = sci(c_6nd)``; the Markdown below it writes
    ``{eval}`prose.gpt3_c```. The ``eval`` role is understood by both myst-nb (the
    HTML book, which executes chapters inline) and jupyterlab-myst (JupyterLab,
    which evaluates the expression when the Markdown cell is run), so a reader and
    a learner see the same number. Values are stored as :class:`Text`, so they show
    without quotes; keys built at run time use item syntax, ``prose[f"p_{k}"] = ...``.
    """

    def __setattr__(self, name: str, value) -> None:
        self[name] = value

    def __setitem__(self, name, value) -> None:
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"name must be a Python identifier, got {name!r}")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise TypeError(f"value for {name!r} must be text or a number, "
                            f"got {type(value).__name__}")
        object.__setattr__(self, name, Text(value))

    def __getitem__(self, name: str) -> Text:
        try:
            return self.__dict__[name]
        except KeyError:
            raise KeyError(f"nothing is stored under {name!r} yet") from None

    def __getattr__(self, name: str) -> Text:
        # only called for names not set yet
        raise AttributeError(f"prose.{name} is not computed yet: run the cells above this one")

    def __repr__(self) -> str:
        return f"Prose({len(self.__dict__)} values)"
