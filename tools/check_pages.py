"""Headless-Chromium pass over every built page, driven by Playwright (tools/browser.py).

For each HTML page of the book: load it from a local server, wait until it has loaded,
MathJax has typeset it, every saved widget has rendered and every image has loaded, then
check that the page rendered (math typeset, no raw ``\\(``, every image loaded, saved
widgets rendered, no cell output showing a traceback or an error, every download link
pointing at a file). Saves a full-page screenshot of each page, 1280 px wide, under
``_build/screenshots/``. Prints the browser's console errors, uncaught exceptions and failed
requests of each page for information (they do not fail the pass yet). Skips with a message
(exit 0) when Chromium or Playwright is not installed; exits 1 listing every failure otherwise.

Usage: python tools/check_pages.py _build/html
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from browser import browser, playwright_missing, wait_until

VIEWPORT = {"width": 1280, "height": 900}   # the book's width; screenshots are full height
LOAD_TIMEOUT = 60.0      # seconds for the page's load event
SETTLE_TIMEOUT = 30.0    # seconds for each later wait (MathJax, widgets, images)
AHEAD = 1                # pages loading in the background while one is checked

VIEW_SCRIPTS = 'script[type="application/vnd.jupyter.widget-view+json"]'
STATE_SCRIPTS = 'script[type="application/vnd.jupyter.widget-state+json"]'
WIDGET_VIEWS = ".jupyter-widgets, .widget-box, .lm-Widget"

# True once MathJax has typeset the page, or when the page has no MathJax. The sphinx config
# defines window.MathJax before the library loads, so "present" also means a MathJax script.
# A rejected startup promise counts as finished, as before: the checks then see untypeset math.
MATHJAX_DONE = """async () => {
  const present = !!window.MathJax || !!document.querySelector('script[src*="mathjax" i]');
  if (!present) return true;
  const p = window.MathJax && MathJax.startup && MathJax.startup.promise;
  if (!p) return false;
  const tick = new Promise(r => setTimeout(() => r(false), 1000));
  return await Promise.race([p.then(() => true, () => true), tick]);
}"""

# [saved widget views, views rendered, widget elements, widget-state scripts]. The widget
# manager renders each view script into a div.widget-subarea it inserts just before that script.
WIDGETS = f"""() => {{
  const views = [...document.querySelectorAll('{VIEW_SCRIPTS}')];
  const rendered = views.filter(s => {{
    const d = s.previousElementSibling;
    return d && d.classList.contains('widget-subarea') && d.childElementCount > 0;
  }});
  return [views.length, rendered.length, document.querySelectorAll('{WIDGET_VIEWS}').length,
          document.querySelectorAll('{STATE_SCRIPTS}').length];
}}"""

# [images, images complete]; lazy images are made eager so that every one loads.
IMAGES = """() => {
  const imgs = [...document.images];
  imgs.forEach(i => { if (i.loading === "lazy") i.loading = "eager"; });
  return [imgs.length, imgs.filter(i => i.complete).length];
}"""

# What the checks read; the same measures as the former iframe probe.
MEASURE = f"""() => {{
  const d = document;
  const main = d.querySelector("main") || d.body;
  const text = main.innerText;
  const outputs = [...d.querySelectorAll(".cell_output, .output")].map(e => e.innerText);
  return {{
    title: d.title,
    mathjax: !!window.MathJax,
    math_nodes: d.querySelectorAll(".math").length,
    typeset: d.querySelectorAll("mjx-container").length,
    raw_math: text.includes("\\\\(") || text.includes("\\\\["),
    images: d.images.length,
    broken_images: [...d.images].filter(i => !(i.complete && i.naturalWidth > 0))
                       .map(i => (i.getAttribute("src") || "").slice(0, 80)),
    widget_scripts: d.querySelectorAll('{VIEW_SCRIPTS}').length,
    widget_views: d.querySelectorAll('{WIDGET_VIEWS}').length,
    error_outputs: outputs.filter(t => /Traceback|\\b[A-Z][a-zA-Z]*Error\\b/.test(t))
                          .map(t => t.slice(0, 200)),
  }};
}}"""


@dataclass
class Noise:
    """What the browser reported while a page loaded: information, not (yet) failures."""

    console: list[str] = field(default_factory=list)
    uncaught: list[str] = field(default_factory=list)
    requests: dict[str, str] = field(default_factory=dict)   # URL: its first failure

    def listen(self, page, base: str) -> None:
        def failed(url: str, why: object) -> None:
            # a 404 is reported again as an aborted request: keep the first reason
            self.requests.setdefault(url, f"{url.removeprefix(base)} ({why})")

        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.uncaught.append(str(e)))
        page.on("requestfailed", lambda r: failed(r.url, r.failure))
        page.on("response", lambda r: failed(r.url, r.status) if r.status >= 400 else None)

    def lines(self) -> list[str]:
        out = []
        for label, items, noun in (("console", self.console, "errors"),
                                   ("uncaught", self.uncaught, "exceptions"),
                                   ("requests", list(self.requests.values()), "failed")):
            if items:
                first = " ".join(items[0].split())[:160]
                out.append(f"  {label}: {len(items)} {noun} (first: {first})")
        return out


def _serve(root: Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _missing_downloads(page: Path) -> list[str]:
    """Download-button links (to the page's .ipynb/.md source) that point at no file."""
    links = re.findall(r'href="([^"#?]*_sources/[^"#?]+)"', page.read_text())
    return [f"download link {link} points at no file" for link in links
            if not (page.parent / link).resolve().is_file()]


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html")
                  if "_static" not in p.parts and p.name not in ("genindex.html", "search.html",
                                                                "index.html"))


def _settle(page) -> list[str]:
    """Wait for MathJax, the saved widgets and the images; one problem per wait that timed out."""
    problems = []

    def wait(condition, what):
        try:
            wait_until(condition, what, timeout=SETTLE_TIMEOUT)
        except TimeoutError as e:
            problems.append(f"the page did not finish loading: {e}")

    wait(lambda: page.evaluate(MATHJAX_DONE), "MathJax to typeset the page")
    seen = []   # widget element counts: rendered means every view is there and the count held

    def widgets_done():
        views, rendered, elements, states = page.evaluate(WIDGETS)
        if not views and not states:
            return True
        seen.append(elements)
        return rendered == views and len(seen) > 1 and seen[-2] == elements

    def images_done():
        images, complete = page.evaluate(IMAGES)
        return images == complete

    wait(widgets_done, "every saved widget to render")
    wait(images_done, "every image to load")
    return problems


def _problems(res: dict) -> list[str]:
    problems = []
    if res["math_nodes"] and not res["typeset"]:
        problems.append("math is not typeset")
    if res["raw_math"]:
        problems.append("raw \\( math is visible")
    if res["broken_images"]:
        problems.append(f"images did not load: {res['broken_images']}")
    if res["widget_scripts"] and not res["widget_views"]:
        problems.append(f"{res['widget_scripts']} saved widgets did not render")
    if res["error_outputs"]:
        problems.append(f"error text in outputs: {res['error_outputs']}")
    return problems


@dataclass
class Visit:
    """A page being loaded in its own browser context."""

    rel: str
    context: object
    page: object
    noise: Noise
    response: object = None
    error: str | None = None


def _open(b, base: str, rel: str) -> Visit:
    """Start loading a page; returns once the server has answered, not once it has loaded."""
    from playwright.sync_api import Error as PlaywrightError

    context = b.new_context(viewport=VIEWPORT)
    visit = Visit(rel, context, context.new_page(), Noise())
    visit.noise.listen(visit.page, base)
    try:
        visit.response = visit.page.goto(f"{base}/{rel}", wait_until="commit",
                                         timeout=LOAD_TIMEOUT * 1000)
    except PlaywrightError as e:
        visit.error = str(e).splitlines()[0]
    return visit


def _check(visit: Visit, path: Path, shot: Path) -> tuple[dict | None, list[str]]:
    """Wait for the page to settle, measure it and screenshot it: (measures, problems)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if visit.error:
        return None, [f"the page did not load ({visit.error})"]
    page, response = visit.page, visit.response
    problems = _missing_downloads(path)
    if response is None or not response.ok:
        problems.append(f"the page itself answered {response.status if response else 'nothing'}")
    try:
        page.wait_for_load_state("load", timeout=LOAD_TIMEOUT * 1000)
        problems += _settle(page)
    except PlaywrightTimeout:
        problems.append(f"the page did not finish loading: waited {LOAD_TIMEOUT:.0f} s "
                        "for its load event")
    res = page.evaluate(MEASURE)
    problems += _problems(res)
    page.screenshot(path=str(shot), full_page=True, animations="disabled")
    return res, problems


def check(root: Path) -> list[str]:
    reason = playwright_missing()
    if reason:
        print(f"check_pages: {reason}; skipping the browser pass.")
        return []
    from playwright.sync_api import Error as PlaywrightError

    pages = _pages(root)
    shots = root.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    server = _serve(root)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failures: list[str] = []
    failing = noisy = 0
    start = time.monotonic()
    try:
        with browser() as b:
            todo = deque(pages)
            loading: deque[Visit] = deque()
            while todo or loading:
                # The next pages load while this one is checked and screenshotted.
                while todo and len(loading) <= AHEAD:
                    loading.append(_open(b, base, todo.popleft().relative_to(root).as_posix()))
                visit = loading.popleft()
                rel = visit.rel
                shot = shots / (rel.replace("/", "__").removesuffix(".html") + ".png")
                try:
                    res, problems = _check(visit, root / rel, shot)
                except PlaywrightError as e:
                    res, problems = None, [f"the browser failed on the page: "
                                           f"{str(e).splitlines()[0]}"]
                finally:
                    visit.context.close()
                status = "ok" if not problems else "FAIL: " + "; ".join(problems)
                if res is None:
                    print(f"{rel}: {status}")
                else:
                    print(f"{rel}: {res['typeset']} formulas, {res['images']} images, "
                          f"{res['widget_views']} widget views; {status}")
                lines = visit.noise.lines()
                for line in lines:
                    print(line)
                failures += [f"{rel}: {p}" for p in problems]
                failing += bool(problems)
                noisy += bool(lines)
    finally:
        server.shutdown()
    print(f"check_pages: {len(pages)} pages in {time.monotonic() - start:.0f} s, "
          f"{failing} failing, {noisy} with browser errors (not failures yet); "
          f"screenshots in {shots}")
    return failures


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html").resolve()
    if not root.is_dir():
        print(f"check_pages: {root} does not exist; run `make book` first")
        return 1
    failures = check(root)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
