"""The explorer contract (design.md, "Explorers"), checked for every explorer of every chapter.

An explorer shows its figure at default settings with no kernel (a PNG in its display data and
the image in its saved widget state) and redraws when a control moves.
"""

import base64
import importlib
import inspect
import pkgutil

import matplotlib.pyplot as plt
import pytest

import scaling_lib.widgets as widgets_pkg
from scaling_lib.widgets.core import Explorer, frame_png


def _explorers():
    found = []
    for info in pkgutil.iter_modules(widgets_pkg.__path__):
        if info.name == "core":
            continue
        module = importlib.import_module(f"scaling_lib.widgets.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and fn.__module__ == module.__name__:
                found.append(pytest.param(fn, id=f"{info.name}.{name}"))
    return found


EXPLORERS = _explorers()


def test_every_chapter_module_has_explorers():
    assert len(EXPLORERS) >= 16


def _other_value(control):
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        return next(v for v in values if v != control.value)
    if isinstance(control.value, bool):
        return not control.value
    lo, hi = control.min, control.max
    return lo if control.value != lo else hi


@pytest.mark.parametrize("make", EXPLORERS)
def test_explorer_shows_a_static_png_and_redraws_when_a_control_moves(make):
    explorer = make()
    assert isinstance(explorer, Explorer)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    before = explorer.image.value
    changed = False
    for control in explorer.controls.values():
        control.value = _other_value(control)
        if explorer.image.value != before:
            changed = True
            break
    assert changed, "no control changed the figure"


def _visible_tick_labels(ax, axis):
    lo, hi = sorted(ax.get_ylim() if axis == "y" else ax.get_xlim())
    ticks = ax.yaxis if axis == "y" else ax.xaxis
    return [t.get_text() for t, v in zip(ticks.get_majorticklabels(), ticks.get_majorticklocs(),
                                         strict=True)
            if t.get_text() and lo <= v <= hi]


@pytest.mark.parametrize("make", EXPLORERS)
def test_every_explorer_axis_shows_at_least_two_tick_labels(make):
    # log axes have no minor ticks (for speed): a range without two decades needs its own labels
    explorer = make()
    fig = explorer.draw(**explorer.values)
    fig.canvas.draw()
    for ax in fig.axes:
        if not ax.axison:
            continue
        for axis in ("x", "y"):
            labels = _visible_tick_labels(ax, axis)
            assert len(labels) >= 2, (ax.get_title(), axis, labels)
    plt.close(fig)


@pytest.mark.parametrize("make", EXPLORERS)
def test_main_control_frames_are_what_the_kernel_draws_for_those_values(make):
    # the static HTML switches between these frames with no kernel: each must be the figure
    # drawn for its position (checked at the two ends of the main control's range)
    explorer = make()
    assert explorer.main in explorer.controls and len(explorer.positions) >= 2
    assert list(explorer.controls)[0] == explorer.main
    main = explorer.controls[explorer.main]
    assert list(main._options_values) == explorer.positions
    for i in (0, len(explorer.positions) - 1):
        png, error = explorer._frame(i)
        assert not error, f"{explorer.main} = {explorer.positions[i]}: {error}"
        values = explorer.values | {explorer.main: explorer.positions[i]}
        assert png == frame_png(explorer.draw(**values))


@pytest.mark.parametrize("make", EXPLORERS)
def test_explorer_in_the_html_says_what_works_without_a_kernel(make):
    explorer = make()
    for k, control in explorer.controls.items():
        assert ("scaling-kernel-only" in control._dom_classes) == (k != explorer.main)
        assert control.tooltip == control.description  # full label on hover
