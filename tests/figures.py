"""Helpers shared by the figure and explorer tests."""


def figure_text(fig) -> str:
    """All text a reader sees on ``fig``: titles, annotations and legend entries."""
    parts = []
    for ax in fig.axes:
        parts += [t.get_text() for t in ax.texts] + [ax.title.get_text()]
        legend = ax.get_legend()
        if legend is not None:
            parts += [t.get_text() for t in legend.get_texts()]
    parts += [t.get_text() for t in fig.texts]
    return " ".join(parts)


def _texts(fig):
    """Every non-empty text artist ``fig`` draws (tick labels only of the ticks it draws)."""
    from matplotlib.text import Text

    ticks, drawn = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update((id(tick.label1), id(tick.label2)))
            if ax.get_visible() and ax.axison:
                for tick in axis._update_ticks():  # the ticks inside the view: the drawn ones
                    drawn += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    return [t for t in fig.findobj(Text)
            if id(t) not in ticks and t.get_visible() and t.get_text().strip()
            and (t.axes is None or t.axes.get_visible())] + [
                t for t in drawn if t.get_text().strip()]


def _tick_label(t) -> bool:
    return any(t is tick.label1 or t is tick.label2 for ax in t.figure.axes
               for axis in (ax.xaxis, ax.yaxis)
               for tick in axis.get_major_ticks() + axis.get_minor_ticks())


def text_outside_figure(fig, slack: float = 1.0) -> list[str]:
    """Texts whose box leaves the figure (clipped in the PNG): their strings."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    w, h = fig.canvas.get_width_height()
    out = []
    for t in _texts(fig):
        if t.get_clip_on() and t.axes is not None and t.get_clip_box() is not None:
            continue  # clipped to its axes on purpose (drawn only where it fits)
        bb = t.get_window_extent(renderer)
        if bb.x0 < -slack or bb.y0 < -slack or bb.x1 > w + slack or bb.y1 > h + slack:
            out.append(t.get_text())
    return out


def overlapping_texts(fig, slack: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of annotations, titles and labels (tick labels aside) whose boxes overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for t in _texts(fig) if not _tick_label(t)]
    legends = {id(t) for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()}
    texts = [t for t in texts if id(t) not in legends]
    boxes = [(t.get_text(), t.get_window_extent(renderer).expanded(1, 1)) for t in texts]
    pairs = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
            h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
            if w > slack and h > slack:
                pairs.append((a, b))
    return pairs


def legend_cover(fig, samples: int = 400) -> dict[str, float]:
    """For each legend, the fraction of its axes' plotted lines (sampled along their length
    on screen) and scatter points that lie under the legend box."""
    import numpy as np

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    cover = {}
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        box = legend.get_window_extent(renderer)
        inside = total = 0
        for line in ax.get_lines():
            # a background grid of reference lines (gid "background") may pass under a legend
            if not line.get_visible() or len(line.get_xdata()) == 0 \
                    or line.get_gid() == "background":
                continue
            xy = line.get_transform().transform(np.column_stack(
                [np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)]))
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if len(xy) > 1 and line.get_linestyle() not in ("None", "", " "):
                seg = np.linspace(0, len(xy) - 1, samples)
                xy = np.column_stack([np.interp(seg, np.arange(len(xy)), xy[:, 0]),
                                      np.interp(seg, np.arange(len(xy)), xy[:, 1])])
            ab = ax.get_window_extent(renderer)
            xy = xy[(xy[:, 0] >= ab.x0) & (xy[:, 0] <= ab.x1) & (xy[:, 1] >= ab.y0)
                    & (xy[:, 1] <= ab.y1)]
            total += len(xy)
            inside += int(np.sum((xy[:, 0] > box.x0) & (xy[:, 0] < box.x1)
                                 & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1)))
        cover[ax.get_title() or str(ax)] = inside / total if total else 0.0
    return cover


def overlapping_tick_labels(fig, gap: float = 2.0) -> list[tuple[str, str]]:
    """Pairs of tick labels on one axis closer than ``gap`` pixels (so that they read as one)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    pairs = []
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t for tick in axis._update_ticks() for t in (tick.label1, tick.label2)
                      if t.get_visible() and t.get_text().strip()]
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
            for i, (a, ba) in enumerate(boxes):
                for b, bb in boxes[i + 1:]:
                    w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
                    h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
                    if w > -gap and h > -gap:
                        pairs.append((a, b))
    return pairs
