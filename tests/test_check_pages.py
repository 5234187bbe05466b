"""tools/check_pages.py: the browser pass finds broken pages, browser errors, code and
equations wider than the page, empty boxes left by widgets and raw BibTeX keys."""

import base64
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import check_pages  # noqa: E402
from browser import playwright_missing  # noqa: E402

TOOLS = Path(__file__).resolve().parent.parent / "tools"
BIB = """% a comment
@misc{smith2020scaling,
  title = {Scaling},
}
@string{ acl = "ACL" }
@Article{ doe-2021:deep , title = {Deep} }
"""
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAF"
                       "BQIAX8jx0gAAAABJRU5ErkJggg==")


def _page(body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>t</title>{head}</head>"
            f"<body><main>{body}</main></body></html>")


def test_measures_map_to_the_same_problems_as_before():
    res = {"math_nodes": 3, "typeset": 0, "raw_math": True, "broken_images": ["a.png"],
           "widget_scripts": 2, "widget_views": 0, "error_outputs": ["Traceback ..."]}
    assert check_pages._problems(res) == [
        "math is not typeset", "raw \\( math is visible", "images did not load: ['a.png']",
        "2 saved widgets did not render", "error text in outputs: ['Traceback ...']"]
    fine = {**res, "typeset": 3, "raw_math": False, "broken_images": [], "widget_views": 5,
            "error_outputs": []}
    assert check_pages._problems(fine) == []


def test_layout_measures_map_to_problems_that_say_what_and_where():
    res = {"math_nodes": 0, "typeset": 0, "raw_math": False, "broken_images": [],
           "widget_scripts": 0, "widget_views": 0, "error_outputs": [],
           "overflow": [{"kind": "code", "text": "x = f(a, b)", "by": 40, "where": "Intro"},
                        *[{"kind": "equation", "text": "E = mc^2", "by": 9, "where": "Laws"}] * 3],
           "empty_boxes": [{"height": 32, "cell": "train(w)", "where": "A live run"}],
           "bib_keys": ["smith2020scaling ('...the smith2020scaling table...')"]}
    assert check_pages._problems(res) == [
        "4 code blocks or equations wider than the page at 1280 px: code 'x = f(a, b)' by 40 px "
        "(section 'Intro'); equation 'E = mc^2' by 9 px (section 'Laws'); equation 'E = mc^2' "
        "by 9 px (section 'Laws'); and 1 more",
        "1 empty output box taller than 30 px: 32 px under the cell 'train(w)' "
        "(section 'A live run')",
        "1 raw BibTeX key in the text: smith2020scaling ('...the smith2020scaling table...')"]
    assert check_pages._problems({**res, "overflow": [], "empty_boxes": [], "bib_keys": []}) == []


def test_bibtex_keys_are_read_and_found_as_words(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB)
    keys = check_pages.bib_keys(bib)
    assert keys == ["smith2020scaling", "doe-2021:deep"]
    assert check_pages.bib_keys(tmp_path / "none.bib") == []
    found = check_pages.keys_in_text("Model | Source\nGPT | smith2020scaling\nsee doe-2021:deep.",
                                     keys)
    assert [f.split()[0] for f in found] == ["smith2020scaling", "doe-2021:deep"]
    assert "GPT | smith2020scaling see" in found[0]
    # not a word of its own: part of a longer key, a file name or an identifier
    for text in ("smith2020scaling2", "xsmith2020scaling", "smith2020scaling-v2",
                 "Smith (2020)", "doe-2021:deeper"):
        assert check_pages.keys_in_text(text, keys) == [], text


def test_browser_errors_are_failures_counted_by_message():
    noise = check_pages.Noise(
        console=[("boom", "http://h/book/a.html"),
                 ("Failed to load resource: 404", "http://h/gone.js")],   # said by requests
        uncaught=["TypeError: Queue", "TypeError: Queue", "SyntaxError: THEBE_JS_URL"],
        requests={"http://h/gone.js": "/gone.js (404)"})
    assert noise.problems() == [
        "1 console error: boom",
        "3 uncaught exceptions: 2 x TypeError: Queue; SyntaxError: THEBE_JS_URL",
        "1 failed request: /gone.js (404)"]
    assert check_pages.Noise().problems() == []
    # the browser asks for /favicon.ico by itself: its 404 is not the page's
    assert check_pages._ignored("http://127.0.0.1:8000/favicon.ico")
    assert not check_pages._ignored("http://127.0.0.1:8000/book/favicon.ico.png")


def test_a_download_link_to_no_file_is_flagged(tmp_path):
    (tmp_path / "_sources").mkdir()
    (tmp_path / "_sources" / "a.ipynb").write_text("{}")
    page = tmp_path / "a.html"
    page.write_text('<a href="_sources/a.ipynb">ok</a><a href="_sources/gone.ipynb">x</a>')
    assert check_pages._missing_downloads(page) == [
        "download link _sources/gone.ipynb points at no file"]


def test_without_a_browser_the_pass_skips(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(check_pages, "playwright_missing", lambda: "Chromium is not installed")
    assert check_pages.check(tmp_path) == []
    assert "skipping the browser pass" in capsys.readouterr().out


# A saved widget view that its layout hides, as a finished progress bar's: a box 40 px tall.
HIDDEN_BAR = ('<div class="widget-subarea"><div class="jupyter-widgets" '
              'style="visibility: hidden; height: 40px">width 24: 100%</div></div>')


@pytest.mark.skipif(playwright_missing() is not None, reason=str(playwright_missing()))
def _explorer_frames(folder: Path) -> list[tuple[str, str, str]]:
    """Three one-colour PNG frames: ``(label, file name, first 16 hex digits of SHA-256)``."""
    import hashlib
    import io

    from PIL import Image

    out = []
    for label, colour in (("a", "red"), ("b", "green"), ("c", "blue")):
        buf = io.BytesIO()
        Image.new("RGB", (40, 20), colour).save(buf, format="png")
        (folder / f"frame_{label}.png").write_bytes(buf.getvalue())
        out.append((label, f"frame_{label}.png", hashlib.sha256(buf.getvalue()).hexdigest()[:16]))
    return out


def _explorer(frames, *, live: bool) -> str:
    """An explorer as the book renders one: a main control, a note, one frame visible."""
    import json

    options = "".join(f"<option>{label}</option>" for label, _, _ in frames)
    images = "".join(f'<img src="{name}" style="display:{"block" if i == 0 else "none"}">'
                     for i, (_, name, _) in enumerate(frames))
    data = json.dumps([[label, sha] for label, _, sha in frames]).replace('"', "&quot;")
    switch = ("<script>document.querySelector('select').onchange = e => "
              "document.querySelectorAll('.frames img').forEach((img, i) => "
              "img.style.display = i === e.target.selectedIndex ? 'block' : 'none');</script>"
              if live else "")
    return (f'<div class="scaling-explorer"><div class="scaling-main-control"><select>'
            f"{options}</select></div>"
            f'<div class="scaling-static-note" data-explorer="fake" data-frames="{data}">'
            f"only the main control</div><div class=\"frames\">{images}</div></div>{switch}")


def test_the_browser_pass_finds_broken_pages(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(check_pages, "SETTLE_TIMEOUT", 1.0)
    html = tmp_path / "html"
    (html / "book").mkdir(parents=True)
    (html / "_static").mkdir()
    shutil.copy(TOOLS / "static" / "widgets.css", html / "_static" / "widgets.css")
    (html / "book" / "dot.png").write_bytes(PNG)
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB)
    # Each check passes on this page, which holds what each must let through: short code and
    # equations, a widget that shows without text, a finished bar collapsed by the book's
    # widgets.css, and citation keys in code only.
    (html / "book" / "good.html").write_text(_page(
        '<p>fine, see Smith (2020)</p><img src="dot.png"><div class="cell_output">42</div>'
        '<pre>x = 1</pre><div class="highlight"><pre>y = 2</pre></div>'
        '<mjx-container display="true" style="display: block">E = mc^2</mjx-container>'
        '<div class="cell_output"><div class="widget-subarea"><div class="jupyter-widgets" '
        'style="height: 40px; width: 100px; background: teal"></div></div></div>'
        f'<div class="cell_output">{HIDDEN_BAR}</div>'
        '<pre>cite("smith2020scaling")</pre><p>the key <code>smith2020scaling</code></p>',
        head='<link rel="stylesheet" href="../_static/widgets.css">'))
    # the checks that predate the layout ones
    (html / "book" / "bad.html").write_text(_page(
        '<p>raw \\(x\\) math</p><img src="missing.png">'
        '<div class="cell_output">Traceback (most recent call last):\nValueError: no</div>'
        '<a href="../_sources/book/bad.ipynb">download</a>'
        '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "m"}</script>'))
    # one page per new check, each failing that check only
    (html / "book" / "bad_browser.html").write_text(_page(
        "<p>noisy</p>",
        head='<script src="nowhere.js"></script><script>console.error("boom")</script>'
             '<script>throw new Error("kaput")</script>'))
    (html / "book" / "bad_overflow.html").write_text(_page(
        f'<div class="cell_input"><pre>{"x" * 400}</pre></div>'
        '<mjx-container display="true" style="display: block">'
        '<span style="display: inline-block; width: 3000px">a very wide equation</span>'
        "</mjx-container>"))
    (html / "book" / "bad_empty.html").write_text(_page(
        '<div class="cell"><div class="cell_input"><pre>\ntrain(24)</pre></div>'
        f'<div class="cell_output"><pre>run 1</pre>{HIDDEN_BAR}</div></div>'))
    (html / "book" / "bad_bib.html").write_text(_page(
        "<table><tr><td>Chinchilla</td><td>smith2020scaling</td></tr></table>"))
    # explorers: choosing an option shows that option's frame (live) or does nothing (dead)
    frames = _explorer_frames(html / "book")
    (html / "book" / "good_explorer.html").write_text(_page(_explorer(frames, live=True)))
    (html / "book" / "bad_explorer.html").write_text(_page(_explorer(frames, live=False)))

    failures = check_pages.check(html, bib=bib)
    out = capsys.readouterr().out
    by_page = {}
    for f in failures:
        page, problem = f.split(": ", 1)
        by_page.setdefault(page, []).append(problem)
    assert "book/good.html: 1 formulas, 1 images, 2 widget views, 0 explorers live; ok" in out
    assert "book/good.html" not in by_page
    assert "book/good_explorer.html" not in by_page, by_page.get("book/good_explorer.html")
    dead = by_page["book/bad_explorer.html"]
    assert len(dead) == 2 and all("(fake): at " in d and "is not the kernel's frame" in d
                                  for d in dead), dead

    text = "\n".join(by_page["book/bad.html"])
    for expected in ("download link ../_sources/book/bad.ipynb points at no file",
                     "raw \\( math is visible", "images did not load: ['missing.png']",
                     "1 saved widgets did not render",
                     "waited 1 s for every saved widget to render", "error text in outputs",
                     "failed request: /book/missing.png (404)"):
        assert expected in text, text

    browser = by_page["book/bad_browser.html"]
    assert browser == ["1 console error: boom", "1 uncaught exception: Error: kaput",
                       "1 failed request: /book/nowhere.js (404)"], browser

    [overflow] = by_page["book/bad_overflow.html"]
    assert overflow.startswith("2 code blocks or equations wider than the page at 1280 px: "
                               "code 'xxxx"), overflow
    assert "equation 'a very wide equation' by " in overflow, overflow

    assert by_page["book/bad_empty.html"] == [
        "1 empty output box taller than 30 px: 40 px under the cell 'train(24)'"]

    [bib_problem] = by_page["book/bad_bib.html"]
    assert bib_problem.startswith("1 raw BibTeX key in the text: smith2020scaling ('..."), \
        bib_problem

    # one line per page, then one per failure
    lines = out.splitlines()
    assert sum(line.startswith("book/") for line in lines) == 8, out
    assert "check_pages: 8 pages in" in out and "6 failing" in out, out
    shots = sorted(p.name for p in (tmp_path / "screenshots").glob("*.png"))
    assert shots == ["book__bad.png", "book__bad_bib.png", "book__bad_browser.png",
                     "book__bad_empty.png", "book__bad_explorer.png", "book__bad_overflow.png",
                     "book__good.png", "book__good_explorer.png"]
    assert len(list((tmp_path / "screenshots" / "explorers").glob("book__good_explorer_*")))
