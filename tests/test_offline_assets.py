"""tools/offline_assets.py and tools/static/: the assets that keep the built pages error-free."""

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

import pytest
from sphinx.builders.html._assets import _JavaScript

TOOLS = Path(__file__).resolve().parent.parent / "tools"
sys.path.insert(0, str(TOOLS))
import offline_assets  # noqa: E402
from browser import browser, playwright_missing  # noqa: E402


def test_the_glue_goes_just_before_the_widget_manager():
    vendored = {"widgets/require.min.js": {}, "widgets/embed-amd.js": {"data-x": ""}}
    glued = offline_assets._with_glue(vendored)
    assert list(glued) == ["widgets/require.min.js", "widgets-glue.js", "widgets/embed-amd.js"]
    assert glued["widgets-glue.js"] == {"data-html-manager-dist": "widgets/"}
    assert glued["widgets/embed-amd.js"] == {"data-x": ""}
    cdn = "https://cdn.example/npm/@jupyter-widgets/html-manager@1.0.6/dist/embed-amd.js"
    glued = offline_assets._with_glue({"https://cdn.example/require.js": {}, cdn: {}})
    assert glued["widgets-glue.js"] == {
        "data-html-manager-dist": "https://cdn.example/npm/@jupyter-widgets/html-manager@1.0.6/dist/"}


def test_an_inline_script_is_written_once():
    # Sphinx 7.4 lists an inline script added after the builder started as both None and ""
    body = {"body": 'const THEBE_JS_URL = "x"'}
    scripts = [_JavaScript("doctools.js"), _JavaScript("", **body), _JavaScript("a.js"),
               _JavaScript(None, **body), _JavaScript("", body="let other = 1")]
    context = {"script_files": scripts}
    offline_assets._dedupe_inline_scripts(None, "page", "page.html", context, None)
    assert context["script_files"] is scripts
    assert [(js.filename, js.attributes.get("body")) for js in scripts] == [
        ("doctools.js", None), ("", 'const THEBE_JS_URL = "x"'), ("a.js", None),
        ("", "let other = 1")]


# A page as the book's: require.js (here a stand-in that records its configuration), the
# glue, MathJax 3 loaded with defer (a stand-in object that records what it typesets).
GLUE_PAGE = """<!doctype html><html><head><title>t</title>
<script>window.requirejs = {config: c => { window.configured = c; }};</script>
<script src="../_static/widgets-glue.js" data-html-manager-dist="widgets/"></script>
<script defer src="mathjax.js"></script>
</head><body><label id="l">budget \\(C\\)</label></body></html>"""
FAKE_MATHJAX = """window.typeset = [];
window.MathJax = {
  startup: {promise: Promise.resolve()},
  typesetPromise: els => { window.typeset.push(els[0].id); return Promise.resolve(); },
};
"""


@pytest.mark.skipif(playwright_missing() is not None, reason=str(playwright_missing()))
def test_the_glue_points_require_at_the_fonts_and_gives_mathjax_3_a_queue(tmp_path):
    (tmp_path / "_static").mkdir()
    shutil.copy(TOOLS / "static" / "widgets-glue.js", tmp_path / "_static")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.html").write_text(GLUE_PAGE)
    (tmp_path / "book" / "mathjax.js").write_text(FAKE_MATHJAX)
    (tmp_path / "book" / "plain.html").write_text(
        GLUE_PAGE.replace('<script defer src="mathjax.js"></script>', ""))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    errors = []
    try:
        with browser() as b:
            page = b.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/book/page.html", wait_until="load")
            assert page.evaluate("window.configured") == {
                "paths": {"@jupyter-widgets/html-manager/dist": f"{base}/_static/widgets",
                          "@jupyter-widgets/html-manager":
                              f"{base}/_static/widgets/html-manager"}}
            # what @jupyter-widgets/controls does to typeset a label
            page.evaluate('MathJax.Hub.Queue(["Typeset", MathJax.Hub, '
                          'document.getElementById("l")])')
            page.wait_for_function("window.typeset.length > 0", timeout=5000)
            assert page.evaluate("window.typeset") == ["l"]
            # without MathJax the widgets typeset nothing: no Hub to call
            page.goto(f"{base}/book/plain.html", wait_until="load")
            assert page.evaluate("window.MathJax === undefined")
    finally:
        server.shutdown()
    assert errors == []


# A page with saved widgets (a button with an icon and a checkbox use Font Awesome), served
# with the real vendored manager (tools/vendor_js.sh) and the fonts only where vendored.
STATE_PAGE = """<!doctype html><html><head><title>w</title>
<script src="../_static/widgets/require.min.js"></script>
<script src="../_static/widgets-glue.js" data-html-manager-dist="widgets/"></script>
<script src="../_static/widgets/embed-amd.js" data-jupyter-widgets-cdn=""
        data-jupyter-widgets-cdn-only="false"></script></head><body>
<script type="application/vnd.jupyter.widget-state+json">
{"version_major": 2, "version_minor": 0, "state": {
 "b": {"model_name": "ButtonModel", "model_module": "@jupyter-widgets/controls",
       "model_module_version": "2.0.0", "state": {"description": "ok", "icon": "check",
       "layout": "IPY_MODEL_l", "style": "IPY_MODEL_s"}},
 "l": {"model_name": "LayoutModel", "model_module": "@jupyter-widgets/base",
       "model_module_version": "2.0.0", "state": {}},
 "s": {"model_name": "ButtonStyleModel", "model_module": "@jupyter-widgets/controls",
       "model_module_version": "2.0.0", "state": {}}}}
</script>
<script type="application/vnd.jupyter.widget-view+json">
{"version_major": 2, "version_minor": 0, "model_id": "b"}</script>
</body></html>"""
FONT_FACES = """() => [...document.styleSheets].flatMap(s => {
  try { return [...s.cssRules]; } catch (e) { return []; } })
  .filter(r => r.cssText.startsWith("@font-face"))
  .flatMap(r => [...r.cssText.matchAll(/url\\("?([^")]+)/g)].map(m => m[1]))"""


@pytest.mark.skipif(playwright_missing() is not None, reason=str(playwright_missing()))
@pytest.mark.skipif(not (offline_assets.VENDOR / "widgets" / "embed-amd.js").is_file(),
                    reason="the widget manager is not vendored (tools/vendor_js.sh needs npm)")
def test_every_font_face_of_the_real_manager_points_at_the_vendored_fonts(tmp_path):
    # Issue 32: two modules of embed-amd.js carry @font-face rules; the glue must place both,
    # so the fonts need no copies beside the pages.
    shutil.copytree(offline_assets.VENDOR / "widgets", tmp_path / "_static" / "widgets")
    shutil.copy(TOOLS / "static" / "widgets-glue.js", tmp_path / "_static")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.html").write_text(STATE_PAGE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failed, errors = [], []
    try:
        with browser() as b:
            page = b.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
            page.goto(f"{base}/book/page.html", wait_until="load")
            page.wait_for_selector(".widget-button", timeout=30000)
            page.wait_for_load_state("networkidle")
            faces = page.evaluate(FONT_FACES)
    finally:
        server.shutdown()
    assert faces, "no @font-face rule found: did the manager render?"
    assert all(u.startswith(f"{base}/_static/widgets/") for u in faces), faces
    assert failed == [] and errors == []
