"""The learner's pass: every chapter in JupyterLab, as a learner meets it, in headless Chromium.

Starts JupyterLab the way a learner does, with ``make lab``: the Makefile's environment and flags,
the course's JupyterLab settings that ``make setup`` installs (tools/jupyterlab/overrides.json),
and a new learner's empty user settings. Nothing private is added: only a port, a token, the
flag that lets the pass read JupyterLab's model, and a fresh folder for the learner's copies
(``WORK``; a new learner's ``work/`` folder is empty too). It opens each chapter in a fresh
workspace, clicks Run All as soon as the kernel is idle, and checks what is on screen:

* no error output, and every figure a drawing cell means to show is shown;
* every ``{eval}`` number in the prose is evaluated, in JupyterLab's model, on screen and in
  the notebook the learner saves; no raw MyST markup and no ``prose.`` placeholder is visible;
* no dialog and no notification (the news question, an update notice) covers the page;
* every worked solution is folded after "Run All" (no solution and no verdict on a reference
  answer in view), stays folded when its cell is run again, and one click opens it;
* every explorer's image changes when its main control moves (a switch between frames drawn
  in advance) and when its second control moves (a redraw by the kernel); the latency from
  the release of the control to the new image is recorded for each, and the pass fails if
  the median of all moves exceeds MEDIAN_LATENCY_MS or any move exceeds MAX_LATENCY_MS (a
  redraw: in each of up to REDRAW_ATTEMPTS attempts);
* a wrong answer typed into the first exercise gets "Incorrect" and no traceback.

After the session, the course's files are untouched: the chapters in ``book/`` have their
hashes and ``git status`` is what it was before (autosave writes the learner's copies only).

Saves three screenshots per chapter (an explorer, an answered exercise, an opened solution)
under ``_build/screenshots/lab/`` and prints, per chapter, the Run-All time and the explorer
latencies. Skips with a message (exit 0) when Chromium or Playwright is missing; exits 1
listing every failure otherwise.

Usage: python tools/check_lab.py [book/00_compute.ipynb ...]
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import browser, playwright_missing, wait_until  # noqa: E402
from check_figures import cells_missing_figures  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "_build" / "screenshots" / "lab"
RUN_ALL_LIMIT = 300.0  # seconds; chapters take 5-40 s on 2 cores
# Explorer latency, release of a control to its new image (issue 20): the median of all moves
# timed (a main control's: a switch between frames drawn in advance; another control's: a
# redraw by the kernel, 40-110 ms of CPU, benchmarks/explorers.py), and the slowest move. A
# redraw over MAX_LATENCY_MS is timed again, with the kernel's frame caches emptied so that it
# draws again, up to REDRAW_ATTEMPTS times in all, and fails only if every attempt is slow: one
# slow move can be another process taking the CPU for a moment.
MEDIAN_LATENCY_MS = 150
MAX_LATENCY_MS = 300
REDRAW_ATTEMPTS = 3

# Markup that must never reach a learner's screen: it means a role or directive was not rendered.
RAW_MARKUP = re.compile(r"\{(glue|cite|eval|exercise|solution|admonition)[:}]|:::\{|```\{|"
                        r"^:label:|^:class:|prose\.\w+", re.M)

# After Run All has run every code cell: how long jupyterlab-myst may take to fill in the last
# {eval} numbers (it asks the kernel for them after the cell above has run; seconds).
EVAL_GRACE = 20.0

# Anything that covers the page: a dialog, or a notification toast (JupyterLab's news question).
OVERLAYS = """() => [...document.querySelectorAll(
    '.jp-Dialog, [class*="Toastify__toast-container"]')]
  .filter(e => e.getClientRects().length && e.innerText.trim())
  .map(e => e.innerText.trim().replace(/\\s+/g, ' ').slice(0, 100))"""

# A snapshot of the open notebook, read from JupyterLab's own model.
SNAPSHOT = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {
    kernel: kernel ? kernel.status : "none",
    cells: panel.content.widgets.map(w => ({
      cell_type: w.model.type,
      source: w.model.sharedModel.getSource(),
      metadata: w.model.sharedModel.getMetadata(),
      execution_count: w.model.type === "code" ? w.model.executionCount : null,
      outputs: w.model.type === "code" ? w.model.outputs.toJSON() : [],
    })),
  };
}"""

# What a learner can read: rendered Markdown and the visible text of every output.
VISIBLE = """() => {
  const text = sel => [...document.querySelectorAll(sel)].map(e => e.innerText);
  return {
    markdown: text(".jp-MarkdownCell .myst, .jp-MarkdownCell .jp-RenderedMarkdown"),
    outputs: text(".jp-Cell .jp-OutputArea"),
    solutions: [...document.querySelectorAll("details.scaling-solution")].map(
        d => ({open: d.open, text: d.innerText.trim()})),
  };
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _delete(url: str) -> None:
    req = urllib.request.Request(url, method="DELETE")
    try:
        urllib.request.urlopen(req, timeout=10).read()
    except OSError:
        pass


class Lab:
    """A JupyterLab server started with ``make lab``, as a new learner starts it."""

    def __init__(self):
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="learner-pass-"))
        # a new learner: no user settings and no saved workspaces of their own (the course's
        # settings come from the venv, as for every learner), and an empty folder for the
        # chapters' copies, which `make lab` fills
        for folder in ("settings", "workspaces"):
            (self.tmp / folder).mkdir()
        self.work = self.tmp / "work"
        env = {k: v for k, v in os.environ.items()
               if k not in ("SCALING_STRICT_EXERCISES", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        env["JUPYTERLAB_SETTINGS_DIR"] = str(self.tmp / "settings")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(self.tmp / "workspaces")
        args = (f"--no-browser --port={self.port} --ServerApp.ip=127.0.0.1 "
                f"--IdentityProvider.token={self.token} --LabApp.expose_app_in_browser=True")
        self.log = open(self.tmp / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"ARGS={args}",
                                      f"WORK={self.work}"],
                                     cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(self._up, "JupyterLab to answer on /api/status", timeout=120)

    def api(self, path: str) -> str:
        return f"{self.base}/api/{path}?token={self.token}"

    def _up(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"make lab exited with {self.proc.returncode}; see "
                               f"{self.tmp / 'server.log'}")
        try:
            return bool(_get(self.api("status")))
        except OSError:
            return False

    def session(self, name: str) -> dict | None:
        for s in _get(self.api("sessions")):
            if s.get("path", "").endswith(name):
                return s
        return None

    def shutdown_kernels(self) -> None:
        for s in _get(self.api("sessions")):
            _delete(self.api(f"sessions/{s['id']}"))

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def _snapshot(page) -> dict:
    return page.evaluate(SNAPSHOT)


def _wait_idle(page, lab: Lab, name: str, what: str, done=None, timeout=RUN_ALL_LIMIT) -> dict:
    """Wait until the kernel is idle (through /api/sessions) and ``done(snapshot)`` holds."""
    def ready():
        s = lab.session(name)
        if not s or s["kernel"]["execution_state"] != "idle":
            return None
        snap = _snapshot(page)
        if any(o.get("output_type") == "error" for c in snap["cells"] for o in c["outputs"]):
            return snap  # Run All stops at an error: report it rather than wait
        return snap if done is None or done(snap) else None
    return wait_until(ready, what, timeout=timeout, every=0.5)


def _code_ran(snap: dict) -> bool:
    """Every code cell has an execution count."""
    return all(c["execution_count"] for c in snap["cells"] if c["cell_type"] == "code")


def _evals_missing(cells: list[dict]) -> list[str]:
    """Markdown cells whose {eval} numbers have no result: what a learner sees as placeholders."""
    missing = []
    for i, c in enumerate(cells):
        wanted = c["source"].count("{eval}") if c["cell_type"] == "markdown" else 0
        if not wanted:
            continue
        results = c["metadata"].get("user_expressions", [])
        ok = [e for e in results if e.get("result", {}).get("status") == "ok"]
        if len(ok) < wanted:
            missing.append(f"cell {i}: {wanted - len(ok)} of {wanted} numbers not evaluated")
    return missing


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return str(data.get("text/plain", ""))


def _check_model(snap: dict) -> list[str]:
    problems = []
    for i, c in enumerate(snap["cells"]):
        for o in c["outputs"]:
            if o.get("output_type") == "error":
                problems.append(f"cell {i}: {o.get('ename')}: {o.get('evalue', '')[:120]}")
            elif o.get("name") == "stderr" and "Traceback" in o.get("text", ""):
                problems.append(f"cell {i}: a traceback on stderr")
        if c["cell_type"] == "markdown" and re.search(r"\{glue[:}]", c["source"]):
            problems.append(f"cell {i}: a {{glue}} number, which JupyterLab cannot show "
                            f"(use {{eval}}`prose.key`)")
    problems += _evals_missing(snap["cells"])
    problems += [f"cell {i}: calls {fn}(...) but shows no figure"
                 for i, fn in cells_missing_figures(snap)]
    return problems


def _check_screen(seen: dict, n_solutions: int, n_markdown: int) -> list[str]:
    problems = []
    if len(seen["markdown"]) < n_markdown:
        problems.append(f"only {len(seen['markdown'])} of {n_markdown} Markdown cells are "
                        f"rendered on screen")
    for text in seen["markdown"]:
        m = RAW_MARKUP.search(text)
        if m:
            problems.append(f"raw markup on screen: {text[max(0, m.start() - 30):m.end() + 30]!r}")
    if len(seen["solutions"]) != n_solutions:
        problems.append(f"{len(seen['solutions'])} folded solutions for {n_solutions} "
                        f"solution cells")
    opened = [s for s in seen["solutions"] if s["open"] or s["text"] != "Show the worked solution"]
    if opened:
        problems.append(f"{len(opened)} worked solutions are open after Run All")
    verdicts = [t for t in seen["outputs"] if re.search(r"^Correct\b", t, re.M)]
    if verdicts:
        problems.append(f"a verdict on a reference answer is visible: {verdicts[0][:80]!r}")
    return problems


def _cell(page, index: int):
    return page.locator(".jp-Notebook > .jp-Cell, .jp-WindowedPanel-viewport > .jp-Cell").nth(index)


def _run_cell(page, index: int) -> None:
    page.evaluate("""async (i) => {
      const panel = window.jupyterapp.shell.currentWidget;
      panel.content.activeCellIndex = i;
      panel.content.deselectAll();
      await window.jupyterapp.commands.execute("notebook:run-cell");
    }""", index)


def _check_solution_rerun(page, lab, name, snap, shot: Path) -> list[str]:
    """Run the first solution cell again: still folded; then one click opens it."""
    idx = next((i for i, c in enumerate(snap["cells"])
                if re.match(r"with ex\.[a-z]\d+\.solution\(\):", c["source"])), None)
    if idx is None:
        return ["no solution cell found"]
    before = snap["cells"][idx]["execution_count"]
    _run_cell(page, idx)
    _wait_idle(page, lab, name, "the solution cell to run again",
               done=lambda s: s["cells"][idx]["execution_count"] != before, timeout=60)
    details = _cell(page, idx).locator("details.scaling-solution")
    if details.count() != 1 or details.evaluate("d => d.open"):
        return ["a solution cell run again shows its solution unfolded"]
    details.locator("summary").click()
    opened = details.evaluate("d => ({open: d.open, length: d.innerText.length})")
    page.wait_for_timeout(300)  # let MathJax typeset what was just revealed, for the picture
    page.screenshot(path=str(shot))
    if not opened["open"] or opened["length"] < 60:
        return ["clicking 'Show the worked solution' does not show it"]
    return []


def _check_wrong_answer(page, lab, name, snap, shot: Path) -> list[str]:
    """Type a wrong answer into the first exercise: a verdict, never a traceback."""
    idx = next((i for i, c in enumerate(snap["cells"]) if c["cell_type"] == "code"
                and ".check(answer)" in c["source"] and ".solution()" not in c["source"]), None)
    if idx is None:
        return ["no exercise cell found"]
    q = re.search(r"ex\.([a-z]\d+)\.check", snap["cells"][idx]["source"]).group(1)
    page.evaluate("""([i, src]) => {
      window.jupyterapp.shell.currentWidget.content.widgets[i].model.sharedModel.setSource(src);
    }""", [idx, f"answer = -1  # a wrong answer\nex.{q}.check(answer)"])
    before = snap["cells"][idx]["execution_count"]
    _run_cell(page, idx)
    after = _wait_idle(page, lab, name, "the wrong answer to be checked",
                       done=lambda s: s["cells"][idx]["execution_count"] != before, timeout=60)
    outputs = after["cells"][idx]["outputs"]
    _cell(page, idx).scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    text = "".join(_text(o) for o in outputs)
    problems = []
    if any(o.get("output_type") == "error" for o in outputs) or "Traceback" in text:
        problems.append(f"a wrong answer to ex.{q} raises a traceback")
    if "Incorrect" not in text:
        problems.append(f"a wrong answer to ex.{q} gets no 'Incorrect' verdict: {text[:100]!r}")
    return problems


# Moves an explorer's control the way a hand would; returns how the move ends.
# Where a slider is dragged to, as a fraction of its track, on a control's first, second and
# third move.
_SLIDER_TARGETS = ((0.25, 0.75), (0.4, 0.6), (0.1, 0.9))

# Empties the frame cache of every explorer in the learner's kernel, so that a redraw timed
# again draws again, even for a control with two values (it goes back to the first).
CLEAR_FRAME_CACHES = """async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const code = "from scaling_lib.widgets.core import Explorer as _Explorer\\n"
    + "_Explorer.clear_caches()";
  await kernel.requestExecute({code, silent: true, store_history: false}).done;
}"""


def _move_control(page, control, attempt: int = 0) -> str:
    """Start moving ``control`` to another value; ``_finish_move`` releases it.

    On a second or third ``attempt`` a slider goes to another position and a drop-down to the
    option after the one chosen before.
    """
    kind = control.evaluate("e => e.className")
    if "widget-slider" in kind or "widget-hslider" in kind:
        track = control.locator(".noUi-target, .slider-container").first.bounding_box()
        hb = control.locator(".noUi-handle").first.bounding_box()
        x0, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
        frac = (x0 - track["x"]) / max(track["width"], 1)
        low, high = _SLIDER_TARGETS[attempt]
        x1 = track["x"] + track["width"] * (low if frac > 0.5 else high)
        page.mouse.move(x0, y)
        page.mouse.down()
        page.mouse.move(x1, y, steps=5)
        return "slider"  # continuous_update=False: the value changes on release
    if "widget-dropdown" in kind:
        select = control.locator("select").first
        options = select.evaluate("s => [...s.options].map(o => o.value)")
        current = select.evaluate("s => s.value")
        # the option after the current one
        return "dropdown:" + options[(options.index(current) + 1) % len(options)]
    if "widget-checkbox" in kind:
        return "checkbox"
    if "widget-toggle-buttons" in kind:
        return "buttons"
    return f"unsupported:{kind}"


def _finish_move(page, control, action: str) -> None:
    if action == "slider":
        page.mouse.up()
    elif action.startswith("dropdown:"):
        control.locator("select").first.select_option(action.split(":", 1)[1])
    elif action == "checkbox":
        control.locator("input").first.click()
    elif action == "buttons":
        control.locator("button:not(.mod-active)").first.click()


# The src of the image an explorer shows (its frames are a Tab: one image visible at a time).
SHOWN_SRC = """box => {
  const imgs = [...box.querySelectorAll('img')].filter(i => i.offsetParent !== null);
  const img = imgs[imgs.length - 1];
  return img && img.complete && img.naturalWidth ? img.src : null;
}"""


# Times, inside the page, from the release of a control (mouse up, change or click, whichever
# comes first) to the moment the explorer shows its new image, decoded; the result lands in
# window.__explorerLatency (Playwright's own round trips are not counted). It watches the
# explorer's DOM for changes instead of polling on every animation frame: a poll that asks
# for layout sixty times a second took CPU from the kernel it was timing.
LATENCY_PROBE = """box => {
  window.__explorerLatency = null;
  const shown = () => (""" + SHOWN_SRC + """)(box);
  const before = shown();
  let t0 = null, observer = null;
  const check = () => {
    if (t0 === null || t0 === Infinity) return;
    const now = shown();
    if (now !== null && now !== before) {
      // on screen at the next frame the browser paints
      const released = t0;
      t0 = Infinity;  // report once
      requestAnimationFrame(() => { window.__explorerLatency = performance.now() - released; });
      observer.disconnect();
      box.removeEventListener('load', check, true);
    }
  };
  const start = () => {
    if (t0 !== null) return;
    t0 = performance.now();
    observer = new MutationObserver(check);
    observer.observe(box, {subtree: true, childList: true, attributes: true,
                           attributeFilter: ['src', 'class', 'style', 'hidden']});
    box.addEventListener('load', check, true);  // a new src is shown once decoded
    check();
  };
  for (const kind of ['mouseup', 'change', 'click'])
    document.addEventListener(kind, start, {once: true, capture: true});
}"""


def _time_move(page, box, control, what: str, attempt: int = 0
               ) -> tuple[float | None, str | None]:
    """Move ``control`` and time, from the release, the explorer's new image."""
    action = _move_control(page, control, attempt)
    if action.startswith("unsupported"):
        return None, f"{what} not moved ({action})"
    page.evaluate(LATENCY_PROBE, box.element_handle())
    _finish_move(page, control, action)
    try:
        # polled every 50 ms, not on every animation frame, to leave the CPU to the kernel
        page.wait_for_function("() => window.__explorerLatency !== null", timeout=30_000,
                               polling=50)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError; reported as a failure
        message = box.locator(".widget-html").last.inner_text()
        return None, (f"the image did not change when its {what} "
                      f"({action.split(':')[0]}) moved {message[:80]!r}")
    return page.evaluate("() => window.__explorerLatency"), None


def _check_explorers(page, shot: Path) -> tuple[dict, list[str]]:
    """Time a move of each explorer's main control (first) and of its next control."""
    boxes = page.locator(".jp-OutputArea-output .scaling-explorer")
    latencies, problems = {"main": [], "other": [], "retimed": []}, []
    for k in range(boxes.count()):
        box = boxes.nth(k)
        box.scroll_into_view_if_needed()
        controls = [box.locator(".scaling-main-control").first,
                    box.locator(".scaling-kernel-only").first]
        for n, kind in enumerate(("main", "other")):
            if not controls[n].count():
                continue
            ms, problem = _time_move(page, box, controls[n],
                                     "main control" if n == 0 else "second control")
            if problem and n == 1:
                # once more: a click that lands while the widget is still updating from the
                # previous move can be lost (seen once on toggle buttons); a dead control
                # fails both times
                page.wait_for_timeout(500)
                ms, problem = _time_move(page, box, controls[n], "second control")
            attempts = [ms]
            while (n == 1 and not problem and attempts[-1] > MAX_LATENCY_MS
                   and len(attempts) < REDRAW_ATTEMPTS):
                page.evaluate(CLEAR_FRAME_CACHES)  # the next move must draw, not look up
                page.wait_for_timeout(500)
                again, why = _time_move(page, box, controls[n], "second control",
                                        attempt=len(attempts))
                if why:
                    break
                attempts.append(again)
            if problem:
                problems.append(f"explorer {k + 1}: {problem}")
            else:
                latencies[kind].append(min(attempts))
                if len(attempts) > 1:
                    latencies["retimed"].append(
                        f"explorer {k + 1}: " + ", ".join(f"{x:.0f}" for x in attempts) + " ms")
        if k == 0:
            page.screenshot(path=str(shot))
    return latencies, problems


def _check_saved(page, lab: Lab, name: str) -> list[str]:
    """Save as a learner does (Ctrl+S): the saved copy has every number the page showed."""
    path = lab.work / name
    if not path.exists():
        return [f"`make lab` made no learner's copy {path}: JupyterLab opened the course's own"
                f" file"]
    before = path.stat().st_mtime_ns
    page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")
    try:
        wait_until(lambda: path.stat().st_mtime_ns != before, f"{name} to be saved",
                   timeout=30, every=0.25)
    except TimeoutError:
        return [f"saving did not write the learner's copy {path}"]
    cells = [{"cell_type": c["cell_type"], "metadata": c.get("metadata", {}),
              "source": "".join(c["source"])} for c in json.loads(path.read_text())["cells"]]
    return [f"saved notebook: {p}" for p in _evals_missing(cells)]


def check_chapter(b, lab: Lab, path: Path) -> dict:
    name = path.name
    page = b.new_page(viewport={"width": 1400, "height": 1000})
    result = {"chapter": name, "problems": [],
              "latencies": {"main": [], "other": [], "retimed": []},
              "run_all": None}
    try:
        page.goto(f"{lab.base}/lab/workspaces/learner-{path.stem}/tree/{name}"
                  f"?reset&token={lab.token}")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                               " && window.jupyterapp.shell.currentWidget.sessionContext"
                               " && window.jupyterapp.shell.currentWidget.content.widgets.length",
                               timeout=120_000)
        wait_until(lambda: (s := lab.session(name)) and s["kernel"]["execution_state"] == "idle",
                   f"the kernel of {name} to start", timeout=120)
        t0 = time.perf_counter()
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        snap = _wait_idle(page, lab, name, f"Run All of {name} to finish", done=_code_ran)
        result["run_all"] = time.perf_counter() - t0
        # jupyterlab-myst asks the kernel for a Markdown cell's {eval} numbers after the cells
        # above it have run, and shows them once they arrive: give the last ones EVAL_GRACE
        # seconds, then check JupyterLab's model and the screen (numbers that never come show
        # as `prose.xxx` placeholders)
        try:
            wait_until(lambda: not _evals_missing(_snapshot(page)["cells"])
                       and not any(RAW_MARKUP.search(t)
                                   for t in page.evaluate(VISIBLE)["markdown"]),
                       "every {eval} number to be rendered", timeout=EVAL_GRACE, every=0.5)
        except TimeoutError:
            pass
        snap = _snapshot(page)
        problems = _check_model(snap)
        n_solutions = sum(bool(re.match(r"with ex\.[a-z]\d+\.solution\(\):", c["source"]))
                          for c in snap["cells"])
        n_markdown = sum(c["cell_type"] == "markdown" for c in snap["cells"])
        problems += _check_screen(page.evaluate(VISIBLE), n_solutions, n_markdown)
        problems += [f"over the page after Run All: {t!r}" for t in page.evaluate(OVERLAYS)]
        lat, more = _check_explorers(page, SHOTS / f"{path.stem}_explorer.png")
        result["latencies"] = lat
        problems += more
        if re.match(r"\d\d_", name):  # a numbered chapter has exercises; the toolkit page none
            problems += _check_wrong_answer(page, lab, name, snap,
                                            SHOTS / f"{path.stem}_exercise.png")
            problems += _check_solution_rerun(page, lab, name, snap,
                                              SHOTS / f"{path.stem}_solution.png")
        problems += [f"over the page at the end: {t!r}" for t in page.evaluate(OVERLAYS)]
        problems += _check_saved(page, lab, name)
        result["problems"] = problems
    except Exception as err:  # noqa: BLE001 - one broken chapter must not hide the others
        result["problems"].append(f"{type(err).__name__}: {str(err).splitlines()[0][:200]}")
        page.screenshot(path=str(SHOTS / f"{path.stem}_failure.png"))
    finally:
        page.close()
        lab.shutdown_kernels()
    return result


def _latency_text(values: list[float]) -> str:
    if not values:
        return "none timed"
    return (f"median {statistics.median(values):.0f} ms, slowest {max(values):.0f} ms "
            f"({len(values)} moves)")


def _digest(paths) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _git_status() -> str | None:
    """``git status`` of the course (None outside a git checkout)."""
    try:
        return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv: list[str]) -> int:
    why = playwright_missing()
    if why:
        print(f"check_lab: skipping the learner's pass: {why}.")
        return 0
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    before, status_before = _digest(paths), _git_status()
    t_start = time.perf_counter()
    lab = Lab()
    results = []
    try:
        with browser() as b:
            for path in paths:
                r = check_chapter(b, lab, path)
                results.append(r)
                lat_text = "; ".join(
                    f"{kind} {_latency_text(r['latencies'][kind])}" for kind in ("main", "other"))
                run = f"{r['run_all']:.1f} s" if r["run_all"] else "did not finish"
                status = "ok" if not r["problems"] else f"{len(r['problems'])} problems"
                print(f"{path.name:32} Run All {run:>9}; {lat_text}; {status}", flush=True)
    finally:
        lab.stop()
    failures = [f"{r['chapter']}: {p}" for r in results for p in r["problems"]]
    changed = [p.name for p, h in _digest(paths).items() if h != before[p]]
    failures += [f"{n}: the pass changed the course's notebook on disk" for n in changed]
    status_after = _git_status()
    if status_after != status_before:
        failures.append("a learner's session changed the course's files: git status went from "
                        f"{status_before!r} to {status_after!r}")
    for kind in ("main", "other"):
        print(f"explorer latency, release to new image, {kind} controls: "
              f"{_latency_text([x for r in results for x in r['latencies'][kind]])}")
    retimed = [f"{r['chapter']}: {x}" for r in results for x in r["latencies"]["retimed"]]
    if retimed:
        print("redraws over", MAX_LATENCY_MS, "ms, timed again:", "; ".join(retimed))
    # the goal of issue 20: the median of every move timed, main and other controls together,
    # and each move (a slow redraw: in each of its attempts) within MAX_LATENCY_MS
    moves = [x for r in results for kind in ("main", "other") for x in r["latencies"][kind]]
    if moves:
        print(f"explorer latency, release to new image, all moves: {_latency_text(moves)}")
    if moves and statistics.median(moves) > MEDIAN_LATENCY_MS:
        failures.append(f"median explorer latency {statistics.median(moves):.0f} ms > "
                        f"{MEDIAN_LATENCY_MS} ms")
    for kind, what in (("main", "main-control move (a frame switch)"),
                       ("other", f"redraw (in each of up to {REDRAW_ATTEMPTS} attempts)")):
        failures += [f"a {what} took {x:.0f} ms (> {MAX_LATENCY_MS} ms)"
                     for r in results for x in r["latencies"][kind] if x > MAX_LATENCY_MS]
    print(f"check_lab: {len(paths)} chapters in {time.perf_counter() - t_start:.0f} s, "
          f"screenshots in {SHOTS}")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
