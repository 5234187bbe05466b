"""The candidate not taken for issue 20: chapter 6's coverage explorer drawn by plotly.js.

Measures what the decision needs, for one explorer, against the frames-of-PNGs explorer the
course uses (``scaling_lib.widgets.core.Explorer``):

* page weight: the explorer's frames as Plotly JSON (data, not pixels) and plotly.js itself,
  against the palette PNGs;
* the Python side of a redraw: building the figure's data for new settings and serialising
  it (what a ``FigureWidget`` update would send), against drawing and encoding a PNG;
* in headless Chromium, offline, a step of the main control in the static page (a Plotly
  frame switch) from the call to the next painted frame.

The data come from the same ``scaling_lib.test_time`` functions the matplotlib explorer
calls; only the drawing differs. Needs ``plotly`` (not a dependency of the course: install it
into a scratch environment and put it on PYTHONPATH); prints "skipped" without it.

Usage: python benchmarks/plotly_prototype.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from scaling_lib import test_time as tt
from scaling_lib.widgets import test_time as explore
from scaling_lib.widgets.core import frame_png

try:
    import plotly
    import plotly.graph_objects as go
except ImportError:
    print("plotly_prototype: skipped (plotly is not installed)")
    sys.exit(0)

K_GRID = explore._K_GRID


def coverage_traces(alpha: float, beta: float = 2.0, n: int = 100) -> list:
    """The right-hand panel of ``draw_coverage`` as Plotly traces (same library calls)."""
    fail = tt.beta_failure(alpha, beta, K_GRID)
    tail = tt.beta_failure_tail(alpha, beta, K_GRID)
    counts = explore._simulated_counts(alpha, beta, n, 200, 0)
    ks = np.unique(np.round(np.geomspace(1, n, 12))).astype(int)
    est = np.clip(1 - tt.coverage_curve(n, counts, ks, estimator="unbiased"), 1e-4, None)
    return [go.Scatter(x=K_GRID, y=fail, name="exact"),
            go.Scatter(x=K_GRID, y=tail, name="tail", line={"dash": "dash"}),
            go.Scatter(x=ks, y=est, mode="markers", name="estimate")]


def main() -> None:
    explorer = explore.coverage_explorer()
    positions = explorer.positions
    # page weight: PNG frames (the course) against Plotly frames (data)
    pngs = [frame_png(explorer.draw(**(explorer.values | {"alpha": a}))) for a in positions]
    frames = [go.Frame(data=coverage_traces(a), name=f"{a:g}") for a in positions]
    fig = go.Figure(data=coverage_traces(explorer.values["alpha"]), frames=frames)
    fig.update_xaxes(type="log")
    fig.update_yaxes(type="log")
    fig.update_layout(width=860, height=370, sliders=[{"steps": [
        {"label": f"{a:g}", "method": "animate",
         "args": [[f"{a:g}"], {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                                "transition": {"duration": 0}}]} for a in positions]}])
    fig_json = fig.to_json()
    js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    print(f"frames: {len(positions)}")
    print(f"page weight, PNG frames: {sum(map(len, pngs)) / 1e3:.0f} kB")
    print(f"page weight, Plotly figure JSON with frames: {len(fig_json) / 1e3:.0f} kB "
          f"+ plotly.js {js.stat().st_size / 1e6:.1f} MB (plotly {plotly.__version__})")

    # Python side of one redraw at new settings (the beta control: uncached)
    t_png, t_json = [], []
    for beta in np.geomspace(0.2, 15, 12):
        c0 = time.process_time()
        frame_png(explorer.draw(**(explorer.values | {"beta": float(beta)})))
        t_png.append(1e3 * (time.process_time() - c0))
        c0 = time.process_time()
        json.dumps([t.to_plotly_json() for t in coverage_traces(0.3, float(beta))],
                   cls=plotly.utils.PlotlyJSONEncoder)
        t_json.append(1e3 * (time.process_time() - c0))
    print(f"Python side of a redraw, median CPU: matplotlib PNG {statistics.median(t_png):.1f} "
          f"ms; Plotly data {statistics.median(t_json):.1f} ms (the browser then draws it)")

    # the browser side of a frame switch in the static page (offline: plotly.js inlined)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    try:
        from browser import browser, playwright_missing
    except ImportError:
        return
    if playwright_missing():
        print("browser: skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "plotly.html"
        page_path.write_text(f"<html><body><div id='f'></div><script>{js.read_text()}</script>"
                             f"<script>const fig = {fig_json};"
                             "Plotly.newPlot('f', fig.data, fig.layout).then(gd => "
                             "Plotly.addFrames(gd, fig.frames)).then(() => window.ready = 1);"
                             "</script></body></html>")
        with browser() as b:
            page = b.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_path.as_uri())
            page.wait_for_function("() => window.ready === 1", timeout=60_000)
            times = page.evaluate("""async names => {
              const out = [];
              for (const name of names) {
                const t0 = performance.now();
                await Plotly.animate('f', [name], {mode: 'immediate',
                  frame: {duration: 0, redraw: true}, transition: {duration: 0}});
                await new Promise(r => requestAnimationFrame(r));
                out.push(performance.now() - t0);
              }
              return out;
            }""", [f"{a:g}" for a in positions] * 2)
    print(f"static page, Plotly frame switch to the next painted frame: median "
          f"{statistics.median(times):.0f} ms, slowest {max(times):.0f} ms "
          f"({len(times)} switches)")


if __name__ == "__main__":
    main()
