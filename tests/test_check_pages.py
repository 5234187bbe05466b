"""tools/check_pages.py: the browser pass finds broken pages and reports browser errors."""

import base64
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import check_pages  # noqa: E402
from browser import playwright_missing  # noqa: E402

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


@pytest.mark.skipif(playwright_missing() is not None, reason=str(playwright_missing()))
def test_the_browser_pass_finds_broken_pages(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(check_pages, "SETTLE_TIMEOUT", 1.0)
    html = tmp_path / "html"
    (html / "book").mkdir(parents=True)
    (html / "book" / "dot.png").write_bytes(PNG)
    (html / "book" / "good.html").write_text(_page(
        '<p>fine</p><img src="dot.png"><div class="cell_output">42</div>'))
    (html / "book" / "bad.html").write_text(_page(
        '<p>raw \\(x\\) math</p><img src="missing.png">'
        '<div class="cell_output">Traceback (most recent call last):\nValueError: no</div>'
        '<a href="../_sources/book/bad.ipynb">download</a>'
        '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "m"}</script>',
        head='<script src="nowhere.js"></script><script>console.error("boom")</script>'))
    failures = check_pages.check(html)
    out = capsys.readouterr().out
    bad = [f for f in failures if f.startswith("book/bad.html: ")]
    assert len(bad) == len(failures), failures
    text = "\n".join(bad)
    for expected in ("download link ../_sources/book/bad.ipynb points at no file",
                     "raw \\( math is visible", "images did not load: ['missing.png']",
                     "1 saved widgets did not render",
                     "waited 1 s for every saved widget to render", "error text in outputs"):
        assert expected in text
    assert "book/good.html: 0 formulas, 1 images, 0 widget views; ok" in out
    # browser errors are printed, not failures (yet)
    console = re.search(r"\n  console: (\d+) errors", out)   # "boom" and the 404, maybe more
    assert console and int(console.group(1)) >= 2, out
    requests = re.search(r"\n  requests: (\d+) failed \(first: (\S+) \(404\)", out)
    assert requests and int(requests.group(1)) >= 2, out   # nowhere.js and missing.png
    assert requests.group(2) in ("/book/nowhere.js", "/book/missing.png", "/favicon.ico")
    shots = sorted(p.name for p in (tmp_path / "screenshots").iterdir())
    assert shots == ["book__bad.png", "book__good.png"]
