"""Headless-Chromium pass over every built page, driven by Playwright (tools/browser.py).

For each HTML page of the book: load it from a local server, wait until it has loaded,
MathJax has typeset it, every saved widget has rendered and every image has loaded, then
check that the page rendered (math typeset, no raw ``\\(``, every image loaded, saved
widgets rendered, no cell output showing a traceback or an error, every download link
pointing at a file) and that the reader sees it clean:

- the browser reported no console error, uncaught exception or failed request;
- no code block (input or output) and no display equation is wider than its column at the
  book's default width (its scrollWidth exceeds its clientWidth by more than 2 px);
- no cell output is an empty box taller than a line (e.g. a finished progress bar's view);
- no raw BibTeX key of book/references.bib shows in the text outside code;
- every explorer is live without a kernel: its note is shown and its kernel-only controls
  hidden, and moving its main control (the way a hand does: dragging the slider, choosing
  an option) to two other positions shows, each time, the frame the kernel drew for that
  position (the SHA-256 of the shown image equals the one the explorer wrote in its note)
  within EXPLORER_TIMEOUT.

Saves a full-page screenshot of each page, 1280 px wide, under ``_build/screenshots/``.
Prints one line per page. Skips with a message (exit 0) when Chromium or Playwright is not
installed; exits 1 listing every failure otherwise.

Usage: python tools/check_pages.py _build/html
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from browser import browser, playwright_missing, wait_until

VIEWPORT = {"width": 1280, "height": 900}   # the book's width; screenshots are full height
LOAD_TIMEOUT = 60.0      # seconds for the page's load event
SETTLE_TIMEOUT = 30.0    # seconds for each later wait (MathJax, widgets, images)
AHEAD = 1                # pages loading in the background while one is checked
BIB = Path(__file__).resolve().parent.parent / "book" / "references.bib"
OVERFLOW_SLACK = 2       # px a code block or an equation may exceed its box (rounding)
EMPTY_BOX = 30           # px: an empty output box taller than a line of text
SHOWN = 3                # examples given per failure
EXPLORER_TIMEOUT = 5.0   # seconds for an explorer's figure to change after its control moves
# Chromium asks for /favicon.ico by itself when a page names no icon: not the page's fault
# (the book names one, tools/static/favicon.svg; the made-up sites of the tests do not).
IGNORED_PATHS = ("/favicon.ico",)

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

# What the layout checks read, once the page has settled: code blocks and display equations
# wider than their box (outermost only: a div.highlight and its pre count once), empty output
# boxes (a cell output or one of its outputs, outermost only) and the text a reader sees
# outside code (for raw BibTeX keys; code is hidden for the time of one innerText).
LAYOUT = """(args) => {
  const main = document.querySelector("main") || document.body;
  const clip = (t, n) => {
    t = (t || "").replace(/\\s+/g, " ").trim();
    return t.length > n ? t.slice(0, n - 1) + "\u2026" : t;
  };
  const where = e => {
    const s = e.closest("section");
    const h = s && s.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4");
    return h ? clip(h.innerText.replace(/#\\s*$/, ""), 50) : "";
  };
  const outermost = els => els.filter(e => !els.some(o => o !== e && o.contains(e)));
  const tex = e => {   // the TeX source of a typeset equation, else its text
    try {
      const items = MathJax.startup.document.getMathItemsWithin(e);
      if (items.length) return items[0].math;
    } catch (err) { /* no MathJax 3 here */ }
    return e.textContent;
  };
  const MATH = 'div.math, mjx-container[display="true"]';   // display math, not inline
  const blocks = [...main.querySelectorAll('pre, div.highlight, ' + MATH)];
  const overflow = outermost(blocks.filter(e => e.scrollWidth - e.clientWidth > args.slack))
    .map(e => ({
      kind: e.closest(".cell_output") ? "output" : e.matches(MATH) ? "equation" : "code",
      by: e.scrollWidth - e.clientWidth,
      text: clip(e.matches(MATH) ? tex(e) : e.innerText, 40),
      where: where(e),
    }));
  const shown = w => {
    const r = w.getBoundingClientRect();
    return r.width > 0 && r.height > 0 &&
      w.checkVisibility({visibilityProperty: true, opacityProperty: true});
  };
  const MEDIA = "img, svg, canvas, video, iframe, mjx-container";
  const filled = e => e.innerText.trim() !== "" || e.matches(MEDIA) || e.querySelector(MEDIA) ||
    [...e.querySelectorAll(".jupyter-widgets")].some(shown);
  const boxes = [...main.querySelectorAll(".cell_output, .cell_output > *")];
  // boxes the reader can see (not those of a folded solution: the theme hides them)
  const empty = outermost(boxes.filter(e =>
      e.getBoundingClientRect().height > args.box && shown(e) && !filled(e)))
    .map(e => {
      const input = e.closest(".cell")?.querySelector(".cell_input");
      const line = (input ? input.innerText : "").split("\\n").find(l => l.trim()) || "";
      return {height: Math.round(e.getBoundingClientRect().height), cell: clip(line, 40),
              where: where(e)};
    });
  const hide = document.createElement("style");
  hide.textContent = "pre, div.highlight, code { display: none !important; }";
  document.head.append(hide);
  let prose;
  try { prose = main.innerText; } finally { hide.remove(); }
  return {overflow, empty_boxes: empty, prose};
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


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _ignored(url: str) -> bool:
    return urlsplit(url).path in IGNORED_PATHS


def _tally(items: list[str], width: int = 110) -> str:
    """The distinct messages, most frequent first: '10 x first; 1 x second; ...'."""
    counts = Counter(" ".join(i.split())[:width] for i in items)
    shown = [f"{n} x {text}" if n > 1 else text for text, n in counts.most_common(SHOWN)]
    more = len(counts) - SHOWN
    return "; ".join(shown) + (f"; {more} other messages" if more > 0 else "")


@dataclass
class Noise:
    """What the browser reported while a page loaded: each kind fails the page."""

    console: list[tuple[str, str]] = field(default_factory=list)   # (message, its URL)
    uncaught: list[str] = field(default_factory=list)
    requests: dict[str, str] = field(default_factory=dict)   # URL: its first failure

    def listen(self, page, base: str) -> None:
        def failed(url: str, why: object) -> None:
            # a 404 is reported again as an aborted request: keep the first reason
            if not _ignored(url):
                self.requests.setdefault(url, f"{url.removeprefix(base)} ({why})")

        def console(m) -> None:
            url = (m.location or {}).get("url") or ""
            if m.type == "error" and not _ignored(url):
                self.console.append((m.text, url))

        def uncaught(e) -> None:
            name = getattr(e, "name", "")
            self.uncaught.append(f"{name}: {e.message}" if name else str(e))

        page.on("console", console)
        page.on("pageerror", uncaught)
        page.on("requestfailed", lambda r: failed(r.url, r.failure))
        page.on("response", lambda r: failed(r.url, r.status) if r.status >= 400 else None)

    def problems(self) -> list[str]:
        # the console's "Failed to load resource" of a failed request says less than the request
        console = [text for text, url in self.console
                   if not (text.startswith("Failed to load resource") and url in self.requests)]
        out = []
        for items, one, many in (
                (console, "console error", "console errors"),
                (self.uncaught, "uncaught exception", "uncaught exceptions"),
                (list(self.requests.values()), "failed request", "failed requests")):
            if items:
                out.append(f"{_n(len(items), one, many)}: {_tally(items)}")
        return out


def bib_keys(bib: Path) -> list[str]:
    """The citation keys of a BibTeX file (``@type{key,``), in file order."""
    if not bib.is_file():
        return []
    keys = re.findall(r"@\s*(\w+)\s*[{(]\s*([^\s,{}()]+)\s*,", bib.read_text())
    return list(dict.fromkeys(k for kind, k in keys
                              if kind.lower() not in ("comment", "string", "preamble")))


def keys_in_text(text: str, keys: list[str]) -> list[str]:
    """Each key that appears as a word of ``text``, with some text around its first use."""
    found = []
    for key in keys:
        m = re.search(rf"(?<![\w:-]){re.escape(key)}(?![\w:-])", text)
        if m:
            around = " ".join(text[max(0, m.start() - 25):m.end() + 25].split())
            found.append(f"{key} ('...{around}...')")
    return found


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
    problems += _layout_problems(res)
    return problems


def _in(section: str) -> str:
    return f" (section '{section}')" if section else ""


def _examples(items: list[str]) -> str:
    more = len(items) - SHOWN
    return "; ".join(items[:SHOWN]) + (f"; and {more} more" if more > 0 else "")


def _layout_problems(res: dict) -> list[str]:
    """Failures of the layout checks (measures from LAYOUT; keys_in_text's findings)."""
    problems = []
    if wide := res.get("overflow"):
        problems.append(
            _n(len(wide), "code block or equation", "code blocks or equations") +
            f" wider than the page at {VIEWPORT['width']} px: " + _examples([
                f"{w['kind']} '{w['text']}' by {w['by']} px{_in(w['where'])}" for w in wide]))
    if empty := res.get("empty_boxes"):
        problems.append(
            _n(len(empty), "empty output box", "empty output boxes") +
            f" taller than {EMPTY_BOX} px: " + _examples([
                f"{e['height']} px under the cell '{e['cell']}'{_in(e['where'])}"
                if e["cell"] else f"{e['height']} px{_in(e['where'])}" for e in empty]))
    if keys := res.get("bib_keys"):
        problems.append(_n(len(keys), "raw BibTeX key", "raw BibTeX keys") +
                        " in the text: " + _examples(keys))
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


# The SHA-256 (16 hex digits) of the image an explorer shows, or null while it is not loaded.
SHOWN_FIGURE = """async (box) => {
  const imgs = [...box.querySelectorAll('img')].filter(i => i.offsetParent !== null);
  const img = imgs[imgs.length - 1];
  if (!img || !img.complete || !img.naturalWidth) return null;
  const bytes = await (await fetch(img.src)).arrayBuffer();
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...hash].map(x => x.toString(16).padStart(2, '0')).join('').slice(0, 16);
}"""


def _move_main_control(page, box, index: int, count: int) -> None:
    """Move the explorer's main control to position ``index``."""
    control = box.locator(".scaling-main-control").first
    select = control.locator("select")
    if select.count():
        select.select_option(index=index)
        return
    buttons = control.locator("button")
    if buttons.count():
        buttons.nth(index).click()
        return
    track = control.locator(".noUi-target").first.bounding_box()
    handle = control.locator(".noUi-handle").first.bounding_box()
    x0, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    x1 = track["x"] + track["width"] * index / max(count - 1, 1)
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(x1, y, steps=5)
    page.mouse.up()


def _shown_label(box) -> str:
    """The main control's label for its position (the widget shows spaces as no-break ones)."""
    return _label_text(box).replace("\xa0", " ")


def _label_text(box) -> str:
    control = box.locator(".scaling-main-control").first
    select = control.locator("select")
    if select.count():
        return select.evaluate("s => s.options[s.selectedIndex].text")
    buttons = control.locator("button.mod-active")
    if buttons.count():
        return buttons.first.inner_text().strip()
    return control.locator(".widget-readout").first.inner_text().strip()


def check_explorers(page, shots: Path | None = None, stem: str = "page") -> list[str]:
    """Move each explorer's main control twice; problems found (see the module docstring)."""
    import json

    problems = []
    boxes = page.locator(".scaling-explorer")
    for k in range(boxes.count()):
        box = boxes.nth(k)
        name = f"explorer {k + 1}"
        note = box.locator(".scaling-static-note")
        if not note.count() or not note.first.is_visible():
            problems.append(f"{name}: no visible note saying what works without a kernel")
            continue
        name = f"explorer {k + 1} ({note.first.get_attribute('data-explorer')})"
        frames = json.loads(note.first.get_attribute("data-frames") or "[]")
        hidden = box.locator(".scaling-kernel-only")
        shown = [i for i in range(hidden.count()) if hidden.nth(i).is_visible()]
        if shown:
            problems.append(f"{name}: {len(shown)} kernel-only controls visible")
        if len(frames) < 2:
            problems.append(f"{name}: {len(frames)} frames")
            continue
        labels = [label for label, _ in frames]
        start = labels.index(_shown_label(box)) if _shown_label(box) in labels else 0
        targets = [i for i in (len(frames) - 1, 0, len(frames) // 2) if i != start][:2]
        box.scroll_into_view_if_needed()
        for n, index in enumerate(targets):
            _move_main_control(page, box, index, len(frames))
            label = _shown_label(box)
            expected = dict(frames).get(label)
            if expected is None:
                problems.append(f"{name}: the control shows {label!r}, not a frame position")
                continue
            try:
                wait_until(lambda e=expected, b=box: page.evaluate(SHOWN_FIGURE, b.element_handle())
                           == e, f"the frame for {label!r}", timeout=EXPLORER_TIMEOUT)
            except TimeoutError:
                problems.append(f"{name}: at {label!r} the figure is not the kernel's frame "
                                f"(shows {page.evaluate(SHOWN_FIGURE, box.element_handle())},"
                                f" expected {expected})")
                continue
            if shots is not None and k < 3:
                box.screenshot(path=str(shots / f"{stem}_explorer{k + 1}_{n + 1}.png"))
    return problems


def _check(visit: Visit, path: Path, shot: Path,
           keys: list[str]) -> tuple[dict | None, list[str]]:
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
    res.update(page.evaluate(LAYOUT, {"slack": OVERFLOW_SLACK, "box": EMPTY_BOX}))
    res["bib_keys"] = keys_in_text(res.pop("prose"), keys)
    problems += _problems(res)
    page.screenshot(path=str(shot), full_page=True, animations="disabled")
    explorer_shots = shot.parent / "explorers"
    explorer_shots.mkdir(exist_ok=True)
    res["explorers"] = page.locator(".scaling-explorer").count()
    problems += check_explorers(page, explorer_shots, shot.stem)
    return res, problems


def check(root: Path, bib: Path = BIB) -> list[str]:
    reason = playwright_missing()
    if reason:
        print(f"check_pages: {reason}; skipping the browser pass.")
        return []
    from playwright.sync_api import Error as PlaywrightError

    pages = _pages(root)
    keys = bib_keys(bib)
    shots = root.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    server = _serve(root)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failures: list[str] = []
    failing = 0
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
                    res, problems = _check(visit, root / rel, shot, keys)
                except PlaywrightError as e:
                    res, problems = None, [f"the browser failed on the page: "
                                           f"{str(e).splitlines()[0]}"]
                finally:
                    visit.context.close()
                problems = visit.noise.problems() + problems
                status = "ok" if not problems else "FAIL: " + "; ".join(problems)
                if res is None:
                    print(f"{rel}: {status}")
                else:
                    print(f"{rel}: {res['typeset']} formulas, {res['images']} images, "
                          f"{res['widget_views']} widget views, {res['explorers']} explorers "
                          f"live; {status}")
                failures += [f"{rel}: {p}" for p in problems]
                failing += bool(problems)
    finally:
        server.shutdown()
    print(f"check_pages: {len(pages)} pages in {time.monotonic() - start:.0f} s, "
          f"{failing} failing; screenshots in {shots}")
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
