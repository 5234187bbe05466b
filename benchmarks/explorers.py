"""Explorer redraw times: build the figure and encode the PNG, as a slider move does.

Target (design): well under 100 ms per redraw. Prints a table; not a test.
Every ``*_explorer`` function of every ``scaling_lib.widgets`` module is measured: its first
control that changes the figure is moved through 4 values inside its range, 3 rounds. "CPU"
and "wall" time the whole redraw the move triggers; "draw" (``explorer.draw(**values)``: the
figure built) and "PNG" (``figure_png(fig)``: drawn by Agg and encoded) time the same redraw
in two parts, outside the explorer.

Usage: python benchmarks/explorers.py [substring ...]   (only explorers whose name contains one)
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import statistics
import sys
import time

import scaling_lib.widgets as widgets_pkg
from scaling_lib.widgets.core import figure_png

ROUNDS = 3
VALUES_PER_ROUND = 4
#: CPU-time thresholds reported on the last line (ms).
TARGETS = (100, 60)


def discover() -> list[tuple[str, object]]:
    """``(module.name, function)`` for every ``*_explorer`` function of the widget modules."""
    found = []
    for info in pkgutil.iter_modules(widgets_pkg.__path__):
        if info.name == "core" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"scaling_lib.widgets.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and fn.__module__ == module.__name__:
                found.append((f"{info.name}.{name}", fn))
    return found


def control_values(control, n: int = VALUES_PER_ROUND) -> list:
    """``n`` values inside ``control``'s range, each different from the one before.

    A dropdown or toggle gives its options (cycled if it has fewer than ``n``); a slider
    gives values spread between its min and max (in log space for a log slider).
    """
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        # cycle from the option after the current one, so that each value differs from the last
        start = values.index(control.value) + 1 if control.value in values else 0
        return [values[(start + i) % len(values)] for i in range(n)]
    if isinstance(control.value, bool):
        return [control.value == (i % 2 == 1) for i in range(n)]  # flipped, back, flipped...
    lo, hi = control.min, control.max
    if hasattr(control, "base"):  # FloatLogSlider: min and max are exponents
        return [control.base ** (lo + (hi - lo) * (i + 1) / (n + 1)) for i in range(n)]
    values = [lo + (hi - lo) * (i + 1) / (n + 1) for i in range(n)]
    if isinstance(control.value, int):
        step = getattr(control, "step", 1) or 1
        values = [lo + round((v - lo) / step) * step for v in values]
    return values


def pick_control(explorer) -> str:
    """The first control whose move changes the figure (else the first control)."""
    names = list(explorer.controls)
    before = explorer.image.value
    for name in names:
        control = explorer.controls[name]
        start = control.value
        control.value = control_values(control, 1)[0]
        changed = explorer.image.value != before
        control.value = start
        if changed:
            return name
    return names[0]


def measure(explorer, name: str) -> dict:
    """Median CPU and wall ms of a redraw, and median CPU ms of its draw and PNG parts."""
    control = explorer.controls[name]
    wall, cpu, draw_cpu, png_cpu = [], [], [], []
    for _ in range(ROUNDS):
        for v in control_values(control):
            # the whole redraw, as a slider move triggers it
            t0, c0 = time.perf_counter(), time.process_time()
            control.value = v
            wall.append(1e3 * (time.perf_counter() - t0))
            cpu.append(1e3 * (time.process_time() - c0))
            # the same redraw in two parts
            c0 = time.process_time()
            fig = explorer.draw(**explorer.values)
            c1 = time.process_time()
            figure_png(fig)
            c2 = time.process_time()
            draw_cpu.append(1e3 * (c1 - c0))
            png_cpu.append(1e3 * (c2 - c1))
    med = statistics.median
    return {"cpu": med(cpu), "wall": med(wall), "draw": med(draw_cpu), "png": med(png_cpu),
            "bytes": len(explorer.image.value)}


def main(patterns: list[str]) -> None:
    # CPU time as well as wall time: on a shared 2-core machine wall time mostly measures the
    # other jobs, while CPU time is what the redraw itself costs.
    rows = []
    for name, make in discover():
        if patterns and not any(p in name for p in patterns):
            continue
        explorer = make()
        control = pick_control(explorer)
        rows.append((name, control, measure(explorer, control)))
    rows.sort(key=lambda r: r[2]["cpu"], reverse=True)
    print(f"{'explorer':44} {'control':22} {'CPU ms':>7} {'wall ms':>8} {'draw ms':>8} "
          f"{'PNG ms':>7} {'PNG kB':>7}")
    for name, control, m in rows:
        print(f"{name:44} {control:22} {m['cpu']:7.1f} {m['wall']:8.1f} {m['draw']:8.1f} "
              f"{m['png']:7.1f} {m['bytes'] / 1e3:7.1f}")
    met = ", ".join(f"{sum(m['cpu'] <= t for _, _, m in rows)}/{len(rows)} within {t} ms CPU"
                    for t in TARGETS)
    worst = max((m["cpu"] for _, _, m in rows), default=math.nan)
    print(f"{met} (median per explorer; slowest {worst:.1f} ms)")


if __name__ == "__main__":
    main(sys.argv[1:])
