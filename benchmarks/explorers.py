"""Explorer response times on the Python side, as a control move costs the kernel.

Target (issue 20): median <= 50 ms. Prints a table; not a test.
Every ``*_explorer`` function of every ``scaling_lib.widgets`` module is displayed (which
draws its main control's frames, ``Explorer._draw_all_frames``) and then measured twice:
"main" moves its main control through 4 positions (the frames are drawn already: the kernel
only confirms the switch the browser made), "other" moves its first other control that
changes the figure through 4 values (a redraw: figure built, drawn by Agg, quantised and
encoded). "draw" and "PNG" time that redraw in two parts, outside the explorer. "frames"
is the CPU time of drawing all the frames when the explorer is displayed, "kB" the size of
one frame.

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
from scaling_lib.widgets.core import frame_png

ROUNDS = 3
VALUES_PER_ROUND = 4
#: CPU-time thresholds reported on the last line (ms).
TARGETS = (50, 150, 300)


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
    """The first control other than the main one whose move changes the figure."""
    names = [n for n in explorer.controls if n != explorer.main] or [explorer.main]
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


def measure_main(explorer) -> float:
    """Median CPU ms of a main-control move (between frames drawn in advance)."""
    control = explorer.controls[explorer.main]
    cpu = []
    for _ in range(ROUNDS):
        for v in control_values(control):
            c0 = time.process_time()
            control.value = v
            cpu.append(1e3 * (time.process_time() - c0))
    return statistics.median(cpu)


def measure(explorer, name: str) -> dict:
    """Median CPU and wall ms of a redraw, and median CPU ms of its draw and PNG parts."""
    control = explorer.controls[name]
    wall, cpu, draw_cpu, png_cpu = [], [], [], []
    for _ in range(ROUNDS):
        for v in control_values(control):
            # the whole redraw, as a slider move triggers it (uncached: a value already drawn
            # for these settings is not drawn again, which would time nothing)
            explorer._cache.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            control.value = v
            wall.append(1e3 * (time.perf_counter() - t0))
            cpu.append(1e3 * (time.process_time() - c0))
            # the same redraw in two parts
            c0 = time.process_time()
            fig = explorer.draw(**explorer.values)
            c1 = time.process_time()
            frame_png(fig)
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
        c0 = time.process_time()
        explorer._repr_mimebundle_()  # as displaying it does: every frame drawn
        frames_ms = 1e3 * (time.process_time() - c0)
        main_ms = measure_main(explorer)
        control = pick_control(explorer)
        m = measure(explorer, control) if control != explorer.main else None
        rows.append((name, explorer.main, main_ms, len(explorer.frames), frames_ms, control, m))
    print(f"{'explorer':38} {'main':16} {'main ms':>7} {'frames':>6} {'all ms':>7} "
          f"{'other':16} {'CPU ms':>7} {'wall ms':>8} {'draw ms':>8} {'PNG ms':>7} {'kB':>5}")
    for name, main_name, main_ms, n, frames_ms, control, m in rows:
        other = (f"{control:16} {m['cpu']:7.1f} {m['wall']:8.1f} {m['draw']:8.1f} "
                 f"{m['png']:7.1f} {m['bytes'] / 1e3:5.1f}" if m else "")
        print(f"{name:38} {main_name:16} {main_ms:7.1f} {n:6d} {frames_ms:7.0f} {other}")
    moves = [r[2] for r in rows] + [r[6]["cpu"] for r in rows if r[6]]
    met = ", ".join(f"{sum(v <= t for v in moves)}/{len(moves)} within {t} ms CPU"
                    for t in TARGETS)
    print(f"main-control moves: median {statistics.median(r[2] for r in rows):.1f} ms CPU; "
          f"other-control redraws: median "
          f"{statistics.median(r[6]['cpu'] for r in rows if r[6]):.1f} ms, slowest "
          f"{max((r[6]['cpu'] for r in rows if r[6]), default=math.nan):.1f} ms")
    print(f"all moves measured (one main and one other control per explorer): median "
          f"{statistics.median(moves):.1f} ms CPU; {met}")


if __name__ == "__main__":
    main(sys.argv[1:])
